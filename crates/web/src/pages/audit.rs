//! The audit log page (ประวัติการแก้ไข): the agency's latest changes, for its
//! administrator only, so that every change to the agency's records can be traced
//! to a person and a time.
//!
//! The store writes a row with the whole record before and after each change; this
//! page turns it into something an officer can read: Thai date and time in
//! Thailand, the person's name, what was changed, and only the fields that differ.
//! Password hashes and file contents are never shown, even though the rows hold them.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use chrono::{DateTime, Utc};
use minijinja::context;
use prongsai_core::model::{AgencyKind, AuditEntry, ResultSource, Role, UserId};
use prongsai_core::thai::calendar::format_date_long;
use prongsai_core::thai::digits::digits_for;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Admin;
use crate::error::AppResult;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

/// How many of the latest rows the page shows.
const LIMIT: u32 = 200;
/// How many changed fields one row lists before "and N more".
const MAX_CHANGES: usize = 20;
/// Longer values are cut, so one pasted document does not fill the page.
const MAX_VALUE_CHARS: usize = 120;
/// What is shown instead of a secret or binary value.
const HIDDEN: &str = "(ไม่แสดง)";

/// One changed field. A side is `None` when the field did not exist there (a
/// created or deleted record).
#[derive(Debug, PartialEq, Eq, Serialize)]
struct Change {
    field: String,
    before: Option<String>,
    after: Option<String>,
}

/// One audit row as the page shows it.
#[derive(Debug, Serialize)]
struct AuditRow {
    when: String,
    who: String,
    entity: String,
    subject: String,
    action: &'static str,
    changes: Vec<Change>,
    /// Changed fields not listed because of [`MAX_CHANGES`].
    more: usize,
}

/// The Thai name of what an audit row is about.
fn entity_label(entity: &str) -> &str {
    match entity {
        "agency" => "ข้อมูลหน่วยงาน",
        "department" => "ส่วนราชการ",
        "official" => "บุคลากร",
        "user" => "ผู้ใช้งาน",
        "ita_result" => "ผลการประเมิน ITA",
        "framework" => "กรอบการประเมิน",
        other => other,
    }
}

/// "22 พฤศจิกายน 2569 เวลา 14:05 น." in Thailand time (UTC+7).
fn format_time(at: DateTime<Utc>, thai_digits: bool) -> String {
    let local = prongsai_core::thai::calendar::in_thailand(at);
    let time = digits_for(&local.format("%H:%M").to_string(), thai_digits);
    format!(
        "{} เวลา {time} น.",
        format_date_long(local.date_naive(), thai_digits)
    )
}

/// The Thai label of a field of a record, or its path when it has none.
fn field_label(path: &str) -> &str {
    match path {
        "code" => "รหัสหน่วยงาน",
        "kind" => "ประเภทหน่วยงาน",
        "name" => "ชื่อ",
        "district" => "อำเภอ",
        "province" => "จังหวัด",
        "website" => "เว็บไซต์",
        "thai_digits" => "ใช้เลขไทย",
        "logo" | "logo.bytes" => "โลโก้",
        "logo.content_type" => "ชนิดไฟล์โลโก้",
        "logo.size" => "ขนาดไฟล์โลโก้ (ไบต์)",
        "sort_order" => "ลำดับการแสดง",
        "title" => "คำนำหน้า",
        "first_name" => "ชื่อตัว",
        "last_name" => "นามสกุล",
        "position" => "ตำแหน่ง",
        "department_id" => "ส่วนราชการ",
        "username" => "ชื่อผู้ใช้",
        "display_name" => "ชื่อที่แสดง",
        "role" => "บทบาท",
        "supervised_province" => "จังหวัดที่กำกับดูแล",
        "password_hash" => "รหัสผ่าน",
        "active" => "เปิดใช้งาน",
        "fiscal_year" => "ปีงบประมาณ",
        "source" => "ประเภทผล",
        "published_total" => "คะแนนรวมที่ประกาศ",
        "published_rating" => "ระดับผลที่ประกาศ",
        "note" => "หมายเหตุ",
        other => other,
    }
}

/// The leaves of a record by dotted path (`logo.content_type`, `input.iit.0`),
/// without the ids every row of the record shares.
fn flatten<'a>(prefix: &str, value: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                if prefix.is_empty() && matches!(key.as_str(), "id" | "agency_id") {
                    continue;
                }
                flatten(&join(key), child, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, child) in items.iter().enumerate() {
                flatten(&join(&i.to_string()), child, out);
            }
        }
        _ => out.push((prefix.to_owned(), value)),
    }
}

/// A value as the page shows it: codes as their Thai names, department ids as
/// department names, secrets and file contents hidden, long text cut.
fn shown_value(path: &str, value: &Value, departments: &HashMap<String, String>) -> String {
    let key = path.rsplit('.').next().unwrap_or(path);
    if value.is_null() {
        return "—".to_owned();
    }
    if matches!(key, "password_hash" | "bytes") {
        return HIDDEN.to_owned();
    }
    let text = match value {
        Value::Bool(true) => return "ใช่".to_owned(),
        Value::Bool(false) => return "ไม่ใช่".to_owned(),
        Value::String(s) if s.is_empty() => return "—".to_owned(),
        Value::String(s) => s.as_str(),
        Value::Null | Value::Array(_) | Value::Object(_) => return "—".to_owned(),
        Value::Number(n) => return n.to_string(),
    };
    let label = match key {
        "role" => Role::from_code(text).map(Role::label_th),
        "kind" => AgencyKind::from_code(text).map(AgencyKind::label_th),
        "source" => ResultSource::from_code(text).map(ResultSource::label_th),
        _ if key.ends_with("department_id") => departments.get(text).map(String::as_str),
        _ => None,
    };
    let text = label.unwrap_or(text);
    if text.chars().count() > MAX_VALUE_CHARS {
        let cut: String = text.chars().take(MAX_VALUE_CHARS).collect();
        format!("{cut}…")
    } else {
        text.to_owned()
    }
}

/// The leaf at `path`, or else at its nearest ancestor: a field that was `null` or
/// empty on one side and has inner fields on the other (a logo added or removed).
fn leaf_or_ancestor<'v>(path: &str, leaves: &HashMap<&str, &'v Value>) -> Option<&'v Value> {
    let mut at = path;
    loop {
        if let Some(value) = leaves.get(at) {
            return Some(value);
        }
        at = &at[..at.rfind('.')?];
    }
}

/// Whether a value says nothing: no value, empty text or an empty list. A created
/// or deleted record's blank fields are not listed as changes.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Whether `leaves` has fields inside `path`.
fn has_inner(path: &str, leaves: &HashMap<&str, &Value>) -> bool {
    leaves.keys().any(|k| {
        k.strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// The fields that differ between the record before and after, in the record's
/// own field order.
fn diff(
    before: Option<&Value>,
    after: Option<&Value>,
    departments: &HashMap<String, String>,
) -> Vec<Change> {
    let mut old = Vec::new();
    let mut new = Vec::new();
    if let Some(value) = before {
        flatten("", value, &mut old);
    }
    if let Some(value) = after {
        flatten("", value, &mut new);
    }
    let old_leaves: HashMap<&str, &Value> = old.iter().map(|(p, v)| (p.as_str(), *v)).collect();
    let new_leaves: HashMap<&str, &Value> = new.iter().map(|(p, v)| (p.as_str(), *v)).collect();
    let change = |path: &str, before: Option<&Value>, after: Option<&Value>| Change {
        field: field_label(path).to_owned(),
        before: before.map(|v| shown_value(path, v, departments)),
        after: after.map(|v| shown_value(path, v, departments)),
    };
    let mut changes = Vec::new();
    for (path, value) in &new {
        if has_inner(path, &old_leaves) {
            continue;
        }
        let previous = leaf_or_ancestor(path, &old_leaves);
        if previous.is_none() && is_blank(value) {
            continue;
        }
        if previous != Some(*value) {
            changes.push(change(path, previous, Some(value)));
        }
    }
    for (path, value) in &old {
        if new_leaves.contains_key(path.as_str()) || has_inner(path, &new_leaves) {
            continue;
        }
        let next = leaf_or_ancestor(path, &new_leaves);
        if next.is_none() && is_blank(value) {
            continue;
        }
        changes.push(change(path, Some(value), next));
    }
    changes
}

/// A short name of the changed record ("นายสมชาย ใจดี", "ปีงบประมาณ 2568 …"),
/// read from the record after the change (or before it, for a deletion); the
/// entity id when the record does not say. Only the year written here follows
/// the agency's digits; names stay as they were typed.
fn subject(entry: &AuditEntry, thai_digits: bool) -> String {
    let Some(record) = entry.after.as_ref().or(entry.before.as_ref()) else {
        return entry.entity_id.clone();
    };
    let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or_default();
    let year = || {
        record
            .get("fiscal_year")
            .and_then(Value::as_i64)
            .map(|y| digits_for(&y.to_string(), thai_digits))
    };
    let name = match entry.entity.as_str() {
        "official" => format!(
            "{}{} {}",
            text("title"),
            text("first_name"),
            text("last_name")
        ),
        "user" if !text("username").is_empty() => {
            format!("{} ({})", text("display_name"), text("username"))
        }
        "agency" | "department" => text("name").to_owned(),
        "ita_result" => year().map_or_else(String::new, |y| {
            let source = ResultSource::from_code(text("source")).map_or("", ResultSource::label_th);
            format!("ปีงบประมาณ {y} {source}")
        }),
        "framework" => year().map_or_else(String::new, |y| format!("ปีงบประมาณ {y}")),
        _ => String::new(),
    };
    let name = name.trim();
    if name.is_empty() {
        entry.entity_id.clone()
    } else {
        name.to_owned()
    }
}

/// Who made a change: the user's name, or the command line.
fn who(user_id: Option<UserId>, names: &HashMap<UserId, String>) -> String {
    match user_id {
        None => "ระบบ (คำสั่ง CLI)".to_owned(),
        Some(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "ผู้ใช้นอกหน่วยงาน".to_owned()),
    }
}

async fn list(State(state): State<AppState>, Admin(user): Admin) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let entries = state.app.store.list_audit(agency.id, LIMIT).await?;
    let names: HashMap<UserId, String> = state
        .app
        .store
        .list_users(agency.id)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let departments: HashMap<String, String> = state
        .app
        .store
        .list_departments(agency.id)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    let rows: Vec<AuditRow> = entries
        .iter()
        .map(|e| {
            let mut changes = diff(e.before.as_ref(), e.after.as_ref(), &departments);
            let more = changes.len().saturating_sub(MAX_CHANGES);
            changes.truncate(MAX_CHANGES);
            AuditRow {
                when: format_time(e.at, agency.thai_digits),
                who: who(e.user_id, &names),
                entity: entity_label(&e.entity).to_owned(),
                subject: subject(e, agency.thai_digits),
                action: e.action.label_th(),
                changes,
                more,
            }
        })
        .collect();
    let page = PageContext::new(&user, "ประวัติการแก้ไข", "audit");
    state.templates.render(
        "audit.html",
        context! { page => page, rows => rows, limit => LIMIT },
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use prongsai_core::model::{AuditAction, AuditId};
    use serde_json::json;

    use super::*;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> Change {
        Change {
            field: field.to_owned(),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn only_changed_fields_are_listed() {
        let before = json!({"agency_id": "a", "id": "x", "name": "กองคลัง", "sort_order": 1});
        let after = json!({"agency_id": "a", "id": "x", "name": "กองคลัง", "sort_order": 2});
        assert_eq!(
            diff(Some(&before), Some(&after), &HashMap::new()),
            vec![change("ลำดับการแสดง", Some("1"), Some("2"))]
        );
    }

    #[test]
    fn created_and_deleted_records_show_one_side() {
        let record = json!({"id": "x", "name": "กองช่าง", "sort_order": 0, "note": "", "x": null});
        assert_eq!(
            diff(None, Some(&record), &HashMap::new()),
            vec![
                change("ชื่อ", None, Some("กองช่าง")),
                change("ลำดับการแสดง", None, Some("0")),
            ]
        );
        assert_eq!(
            diff(Some(&record), None, &HashMap::new()),
            vec![
                change("ชื่อ", Some("กองช่าง"), None),
                change("ลำดับการแสดง", Some("0"), None),
            ]
        );
    }

    #[test]
    fn secrets_and_files_are_hidden_but_their_change_is_shown() {
        let before = json!({"password_hash": "$argon2id$old", "logo": null, "active": true});
        let after = json!({
            "password_hash": "$argon2id$new",
            "logo": {"content_type": "image/png", "bytes": "iVBORw0KGgo="},
            "active": false,
        });
        let changes = diff(Some(&before), Some(&after), &HashMap::new());
        assert_eq!(
            changes,
            vec![
                change("รหัสผ่าน", Some(HIDDEN), Some(HIDDEN)),
                change("ชนิดไฟล์โลโก้", Some("—"), Some("image/png")),
                change("โลโก้", Some("—"), Some(HIDDEN)),
                change("เปิดใช้งาน", Some("ใช่"), Some("ไม่ใช่")),
            ]
        );
        let removed = diff(Some(&after), Some(&before), &HashMap::new());
        assert_eq!(
            removed[2],
            change("ชนิดไฟล์โลโก้", Some("image/png"), Some("—"))
        );
        assert_eq!(removed[3], change("โลโก้", Some(HIDDEN), Some("—")));
        let text = format!("{changes:?}");
        assert!(!text.contains("argon2"));
        assert!(!text.contains("iVBOR"));
    }

    #[test]
    fn codes_and_department_ids_read_in_thai() {
        let departments = HashMap::from([("d1".to_owned(), "กองคลัง".to_owned())]);
        let before = json!({"role": "staff", "department_id": null});
        let after = json!({"role": "department_head", "department_id": "d1"});
        assert_eq!(
            diff(Some(&before), Some(&after), &departments),
            vec![
                change("บทบาท", Some("เจ้าหน้าที่"), Some("หัวหน้าส่วนราชการ")),
                change("ส่วนราชการ", Some("—"), Some("กองคลัง")),
            ]
        );
    }

    #[test]
    fn nested_values_are_compared_leaf_by_leaf_and_cut() {
        let long = "ก".repeat(MAX_VALUE_CHARS + 5);
        let before = json!({"input": {"iit": [80, 90]}, "note": ""});
        let after = json!({"input": {"iit": [80, 95]}, "note": long});
        let changes = diff(Some(&before), Some(&after), &HashMap::new());
        assert_eq!(changes[0], change("input.iit.1", Some("90"), Some("95")));
        let cut = changes[1].after.as_deref().unwrap_or_default();
        assert!(cut.ends_with('…'));
        assert_eq!(cut.chars().count(), MAX_VALUE_CHARS + 1);
    }

    #[test]
    fn times_are_thai_dates_in_thailand() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 17, 5, 0).unwrap();
        assert_eq!(format_time(at, false), "22 พฤศจิกายน 2569 เวลา 00:05 น.");
        assert_eq!(format_time(at, true), "๒๒ พฤศจิกายน ๒๕๖๙ เวลา ๐๐:๐๕ น.");
    }

    #[test]
    fn rows_name_their_record_and_author() {
        let entry = AuditEntry {
            agency_id: None,
            id: AuditId::new(),
            at: Utc::now(),
            user_id: None,
            entity: "official".to_owned(),
            entity_id: "0190".to_owned(),
            action: AuditAction::Delete,
            before: Some(json!({"title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี"})),
            after: None,
        };
        assert_eq!(subject(&entry, true), "นายสมชาย ใจดี");
        let entry = AuditEntry {
            entity: "something_new".to_owned(),
            ..entry
        };
        assert_eq!(subject(&entry, true), "0190");
        let entry = AuditEntry {
            entity: "framework".to_owned(),
            after: Some(json!({"fiscal_year": 2568})),
            ..entry
        };
        assert_eq!(subject(&entry, true), "ปีงบประมาณ ๒๕๖๘");
        assert_eq!(subject(&entry, false), "ปีงบประมาณ 2568");
        assert_eq!(entity_label("user"), "ผู้ใช้งาน");
        assert_eq!(entity_label("something_new"), "something_new");

        let id = UserId::new();
        let names = HashMap::from([(id, "สมหญิง".to_owned())]);
        assert_eq!(who(None, &names), "ระบบ (คำสั่ง CLI)");
        assert_eq!(who(Some(id), &names), "สมหญิง");
        assert_eq!(who(Some(UserId::new()), &names), "ผู้ใช้นอกหน่วยงาน");
    }
}

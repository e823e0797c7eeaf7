//! The fields that differ between a record before and after a change, each
//! read as an officer reads it: the field's Thai name, codes as their Thai
//! names, ids of the agency's departments and users as their names, times and
//! dates in Thai (Buddhist era, Thailand time), secrets and file contents
//! hidden, long text cut.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::thai::calendar::{format_date_long, in_thailand};
use prongsai_core::thai::digits::digits_for;
use serde::Serialize;
use serde_json::Value;

use super::labels::{code_label, field_label};

/// How many characters of a value are shown; longer values are cut, so one
/// pasted document does not fill the page.
const MAX_VALUE_CHARS: usize = 120;
/// What is shown instead of a secret or binary value.
pub(super) const HIDDEN: &str = "(ไม่แสดง)";
/// What is shown for an id of something that is not a department or a user.
const REFERENCE: &str = "(รายการอ้างอิงในระบบ)";

/// One changed field. A side is `None` when the field did not exist there (a
/// created or deleted record).
#[derive(Debug, PartialEq, Eq, Serialize)]
pub(super) struct Change {
    pub(super) field: String,
    pub(super) before: Option<String>,
    pub(super) after: Option<String>,
}

/// What the values of one row are read against.
pub(super) struct Lookups<'a> {
    /// The store's name of the changed record's kind.
    pub(super) entity: &'a str,
    /// The agency's department names by id.
    pub(super) departments: &'a HashMap<String, String>,
    /// The agency's users' names by id.
    pub(super) users: &'a HashMap<String, String>,
    pub(super) thai_digits: bool,
}

/// "22 พฤศจิกายน 2569 เวลา 14:05 น." in Thailand time (UTC+7).
pub(super) fn format_time(at: DateTime<Utc>, thai_digits: bool) -> String {
    let local = in_thailand(at);
    let time = digits_for(&local.format("%H:%M").to_string(), thai_digits);
    format!(
        "{} เวลา {time} น.",
        format_date_long(local.date_naive(), thai_digits)
    )
}

/// The leaves of a record by dotted path (`logo.content_type`, `input.iit.0`),
/// without the ids every record and every part of one carries.
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
                if matches!(key.as_str(), "id" | "agency_id") {
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

/// Whether text is a stored id: a UUID in its hyphenated form.
fn is_id(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A text value in Thai: a code by its name, an id by the name of what it
/// names, a stored time or date as a Thai date.
fn shown_text(key: &str, text: &str, at: &Lookups<'_>) -> String {
    if let Some(label) = code_label(at.entity, key, text) {
        return label.to_owned();
    }
    if let Some(name) = at.departments.get(text).or_else(|| at.users.get(text)) {
        return name.clone();
    }
    if is_id(text) {
        return REFERENCE.to_owned();
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return format_time(time.with_timezone(&Utc), at.thai_digits);
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return format_date_long(date, at.thai_digits);
    }
    if text.chars().count() > MAX_VALUE_CHARS {
        let cut: String = text.chars().take(MAX_VALUE_CHARS).collect();
        format!("{cut}…")
    } else {
        text.to_owned()
    }
}

/// A value as the page shows it.
fn shown_value(path: &str, value: &Value, at: &Lookups<'_>) -> String {
    let key = path
        .rsplit('.')
        .find(|k| k.parse::<usize>().is_err())
        .unwrap_or(path);
    if matches!(key, "password_hash" | "bytes") && !value.is_null() {
        return HIDDEN.to_owned();
    }
    match value {
        Value::Bool(true) => "ใช่".to_owned(),
        Value::Bool(false) => "ไม่ใช่".to_owned(),
        Value::String(s) if !s.is_empty() => shown_text(key, s, at),
        Value::Number(n) => n.to_string(),
        Value::Null | Value::String(_) | Value::Array(_) | Value::Object(_) => "—".to_owned(),
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
pub(super) fn diff(before: Option<&Value>, after: Option<&Value>, at: &Lookups<'_>) -> Vec<Change> {
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
        field: field_label(at.entity, path),
        before: before.map(|v| shown_value(path, v, at)),
        after: after.map(|v| shown_value(path, v, at)),
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> Change {
        Change {
            field: field.to_owned(),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        }
    }

    fn lookups<'a>(
        entity: &'a str,
        departments: &'a HashMap<String, String>,
        users: &'a HashMap<String, String>,
    ) -> Lookups<'a> {
        Lookups {
            entity,
            departments,
            users,
            thai_digits: false,
        }
    }

    fn plain(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
        let none = HashMap::new();
        diff(before, after, &lookups("department", &none, &none))
    }

    #[test]
    fn only_changed_fields_are_listed() {
        let before = json!({"agency_id": "a", "id": "x", "name": "กองคลัง", "sort_order": 1});
        let after = json!({"agency_id": "a", "id": "x", "name": "กองคลัง", "sort_order": 2});
        assert_eq!(
            plain(Some(&before), Some(&after)),
            vec![change("ลำดับการแสดง", Some("1"), Some("2"))]
        );
    }

    #[test]
    fn created_and_deleted_records_show_one_side() {
        let record = json!({"id": "x", "name": "กองช่าง", "sort_order": 0, "note": "", "x": null});
        assert_eq!(
            plain(None, Some(&record)),
            vec![
                change("ชื่อ", None, Some("กองช่าง")),
                change("ลำดับการแสดง", None, Some("0")),
            ]
        );
        assert_eq!(
            plain(Some(&record), None),
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
        let changes = plain(Some(&before), Some(&after));
        assert_eq!(
            changes,
            vec![
                change("รหัสผ่าน", Some(HIDDEN), Some(HIDDEN)),
                change("โลโก้ › ชนิดไฟล์", Some("—"), Some("image/png")),
                change("โลโก้ › ไฟล์", Some("—"), Some(HIDDEN)),
                change("เปิดใช้งาน", Some("ใช่"), Some("ไม่ใช่")),
            ]
        );
        let text = format!("{changes:?}");
        assert!(!text.contains("argon2"));
        assert!(!text.contains("iVBOR"));
    }

    #[test]
    fn codes_ids_and_times_read_in_thai() {
        let departments = HashMap::from([(
            "0190a5c2-0000-7000-8000-000000000001".to_owned(),
            "กองคลัง".to_owned(),
        )]);
        let users = HashMap::from([(
            "0190a5c2-0000-7000-8000-000000000002".to_owned(),
            "นางสมหญิง ใจดี".to_owned(),
        )]);
        let before = json!({
            "status": "in_progress",
            "updated_by": null,
            "updated_at": "2026-11-21T17:05:00Z",
            "owners": {"departments": []},
            "topic_id": "0190a5c2-0000-7000-8000-0000000000ff",
        });
        let after = json!({
            "status": "done",
            "updated_by": "0190a5c2-0000-7000-8000-000000000002",
            "updated_at": "2026-11-22T03:00:00.123456Z",
            "owners": {"departments": ["0190a5c2-0000-7000-8000-000000000001"]},
            "topic_id": "0190a5c2-0000-7000-8000-0000000000fe",
            "timeframe": {"start": "2025-10-01"},
        });
        let at = lookups("progress", &departments, &users);
        assert_eq!(
            diff(Some(&before), Some(&after), &at),
            vec![
                change("สถานะ", Some("อยู่ระหว่างดำเนินการ"), Some("ดำเนินการแล้วเสร็จ")),
                change("ปรับปรุงโดย", Some("—"), Some("นางสมหญิง ใจดี")),
                change(
                    "ปรับปรุงเมื่อ",
                    Some("22 พฤศจิกายน 2569 เวลา 00:05 น."),
                    Some("22 พฤศจิกายน 2569 เวลา 10:00 น.")
                ),
                change(
                    "ผู้รับผิดชอบ › ส่วนราชการผู้รับผิดชอบ ที่ 1",
                    Some("—"),
                    Some("กองคลัง")
                ),
                change("ประเด็น", Some(REFERENCE), Some(REFERENCE)),
                change("ระยะเวลาดำเนินการ › วันเริ่มต้น", None, Some("1 ตุลาคม 2568")),
            ]
        );
    }

    #[test]
    fn long_values_are_cut() {
        let long = "ก".repeat(MAX_VALUE_CHARS + 5);
        let changes = plain(Some(&json!({"note": ""})), Some(&json!({"note": long})));
        let cut = changes[0].after.as_deref().unwrap_or_default();
        assert!(cut.ends_with('…'));
        assert_eq!(cut.chars().count(), MAX_VALUE_CHARS + 1);
    }

    #[test]
    fn times_are_thai_dates_in_thailand() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 17, 5, 0).unwrap();
        assert_eq!(format_time(at, false), "22 พฤศจิกายน 2569 เวลา 00:05 น.");
        assert_eq!(format_time(at, true), "๒๒ พฤศจิกายน ๒๕๖๙ เวลา ๐๐:๐๕ น.");
    }
}

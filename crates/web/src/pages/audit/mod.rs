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
use minijinja::context;
use prongsai_core::model::{AuditEntry, ResultSource, UserId};
use prongsai_core::thai::digits::digits_for;
use serde::Serialize;
use serde_json::Value;

use self::labels::entity_label;
use self::values::{Change, Lookups, diff, format_time};

use crate::auth::Admin;
use crate::error::AppResult;
use crate::render::PageContext;
use crate::state::AppState;

mod labels;
mod values;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

/// How many of the latest rows the page shows.
const LIMIT: u32 = 200;
/// How many changed fields one row lists before "and N more".
const MAX_CHANGES: usize = 20;

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

/// A short name of the changed record ("นายสมชาย ใจดี", "ปีงบประมาณ 2568 …"),
/// read from the record after the change (or before it, for a deletion); empty
/// when the record names nothing (its id means nothing to a reader). Only the
/// year written here follows the agency's digits; names stay as they were typed.
fn subject(entry: &AuditEntry, thai_digits: bool) -> String {
    let Some(record) = entry.after.as_ref().or(entry.before.as_ref()) else {
        return String::new();
    };
    let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or_default();
    let year = record
        .get("fiscal_year")
        .and_then(Value::as_i64)
        .map(|y| format!("ปีงบประมาณ {}", digits_for(&y.to_string(), thai_digits)));
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
        "ita_result" => {
            let source = ResultSource::from_code(text("source")).map_or("", ResultSource::label_th);
            format!("{} {source}", year.unwrap_or_default())
        }
        "progress" | "round_approval" | "follow_up" => {
            let round = labels::code_label(&entry.entity, "round", text("round")).unwrap_or("");
            format!("{} {round}", year.unwrap_or_default())
        }
        _ => ["title", "name", "subject", "file_name", "item_code"]
            .into_iter()
            .map(text)
            .find(|t| !t.is_empty())
            .map(str::to_owned)
            .or(year)
            .unwrap_or_default(),
    };
    name.trim().to_owned()
}

/// Who made a change: the user's name, or the server itself (a command run by
/// its operator, or a scheduled job).
fn who(user_id: Option<UserId>, names: &HashMap<UserId, String>) -> String {
    match user_id {
        None => "ระบบ (ผู้ดูแลเซิร์ฟเวอร์หรืองานอัตโนมัติ)".to_owned(),
        Some(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "ผู้ใช้นอกหน่วยงาน".to_owned()),
    }
}

/// One audit entry as a row of the page.
fn row(e: &AuditEntry, names: &HashMap<UserId, String>, at: &Lookups<'_>) -> AuditRow {
    let lookups = Lookups {
        entity: &e.entity,
        ..*at
    };
    let mut changes = diff(e.before.as_ref(), e.after.as_ref(), &lookups);
    let more = changes.len().saturating_sub(MAX_CHANGES);
    changes.truncate(MAX_CHANGES);
    AuditRow {
        when: format_time(e.at, at.thai_digits),
        who: who(e.user_id, names),
        entity: entity_label(&e.entity).unwrap_or("ข้อมูลอื่น").to_owned(),
        subject: subject(e, at.thai_digits),
        action: e.action.label_th(),
        changes,
        more,
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
    let users: HashMap<String, String> = names
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let departments: HashMap<String, String> = state
        .app
        .store
        .list_departments(agency.id)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    let at = Lookups {
        entity: "",
        departments: &departments,
        users: &users,
        thai_digits: agency.thai_digits,
    };
    let rows: Vec<AuditRow> = entries.iter().map(|e| row(e, &names, &at)).collect();
    let page = PageContext::new(&user, "ประวัติการแก้ไข", "audit");
    state.templates.render(
        "audit.html",
        context! { page => page, rows => rows, limit => LIMIT },
    )
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use prongsai_core::model::{AuditAction, AuditId};
    use serde_json::json;

    use super::*;

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
            before: Some(json!({"count": 3})),
            ..entry
        };
        assert_eq!(subject(&entry, true), "", "never the raw id");
        let entry = AuditEntry {
            entity: "framework".to_owned(),
            after: Some(json!({"fiscal_year": 2568})),
            ..entry
        };
        assert_eq!(subject(&entry, true), "ปีงบประมาณ ๒๕๖๘");
        assert_eq!(subject(&entry, false), "ปีงบประมาณ 2568");
        let entry = AuditEntry {
            entity: "round_approval".to_owned(),
            after: Some(json!({"fiscal_year": 2568, "round": "half_year"})),
            ..entry
        };
        assert_eq!(subject(&entry, false), "ปีงบประมาณ 2568 รอบ 6 เดือน");
        let entry = AuditEntry {
            entity: "measure".to_owned(),
            after: Some(json!({"fiscal_year": 2568, "title": "มาตรการเปิดเผยข้อมูล"})),
            ..entry
        };
        assert_eq!(subject(&entry, false), "มาตรการเปิดเผยข้อมูล");

        let id = UserId::new();
        let names = HashMap::from([(id, "สมหญิง".to_owned())]);
        assert!(who(None, &names).starts_with("ระบบ"));
        assert_eq!(who(Some(id), &names), "สมหญิง");
        assert_eq!(who(Some(UserId::new()), &names), "ผู้ใช้นอกหน่วยงาน");
    }
}

//! The logged-in pages, one folder per feature (`cases/`, `cycle/`, …) and a
//! file for a feature of one page. Each module exposes `routes()`, and a
//! feature's `mod.rs` merges its pages' routes.

use axum::Router;

use crate::state::AppState;

mod accounts;
mod action_plans;
mod audit;
mod cases;
mod confirm;
mod cycle;
mod dashboard;
mod disclosure;
mod download;
mod ita;
mod publications;
mod records;
mod surveys;

/// The routes of every page module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(dashboard::routes())
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(ita::routes())
        .merge(cycle::routes())
        .merge(action_plans::routes())
        .merge(records::routes())
        .merge(cases::routes())
        .merge(publications::routes())
        .merge(disclosure::routes())
        .merge(surveys::routes())
}

/// The `?notice=` query after a redirect, turned into the Thai message shown once.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

impl Notice {
    /// The Thai message for a known notice code; unknown codes show nothing.
    pub(crate) fn message(&self) -> Option<&'static str> {
        match self.notice.as_deref()? {
            "saved" => Some("บันทึกเรียบร้อยแล้ว"),
            "deleted" => Some("ลบเรียบร้อยแล้ว"),
            "imported" => Some("นำเข้าเรียบร้อยแล้ว"),
            "password" => Some("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"),
            "sessions_ended" => Some("ให้ผู้ใช้นี้ออกจากระบบทุกเครื่องเรียบร้อยแล้ว"),
            "copied" => Some("คัดลอกแผนของปีก่อนเรียบร้อยแล้ว"),
            "approved" => Some("อนุมัติรอบรายงานเรียบร้อยแล้ว"),
            "acknowledged" => Some("บันทึกการรับทราบเรียบร้อยแล้ว"),
            "reopened" => Some("เปิดรอบรายงานใหม่เรียบร้อยแล้ว"),
            "published" => Some("เผยแพร่บนเว็บไซต์สาธารณะเรียบร้อยแล้ว"),
            "unpublished" => Some("ยกเลิกการเผยแพร่เรียบร้อยแล้ว"),
            "accepted_day" => Some("นับคำตอบของวันนั้นในการคาดการณ์คะแนนแล้ว"),
            _ => None,
        }
    }
}

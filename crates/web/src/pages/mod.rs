//! The logged-in pages, one module per subject. Each module exposes `routes()`.

use axum::Router;

use crate::state::AppState;

mod action_plan_intro;
mod action_plan_structure;
mod action_plans;
mod agency;
mod analysis;
mod audit;
mod case_form;
mod case_view;
mod cases;
mod complaint_settings;
mod complaint_stats;
mod confirm;
mod cycle;
mod dashboard;
mod departments;
mod disclosure;
mod disclosure_entry;
mod disclosure_settings;
mod documents;
mod download;
mod evidence;
mod follow_ups;
mod frameworks;
mod ita;
pub(crate) mod ita_summary;
mod measure_form;
mod memos;
mod officials;
mod orders;
mod plan;
mod progress;
mod project_form;
mod publications;
mod risk;
mod survey_form;
mod survey_view;
mod surveys;
mod users;

/// The routes of every page module.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(dashboard::routes())
        .merge(departments::routes())
        .merge(agency::routes())
        .merge(officials::routes())
        .merge(users::routes())
        .merge(audit::routes())
        .merge(ita::routes())
        .merge(analysis::routes())
        .merge(frameworks::routes())
        .merge(plan::routes())
        .merge(measure_form::routes())
        .merge(progress::routes())
        .merge(evidence::routes())
        .merge(documents::routes())
        .merge(action_plans::routes())
        .merge(action_plan_structure::routes())
        .merge(action_plan_intro::routes())
        .merge(project_form::routes())
        .merge(follow_ups::routes())
        .merge(risk::routes())
        .merge(orders::routes())
        .merge(memos::routes())
        .merge(cases::routes())
        .merge(case_form::routes())
        .merge(case_view::routes())
        .merge(complaint_settings::routes())
        .merge(complaint_stats::routes())
        .merge(publications::routes())
        .merge(disclosure::routes())
        .merge(disclosure_entry::routes())
        .merge(disclosure_settings::routes())
        .merge(surveys::routes())
        .merge(survey_form::routes())
        .merge(survey_view::routes())
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
            "copied" => Some("คัดลอกแผนของปีก่อนเรียบร้อยแล้ว"),
            "approved" => Some("อนุมัติรอบรายงานเรียบร้อยแล้ว"),
            "acknowledged" => Some("บันทึกการรับทราบเรียบร้อยแล้ว"),
            "reopened" => Some("เปิดรอบรายงานใหม่เรียบร้อยแล้ว"),
            "published" => Some("เผยแพร่บนเว็บไซต์สาธารณะเรียบร้อยแล้ว"),
            "unpublished" => Some("ยกเลิกการเผยแพร่เรียบร้อยแล้ว"),
            _ => None,
        }
    }
}

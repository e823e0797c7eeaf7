//! The anti-corruption action plan as the agencies print it (แผนปฏิบัติการป้องกัน
//! การทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส, the Bang Khae seed's layout): a cover,
//! the preface on pages numbered ก ข …, a table of contents whose page numbers
//! come from the laid-out pages, part 1 (the corruption-risk table, rationale,
//! objectives, goals with the targets per year, benefits), part 2 (the summary
//! table dimension > mission > project with a budget column per year and the
//! totals) on landscape pages, and part 3 (one section per project).
//!
//! As with the other documents, [`ActionPlanDocument`] holds text that is already
//! formatted (digits, money, numbering), and every total comes from
//! [`prongsai_core::action_plan::plan_totals`]: the template only lays out and
//! never adds anything up, so the PDF, the DOCX and the XLSX print the same
//! figures.

mod build;
mod office;

use prongsai_core::action_plan::{ListItem, TextBlock};
use serde::Serialize;

use crate::document::OfficialDocument;
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;

pub(crate) use build::Digits;
pub use build::action_plan_document;

/// Everything the plan document prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionPlanDocument {
    /// e.g. "องค์การบริหารส่วนตำบลบางแค".
    pub agency_name: String,
    /// The plan's title, e.g. "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส".
    pub title: String,
    /// "(พ.ศ. ๒๕๖๖ - ๒๕๗๐)".
    pub years_label: String,
    /// The fiscal years covered, formatted ("๒๕๖๖"), in order: one column each
    /// in the targets table and the summary table.
    pub years: Vec<String>,
    /// คำนำ.
    pub preface: Vec<TextBlock>,
    /// The date under the preface ("๒๔ มิถุนายน ๒๕๖๕"); empty prints none.
    pub preface_date: String,
    /// The fiscal year of the risk assessment in part 1 ("๒๕๖๖"); empty when the
    /// plan is printed without one.
    pub risk_year: String,
    /// The rows of the corruption-risk table, one per process or area.
    pub risks: Vec<RiskRow>,
    /// หลักการและเหตุผล.
    pub rationale: Vec<TextBlock>,
    /// วัตถุประสงค์ของการจัดทำแผน.
    pub objectives: Vec<TextBlock>,
    /// เป้าหมาย: the text above the targets table.
    pub goals: Vec<TextBlock>,
    /// The targets table, one row per target.
    pub targets: Vec<TargetRow>,
    /// ประโยชน์ของการจัดทำแผน.
    pub benefits: Vec<TextBlock>,
    /// The dimensions in order, with their missions, projects and totals.
    pub dimensions: Vec<DimensionSection>,
    /// The totals of the whole plan (รวมทั้งสิ้น).
    pub total: TotalsRow,
    /// Whether page numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// One process or area of the corruption-risk table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskRow {
    /// ลำดับที่, formatted.
    pub number: String,
    /// ขั้นตอนการดำเนินงาน.
    pub process: String,
    /// ประเด็นความเสี่ยง, numbered when there are several.
    pub events: Vec<ListItem>,
    /// The level of each event, in the events' order: "ปานกลาง", or "สูง (๑๒)"
    /// when it was scored; "-" when a score is outside the bands.
    pub levels: Vec<String>,
    /// มาตรการควบคุมความเสี่ยง, numbered when there are several.
    pub controls: Vec<ListItem>,
}

/// One row of the targets table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    /// e.g. "คะแนน ITA".
    pub heading: String,
    /// One value per year of the plan ("๙๑ คะแนน"), "-" for a year without one.
    pub values: Vec<String>,
}

/// A dimension (มิติ) with its missions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionSection {
    /// "๑".
    pub number: String,
    /// e.g. "การสร้างวัฒนธรรมสุจริต".
    pub title: String,
    pub missions: Vec<MissionSection>,
    /// The dimension's totals (the รวม row of part 2).
    pub total: TotalsRow,
}

/// A mission (ภารกิจตามมิติ) with its projects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissionSection {
    /// "๑.๑".
    pub number: String,
    pub title: String,
    pub projects: Vec<ProjectSection>,
}

/// A project, activity or measure: its row of part 2 and its section of part 3.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectSection {
    /// ลำดับที่, running across the plan ("๑๗").
    pub number: String,
    /// โครงการ / กิจกรรม / มาตรการ.
    pub kind: String,
    /// ชื่อโครงการ, with its kind in front.
    pub name: String,
    /// The budget of each year of the plan ("๒๐,๐๐๐"), "-" for none.
    pub budgets: Vec<String>,
    /// The budget of all years together, "-" for none.
    pub total: String,
    /// หลักการและเหตุผล.
    pub rationale: Vec<TextBlock>,
    /// วัตถุประสงค์, numbered when there are several.
    pub objectives: Vec<ListItem>,
    /// กลุ่มเป้าหมาย.
    pub target_group: Vec<TextBlock>,
    /// วิธีดำเนินการ, numbered when there are several.
    pub methods: Vec<ListItem>,
    /// ระยะเวลาดำเนินการ: "ปีงบประมาณ พ.ศ. ๒๕๖๖ - ๒๕๗๐".
    pub period: String,
    /// งบประมาณดำเนินการ: one line per year of the project, or "ไม่ใช้งบประมาณ".
    pub budget_lines: Vec<String>,
    /// ผู้รับผิดชอบโครงการ; "-" when nobody is named.
    pub owner: String,
    /// ผลผลิต, numbered when there are several.
    pub outputs: Vec<ListItem>,
    /// ผลลัพธ์, numbered when there are several.
    pub outcomes: Vec<ListItem>,
    /// ตัวชี้วัด; none leaves the section out.
    pub indicators: Vec<ListItem>,
}

/// The totals of a dimension or of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotalsRow {
    /// The number of projects ("๔").
    pub projects: String,
    /// The amount of each year ("๒๐,๐๐๐"), "-" for nothing.
    pub amounts: Vec<String>,
    /// All years together, "-" for nothing.
    pub total: String,
}

impl OfficialDocument for ActionPlanDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::ActionPlan, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        office::action_plan_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        office::action_plan_xlsx(self)
    }
}

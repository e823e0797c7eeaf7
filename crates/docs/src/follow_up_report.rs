//! The follow-up report of the action plan (รายงานการกำกับติดตามผลการดำเนินการตาม
//! แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส), for the half-year
//! round or the whole fiscal year: both are OIT items every year.
//!
//! A summary first (how many projects of the year are done, in progress or not
//! started, the year's budget against what was spent, from
//! [`follow_up_summary`]), then one table per dimension on landscape pages:
//! project, budget of the year, spent, status, what was done, outputs achieved,
//! problems and suggestions. Only projects that run in the fiscal year are
//! listed; one without a report counts as not started, as in the summary.

use prongsai_core::action_plan::{ActionPlan, FollowUp, follow_up_summary};
use prongsai_core::measures::ProgressStatus;
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound};
use prongsai_core::thai::numbers::format_decimal;
use serde::Serialize;

use crate::action_plan::Digits;
use crate::agency::DocumentAgency;
use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

const TITLE: &str = "รายงานการกำกับติดตามผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต\
                     เพื่อยกระดับคุณธรรมและความโปร่งใส";
const NO_PROJECTS: &str = "ไม่มีโครงการที่ดำเนินการในปีงบประมาณนี้";

/// Everything the follow-up report prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpReportDocument {
    /// e.g. "องค์การบริหารส่วนตำบลบางแค".
    pub agency_name: String,
    /// The report's title.
    pub title: String,
    /// The plan's title and years, e.g. "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับ
    /// คุณธรรมและความโปร่งใส (พ.ศ. ๒๕๖๖ - ๒๕๗๐)".
    pub plan_title: String,
    /// "รอบ ๖ เดือน ปีงบประมาณ พ.ศ. ๒๕๖๘ (ต.ค. ๒๕๖๗ – มี.ค. ๒๕๖๘)" or
    /// "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘".
    pub round_heading: String,
    /// The fiscal year reported, formatted ("๒๕๖๘").
    pub fiscal_year: String,
    pub summary: FollowUpSummaryText,
    /// The dimensions that have projects in the year, in plan order.
    pub dimensions: Vec<FollowUpDimension>,
    /// Whether page numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// The summary's figures, formatted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpSummaryText {
    /// Projects of the year.
    pub projects: String,
    pub done: String,
    pub in_progress: String,
    pub not_started: String,
    /// The year's budget of every project ("๒๐,๐๐๐"), "-" for none.
    pub budget: String,
    /// What was spent, "-" for nothing.
    pub spent: String,
    /// Spent as a percentage of the budget ("๔๕.๕๐"), "-" without a budget.
    pub spent_percent: String,
}

/// One dimension's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpDimension {
    /// "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต".
    pub title: String,
    pub rows: Vec<FollowUpRow>,
}

/// One project's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpRow {
    /// The project's number in the plan ("๑๗").
    pub number: String,
    /// Its name with its kind.
    pub name: String,
    /// The budget of the year, "-" for none.
    pub budget: String,
    /// What was spent, "-" for nothing reported.
    pub spent: String,
    /// ดำเนินการแล้วเสร็จ / อยู่ระหว่างดำเนินการ / ยังไม่ดำเนินการ.
    pub status: String,
    /// ผลการดำเนินงาน, one entry per line typed.
    pub done: Vec<String>,
    /// ผลผลิตที่ได้, one entry per line typed.
    pub outputs: Vec<String>,
    /// ปัญหา/อุปสรรค, one entry per line typed.
    pub problems: Vec<String>,
    /// ข้อเสนอแนะ, one entry per line typed.
    pub suggestions: Vec<String>,
}

impl FollowUpRow {
    /// Problems and suggestions in one cell, each under its label.
    fn problems_and_suggestions(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (label, entries) in [
            ("ปัญหา/อุปสรรค", &self.problems),
            ("ข้อเสนอแนะ", &self.suggestions),
        ] {
            if !entries.is_empty() {
                lines.push(format!("{label}:"));
                lines.extend(entries.iter().cloned());
            }
        }
        lines
    }
}

/// Non-empty lines of what the user typed, as typed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

fn round_heading(fiscal_year: i32, round: ReportingRound, digits: Digits) -> String {
    let text = match round {
        ReportingRound::HalfYear => {
            let period = FiscalYear::try_from(fiscal_year)
                .map(|year| format!(" {}", year.round_period_label_th(round)))
                .unwrap_or_default();
            format!("{} ปีงบประมาณ พ.ศ. {fiscal_year}{period}", round.label_th())
        }
        ReportingRound::FullYear => format!("ประจำปีงบประมาณ พ.ศ. {fiscal_year}"),
    };
    digits.text(&text)
}

/// The report of `fiscal_year` and `round` from the plan and its follow-ups
/// (reports of other years or rounds are ignored).
#[must_use]
pub fn follow_up_report_document(
    plan: &ActionPlan,
    reports: &[FollowUp],
    fiscal_year: i32,
    round: ReportingRound,
    agency: &DocumentAgency,
) -> FollowUpReportDocument {
    let digits = Digits(agency.thai_digits);
    let summary = follow_up_summary(plan, reports, fiscal_year, round);
    let spent_percent = if summary.budget.0 > 0 {
        // Satang counts far below 2^52 convert to f64 exactly.
        let percent = summary.spent.0 as f64 * 100.0 / summary.budget.0 as f64;
        digits.text(&format_decimal(percent, 2))
    } else {
        "-".to_owned()
    };
    let mut dimensions: Vec<FollowUpDimension> = Vec::new();
    for (number, dimension, _, project) in plan.numbered_projects() {
        if !(project.first_year..=project.last_year).contains(&fiscal_year) {
            continue;
        }
        let report = reports.iter().find(|r| {
            r.project_id == project.id && r.fiscal_year == fiscal_year && r.round == round
        });
        let row = FollowUpRow {
            number: digits.number(number),
            name: project.display_name(),
            budget: digits.money(project.budget(fiscal_year).amount()),
            spent: report
                .and_then(|r| r.spent)
                .map_or_else(|| "-".to_owned(), |spent| digits.money(spent)),
            status: report
                .map_or(ProgressStatus::NotStarted, |r| r.status)
                .label_th()
                .to_owned(),
            done: report.map(|r| lines(&r.done)).unwrap_or_default(),
            outputs: report
                .map(|r| lines(&r.outputs_achieved))
                .unwrap_or_default(),
            problems: report.map(|r| lines(&r.problems)).unwrap_or_default(),
            suggestions: report.map(|r| lines(&r.suggestions)).unwrap_or_default(),
        };
        let index = plan
            .dimensions
            .iter()
            .position(|d| d.id == dimension.id)
            .unwrap_or_default();
        let title = format!("มิติที่ {} {}", digits.number(index + 1), dimension.title);
        match dimensions.last_mut() {
            Some(last) if last.title == title => last.rows.push(row),
            _ => dimensions.push(FollowUpDimension {
                title,
                rows: vec![row],
            }),
        }
    }
    FollowUpReportDocument {
        agency_name: agency.name.clone(),
        title: TITLE.to_owned(),
        plan_title: format!("{} ({})", plan.title, digits.text(&plan.years_label())),
        round_heading: round_heading(fiscal_year, round, digits),
        fiscal_year: digits.number(fiscal_year),
        summary: FollowUpSummaryText {
            projects: digits.number(summary.projects),
            done: digits.number(summary.done),
            in_progress: digits.number(summary.in_progress),
            not_started: digits.number(summary.not_started),
            budget: digits.money(summary.budget),
            spent: digits.money(summary.spent),
            spent_percent,
        },
        dimensions,
        thai_digits: agency.thai_digits,
    }
}

/// The summary as label and value lines, as the PDF prints them.
fn summary_lines(summary: &FollowUpSummaryText) -> [(&'static str, String); 7] {
    [
        (
            "โครงการ/กิจกรรม/มาตรการ",
            format!("{} โครงการ", summary.projects),
        ),
        ("ดำเนินการแล้วเสร็จ", format!("{} โครงการ", summary.done)),
        (
            "อยู่ระหว่างดำเนินการ",
            format!("{} โครงการ", summary.in_progress),
        ),
        ("ยังไม่ดำเนินการ", format!("{} โครงการ", summary.not_started)),
        ("งบประมาณ", format!("{} บาท", summary.budget)),
        ("ใช้ไป", format!("{} บาท", summary.spent)),
        ("ร้อยละของงบประมาณที่ใช้ไป", summary.spent_percent.clone()),
    ]
}

/// The table columns, as the PDF and the DOCX print them.
const COLUMNS: [(&str, f32, CellAlign); 8] = [
    ("ลำดับที่", 0.7, CellAlign::Center),
    ("โครงการ/กิจกรรม/มาตรการ", 2.2, CellAlign::Start),
    ("งบประมาณ (บาท)", 1.1, CellAlign::End),
    ("ใช้ไป (บาท)", 1.1, CellAlign::End),
    ("สถานะ", 1.2, CellAlign::Start),
    ("ผลการดำเนินงาน", 2.4, CellAlign::Start),
    ("ผลผลิตที่ได้", 1.8, CellAlign::Start),
    ("ปัญหา/อุปสรรค และข้อเสนอแนะ", 1.8, CellAlign::Start),
];

/// The report as a Word document on landscape pages.
fn follow_up_report_docx(document: &FollowUpReportDocument) -> Result<Vec<u8>, DocsError> {
    let columns = COLUMNS.map(|(title, weight, align)| Column {
        title,
        weight,
        align,
    });
    let mut builder = DocxBuilder::landscape(document.thai_digits)
        .title_line(&document.title)
        .title_line(&document.plan_title)
        .title_line(&document.round_heading)
        .title_line(&document.agency_name)
        .heading("สรุปผลการดำเนินการ");
    for (label, value) in summary_lines(&document.summary) {
        builder = builder.paragraph(&format!("{label} {value}"));
    }
    if document.dimensions.is_empty() {
        builder = builder.paragraph(NO_PROJECTS);
    }
    for dimension in &document.dimensions {
        let rows: Vec<Vec<String>> = dimension
            .rows
            .iter()
            .map(|row| {
                vec![
                    row.number.clone(),
                    row.name.clone(),
                    row.budget.clone(),
                    row.spent.clone(),
                    row.status.clone(),
                    row.done.join("\n"),
                    row.outputs.join("\n"),
                    row.problems_and_suggestions().join("\n"),
                ]
            })
            .collect();
        builder = builder
            .heading(&dimension.title)
            .table(&columns, &rows, NO_PROJECTS);
    }
    builder.build()
}

/// The report's table as an Excel workbook: one row per project, its dimension
/// first; budget and spent as numbers.
fn follow_up_report_xlsx(document: &FollowUpReportDocument) -> Result<Vec<u8>, DocsError> {
    let columns = [
        ("มิติ", 30.0),
        ("ลำดับที่", 8.0),
        ("โครงการ/กิจกรรม/มาตรการ", 44.0),
        ("งบประมาณ (บาท)", 14.0),
        ("ใช้ไป (บาท)", 14.0),
        ("สถานะ", 18.0),
        ("ผลการดำเนินงาน", 40.0),
        ("ผลผลิตที่ได้", 30.0),
        ("ปัญหา/อุปสรรค", 30.0),
        ("ข้อเสนอแนะ", 30.0),
    ]
    .map(|(title, width)| XlsxColumn { title, width });
    let text = |lines: &[String]| {
        if lines.is_empty() {
            XlsxCell::Empty
        } else {
            XlsxCell::Text(lines.join("\n"))
        }
    };
    let rows: Vec<Vec<XlsxCell>> = document
        .dimensions
        .iter()
        .flat_map(|dimension| {
            dimension.rows.iter().map(move |row| {
                vec![
                    XlsxCell::Text(dimension.title.clone()),
                    XlsxCell::from_formatted(&row.number),
                    XlsxCell::Text(row.name.clone()),
                    XlsxCell::from_formatted(&row.budget),
                    XlsxCell::from_formatted(&row.spent),
                    XlsxCell::Text(row.status.clone()),
                    text(&row.done),
                    text(&row.outputs),
                    text(&row.problems),
                    text(&row.suggestions),
                ]
            })
        })
        .collect();
    let title = format!(
        "{} {} {}",
        document.title, document.round_heading, document.agency_name
    );
    table_xlsx("ติดตามผล", Some(&title), &columns, &rows)
}

impl OfficialDocument for FollowUpReportDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::FollowUpReport, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        follow_up_report_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        follow_up_report_xlsx(self)
    }
}

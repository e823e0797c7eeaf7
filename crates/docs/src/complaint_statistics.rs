//! สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ: the statistics an agency publishes
//! of the complaints and corruption reports it received in a fiscal year, as PDF,
//! XLSX and CSV.
//!
//! Each kind has a section: the total, then the counts by channel, status,
//! department, quarter and month (fiscal order, October first), by timeliness,
//! and the share answered in time. The corruption section carries the counts as
//! the statistics withheld them ("น้อยกว่า 5", "ไม่เปิดเผย") with a note saying
//! why; the document never sees an exact count that was withheld, because it is
//! built from [`ComplaintStatistics`] as computed, not from cases.
//! [`complaint_statistics_document`] formats every word and digit once, so the
//! three formats and the web page print the same text. The spreadsheet and the
//! CSV hold one row per count (kind, breakdown, item, count) so that they sort
//! and filter; the CSV is data, so its digits are Arabic whatever the agency
//! prints.

use chrono::NaiveDate;
use prongsai_core::complaints::statistics::{Breakdown, ComplaintStatistics, Count, Month};
use prongsai_core::complaints::{CaseKind, CaseStatus, Channel, Timeliness};
use prongsai_core::model::DepartmentId;
use prongsai_core::thai::calendar::{format_date_long, format_month_year};
use prongsai_core::thai::digits::{digits_for, to_arabic_digits};
use prongsai_core::thai::fiscal::{FiscalYear, Quarter};
use serde::Serialize;

use crate::agency::DocumentAgency;
use crate::csv::csv_with_bom;
use crate::document::OfficialDocument;
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// The document's title.
pub const COMPLAINT_STATISTICS_TITLE: &str = "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ";

/// The statistics of one fiscal year as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintStatisticsDocument {
    /// [`COMPLAINT_STATISTICS_TITLE`].
    pub title: String,
    pub agency_name: String,
    /// "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘".
    pub fiscal_year: String,
    /// "ข้อมูล ณ วันที่ ๒๒ พฤศจิกายน ๒๕๖๘".
    pub issued_on: String,
    /// General complaints, then corruption reports.
    pub sections: Vec<StatisticsSection>,
    /// Whether numbers are in Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// One kind of case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatisticsSection {
    /// "๑. เรื่องร้องเรียน/ร้องทุกข์".
    pub heading: String,
    /// The kind without its number, for the spreadsheet's first column.
    pub kind: String,
    /// The year's count: "๑๒", or "น้อยกว่า ๕" when withheld.
    pub total: String,
    /// Per cent answered in time of those answered, "๘๕.๗๑"; "ไม่เปิดเผย" when
    /// too few were answered to show it, "-" when none were.
    pub on_time: String,
    /// Why some counts are not shown exactly; empty for exact statistics.
    pub note: String,
    /// By channel, status, department, quarter, month and timeliness.
    pub tables: Vec<StatisticsTable>,
}

/// One breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatisticsTable {
    /// "จำแนกตามช่องทาง".
    pub heading: String,
    /// The first column's title: "ช่องทาง".
    pub column: String,
    /// Every item, zeros included.
    pub rows: Vec<StatisticsRow>,
    /// The section's total again, at the foot of the table.
    pub total: String,
}

/// One count of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatisticsRow {
    pub label: String,
    pub count: String,
}

const TOTAL_LABEL: &str = "รวม";
/// The column of the counts in the spreadsheet's rows.
const COUNT_COLUMN: usize = 3;
const ON_TIME_LABEL: &str = "ร้อยละของเรื่องที่ตอบภายในกำหนด";
const NOTE_LABEL: &str = "หมายเหตุ";
const WITHHELD: &str = "ไม่เปิดเผย";
const NONE_ANSWERED: &str = "-";
const UNASSIGNED: &str = "ยังไม่ได้มอบหมาย";
const OTHER_DEPARTMENT: &str = "ส่วนราชการที่ไม่มีในรายชื่อแล้ว";

/// The columns of the spreadsheet and the CSV.
const TABLE_COLUMNS: [(&str, f64); 4] = [
    ("ประเภทเรื่อง", 34.0),
    ("จำแนกตาม", 18.0),
    ("รายการ", 40.0),
    ("จำนวน", 12.0),
];

/// Fills the document of a fiscal year: `complaints` (exact) and `corruption`
/// (as withheld) from [`prongsai_core::complaints::statistics::statistics`],
/// `issued_on` the Thailand date the figures were taken.
#[must_use]
pub fn complaint_statistics_document(
    complaints: &ComplaintStatistics,
    corruption: &ComplaintStatistics,
    agency: &DocumentAgency,
    issued_on: NaiveDate,
) -> ComplaintStatisticsDocument {
    let thai = agency.thai_digits;
    let d = |text: &str| digits_for(text, thai);
    ComplaintStatisticsDocument {
        title: COMPLAINT_STATISTICS_TITLE.to_owned(),
        agency_name: agency.name.clone(),
        fiscal_year: d(&format!("ประจำปีงบประมาณ พ.ศ. {}", complaints.fiscal_year)),
        issued_on: format!("ข้อมูล ณ วันที่ {}", format_date_long(issued_on, thai)),
        sections: [
            (CaseKind::Complaint, complaints),
            (CaseKind::Corruption, corruption),
        ]
        .into_iter()
        .enumerate()
        .map(|(index, (kind, stats))| section(index + 1, kind, stats, agency))
        .collect(),
        thai_digits: thai,
    }
}

fn section(
    number: usize,
    kind: CaseKind,
    stats: &ComplaintStatistics,
    agency: &DocumentAgency,
) -> StatisticsSection {
    let thai = agency.thai_digits;
    let d = |text: &str| digits_for(text, thai);
    let year = FiscalYear::new(stats.fiscal_year);
    let department = |id: &Option<DepartmentId>| match id {
        None => UNASSIGNED.to_owned(),
        Some(id) => agency
            .department_name(*id)
            .unwrap_or(OTHER_DEPARTMENT)
            .to_owned(),
    };
    let quarter = |q: &Quarter| {
        d(&format!(
            "{} ({})",
            q.label_th(),
            year.quarter_months_label_th(*q)
        ))
    };
    let month = |m: &Month| {
        NaiveDate::from_ymd_opt(m.year, m.month, 1)
            .map(|first| format_month_year(first, thai))
            .unwrap_or_default()
    };
    let tables = vec![
        table(
            "ช่องทาง",
            &stats.by_channel,
            |c: &Channel| c.label_th().to_owned(),
            thai,
        ),
        table(
            "สถานะ",
            &stats.by_status,
            |s: &CaseStatus| s.label_th().to_owned(),
            thai,
        ),
        table("ส่วนราชการ", &stats.by_department, department, thai),
        table("ไตรมาส", &stats.by_quarter, quarter, thai),
        table("เดือน", &stats.by_month, month, thai),
        table(
            "ระยะเวลาดำเนินการ",
            &stats.by_timeliness,
            |t: &Timeliness| t.label_th().to_owned(),
            thai,
        ),
    ];
    StatisticsSection {
        heading: d(&format!("{number}. {}", kind.label_th())),
        kind: kind.label_th().to_owned(),
        total: count_text(stats.total, thai),
        on_time: on_time_text(stats, thai),
        note: stats
            .protected_below
            .map(|n| d(&protection_note(n)))
            .unwrap_or_default(),
        tables,
    }
}

fn table<K>(
    column: &str,
    breakdown: &Breakdown<K>,
    label: impl Fn(&K) -> String,
    thai: bool,
) -> StatisticsTable {
    StatisticsTable {
        heading: format!("จำแนกตาม{column}"),
        column: column.to_owned(),
        rows: breakdown
            .rows
            .iter()
            .map(|(key, count)| StatisticsRow {
                label: label(key),
                count: count_text(*count, thai),
            })
            .collect(),
        total: count_text(breakdown.total, thai),
    }
}

fn count_text(count: Count, thai: bool) -> String {
    digits_for(&count.text_th(), thai)
}

/// The on-time share; when it is missing, whether because none were answered
/// or because the answered ones are too few to show.
fn on_time_text(stats: &ComplaintStatistics, thai: bool) -> String {
    if let Some(percent) = stats.on_time_percent {
        return digits_for(&format!("{percent:.2}"), thai);
    }
    let answered = stats.by_timeliness.rows.iter().any(|(t, count)| {
        matches!(t, Timeliness::OnTime | Timeliness::Late) && *count != Count::Exact(0)
    });
    if answered && stats.protected_below.is_some() {
        WITHHELD.to_owned()
    } else {
        NONE_ANSWERED.to_owned()
    }
}

fn protection_note(below: u32) -> String {
    format!(
        "เพื่อคุ้มครองผู้แจ้งเบาะแสมิให้ถูกระบุตัวได้ จำนวนตั้งแต่ 1 ถึง {} เรื่อง แสดงเป็น \
         \u{201c}น้อยกว่า {below}\u{201d} และบางจำนวนแสดงเป็น \u{201c}{WITHHELD}\u{201d} \
         เพื่อมิให้คำนวณย้อนกลับจากยอดรวมได้ ร้อยละของเรื่องที่ตอบภายในกำหนดแสดงเมื่อมีเรื่องที่ตอบแล้ว \
         ตั้งแต่ {below} เรื่องขึ้นไป",
        below.saturating_sub(1)
    )
}

/// The rows of the spreadsheet and the CSV: per section its total, every count
/// of every breakdown, the on-time share and the note.
fn lines(document: &ComplaintStatisticsDocument) -> Vec<[String; 4]> {
    let mut out = Vec::new();
    for section in &document.sections {
        let kind = || section.kind.clone();
        out.push([
            kind(),
            TOTAL_LABEL.to_owned(),
            "ทั้งหมด".to_owned(),
            section.total.clone(),
        ]);
        for table in &section.tables {
            for row in &table.rows {
                out.push([
                    kind(),
                    table.column.clone(),
                    row.label.clone(),
                    row.count.clone(),
                ]);
            }
        }
        out.push([
            kind(),
            ON_TIME_LABEL.to_owned(),
            String::new(),
            section.on_time.clone(),
        ]);
        if !section.note.is_empty() {
            out.push([
                kind(),
                NOTE_LABEL.to_owned(),
                section.note.clone(),
                String::new(),
            ]);
        }
    }
    out
}

/// The statistics as an Excel workbook: one row per count, counts shown
/// exactly stored as numbers, withheld ones as their text, and each section's
/// total a SUM of its first breakdown when that adds up to it (see
/// [`total_as_sum`]).
///
/// # Errors
/// [`DocsError::Xlsx`] when the workbook cannot be written.
fn complaint_statistics_xlsx(document: &ComplaintStatisticsDocument) -> Result<Vec<u8>, DocsError> {
    let columns = TABLE_COLUMNS.map(|(title, width)| XlsxColumn { title, width });
    let lines = lines(document);
    let mut rows: Vec<Vec<XlsxCell>> = lines
        .iter()
        .map(|line| {
            line.iter()
                .enumerate()
                .map(|(column, text)| match column {
                    COUNT_COLUMN => XlsxCell::from_formatted(text),
                    _ if text.is_empty() => XlsxCell::Empty,
                    _ => XlsxCell::Text(text.clone()),
                })
                .collect()
        })
        .collect();
    for (index, line) in lines.iter().enumerate() {
        if line[1] == TOTAL_LABEL
            && let Some(sum) = total_as_sum(&lines, &rows, index)
        {
            rows[index][COUNT_COLUMN] = sum;
        }
    }
    let title = format!(
        "{} {} {} ({})",
        document.title, document.agency_name, document.fiscal_year, document.issued_on
    );
    table_xlsx("สถิติเรื่องร้องเรียน", Some(&title), &columns, &rows)
}

/// The total in row `index` as Excel's SUM over the counts of the breakdown
/// that follows it (every case has one channel, so each breakdown adds up to
/// the total), with the total as its cached result; `None` when a count of
/// that breakdown is withheld or the counts do not add up to the total, so
/// the total stays the figure it was.
fn total_as_sum(lines: &[[String; 4]], rows: &[Vec<XlsxCell>], index: usize) -> Option<XlsxCell> {
    let (kind, column) = (&lines[index][0], &lines.get(index + 1)?[1]);
    let parts: Vec<usize> = (index + 1..lines.len())
        .take_while(|&row| lines[row][0] == *kind && lines[row][1] == *column)
        .collect();
    let value = |row: usize| match rows[row][COUNT_COLUMN] {
        XlsxCell::Number { value, .. } => Some(value),
        _ => None,
    };
    let added = parts.iter().map(|&row| value(row)).sum::<Option<f64>>()?;
    ((added - value(index)?).abs() < 0.5).then(|| {
        XlsxCell::sum_of(
            &lines[index][COUNT_COLUMN],
            parts.iter().map(|&row| (row, COUNT_COLUMN)).collect(),
        )
    })
}

/// The statistics as CSV with a UTF-8 byte-order mark (Excel opens it with Thai
/// intact): the rows of the spreadsheet, in Arabic digits.
#[must_use]
fn complaint_statistics_csv(document: &ComplaintStatisticsDocument) -> Vec<u8> {
    let header = TABLE_COLUMNS.map(|(title, _)| title);
    let rows: Vec<Vec<String>> = lines(document)
        .into_iter()
        .map(|line| line.iter().map(|text| to_arabic_digits(text)).collect())
        .collect();
    csv_with_bom(&header, &rows)
}

impl OfficialDocument for ComplaintStatisticsDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::ComplaintStatistics, self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        complaint_statistics_xlsx(self)
    }

    fn csv(&self) -> Result<Vec<u8>, DocsError> {
        Ok(complaint_statistics_csv(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_names_the_threshold() {
        let note = protection_note(5);
        assert!(note.contains("ตั้งแต่ 1 ถึง 4 เรื่อง"));
        assert!(note.contains("\u{201c}น้อยกว่า 5\u{201d}"));
    }
}

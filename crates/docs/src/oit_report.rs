//! รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT): the year's disclosure
//! checklist as the working group hands it to the executive, as PDF and XLSX.
//!
//! A summary first (items, how many are ready or submitted, how many would pass
//! if NACC assessed now, the predicted OIT score from the scoring engine, when
//! the links were last checked), then every item of the framework grouped by
//! sub-indicator with its owner, status and each evidence link with the Thai
//! verdict of its latest check. The prediction is computed here from the same
//! core rules as the checklist page ([`predicted_items`], [`readiness`]), so
//! the report cannot disagree with the page. The spreadsheet holds one row per
//! link (an item without links has one row) so that it filters by verdict, and
//! its addresses are hyperlinks.
//!
//! Every number the report composes (counts, the score and its "เต็ม 100",
//! dates, the framework's titles, the check's clicks and year) is in the
//! agency's digits; addresses are printed as entered and linked as URIs, and
//! the notes and keywords the agency typed print as typed.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::disclosure::{
    DisclosureEntry, DisclosureStatus, LinkCheck, SubIndicatorReadiness, predicted_items, readiness,
};
use prongsai_core::ita::{Framework, Instrument};
use prongsai_core::thai::calendar::{format_date_long, format_date_short, thailand_offset};
use prongsai_core::thai::digits::digits_for;
use prongsai_core::web_link::to_uri;
use serde::Serialize;

use crate::agency::DocumentAgency;
use crate::document::OfficialDocument;
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::workbook::{Sheet, workbook_xlsx};
use crate::xlsx::{XlsxCell, XlsxColumn};

/// The document's title, before the fiscal year.
pub const OIT_REPORT_TITLE: &str = "รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT)";

/// The verdict of a link no check has reached yet.
pub const NOT_CHECKED: &str = "ยังไม่ได้ตรวจ";

const UNASSIGNED: &str = "ยังไม่ได้มอบหมาย";
const OTHER_DEPARTMENT: &str = "ส่วนราชการที่ไม่มีในรายชื่อแล้ว";
const NO_LINK: &str = "ยังไม่มีลิงก์";
const PASS: &str = "คาดว่าผ่าน";
const NOT_PASS: &str = "ยังไม่ผ่าน";

/// The checklist of one fiscal year as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OitReportDocument {
    /// [`OIT_REPORT_TITLE`].
    pub title: String,
    pub agency_name: String,
    /// "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘".
    pub fiscal_year: String,
    /// "ข้อมูล ณ วันที่ ๒๒ พฤศจิกายน ๒๕๖๘".
    pub issued_on: String,
    /// Label and value, in print order.
    pub summary: Vec<OitSummaryLine>,
    /// The framework's OIT sub-indicators in order.
    pub sections: Vec<OitSection>,
    /// Whether numbers are in Thai digits (data arrives converted).
    pub thai_digits: bool,
    /// The agency's logo (PNG or JPEG), printed above the title when it has
    /// one; the template reads it as `/logo`, never through the JSON.
    #[serde(skip)]
    pub logo: Option<Vec<u8>>,
}

/// One figure of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OitSummaryLine {
    pub label: String,
    pub value: String,
}

/// One sub-indicator with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OitSection {
    /// "9.1 ข้อมูลพื้นฐาน" (digits as the agency prints them).
    pub heading: String,
    /// "คาดว่าผ่าน ๓ จาก ๖ ข้อ (พร้อม ๒ ส่งแล้ว ๑ ยังไม่เริ่ม ๓)".
    pub readiness: String,
    pub items: Vec<OitItemRow>,
}

/// One item of the framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OitItemRow {
    /// "O1".
    pub code: String,
    pub title: String,
    /// The owner department, or that none is assigned.
    pub department: String,
    /// "ยังไม่เริ่ม", "พร้อม", "ส่งแล้ว" as [`DisclosureStatus`] labels them.
    pub status: String,
    /// "คาดว่าผ่าน" or "ยังไม่ผ่าน".
    pub predicted: String,
    /// Whether [`OitItemRow::predicted`] is a pass, for the template's emphasis.
    pub passes: bool,
    /// The due date, short form; empty when none.
    pub due_on: String,
    pub links: Vec<OitLinkRow>,
}

/// One evidence link and its latest check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OitLinkRow {
    /// The address as entered (never converted to Thai digits), as printed.
    pub url: String,
    /// The link's target: [`OitLinkRow::url`] as a URI of 7-bit ASCII, which
    /// PDF link actions require ([`to_uri`]).
    pub uri: String,
    pub note: String,
    /// "ใช้งานได้", "ลิงก์เสีย", … or [`NOT_CHECKED`].
    pub verdict: String,
    /// Whether the verdict is "ใช้งานได้".
    pub working: bool,
    /// What the check found, in Thai.
    pub detail: String,
    /// The Thai date of the check, short form; empty when not checked.
    pub checked_on: String,
}

/// Fills the report of `framework`'s year from the agency's entries and the
/// latest check of each address (older checks of an address are ignored);
/// `issued_on` is the Thailand date the data was taken.
#[must_use]
pub fn oit_report_document(
    framework: &Framework,
    entries: &[DisclosureEntry],
    checks: &[LinkCheck],
    agency: &DocumentAgency,
    issued_on: NaiveDate,
) -> OitReportDocument {
    let thai = agency.thai_digits;
    let d = |text: &str| digits_for(text, thai);
    let latest = latest_by_url(checks);
    let predicted = predicted_items(framework, entries, checks);
    let by_code: HashMap<&str, &DisclosureEntry> =
        entries.iter().map(|e| (e.item_code.as_str(), e)).collect();
    let readiness_rows = readiness(framework, entries, &predicted);

    let sections = framework
        .indicators_of(Instrument::Oit)
        .flat_map(|i| &i.sub_indicators)
        .zip(&readiness_rows)
        .map(|(sub, ready)| OitSection {
            heading: d(&format!("{} {}", sub.code, sub.name_th)),
            readiness: d(&format!(
                "คาดว่าผ่าน {} จาก {} ข้อ (ส่งแล้ว {} พร้อม {} ยังไม่เริ่ม {})",
                ready.predicted_pass, ready.items, ready.submitted, ready.ready, ready.not_started
            )),
            items: sub
                .items
                .iter()
                .map(|item| {
                    let entry = by_code.get(item.code.as_str()).copied();
                    let passes = predicted.get(&item.code) == Some(&true);
                    item_row(&item.code, &item.title_th, entry, passes, &latest, agency)
                })
                .collect(),
        })
        .collect();

    let count =
        |f: &dyn Fn(&SubIndicatorReadiness) -> usize| readiness_rows.iter().map(f).sum::<usize>();
    let items = count(&|r| r.items);
    let links: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.links.iter().map(|l| l.url.as_str()))
        .collect();
    let working = links
        .iter()
        .filter(|url| latest.get(*url).is_some_and(|c| c.verdict.is_working()))
        .count();
    let score = prongsai_core::surveys::predict(framework, &[], &[], Some(predicted))
        .ok()
        .and_then(|report| report.instruments.get(&Instrument::Oit).map(|s| s.percent))
        .map_or_else(|| "-".to_owned(), |percent| d(&format!("{percent:.2}")));
    let checked_at = checks
        .iter()
        .map(|c| c.checked_at)
        .max()
        .map_or_else(|| NOT_CHECKED.to_owned(), |at| date_time_th(at, thai));
    let line = |label: &str, value: String| OitSummaryLine {
        label: label.to_owned(),
        value,
    };
    let summary = vec![
        line("จำนวนข้อทั้งหมด", d(&format!("{items} ข้อ"))),
        line("ส่งแล้ว", d(&format!("{} ข้อ", count(&|r| r.submitted)))),
        line("พร้อม", d(&format!("{} ข้อ", count(&|r| r.ready)))),
        line("ยังไม่เริ่ม", d(&format!("{} ข้อ", count(&|r| r.not_started)))),
        line(
            "คาดว่าผ่านหากประเมินวันนี้",
            d(&format!("{} จาก {items} ข้อ", count(&|r| r.predicted_pass))),
        ),
        line(&d("คะแนน OIT ที่คาดการณ์ (เต็ม 100)"), score),
        line(
            "ลิงก์ที่ใช้งานได้",
            d(&format!("{working} จาก {} ลิงก์", links.len())),
        ),
        line("ตรวจลิงก์ล่าสุดเมื่อ", checked_at),
    ];

    OitReportDocument {
        title: OIT_REPORT_TITLE.to_owned(),
        agency_name: agency.name.clone(),
        fiscal_year: d(&format!("ประจำปีงบประมาณ พ.ศ. {}", framework.year)),
        issued_on: format!("ข้อมูล ณ วันที่ {}", format_date_long(issued_on, thai)),
        summary,
        sections,
        thai_digits: thai,
        logo: agency.logo_bytes(),
    }
}

fn item_row(
    code: &str,
    title: &str,
    entry: Option<&DisclosureEntry>,
    passes: bool,
    latest: &HashMap<&str, &LinkCheck>,
    agency: &DocumentAgency,
) -> OitItemRow {
    let thai = agency.thai_digits;
    let department = match entry.and_then(|e| e.department_id) {
        None => UNASSIGNED.to_owned(),
        Some(id) => agency
            .department_name(id)
            .unwrap_or(OTHER_DEPARTMENT)
            .to_owned(),
    };
    OitItemRow {
        code: code.to_owned(),
        title: digits_for(title, thai),
        department,
        status: entry
            .map_or(DisclosureStatus::NotStarted, |e| e.status)
            .label_th()
            .to_owned(),
        predicted: if passes { PASS } else { NOT_PASS }.to_owned(),
        passes,
        due_on: entry
            .and_then(|e| e.due_on)
            .map(|date| format_date_short(date, thai))
            .unwrap_or_default(),
        links: entry
            .into_iter()
            .flat_map(|e| &e.links)
            .map(|link| match latest.get(link.url.as_str()) {
                Some(check) => OitLinkRow {
                    url: link.url.clone(),
                    uri: to_uri(&link.url),
                    note: link.note.clone(),
                    verdict: check.verdict.label_th().to_owned(),
                    working: check.verdict.is_working(),
                    detail: check.detail_th.clone(),
                    checked_on: format_date_short(
                        check
                            .checked_at
                            .with_timezone(&thailand_offset())
                            .date_naive(),
                        thai,
                    ),
                },
                None => OitLinkRow {
                    url: link.url.clone(),
                    uri: to_uri(&link.url),
                    note: link.note.clone(),
                    verdict: NOT_CHECKED.to_owned(),
                    working: false,
                    detail: String::new(),
                    checked_on: String::new(),
                },
            })
            .collect(),
    }
}

/// The newest check of each address.
fn latest_by_url(checks: &[LinkCheck]) -> HashMap<&str, &LinkCheck> {
    let mut latest: HashMap<&str, &LinkCheck> = HashMap::new();
    for check in checks {
        let slot = latest.entry(check.url.as_str()).or_insert(check);
        if check.checked_at > slot.checked_at {
            *slot = check;
        }
    }
    latest
}

/// "๒๒ พฤศจิกายน ๒๕๖๘ เวลา ๑๔.๐๕ น." in Thailand time.
fn date_time_th(at: DateTime<Utc>, thai: bool) -> String {
    let local = at.with_timezone(&thailand_offset());
    format!(
        "{} เวลา {} น.",
        format_date_long(local.date_naive(), thai),
        digits_for(&local.format("%H.%M").to_string(), thai)
    )
}

/// What the template reads: the report and whether `/logo` exists.
#[derive(Serialize)]
struct OitReportData<'a> {
    #[serde(flatten)]
    document: &'a OitReportDocument,
    has_logo: bool,
}

/// The columns of the spreadsheet.
const COLUMNS: [(&str, f64); 11] = [
    ("ตัวชี้วัดย่อย", 24.0),
    ("ข้อ", 6.0),
    ("รายการ", 36.0),
    ("ผู้รับผิดชอบ", 18.0),
    ("สถานะ", 10.0),
    ("การคาดการณ์", 11.0),
    ("ลิงก์หลักฐาน", 44.0),
    ("คำอธิบายลิงก์", 20.0),
    ("ผลการตรวจลิงก์", 18.0),
    ("รายละเอียด", 36.0),
    ("ตรวจล่าสุด", 11.0),
];
/// The column of the addresses, written as hyperlinks.
const URL_COLUMN: usize = 6;

/// The report as an Excel workbook of one sheet: one row per link, an item
/// without links on a row of its own; the summary in the title row.
///
/// # Errors
/// [`DocsError::Xlsx`] when the workbook cannot be written.
fn oit_report_xlsx(document: &OitReportDocument) -> Result<Vec<u8>, DocsError> {
    let columns = COLUMNS.map(|(title, width)| XlsxColumn { title, width });
    let text = |s: &str| {
        if s.is_empty() {
            XlsxCell::Empty
        } else {
            XlsxCell::Text(s.to_owned())
        }
    };
    let mut rows = Vec::new();
    for section in &document.sections {
        for item in &section.items {
            let head = || {
                vec![
                    text(&section.heading),
                    text(&item.code),
                    text(&item.title),
                    text(&item.department),
                    text(&item.status),
                    text(&item.predicted),
                ]
            };
            if item.links.is_empty() {
                let mut row = head();
                row.extend([text(NO_LINK), XlsxCell::Empty, XlsxCell::Empty]);
                row.extend([XlsxCell::Empty, XlsxCell::Empty]);
                rows.push(row);
            }
            for link in &item.links {
                let mut row = head();
                row.extend([
                    text(&link.url),
                    text(&link.note),
                    text(&link.verdict),
                    text(&link.detail),
                    text(&link.checked_on),
                ]);
                rows.push(row);
            }
        }
    }
    let summary: Vec<String> = document
        .summary
        .iter()
        .map(|l| format!("{} {}", l.label, l.value))
        .collect();
    let title = format!(
        "{} {} {} ({}) {}",
        document.title,
        document.agency_name,
        document.fiscal_year,
        document.issued_on,
        summary.join(" / ")
    );
    workbook_xlsx(&[Sheet {
        name: "OIT",
        title: Some(&title),
        columns: &columns,
        rows: &rows,
        link_columns: &[URL_COLUMN],
    }])
}

impl OfficialDocument for OitReportDocument {
    /// The agency's logo above the title when it has one.
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        let data = OitReportData {
            document: self,
            has_logo: self.logo.is_some(),
        };
        Ok(TypstInput::new(Template::OitReport, &data)?.with_logo(self.logo.as_deref()))
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        oit_report_xlsx(self)
    }
}

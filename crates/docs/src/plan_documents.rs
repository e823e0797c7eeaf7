//! The documents of a fiscal year's plan: the measures document (มาตรการส่งเสริม
//! คุณธรรมและความโปร่งใสภายในหน่วยงาน) and the memo (บันทึกข้อความ) that sends it
//! to the departments.
//!
//! As with [`AnalysisDocument`], the contracts hold text already formatted by
//! their builders (`measures_cycle` for the plan's memo, `general_memo` for a
//! memo written in the system): numbers, dates, timeframes, the agency's
//! digits, so the PDF, the
//! DOCX and the XLSX print the same words. The measures document opens with the
//! agency's ITA analysis, printed by the analysis document's own template code,
//! because the measures answer its weaknesses; the measures follow in one table
//! per topic, with the nine columns of the agencies' own documents. The memo is
//! the official memo form, the ครุฑ 1.5 cm high at its top left (or the note
//! that it is missing, as on the order); its acknowledgement table leaves the
//! signature and date columns empty for signing by hand.

use prongsai_core::thai::digits::digits_for;
use serde::Serialize;

use crate::analysis::AnalysisDocument;
use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::emblem::MISSING_EMBLEM_NOTE;
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::signature::Signature;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// The measures document: the analysis, then the measures by topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasuresDocument {
    /// e.g. "องค์การบริหารส่วนตำบลหนองปรุง".
    pub agency_name: String,
    /// Buddhist-era fiscal year of the measures, formatted ("๒๕๖๖"); the
    /// analysis may be of an earlier year's result.
    pub fiscal_year: String,
    /// The analysis printed first, exactly as the analysis document prints it.
    /// Its `thai_digits` also chooses the digits of the page numbers and of the
    /// numbered steps.
    pub analysis: AnalysisDocument,
    /// The topics in plan order, each with its measures.
    pub groups: Vec<MeasureGroup>,
}

/// One topic (ประเด็น) and its measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureGroup {
    /// e.g. "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่" or "ด้าน IIT".
    pub title: String,
    /// The measures in plan order.
    pub measures: Vec<MeasureRow>,
}

/// One measure, one row of its topic's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureRow {
    /// ลำดับ, formatted.
    pub number: String,
    /// มาตรการ/กิจกรรม.
    pub title: String,
    /// ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน.
    pub weakness: String,
    /// ประเด็นที่ต้องพัฒนาให้ดีขึ้น.
    pub improvement: String,
    /// ผู้รับผิดชอบ: departments and positions, one per line.
    pub owners: Vec<String>,
    /// ขั้นตอนหรือวิธีการปฏิบัติ, in order; the documents number them.
    pub steps: Vec<String>,
    /// ระยะเวลา, e.g. "ไตรมาสที่ ๑ - ๒".
    pub timeframe: String,
    /// การกำกับติดตาม: who follows the measure up.
    pub monitoring: String,
    /// การรายงานผล: who reports to whom, how often.
    pub reporting: String,
    /// เป้าหมาย, one per line, e.g. "อบรมให้ความรู้ ๓ ครั้ง".
    pub targets: Vec<String>,
}

/// The memo that sends the measures to the departments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoDocument {
    /// ส่วนราชการ, e.g. "สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง".
    pub from_unit: String,
    /// ที่, e.g. "พบ ๗๕๘๐๑/-".
    pub number: String,
    /// วันที่, formatted ("๓๑ ตุลาคม ๒๕๖๕").
    pub date: String,
    /// เรื่อง.
    pub subject: String,
    /// เรียน: who it is addressed to.
    pub to: String,
    /// The body, one paragraph per entry; the last is the closing
    /// ("จึงเรียนมาเพื่อโปรดทราบ").
    pub body: Vec<String>,
    /// Who signs, as every signed document prints a signer.
    pub signature: Signature,
    /// The heads who acknowledge, in order; none leaves the table out.
    pub acknowledgements: Vec<Acknowledgement>,
    /// Whether page and list numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
    /// The ครุฑ (PNG), at the top left; without one the place holds
    /// [`MISSING_EMBLEM_NOTE`].
    #[serde(skip)]
    pub emblem: Option<Vec<u8>>,
}

/// What the memo template reads: the memo, whether `/emblem` exists and what
/// to print in its place when it does not.
#[derive(Serialize)]
struct MemoData<'a> {
    #[serde(flatten)]
    document: &'a MemoDocument,
    has_emblem: bool,
    emblem_note: &'static str,
}

/// Height of the ครุฑ on a memo, as ระเบียบงานสารบรรณ sets it.
const MEMO_EMBLEM_HEIGHT_CM: f32 = 1.5;

/// One person who acknowledges the memo: a row of the form's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acknowledgement {
    /// ชื่อ - สกุล, e.g. "นายสมบัติ ทับล้อม".
    pub name: String,
    /// ตำแหน่ง; a line break ("\n") starts a new line.
    pub position: String,
    /// The ลงชื่อ column: "รับทราบในระบบ" for an acknowledgement recorded in
    /// the system; empty leaves room to sign by hand.
    pub signed: String,
    /// The วันที่ column, e.g. "๓ ต.ค. ๒๕๖๗"; empty to write by hand.
    pub date: String,
}

const MEASURES_TITLE: &str = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";
const NO_MEASURES: &str = "ยังไม่มีมาตรการ";
const NO_MEASURES_IN_TOPIC: &str = "ยังไม่มีมาตรการในประเด็นนี้";
const MEMO_TITLE: &str = "บันทึกข้อความ";
const ACKNOWLEDGED: &str = "รับทราบ";
/// The room to sign above the signer's name: the PDF's 3.2 em, two empty
/// lines of 16 pt.
const SIGNATURE_BLANK_LINES: usize = 2;
/// The signature block centred in the right 55 % of the 16 cm text width,
/// as in the PDF.
const SIGNATURE_INDENT_CM: f32 = 7.2;

/// The nine columns of a measures table, as the PDF and the DOCX print them.
const MEASURE_COLUMNS: [(&str, f32, CellAlign); 9] = [
    ("ลำดับ", 0.9, CellAlign::Center),
    ("มาตรการ/กิจกรรม", 1.3, CellAlign::Start),
    ("ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน", 1.2, CellAlign::Start),
    ("ประเด็นที่ต้องพัฒนาให้ดีขึ้น", 1.2, CellAlign::Start),
    ("ผู้รับผิดชอบ", 1.0, CellAlign::Start),
    ("ขั้นตอนหรือวิธีการปฏิบัติ", 1.6, CellAlign::Start),
    ("ระยะเวลา", 0.8, CellAlign::Start),
    ("การกำกับติดตามและการรายงานผล", 1.3, CellAlign::Start),
    ("เป้าหมาย", 1.0, CellAlign::Start),
];

impl MeasuresDocument {
    fn thai_digits(&self) -> bool {
        self.analysis.thai_digits
    }

    fn year_line(&self) -> String {
        format!("ประจำปีงบประมาณ พ.ศ. {}", self.fiscal_year)
    }

    /// Which of the nine columns print: one empty in every row (a เป้าหมาย
    /// column nobody filled in) is left out, so the page's width goes to the
    /// columns that say something; the number and the title always print, and
    /// a plan without measures prints every header. The PDF template applies
    /// the same rule (`measures.typ`); the workbook keeps every column, to be
    /// filled in.
    fn shown_columns(&self) -> [bool; 9] {
        let thai = self.thai_digits();
        let mut measures = self.groups.iter().flat_map(|g| &g.measures).peekable();
        if measures.peek().is_none() {
            return [true; 9];
        }
        let mut shown = [true, true, false, false, false, false, false, false, false];
        for measure in measures {
            for (column, cell) in shown.iter_mut().zip(measure.cells(thai)) {
                *column |= !cell.is_empty();
            }
        }
        shown
    }
}

impl MeasureRow {
    /// The nine cells, lists one entry per line, steps numbered.
    fn cells(&self, thai_digits: bool) -> [String; 9] {
        [
            self.number.clone(),
            self.title.clone(),
            self.weakness.clone(),
            self.improvement.clone(),
            stacked(&self.owners),
            numbered(&self.steps, thai_digits),
            self.timeframe.clone(),
            stacked(&[self.monitoring.clone(), self.reporting.clone()]),
            stacked(&self.targets),
        ]
    }
}

/// Non-empty entries, one per line.
fn stacked(items: &[String]) -> String {
    items
        .iter()
        .filter(|item| !item.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// "1. …" per line, in the document's digits.
fn numbered(items: &[String], thai_digits: bool) -> String {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            format!(
                "{}. {item}",
                digits_for(&(index + 1).to_string(), thai_digits)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The measures document as a Word document: its title, the analysis and the
/// measures tables, on landscape pages throughout (the builder has one page
/// size, and the nine columns need the width).
fn measures_docx(document: &MeasuresDocument) -> Result<Vec<u8>, DocsError> {
    let thai = document.thai_digits();
    let shown = document.shown_columns();
    let columns: Vec<Column<'_>> = MEASURE_COLUMNS
        .iter()
        .zip(shown)
        .filter(|(_, shown)| *shown)
        .map(|(&(title, weight, align), _)| Column {
            title,
            weight,
            align,
        })
        .collect();
    let mut builder = DocxBuilder::landscape(thai)
        .title_line(MEASURES_TITLE)
        .title_line(&document.year_line())
        .title_line(&document.agency_name);
    builder = crate::analysis::analysis_docx_blocks(builder, &document.analysis)
        .end_aligned(&format!("จัดทำเมื่อ {}", document.analysis.generated_on));
    if document.groups.is_empty() {
        builder = builder.paragraph(NO_MEASURES);
    }
    for group in &document.groups {
        let rows: Vec<Vec<String>> = group
            .measures
            .iter()
            .map(|measure| {
                measure
                    .cells(thai)
                    .into_iter()
                    .zip(shown)
                    .filter_map(|(cell, shown)| shown.then_some(cell))
                    .collect()
            })
            .collect();
        builder = builder
            .heading(&group.title)
            .table(&columns, &rows, NO_MEASURES_IN_TOPIC);
    }
    builder.build()
}

/// The measures as an Excel workbook: one row per measure, its topic first.
fn measures_xlsx(document: &MeasuresDocument) -> Result<Vec<u8>, DocsError> {
    let thai = document.thai_digits();
    let widths = [8.0, 30.0, 30.0, 30.0, 24.0, 40.0, 16.0, 30.0, 24.0];
    let mut columns = vec![XlsxColumn {
        title: "ประเด็น",
        width: 28.0,
    }];
    columns.extend(
        MEASURE_COLUMNS
            .iter()
            .zip(widths)
            .map(|(&(title, _, _), width)| XlsxColumn { title, width }),
    );
    let rows: Vec<Vec<XlsxCell>> = document
        .groups
        .iter()
        .flat_map(|group| {
            group.measures.iter().map(move |measure| {
                let [number, rest @ ..] = measure.cells(thai);
                let mut row = vec![
                    XlsxCell::Text(group.title.clone()),
                    XlsxCell::from_formatted(&number),
                ];
                row.extend(rest.into_iter().map(|text| {
                    if text.is_empty() {
                        XlsxCell::Empty
                    } else {
                        XlsxCell::Text(text)
                    }
                }));
                row
            })
        })
        .collect();
    let title = format!(
        "{MEASURES_TITLE} {} {}",
        document.year_line(),
        document.agency_name
    );
    table_xlsx("มาตรการ", Some(&title), &columns, &rows)
}

/// The memo as a Word document with the text of the PDF, on the memo form:
/// the form's name at 29 pt, the header labels at 20 pt, the signature after
/// room to sign, centred right of the middle.
fn memo_docx(document: &MemoDocument) -> Result<Vec<u8>, DocsError> {
    let mut builder = DocxBuilder::new(document.thai_digits)
        .memo_head(
            document.emblem.as_deref(),
            MEMO_EMBLEM_HEIGHT_CM,
            MISSING_EMBLEM_NOTE,
            MEMO_TITLE,
        )
        .memo_field("ส่วนราชการ", &document.from_unit)
        .memo_field_pair(("ที่", &document.number), ("วันที่", &document.date))
        .memo_field("เรื่อง", &document.subject)
        .line(&format!("เรียน {}", document.to));
    for paragraph in &document.body {
        builder = builder.paragraph(paragraph);
    }
    let signature = document.signature.lines();
    let signature: Vec<&str> = signature.iter().map(String::as_str).collect();
    builder = builder
        .blank_lines(SIGNATURE_BLANK_LINES)
        .signature(&signature, SIGNATURE_INDENT_CM);
    if !document.acknowledgements.is_empty() {
        let columns = [
            Column {
                title: "ลำดับ",
                weight: 1.0,
                align: CellAlign::Center,
            },
            Column {
                title: "ชื่อ - สกุล",
                weight: 3.4,
                align: CellAlign::Start,
            },
            Column {
                title: "ตำแหน่ง",
                weight: 4.2,
                align: CellAlign::Start,
            },
            Column {
                title: "ลงชื่อ",
                weight: 3.2,
                align: CellAlign::Center,
            },
            Column {
                title: "วันที่",
                weight: 3.2,
                align: CellAlign::Center,
            },
        ];
        let rows: Vec<Vec<String>> = document
            .acknowledgements
            .iter()
            .enumerate()
            .map(|(index, person)| {
                vec![
                    digits_for(&(index + 1).to_string(), document.thai_digits),
                    person.name.clone(),
                    person.position.clone(),
                    person.signed.clone(),
                    person.date.clone(),
                ]
            })
            .collect();
        builder = builder
            .heading(ACKNOWLEDGED)
            .table_of_whole_rows(&columns, &rows, "");
    }
    builder.build()
}

impl OfficialDocument for MeasuresDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::Measures, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        measures_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        measures_xlsx(self)
    }
}

impl OfficialDocument for MemoDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        let data = MemoData {
            document: self,
            has_emblem: self.emblem.is_some(),
            emblem_note: MISSING_EMBLEM_NOTE,
        };
        Ok(TypstInput::new(Template::Memo, &data)?.with_emblem(self.emblem.as_deref()))
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        memo_docx(self)
    }
}

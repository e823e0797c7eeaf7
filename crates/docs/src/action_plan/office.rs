//! The plan as a Word document, for agencies that edit it before signing, and its
//! budget table as an Excel workbook. The DOCX follows the PDF's pages: the
//! cover, the preface and the contents each on their own page, part 1 on
//! portrait pages, part 2's summary table at 14 pt on landscape pages (its
//! nine columns do not fit portrait), part 3 back on portrait with each project
//! from a new page. The contents is a Word field over the parts and sections
//! (Word fills in the page numbers, which only it knows once the agency has
//! edited the text), shown with the headings listed until Word updates it.
//! The workbook's totals are formulas over the rows they add up, so a budget
//! the agency changes in Excel updates them.

use prongsai_core::action_plan::{ListItem, TextBlock};

use super::{ActionPlanDocument, Digits, ProjectSection, TotalsRow};
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// The numbered sections of part 1.
pub(super) const INTRO_SECTIONS: [&str; 5] = [
    "การประเมินความเสี่ยงการทุจริตในองค์กร",
    "หลักการและเหตุผล",
    "วัตถุประสงค์ของการจัดทำแผน",
    "เป้าหมาย",
    "ประโยชน์ของการจัดทำแผน",
];
const PREFACE: &str = "คำนำ";
const CONTENTS: &str = "สารบัญ";
const PART_1_TITLE: &str = "บทนำ";
const PART_2_TITLE: &str = "แผนปฏิบัติการป้องกันการทุจริต";
const PART_2_FULL_TITLE: &str = "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส";
/// Empty lines above the cover's and part 3's titles, which the PDF sets
/// lower on their pages.
const COVER_BLANK_LINES: usize = 8;
const PART_3_TITLE: &str = "รายละเอียดโครงการ/กิจกรรม/มาตรการ ตามแผนปฏิบัติการฯ";
const NO_RISKS: &str = "ยังไม่มีผลการประเมินความเสี่ยงการทุจริต";
const NO_PROJECTS: &str = "ยังไม่มีโครงการ/กิจกรรม/มาตรการ";

fn push_blocks(mut builder: DocxBuilder, blocks: &[TextBlock]) -> DocxBuilder {
    if blocks.is_empty() {
        return builder.paragraph("-");
    }
    for block in blocks {
        builder = match block {
            TextBlock::Paragraph(text) => builder.paragraph(text),
            TextBlock::List(items) => push_items(builder, items),
        };
    }
    builder
}

fn push_items(mut builder: DocxBuilder, items: &[ListItem]) -> DocxBuilder {
    if items.is_empty() {
        return builder.paragraph("-");
    }
    for item in items {
        builder = builder.paragraph(&item_line(item));
    }
    builder
}

/// "1) text", or the text alone when unmarked.
fn item_line(item: &ListItem) -> String {
    if item.marker.is_empty() {
        item.text.clone()
    } else {
        format!("{} {}", item.marker, item.text)
    }
}

fn item_lines(items: &[ListItem]) -> String {
    items.iter().map(item_line).collect::<Vec<_>>().join("\n")
}

/// "จำนวน ๒๐,๐๐๐ บาท".
fn amount_cell(amount: &str) -> String {
    format!("จำนวน {amount} บาท")
}

fn totals_cells(label: &str, totals: &TotalsRow) -> Vec<String> {
    let mut row = vec![
        String::new(),
        label.to_owned(),
        format!("จำนวน {} โครงการ", totals.projects),
    ];
    row.extend(totals.amounts.iter().map(|a| amount_cell(a)));
    row.push(String::new());
    row
}

fn project_docx(mut builder: DocxBuilder, project: &ProjectSection, digits: Digits) -> DocxBuilder {
    let heading = |n: usize, title: &str| digits.text(&format!("{n}. {title}"));
    builder = builder
        .minor_heading(&format!("ลำดับที่ {}", project.number))
        .minor_heading(&format!("{} : {}", heading(1, "ชื่อโครงการ"), project.name))
        .minor_heading(&heading(2, "หลักการและเหตุผล"));
    builder = push_blocks(builder, &project.rationale).minor_heading(&heading(3, "วัตถุประสงค์"));
    builder = push_items(builder, &project.objectives).minor_heading(&heading(4, "กลุ่มเป้าหมาย"));
    builder = push_blocks(builder, &project.target_group).minor_heading(&heading(5, "วิธีดำเนินการ"));
    builder = push_items(builder, &project.methods)
        .minor_heading(&heading(6, "ระยะเวลาดำเนินการ"))
        .paragraph(&project.period)
        .minor_heading(&heading(7, "งบประมาณดำเนินการ"));
    for line in &project.budget_lines {
        builder = builder.paragraph(line);
    }
    builder = builder
        .minor_heading(&heading(8, "ผู้รับผิดชอบโครงการ"))
        .paragraph(&project.owner)
        .minor_heading(&heading(9, "ผลผลิต/ผลลัพธ์"))
        .minor_heading("ผลผลิต");
    builder = push_items(builder, &project.outputs).minor_heading("ผลลัพธ์");
    builder = push_items(builder, &project.outcomes);
    if !project.indicators.is_empty() {
        builder = push_items(
            builder.minor_heading(&heading(10, "ตัวชี้วัด")),
            &project.indicators,
        );
    }
    builder
}

/// The parts' titles, as the PDF prints them and the contents lists them.
struct PartTitles {
    first: String,
    second: String,
    third: String,
}

impl PartTitles {
    fn new(digits: Digits) -> Self {
        Self {
            first: digits.text("ส่วนที่ 1"),
            second: digits.text("ส่วนที่ 2"),
            third: digits.text("ส่วนที่ 3"),
        }
    }
}

/// The contents as the PDF lists it: the preface, the parts and part 1's
/// sections (level 1 under the parts).
fn contents_entries(parts: &PartTitles, sections: &[String]) -> Vec<(usize, String)> {
    let mut entries = vec![
        (0, PREFACE.to_owned()),
        (0, format!("{} {PART_1_TITLE}", parts.first)),
    ];
    entries.extend(sections.iter().map(|section| (1, section.clone())));
    entries.push((0, format!("{} {PART_2_TITLE}", parts.second)));
    entries.push((0, format!("{} {PART_3_TITLE}", parts.third)));
    entries
}

/// The plan as a Word document: cover, preface, contents, the three parts.
pub(super) fn action_plan_docx(document: &ActionPlanDocument) -> Result<Vec<u8>, DocsError> {
    let digits = Digits(document.thai_digits);
    let parts = PartTitles::new(digits);
    let section = |n: usize| digits.text(&format!("{n}. {}", INTRO_SECTIONS[n - 1]));
    let sections: Vec<String> = (1..=INTRO_SECTIONS.len()).map(section).collect();
    let builder = front_matter_docx(document, &parts, &sections);
    let builder = part_one_docx(builder, document, &parts, &sections);
    let builder = part_two_docx(builder, document, &parts);
    part_three_docx(builder, document, &parts, digits).build()
}

/// The cover, the preface and the contents, each on its own page.
fn front_matter_docx(
    document: &ActionPlanDocument,
    parts: &PartTitles,
    sections: &[String],
) -> DocxBuilder {
    let mut builder = DocxBuilder::new(document.thai_digits)
        .blank_lines(COVER_BLANK_LINES)
        .title_line(&document.title)
        .title_line(&format!("ของ{}", document.agency_name))
        .title_line(&document.years_label)
        .page_break()
        .part_title(&[PREFACE]);
    builder = push_blocks(builder, &document.preface)
        .blank_lines(1)
        .end_aligned(&document.agency_name);
    if !document.preface_date.is_empty() {
        builder = builder.end_aligned(&document.preface_date);
    }
    builder = builder
        .page_break()
        .contents(CONTENTS, &contents_entries(parts, sections))
        .page_break();

    builder
}

/// Part 1: the risk table, rationale, objectives, goals with their targets
/// per year, benefits.
fn part_one_docx(
    mut builder: DocxBuilder,
    document: &ActionPlanDocument,
    parts: &PartTitles,
    sections: &[String],
) -> DocxBuilder {
    let mut risk_heading = sections[0].clone();
    if !document.risk_year.is_empty() {
        risk_heading = format!("{risk_heading} ประจำปีงบประมาณ พ.ศ. {}", document.risk_year);
    }
    let risk_columns = [
        ("ลำดับที่", 0.9, CellAlign::Center),
        ("ขั้นตอนการดำเนินงาน", 2.2, CellAlign::Start),
        ("ประเด็นความเสี่ยงการทุจริต", 3.4, CellAlign::Start),
        ("ระดับความเสี่ยง", 1.4, CellAlign::Center),
        ("มาตรการควบคุมความเสี่ยงการทุจริต", 3.4, CellAlign::Start),
    ]
    .map(|(title, weight, align)| Column {
        title,
        weight,
        align,
    });
    let risk_rows: Vec<Vec<String>> = document
        .risks
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.process.clone(),
                item_lines(&r.events),
                r.levels.join("\n"),
                item_lines(&r.controls),
            ]
        })
        .collect();
    builder = builder
        .part_title(&[&parts.first, PART_1_TITLE])
        .subheading(&risk_heading)
        .table(&risk_columns, &risk_rows, NO_RISKS)
        .subheading(&sections[1]);
    builder = push_blocks(builder, &document.rationale).subheading(&sections[2]);
    builder = push_blocks(builder, &document.objectives).subheading(&sections[3]);
    builder = push_blocks(builder, &document.goals);
    let year_titles: Vec<String> = document.years.iter().map(|y| format!("ปี {y}")).collect();
    let mut target_columns = vec![Column {
        title: "ค่าเป้าหมาย",
        weight: 2.4,
        align: CellAlign::Start,
    }];
    target_columns.extend(year_titles.iter().map(|title| Column {
        title,
        weight: 1.0,
        align: CellAlign::Center,
    }));
    let target_rows: Vec<Vec<String>> = document
        .targets
        .iter()
        .map(|t| {
            let mut row = vec![t.heading.clone()];
            row.extend(t.values.iter().cloned());
            row
        })
        .collect();
    if !target_rows.is_empty() {
        builder = builder.table(&target_columns, &target_rows, "");
    }
    builder = push_blocks(builder.subheading(&sections[4]), &document.benefits);

    builder
}

/// Part 2: the landscape summary, dimension > mission > project with a
/// budget per year and the totals.
fn part_two_docx(
    mut builder: DocxBuilder,
    document: &ActionPlanDocument,
    parts: &PartTitles,
) -> DocxBuilder {
    let budget_titles: Vec<String> = document
        .years
        .iter()
        .map(|y| format!("ปี {y} งบประมาณ (บาท)"))
        .collect();
    // The PDF's column widths: 2.8 cm, 4.6 cm, the rest, 2.1 cm per year
    // (for five years or fewer), 1.2 cm.
    let mut summary_columns = vec![
        Column {
            title: "มิติ",
            weight: 2.8,
            align: CellAlign::Start,
        },
        Column {
            title: "ภารกิจตามมิติ",
            weight: 4.6,
            align: CellAlign::Start,
        },
        Column {
            title: "โครงการ/กิจกรรม/มาตรการ",
            weight: 7.4,
            align: CellAlign::Start,
        },
    ];
    let year_weight = 2.1 * 5.0 / document.years.len().max(5) as f32;
    summary_columns.extend(budget_titles.iter().map(|title| Column {
        title,
        weight: year_weight,
        align: CellAlign::End,
    }));
    summary_columns.push(Column {
        title: "หมายเหตุ",
        weight: 1.2,
        align: CellAlign::Start,
    });
    let mut summary_rows = Vec::new();
    for dimension in &document.dimensions {
        let mut first_of_dimension = true;
        for mission in &dimension.missions {
            for (index, project) in mission.projects.iter().enumerate() {
                let mut row = vec![
                    if first_of_dimension {
                        format!("{}. {}", dimension.number, dimension.title)
                    } else {
                        String::new()
                    },
                    if index == 0 {
                        format!("{} {}", mission.number, mission.title)
                    } else {
                        String::new()
                    },
                    format!("{}) {}", project.number, project.name),
                ];
                row.extend(project.budgets.iter().cloned());
                row.push(String::new());
                summary_rows.push(row);
                first_of_dimension = false;
            }
        }
        summary_rows.push(totals_cells("รวม", &dimension.total));
    }
    if !document.dimensions.is_empty() {
        summary_rows.push(totals_cells("รวมทั้งสิ้น", &document.total));
    }
    builder = builder
        .orientation(true)
        .part_title(&[
            &parts.second,
            PART_2_FULL_TITLE,
            &document.years_label,
            &document.agency_name,
        ])
        .small_table(&summary_columns, &summary_rows, NO_PROJECTS);
    if document.total.total != "-" {
        builder = builder.paragraph(&format!(
            "งบประมาณรวมตลอดแผน {} จำนวน {} บาท",
            document.years_label, document.total.total
        ));
    }
    builder
}

/// Part 3, back in portrait: a page per project.
fn part_three_docx(
    mut builder: DocxBuilder,
    document: &ActionPlanDocument,
    parts: &PartTitles,
    digits: Digits,
) -> DocxBuilder {
    builder = builder
        .orientation(false)
        .blank_lines(COVER_BLANK_LINES)
        .part_title(&[&parts.third, PART_3_TITLE]);
    for dimension in &document.dimensions {
        for (mission_index, mission) in dimension.missions.iter().enumerate() {
            for (project_index, project) in mission.projects.iter().enumerate() {
                builder = builder.page_break();
                if mission_index == 0 && project_index == 0 {
                    builder = builder
                        .subheading(&format!("มิติที่ {} {}", dimension.number, dimension.title));
                }
                if project_index == 0 {
                    builder = builder.subheading(&format!("{} {}", mission.number, mission.title));
                }
                builder = project_docx(builder, project, digits);
            }
        }
    }
    builder
}

fn amount(text: &str) -> XlsxCell {
    XlsxCell::from_formatted(text)
}

fn text(text: &str) -> XlsxCell {
    if text.is_empty() {
        XlsxCell::Empty
    } else {
        XlsxCell::Text(text.to_owned())
    }
}

/// The first column of the years' budgets in the workbook.
const FIRST_YEAR_COLUMN: usize = 5;

/// A totals row as SUM formulas: each year's column over `rows` (indices into
/// the sheet's rows), the last column over the row's own years.
fn totals_xlsx(
    dimension: &str,
    label: &str,
    totals: &TotalsRow,
    row: usize,
    rows: &[usize],
) -> Vec<XlsxCell> {
    let mut cells = vec![
        text(dimension),
        text(label),
        XlsxCell::Empty,
        XlsxCell::Empty,
        text(&format!("จำนวน {} โครงการ", totals.projects)),
    ];
    cells.extend(totals.amounts.iter().enumerate().map(|(year, amount)| {
        let column = FIRST_YEAR_COLUMN + year;
        XlsxCell::sum_of(amount, rows.iter().map(|&r| (r, column)).collect())
    }));
    cells.push(row_total(&totals.total, row, totals.amounts.len()));
    cells
}

/// The all-years total of sheet row `row` as a SUM over its `years` columns.
fn row_total(total: &str, row: usize, years: usize) -> XlsxCell {
    XlsxCell::sum_of(
        total,
        (0..years)
            .map(|year| (row, FIRST_YEAR_COLUMN + year))
            .collect(),
    )
}

/// The plan's budget table as an Excel workbook: one row per project (dimension,
/// mission, kind, number, name, a column per year, the total), a รวม row per
/// dimension and the รวมทั้งสิ้น row. Amounts are numbers; every total is a SUM
/// formula (a dimension's over its projects, the plan's over the dimensions',
/// a row's over its years) holding the computed total as its result.
pub(super) fn action_plan_xlsx(document: &ActionPlanDocument) -> Result<Vec<u8>, DocsError> {
    let year_titles: Vec<String> = document.years.iter().map(|y| format!("ปี {y}")).collect();
    let mut columns = vec![
        XlsxColumn {
            title: "มิติ",
            width: 28.0,
        },
        XlsxColumn {
            title: "ภารกิจตามมิติ",
            width: 36.0,
        },
        XlsxColumn {
            title: "ประเภท",
            width: 10.0,
        },
        XlsxColumn {
            title: "ลำดับที่",
            width: 8.0,
        },
        XlsxColumn {
            title: "โครงการ/กิจกรรม/มาตรการ",
            width: 50.0,
        },
    ];
    columns.extend(
        year_titles
            .iter()
            .map(|title| XlsxColumn { title, width: 14.0 }),
    );
    columns.push(XlsxColumn {
        title: "รวม",
        width: 16.0,
    });
    let years = document.years.len();
    let mut rows = Vec::new();
    let mut dimension_rows = Vec::new();
    for dimension in &document.dimensions {
        let dimension_title = format!("{}. {}", dimension.number, dimension.title);
        let mut project_rows = Vec::new();
        for mission in &dimension.missions {
            let mission_title = format!("{} {}", mission.number, mission.title);
            for project in &mission.projects {
                let mut row = vec![
                    text(&dimension_title),
                    text(&mission_title),
                    text(&project.kind),
                    amount(&project.number),
                    text(&project.name),
                ];
                row.extend(project.budgets.iter().map(|b| amount(b)));
                row.push(row_total(&project.total, rows.len(), years));
                project_rows.push(rows.len());
                rows.push(row);
            }
        }
        dimension_rows.push(rows.len());
        rows.push(totals_xlsx(
            &dimension_title,
            "รวม",
            &dimension.total,
            rows.len(),
            &project_rows,
        ));
    }
    rows.push(totals_xlsx(
        "",
        "รวมทั้งสิ้น",
        &document.total,
        rows.len(),
        &dimension_rows,
    ));
    let title = format!(
        "{} {} {}",
        document.title, document.agency_name, document.years_label
    );
    table_xlsx("งบประมาณ", Some(&title), &columns, &rows)
}

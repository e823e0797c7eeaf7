//! The plan as a Word document, for agencies that edit it before signing, and its
//! budget table as an Excel workbook. The DOCX has the words of the PDF in the
//! builder's blocks on portrait pages throughout (the builder has one page size;
//! the summary table's year columns are narrower than on the PDF's landscape
//! pages) and no table of contents: Word numbers its own pages once the agency
//! has edited the text.

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
const PART_2_TITLE: &str = "แผนปฏิบัติการป้องกันการทุจริต";
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
        .heading(&format!("ลำดับที่ {}", project.number))
        .heading(&format!("{} : {}", heading(1, "ชื่อโครงการ"), project.name))
        .heading(&heading(2, "หลักการและเหตุผล"));
    builder = push_blocks(builder, &project.rationale).heading(&heading(3, "วัตถุประสงค์"));
    builder = push_items(builder, &project.objectives).heading(&heading(4, "กลุ่มเป้าหมาย"));
    builder = push_blocks(builder, &project.target_group).heading(&heading(5, "วิธีดำเนินการ"));
    builder = push_items(builder, &project.methods)
        .heading(&heading(6, "ระยะเวลาดำเนินการ"))
        .paragraph(&project.period)
        .heading(&heading(7, "งบประมาณดำเนินการ"));
    for line in &project.budget_lines {
        builder = builder.paragraph(line);
    }
    builder = builder
        .heading(&heading(8, "ผู้รับผิดชอบโครงการ"))
        .paragraph(&project.owner)
        .heading(&heading(9, "ผลผลิต/ผลลัพธ์"))
        .heading("ผลผลิต");
    builder = push_items(builder, &project.outputs).heading("ผลลัพธ์");
    builder = push_items(builder, &project.outcomes);
    if !project.indicators.is_empty() {
        builder = push_items(builder.heading(&heading(10, "ตัวชี้วัด")), &project.indicators);
    }
    builder
}

/// The plan as a Word document: cover lines, preface, the three parts.
pub(super) fn action_plan_docx(document: &ActionPlanDocument) -> Result<Vec<u8>, DocsError> {
    let digits = Digits(document.thai_digits);
    let mut builder = DocxBuilder::new(document.thai_digits)
        .title_line(&document.title)
        .title_line(&format!("ของ{}", document.agency_name))
        .title_line(&document.years_label)
        .title_line("คำนำ");
    builder = push_blocks(builder, &document.preface).end_aligned(&document.agency_name);
    if !document.preface_date.is_empty() {
        builder = builder.end_aligned(&document.preface_date);
    }

    let section = |n: usize| digits.text(&format!("{n}. {}", INTRO_SECTIONS[n - 1]));
    let mut risk_heading = section(1);
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
        .title_line(&digits.text("ส่วนที่ 1"))
        .title_line("บทนำ")
        .heading(&risk_heading)
        .table(&risk_columns, &risk_rows, NO_RISKS)
        .heading(&section(2));
    builder = push_blocks(builder, &document.rationale).heading(&section(3));
    builder = push_blocks(builder, &document.objectives).heading(&section(4));
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
    builder = push_blocks(builder.heading(&section(5)), &document.benefits);

    let budget_titles: Vec<String> = document
        .years
        .iter()
        .map(|y| format!("ปี {y} งบประมาณ (บาท)"))
        .collect();
    let mut summary_columns = vec![
        Column {
            title: "มิติ",
            weight: 1.3,
            align: CellAlign::Start,
        },
        Column {
            title: "ภารกิจตามมิติ",
            weight: 1.6,
            align: CellAlign::Start,
        },
        Column {
            title: "โครงการ/กิจกรรม/มาตรการ",
            weight: 2.6,
            align: CellAlign::Start,
        },
    ];
    summary_columns.extend(budget_titles.iter().map(|title| Column {
        title,
        weight: 1.1,
        align: CellAlign::End,
    }));
    summary_columns.push(Column {
        title: "หมายเหตุ",
        weight: 0.8,
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
        .title_line(&digits.text("ส่วนที่ 2"))
        .title_line(PART_2_TITLE)
        .title_line(&document.years_label)
        .title_line(&document.agency_name)
        .table(&summary_columns, &summary_rows, NO_PROJECTS);
    if document.total.total != "-" {
        builder = builder.paragraph(&format!(
            "งบประมาณรวมตลอดแผน {} จำนวน {} บาท",
            document.years_label, document.total.total
        ));
    }
    builder = builder
        .title_line(&digits.text("ส่วนที่ 3"))
        .title_line(PART_3_TITLE);
    for dimension in &document.dimensions {
        builder = builder.heading(&format!("มิติที่ {} {}", dimension.number, dimension.title));
        for mission in &dimension.missions {
            builder = builder.heading(&format!("{} {}", mission.number, mission.title));
            for project in &mission.projects {
                builder = project_docx(builder, project, digits);
            }
        }
    }
    builder.build()
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

fn totals_xlsx(dimension: &str, label: &str, totals: &TotalsRow) -> Vec<XlsxCell> {
    let mut row = vec![
        text(dimension),
        text(label),
        XlsxCell::Empty,
        XlsxCell::Empty,
        text(&format!("จำนวน {} โครงการ", totals.projects)),
    ];
    row.extend(totals.amounts.iter().map(|a| amount(a)));
    row.push(amount(&totals.total));
    row
}

/// The plan's budget table as an Excel workbook: one row per project (dimension,
/// mission, kind, number, name, a column per year, the total), a รวม row per
/// dimension and the รวมทั้งสิ้น row. Amounts are numbers.
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
    let mut rows = Vec::new();
    for dimension in &document.dimensions {
        let dimension_title = format!("{}. {}", dimension.number, dimension.title);
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
                row.push(amount(&project.total));
                rows.push(row);
            }
        }
        rows.push(totals_xlsx(&dimension_title, "รวม", &dimension.total));
    }
    rows.push(totals_xlsx("", "รวมทั้งสิ้น", &document.total));
    let title = format!(
        "{} {} {}",
        document.title, document.agency_name, document.years_label
    );
    table_xlsx("งบประมาณ", Some(&title), &columns, &rows)
}

//! The corruption-risk assessment of a fiscal year (การประเมินความเสี่ยงการทุจริต) as
//! a document: the register table, the legend of the agency's bands and the 5 × 5
//! heat map, in PDF, DOCX and XLSX; and the heat map alone as SVG for the web page.
//!
//! The register prints one line per risk event (its rating in its own columns)
//! beside the area's process, controls and follow-up, as the action-plan seed
//! prints its risk table. A control that an action-plan project or a measure
//! carries out names it, "(โครงการที่ 5 …)", so a reader can find it in the plan.
//! As with every document here, [`risk_assessment_document`] formats all text
//! once and the three formats print the same words: the numbers it writes
//! (rows, ratings, scores, years, counts) in the agency's digits, what users
//! typed (processes, events, controls, follow-ups, titles) as typed.

use std::fmt::Write as _;

use prongsai_core::action_plan::ActionPlan;
use prongsai_core::measures::Measure;
use prongsai_core::risk::{
    Control, HeatMap, RiskArea, RiskAssessment, RiskEvent, RiskLevel, RiskRating, heat_map,
};
use prongsai_core::thai::digits::digits_for;
use quick_xml::escape::escape;
use serde::Serialize;

use crate::agency::DocumentAgency;
use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// The assessment as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskAssessmentDocument {
    /// e.g. "องค์การบริหารส่วนตำบลบางแค".
    pub agency_name: String,
    /// "การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘".
    pub title: String,
    /// The areas in order, one group of register lines each.
    pub areas: Vec<RiskAreaRow>,
    /// The bands, lowest first.
    pub legend: Vec<RiskLegendRow>,
    /// The heat map's rows, impact 5 (the top row) first.
    pub heat_map: Vec<RiskHeatRow>,
    /// The likelihood labels under the map, 1 to 5 in the document's digits.
    pub likelihoods: Vec<String>,
    /// Says how many events were given a level directly and so have no cell;
    /// empty when none.
    pub unscored_note: String,
    /// Whether numbers are in Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// One process or area of the register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskAreaRow {
    /// ลำดับ, formatted.
    pub number: String,
    /// ขั้นตอน/กระบวนงาน.
    pub process: String,
    /// One register line each; none prints one empty line.
    pub events: Vec<RiskEventRow>,
    /// มาตรการควบคุม, numbered when more than one, each naming the project or
    /// measure that carries it out.
    pub controls: Vec<String>,
    /// สถานะ/การติดตาม of each control, in the same order and numbering.
    pub follow_ups: Vec<String>,
}

/// One risk event and its rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskEventRow {
    /// ประเด็นความเสี่ยง, numbered when the area has more than one.
    pub text: String,
    /// โอกาส, "-" when the level was entered directly.
    pub likelihood: String,
    /// ผลกระทบ, "-" when the level was entered directly.
    pub impact: String,
    /// คะแนน, "-" when the level was entered directly.
    pub score: String,
    /// ระดับ: ต่ำ / ปานกลาง / สูง / สูงมาก, "-" when a score is out of range.
    pub level: String,
    /// The level's colour (hex RGB); white without a level.
    pub colour: String,
}

/// One band of the legend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskLegendRow {
    /// "1–3", formatted.
    pub range: String,
    pub level: String,
    pub colour: String,
}

/// One row of the heat map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskHeatRow {
    /// The row's impact, formatted.
    pub impact: String,
    /// Likelihood 1 to 5.
    pub cells: Vec<RiskHeatCell>,
}

/// One cell of the heat map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskHeatCell {
    /// How many events fall in it, formatted; empty for none.
    pub count: String,
    pub level: String,
    pub colour: String,
}

const TITLE: &str = "การประเมินความเสี่ยงการทุจริต";
const NO_AREAS: &str = "ยังไม่มีการประเมินความเสี่ยง";
const LEGEND_HEADING: &str = "เกณฑ์ระดับความเสี่ยง (คะแนน = โอกาส × ผลกระทบ)";
const HEAT_MAP_HEADING: &str = "แผนภูมิความเสี่ยง (Heat Map)";
const LIKELIHOOD: &str = "โอกาส";
const IMPACT: &str = "ผลกระทบ";
const NOT_RATED: &str = "-";
const NO_LEVEL_COLOUR: &str = "#ffffff";

/// The register's columns, as the PDF, the DOCX and the XLSX print them.
const REGISTER_COLUMNS: [(&str, f32, CellAlign, f64); 9] = [
    ("ลำดับ", 0.6, CellAlign::Center, 8.0),
    ("ขั้นตอน/กระบวนงาน", 1.6, CellAlign::Start, 24.0),
    ("ประเด็นความเสี่ยง", 2.6, CellAlign::Start, 40.0),
    ("โอกาส", 0.7, CellAlign::Center, 8.0),
    ("ผลกระทบ", 0.8, CellAlign::Center, 9.0),
    ("คะแนน", 0.7, CellAlign::Center, 8.0),
    ("ระดับ", 0.9, CellAlign::Center, 11.0),
    ("มาตรการควบคุม", 2.6, CellAlign::Start, 44.0),
    ("สถานะ/การติดตาม", 1.8, CellAlign::Start, 32.0),
];

/// Fills the document of an assessment. `plan` and `measures` name the projects
/// and measures that controls point at; a control pointing at one that is not
/// there prints without a name.
#[must_use]
pub fn risk_assessment_document(
    assessment: &RiskAssessment,
    plan: Option<&ActionPlan>,
    measures: &[Measure],
    agency: &DocumentAgency,
) -> RiskAssessmentDocument {
    let thai = agency.thai_digits;
    let d = |text: &str| digits_for(text, thai);
    let map = heat_map(assessment);
    RiskAssessmentDocument {
        agency_name: agency.name.clone(),
        title: d(&format!(
            "{TITLE} ประจำปีงบประมาณ พ.ศ. {}",
            assessment.fiscal_year
        )),
        areas: assessment
            .areas
            .iter()
            .enumerate()
            .map(|(index, area)| area_row(index + 1, area, assessment, plan, measures, thai))
            .collect(),
        legend: assessment
            .bands
            .ranges()
            .into_iter()
            .map(|(range, level)| RiskLegendRow {
                range: d(&range),
                level: level.label_th().to_owned(),
                colour: level.colour().to_owned(),
            })
            .collect(),
        heat_map: heat_rows(&map, thai),
        likelihoods: (1..=5).map(|n| d(&n.to_string())).collect(),
        unscored_note: d(&levelled_note(&map)),
        thai_digits: thai,
    }
}

fn area_row(
    number: usize,
    area: &RiskArea,
    assessment: &RiskAssessment,
    plan: Option<&ActionPlan>,
    measures: &[Measure],
    thai: bool,
) -> RiskAreaRow {
    let d = |text: &str| digits_for(text, thai);
    let marker = |count: usize, index: usize| {
        if count > 1 {
            d(&format!("{}. ", index + 1))
        } else {
            String::new()
        }
    };
    let events = area
        .events
        .iter()
        .enumerate()
        .map(|(index, event)| {
            let mut row = event_row(event, assessment, thai);
            row.text = format!("{}{}", marker(area.events.len(), index), row.text);
            row
        })
        .collect();
    let controls = area
        .controls
        .iter()
        .enumerate()
        .map(|(index, control)| {
            format!(
                "{}{}",
                marker(area.controls.len(), index),
                control_text(control, plan, measures, thai)
            )
        })
        .collect();
    let follow_ups = area
        .controls
        .iter()
        .enumerate()
        .map(|(index, control)| {
            let mut text = format!(
                "{}{}",
                marker(area.controls.len(), index),
                control.status.label_th()
            );
            let note = control.follow_up.trim();
            if !note.is_empty() {
                text.push('\n');
                text.push_str(note);
            }
            text
        })
        .collect();
    RiskAreaRow {
        number: d(&number.to_string()),
        process: area.process.trim().to_owned(),
        events,
        controls,
        follow_ups,
    }
}

fn event_row(event: &RiskEvent, assessment: &RiskAssessment, thai: bool) -> RiskEventRow {
    let d = |n: u32| digits_for(&n.to_string(), thai);
    let level = event.level(&assessment.bands);
    let (likelihood, impact, score) = match event.rating {
        RiskRating::Scored { likelihood, impact } => (
            d(u32::from(likelihood)),
            d(u32::from(impact)),
            d(u32::from(likelihood) * u32::from(impact)),
        ),
        RiskRating::Level { .. } => (
            NOT_RATED.to_owned(),
            NOT_RATED.to_owned(),
            NOT_RATED.to_owned(),
        ),
    };
    RiskEventRow {
        text: event.text.trim().to_owned(),
        likelihood,
        impact,
        score,
        level: level.map_or(NOT_RATED, RiskLevel::label_th).to_owned(),
        colour: level.map_or(NO_LEVEL_COLOUR, RiskLevel::colour).to_owned(),
    }
}

/// The control's text, then the project or measure that carries it out.
fn control_text(
    control: &Control,
    plan: Option<&ActionPlan>,
    measures: &[Measure],
    thai: bool,
) -> String {
    let project = control.project.and_then(|id| {
        plan?
            .numbered_projects()
            .find(|(_, _, _, p)| p.id == id)
            .map(|(number, _, _, p)| {
                format!(
                    "โครงการที่ {} {}",
                    digits_for(&number.to_string(), thai),
                    p.display_name().trim()
                )
            })
    });
    let measure = control.measure.and_then(|id| {
        measures
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.title.trim().to_owned())
    });
    let mut text = control.text.trim().to_owned();
    for link in [project, measure].into_iter().flatten() {
        write!(text, " ({link})").expect("writing to a String cannot fail");
    }
    text
}

fn heat_rows(map: &HeatMap, thai: bool) -> Vec<RiskHeatRow> {
    map.rows
        .iter()
        .map(|row| RiskHeatRow {
            impact: row
                .first()
                .map(|cell| digits_for(&cell.impact.to_string(), thai))
                .unwrap_or_default(),
            cells: row
                .iter()
                .map(|cell| RiskHeatCell {
                    count: if cell.count == 0 {
                        String::new()
                    } else {
                        digits_for(&cell.count.to_string(), thai)
                    },
                    level: cell.level.label_th().to_owned(),
                    colour: cell.level.colour().to_owned(),
                })
                .collect(),
        })
        .collect()
}

impl RiskAreaRow {
    /// The register lines of the area as plain cells: the area's own columns
    /// (number, process, controls, follow-up) on its first line only.
    fn lines(&self) -> Vec<[String; 9]> {
        let empty = RiskEventRow {
            text: String::new(),
            likelihood: String::new(),
            impact: String::new(),
            score: String::new(),
            level: String::new(),
            colour: String::new(),
        };
        let events: Vec<&RiskEventRow> = if self.events.is_empty() {
            vec![&empty]
        } else {
            self.events.iter().collect()
        };
        events
            .into_iter()
            .enumerate()
            .map(|(index, event)| {
                let first = index == 0;
                let own = |text: String| if first { text } else { String::new() };
                [
                    own(self.number.clone()),
                    own(self.process.clone()),
                    event.text.clone(),
                    event.likelihood.clone(),
                    event.impact.clone(),
                    event.score.clone(),
                    event.level.clone(),
                    own(self.controls.join("\n")),
                    own(self.follow_ups.join("\n")),
                ]
            })
            .collect()
    }
}

/// The assessment as a Word document on landscape pages: the register, then
/// the legend of the bands and the heat map's counts.
fn risk_assessment_docx(document: &RiskAssessmentDocument) -> Result<Vec<u8>, DocsError> {
    let columns = REGISTER_COLUMNS.map(|(title, weight, align, _)| Column {
        title,
        weight,
        align,
    });
    let rows: Vec<Vec<String>> = document
        .areas
        .iter()
        .flat_map(RiskAreaRow::lines)
        .map(Vec::from)
        .collect();
    let legend_columns = [
        Column {
            title: "คะแนน",
            weight: 1.0,
            align: CellAlign::Center,
        },
        Column {
            title: "ระดับความเสี่ยง",
            weight: 1.5,
            align: CellAlign::Center,
        },
    ];
    let legend: Vec<Vec<String>> = document
        .legend
        .iter()
        .map(|band| vec![band.range.clone(), band.level.clone()])
        .collect();
    let mut map_columns = vec![Column {
        title: "ผลกระทบ \\ โอกาส",
        weight: 1.6,
        align: CellAlign::Center,
    }];
    map_columns.extend(document.likelihoods.iter().map(|label| Column {
        title: label.as_str(),
        weight: 1.0,
        align: CellAlign::Center,
    }));
    let map: Vec<Vec<String>> = document
        .heat_map
        .iter()
        .map(|row| {
            let mut cells = vec![row.impact.clone()];
            cells.extend(row.cells.iter().map(|cell| {
                if cell.count.is_empty() {
                    cell.level.clone()
                } else {
                    format!("{} ({})", cell.count, cell.level)
                }
            }));
            cells
        })
        .collect();
    // Each level on its colour, as in the PDF: the register's level column,
    // the legend's level column and every cell of the heat map.
    let level_column = REGISTER_COLUMNS.len() - 3;
    let register_fills: Vec<Vec<String>> = document
        .areas
        .iter()
        .flat_map(|area| {
            let colours: Vec<&str> = if area.events.is_empty() {
                vec![""]
            } else {
                area.events.iter().map(|e| e.colour.as_str()).collect()
            };
            colours.into_iter().map(|colour| {
                let mut fills = vec![String::new(); REGISTER_COLUMNS.len()];
                fills[level_column] = colour.to_owned();
                fills
            })
        })
        .collect();
    let legend_fills: Vec<Vec<String>> = document
        .legend
        .iter()
        .map(|band| vec![String::new(), band.colour.clone()])
        .collect();
    let map_fills: Vec<Vec<String>> = document
        .heat_map
        .iter()
        .map(|row| {
            let mut fills = vec![String::new()];
            fills.extend(row.cells.iter().map(|cell| cell.colour.clone()));
            fills
        })
        .collect();
    let mut builder = DocxBuilder::landscape(document.thai_digits)
        .title_line(&document.title)
        .title_line(&document.agency_name)
        .coloured_table(&columns, &rows, &register_fills, NO_AREAS)
        .heading(LEGEND_HEADING)
        .coloured_table(&legend_columns, &legend, &legend_fills, "")
        .heading(HEAT_MAP_HEADING)
        .coloured_table(&map_columns, &map, &map_fills, "");
    if !document.unscored_note.is_empty() {
        builder = builder.paragraph(&document.unscored_note);
    }
    builder.build()
}

/// The register as an Excel workbook: one row per risk event, with its area's
/// number and process on every row (so the sheet filters and sorts) and the
/// area's controls and follow-up on its first row.
fn risk_assessment_xlsx(document: &RiskAssessmentDocument) -> Result<Vec<u8>, DocsError> {
    let columns = REGISTER_COLUMNS.map(|(title, _, _, width)| XlsxColumn { title, width });
    let rows: Vec<Vec<XlsxCell>> = document
        .areas
        .iter()
        .flat_map(|area| {
            area.lines().into_iter().map(|mut line| {
                line[0].clone_from(&area.number);
                line[1].clone_from(&area.process);
                line.into_iter()
                    .enumerate()
                    .map(|(column, text)| match column {
                        0 | 3..=5 => XlsxCell::from_formatted(&text),
                        _ if text.is_empty() => XlsxCell::Empty,
                        _ => XlsxCell::Text(text),
                    })
                    .collect()
            })
        })
        .collect();
    let title = format!("{} {}", document.title, document.agency_name);
    table_xlsx("ทะเบียนความเสี่ยง", Some(&title), &columns, &rows)
}

/// Size of a heat-map cell in the SVG, in user units.
const SVG_CELL: u32 = 64;
/// Room left of the map for the impact labels, and below it for the likelihood
/// labels.
const SVG_LEFT: u32 = 72;
const SVG_TOP: u32 = 16;
const SVG_BOTTOM: u32 = 64;
/// Room right of the map for the legend.
const SVG_LEGEND: u32 = 150;

/// What the map says about events whose level was typed directly: where they
/// are counted ([`level_cell`](prongsai_core::risk::level_cell)) and how many
/// have no cell; empty when every event was scored.
fn levelled_note(map: &HeatMap) -> String {
    let mut note = Vec::new();
    if map.levelled > 0 {
        note.push(format!(
            "ประเด็นความเสี่ยงที่กำหนดระดับโดยตรง {} ประเด็น นับอยู่ในช่องแรกตามแนวทแยงที่อยู่ในระดับนั้น",
            map.levelled
        ));
    }
    if map.unscored > 0 {
        note.push(format!(
            "ประเด็นความเสี่ยงที่กำหนดระดับซึ่งไม่มีในเกณฑ์ของหน่วยงาน {} ประเด็น ไม่ปรากฏในแผนภูมิ",
            map.unscored
        ));
    }
    note.join(" ")
}

/// The heat map as a standalone, accessible SVG: a title and a description, 25
/// cells coloured by level, each with its own title and its count, Thai axis
/// labels and a legend. Digits are Arabic: the web page shows it.
#[must_use]
pub fn risk_heat_map_svg(assessment: &RiskAssessment) -> String {
    let map = heat_map(assessment);
    let grid = SVG_CELL * 5;
    let width = SVG_LEFT + grid + SVG_LEGEND;
    let height = SVG_TOP + grid + SVG_BOTTOM;
    let scored: usize = map.rows.iter().flatten().map(|cell| cell.count).sum();
    let title = format!(
        "แผนภูมิความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {}",
        assessment.fiscal_year
    );
    let mut svg = String::new();
    let mut put = |text: String| svg.push_str(&text);
    put(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"heat-map-title heat-map-desc\" \
         font-family=\"Sarabun, sans-serif\" font-size=\"14\">"
    ));
    put(format!(
        "<title id=\"heat-map-title\">{}</title>",
        escape(&title)
    ));
    let desc = format!(
        "จำนวนประเด็นความเสี่ยงในแต่ละช่องของโอกาส (แนวนอน 1–5) \
         และผลกระทบ (แนวตั้ง 1–5) รวม {scored} ประเด็น {}",
        levelled_note(&map)
    );
    put(format!(
        "<desc id=\"heat-map-desc\">{}</desc>",
        desc.trim_end()
    ));
    for (row_index, row) in (0u32..).zip(&map.rows) {
        let y = SVG_TOP + row_index * SVG_CELL;
        for (column, cell) in (0u32..).zip(row) {
            let x = SVG_LEFT + column * SVG_CELL;
            let label = format!(
                "โอกาส {} ผลกระทบ {} คะแนน {} ระดับ{}: {} ประเด็น",
                cell.likelihood,
                cell.impact,
                u32::from(cell.likelihood) * u32::from(cell.impact),
                cell.level.label_th(),
                cell.count
            );
            put(format!(
                "<g class=\"heat-cell\"><title>{}</title>\
                 <rect class=\"cell level-{}\" x=\"{x}\" y=\"{y}\" width=\"{SVG_CELL}\" \
                 height=\"{SVG_CELL}\" fill=\"{}\" stroke=\"#333333\"/>",
                escape(&label),
                cell.level.code(),
                cell.level.colour()
            ));
            if cell.count > 0 {
                put(format!(
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" \
                     font-size=\"22\" font-weight=\"bold\">{}</text>",
                    x + SVG_CELL / 2,
                    y + SVG_CELL / 2,
                    cell.count
                ));
            }
            put("</g>".to_owned());
        }
        let impact = row.first().map_or(0, |cell| cell.impact);
        put(format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"central\">{impact}</text>",
            SVG_LEFT - 8,
            y + SVG_CELL / 2
        ));
    }
    for likelihood in 1..=5u32 {
        put(format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{likelihood}</text>",
            SVG_LEFT + (likelihood - 1) * SVG_CELL + SVG_CELL / 2,
            SVG_TOP + grid + 20
        ));
    }
    put(format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{LIKELIHOOD}</text>",
        SVG_LEFT + grid / 2,
        SVG_TOP + grid + 48
    ));
    put(format!(
        "<text x=\"20\" y=\"{0}\" text-anchor=\"middle\" font-weight=\"bold\" \
         transform=\"rotate(-90 20 {0})\">{IMPACT}</text>",
        SVG_TOP + grid / 2
    ));
    let legend_x = SVG_LEFT + grid + 20;
    put(format!(
        "<text x=\"{legend_x}\" y=\"{}\" font-weight=\"bold\">ระดับความเสี่ยง</text>",
        SVG_TOP + 14
    ));
    for (index, (range, level)) in (0u32..).zip(assessment.bands.ranges()) {
        let y = SVG_TOP + 30 + index * 26;
        put(format!(
            "<rect x=\"{legend_x}\" y=\"{y}\" width=\"18\" height=\"18\" fill=\"{}\" stroke=\"#333333\"/>\
             <text x=\"{}\" y=\"{}\">{} ({})</text>",
            level.colour(),
            legend_x + 26,
            y + 14,
            level.label_th(),
            escape(&range)
        ));
    }
    put("</svg>".to_owned());
    svg
}

impl OfficialDocument for RiskAssessmentDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::RiskAssessment, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        risk_assessment_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        risk_assessment_xlsx(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_thai_and_escapes_markup() {
        assert_eq!(escape("ก < ข & \"ค\""), "ก &lt; ข &amp; &quot;ค&quot;");
    }
}

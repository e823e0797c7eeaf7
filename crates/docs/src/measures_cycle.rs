//! The four documents of a fiscal year's measures cycle shaped from the plan as
//! core holds it: the measures document, the memo that sends it to the
//! departments, the report of a round and the annual report. The caller loads
//! the plan, the progress of a round and the memo; everything printed is
//! formatted here, so a test or a bench makes these documents without a store.
//!
//! The agency's choice of Thai or Arabic digits is applied to what the product
//! writes (row and step numbers, years, scores, target quantities, round
//! headings) with `digits_for`, which never touches URLs, e-mail addresses or
//! codes. What a user typed (titles, weaknesses, steps, results, evidence
//! labels and URLs, the memo's fields, names and positions) prints as typed: a
//! clerk who wrote "งปฯ ๖๗" or "72 ราย" sees exactly that in the document.

use std::collections::HashMap;

use chrono::Datelike;
use prongsai_core::measures::{Measure, PlanMemo, Progress, Target, Topic, format_quantity};
use prongsai_core::model::MeasureId;
use prongsai_core::thai::calendar::{be_year, format_date_long, month_full};
use prongsai_core::thai::digits::{digits_for, document_number_digits};
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound};

use crate::agency::DocumentAgency;
use crate::analysis::AnalysisDocument;
use crate::plan_documents::{
    Acknowledgement, MeasureGroup, MeasureRow, MeasuresDocument, MemoDocument,
};
use crate::reports::{
    AnnualReportDocument, AnnualReportLink, AnnualReportRow, AnnualReportTopic,
    HalfYearReportDocument, HalfYearReportGroup, HalfYearReportRow,
};
use crate::signature::Signature;

/// The measures of one fiscal year, topics and measures in plan order.
#[derive(Debug, Clone, Copy)]
pub struct MeasuresPlan<'a> {
    /// Buddhist-era fiscal year.
    pub year: i32,
    pub topics: &'a [Topic],
    pub measures: &'a [Measure],
}

impl<'a> MeasuresPlan<'a> {
    fn measures_of(&self, topic: &'a Topic) -> impl Iterator<Item = &'a Measure> + use<'a> {
        self.measures.iter().filter(move |m| m.topic_id == topic.id)
    }

    fn year_number(&self, d: &Digits) -> String {
        d.number(usize::try_from(self.year).unwrap_or_default())
    }
}

/// Department names, then positions, as the owner column lists them.
fn owners(agency: &DocumentAgency, measure: &Measure) -> Vec<String> {
    measure
        .owners
        .departments
        .iter()
        .filter_map(|id| agency.department_name(*id).map(str::to_owned))
        .chain(
            measure
                .owners
                .positions
                .iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
        )
        .collect()
}

/// Numbers the product writes, as the agency writes them.
struct Digits(bool);

impl Digits {
    /// Text composed here, never what a user typed.
    fn text(&self, s: &str) -> String {
        digits_for(s, self.0)
    }

    fn number(&self, n: usize) -> String {
        digits_for(&n.to_string(), self.0)
    }

    /// "๑. step", "๒. step", …: the numbers in the agency's digits, the
    /// steps as typed.
    fn numbered(&self, items: &[&str]) -> Vec<String> {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", self.number(i + 1)))
            .collect()
    }

    /// "อบรมให้ความรู้ ๓ ครั้ง": what to do and its unit as typed, the
    /// quantity (entered as a number) in the agency's digits.
    fn target(&self, target: &Target) -> String {
        let mut out = typed(&target.text);
        if let Some(quantity) = target.quantity {
            out.push(' ');
            out.push_str(&self.text(&format_quantity(quantity)));
            let unit = target.unit.trim();
            if !unit.is_empty() {
                out.push(' ');
                out.push_str(unit);
            }
        }
        out
    }
}

/// A field as the user typed it, without the spaces around it.
fn typed(text: &str) -> String {
    text.trim().to_owned()
}

/// Non-empty lines of a multi-line text the user typed.
fn typed_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The measures document: `analysis` (of the ITA result the plan answers)
/// first, then the measures by topic.
#[must_use]
pub fn measures_document(
    plan: MeasuresPlan<'_>,
    agency: &DocumentAgency,
    analysis: AnalysisDocument,
) -> MeasuresDocument {
    let d = Digits(agency.thai_digits);
    let groups = plan
        .topics
        .iter()
        .map(|topic| MeasureGroup {
            title: typed(&topic.title),
            measures: plan
                .measures_of(topic)
                .enumerate()
                .map(|(i, m)| MeasureRow {
                    number: d.number(i + 1),
                    title: typed(&m.title),
                    weakness: typed(&m.weakness),
                    improvement: typed(&m.improvement),
                    owners: owners(agency, m),
                    steps: m.non_empty_steps().iter().map(|s| typed(s)).collect(),
                    timeframe: m.timeframe.label_th(agency.thai_digits),
                    monitoring: typed(&m.monitoring),
                    reporting: typed(&m.reporting),
                    targets: m.targets.iter().map(|t| d.target(t)).collect(),
                })
                .collect(),
        })
        .collect();
    MeasuresDocument {
        agency_name: agency.name.clone(),
        fiscal_year: plan.year_number(&d),
        analysis,
        groups,
    }
}

/// The memo that sends the measures, from the fields the administrator entered
/// and the officials it names (an official no longer of the agency is left out).
#[must_use]
pub fn measures_memo_document(memo: &PlanMemo, agency: &DocumentAgency) -> MemoDocument {
    let thai = agency.thai_digits;
    let signer = memo.signer.and_then(|id| agency.official(id));
    MemoDocument {
        from_unit: typed(&memo.from_unit),
        number: document_number_digits(&memo.number, thai),
        date: memo
            .date
            .map(|date| format_date_long(date, thai))
            .unwrap_or_default(),
        subject: typed(&memo.subject),
        to: typed(&memo.to),
        body: memo
            .body
            .iter()
            .map(|p| typed(p))
            .filter(|p| !p.is_empty())
            .collect(),
        signature: signer.map(Signature::of_official).unwrap_or_default(),
        acknowledgements: memo
            .acknowledgers
            .iter()
            .filter_map(|id| agency.official(*id))
            .map(|o| Acknowledgement {
                name: o.full_name(),
                position: typed(&o.position),
                signed: String::new(),
                date: String::new(),
            })
            .collect(),
        thai_digits: thai,
        emblem: agency.emblem.clone(),
    }
}

/// "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)".
fn round_heading(year: i32, round: ReportingRound, thai: bool) -> String {
    let (first, last) = FiscalYear::new(year).round_range(round);
    let text = format!(
        "{} (เดือน{} {} - {} {})",
        round.label_th(),
        month_full(first),
        be_year(first.year()),
        month_full(last),
        be_year(last.year()),
    );
    digits_for(&text, thai)
}

fn by_measure(progress: &[Progress]) -> HashMap<MeasureId, &Progress> {
    progress.iter().map(|p| (p.measure_id, p)).collect()
}

/// The report of a round: per topic, weakness | steps | owners | monitoring |
/// what was done in the round (`progress`, the round's entries).
#[must_use]
pub fn round_report_document(
    plan: MeasuresPlan<'_>,
    round: ReportingRound,
    progress: &[Progress],
    agency: &DocumentAgency,
) -> HalfYearReportDocument {
    let progress = by_measure(progress);
    let d = Digits(agency.thai_digits);
    let year = plan.year;
    let groups = plan
        .topics
        .iter()
        .enumerate()
        .map(|(i, topic)| HalfYearReportGroup {
            number: d.number(i + 1),
            title: typed(&topic.title),
            rows: plan
                .measures_of(topic)
                .map(|m| {
                    let mut monitoring = typed_lines(&m.monitoring);
                    monitoring.extend(typed_lines(&m.reporting));
                    HalfYearReportRow {
                        weakness: typed(if m.weakness.trim().is_empty() {
                            &m.title
                        } else {
                            &m.weakness
                        }),
                        measures: m
                            .non_empty_steps()
                            .iter()
                            .map(|s| format!("- {s}"))
                            .collect(),
                        owners: owners(agency, m),
                        monitoring,
                        actions: progress
                            .get(&m.id)
                            .map(|p| typed_lines(&p.summary))
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    HalfYearReportDocument {
        agency_name: agency.name.clone(),
        location: agency.location(),
        fiscal_year: plan.year_number(&d),
        round_heading: round_heading(year, round, agency.thai_digits),
        plan_title: format!(
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{} ประจำปีงบประมาณ พ.ศ. {}",
            agency.name,
            plan.year_number(&d)
        ),
        intro: format!(
            "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {} \
             นำมาสู่ข้อเสนอแนะในการกำหนดมาตรการในการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานของ{} ดังนี้",
            d.text(&(year - 1).to_string()),
            agency.name
        ),
        groups,
        thai_digits: agency.thai_digits,
    }
}

/// The year's official ITA result as the annual report's preamble cites it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OfficialScore<'a> {
    pub total: f64,
    /// e.g. "AA".
    pub rating: &'a str,
}

/// The annual report: the year's ITA result (`official`, when NACC's is
/// entered and scored) in the preamble, then per topic the measures with
/// their full-year results (`progress`, the full-year round's entries).
#[must_use]
pub fn annual_report_document(
    plan: MeasuresPlan<'_>,
    progress: &[Progress],
    official: Option<OfficialScore<'_>>,
    agency: &DocumentAgency,
    with_links: bool,
) -> AnnualReportDocument {
    let progress = by_measure(progress);
    let d = Digits(agency.thai_digits);
    let year_text = plan.year_number(&d);
    let mut preamble = String::from("จากการประเมินผลคุณธรรมและความโปร่งใสในการดำเนินงานของ");
    preamble.push_str(&agency.name);
    preamble.push_str(&format!(" ประจำปีงบประมาณ พ.ศ. {year_text}"));
    if let Some(OfficialScore { total, rating }) = official {
        preamble.push_str(&format!(
            " โดยภาพรวมได้คะแนน {} อยู่ในระดับ {rating}",
            d.text(&format!("{total:.2}"))
        ));
    }
    preamble.push_str(&format!(
        " {} ได้รายงานผลการดำเนินงานตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสในหน่วยงานภาครัฐ \
         ประจำปีงบประมาณ พ.ศ. {year_text} และได้แสดงมาตรการกิจกรรมที่ดำเนินการ การสรุปผลการดำเนินการ \
         และผลลัพธ์ของการดำเนินการ กำหนดผู้รับผิดชอบหรือผู้ที่เกี่ยวข้อง ดังนี้",
        agency.name
    ));
    let topics = plan
        .topics
        .iter()
        .enumerate()
        .map(|(i, topic)| AnnualReportTopic {
            number: d.number(i + 1),
            title: typed(&topic.title),
            rows: plan
                .measures_of(topic)
                .enumerate()
                .map(|(j, m)| {
                    let p = progress.get(&m.id);
                    AnnualReportRow {
                        number: d.number(j + 1),
                        measure: typed(&m.title),
                        steps: d.numbered(&m.non_empty_steps()),
                        timeframe: m.timeframe.label_th(agency.thai_digits),
                        owners: owners(agency, m),
                        result_summary: p.map(|p| typed_lines(&p.summary)).unwrap_or_default(),
                        outcome: p.map(|p| typed_lines(&p.outcome)).unwrap_or_default(),
                        evidence: p
                            .map(|p| {
                                p.links
                                    .iter()
                                    .map(|l| AnnualReportLink {
                                        label: typed(&l.label),
                                        url: l.url.clone(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    AnnualReportDocument {
        agency_name: agency.name.clone(),
        location: agency.location(),
        fiscal_year: plan.year_number(&d),
        preamble,
        topics,
        with_links,
        thai_digits: agency.thai_digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_headings_name_the_months() {
        assert_eq!(
            round_heading(2566, ReportingRound::HalfYear, true),
            "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)"
        );
        assert_eq!(
            round_heading(2566, ReportingRound::FullYear, false),
            "รอบ 12 เดือน (เดือนตุลาคม 2565 - กันยายน 2566)"
        );
    }

    #[test]
    fn steps_are_numbered_in_the_agency_digits() {
        assert_eq!(
            Digits(true).numbered(&["จัดทำคู่มือ", "เผยแพร่"]),
            vec!["๑. จัดทำคู่มือ".to_owned(), "๒. เผยแพร่".to_owned()]
        );
        assert_eq!(typed_lines(" ก 12\n\n ข ๓ "), vec!["ก 12", "ข ๓"]);
    }
}

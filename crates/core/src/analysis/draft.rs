//! The Thai draft of the analysis section (การวิเคราะห์ผลการประเมิน ITA) of a
//! measures document, written only from the numbers of an [`Analysis`].
//!
//! Officers used to type this section by hand from NACC's report, and the
//! figures in it drift from the source (the อบต.หนองปรุง 2565 document prints
//! indicator 6 as 88.42 in one table and 88.52 in the next). Generating the text
//! from the same numbers the charts use keeps them consistent; the officer then
//! edits the wording (see [`super::EditableText`]). The register follows the
//! agencies' own documents: "ได้คะแนน 60.61 คะแนน อยู่ในระดับ D", indicators listed
//! from the highest score down, findings per instrument, then the weaknesses.
//!
//! Digits are Arabic and every score has two decimals; callers convert with
//! [`digits_for`](crate::thai::digits::digits_for) to follow the document's digit
//! setting.

use super::analyze::{Analysis, InstrumentFinding, RankedIndicator, WeaknessReason};
use super::settings::WeaknessRule;
use crate::ita::DRAFT_WARNING_TH;
use crate::thai::numbers::format_decimal;

/// The analysis as Thai paragraphs, in document order: the total and its change,
/// the highest and lowest indicators, the ranked list, one paragraph per
/// instrument, the weaknesses and the lowest questions. A heading and the lines
/// of its list are separate paragraphs.
#[must_use]
pub fn draft_text_th(analysis: &Analysis, agency_name: &str) -> Vec<String> {
    let mut paragraphs = vec![summary(analysis, agency_name)];
    if analysis.draft {
        paragraphs.push(format!(
            "หมายเหตุ: กรอบการประเมินปี {} เป็นฉบับร่าง {DRAFT_WARNING_TH}",
            analysis.year
        ));
    }
    let (Some(highest), Some(lowest)) = (analysis.ranked.first(), analysis.ranked.last()) else {
        paragraphs.push("ยังไม่มีคะแนนรายตัวชี้วัด".to_owned());
        return paragraphs;
    };
    paragraphs.push(highest_and_lowest(
        &analysis.ranked,
        highest.score,
        lowest.score,
    ));
    paragraphs.push("คะแนนรายตัวชี้วัด เรียงจากคะแนนสูงสุดไปต่ำสุด ดังนี้".to_owned());
    paragraphs.extend(analysis.ranked.iter().map(ranked_line));
    paragraphs.extend(
        analysis
            .instruments
            .iter()
            .map(|finding| instrument_paragraph(analysis, finding)),
    );
    paragraphs.extend(weakness_paragraphs(analysis));
    if !analysis.lowest_questions.is_empty() {
        paragraphs.push(format!(
            "ข้อคำถามที่ได้คะแนนต่ำสุด {} ข้อ ได้แก่",
            analysis.lowest_questions.len()
        ));
        paragraphs.extend((1..).zip(&analysis.lowest_questions).map(|(position, q)| {
            format!(
                "{position}. ข้อคำถาม {} “{}” ได้คะแนน {} คะแนน",
                q.code,
                q.text_th,
                score(q.score)
            )
        }));
    }
    paragraphs
}

fn summary(analysis: &Analysis, agency_name: &str) -> String {
    let mut text = format!(
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {} ของ{agency_name}",
        analysis.year
    );
    let Some(total) = analysis.total else {
        text.push_str(" ยังไม่มีคะแนนรวมและระดับผลการประเมิน");
        if !analysis.missing_instruments.is_empty() {
            let codes: Vec<&str> = analysis
                .missing_instruments
                .iter()
                .map(|i| i.code())
                .collect();
            text.push_str(&format!(" เนื่องจากยังไม่มีผลแบบวัด {}", join_th(&codes)));
        }
        return text;
    };
    text.push_str(&format!(" ได้คะแนน {} คะแนน", score(total)));
    if let Some(rating) = &analysis.rating {
        text.push_str(&format!(" อยู่ในระดับ {rating}"));
    }
    if let (Some(change), Some(previous_total), Some(previous_year)) = (
        analysis.total_change,
        analysis.previous_total,
        analysis.previous_year,
    ) {
        let since = format!(
            "ปีงบประมาณ พ.ศ. {previous_year} ({} คะแนน)",
            score(previous_total)
        );
        text.push_str(&if change > 0.0 {
            format!(" เพิ่มขึ้น {} คะแนน จาก{since}", score(change))
        } else if change < 0.0 {
            format!(" ลดลง {} คะแนน จาก{since}", score(-change))
        } else {
            format!(" เท่ากับ{since}")
        });
    }
    text
}

/// The indicators scoring `highest` and those scoring `lowest`, ties included.
fn highest_and_lowest(ranked: &[RankedIndicator], highest: f64, lowest: f64) -> String {
    if highest == lowest {
        return format!("ทุกตัวชี้วัดได้คะแนนเท่ากัน คือ {} คะแนน", score(highest));
    }
    let group = |value: f64| {
        let names: Vec<String> = ranked
            .iter()
            .filter(|i| i.score == value)
            .map(|i| format!("ตัวชี้วัดที่ {} {}", i.number, i.name_th))
            .collect();
        format!("{} ({} คะแนน)", join_th(&names), score(value))
    };
    format!(
        "ตัวชี้วัดที่ได้คะแนนสูงสุด คือ {} และตัวชี้วัดที่ได้คะแนนต่ำสุด คือ {}",
        group(highest),
        group(lowest)
    )
}

fn ranked_line(indicator: &RankedIndicator) -> String {
    let mut line = format!(
        "{}. {} ได้คะแนน {} คะแนน",
        indicator.rank,
        indicator.name_th,
        score(indicator.score)
    );
    if let Some(change) = indicator.change {
        line.push_str(&format!(" ({} จากปีก่อน)", change_th(change, "คะแนน")));
    }
    line
}

fn instrument_paragraph(analysis: &Analysis, finding: &InstrumentFinding) -> String {
    let mut text = format!(
        "ผลคะแนน {} ({}) ได้ร้อยละ {} คิดเป็น {} คะแนน จากคะแนนเต็ม {} คะแนน {}เกณฑ์ร้อยละ {}",
        finding.code.code(),
        finding.name_th,
        score(finding.percent),
        score(finding.points),
        mark(finding.max_points),
        if finding.below_pass_mark {
            "ต่ำกว่า"
        } else {
            "ผ่าน"
        },
        mark(analysis.pass_mark)
    );
    if let (Some(change), Some(previous), Some(year)) = (
        finding.change,
        finding.previous_percent,
        analysis.previous_year,
    ) {
        text.push_str(&format!(
            " {} จากร้อยละ {} ในปีงบประมาณ พ.ศ. {year}",
            change_th(change, ""),
            score(previous)
        ));
    }
    if let Some(lowest) = analysis
        .ranked
        .iter()
        .rev()
        .find(|i| i.instrument == finding.code)
    {
        text.push_str(&format!(
            " โดยตัวชี้วัดที่ได้คะแนนต่ำสุดของแบบวัดนี้ คือ ตัวชี้วัดที่ {} {} ({} คะแนน)",
            lowest.number,
            lowest.name_th,
            score(lowest.score)
        ));
    }
    text
}

fn weakness_paragraphs(analysis: &Analysis) -> Vec<String> {
    let count = analysis.weaknesses.len();
    let since = analysis
        .previous_year
        .map(|year| format!("ปีงบประมาณ พ.ศ. {year}"));
    let heading = match (analysis.rule, count, since) {
        (WeaknessRule::BelowPassMark { pass_mark }, 0, _) => {
            return vec![format!(
                "ไม่มีตัวชี้วัดที่ได้คะแนนต่ำกว่าเกณฑ์ {} คะแนน",
                mark(pass_mark)
            )];
        }
        (WeaknessRule::Dropped, _, None) => {
            return vec!["ไม่มีผลการประเมินปีก่อนให้เปรียบเทียบ จึงยังระบุตัวชี้วัดที่ได้คะแนนลดลงไม่ได้".to_owned()];
        }
        (WeaknessRule::Dropped, 0, Some(since)) => {
            return vec![format!("ไม่มีตัวชี้วัดที่ได้คะแนนลดลงจาก{since}")];
        }
        (WeaknessRule::LowestN { .. }, 0, _) => return Vec::new(),
        (WeaknessRule::BelowPassMark { pass_mark }, _, _) => format!(
            "ตัวชี้วัดที่ได้คะแนนต่ำกว่าเกณฑ์ {} คะแนน จำนวน {count} ตัวชี้วัด",
            mark(pass_mark)
        ),
        (WeaknessRule::Dropped, _, Some(since)) => {
            format!("ตัวชี้วัดที่ได้คะแนนลดลงจาก{since} จำนวน {count} ตัวชี้วัด")
        }
        (WeaknessRule::LowestN { .. }, _, _) => {
            format!("ตัวชี้วัดที่ได้คะแนนต่ำสุด {count} ลำดับ")
        }
    };
    let mut paragraphs = vec![format!(
        "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน ได้แก่ {heading} ดังนี้"
    )];
    paragraphs.extend((1..).zip(&analysis.weaknesses).map(|(position, i)| {
        let mut line = format!(
            "{position}. ตัวชี้วัดที่ {} {} ได้คะแนน {} คะแนน",
            i.number,
            i.name_th,
            score(i.score)
        );
        if let Some(reason) = i.weakness {
            line.push(' ');
            line.push_str(&reason.text_th());
        }
        line
    }));
    paragraphs
}

impl WeaknessReason {
    /// The reason as the draft writes it after the score: "ต่ำกว่าเกณฑ์ 85 คะแนน",
    /// "ลดลงจากปีก่อน 3.20 คะแนน" or "อยู่ใน 3 ลำดับต่ำสุด" (Arabic digits).
    #[must_use]
    pub fn text_th(self) -> String {
        match self {
            Self::BelowPassMark { pass_mark } => {
                format!("ต่ำกว่าเกณฑ์ {} คะแนน", mark(pass_mark))
            }
            Self::Dropped { by } => format!("ลดลงจากปีก่อน {} คะแนน", score(by)),
            Self::LowestN { n } => format!("อยู่ใน {n} ลำดับต่ำสุด"),
        }
    }
}

/// "เพิ่มขึ้น 1.20 คะแนน", "ลดลง 0.50 คะแนน" or "เท่าเดิม"; `unit` may be empty.
fn change_th(change: f64, unit: &str) -> String {
    let (word, amount) = if change > 0.0 {
        ("เพิ่มขึ้น", change)
    } else if change < 0.0 {
        ("ลดลง", -change)
    } else {
        return "เท่าเดิม".to_owned();
    };
    if unit.is_empty() {
        format!("{word} {}", score(amount))
    } else {
        format!("{word} {} {unit}", score(amount))
    }
}

/// A score as NACC prints it: two decimals.
fn score(value: f64) -> String {
    format_decimal(value, 2)
}

/// A threshold or weight as documents write it: "85", but "85.50".
fn mark(value: f64) -> String {
    if value.fract() == 0.0 {
        format_decimal(value, 0)
    } else {
        score(value)
    }
}

/// "ก", "ก และข", "ก, ข และค"; "EIT และ OIT".
fn join_th<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            let last = last.as_ref();
            // Thai runs "และ" into a Thai word but spaces it from a Latin code.
            let space = if last.starts_with(|c: char| c.is_ascii()) {
                " "
            } else {
                ""
            };
            format!("{} และ{space}{last}", rest.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{change_th, join_th, mark};

    #[test]
    fn lists_join_with_commas_and_a_final_และ() {
        assert_eq!(join_th::<&str>(&[]), "");
        assert_eq!(join_th(&["OIT"]), "OIT");
        assert_eq!(join_th(&["EIT", "OIT"]), "EIT และ OIT");
        assert_eq!(join_th(&["IIT", "EIT", "OIT"]), "IIT, EIT และ OIT");
        assert_eq!(join_th(&["ตัวชี้วัดที่ 6", "ตัวชี้วัดที่ 7"]), "ตัวชี้วัดที่ 6 และตัวชี้วัดที่ 7");
    }

    #[test]
    fn marks_drop_needless_decimals_and_changes_read_as_words() {
        assert_eq!(mark(85.0), "85");
        assert_eq!(mark(85.5), "85.50");
        assert_eq!(change_th(1.2, "คะแนน"), "เพิ่มขึ้น 1.20 คะแนน");
        assert_eq!(change_th(-0.5, ""), "ลดลง 0.50");
        assert_eq!(change_th(-0.0, "คะแนน"), "เท่าเดิม");
    }
}

//! The rules a framework must satisfy before anything is scored with it.
//!
//! A framework an administrator imports is trusted by the scoring engine, so every
//! assumption the engine makes is checked here once: weights add up (instrument
//! weights to 100, each instrument's indicators to its weight), codes are unique
//! and well-formed, survey indicators have questions and OIT indicators have
//! sub-indicators with items, and the rating scheme gives every total 0–100 a
//! label. The first problem is reported with its JSON path.
//!
//! [`Framework::from_json`] and [`Framework::validate`] are defined here, beside
//! the checks, so that `framework.rs` stays the data shape alone.

use std::collections::{BTreeMap, BTreeSet};

use super::error::FrameworkError;
use super::framework::{Framework, Indicator, Instrument, Question, SubIndicator};
use super::parse::{ParseError, parse_json};
use super::rating::{Band, RatingScheme};

/// Weights are decimal data; allow for binary rounding when adding them.
const WEIGHT_TOLERANCE: f64 = 1e-9;

/// Longest accepted question or item code.
const MAX_CODE_LEN: usize = 20;

impl Framework {
    /// Reads and validates a framework file, e.g. one an administrator imports
    /// for a new year.
    ///
    /// # Errors
    /// The first problem found, with the JSON path of the field and a Thai reason.
    pub fn from_json(text: &str) -> Result<Self, FrameworkError> {
        let framework: Self = parse_json(text).map_err(|e| match e {
            ParseError::Syntax {
                line,
                column,
                reason,
            } => FrameworkError::new(
                format!("บรรทัด {line} คอลัมน์ {column}"),
                format!("JSON ไม่ถูกต้อง: {reason}"),
            ),
            ParseError::Shape { path, reason } => FrameworkError::new(path, reason),
        })?;
        framework.validate()?;
        Ok(framework)
    }

    /// Checks that the framework holds together: weights add up, codes are
    /// unique, every OIT indicator has items, the rating scheme covers 0–100…
    ///
    /// # Errors
    /// The first problem found, with its path.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        validate(self)
    }
}

type Check = Result<(), FrameworkError>;

fn fail(path: impl Into<String>, reason: impl Into<String>) -> Check {
    Err(FrameworkError::new(path, reason))
}

fn validate(fw: &Framework) -> Check {
    if !(2500..=2700).contains(&fw.year) {
        return fail("year", "ปีงบประมาณต้องเป็น พ.ศ. ระหว่าง 2500 ถึง 2700");
    }
    require_text("confidence_note", &fw.confidence_note)?;
    check_instruments(fw)?;
    let mut codes = Codes::default();
    let mut numbers = BTreeSet::new();
    if fw.indicators.is_empty() {
        return fail("indicators", "ต้องมีตัวชี้วัดอย่างน้อยหนึ่งตัว");
    }
    for (i, indicator) in fw.indicators.iter().enumerate() {
        let path = format!("indicators[{i}]");
        if indicator.number == 0 || !numbers.insert(indicator.number) {
            return fail(
                format!("{path}.number"),
                format!("หมายเลขตัวชี้วัดต้องไม่ซ้ำและมากกว่า 0 (ได้ {})", indicator.number),
            );
        }
        check_indicator(fw, indicator, &path, &mut codes)?;
    }
    check_weights(fw)?;
    check_rating(&fw.rating)?;
    check_mapping(&fw.previous_year_item_mapping, &codes.items)
}

fn require_text(path: &str, text: &str) -> Check {
    if text.trim().is_empty() {
        return fail(path, "ต้องไม่เว้นว่าง");
    }
    Ok(())
}

fn require_percent(path: String, value: f64) -> Check {
    if !(0.0..=100.0).contains(&value) {
        return fail(path, format!("ต้องอยู่ระหว่าง 0 ถึง 100 (ได้ {value})"));
    }
    Ok(())
}

/// Whether `code` is usable as a question or item code (and as a JSON path part).
pub(crate) fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

pub(crate) fn code_rule_th() -> String {
    format!("รหัสต้องเป็นตัวอักษรอังกฤษ ตัวเลข - หรือ _ ยาวไม่เกิน {MAX_CODE_LEN} ตัว")
}

fn check_instruments(fw: &Framework) -> Check {
    if fw.instruments.is_empty() {
        return fail("instruments", "ต้องมีแบบวัดอย่างน้อยหนึ่งแบบ");
    }
    let mut seen = BTreeSet::new();
    for (i, spec) in fw.instruments.iter().enumerate() {
        let path = format!("instruments[{i}]");
        if !seen.insert(spec.code) {
            return fail(
                format!("{path}.code"),
                format!("แบบวัด {} ซ้ำ", spec.code.code()),
            );
        }
        require_text(&format!("{path}.name_th"), &spec.name_th)?;
        if !(spec.weight > 0.0 && spec.weight <= 100.0) {
            return fail(
                format!("{path}.weight"),
                format!("น้ำหนักต้องมากกว่า 0 และไม่เกิน 100 (ได้ {})", spec.weight),
            );
        }
    }
    let sum: f64 = fw.instruments.iter().map(|s| s.weight).sum();
    if (sum - 100.0).abs() > WEIGHT_TOLERANCE {
        return fail(
            "instruments",
            format!("น้ำหนักของแบบวัดรวมกันต้องเท่ากับ 100 (ได้ {sum})"),
        );
    }
    Ok(())
}

/// Question and item codes seen so far; both must be unique in the framework.
#[derive(Default)]
struct Codes {
    questions: BTreeSet<String>,
    items: BTreeSet<String>,
    sub_indicators: BTreeSet<String>,
}

fn check_indicator(fw: &Framework, indicator: &Indicator, path: &str, codes: &mut Codes) -> Check {
    require_text(&format!("{path}.name_th"), &indicator.name_th)?;
    require_text(&format!("{path}.name_en"), &indicator.name_en)?;
    let instrument = indicator.instrument.code();
    if fw.instrument(indicator.instrument).is_none() {
        return fail(
            format!("{path}.instrument"),
            format!("ไม่มีแบบวัด {instrument} ในรายการ instruments"),
        );
    }
    if !(indicator.weight > 0.0 && indicator.weight <= 100.0) {
        return fail(
            format!("{path}.weight"),
            format!("น้ำหนักต้องมากกว่า 0 และไม่เกิน 100 (ได้ {})", indicator.weight),
        );
    }
    if indicator.instrument == Instrument::Oit {
        if !indicator.questions.is_empty() {
            return fail(
                format!("{path}.questions"),
                "ตัวชี้วัดของแบบวัด OIT ใช้ sub_indicators ไม่ใช่ questions",
            );
        }
        if indicator.sub_indicators.is_empty() {
            return fail(
                format!("{path}.sub_indicators"),
                "ตัวชี้วัดของแบบวัด OIT ต้องมีตัวชี้วัดย่อยอย่างน้อยหนึ่งตัว",
            );
        }
        for (s, sub) in indicator.sub_indicators.iter().enumerate() {
            check_sub_indicator(
                indicator.number,
                sub,
                &format!("{path}.sub_indicators[{s}]"),
                codes,
            )?;
        }
    } else {
        if !indicator.sub_indicators.is_empty() {
            return fail(
                format!("{path}.sub_indicators"),
                format!("ตัวชี้วัดของแบบวัด {instrument} ใช้ questions ไม่ใช่ sub_indicators"),
            );
        }
        if indicator.questions.is_empty() {
            return fail(
                format!("{path}.questions"),
                format!("ตัวชี้วัดของแบบวัด {instrument} ต้องมีข้อคำถามอย่างน้อยหนึ่งข้อ"),
            );
        }
        for (q, question) in indicator.questions.iter().enumerate() {
            check_question(question, &format!("{path}.questions[{q}]"), codes)?;
        }
    }
    Ok(())
}

fn check_question(question: &Question, path: &str, codes: &mut Codes) -> Check {
    if !is_valid_code(&question.code) {
        return fail(format!("{path}.code"), code_rule_th());
    }
    if !codes.questions.insert(question.code.clone()) {
        return fail(
            format!("{path}.code"),
            format!("รหัสข้อคำถาม {} ซ้ำ", question.code),
        );
    }
    require_text(&format!("{path}.text_th"), &question.text_th)?;
    if question.sub_items.len() == 1 {
        return fail(
            format!("{path}.sub_items"),
            "ข้อย่อยต้องมีอย่างน้อย 2 ข้อ หรือไม่มีเลย",
        );
    }
    for (s, sub) in question.sub_items.iter().enumerate() {
        require_text(&format!("{path}.sub_items[{s}].text_th"), &sub.text_th)?;
    }
    if !question.sub_items.is_empty() {
        let all_reverse = question.sub_items.iter().all(|s| s.reverse);
        if question.reverse != all_reverse {
            return fail(
                format!("{path}.reverse"),
                "ข้อที่มีข้อย่อยต้องระบุ reverse เป็น true เมื่อข้อย่อยทุกข้อคิดคะแนนกลับด้านเท่านั้น",
            );
        }
    }
    Ok(())
}

fn check_sub_indicator(number: u32, sub: &SubIndicator, path: &str, codes: &mut Codes) -> Check {
    let well_formed = sub.code.split_once('.').is_some_and(|(head, tail)| {
        head == number.to_string()
            && tail
                .parse::<u32>()
                .is_ok_and(|n| n > 0 && n.to_string() == tail)
    });
    if !well_formed {
        return fail(
            format!("{path}.code"),
            format!(
                "รหัสตัวชี้วัดย่อยต้องอยู่ในรูป {number}.ลำดับ เช่น {number}.1 (ได้ \"{}\")",
                sub.code
            ),
        );
    }
    if !codes.sub_indicators.insert(sub.code.clone()) {
        return fail(
            format!("{path}.code"),
            format!("รหัสตัวชี้วัดย่อย {} ซ้ำ", sub.code),
        );
    }
    require_text(&format!("{path}.name_th"), &sub.name_th)?;
    if sub.items.is_empty() {
        return fail(format!("{path}.items"), "ตัวชี้วัดย่อยต้องมีข้ออย่างน้อยหนึ่งข้อ");
    }
    for (i, item) in sub.items.iter().enumerate() {
        let item_path = format!("{path}.items[{i}]");
        if !is_valid_code(&item.code) {
            return fail(format!("{item_path}.code"), code_rule_th());
        }
        if !codes.items.insert(item.code.clone()) {
            return fail(
                format!("{item_path}.code"),
                format!("รหัสข้อ {} ซ้ำ", item.code),
            );
        }
        require_text(&format!("{item_path}.title_th"), &item.title_th)?;
        require_text(&format!("{item_path}.evidence_th"), &item.evidence_th)?;
    }
    Ok(())
}

/// Each instrument's indicators must add up to the instrument's weight (and so,
/// with the instrument check, all indicators to 100).
fn check_weights(fw: &Framework) -> Check {
    for (i, spec) in fw.instruments.iter().enumerate() {
        let sum: f64 = fw.indicators_of(spec.code).map(|ind| ind.weight).sum();
        if (sum - spec.weight).abs() > WEIGHT_TOLERANCE {
            return fail(
                format!("instruments[{i}].weight"),
                format!(
                    "น้ำหนักของแบบวัด {} ({}) ต้องเท่ากับผลรวมน้ำหนักของตัวชี้วัดในแบบวัดนี้ ({sum})",
                    spec.code.code(),
                    spec.weight
                ),
            );
        }
    }
    Ok(())
}

fn check_rating(rating: &RatingScheme) -> Check {
    match rating {
        RatingScheme::LetterBands { bands } => check_bands(bands, "rating.bands")?,
        RatingScheme::PassFail {
            threshold,
            pass_label,
            fail_label,
        } => {
            require_percent("rating.threshold".into(), *threshold)?;
            require_text("rating.pass_label", pass_label)?;
            require_text("rating.fail_label", fail_label)?;
        }
        RatingScheme::Tiered {
            tiers,
            fallback_bands,
        } => {
            if tiers.is_empty() {
                return fail("rating.tiers", "ต้องมีระดับอย่างน้อยหนึ่งระดับ");
            }
            let mut previous = f64::INFINITY;
            for (t, tier) in tiers.iter().enumerate() {
                let path = format!("rating.tiers[{t}]");
                require_text(&format!("{path}.label"), &tier.label)?;
                require_percent(format!("{path}.min_total"), tier.min_total)?;
                if tier.min_total > previous {
                    return fail(format!("{path}.min_total"), "ระดับต้องเรียงจากคะแนนขั้นต่ำสูงไปต่ำ");
                }
                previous = tier.min_total;
                if let Some(min) = tier.min_each_instrument_percent {
                    require_percent(format!("{path}.min_each_instrument_percent"), min)?;
                }
            }
            check_bands(fallback_bands, "rating.fallback_bands")?;
        }
    }
    let labels = rating.labels();
    let unique: BTreeSet<&str> = labels.iter().copied().collect();
    if unique.len() != labels.len() {
        return fail("rating", "ชื่อระดับผลการประเมินต้องไม่ซ้ำกัน");
    }
    Ok(())
}

/// Bands go from the highest `min` down to 0, so every total gets one.
fn check_bands(bands: &[Band], path: &str) -> Check {
    let Some(last) = bands.last() else {
        return fail(path, "ต้องมีช่วงคะแนนอย่างน้อยหนึ่งช่วง");
    };
    let mut previous = f64::INFINITY;
    for (b, band) in bands.iter().enumerate() {
        require_text(&format!("{path}[{b}].label"), &band.label)?;
        require_percent(format!("{path}[{b}].min"), band.min)?;
        if band.min >= previous {
            return fail(
                format!("{path}[{b}].min"),
                "ช่วงคะแนนต้องเรียงจากสูงไปต่ำและไม่ซ้ำกัน",
            );
        }
        previous = band.min;
    }
    if last.min != 0.0 {
        return fail(
            format!("{path}[{}].min", bands.len() - 1),
            "ช่วงสุดท้ายต้องเริ่มที่ 0 เพื่อให้ทุกคะแนนมีระดับ",
        );
    }
    Ok(())
}

fn check_mapping(mapping: &BTreeMap<String, String>, items: &BTreeSet<String>) -> Check {
    for (old, new) in mapping {
        let path = format!("previous_year_item_mapping.{old}");
        if !is_valid_code(old) {
            return fail(path, code_rule_th());
        }
        if !items.contains(new) {
            return fail(path, format!("ไม่มีข้อ {new} ในกรอบการประเมินปีนี้"));
        }
    }
    Ok(())
}

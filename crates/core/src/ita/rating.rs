//! Rating schemes (ระดับผลการประเมิน) as data, because NACC changed them twice:
//! seven letter bands AA–F up to 2565, ผ่าน/ไม่ผ่าน at 85 in 2566, and from 2567
//! tiers that also require every instrument to reach a share of its maximum.
//!
//! Comparisons use the two-decimal rounded figures, as NACC writes its band edges
//! as 84.99, 94.99 and so on.

use serde::{Deserialize, Serialize};

use super::round::round2;

/// How a total (and the instrument percentages) becomes a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "scheme", rename_all = "snake_case", deny_unknown_fields)]
pub enum RatingScheme {
    /// The highest band whose `min` the total reaches.
    LetterBands { bands: Vec<Band> },
    /// `pass_label` at or above `threshold`, otherwise `fail_label`.
    PassFail {
        threshold: f64,
        pass_label: String,
        fail_label: String,
    },
    /// The first tier whose conditions hold, otherwise the highest fallback band
    /// the total reaches.
    Tiered {
        tiers: Vec<Tier>,
        fallback_bands: Vec<Band>,
    },
}

/// A label for totals from `min` up to the next band's `min`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub label: String,
    pub min: f64,
}

/// A label that needs a minimum total and, optionally, a minimum percentage in
/// every instrument (e.g. ผ่านดี: total ≥ 85 and IIT, EIT, OIT each ≥ 85 %).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub label: String,
    pub min_total: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_each_instrument_percent: Option<f64>,
}

impl RatingScheme {
    /// The label for a total and the percentage (0–100) of each instrument.
    ///
    /// Both are rounded to two decimals before comparing. `None` only when the
    /// scheme has no band for the total, which a validated framework rules out.
    #[must_use]
    pub fn rate(&self, total: f64, instrument_percents: &[f64]) -> Option<&str> {
        let total = round2(total);
        match self {
            Self::LetterBands { bands } => band_for(bands, total),
            Self::PassFail {
                threshold,
                pass_label,
                fail_label,
            } => Some(if total >= *threshold {
                pass_label
            } else {
                fail_label
            }),
            Self::Tiered {
                tiers,
                fallback_bands,
            } => tiers
                .iter()
                .find(|tier| {
                    total >= tier.min_total
                        && tier
                            .min_each_instrument_percent
                            .is_none_or(|min| instrument_percents.iter().all(|p| round2(*p) >= min))
                })
                .map(|tier| tier.label.as_str())
                .or_else(|| band_for(fallback_bands, total)),
        }
    }

    /// Every label the scheme can give, highest first.
    #[must_use]
    pub fn labels(&self) -> Vec<&str> {
        match self {
            Self::LetterBands { bands } => bands.iter().map(|b| b.label.as_str()).collect(),
            Self::PassFail {
                pass_label,
                fail_label,
                ..
            } => vec![pass_label, fail_label],
            Self::Tiered {
                tiers,
                fallback_bands,
            } => tiers
                .iter()
                .map(|t| t.label.as_str())
                .chain(fallback_bands.iter().map(|b| b.label.as_str()))
                .collect(),
        }
    }
}

/// Bands are ordered highest first; the first one reached applies.
fn band_for(bands: &[Band], total: f64) -> Option<&str> {
    bands
        .iter()
        .find(|b| total >= b.min)
        .map(|b| b.label.as_str())
}

//! The minimum number of respondents a survey needs.
//!
//! NACC's ITAS computes the IIT minimum sample from the population the agency
//! enters but does not publish the formula, so the rule is a setting. The
//! default is the rule the Office of the Basic Education Commission published
//! for its own ITA surveys: ten per cent of the population, at least 30 (all of
//! them when fewer than 30), at most 400.

use serde::{Deserialize, Serialize};

use crate::validation::ValidationErrors;

/// `percent` of the population, at least `minimum`, at most `maximum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleRule {
    pub percent: u32,
    pub minimum: u32,
    pub maximum: u32,
}

impl Default for SampleRule {
    fn default() -> Self {
        Self {
            percent: 10,
            minimum: 30,
            maximum: 400,
        }
    }
}

impl SampleRule {
    /// The minimum sample for a population (never more than the population).
    #[must_use]
    pub fn minimum_sample(self, population: u32) -> u32 {
        let share = (u64::from(population) * u64::from(self.percent)).div_ceil(100);
        let share = u32::try_from(share).unwrap_or(u32::MAX);
        share.max(self.minimum).min(self.maximum).min(population)
    }

    /// Checks the ranges; messages name the form fields.
    ///
    /// # Errors
    /// A Thai message per field out of range.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(1..=100).contains(&self.percent) {
            errors.add("sample_percent", "ร้อยละของกลุ่มตัวอย่างต้องอยู่ระหว่าง 1 ถึง 100");
        }
        if self.minimum == 0 {
            errors.add("sample_minimum", "จำนวนขั้นต่ำต้องมากกว่า 0");
        }
        if self.maximum < self.minimum {
            errors.add("sample_maximum", "จำนวนสูงสุดต้องไม่น้อยกว่าจำนวนขั้นต่ำ");
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rule_takes_ten_percent_between_thirty_and_four_hundred() {
        let rule = SampleRule::default();
        assert_eq!(rule.minimum_sample(12), 12);
        assert_eq!(rule.minimum_sample(45), 30);
        assert_eq!(rule.minimum_sample(301), 31);
        assert_eq!(rule.minimum_sample(5_000), 400);
        assert_eq!(rule.minimum_sample(0), 0);
    }

    #[test]
    fn bad_rules_are_refused_at_their_fields() {
        let errors = SampleRule {
            percent: 0,
            minimum: 50,
            maximum: 10,
        }
        .validate()
        .unwrap_err();
        assert!(errors.get("sample_percent").is_some());
        assert!(errors.get("sample_maximum").is_some());
    }
}

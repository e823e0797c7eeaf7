//! Which indicators count as weaknesses is an agency's choice, not a fixed rule.
//!
//! The measures document (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) must
//! name the points to fix urgently, and agencies pick them differently: everything
//! below NACC's pass mark of 85, whatever fell since last year, or simply the few
//! lowest indicators when almost everything is below 85 (as in อบต.หนองปรุง's 2565
//! result). The rule is therefore a stored setting, checked before use so a bad
//! value is reported in Thai instead of producing an empty or absurd list.

use std::fmt;

use serde::{Deserialize, Serialize};

/// NACC's pass mark: a score of 85 or more passes.
pub const DEFAULT_PASS_MARK: f64 = 85.0;

/// How many of the lowest-scoring questions an analysis lists by default.
pub const DEFAULT_LOWEST_QUESTIONS: u32 = 5;

/// Which indicators an analysis reports as weaknesses (จุดอ่อน).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum WeaknessRule {
    /// Indicators scoring below `pass_mark` (a score equal to it passes).
    BelowPassMark {
        #[serde(default = "default_pass_mark")]
        pass_mark: f64,
    },
    /// Indicators scoring lower than in the previous year's result; none without
    /// a previous result.
    Dropped,
    /// The `n` lowest indicators of the ranking, exactly `n` of them (or all when
    /// there are fewer): ties at the cut are settled by the ranking order.
    LowestN { n: u32 },
}

fn default_pass_mark() -> f64 {
    DEFAULT_PASS_MARK
}

impl Default for WeaknessRule {
    fn default() -> Self {
        Self::BelowPassMark {
            pass_mark: DEFAULT_PASS_MARK,
        }
    }
}

/// An agency's analysis settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalysisSettings {
    pub rule: WeaknessRule,
    /// How many of the lowest question scores to list when the result has them;
    /// 0 lists none.
    pub lowest_questions: u32,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        Self {
            rule: WeaknessRule::default(),
            lowest_questions: DEFAULT_LOWEST_QUESTIONS,
        }
    }
}

impl AnalysisSettings {
    /// Checks the values a user can set.
    ///
    /// # Errors
    /// A pass mark outside 0–100 (or not a number), or `n` of 0 for the lowest-n
    /// rule; the error names the field and says why in Thai.
    pub fn validate(&self) -> Result<(), SettingsError> {
        match self.rule {
            WeaknessRule::BelowPassMark { pass_mark } if !(0.0..=100.0).contains(&pass_mark) => {
                Err(SettingsError {
                    path: "rule.pass_mark",
                    reason: format!("เกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 100 คะแนน (ได้ {pass_mark})"),
                })
            }
            WeaknessRule::LowestN { n: 0 } => Err(SettingsError {
                path: "rule.n",
                reason: "จำนวนตัวชี้วัดที่มีคะแนนต่ำสุดต้องมีอย่างน้อย 1 ตัวชี้วัด".to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// The pass mark instruments are compared with: the rule's own when the rule
    /// is [`WeaknessRule::BelowPassMark`], otherwise NACC's 85.
    #[must_use]
    pub fn pass_mark(&self) -> f64 {
        match self.rule {
            WeaknessRule::BelowPassMark { pass_mark } => pass_mark,
            WeaknessRule::Dropped | WeaknessRule::LowestN { .. } => DEFAULT_PASS_MARK,
        }
    }
}

/// Why analysis settings were rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The offending field, e.g. `rule.n`.
    pub path: &'static str,
    /// What is wrong, in Thai.
    pub reason: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl std::error::Error for SettingsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_nacc_pass_mark_and_five_questions() {
        let settings = AnalysisSettings::default();
        assert_eq!(
            settings.rule,
            WeaknessRule::BelowPassMark { pass_mark: 85.0 }
        );
        assert_eq!(settings.lowest_questions, 5);
        assert_eq!(settings.validate(), Ok(()));
    }

    #[test]
    fn serde_is_snake_case_tagged_with_defaults() {
        let settings: AnalysisSettings =
            serde_json::from_str(r#"{"rule":{"kind":"below_pass_mark"}}"#).unwrap();
        assert_eq!(settings, AnalysisSettings::default());
        let lowest: AnalysisSettings =
            serde_json::from_str(r#"{"rule":{"kind":"lowest_n","n":3},"lowest_questions":2}"#)
                .unwrap();
        assert_eq!(lowest.rule, WeaknessRule::LowestN { n: 3 });
        assert_eq!(lowest.lowest_questions, 2);
        let dropped = serde_json::to_string(&WeaknessRule::Dropped).unwrap();
        assert_eq!(dropped, r#"{"kind":"dropped"}"#);
        assert!(serde_json::from_str::<WeaknessRule>(r#"{"kind":"lowest_n","m":3}"#).is_err());
    }

    #[test]
    fn out_of_range_values_are_rejected_in_thai() {
        for pass_mark in [-0.01, 100.01, f64::NAN] {
            let settings = AnalysisSettings {
                rule: WeaknessRule::BelowPassMark { pass_mark },
                ..AnalysisSettings::default()
            };
            let error = settings.validate().unwrap_err();
            assert_eq!(error.path, "rule.pass_mark");
            assert!(error.reason.contains("ระหว่าง 0 ถึง 100"));
        }
        let settings = AnalysisSettings {
            rule: WeaknessRule::LowestN { n: 0 },
            ..AnalysisSettings::default()
        };
        assert_eq!(settings.validate().unwrap_err().path, "rule.n");
        for pass_mark in [0.0, 100.0] {
            let settings = AnalysisSettings {
                rule: WeaknessRule::BelowPassMark { pass_mark },
                ..AnalysisSettings::default()
            };
            assert_eq!(settings.validate(), Ok(()));
        }
    }
}

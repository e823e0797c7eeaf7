//! The NACC Integrity and Transparency Assessment: frameworks per fiscal year and
//! the scoring engine that turns answers, items or official indicator scores into
//! the figures NACC publishes.

mod input;

pub use input::{Answer, OitInput, ScoreInput, SurveyInput};

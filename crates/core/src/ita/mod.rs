//! The NACC Integrity and Transparency Assessment: frameworks per fiscal year and
//! the scoring engine that turns answers, items or official indicator scores into
//! the figures NACC publishes.
//!
//! - [`Framework`]: one year's instruments, indicators, questions, OIT items and
//!   rating scheme, read from JSON ([`Framework::from_json`]) or built in
//!   ([`Framework::builtin`]); [`Framework::derive_next_year`] starts a new year.
//! - [`Catalog`]: the built-in years plus frameworks an administrator imported.
//! - [`score`] / [`score_json`]: the engine, producing a [`ScoreReport`].

mod catalog;
mod derive;
mod error;
mod framework;
mod input;
mod oit;
mod parse;
mod rating;
mod report;
mod round;
mod score;
mod survey;
mod validate;
mod values;

pub use catalog::Catalog;
pub use error::{FrameworkError, ScoreError};
pub use framework::{
    AnswerType, DRAFT_WARNING_TH, Framework, FrameworkStatus, Indicator, Instrument,
    InstrumentSpec, OitItem, Question, SubIndicator, SubItem,
};
pub use input::{Answer, OitInput, ScoreInput, SurveyInput};
pub use rating::{Band, RatingScheme, Tier};
pub use report::{CodeScores, InstrumentScore, ScoreReport};
pub use round::{HALF_CENT_TOLERANCE, round2};
pub use score::{score, score_json};

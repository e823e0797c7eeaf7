//! Analysis of an ITA result (การวิเคราะห์ผลการประเมิน), the first section of
//! every agency's integrity measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใส
//! ภายในหน่วยงาน), which NACC itself checks as an OIT item.
//!
//! The analysis is computed from a [`ScoreReport`](crate::ita::ScoreReport),
//! official or self-assessed, so it works for any year whose framework exists:
//!
//! - [`analyze`]: indicators ranked highest to lowest, per-instrument findings,
//!   change since the previous year, weaknesses under the agency's
//!   [`WeaknessRule`], and the lowest question scores when answers were scored.
//! - [`draft_text_th`]: the Thai draft of the section, from those numbers only.
//! - [`EditableText`]: keeps the officer's edits of the draft when the numbers
//!   change and the draft is regenerated.

mod analyze;
mod draft;
mod editable;
mod rank;
mod settings;

pub use analyze::{
    Analysis, InstrumentFinding, QuestionFinding, RankedIndicator, WeaknessReason, analyze,
};
pub use draft::draft_text_th;
pub use editable::{EditableText, Regenerated};
pub use settings::{
    AnalysisSettings, DEFAULT_LOWEST_QUESTIONS, DEFAULT_PASS_MARK, SettingsError, WeaknessRule,
};

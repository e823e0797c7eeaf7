//! The agency's own surveys: IIT (staff) and EIT (service users) self-assessments
//! built from the year's framework questions, and satisfaction surveys
//! (แบบสำรวจความพึงพอใจ) with questions the agency writes.
//!
//! NACC's own survey closes with a score the agency can no longer change; running
//! the same questions earlier shows the likely IIT and EIT scores and the weakest
//! questions while there is time to act. Responses are anonymous by design: no
//! account, no address, only the day of answering, and at most a one-way hash of
//! a per-device token so one phone cannot answer twice ([`SurveyResponse`]).

pub mod bursts;
mod questions;
mod response;
mod results;
mod sample;
mod survey;

pub use questions::{AskedQuestion, Scale, asked_questions, parse_answers};
pub use response::{ResponseAnswers, SurveyResponse};
pub use results::{
    QuestionResult, SatisfactionRow, SatisfactionSummary, predict, question_results,
    satisfaction_summary, survey_input,
};
pub use sample::SampleRule;
pub use survey::{SatisfactionQuestion, SatisfactionScale, Survey, SurveyKind, SurveyStatus};

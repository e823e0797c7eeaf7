//! What the public sends, stored in batches: SQLite takes one writer at a time,
//! and a commit per request with dozens of writers waiting on the busy timeout
//! gives poor tail latency, so one writer task per kind commits whatever has
//! queued in a single transaction ([`batch`]).

mod batch;
mod cases;
mod surveys;

pub use cases::CaseIntake;
pub use surveys::{LoadedSurvey, SurveyIntake, SurveyLookup};

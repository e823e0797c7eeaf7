//! The integrity-measures cycle of one fiscal year (มาตรการส่งเสริมคุณธรรมและ
//! ความโปร่งใสภายในหน่วยงาน): the plan (topics and measures), the progress each
//! department reports per round with its evidence, and the executive's approval
//! that locks a round.
//!
//! These are plain values with their rules (what a valid measure is, when one is
//! overdue, how complete a topic is); the store keeps them, the web pages edit
//! them and the document engine prints them. Field names in validation errors are
//! the names of the form fields, so a page can show each message at its field.

mod catalog;
mod evidence;
mod memo;
mod plan;
mod progress;
mod quantity;
mod timeframe;

pub use catalog::{ANNUAL_REPORT_TOPICS, TopicTemplate, topic_catalog};
pub use evidence::{EvidenceKind, MAX_EVIDENCE_BYTES, check_evidence_file};
pub use memo::{PlanMemo, plan_made_on};
pub use plan::{Measure, Owners, Target, Topic, copy_plan_to_year};
pub use progress::{
    Completion, EvidenceFile, EvidenceLink, Progress, ProgressResult, ProgressStatus,
    RESULT_REQUIRED_TH, RoundApproval, completion, is_overdue,
};
pub use quantity::{format_quantity, parse_quantity};
pub use timeframe::Timeframe;

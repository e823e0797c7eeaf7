//! Complaints (เรื่องร้องเรียน/ร้องทุกข์) and corruption reports (แจ้งเบาะแสการทุจริตและ
//! ประพฤติมิชอบ): the cases an agency receives, how they move from received to
//! closed, their deadlines, and the statistics the agency must publish.
//!
//! Both kinds share one [`Case`] type so that the workflow, deadlines and statistics
//! are written once; what makes the corruption channel protected is not a second
//! model but rules around this one: the reporter's identity and contact are always
//! sealed ([`sealing`]), the tracking code is 80 random bits ([`tracking`]), only
//! corruption handlers may open such a case, small counts are withheld from its
//! statistics ([`statistics`]), and its content is deleted after a retention period.

mod case;
mod deadline;
pub mod sealing;
mod settings;
pub mod statistics;
mod submission;
pub mod tracking;

pub use case::{
    Case, CaseAttachment, CaseKind, CaseMessage, CaseStatus, Channel, MessageAuthor,
    MessageVisibility, ReporterContact,
};
pub use deadline::{Timeliness, due_on, timeliness};
pub use settings::{ComplaintSettings, looks_like_email};
pub use submission::{
    MAX_CASE_FILE_BYTES, MAX_CASE_FILES, Submission, SubmissionLimits, check_case_file,
    validate_submission,
};

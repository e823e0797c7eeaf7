//! Complaints and corruption reports: the cases with their submissions, files
//! and messages, and the agency's settings for receiving them.

pub(crate) mod cases;
mod fingerprints;
pub(crate) mod settings;

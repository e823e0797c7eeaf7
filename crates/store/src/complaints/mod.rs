//! Complaints and corruption reports: the cases with their submissions, files
//! and messages, and the agency's settings for receiving them.

pub(crate) mod cases;
mod fingerprints;
pub(crate) mod received_notices;
pub(crate) mod settings;

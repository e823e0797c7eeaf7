//! Work that a page and a command both need, written once: load what the store
//! holds, apply the core rules, and shape the result for a page or a document.
//! Pages and `prongsai render` call these; neither repeats the steps.

pub mod action_plan_documents;
pub mod analysis;
pub mod case_files;
pub mod complaint_statistics;
pub mod document_agency;
pub mod link_checks;
pub mod oit_report;
pub mod plan_documents;
pub mod publications;
pub mod record_documents;
pub mod survey_documents;
pub mod survey_scores;

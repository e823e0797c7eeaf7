//! The application layer of Prongsai: what a page and a command both do,
//! written once and free of HTTP. A web handler extracts and authorises, calls
//! a function here, and renders; `prongsai render` calls the same functions.
//!
//! - One context, [`App`]: the store, the [`Settings`], the PDF renderer, the
//!   case vault, the mailer, the public intake writers and the link-check
//!   tracker.
//! - Services that load from the store, apply the core rules and shape the
//!   result for a page or a document: [`analysis`], [`ita_results`],
//!   [`plan_documents`], [`document_agency`], [`action_plan_documents`],
//!   [`record_documents`], [`complaint_statistics`], [`publications`],
//!   [`link_checks`], [`disclosure_checklist`], [`survey_scores`], [`oit_report`],
//!   [`survey_documents`];
//!   [`case_files`] seals reporters' contacts and case files; [`cases`]
//!   stores what the public forms and the case pages send.
//! - [`intake`]: the group-commit writers of public complaints and survey
//!   answers. [`mail`]: notifications over SMTP. [`jobs`]: reminders, the
//!   purge of expired corruption reports and scheduled link checks.

pub mod action_plan_documents;
pub mod analysis;
pub mod case_files;
pub mod cases;
pub mod complaint_statistics;
mod context;
pub mod disclosure_checklist;
pub mod document_agency;
mod error;
pub mod intake;
pub mod ita_results;
pub mod jobs;
pub mod link_checks;
pub mod mail;
pub mod oit_report;
pub mod plan_documents;
pub mod publications;
pub mod record_documents;
mod settings;
pub mod survey_bursts;
pub mod survey_documents;
pub mod survey_scores;

pub use context::App;
pub use error::{ServiceError, ServiceResult};
pub use settings::{Settings, SmtpConfig, SmtpSecurity};

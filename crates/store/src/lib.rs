//! Persistence for Prongsai: one [`Store`] over SQLite (the default, a file in the
//! data directory) or PostgreSQL (by URL, for national scale).
//!
//! Both backends run the same SQL text wherever the dialects agree; every query is
//! written once and compiled for each pool by the `on_conn!` macro, so the two can
//! never drift apart, and what the dialects do differently sits in one module
//! (`dialect`). Every mutating method writes its audit row in the same
//! transaction as the change. Every query for tenant data filters on `agency_id`.

mod action_plans;
mod agencies;
mod analyses;
mod approvals;
mod audit;
mod audited;
mod bundle;
mod complaint_settings;
mod complaints;
mod cycle;
mod departments;
mod dialect;
mod disclosure;
mod error;
mod evidence_files;
mod follow_ups;
mod frameworks;
mod ita_results;
mod link_checks;
mod measures;
mod memos;
mod officials;
mod orders;
mod plan_memos;
mod pool;
mod progress;
mod publications;
mod risk_assessments;
mod rows;
mod schema;
mod session;
mod store;
mod surveys;
mod topics;
mod users;
mod versioned;

pub use complaints::{CaseFilter, NewCase, PurgeReport, Submitted};
pub use dialect::unique_key_field;
pub use error::{StoreError, StoreResult};
pub use publications::{PublicationListing, PublishedFileInfo};
pub use schema::{ColumnKind, ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape};
pub use session::Session;
pub use store::{Actor, Backend, Store, StoredAnalysis, StoredFramework};
pub use surveys::ResponseOutcome;

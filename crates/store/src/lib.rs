//! Persistence for Prongsai: one [`Store`] over SQLite (the default, a file in the
//! data directory) or PostgreSQL (by URL, for national scale).
//!
//! Both backends run the same SQL text wherever the dialects agree; every query is
//! written once and compiled for each pool by the `on_conn!` macro, so the two can
//! never drift apart, and what the dialects do differently sits in one module
//! (`dialect`). Every mutating method writes its audit row in the same
//! transaction as the change. Every query for tenant data filters on `agency_id`.
//!
//! The methods of [`Store`] are grouped by aggregate, one folder each: `accounts`,
//! `ita`, `cycle` (the measures cycle), `records`, `complaints`, `disclosure`;
//! `surveys`, `publications` and `bundle` (export and import) are one module
//! each, as are the settings of the whole installation (`installation`: the
//! ครุฑ). A plain create, update or delete goes through `audited`, a document
//! saved whole through `versioned`; `dialect`, `pool`, `rows` and `schema` are
//! the plumbing under them.

mod accounts;
mod audit;
mod audited;
mod bundle;
mod complaints;
mod cycle;
mod dialect;
mod disclosure;
mod error;
mod installation;
mod ita;
mod pool;
mod publications;
mod records;
mod rows;
mod schema;
mod snapshot;
mod store;
mod survey_bursts;
mod surveys;
mod versioned;

pub use accounts::session::Session;
pub use complaints::cases::{CaseFilter, NewCase, PurgeReport, Submitted};
pub use complaints::received_notices::RECEIVED_NOTICE;
pub use dialect::unique_key_field;
pub use error::{StoreError, StoreResult};
pub use publications::{PublicationListing, PublishedFileInfo};
pub use schema::{ColumnKind, ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape};
pub use store::{Actor, Backend, Store, StoredAnalysis, StoredFramework};
pub use surveys::ResponseOutcome;

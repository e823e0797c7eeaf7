//! Persistence for Prongsai: one [`Store`] over SQLite (the default, a file in the
//! data directory) or PostgreSQL (by URL, for national scale).
//!
//! Both backends run the same SQL text wherever the dialects agree; every query is
//! written once and compiled for each pool by the `on_pool!` macro, so the two can
//! never drift apart. Every mutating method writes its audit row in the same
//! transaction as the change.

mod error;
mod session;
mod store;

pub use error::{StoreError, StoreResult};
pub use session::Session;
pub use store::{Actor, Backend, Store, StoredFramework};

//! The Prongsai web application: server-rendered Thai pages over the store.
//!
//! Handlers stay thin (parse, authorise, call the store or a core rule, render);
//! anything the command line also needs lives in `prongsai-core` or
//! `prongsai-store`. Pages work without JavaScript.

mod auth;
mod charts;
mod config;
mod error;
mod forms;
mod notify;
mod pages;
mod public;
mod render;
mod router;
mod security;
pub mod services;
mod state;

pub use auth::password::hash_password;
pub use config::{SmtpConfig, SmtpSecurity, WebConfig};
pub use notify::{HousekeepingReport, run_housekeeping, spawn_housekeeping};
pub use router::{router, serve};
pub use state::AppState;

//! The Prongsai web application: server-rendered Thai pages over the store.
//!
//! Only HTTP lives here: handlers stay thin (extract, authorise, call the store,
//! a core rule or the application layer `prongsai-app`, render), and anything
//! the command line also needs lives in `prongsai-app`, `prongsai-core` or
//! `prongsai-store`. Pages work without JavaScript.

mod auth;
mod charts;
mod client_addr;
mod config;
mod error;
mod extract;
mod forms;
mod max_length;
mod pages;
mod public;
mod render;
mod router;
mod security;
mod state;

pub use auth::password::hash_password;
pub use config::WebConfig;
pub use router::{router, serve};
pub use state::AppState;

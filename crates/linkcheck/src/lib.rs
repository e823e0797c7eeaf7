//! Evidence-link checking for the OIT checklist.
//!
//! NACC's assessors open each evidence link from the agency's home page; an
//! item fails when its link is broken, cannot be reached from the home page, or
//! is about another year. [`Checker::check`] finds out before they do: it
//! fetches every link of a run (each address once, a bounded number at a time),
//! crawls the agency's site from its home page at the same time to measure how
//! many clicks away each link is, reads the page or PDF text for the fiscal
//! year and the item's keywords, and judges each link with
//! [`prongsai_core::disclosure::judge`].
//!
//! The addresses are typed by users, so the checker refuses anything outside
//! the agency's own domains and any internal network address ([`guard`]).
//! The website it is tried on in tests, the demo and the benchmark is
//! `prongsai_testkit::sample_site`, kept out of this crate so that the checker
//! carries no HTTP server.

mod checker;
mod fetch;
pub mod guard;
mod html;

use std::net::SocketAddr;
use std::time::Duration;

pub use checker::{CheckRequest, CheckRun, CheckedLink, Checker, CheckerError, LinkToCheck};

/// Sent with every request, so that a web administrator reading the logs knows
/// who fetched the pages and why.
pub const USER_AGENT: &str =
    "Prongsai-LinkCheck/0.1 (+ตรวจลิงก์หลักฐาน OIT ของหน่วยงาน; https://example.invalid/prongsai)";

/// How the checker behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckerConfig {
    /// Fetches in flight at once.
    pub concurrency: usize,
    /// Per request.
    pub timeout: Duration,
    /// Private or loopback addresses fetched all the same, each with its port
    /// (a test or demo site on 127.0.0.1:8001); empty in production. An
    /// allowance opens that one port: another service on the same address
    /// stays out of reach, also by a redirect.
    pub allowed_private: Vec<SocketAddr>,
    /// Bytes read of one response at most; the size and hash cover what was read.
    pub max_bytes: u64,
    /// Pages the reachability crawl fetches at most per run.
    pub max_crawl_pages: usize,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        Self {
            concurrency: 8,
            timeout: Duration::from_secs(15),
            allowed_private: Vec::new(),
            max_bytes: 20 * 1024 * 1024,
            max_crawl_pages: 300,
        }
    }
}

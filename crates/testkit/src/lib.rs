//! What Prongsai's tests, benchmarks and demo share, kept out of the product's
//! crates so that none of them carries a test server or a benchmark switch.
//!
//! - [`sample_site`]: a small Thai agency website on 127.0.0.1 with good,
//!   broken, redirected, unlinked and wrong-year pages, for the link checker's
//!   tests, its benchmark and the demo's checklists.
//! - [`bench`]: the short mode CI runs and the full mode behind a flag, and the
//!   goals every benchmark asserts in both.

pub mod bench;
pub mod sample_site;

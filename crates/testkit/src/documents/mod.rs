//! Documents to print without a database: each kind's data at the size and
//! with the text of the seed documents the agencies gave us, and stress sizes
//! for the benchmarks. The docs crate's tests and its render benchmark share
//! them, so a change to a fixture shows in both.

mod analysis;
mod measures;
mod records;
mod reports;

pub mod cycle_fixture;
pub mod plan_fixture;

pub use analysis::*;
pub use measures::*;
pub use records::*;
pub use reports::*;

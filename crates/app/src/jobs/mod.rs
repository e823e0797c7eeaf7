//! What the server does on its own, on a timer (see [`housekeeping`]).

mod housekeeping;

pub use housekeeping::{HousekeepingReport, run_housekeeping, spawn_housekeeping};

//! The two sizes of a benchmark run, and the goals they check.
//!
//! CI runs every benchmark short (fewer rounds and requests) so that a change
//! is verified in minutes; the goal of each issue is still asserted, so a
//! regression fails CI rather than only printing a worse number. The sizes the
//! issues were measured at run with `PRONGSAI_BENCH_FULL=1`.

use std::fmt::Display;

/// The environment variable that selects the full run.
pub const FULL_VAR: &str = "PRONGSAI_BENCH_FULL";

/// How big a benchmark run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// What CI runs: enough samples for the goal to be meaningful.
    Short,
    /// The sizes the issues' figures were measured at.
    Full,
}

impl Mode {
    /// `Full` when `PRONGSAI_BENCH_FULL=1`, else `Short`.
    #[must_use]
    pub fn from_env() -> Self {
        if std::env::var(FULL_VAR).as_deref() == Ok("1") {
            Self::Full
        } else {
            Self::Short
        }
    }

    /// The value for this mode.
    pub fn pick<T>(self, short: T, full: T) -> T {
        match self {
            Self::Short => short,
            Self::Full => full,
        }
    }

    /// Printed at the top of each benchmark so a figure is never read without
    /// its size.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Short => "short run (CI); PRONGSAI_BENCH_FULL=1 for the full sizes",
            Self::Full => "full run",
        }
    }
}

/// Prints one goal with what was measured, and panics (failing the benchmark)
/// when it is missed.
///
/// # Panics
/// When `met` is false.
pub fn goal(what: &str, met: bool, measured: impl Display, target: impl Display) {
    let verdict = if met { "met" } else { "MISSED" };
    println!("  goal {what}: {measured} (goal {target}): {verdict}");
    assert!(met, "goal missed: {what}: {measured}, goal {target}");
}

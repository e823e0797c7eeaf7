//! The integration tests of `core` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

mod analysis_properties;
mod analysis_rules;
mod analysis_seed;
mod hostile_input;
mod ita_errors;
mod ita_framework;
mod ita_golden;
mod ita_properties;
mod surveys;

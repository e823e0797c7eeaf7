//! The integration tests of `store` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

#[macro_use]
mod common;

mod action_plans;
mod complaints;
mod disclosure;
mod installation;
mod measures;
mod progress_results;
mod publications;
mod records;
mod suite;

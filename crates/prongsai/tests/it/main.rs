//! The integration tests of `prongsai` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

mod browser;
mod cli;
mod demo_action_plans;
mod demo_complaints;
mod demo_disclosure;
mod demo_plans;

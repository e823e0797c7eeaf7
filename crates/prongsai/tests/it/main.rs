//! The integration tests of `prongsai` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

mod backup;
mod browser;
mod cli;
mod crash;
mod demo_action_plans;
mod demo_complaints;
mod demo_disclosure;
mod demo_plans;
mod intake;
mod processes;

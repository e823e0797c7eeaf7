//! The integration tests of `web` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

mod common;

mod action_plans;
mod addresses;
mod analysis;
mod behind_proxy;
mod cases;
mod clean_input;
mod complaint_settings;
mod complaint_stats;
mod disclosure;
mod form_fuzzer;
mod http;
mod measures;
mod notifications;
mod portal;
mod public;
mod public_surveys;
mod publications;
mod records;
mod surveys;
mod tenancy;

//! Domain types and rules of Prongsai.
//!
//! Everything here is plain Rust with no database, web server or file system, so
//! the rules that matter most (the Thai calendar, NACC scoring, validation of what a
//! user types) are tested quickly and in one place. The other crates translate
//! between these types and rows, forms, documents and the command line.

pub mod action_plan;
pub mod analysis;
pub mod bundle;
pub mod complaints;
pub mod correspondence;
pub mod disclosure;
pub mod field_limits;
pub mod file_name;
pub mod ita;
pub mod measures;
pub mod model;
pub mod publication;
pub mod risk;
pub mod surveys;
pub mod thai;
pub mod validation;
pub mod web_link;

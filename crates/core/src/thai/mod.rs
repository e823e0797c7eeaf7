//! Thai calendar, fiscal years and numbers.
//!
//! Every document Prongsai produces for an agency is read by Thai officials and
//! checked by NACC assessors, so dates must be in the Buddhist era with the month
//! names and abbreviations of official correspondence, money must read the way a
//! finance officer writes it on a voucher, and the fiscal year must follow the
//! government's October-to-September budget cycle. These rules are small but easy to
//! get subtly wrong, so they live here once, with tests, instead of being re-derived
//! in templates and forms.
//!
//! - [`digits`]: Thai digits (๐–๙) in prose, never inside links, e-mail addresses or
//!   codes.
//! - [`numbers`]: thousands separators, money held as whole satang, and the Thai
//!   reading of an amount (บาทถ้วน).
//! - [`calendar`]: Buddhist-era years, month names, formatting and parsing of dates.
//! - [`fiscal`]: fiscal years, quarters and the two reporting rounds of the ITA year.

pub mod calendar;
pub mod digits;
pub mod fiscal;
pub mod numbers;

//! Typed values from the address of a request.
//!
//! Handlers name what each path segment is (an id, a fiscal year, a round) and
//! receive it already parsed. A segment that does not parse answers the Thai
//! not-found page before the handler runs: a mistyped address is a page that
//! does not exist, exactly like another agency's id, and no handler has to
//! remember to check.

use std::fmt;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, de::DeserializeOwned};

use crate::error::AppError;

/// The path parameters of a route as `T` (one value or a tuple); a segment that
/// does not parse is [`AppError::NotFound`].
#[derive(Debug)]
pub(crate) struct Path<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|_| AppError::NotFound)
    }
}

/// A fiscal year in an address, in Thai or Arabic digits, within the years
/// [`FiscalYear`] accepts. Holds the Buddhist year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Year(pub(crate) i32);

impl Year {
    /// Reads a year typed in Thai or Arabic digits; `None` if it is not one.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let be: i32 = to_arabic_digits(text.trim()).parse().ok()?;
        FiscalYear::try_from(be).ok().map(|y| Self(y.be()))
    }
}

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(SegmentVisitor("a fiscal year", Self::parse))
    }
}

/// A fiscal year typed in a query or a form field where only a year makes
/// sense (a filter, a copy source); anything else is a page that does not exist.
pub(crate) fn parse_year(text: &str) -> Result<i32, AppError> {
    Year::parse(text).map(|y| y.0).ok_or(AppError::NotFound)
}

/// A reporting round in an address: `half` or `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Round(pub(crate) ReportingRound);

impl Round {
    /// The round named by its address segment.
    pub(crate) fn parse(code: &str) -> Option<Self> {
        match code {
            "half" => Some(Self(ReportingRound::HalfYear)),
            "full" => Some(Self(ReportingRound::FullYear)),
            _ => None,
        }
    }
}

/// The address segment of a round, the inverse of [`Round::parse`].
pub(crate) fn round_code(round: ReportingRound) -> &'static str {
    match round {
        ReportingRound::HalfYear => "half",
        ReportingRound::FullYear => "full",
    }
}

impl<'de> Deserialize<'de> for Round {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(SegmentVisitor("half or full", Self::parse))
    }
}

/// Reads one segment through a parse function.
struct SegmentVisitor<T>(&'static str, fn(&str) -> Option<T>);

impl<T> Visitor<'_> for SegmentVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.1)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_accept_thai_and_arabic_digits_within_the_supported_range() {
        assert_eq!(Year::parse("๒๕๖๘"), Some(Year(2568)));
        assert_eq!(Year::parse("2568"), Some(Year(2568)));
        assert_eq!(Year::parse("2025x"), None);
        assert_eq!(Year::parse("68"), None);
        assert_eq!(Year::parse("99999999999"), None);
        assert_eq!(parse_year(" ๒๕๖๘ ").ok(), Some(2568));
        assert!(matches!(parse_year("abc"), Err(AppError::NotFound)));
    }

    #[test]
    fn rounds_are_half_or_full() {
        assert_eq!(Round::parse("half"), Some(Round(ReportingRound::HalfYear)));
        assert_eq!(Round::parse("full"), Some(Round(ReportingRound::FullYear)));
        assert_eq!(Round::parse("HALF"), None);
        assert_eq!(round_code(ReportingRound::FullYear), "full");
    }
}

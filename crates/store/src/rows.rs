//! Turning column values back into domain values. Enums are stored as their
//! stable codes and structured values as JSON text; a value this build cannot read
//! is reported as [`StoreError::Invalid`] naming what it was, never a panic.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{StoreError, StoreResult};

/// Parses a stored enum code with the domain type's `from_code`.
pub(crate) fn parse_code<T>(
    what: &str,
    code: &str,
    from_code: fn(&str) -> Option<T>,
) -> StoreResult<T> {
    from_code(code).ok_or_else(|| StoreError::Invalid(format!("unknown {what} `{code}`")))
}

/// Reads JSON text written by [`to_json`].
pub(crate) fn parse_json<T: DeserializeOwned>(what: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Invalid(format!("stored {what}: {e}")))
}

/// JSON text as stored: compact, keys in the order the value has them.
pub(crate) fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(format!("JSON: {e}")))
}

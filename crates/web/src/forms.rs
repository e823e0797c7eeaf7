//! What a form shows after a failed submission: the values as typed and a Thai
//! message next to each field that was wrong. Nothing typed is lost.

use std::collections::BTreeMap;

use prongsai_core::validation::ValidationErrors;
use serde::Serialize;

/// Values and errors of one form, by field name.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct FormState {
    pub(crate) values: BTreeMap<String, String>,
    pub(crate) errors: BTreeMap<String, String>,
}

impl FormState {
    /// A form pre-filled with `values`.
    pub(crate) fn with_values<K: Into<String>, V: Into<String>>(
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            values: values
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            errors: BTreeMap::new(),
        }
    }

    /// Attaches validation errors (the first message per field wins).
    pub(crate) fn with_errors(mut self, errors: &ValidationErrors) -> Self {
        for e in &errors.0 {
            self.errors
                .entry(e.field.clone())
                .or_insert_with(|| e.message.clone());
        }
        self
    }

    /// Attaches one error.
    pub(crate) fn with_error(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors.insert(field.to_owned(), message.into());
        self
    }
}

/// Trims a form value and turns "" into `None`.
pub(crate) fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

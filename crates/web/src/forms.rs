//! What a form shows after a failed submission: the values as typed and a Thai
//! message next to each field that was wrong. Nothing typed is lost.

use std::collections::BTreeMap;

use prongsai_core::validation::ValidationErrors;
use prongsai_core::web_link::check_link;
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

/// Checks a typed link (see [`check_link`]); `None` with its Thai message
/// recorded at `field` when it cannot be stored. A link with Thai digits is not
/// stored either: `typed` becomes the same address with Arabic digits, so the
/// form comes back offering it, and saving again stores it.
pub(crate) fn check_typed_link(
    typed: &mut String,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    match check_link(typed) {
        Ok(link) => Some(link),
        Err(problem) => {
            errors.add(field, problem.message_th());
            if let Some(offered) = problem.offered() {
                offered.clone_into(typed);
            }
            None
        }
    }
}

/// [`check_typed_link`] on the value of `field` in a form's values.
pub(crate) fn read_link(
    values: &mut BTreeMap<String, String>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let typed = values.entry(field.to_owned()).or_default();
    check_typed_link(typed, field, errors)
}

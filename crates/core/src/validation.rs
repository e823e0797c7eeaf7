//! Field-level validation errors in Thai, shared by forms, the CLI and imports.
//!
//! A form shows each message next to its field and keeps what the user typed; the
//! CLI prints `field: message`. Keeping them in one type means every layer says the
//! same thing about the same mistake.

use std::fmt;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field or JSON path, e.g. `name` or `iit.indicators.3`.
    pub field: String,
    /// What is wrong, in Thai.
    pub message: String,
}

/// All problems found in one submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// No problems yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records "required" when the trimmed value is empty.
    pub fn require(&mut self, field: &str, value: &str, label_th: &str) {
        if value.trim().is_empty() {
            self.add(field, format!("กรุณากรอก{label_th}"));
        }
    }

    /// Whether nothing was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, if any.
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(())` when empty, otherwise `Err(self)`.
    ///
    /// # Errors
    /// Returns the collected errors when there is at least one.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

//! The two ways ITA data can be rejected: a framework file that does not hold
//! together, and an assessment that cannot be scored against its framework.
//!
//! Both name the exact place (a JSON path such as
//! `indicators[3].questions[2].answer_type` or `iit.questions.i4[2]`) and say in
//! Thai what is wrong, so an administrator or agency officer can fix the file
//! without reading code. The CLI exits with code 2 on any [`ScoreError`].

use std::fmt;

/// Why a framework file (or a derived framework) was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkError {
    /// JSON path of the offending field; for a JSON syntax error, the line and
    /// column ("บรรทัด 3 คอลัมน์ 7"); empty when the whole document is wrong.
    pub path: String,
    /// What is wrong, in Thai.
    pub reason: String,
}

impl FrameworkError {
    pub(crate) fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for FrameworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_path_reason(f, &self.path, &self.reason)
    }
}

impl std::error::Error for FrameworkError {}

/// Why an assessment could not be scored.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreError {
    /// The input is well-formed JSON but does not fit the framework: an unknown
    /// code, a missing item or question, a value out of range, a wrong answer type…
    Invalid {
        /// JSON path, e.g. `oit.items.O44` or `iit.questions.i3[7][1]`.
        path: String,
        /// What is wrong, in Thai.
        reason: String,
    },
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        /// What is wrong, in Thai.
        reason: String,
    },
    /// No framework (built-in or imported) exists for the fiscal year.
    NoFramework { year: i32 },
}

impl ScoreError {
    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { path, reason } => write_path_reason(f, path, reason),
            Self::Syntax {
                line,
                column,
                reason,
            } => write!(f, "JSON ไม่ถูกต้องที่บรรทัด {line} คอลัมน์ {column}: {reason}"),
            Self::NoFramework { year } => {
                write!(f, "year: ไม่มีกรอบการประเมิน ITA ของปีงบประมาณ {year}")
            }
        }
    }
}

impl std::error::Error for ScoreError {}

fn write_path_reason(f: &mut fmt::Formatter<'_>, path: &str, reason: &str) -> fmt::Result {
    if path.is_empty() {
        f.write_str(reason)
    } else {
        write!(f, "{path}: {reason}")
    }
}

//! The error every command returns: a Thai message for the person at the
//! terminal and the process's exit code (2 for bad input, 1 for anything else).
//! Its own module because commands, configuration and the demo all return it.

use std::fmt;

use prongsai_store::StoreError;

/// A command's failure: a message for the user and the exit code.
#[derive(Debug)]
pub(crate) struct CliError {
    message: String,
    code: u8,
}

impl CliError {
    /// Bad input (a file, an argument): exit code 2.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }

    /// Anything else: exit code 1.
    pub(crate) fn failure(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
        }
    }

    pub(crate) fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::usage("ไม่พบข้อมูลที่ระบุ"),
            StoreError::Conflict { field } => Self::usage(format!("ข้อมูลซ้ำกับที่มีอยู่แล้ว ({field})")),
            StoreError::InUse { by } => Self::usage(format!("ข้อมูลยังถูกใช้งานอยู่ ({by})")),
            StoreError::Invalid(reason) => Self::usage(format!("ข้อมูลไม่ถูกต้อง: {reason}")),
            StoreError::Open(reason) => Self::usage(format!("เปิดฐานข้อมูลไม่ได้: {reason}")),
            other => Self::failure(format!("ฐานข้อมูลขัดข้อง: {other}")),
        }
    }
}

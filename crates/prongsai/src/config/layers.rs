//! The layers merged by figment: the settings file, the environment and the
//! command-line flags, each key taken from the highest layer that gives it.
//!
//! Every setting has a file key and an environment variable named by one rule,
//! [`variable`]: `PRONGSAI_` and the key in capitals, a table's dot as an
//! underscore (`[smtp] host` → `PRONGSAI_SMTP_HOST`). The environment is read
//! from (name, value) pairs rather than through figment's own `Env`, so that
//! tests hand in their own pairs without touching the process's environment
//! (shared by every test thread), and so that a value stays text until the field
//! it fills asks for a number or a yes/no: `extract_lossy` turns `"16"` into 16
//! and `"on"` into `true`, while an SMTP password of digits stays a password.

use std::collections::HashMap;
use std::path::Path;

use figment::Figment;
use figment::error::{Actual, Kind};
use figment::providers::{Format as _, Serialized, Toml};
use figment::value::Value;
use serde::Deserialize;

use crate::error::CliError;

/// Every key of the settings file, as the README's table lists them.
pub(super) const KEYS: &[&str] = &[
    "database_url",
    "bind",
    "secure_cookies",
    "hsts",
    "session_hours",
    "login_attempts",
    "login_window_minutes",
    "master_key",
    "public_base_url",
    "smtp.host",
    "smtp.port",
    "smtp.security",
    "smtp.username",
    "smtp.password",
    "smtp.from",
    "tracking_attempts",
    "tracking_window_minutes",
    "trusted_proxies",
    "public_filings_per_client",
    "public_filing_window_minutes",
    "housekeeping_minutes",
    "link_check.concurrency",
    "link_check.timeout_seconds",
    "link_check.allowed_private_addresses",
];

/// Keys holding a list: their variable is comma-separated.
const LIST_KEYS: &[&str] = &["link_check.allowed_private_addresses", "trusted_proxies"];

/// Keys whose value a message never repeats.
const SECRET_KEYS: &[&str] = &["master_key", "smtp.password"];

/// The environment variable of a file key.
pub(super) fn variable(key: &str) -> String {
    format!("PRONGSAI_{}", key.replace('.', "_").to_ascii_uppercase())
}

/// Every setting as the layers give it; `None`: the built-in default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Given {
    pub(super) database_url: Option<String>,
    pub(super) bind: Option<String>,
    pub(super) secure_cookies: Option<bool>,
    pub(super) hsts: Option<bool>,
    pub(super) session_hours: Option<u64>,
    pub(super) login_attempts: Option<u32>,
    pub(super) login_window_minutes: Option<u64>,
    pub(super) master_key: Option<String>,
    pub(super) public_base_url: Option<String>,
    #[serde(default)]
    pub(super) smtp: GivenSmtp,
    pub(super) tracking_attempts: Option<u32>,
    pub(super) tracking_window_minutes: Option<u64>,
    pub(super) trusted_proxies: Option<Vec<String>>,
    pub(super) public_filings_per_client: Option<u32>,
    pub(super) public_filing_window_minutes: Option<u64>,
    pub(super) housekeeping_minutes: Option<u64>,
    #[serde(default)]
    pub(super) link_check: GivenLinkCheck,
}

/// The `[smtp]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GivenSmtp {
    pub(super) host: Option<String>,
    pub(super) port: Option<u16>,
    pub(super) security: Option<String>,
    pub(super) username: Option<String>,
    pub(super) password: Option<String>,
    pub(super) from: Option<String>,
}

/// The `[link_check]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GivenLinkCheck {
    pub(super) concurrency: Option<u64>,
    pub(super) timeout_seconds: Option<u64>,
    pub(super) allowed_private_addresses: Option<Vec<String>>,
}

/// The merged layers, and which keys the environment and the flags gave, to say
/// where a wrong value came from.
pub(super) struct Layers {
    figment: Figment,
    /// The settings file, for messages (the one that would be read when none is).
    file: String,
    from_environment: Vec<&'static str>,
    from_flags: Vec<&'static str>,
}

impl Layers {
    /// Merges the file (if any) < the variables of [`KEYS`] among `vars` (trimmed;
    /// blank counts as not set) < the flags given as (key, value).
    pub(super) fn merge(
        file: Option<&Path>,
        file_name: String,
        vars: impl IntoIterator<Item = (String, String)>,
        flags: Vec<(&'static str, String)>,
    ) -> Self {
        let mut figment = Figment::new();
        if let Some(path) = file {
            figment = figment.merge(Toml::file_exact(path));
        }
        let vars: HashMap<String, String> = vars.into_iter().collect();
        let mut from_environment = Vec::new();
        for &key in KEYS {
            let Some(text) = vars.get(&variable(key)).map(|v| v.trim()) else {
                continue;
            };
            let value = if text.is_empty() {
                continue;
            } else if LIST_KEYS.contains(&key) {
                let items = text.split(',').map(str::trim).filter(|i| !i.is_empty());
                Value::from(items.map(Value::from).collect::<Vec<_>>())
            } else {
                Value::from(text)
            };
            figment = figment.merge(Serialized::default(key, value));
            from_environment.push(key);
        }
        let mut from_flags = Vec::new();
        for (key, value) in flags {
            figment = figment.merge(Serialized::default(key, value));
            from_flags.push(key);
        }
        Self {
            figment,
            file: file_name,
            from_environment,
            from_flags,
        }
    }

    /// Every setting, or the first wrong one named with where it came from.
    pub(super) fn given(&self) -> Result<Given, CliError> {
        self.figment.extract_lossy().map_err(|e| self.refusal(&e))
    }

    /// Where the value of `key` came from, as a message names it.
    pub(super) fn origin(&self, key: &str) -> String {
        if self.from_flags.contains(&key) {
            format!("ตัวเลือก --{}", key.replace('_', "-"))
        } else if self.from_environment.contains(&key) {
            format!("ตัวแปร {}", variable(key))
        } else {
            format!("ค่า {key} ในไฟล์ตั้งค่า {}", self.file)
        }
    }

    /// A figment error in Thai, naming the key or variable.
    fn refusal(&self, error: &figment::Error) -> CliError {
        let key = error.path.join(".");
        if key.is_empty() {
            return CliError::usage(format!("อ่านไฟล์ตั้งค่า {} ไม่ได้: {}", self.file, error.kind));
        }
        let origin = self.origin(&key);
        let secret = SECRET_KEYS.contains(&key.as_str());
        CliError::usage(match &error.kind {
            Kind::UnknownField(_, known) => format!(
                "ไฟล์ตั้งค่า {} มีค่า {key} ที่ไม่รู้จัก (ที่ใช้ได้ในตำแหน่งนี้: {})",
                self.file,
                known.join(", ")
            ),
            Kind::InvalidType(actual, expected) | Kind::InvalidValue(actual, expected) => {
                let expectation = expectation(expected);
                match given_value(actual) {
                    Some(value) if !secret => format!("{origin} {expectation} (ได้ค่า {value})"),
                    _ => format!("{origin} {expectation}"),
                }
            }
            other => format!("{origin} ไม่ถูกต้อง: {other}"),
        })
    }
}

/// What a field expects, from the type serde names.
fn expectation(expected: &str) -> String {
    match expected {
        "a boolean" => "ต้องเป็น true หรือ false".to_owned(),
        "a string" => "ต้องเป็นข้อความ".to_owned(),
        "a sequence" => "ต้องเป็นรายการ".to_owned(),
        "u16" => "ต้องเป็นจำนวนเต็ม 1 ถึง 65535".to_owned(),
        "u32" | "u64" => "ต้องเป็นจำนวนเต็มไม่ติดลบ".to_owned(),
        table if table.starts_with("struct ") => "ต้องเป็นตาราง".to_owned(),
        other => format!("ต้องเป็น {other}"),
    }
}

/// A wrong scalar as the user wrote it.
fn given_value(actual: &Actual) -> Option<String> {
    match actual {
        Actual::Str(s) => Some(format!("\"{s}\"")),
        Actual::Bool(b) => Some(b.to_string()),
        Actual::Unsigned(n) => Some(n.to_string()),
        Actual::Signed(n) => Some(n.to_string()),
        Actual::Float(n) => Some(n.to_string()),
        _ => None,
    }
}

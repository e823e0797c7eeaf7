//! Settings of the web server, one typed struct filled by the binary from
//! defaults, the config file, the environment and flags (in that order).

use std::path::PathBuf;
use std::time::Duration;

use prongsai_core::complaints::sealing::MasterKey;

/// What the web layer needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`. Browsers accept `Secure` cookies over plain HTTP on
    /// loopback only, so this stays on unless the server is reached over plain
    /// HTTP on another address (which it should not be).
    pub secure_cookies: bool,
    /// Send `Strict-Transport-Security`: only when served over HTTPS.
    pub hsts: bool,
    /// How long a login lasts without activity.
    pub session_lifetime: Duration,
    /// Failed logins allowed per user name (and per client address) per window.
    pub login_attempts: u32,
    /// The throttling window.
    pub login_window: Duration,
    /// The data folder; uploaded evidence lives under `evidence/` in it, outside
    /// anything the server serves as static files.
    pub data_dir: PathBuf,
    /// Seals reporters' identities and case files (XChaCha20-Poly1305, one key per
    /// agency derived from this one). Kept in configuration or the environment,
    /// never in the database. The default is a fresh random key, right for tests
    /// only: sealed data cannot be opened after a restart with another key.
    pub master_key: MasterKey,
    /// The address the public reaches the portal at (`https://itas.example.go.th`),
    /// for QR codes and links in e-mails; `None` uses the request's `Host`.
    pub public_base_url: Option<String>,
    /// The SMTP server notifications go through; `None` sends no e-mail.
    pub smtp: Option<SmtpConfig>,
    /// Wrong tracking codes allowed per client address per window.
    pub tracking_attempts: u32,
    /// The tracking-lookup throttling window.
    pub tracking_window: Duration,
    /// How often the server looks for deadline reminders to send and expired
    /// corruption reports to delete.
    pub housekeeping_interval: Duration,
    /// How evidence links are fetched (concurrency, timeouts, the private
    /// addresses a test or demo site may use).
    pub link_check: prongsai_linkcheck::CheckerConfig,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain SMTP: only for a relay on the same machine or a test sink.
    None,
    /// STARTTLS on the submission port (587).
    StartTls,
    /// TLS from the first byte (465).
    Tls,
}

/// The SMTP server and the sender address of notifications.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `Prongsai <no-reply@example.go.th>`
    pub from: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            hsts: false,
            session_lifetime: Duration::from_secs(8 * 60 * 60),
            login_attempts: 5,
            login_window: Duration::from_secs(15 * 60),
            data_dir: PathBuf::from("prongsai-data"),
            master_key: MasterKey::generate(),
            public_base_url: None,
            smtp: None,
            tracking_attempts: 5,
            tracking_window: Duration::from_secs(15 * 60),
            housekeeping_interval: Duration::from_secs(60 * 60),
            link_check: prongsai_linkcheck::CheckerConfig::default(),
        }
    }
}

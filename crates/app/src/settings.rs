//! What the application layer needs to know about its deployment: where its
//! files are, the key that seals reporters' identities, the address the public
//! reaches, the mail server, how often the jobs run and how links are fetched.
//! The binary fills it from defaults, the config file, the environment and
//! flags; the web server's own settings (cookies, login throttling) are kept
//! apart in `prongsai_web::WebConfig`.

use std::path::PathBuf;
use std::time::Duration;

use prongsai_core::complaints::sealing::MasterKey;

/// The deployment as services and jobs see it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The data folder; uploaded evidence lives under `evidence/` in it, outside
    /// anything the server serves as static files, and sealed case files under
    /// `cases/`.
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
    /// How often the jobs look for deadline reminders to send, expired
    /// corruption reports to delete and link checks that are due.
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

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("prongsai-data"),
            master_key: MasterKey::generate(),
            public_base_url: None,
            smtp: None,
            housekeeping_interval: Duration::from_secs(60 * 60),
            link_check: prongsai_linkcheck::CheckerConfig::default(),
        }
    }
}

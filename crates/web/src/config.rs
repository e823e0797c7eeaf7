//! Settings of the web server itself, one typed struct filled by the binary
//! from defaults, the config file, the environment and flags (in that order).
//! What services and jobs need is the application layer's own
//! `prongsai_app::Settings`, held once, by its `App`.

use std::time::Duration;

use ipnet::IpNet;

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
    /// Failed logins per account, per client address and per pair of them
    /// before attempts wait (the pair) or pause (the others); see
    /// `auth::throttle`.
    pub login_attempts: u32,
    /// How long failed logins are remembered, and the longest wait.
    pub login_window: Duration,
    /// Wrong tracking codes per client address and per code prefix before
    /// lookups wait.
    pub tracking_attempts: u32,
    /// How long wrong tracking codes are remembered, and the longest wait.
    pub tracking_window: Duration,
    /// Reverse proxies whose `Forwarded` or `X-Forwarded-For` header names the
    /// client (addresses or networks); from any other peer the headers are
    /// ignored. Empty: the peer is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Complaints and reports one client address may file with one agency per
    /// `public_filing_window`; 0: no limit (see `public::filing_limit`).
    pub public_filings_per_client: u32,
    /// The window those filings are counted in.
    pub public_filing_window: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            hsts: false,
            session_lifetime: Duration::from_secs(8 * 60 * 60),
            login_attempts: 5,
            login_window: Duration::from_secs(15 * 60),
            tracking_attempts: 5,
            tracking_window: Duration::from_secs(15 * 60),
            trusted_proxies: Vec::new(),
            public_filings_per_client: 20,
            public_filing_window: Duration::from_secs(60 * 60),
        }
    }
}

//! One typed configuration, layered: built-in defaults < the TOML file <
//! environment variables < command-line flags. Loaded and checked once in `main`,
//! then passed down; nothing reads the environment later.
//!
//! The layering is figment's ([`layers`]): merging layers key by key, tables
//! included, and knowing which layer gave the value that turns out wrong is what
//! it is made for, so what is left here is ours alone: the defaults, the checks
//! with their Thai messages, and turning the settings into what the server and
//! the commands take. Every setting has a file key and an environment variable;
//! the README's Configuration table lists them, and a test reads that table.
//!
//! The master key that seals reporters' identities is the one setting with a
//! fallback of its own: when neither the file nor the environment gives it, the
//! server keeps it in `master.key` in the data folder ([`key_file`]), never in
//! the database, so a copy of the database alone opens nothing. Only the
//! commands that seal or open (`serve`, `demo`) look for that file or make it.

mod key_file;
mod layers;
#[cfg(test)]
mod tests;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use prongsai_app::{Settings, SmtpConfig, SmtpSecurity};
use prongsai_core::complaints::looks_like_email;
use prongsai_core::complaints::sealing::MasterKey;
use prongsai_linkcheck::CheckerConfig;
use prongsai_web::WebConfig;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use layers::{GivenLinkCheck, GivenSmtp, Layers};

/// Everything a command needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) data_dir: PathBuf,
    /// `None`: the SQLite file `prongsai.db` in `data_dir`.
    pub(crate) database_url: Option<String>,
    pub(crate) bind: SocketAddr,
    /// The web server's settings.
    pub(crate) web: WebConfig,
    /// The application's settings; their `master_key` is a placeholder until
    /// [`Config::settings`] puts the real one in.
    pub(crate) app: Settings,
    /// The master key given in the file or the environment; `None`: `master.key`
    /// in the data folder.
    master_key: Option<MasterKey>,
}

/// The default data folder, relative to where the command runs.
const DEFAULT_DATA_DIR: &str = "prongsai-data";
const DEFAULT_BIND: &str = "127.0.0.1:8080";
const FILE_NAME: &str = "prongsai.toml";
/// The master key's file in the data folder, used when none is configured.
pub(crate) const KEY_FILE_NAME: &str = "master.key";

impl Config {
    /// Builds the configuration from the layers; `bind_flag` is the command's
    /// `--bind`, when it has one.
    pub(crate) fn load(
        global: &GlobalArgs,
        bind_flag: Option<SocketAddr>,
    ) -> Result<Self, CliError> {
        let vars = std::env::vars_os().filter_map(|(name, value)| {
            Some((name.into_string().ok()?, value.into_string().ok()?))
        });
        Self::load_with(global, bind_flag, vars)
    }

    /// [`Config::load`] with the environment given as (name, value) pairs.
    fn load_with(
        global: &GlobalArgs,
        bind_flag: Option<SocketAddr>,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, CliError> {
        let data_dir = global
            .data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let file_path = config_path(global.config.as_deref(), &data_dir);
        let file_name = file_path
            .as_deref()
            .unwrap_or(&data_dir.join(FILE_NAME))
            .display()
            .to_string();
        let flags = [
            ("database_url", global.database_url.clone()),
            ("bind", bind_flag.map(|b| b.to_string())),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect();
        let layers = Layers::merge(file_path.as_deref(), file_name, vars, flags);
        let given = layers.given()?;

        let defaults = WebConfig::default();
        let minutes = |m: u64| Duration::from_secs(m * 60);
        let web = WebConfig {
            secure_cookies: given.secure_cookies.unwrap_or(defaults.secure_cookies),
            hsts: given.hsts.unwrap_or(defaults.hsts),
            session_lifetime: positive(&layers, given.session_hours, "session_hours")?
                .map_or(defaults.session_lifetime, |h| Duration::from_secs(h * 3600)),
            login_attempts: positive(&layers, given.login_attempts, "login_attempts")?
                .unwrap_or(defaults.login_attempts),
            login_window: positive(&layers, given.login_window_minutes, "login_window_minutes")?
                .map_or(defaults.login_window, minutes),
            tracking_attempts: positive(&layers, given.tracking_attempts, "tracking_attempts")?
                .unwrap_or(defaults.tracking_attempts),
            tracking_window: positive(
                &layers,
                given.tracking_window_minutes,
                "tracking_window_minutes",
            )?
            .map_or(defaults.tracking_window, minutes),
            trusted_proxies: trusted_proxies(&layers, given.trusted_proxies)?,
            public_filings_per_client: given
                .public_filings_per_client
                .unwrap_or(defaults.public_filings_per_client),
            public_filing_window: positive(
                &layers,
                given.public_filing_window_minutes,
                "public_filing_window_minutes",
            )?
            .map_or(defaults.public_filing_window, minutes),
        };
        let app_defaults = Settings::default();
        let app = Settings {
            data_dir: data_dir.clone(),
            public_base_url: public_base_url(&layers, given.public_base_url)?,
            smtp: smtp(&layers, given.smtp)?,
            housekeeping_interval: positive(
                &layers,
                given.housekeeping_minutes,
                "housekeeping_minutes",
            )?
            .map_or(app_defaults.housekeeping_interval, minutes),
            link_check: link_check(&layers, given.link_check)?,
            ..app_defaults
        };
        Ok(Self {
            data_dir,
            database_url: text(given.database_url),
            bind: bind(&layers, given.bind)?,
            web,
            app,
            master_key: master_key(&layers, given.master_key)?,
        })
    }

    /// The SQLite file used when no database URL is given.
    pub(crate) fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("prongsai.db")
    }

    /// The master key: as configured, or else the one in `master.key` in the data
    /// folder, made there (readable by its owner only) the first time.
    pub(crate) fn master_key(&self) -> Result<MasterKey, CliError> {
        match &self.master_key {
            Some(key) => Ok(key.clone()),
            None => key_file::key_file(&self.data_dir.join(KEY_FILE_NAME)),
        }
    }

    /// The master key as configured or kept in the data folder, without making
    /// one: `None` when there is none yet.
    pub(crate) fn existing_master_key(&self) -> Result<Option<MasterKey>, CliError> {
        match &self.master_key {
            Some(key) => Ok(Some(key.clone())),
            None => key_file::existing_key_file(&self.data_dir.join(KEY_FILE_NAME)),
        }
    }

    /// The application's settings with the real master key in them.
    pub(crate) fn settings(&self) -> Result<Settings, CliError> {
        Ok(Settings {
            master_key: self.master_key()?,
            ..self.app.clone()
        })
    }
}

/// The settings file to read: the one named, or `prongsai.toml` in the data
/// folder when there is one.
fn config_path(explicit: Option<&Path>, data_dir: &Path) -> Option<PathBuf> {
    match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => Some(data_dir.join(FILE_NAME)).filter(|p| p.exists()),
    }
}

/// A text setting, blank counted as not set.
fn text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A count or a number of minutes or hours, which must be above zero.
fn positive<T: Copy + Default + PartialEq>(
    layers: &Layers,
    value: Option<T>,
    key: &str,
) -> Result<Option<T>, CliError> {
    match value {
        Some(v) if v == T::default() => Err(CliError::usage(format!(
            "{} ต้องมากกว่า 0",
            layers.origin(key)
        ))),
        other => Ok(other),
    }
}

/// The address to listen on.
fn bind(layers: &Layers, given: Option<String>) -> Result<SocketAddr, CliError> {
    let text = text(given).unwrap_or_else(|| DEFAULT_BIND.to_owned());
    text.parse().map_err(|_| {
        CliError::usage(format!(
            "{} ต้องเป็นหมายเลข IP และพอร์ต เช่น 127.0.0.1:8080 (ได้ค่า \"{text}\")",
            layers.origin("bind")
        ))
    })
}

/// How a master key is written, for the messages about a bad one.
const KEY_FORM: &str =
    "ต้องเป็นข้อมูล 32 ไบต์ที่เขียนแบบ base64 (44 ตัวอักษร) สร้างใหม่ได้ด้วยคำสั่ง prongsai key generate";

/// The master key from the environment or the file. The message for a bad one
/// names where it came from and never repeats the value: it is a secret, and a
/// wrong one is often a right one cut short.
fn master_key(layers: &Layers, given: Option<String>) -> Result<Option<MasterKey>, CliError> {
    text(given)
        .map(|text| {
            MasterKey::from_base64(&text).map_err(|_| {
                CliError::usage(format!(
                    "{} ไม่ใช่กุญแจหลักที่ใช้ได้: {KEY_FORM}",
                    layers.origin("master_key")
                ))
            })
        })
        .transpose()
}

/// The public address, without a trailing slash.
fn public_base_url(layers: &Layers, given: Option<String>) -> Result<Option<String>, CliError> {
    let Some(value) = text(given) else {
        return Ok(None);
    };
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .map(|rest| rest.trim_end_matches('/'));
    match host {
        Some(h) if !h.is_empty() && !h.contains(char::is_whitespace) => {
            Ok(Some(value.trim_end_matches('/').to_owned()))
        }
        _ => Err(CliError::usage(format!(
            "{} ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https:// หรือ http:// (ได้ค่า \"{value}\")",
            layers.origin("public_base_url")
        ))),
    }
}

/// The SMTP server. No host: no e-mail.
fn smtp(layers: &Layers, given: GivenSmtp) -> Result<Option<SmtpConfig>, CliError> {
    let Some(host) = text(given.host) else {
        return Ok(None);
    };
    let security = match text(given.security)
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        None | Some("starttls") => SmtpSecurity::StartTls,
        Some("tls") => SmtpSecurity::Tls,
        Some("none") => SmtpSecurity::None,
        Some(other) => {
            return Err(CliError::usage(format!(
                "{} ต้องเป็น none, starttls หรือ tls (ได้ค่า \"{other}\")",
                layers.origin("smtp.security")
            )));
        }
    };
    let port = match given.port {
        Some(0) => {
            return Err(CliError::usage(format!(
                "{} ต้องเป็นหมายเลขพอร์ต 1 ถึง 65535",
                layers.origin("smtp.port")
            )));
        }
        Some(port) => port,
        None => match security {
            SmtpSecurity::None => 25,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        },
    };
    let username = text(given.username);
    let password = text(given.password);
    if username.is_some() != password.is_some() {
        return Err(CliError::usage(
            "SMTP ต้องมีทั้งชื่อผู้ใช้ (username) และรหัสผ่าน (password) หรือไม่มีทั้งสองอย่าง",
        ));
    }
    let from = text(given.from).ok_or_else(|| {
        CliError::usage("เมื่อตั้งค่า SMTP ต้องระบุผู้ส่ง (from ใน [smtp] หรือตัวแปร PRONGSAI_SMTP_FROM)")
    })?;
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => &from[open + 1..close],
        _ => from.as_str(),
    };
    if !looks_like_email(address.trim()) {
        return Err(CliError::usage(format!(
            "ผู้ส่งอีเมล ({}) ต้องเป็นอีเมล เช่น Prongsai <no-reply@example.go.th> (ได้ค่า \"{from}\")",
            layers.origin("smtp.from")
        )));
    }
    Ok(Some(SmtpConfig {
        host,
        port,
        security,
        username,
        password,
        from,
    }))
}

/// At most this many fetches at once: more only burdens the agency's website.
const MAX_LINK_CHECK_CONCURRENCY: u64 = 64;
/// A page that takes longer than this is broken for an assessor too.
const MAX_LINK_CHECK_TIMEOUT_SECONDS: u64 = 300;

/// The link checker. Private addresses are refused unless listed: the checker
/// must not be a way into the server's own network.
/// The reverse proxies whose forwarding headers name the client: addresses
/// (`127.0.0.1`) or networks (`10.0.0.0/8`).
fn trusted_proxies(layers: &Layers, given: Option<Vec<String>>) -> Result<Vec<IpNet>, CliError> {
    given
        .unwrap_or_default()
        .iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    CliError::usage(format!(
                        "{} ต้องเป็นหมายเลข IP หรือเครือข่าย เช่น 127.0.0.1 หรือ 10.0.0.0/8 (ได้ค่า \"{item}\")",
                        layers.origin("trusted_proxies")
                    ))
                })
        })
        .collect()
}

fn link_check(layers: &Layers, given: GivenLinkCheck) -> Result<CheckerConfig, CliError> {
    let defaults = CheckerConfig::default();
    let bounded = |value: Option<u64>, key: &str, max: u64| match value {
        Some(n) if !(1..=max).contains(&n) => Err(CliError::usage(format!(
            "{} ต้องเป็นจำนวนเต็ม 1 ถึง {max} (ได้ค่า {n})",
            layers.origin(key)
        ))),
        other => Ok(other),
    };
    let concurrency = bounded(
        given.concurrency,
        "link_check.concurrency",
        MAX_LINK_CHECK_CONCURRENCY,
    )?
    .and_then(|c| usize::try_from(c).ok())
    .unwrap_or(defaults.concurrency);
    let timeout = bounded(
        given.timeout_seconds,
        "link_check.timeout_seconds",
        MAX_LINK_CHECK_TIMEOUT_SECONDS,
    )?
    .map_or(defaults.timeout, Duration::from_secs);
    let allowed_private = given
        .allowed_private_addresses
        .unwrap_or_default()
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse::<SocketAddr>().map_err(|_| {
                CliError::usage(format!(
                    "{} ต้องเป็นหมายเลข IP พร้อมพอร์ต เช่น 127.0.0.1:8001 หรือ [::1]:8001 \
                     (ได้ค่า \"{a}\")",
                    layers.origin("link_check.allowed_private_addresses")
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CheckerConfig {
        concurrency,
        timeout,
        allowed_private,
        ..defaults
    })
}

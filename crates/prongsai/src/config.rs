//! One typed configuration, layered: built-in defaults < the TOML file <
//! environment variables < command-line flags. Loaded and checked once in `main`,
//! then passed down; nothing reads the environment later.
//!
//! The master key that seals reporters' identities is the one setting with a
//! fallback of its own: when neither the file nor the environment gives it, the
//! server keeps it in `master.key` in the data folder (made on first use), never in
//! the database, so a copy of the database alone opens nothing. Only the commands
//! that seal or open (`serve`, `demo`) look for that file or make it.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use prongsai_app::{Settings, SmtpConfig, SmtpSecurity};
use prongsai_core::complaints::looks_like_email;
use prongsai_core::complaints::sealing::MasterKey;
use prongsai_linkcheck::CheckerConfig;
use prongsai_web::WebConfig;
use serde::Deserialize;

use crate::cli::GlobalArgs;
use crate::commands::CliError;

/// The settings file, every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    bind: Option<SocketAddr>,
    secure_cookies: Option<bool>,
    hsts: Option<bool>,
    session_hours: Option<u64>,
    login_attempts: Option<u32>,
    login_window_minutes: Option<u64>,
    master_key: Option<String>,
    public_base_url: Option<String>,
    smtp: Option<FileSmtp>,
    tracking_attempts: Option<u32>,
    tracking_window_minutes: Option<u64>,
    housekeeping_minutes: Option<u64>,
    link_check: Option<FileLinkCheck>,
}

/// The `[link_check]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLinkCheck {
    concurrency: Option<usize>,
    timeout_seconds: Option<u64>,
    allowed_private_addresses: Option<Vec<String>>,
}

/// The `[smtp]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    host: Option<String>,
    port: Option<u16>,
    security: Option<String>,
    username: Option<String>,
    password: Option<String>,
    from: Option<String>,
}

/// Everything a command needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) data_dir: PathBuf,
    /// `None`: the SQLite file `prongsai.db` in `data_dir`.
    pub(crate) database_url: Option<String>,
    pub(crate) bind: SocketAddr,
    /// The web settings; its `master_key` is a placeholder until
    /// [`Config::web_config`] puts the real one in.
    pub(crate) web: WebConfig,
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
const MASTER_KEY_VAR: &str = "PRONGSAI_MASTER_KEY";

/// Reads one environment variable; tests pass their own.
type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn env_bool(env: Env<'_>, name: &str) -> Result<Option<bool>, CliError> {
    match env(name) {
        None => Ok(None),
        Some(v) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" => Ok(Some(false)),
            _ => Err(CliError::usage(format!(
                "ตัวแปร {name} ต้องเป็น true หรือ false (ได้ค่า \"{v}\")"
            ))),
        },
    }
}

/// A variable's value, blank counted as not set.
fn env_text(env: Env<'_>, name: &str) -> Option<String> {
    env(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl Config {
    /// Builds the configuration from the layers; `bind_flag` is the command's
    /// `--bind` (or `PRONGSAI_BIND`), when it has one.
    pub(crate) fn load(
        global: &GlobalArgs,
        bind_flag: Option<SocketAddr>,
    ) -> Result<Self, CliError> {
        Self::load_with(global, bind_flag, &process_env)
    }

    fn load_with(
        global: &GlobalArgs,
        bind_flag: Option<SocketAddr>,
        env: Env<'_>,
    ) -> Result<Self, CliError> {
        let data_dir = global
            .data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let file_path = config_path(global.config.as_deref(), &data_dir);
        let file = match &file_path {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let file_name = file_path.as_deref().map_or_else(
            || data_dir.join(FILE_NAME).display().to_string(),
            |p| p.display().to_string(),
        );
        let master_key = master_key(env, file.master_key.as_deref(), &file_name)?;
        let public_base_url = public_base_url(env, file.public_base_url.as_deref())?;
        let smtp = smtp(env, file.smtp.unwrap_or_default())?;
        let link_check = link_check(env, file.link_check.unwrap_or_default())?;
        let defaults = WebConfig::default();
        let minutes = |m: u64| Duration::from_secs(m * 60);
        let web = WebConfig {
            secure_cookies: env_bool(env, "PRONGSAI_SECURE_COOKIES")?
                .or(file.secure_cookies)
                .unwrap_or(defaults.secure_cookies),
            hsts: env_bool(env, "PRONGSAI_HSTS")?
                .or(file.hsts)
                .unwrap_or(defaults.hsts),
            session_lifetime: file
                .session_hours
                .map_or(defaults.session_lifetime, |h| Duration::from_secs(h * 3600)),
            login_attempts: file.login_attempts.unwrap_or(defaults.login_attempts),
            login_window: file
                .login_window_minutes
                .map_or(defaults.login_window, minutes),
            tracking_attempts: positive(file.tracking_attempts, "tracking_attempts", &file_name)?
                .unwrap_or(defaults.tracking_attempts),
            tracking_window: positive(
                file.tracking_window_minutes,
                "tracking_window_minutes",
                &file_name,
            )?
            .map_or(defaults.tracking_window, minutes),
            app: Settings {
                data_dir: data_dir.clone(),
                public_base_url,
                smtp,
                housekeeping_interval: positive(
                    file.housekeeping_minutes,
                    "housekeeping_minutes",
                    &file_name,
                )?
                .map_or(defaults.app.housekeeping_interval, minutes),
                link_check,
                ..defaults.app
            },
        };
        let bind = bind_flag
            .or(file.bind)
            .unwrap_or_else(|| DEFAULT_BIND.parse().expect("the default address parses"));
        Ok(Self {
            data_dir,
            database_url: global.database_url.clone().or(file.database_url),
            bind,
            web,
            master_key,
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
            None => key_file(&self.data_dir.join(KEY_FILE_NAME)),
        }
    }

    /// The web settings with the real master key in them.
    pub(crate) fn web_config(&self) -> Result<WebConfig, CliError> {
        let mut web = self.web.clone();
        web.app.master_key = self.master_key()?;
        Ok(web)
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

fn read_file(path: &Path) -> Result<FileConfig, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("อ่านไฟล์ตั้งค่า {} ไม่ได้: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| CliError::usage(format!("ไฟล์ตั้งค่า {} ไม่ถูกต้อง: {e}", path.display())))
}

/// A count or a number of minutes from the file, which must be above zero.
fn positive<T: Copy + Default + PartialEq>(
    value: Option<T>,
    field: &str,
    file: &str,
) -> Result<Option<T>, CliError> {
    match value {
        Some(v) if v == T::default() => Err(CliError::usage(format!(
            "ค่า {field} ในไฟล์ตั้งค่า {file} ต้องมากกว่า 0"
        ))),
        other => Ok(other),
    }
}

/// How a master key is written, for the messages about a bad one.
const KEY_FORM: &str =
    "ต้องเป็นข้อมูล 32 ไบต์ที่เขียนแบบ base64 (44 ตัวอักษร) สร้างใหม่ได้ด้วยคำสั่ง prongsai key generate";

/// The master key from the environment or the file. The message for a bad one
/// names where it came from and never repeats the value: it is a secret, and a
/// wrong one is often a right one cut short.
fn master_key(
    env: Env<'_>,
    from_file: Option<&str>,
    file: &str,
) -> Result<Option<MasterKey>, CliError> {
    if let Some(text) = env_text(env, MASTER_KEY_VAR) {
        return MasterKey::from_base64(&text).map(Some).map_err(|_| {
            CliError::usage(format!(
                "ตัวแปร {MASTER_KEY_VAR} ไม่ใช่กุญแจหลักที่ใช้ได้: {KEY_FORM}"
            ))
        });
    }
    match from_file.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => MasterKey::from_base64(text).map(Some).map_err(|_| {
            CliError::usage(format!(
                "ค่า master_key ในไฟล์ตั้งค่า {file} ไม่ใช่กุญแจหลักที่ใช้ได้: {KEY_FORM}"
            ))
        }),
    }
}

/// Reads the master key kept in `path`, or makes a new one there.
fn key_file(path: &Path) -> Result<MasterKey, CliError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            tracing::info!(
                path = %path.display(),
                "ใช้กุญแจหลักจากไฟล์นี้: สำรองไฟล์แยกจากฐานข้อมูล"
            );
            MasterKey::from_base64(&text).map_err(|_| {
                CliError::usage(format!("ไฟล์กุญแจหลัก {} เสียหาย: {KEY_FORM}", path.display()))
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key_file(path),
        Err(e) => Err(CliError::failure(format!(
            "อ่านไฟล์กุญแจหลัก {} ไม่ได้: {e}",
            path.display()
        ))),
    }
}

/// Writes a new key under a temporary name (owner-only) and links it into place,
/// so two processes starting together cannot each keep a different key: the
/// second finds the first's and reads it.
fn create_key_file(path: &Path) -> Result<MasterKey, CliError> {
    let failed = |e: std::io::Error| {
        CliError::failure(format!("สร้างไฟล์กุญแจหลัก {} ไม่ได้: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let key = MasterKey::generate();
    let temporary = path.with_extension(format!("{}.part", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let written = options
        .open(&temporary)
        .and_then(|mut f| {
            f.write_all(format!("{}\n", key.to_base64()).as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    match written {
        Ok(()) => {
            tracing::warn!(
                path = %path.display(),
                "สร้างกุญแจหลักใหม่แล้ว: สำรองไฟล์นี้แยกจากฐานข้อมูล หากไฟล์สูญหาย ตัวตนและไฟล์ของผู้แจ้งที่เข้ารหัสไว้ทั้งหมดจะเปิดอ่านไม่ได้อีก"
            );
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => key_file(path),
        Err(e) => Err(failed(e)),
    }
}

/// The public address, without a trailing slash.
fn public_base_url(env: Env<'_>, from_file: Option<&str>) -> Result<Option<String>, CliError> {
    let (value, source) = match env_text(env, "PRONGSAI_PUBLIC_BASE_URL") {
        Some(v) => (v, "ตัวแปร PRONGSAI_PUBLIC_BASE_URL"),
        None => match from_file.map(str::trim).filter(|t| !t.is_empty()) {
            Some(v) => (v.to_owned(), "ค่า public_base_url"),
            None => return Ok(None),
        },
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
            "{source} ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https:// หรือ http:// (ได้ค่า \"{value}\")"
        ))),
    }
}

/// The SMTP server: the `[smtp]` table, each field overridden by its
/// `PRONGSAI_SMTP_*` variable. No host anywhere: no e-mail.
fn smtp(env: Env<'_>, file: FileSmtp) -> Result<Option<SmtpConfig>, CliError> {
    let pick = |name: &str, from_file: Option<String>| {
        env_text(env, name).or_else(|| from_file.filter(|v| !v.trim().is_empty()))
    };
    let Some(host) = pick("PRONGSAI_SMTP_HOST", file.host) else {
        return Ok(None);
    };
    let security = match pick("PRONGSAI_SMTP_SECURITY", file.security)
        .map(|s| s.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("starttls") => SmtpSecurity::StartTls,
        Some("tls") => SmtpSecurity::Tls,
        Some("none") => SmtpSecurity::None,
        Some(other) => {
            return Err(CliError::usage(format!(
                "security ของ SMTP ต้องเป็น none, starttls หรือ tls (ได้ค่า \"{other}\")"
            )));
        }
    };
    let port = match env_text(env, "PRONGSAI_SMTP_PORT") {
        Some(v) => v.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            CliError::usage(format!(
                "ตัวแปร PRONGSAI_SMTP_PORT ต้องเป็นหมายเลขพอร์ต 1 ถึง 65535 (ได้ค่า \"{v}\")"
            ))
        })?,
        None => file.port.unwrap_or(match security {
            SmtpSecurity::None => 25,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        }),
    };
    let username = pick("PRONGSAI_SMTP_USERNAME", file.username);
    let password = pick("PRONGSAI_SMTP_PASSWORD", file.password);
    if username.is_some() != password.is_some() {
        return Err(CliError::usage(
            "SMTP ต้องมีทั้งชื่อผู้ใช้ (username) และรหัสผ่าน (password) หรือไม่มีทั้งสองอย่าง",
        ));
    }
    let from = pick("PRONGSAI_SMTP_FROM", file.from).ok_or_else(|| {
        CliError::usage("เมื่อตั้งค่า SMTP ต้องระบุผู้ส่ง (from ใน [smtp] หรือตัวแปร PRONGSAI_SMTP_FROM)")
    })?;
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => &from[open + 1..close],
        _ => from.as_str(),
    };
    if !looks_like_email(address.trim()) {
        return Err(CliError::usage(format!(
            "ผู้ส่งอีเมล (from) ต้องเป็นอีเมล เช่น Prongsai <no-reply@example.go.th> (ได้ค่า \"{from}\")"
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

/// The link checker: the `[link_check]` table, each field overridden by its
/// `PRONGSAI_LINK_CHECK_*` variable (addresses comma-separated). Private
/// addresses are refused unless listed: the checker must not be a way into the
/// server's own network.
fn link_check(env: Env<'_>, file: FileLinkCheck) -> Result<CheckerConfig, CliError> {
    let defaults = CheckerConfig::default();
    let concurrency = bounded(
        env,
        ("PRONGSAI_LINK_CHECK_CONCURRENCY", "concurrency"),
        file.concurrency
            .map(|c| u64::try_from(c).unwrap_or(u64::MAX)),
        MAX_LINK_CHECK_CONCURRENCY,
    )?
    .and_then(|c| usize::try_from(c).ok())
    .unwrap_or(defaults.concurrency);
    let timeout = bounded(
        env,
        ("PRONGSAI_LINK_CHECK_TIMEOUT_SECONDS", "timeout_seconds"),
        file.timeout_seconds,
        MAX_LINK_CHECK_TIMEOUT_SECONDS,
    )?
    .map_or(defaults.timeout, Duration::from_secs);
    let addresses: Vec<String> =
        match env_text(env, "PRONGSAI_LINK_CHECK_ALLOWED_PRIVATE_ADDRESSES") {
            Some(list) => list.split(',').map(str::to_owned).collect(),
            None => file.allowed_private_addresses.unwrap_or_default(),
        };
    let allowed_private = addresses
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse::<IpAddr>().map_err(|_| {
                CliError::usage(format!(
                    "allowed_private_addresses ใน [link_check] (หรือตัวแปร PRONGSAI_LINK_CHECK_ALLOWED_PRIVATE_ADDRESSES) ต้องเป็นหมายเลข IP เช่น 127.0.0.1 (ได้ค่า \"{a}\")"
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

/// A whole number in `1..=max` from the variable `names.0`, else the file's
/// key `names.1`; `None` when neither gives one.
fn bounded(
    env: Env<'_>,
    names: (&str, &str),
    from_file: Option<u64>,
    max: u64,
) -> Result<Option<u64>, CliError> {
    let (variable, key) = names;
    let (value, source) = match env_text(env, variable) {
        Some(v) => (
            v.parse::<u64>().ok(),
            format!("ตัวแปร {variable} (ได้ค่า \"{v}\")"),
        ),
        None => match from_file {
            None => return Ok(None),
            Some(n) => (Some(n), format!("ค่า {key} ใน [link_check] (ได้ค่า {n})")),
        },
    };
    match value {
        Some(n) if (1..=max).contains(&n) => Ok(Some(n)),
        _ => Err(CliError::usage(format!(
            "{source} ต้องเป็นจำนวนเต็ม 1 ถึง {max}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(dir: &Path, config: Option<PathBuf>) -> GlobalArgs {
        GlobalArgs {
            data_dir: Some(dir.to_path_buf()),
            database_url: None,
            config,
        }
    }

    #[test]
    fn defaults_without_file() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(&global(dir.path(), None), None).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(c.database_url.is_none());
        assert_eq!(c.sqlite_path(), dir.path().join("prongsai.db"));
    }

    #[test]
    fn file_then_flag_precedence() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "bind = \"127.0.0.1:9000\"\nsession_hours = 2\n",
        )
        .unwrap();
        let c = Config::load(&global(dir.path(), None), None).unwrap();
        assert_eq!(c.bind.port(), 9000);
        assert_eq!(c.web.session_lifetime, Duration::from_secs(7200));
        let flag = "127.0.0.1:9100".parse().ok();
        let c = Config::load(&global(dir.path(), None), flag).unwrap();
        assert_eq!(c.bind.port(), 9100);
    }

    #[test]
    fn unknown_setting_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, "colour = \"blue\"\n").unwrap();
        let err = Config::load(&global(dir.path(), Some(path)), None).unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    /// An environment of exactly these variables.
    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn load_in(dir: &Path, file: &str, vars: &[(&str, &str)]) -> Result<Config, CliError> {
        std::fs::write(dir.join(FILE_NAME), file).unwrap();
        Config::load_with(&global(dir, None), None, &env_of(vars))
    }

    #[test]
    fn master_key_from_environment_beats_the_file_and_a_bad_one_is_never_echoed() {
        let dir = tempfile::tempdir().unwrap();
        let in_file = MasterKey::generate();
        let in_env = MasterKey::generate();
        let file = format!("master_key = \"{}\"\n", in_file.to_base64());
        let c = load_in(dir.path(), &file, &[]).unwrap();
        assert_eq!(c.master_key().unwrap().to_base64(), in_file.to_base64());
        let c = load_in(dir.path(), &file, &[(MASTER_KEY_VAR, &in_env.to_base64())]).unwrap();
        assert_eq!(
            c.web_config().unwrap().app.master_key.to_base64(),
            in_env.to_base64()
        );
        assert!(!dir.path().join(KEY_FILE_NAME).exists());

        let cut_short = &in_env.to_base64()[..30];
        let err = load_in(dir.path(), &file, &[(MASTER_KEY_VAR, cut_short)]).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(MASTER_KEY_VAR), "{message}");
        assert!(!message.contains(cut_short), "{message}");
        assert_eq!(err.exit_code(), 2);
        let err = load_in(dir.path(), "master_key = \"c2VjcmV0LXZhbHVl\"\n", &[]).unwrap_err();
        assert!(err.to_string().contains("master_key"), "{err}");
        assert!(!err.to_string().contains("c2VjcmV0LXZhbHVl"), "{err}");
    }

    #[test]
    fn without_a_configured_key_the_data_folder_keeps_one_for_its_owner() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let c = Config::load_with(&global(&data, None), None, &env_of(&[])).unwrap();
        assert!(
            !data.join(KEY_FILE_NAME).exists(),
            "loading alone makes no key"
        );
        let first = c.master_key().unwrap();
        let path = data.join(KEY_FILE_NAME);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap().trim(),
            first.to_base64()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(c.master_key().unwrap().to_base64(), first.to_base64());
        let leftovers: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, [KEY_FILE_NAME]);

        std::fs::write(&path, "not a key\n").unwrap();
        let err = c.master_key().unwrap_err();
        assert!(err.to_string().contains(KEY_FILE_NAME), "{err}");
    }

    #[test]
    fn smtp_from_the_file_with_each_field_overridden_by_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = "[smtp]\nhost = \"mail.example.go.th\"\nsecurity = \"tls\"\n\
                    username = \"saraban\"\nfrom = \"Prongsai <no-reply@example.go.th>\"\n";
        let c = load_in(
            dir.path(),
            file,
            &[("PRONGSAI_SMTP_PASSWORD", "from-the-environment")],
        )
        .unwrap();
        let smtp = c.web.app.smtp.unwrap();
        assert_eq!(smtp.host, "mail.example.go.th");
        assert_eq!(smtp.security, SmtpSecurity::Tls);
        assert_eq!(smtp.port, 465);
        assert_eq!(smtp.username.as_deref(), Some("saraban"));
        assert_eq!(smtp.password.as_deref(), Some("from-the-environment"));

        let c = load_in(
            dir.path(),
            file,
            &[
                ("PRONGSAI_SMTP_HOST", "127.0.0.1"),
                ("PRONGSAI_SMTP_PORT", "2525"),
                ("PRONGSAI_SMTP_SECURITY", "none"),
                ("PRONGSAI_SMTP_PASSWORD", "x"),
            ],
        )
        .unwrap();
        let smtp = c.web.app.smtp.unwrap();
        assert_eq!(
            (smtp.host.as_str(), smtp.port, smtp.security),
            ("127.0.0.1", 2525, SmtpSecurity::None)
        );

        assert!(load_in(dir.path(), "", &[]).unwrap().web.app.smtp.is_none());
        let only_env = load_in(
            dir.path(),
            "",
            &[
                ("PRONGSAI_SMTP_HOST", "smtp.example.go.th"),
                ("PRONGSAI_SMTP_FROM", "no-reply@example.go.th"),
            ],
        )
        .unwrap();
        let smtp = only_env.web.app.smtp.unwrap();
        assert_eq!((smtp.port, smtp.security), (587, SmtpSecurity::StartTls));
        assert!(smtp.username.is_none());
    }

    #[test]
    fn bad_smtp_settings_are_refused_in_thai() {
        let dir = tempfile::tempdir().unwrap();
        let from = "from = \"no-reply@example.go.th\"\n";
        for (file, vars, expected) in [
            (
                format!("[smtp]\nhost = \"h\"\nsecurity = \"ssl\"\n{from}"),
                vec![],
                "ssl",
            ),
            (
                "[smtp]\nhost = \"h\"\n".to_owned(),
                vec![],
                "PRONGSAI_SMTP_FROM",
            ),
            (
                "[smtp]\nhost = \"h\"\nfrom = \"สารบรรณ\"\n".to_owned(),
                vec![],
                "สารบรรณ",
            ),
            (
                format!("[smtp]\nhost = \"h\"\nusername = \"u\"\n{from}"),
                vec![],
                "password",
            ),
            (
                format!("[smtp]\nhost = \"h\"\n{from}"),
                vec![("PRONGSAI_SMTP_PORT", "ยี่สิบห้า")],
                "ยี่สิบห้า",
            ),
        ] {
            let err = load_in(dir.path(), &file, &vars).unwrap_err();
            assert!(err.to_string().contains(expected), "{file}: {err}");
            assert_eq!(err.exit_code(), 2);
        }
        let err = load_in(dir.path(), "[smtp]\nhots = \"h\"\n", &[]).unwrap_err();
        assert!(err.to_string().contains("hots"), "{err}");
    }

    #[test]
    fn portal_tracking_and_housekeeping_settings() {
        let dir = tempfile::tempdir().unwrap();
        let defaults = WebConfig::default();
        let c = load_in(dir.path(), "", &[]).unwrap();
        assert_eq!(c.web.tracking_attempts, defaults.tracking_attempts);
        assert_eq!(c.web.tracking_window, defaults.tracking_window);
        assert_eq!(
            c.web.app.housekeeping_interval,
            defaults.app.housekeeping_interval
        );
        assert!(c.web.app.public_base_url.is_none());

        let file = "public_base_url = \"https://itas.example.go.th/\"\ntracking_attempts = 3\n\
                    tracking_window_minutes = 30\nhousekeeping_minutes = 10\n";
        let c = load_in(dir.path(), file, &[]).unwrap();
        assert_eq!(
            c.web.app.public_base_url.as_deref(),
            Some("https://itas.example.go.th")
        );
        assert_eq!(c.web.tracking_attempts, 3);
        assert_eq!(c.web.tracking_window, Duration::from_secs(30 * 60));
        assert_eq!(
            c.web.app.housekeeping_interval,
            Duration::from_secs(10 * 60)
        );
        let c = load_in(
            dir.path(),
            file,
            &[("PRONGSAI_PUBLIC_BASE_URL", "http://127.0.0.1:8080")],
        )
        .unwrap();
        assert_eq!(
            c.web.app.public_base_url.as_deref(),
            Some("http://127.0.0.1:8080")
        );

        let err = load_in(dir.path(), "tracking_attempts = 0\n", &[]).unwrap_err();
        assert!(err.to_string().contains("tracking_attempts"), "{err}");
        let err = load_in(dir.path(), "housekeeping_minutes = 0\n", &[]).unwrap_err();
        assert!(err.to_string().contains("housekeeping_minutes"), "{err}");
        let err = load_in(
            dir.path(),
            "public_base_url = \"itas.example.go.th\"\n",
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
    }

    #[test]
    fn link_check_settings_from_the_file_and_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let defaults = CheckerConfig::default();
        let c = load_in(dir.path(), "", &[]).unwrap();
        assert_eq!(c.web.app.link_check, defaults);

        let file = "[link_check]\nconcurrency = 4\ntimeout_seconds = 5\n\
                    allowed_private_addresses = [\"127.0.0.1\", \"::1\"]\n";
        let c = load_in(dir.path(), file, &[]).unwrap();
        assert_eq!(c.web.app.link_check.concurrency, 4);
        assert_eq!(c.web.app.link_check.timeout, Duration::from_secs(5));
        assert_eq!(
            c.web.app.link_check.allowed_private,
            [
                "127.0.0.1".parse::<IpAddr>().unwrap(),
                "::1".parse().unwrap()
            ]
        );
        let c = load_in(
            dir.path(),
            file,
            &[
                ("PRONGSAI_LINK_CHECK_CONCURRENCY", "16"),
                (
                    "PRONGSAI_LINK_CHECK_ALLOWED_PRIVATE_ADDRESSES",
                    "10.0.0.7, ",
                ),
            ],
        )
        .unwrap();
        assert_eq!(c.web.app.link_check.concurrency, 16);
        assert_eq!(c.web.app.link_check.timeout, Duration::from_secs(5));
        assert_eq!(
            c.web.app.link_check.allowed_private,
            ["10.0.0.7".parse::<IpAddr>().unwrap()]
        );

        for (file, vars, expected) in [
            ("[link_check]\nconcurrency = 0\n", vec![], "concurrency"),
            (
                "[link_check]\ntimeout_seconds = 301\n",
                vec![],
                "timeout_seconds",
            ),
            (
                "",
                vec![("PRONGSAI_LINK_CHECK_TIMEOUT_SECONDS", "สิบ")],
                "สิบ",
            ),
            (
                "[link_check]\nallowed_private_addresses = [\"localhost\"]\n",
                vec![],
                "localhost",
            ),
            ("[link_check]\nretries = 2\n", vec![], "retries"),
        ] {
            let err = load_in(dir.path(), file, &vars).unwrap_err();
            assert!(err.to_string().contains(expected), "{file}: {err}");
            assert_eq!(err.exit_code(), 2);
        }
    }
}

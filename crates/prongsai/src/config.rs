//! One typed configuration, layered: built-in defaults < the TOML file <
//! environment variables < command-line flags. Loaded and checked once in `main`,
//! then passed down; nothing reads the environment later.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
}

/// Everything a command needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) data_dir: PathBuf,
    /// `None`: the SQLite file `prongsai.db` in `data_dir`.
    pub(crate) database_url: Option<String>,
    pub(crate) bind: SocketAddr,
    pub(crate) web: WebConfig,
}

/// The default data folder, relative to where the command runs.
const DEFAULT_DATA_DIR: &str = "prongsai-data";
const DEFAULT_BIND: &str = "127.0.0.1:8080";
const FILE_NAME: &str = "prongsai.toml";

fn env_bool(name: &str) -> Result<Option<bool>, CliError> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" => Ok(Some(false)),
            _ => Err(CliError::usage(format!(
                "ตัวแปร {name} ต้องเป็น true หรือ false (ได้ค่า \"{v}\")"
            ))),
        },
    }
}

impl Config {
    /// Builds the configuration from the layers; `bind_flag` is the command's
    /// `--bind` (or `PRONGSAI_BIND`), when it has one.
    pub(crate) fn load(
        global: &GlobalArgs,
        bind_flag: Option<SocketAddr>,
    ) -> Result<Self, CliError> {
        let data_dir = global
            .data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let file = read_file(global.config.as_deref(), &data_dir)?;
        let defaults = WebConfig::default();
        let web = WebConfig {
            secure_cookies: env_bool("PRONGSAI_SECURE_COOKIES")?
                .or(file.secure_cookies)
                .unwrap_or(defaults.secure_cookies),
            hsts: env_bool("PRONGSAI_HSTS")?
                .or(file.hsts)
                .unwrap_or(defaults.hsts),
            session_lifetime: file
                .session_hours
                .map_or(defaults.session_lifetime, |h| Duration::from_secs(h * 3600)),
            login_attempts: file.login_attempts.unwrap_or(defaults.login_attempts),
            login_window: file
                .login_window_minutes
                .map_or(defaults.login_window, |m| Duration::from_secs(m * 60)),
            data_dir: data_dir.clone(),
        };
        let bind = bind_flag
            .or(file.bind)
            .unwrap_or_else(|| DEFAULT_BIND.parse().expect("the default address parses"));
        Ok(Self {
            data_dir,
            database_url: global.database_url.clone().or(file.database_url),
            bind,
            web,
        })
    }

    /// The SQLite file used when no database URL is given.
    pub(crate) fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("prongsai.db")
    }
}

fn read_file(explicit: Option<&Path>, data_dir: &Path) -> Result<FileConfig, CliError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = data_dir.join(FILE_NAME);
            if !p.exists() {
                return Ok(FileConfig::default());
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| CliError::usage(format!("อ่านไฟล์ตั้งค่า {} ไม่ได้: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| CliError::usage(format!("ไฟล์ตั้งค่า {} ไม่ถูกต้อง: {e}", path.display())))
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
}

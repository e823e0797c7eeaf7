//! The layers and their checks, with the environment handed in as pairs (never
//! the process's own, which every test thread shares), and the README's
//! Configuration table read back to check that each variable it lists is read.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::CommandFactory as _;
use prongsai_app::{Settings, SmtpSecurity};
use prongsai_core::complaints::sealing::MasterKey;
use prongsai_linkcheck::CheckerConfig;
use prongsai_web::WebConfig;

use super::layers::{Given, GivenLinkCheck, GivenSmtp, KEYS, Layers, variable};
use super::{Config, FILE_NAME, KEY_FILE_NAME};
use crate::cli::{Cli, GlobalArgs};
use crate::error::CliError;

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
    let c = Config::load_with(&global(dir.path(), None), None, env_of(&[])).unwrap();
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
    let c = Config::load_with(&global(dir.path(), None), None, env_of(&[])).unwrap();
    assert_eq!(c.bind.port(), 9000);
    assert_eq!(c.web.session_lifetime, Duration::from_secs(7200));
    let flag = "127.0.0.1:9100".parse().ok();
    let c = Config::load_with(&global(dir.path(), None), flag, env_of(&[])).unwrap();
    assert_eq!(c.bind.port(), 9100);
}

#[test]
fn unknown_setting_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, "colour = \"blue\"\n").unwrap();
    let err = Config::load_with(&global(dir.path(), Some(path)), None, env_of(&[])).unwrap_err();
    assert!(err.to_string().contains("x.toml"), "{err}");
    assert_eq!(err.exit_code(), 2);
}

/// An environment of exactly these variables.
fn env_of(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    vars.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn load_in(dir: &Path, file: &str, vars: &[(&str, &str)]) -> Result<Config, CliError> {
    std::fs::write(dir.join(FILE_NAME), file).unwrap();
    Config::load_with(&global(dir, None), None, env_of(vars))
}

#[test]
fn master_key_from_environment_beats_the_file_and_a_bad_one_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let in_file = MasterKey::generate();
    let in_env = MasterKey::generate();
    let file = format!("master_key = \"{}\"\n", in_file.to_base64());
    let c = load_in(dir.path(), &file, &[]).unwrap();
    assert_eq!(c.master_key().unwrap().to_base64(), in_file.to_base64());
    let c = load_in(
        dir.path(),
        &file,
        &[("PRONGSAI_MASTER_KEY", &in_env.to_base64())],
    )
    .unwrap();
    assert_eq!(
        c.settings().unwrap().master_key.to_base64(),
        in_env.to_base64()
    );
    assert!(!dir.path().join(KEY_FILE_NAME).exists());

    let cut_short = &in_env.to_base64()[..30];
    let err = load_in(dir.path(), &file, &[("PRONGSAI_MASTER_KEY", cut_short)]).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("PRONGSAI_MASTER_KEY"), "{message}");
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
    let c = Config::load_with(&global(&data, None), None, env_of(&[])).unwrap();
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
    let smtp = c.app.smtp.unwrap();
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
    let smtp = c.app.smtp.unwrap();
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("127.0.0.1", 2525, SmtpSecurity::None)
    );

    assert!(load_in(dir.path(), "", &[]).unwrap().app.smtp.is_none());
    let only_env = load_in(
        dir.path(),
        "",
        &[
            ("PRONGSAI_SMTP_HOST", "smtp.example.go.th"),
            ("PRONGSAI_SMTP_FROM", "no-reply@example.go.th"),
        ],
    )
    .unwrap();
    let smtp = only_env.app.smtp.unwrap();
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
        c.app.housekeeping_interval,
        Settings::default().housekeeping_interval
    );
    assert!(c.app.public_base_url.is_none());

    let file = "public_base_url = \"https://itas.example.go.th/\"\ntracking_attempts = 3\n\
                tracking_window_minutes = 30\nhousekeeping_minutes = 10\n";
    let c = load_in(dir.path(), file, &[]).unwrap();
    assert_eq!(
        c.app.public_base_url.as_deref(),
        Some("https://itas.example.go.th")
    );
    assert_eq!(c.web.tracking_attempts, 3);
    assert_eq!(c.web.tracking_window, Duration::from_secs(30 * 60));
    assert_eq!(c.app.housekeeping_interval, Duration::from_secs(10 * 60));
    let c = load_in(
        dir.path(),
        file,
        &[("PRONGSAI_PUBLIC_BASE_URL", "http://127.0.0.1:8080")],
    )
    .unwrap();
    assert_eq!(
        c.app.public_base_url.as_deref(),
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
    assert_eq!(c.app.link_check, defaults);

    let file = "[link_check]\nconcurrency = 4\ntimeout_seconds = 5\n\
                allowed_private_addresses = [\"127.0.0.1:8001\", \"[::1]:8001\"]\n";
    let c = load_in(dir.path(), file, &[]).unwrap();
    assert_eq!(c.app.link_check.concurrency, 4);
    assert_eq!(c.app.link_check.timeout, Duration::from_secs(5));
    assert_eq!(
        c.app.link_check.allowed_private,
        [
            "127.0.0.1:8001".parse::<SocketAddr>().unwrap(),
            "[::1]:8001".parse().unwrap()
        ]
    );
    let c = load_in(
        dir.path(),
        file,
        &[
            ("PRONGSAI_LINK_CHECK_CONCURRENCY", "16"),
            (
                "PRONGSAI_LINK_CHECK_ALLOWED_PRIVATE_ADDRESSES",
                "10.0.0.7:80, ",
            ),
        ],
    )
    .unwrap();
    assert_eq!(c.app.link_check.concurrency, 16);
    assert_eq!(c.app.link_check.timeout, Duration::from_secs(5));
    assert_eq!(
        c.app.link_check.allowed_private,
        ["10.0.0.7:80".parse::<SocketAddr>().unwrap()]
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
        (
            "[link_check]\nallowed_private_addresses = [\"127.0.0.1\"]\n",
            vec![],
            "พร้อมพอร์ต",
        ),
        ("[link_check]\nretries = 2\n", vec![], "retries"),
    ] {
        let err = load_in(dir.path(), file, &vars).unwrap_err();
        assert!(err.to_string().contains(expected), "{file}: {err}");
        assert_eq!(err.exit_code(), 2);
    }
}

#[test]
fn each_layer_overrides_the_one_below() {
    let dir = tempfile::tempdir().unwrap();
    let load = |file: &str, vars: &[(&str, &str)], flags: (Option<&str>, Option<&str>)| {
        std::fs::write(dir.path().join(FILE_NAME), file).unwrap();
        let mut global = global(dir.path(), None);
        global.database_url = flags.0.map(str::to_owned);
        let bind = flags.1.map(|b| b.parse().unwrap());
        let c = Config::load_with(&global, bind, env_of(vars)).unwrap();
        (
            c.database_url,
            c.bind.port(),
            c.app.link_check.concurrency,
            c.web.session_lifetime,
        )
    };
    let defaults = WebConfig::default();
    assert_eq!(
        load("", &[], (None, None)),
        (
            None,
            8080,
            CheckerConfig::default().concurrency,
            defaults.session_lifetime
        )
    );
    let file = "database_url = \"sqlite://file.db\"\nbind = \"127.0.0.1:9000\"\n\
                session_hours = 2\n[link_check]\nconcurrency = 4\n";
    let hours = |h: u64| Duration::from_secs(h * 3600);
    assert_eq!(
        load(file, &[], (None, None)),
        (Some("sqlite://file.db".into()), 9000, 4, hours(2))
    );
    let vars = [
        ("PRONGSAI_DATABASE_URL", "sqlite://environment.db"),
        ("PRONGSAI_BIND", "127.0.0.1:9100"),
        ("PRONGSAI_SESSION_HOURS", "3"),
        ("PRONGSAI_LINK_CHECK_CONCURRENCY", "16"),
    ];
    assert_eq!(
        load(file, &vars, (None, None)),
        (Some("sqlite://environment.db".into()), 9100, 16, hours(3))
    );
    assert_eq!(
        load(
            file,
            &vars,
            (Some("sqlite://flag.db"), Some("127.0.0.1:9200"))
        ),
        (Some("sqlite://flag.db".into()), 9200, 16, hours(3))
    );
    assert_eq!(
        load(
            file,
            &[("PRONGSAI_BIND", " "), ("PRONGSAI_SESSION_HOURS", "")],
            (None, None)
        )
        .1,
        9000,
        "a blank variable counts as not set"
    );
}

#[test]
fn a_wrong_variable_is_named_with_what_it_should_be() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = "[smtp]\nhost = \"mail.example.go.th\"\nfrom = \"no-reply@example.go.th\"\n";
    for (file, variable, value) in [
        ("", "PRONGSAI_BIND", "here"),
        ("", "PRONGSAI_SECURE_COOKIES", "perhaps"),
        ("", "PRONGSAI_HSTS", "2"),
        ("", "PRONGSAI_SESSION_HOURS", "eight"),
        ("", "PRONGSAI_SESSION_HOURS", "0"),
        ("", "PRONGSAI_LOGIN_ATTEMPTS", "-1"),
        ("", "PRONGSAI_LOGIN_WINDOW_MINUTES", "1.5"),
        ("", "PRONGSAI_MASTER_KEY", "c2VjcmV0"),
        ("", "PRONGSAI_PUBLIC_BASE_URL", "itas.example.go.th"),
        ("", "PRONGSAI_TRACKING_ATTEMPTS", "0"),
        ("", "PRONGSAI_TRACKING_WINDOW_MINUTES", "x"),
        ("", "PRONGSAI_HOUSEKEEPING_MINUTES", "0"),
        ("", "PRONGSAI_LINK_CHECK_CONCURRENCY", "65"),
        ("", "PRONGSAI_LINK_CHECK_TIMEOUT_SECONDS", "สิบ"),
        (
            "",
            "PRONGSAI_LINK_CHECK_ALLOWED_PRIVATE_ADDRESSES",
            "localhost",
        ),
        (smtp, "PRONGSAI_SMTP_PORT", "0"),
        (smtp, "PRONGSAI_SMTP_PORT", "70000"),
        (smtp, "PRONGSAI_SMTP_SECURITY", "ssl"),
        (smtp, "PRONGSAI_SMTP_FROM", "nobody"),
    ] {
        let err = load_in(dir.path(), file, &[(variable, value)]).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(variable), "{variable}={value}: {message}");
        assert!(message.contains("ต้อง"), "{variable}={value}: {message}");
        assert_eq!(err.exit_code(), 2);
    }
    let err = load_in(dir.path(), "login_attempts = \"many\"\n", &[]).unwrap_err();
    assert!(
        err.to_string().contains("login_attempts") && err.to_string().contains(FILE_NAME),
        "{err}"
    );
    let err = load_in(dir.path(), "[smtp]\npassword = 123456\n", &[]).unwrap_err();
    assert!(err.to_string().contains("smtp.password"), "{err}");
    assert!(
        !err.to_string().contains("123456"),
        "a password is never repeated: {err}"
    );
}

#[test]
fn an_explicit_settings_file_that_cannot_be_read_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let err = Config::load_with(&global(dir.path(), Some(missing)), None, env_of(&[])).unwrap_err();
    assert!(err.to_string().contains("missing.toml"), "{err}");
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "bind = \n").unwrap();
    let err = Config::load_with(&global(dir.path(), Some(broken)), None, env_of(&[])).unwrap_err();
    assert!(err.to_string().contains("broken.toml"), "{err}");
    assert_eq!(err.exit_code(), 2);
}

/// A value of `key` unlike its default and unlike [`base`]'s, as the file
/// writes it and as its variable does.
fn sample(key: &str) -> (String, String) {
    let both = |toml: &str, text: &str| (toml.to_owned(), text.to_owned());
    match key {
        "database_url" => both("\"sqlite://elsewhere.db\"", "sqlite://elsewhere.db"),
        "bind" => both("\"127.0.0.1:9000\"", "127.0.0.1:9000"),
        "secure_cookies" => both("false", "false"),
        "hsts" => both("true", "on"),
        "session_hours" => both("3", "3"),
        "login_attempts" => both("9", "9"),
        "login_window_minutes" => both("7", "7"),
        "master_key" => {
            let key = MasterKey::generate().to_base64();
            (format!("\"{key}\""), key)
        }
        "public_base_url" => both(
            "\"https://itas.example.go.th\"",
            "https://itas.example.go.th",
        ),
        "smtp.host" => both("\"smtp.example.go.th\"", "smtp.example.go.th"),
        "smtp.port" => both("2525", "2525"),
        "smtp.security" => both("\"tls\"", "tls"),
        "smtp.username" => both("\"saraban\"", "saraban"),
        "smtp.password" => both("\"123456\"", "123456"),
        "smtp.from" => both("\"b@example.go.th\"", "b@example.go.th"),
        "tracking_attempts" => both("4", "4"),
        "tracking_window_minutes" => both("20", "20"),
        "public_filings_per_client" => both("30", "30"),
        "public_filing_window_minutes" => both("90", "90"),
        "trusted_proxies" => both("[\"127.0.0.1\", \"10.0.0.0/8\"]", "127.0.0.1, 10.0.0.0/8"),
        "housekeeping_minutes" => both("10", "10"),
        "link_check.concurrency" => both("4", "4"),
        "link_check.timeout_seconds" => both("5", "5"),
        "link_check.allowed_private_addresses" => both(
            "[\"127.0.0.1:8001\", \"[::1]:8001\"]",
            "127.0.0.1:8001, [::1]:8001",
        ),
        other => panic!("no sample value for {other}: add one"),
    }
}

/// What the file holds besides the setting under test: an SMTP server whole,
/// for a field of `[smtp]` to matter.
fn base(key: &str) -> BTreeMap<&'static str, String> {
    let mut base = BTreeMap::new();
    if key.starts_with("smtp.") {
        for (field, value) in [
            ("smtp.host", "\"mail.example.go.th\""),
            ("smtp.port", "25"),
            ("smtp.security", "\"none\""),
            ("smtp.username", "\"u\""),
            ("smtp.password", "\"p\""),
            ("smtp.from", "\"a@example.go.th\""),
        ] {
            base.insert(field, value.to_owned());
        }
    }
    base
}

/// A settings file of dotted keys and TOML values, tables after the top level.
fn toml_file(settings: &BTreeMap<&str, String>) -> String {
    let mut top = String::new();
    let mut tables: BTreeMap<&str, String> = BTreeMap::new();
    for (key, value) in settings {
        match key.split_once('.') {
            None => top.push_str(&format!("{key} = {value}\n")),
            Some((table, field)) => tables
                .entry(table)
                .or_default()
                .push_str(&format!("{field} = {value}\n")),
        }
    }
    for (table, fields) in tables {
        top.push_str(&format!("[{table}]\n{fields}"));
    }
    top
}

/// One row of the README's Configuration table.
struct Row {
    key: Option<String>,
    variable: String,
    flag: Option<String>,
}

fn readme_rows() -> Vec<Row> {
    let readme = include_str!("../../../../README.md");
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .expect("the README has a Configuration section");
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = match ticked(cells[1]).as_slice() {
                [] => None,
                [key] => Some(key.clone()),
                [table, field] => Some(format!("{}.{field}", table.trim_matches(['[', ']']))),
                other => panic!("one setting per row: {other:?}"),
            };
            let variable = ticked(cells[2])
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("a row without a variable: {line}"));
            Row {
                key,
                variable,
                flag: ticked(cells[3]).into_iter().next(),
            }
        })
        .collect()
}

/// Whether the command line has `--name` somewhere.
fn has_flag(command: &clap::Command, name: &str) -> bool {
    command.get_arguments().any(|a| a.get_long() == Some(name))
        || command.get_subcommands().any(|c| has_flag(c, name))
}

#[test]
fn every_variable_of_the_readme_is_read_as_its_file_key_is() {
    let rows = readme_rows();
    let mut documented: Vec<&str> = rows.iter().filter_map(|r| r.key.as_deref()).collect();
    let mut keys = KEYS.to_vec();
    documented.sort_unstable();
    keys.sort_unstable();
    assert_eq!(documented, keys, "the README lists every key, once");

    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::command();
    let outcome = |settings: &BTreeMap<&str, String>, vars: &[(&str, &str)]| {
        format!(
            "{:?}",
            load_in(dir.path(), &toml_file(settings), vars).unwrap()
        )
    };
    for row in rows {
        if let Some(flag) = &row.flag {
            let name = flag.trim_start_matches("--");
            assert!(has_flag(&cli, name), "{flag} is a flag");
        }
        let Some(key) = row.key else {
            let read_by_clap = cli
                .get_arguments()
                .any(|a| a.get_env() == Some(OsStr::new(&row.variable)));
            assert!(
                read_by_clap || row.variable == crate::LOG_VARIABLE,
                "{} is read somewhere",
                row.variable
            );
            continue;
        };
        assert_eq!(row.variable, variable(&key), "the variable of {key}");
        let (toml, text) = sample(&key);
        let plain = base(&key);
        let mut in_file = plain.clone();
        in_file.insert(KEYS.iter().find(|k| **k == key).unwrap(), toml);
        let by_file = outcome(&in_file, &[]);
        assert_ne!(outcome(&plain, &[]), by_file, "{key} changes something");
        assert_eq!(
            outcome(&plain, &[(row.variable.as_str(), text.as_str())]),
            by_file,
            "{} is read as {key} is",
            row.variable
        );
    }
}

#[test]
fn every_setting_of_the_file_has_a_variable() {
    let vars = KEYS.iter().map(|key| (variable(key), sample(key).1));
    let layers = Layers::merge(None, FILE_NAME.to_owned(), vars, Vec::new());
    let Given {
        database_url,
        bind,
        secure_cookies,
        hsts,
        session_hours,
        login_attempts,
        login_window_minutes,
        master_key,
        public_base_url,
        smtp:
            GivenSmtp {
                host,
                port,
                security,
                username,
                password,
                from,
            },
        tracking_attempts,
        tracking_window_minutes,
        trusted_proxies,
        public_filings_per_client,
        public_filing_window_minutes,
        housekeeping_minutes,
        link_check:
            GivenLinkCheck {
                concurrency,
                timeout_seconds,
                allowed_private_addresses,
            },
    } = layers.given().unwrap();
    assert_eq!(password.as_deref(), Some("123456"), "digits stay text");
    let texts = [
        database_url,
        bind,
        master_key,
        public_base_url,
        host,
        security,
        username,
        password,
        from,
    ];
    assert!(texts.iter().all(Option::is_some), "{texts:?}");
    assert!(secure_cookies.is_some() && hsts.is_some());
    let numbers = [
        session_hours,
        login_window_minutes,
        tracking_window_minutes,
        public_filing_window_minutes,
        housekeeping_minutes,
        concurrency,
        timeout_seconds,
        port.map(u64::from),
        login_attempts.map(u64::from),
        tracking_attempts.map(u64::from),
        public_filings_per_client.map(u64::from),
    ];
    assert!(numbers.iter().all(Option::is_some), "{numbers:?}");
    assert_eq!(
        allowed_private_addresses.unwrap(),
        ["127.0.0.1:8001", "[::1]:8001"],
        "a list variable is comma-separated"
    );
    assert_eq!(trusted_proxies.unwrap(), ["127.0.0.1", "10.0.0.0/8"]);
}

#[test]
fn trusted_proxies_are_addresses_or_networks() {
    let dir = tempfile::tempdir().unwrap();
    let c = load_in(
        dir.path(),
        "trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"::1\"]\n",
        &[],
    )
    .unwrap();
    let shown: Vec<String> = c
        .web
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]);
    let err = load_in(dir.path(), "trusted_proxies = [\"proxy.local\"]\n", &[]).unwrap_err();
    assert!(
        err.to_string().contains("trusted_proxies") && err.to_string().contains("proxy.local"),
        "{err}"
    );
    assert!(
        load_in(dir.path(), "", &[])
            .unwrap()
            .web
            .trusted_proxies
            .is_empty()
    );
}

//! What the benchmarks of the real HTTP stack share: the server on loopback over a
//! store, and the `oha` load generator with its summary read back.
//!
//! Shared so that each benchmark states only what it loads and what it checks
//! afterwards.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use prongsai_app::Settings;
use prongsai_core::model::{Agency, AgencyId, AgencyKind};
use prongsai_store::{Actor, Store};
use prongsai_web::{AppState, WebConfig, serve};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The one agency a benchmark's public forms belong to (code `bench`).
pub async fn seed_agency(store: &Store) -> Agency {
    let agency = Agency {
        id: AgencyId::new(),
        code: "bench".to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: "องค์การบริหารส่วนตำบลทดสอบ".to_owned(),
        district: "เมือง".to_owned(),
        province: "กระบี่".to_owned(),
        website: None,
        thai_digits: false,
        logo: None,
    };
    store
        .create_agency(Actor::default(), &agency)
        .await
        .expect("agency");
    agency
}

/// Serves the real router over `store` on an ephemeral loopback port, with its
/// data folder in `data_dir`; the server stops when the returned sender is used
/// or dropped.
pub async fn start_server(store: &Store, data_dir: &Path) -> (SocketAddr, oneshot::Sender<()>) {
    let settings = Settings {
        data_dir: data_dir.to_path_buf(),
        ..Settings::default()
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("listener");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    // The load comes from one address: the limit on filings per client is off.
    let config = WebConfig {
        public_filings_per_client: 0,
        ..WebConfig::default()
    };
    let state = AppState::new(store.clone(), settings, config);
    tokio::spawn(async move {
        serve(state, listener, async {
            let _ = stopped.await;
        })
        .await
        .expect("server");
    });
    (address, stop)
}

/// What one `oha` run measured.
#[derive(Debug)]
pub struct Run {
    pub rate: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Responses with a 2xx status.
    pub successful: u64,
    /// Responses with another status, and requests that got none.
    pub failed: u64,
}

/// `oha` from `PATH` (CI installs it with `cargo install oha --locked` into
/// cargo's own bin folder, outside the clone, so a clean clone does not build
/// it again).
pub fn oha_path() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("oha"))
            .find(|candidate| candidate.is_file())
    })
}

/// Without `oha` a benchmark skips (printing why under `name`) unless
/// `PRONGSAI_REQUIRE_TOOLS=1`, which makes it fail.
pub fn oha_or_skip(name: &str) -> Option<PathBuf> {
    let found = oha_path();
    if found.is_none() {
        assert!(
            std::env::var("PRONGSAI_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "oha is required (PRONGSAI_REQUIRE_TOOLS=1): cargo install oha --locked"
        );
        println!("{name}: skipped, oha not found (cargo install oha --locked)");
    }
    found
}

/// Runs `oha` with `requests` over `connections`, `--no-tui` and JSON output,
/// plus `args`, against `url`, and reads its summary.
pub fn oha(oha: &Path, url: &str, requests: u32, connections: u32, args: &[&str]) -> Run {
    let requests = requests.to_string();
    let connections = connections.to_string();
    let output = Command::new(oha)
        .args(["-n", &requests, "-c", &connections])
        .args(["--no-tui", "--output-format", "json"])
        .args(args)
        .arg(url)
        .output()
        .expect("oha runs");
    assert!(
        output.status.success(),
        "oha failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("oha writes JSON");
    let millis = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN) * 1000.0;
    let mut successful = 0;
    let mut failed = 0;
    if let Some(codes) = json["statusCodeDistribution"].as_object() {
        for (code, count) in codes {
            let count = count.as_u64().unwrap_or(0);
            if code.starts_with('2') {
                successful += count;
            } else {
                failed += count;
            }
        }
    }
    if let Some(errors) = json["errorDistribution"].as_object() {
        failed += errors
            .values()
            .filter_map(serde_json::Value::as_u64)
            .sum::<u64>();
    }
    Run {
        rate: json["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50_ms: millis(&json["latencyPercentiles"]["p50"]),
        p99_ms: millis(&json["latencyPercentiles"]["p99"]),
        successful,
        failed,
    }
}

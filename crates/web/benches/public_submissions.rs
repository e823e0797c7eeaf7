//! How many public complaints per second does the real server take, and are
//! they all kept?
//!
//! The measure: public submissions without attachments through the real
//! HTTP stack on loopback, driven by a load generator with 64 connections, on
//! SQLite; the sustained rate, p50 and p99 latency, and a check that the number of
//! stored cases equals the number of successful responses. The server is the real
//! router served by `prongsai_web::serve` on 127.0.0.1 over a temporary SQLite
//! file; the load generator is `oha` (crates.io), run as a separate process, first
//! against `GET /health` (what the HTTP stack alone gives on this machine, the
//! baseline) and then against `POST /p/{agency}/complaint` with a urlencoded form
//! and no token, so that every request files a new case.
//!
//! `oha` is looked for as `target/tools/bin/oha` (where CI installs it) and then
//! on `PATH`. Without it the benchmark prints why it skipped and succeeds, unless
//! `PRONGSAI_REQUIRE_TOOLS=1`. It fails when a successful response has no stored
//! case or the reverse, which is a lost submission, not a slow one.
//!
//! Run with `cargo bench -p prongsai-web --bench public_submissions`.

use std::path::{Path, PathBuf};
use std::process::Command;

use prongsai_core::complaints::CaseKind;
use prongsai_core::model::{Agency, AgencyId, AgencyKind};
use prongsai_store::{Actor, CaseFilter, Store};
use prongsai_web::{AppState, WebConfig, serve};
use tokio::net::TcpListener;

/// Requests per run.
const REQUESTS: u32 = 20_000;
/// Concurrent connections, as the issue asks.
const CONNECTIONS: u32 = 64;
/// The goals.
const GOAL_RATE: f64 = 2_000.0;
const GOAL_P99_MS: f64 = 50.0;

/// What one `oha` run measured.
#[derive(Debug)]
struct Run {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Responses with a 2xx status.
    successful: u64,
    /// Responses with another status, and requests that got none.
    failed: u64,
}

fn oha_path() -> Option<PathBuf> {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/bin/oha");
    if installed.is_file() {
        return Some(installed);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("oha"))
            .find(|candidate| candidate.is_file())
    })
}

/// Runs `oha` with `args` and the common flags, and reads its JSON summary.
fn oha(oha: &Path, url: &str, args: &[&str]) -> Run {
    let requests = REQUESTS.to_string();
    let connections = CONNECTIONS.to_string();
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
    let seconds = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN) * 1000.0;
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
        p50_ms: seconds(&json["latencyPercentiles"]["p50"]),
        p99_ms: seconds(&json["latencyPercentiles"]["p99"]),
        successful,
        failed,
    }
}

async fn seed(store: &Store) -> Agency {
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

async fn stored_complaints(store: &Store, agency: AgencyId) -> u64 {
    let filter = CaseFilter {
        kind: Some(CaseKind::Complaint),
        ..CaseFilter::default()
    };
    let cases = store.list_cases(agency, &filter).await.expect("list cases");
    u64::try_from(cases.len()).expect("a count")
}

fn main() {
    let Some(oha_bin) = oha_path() else {
        assert!(
            std::env::var("PRONGSAI_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "oha is required (PRONGSAI_REQUIRE_TOOLS=1): cargo install oha --locked --root target/tools"
        );
        println!(
            "public submissions: skipped, oha not found (cargo install oha --locked --root target/tools)"
        );
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, agency, address, stop) = runtime.block_on(async {
        let store = Store::open_sqlite(&dir.path().join("bench.db"))
            .await
            .expect("store");
        let agency = seed(&store).await;
        let config = WebConfig {
            data_dir: dir.path().join("data"),
            ..WebConfig::default()
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("listener");
        let address = listener.local_addr().expect("address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store.clone(), config);
        tokio::spawn(async move {
            serve(state, listener, async {
                let _ = stopped.await;
            })
            .await
            .expect("server");
        });
        (store, agency, address, stop)
    });

    let health = oha(&oha_bin, &format!("http://{address}/health"), &[]);
    let body = serde_urlencoded::to_string([
        ("subject", "ไฟฟ้าส่องสว่างดับทั้งซอย"),
        (
            "details",
            "ไฟฟ้าส่องสว่างในซอยหลังตลาดดับมาสามคืนแล้ว ผู้สัญจรตอนกลางคืนมองไม่เห็นทาง \
             ขอให้ส่งเจ้าหน้าที่มาตรวจสอบและซ่อมแซมโดยเร็ว",
        ),
        ("place", "หมู่ 3 ซอยหลังตลาด"),
        ("consent", "on"),
    ])
    .expect("form body");
    let before = runtime.block_on(stored_complaints(&store, agency.id));
    let submissions = oha(
        &oha_bin,
        &format!("http://{address}/p/{}/complaint", agency.code),
        &[
            "-m",
            "POST",
            "-T",
            "application/x-www-form-urlencoded",
            "-d",
            &body,
        ],
    );
    let stored = runtime.block_on(stored_complaints(&store, agency.id)) - before;
    let _ = stop.send(());

    println!(
        "public submissions on SQLite through the HTTP stack ({REQUESTS} requests, {CONNECTIONS} connections, oha)"
    );
    println!(
        "  GET /health (baseline):          {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
        health.rate, health.p50_ms, health.p99_ms
    );
    println!(
        "  POST /p/{{agency}}/complaint:       {:>8.0} submissions/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
        submissions.rate, submissions.p50_ms, submissions.p99_ms
    );
    println!(
        "  successful responses {}, failed {}, stored cases {}: {}",
        submissions.successful,
        submissions.failed,
        stored,
        if stored == submissions.successful {
            "equal, nothing lost"
        } else {
            "NOT EQUAL"
        }
    );
    println!(
        "  submissions / health: {:.2}",
        submissions.rate / health.rate
    );
    let met = submissions.rate >= GOAL_RATE && submissions.p99_ms < GOAL_P99_MS;
    println!(
        "  goal: at least {GOAL_RATE:.0}/s with p99 under {GOAL_P99_MS:.0} ms: {}",
        if met { "met" } else { "NOT met" }
    );
    assert_eq!(
        stored, submissions.successful,
        "every successful response must have its stored case, and no more"
    );
}

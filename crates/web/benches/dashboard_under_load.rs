//! Does the dashboard stay quick while documents render?
//!
//! PDF rendering is pure CPU work; it runs on tokio's blocking pool behind a
//! semaphore sized to the cores, so the async workers that answer page requests
//! stay free. This benchmark checks that claim on the real router over a real
//! SQLite file, on a multi-threaded runtime like `prongsai serve`: it measures
//! dashboard latency alone (the baseline), then again while four clients keep
//! editing and downloading analysis PDFs without pause (each client its own
//! fiscal year, and a changed text of several pages before every download, so
//! Typst's memoisation cannot turn the renders into cache hits), and prints both
//! with their ratio and the goal of the issue (under 50 ms at the 95th
//! percentile).
//!
//! The goal is asserted. Run with `cargo bench -p prongsai-web --bench
//! dashboard_under_load`: 100 requests per measurement, 200 with
//! `PRONGSAI_BENCH_FULL=1`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use prongsai_app::Settings;
use prongsai_core::analysis::{AnalysisSettings, EditableText};
use prongsai_core::ita::{OitInput, ScoreInput, SurveyInput};
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, ItaResult, ResultSource, Role, User, UserId,
};
use prongsai_store::{Actor, Store, StoredAnalysis};
use prongsai_testkit::bench::{Mode, goal};
use prongsai_testkit::http::{Browser, PASSWORD, get, login};
use prongsai_web::{AppState, WebConfig, hash_password, router};

/// Concurrent PDF downloads kept running during the loaded measurement.
const RENDER_CLIENTS: usize = 4;
/// The goal for the dashboard under load.
const GOAL: Duration = Duration::from_millis(50);
/// One fiscal year per render client.
const YEARS: [i32; RENDER_CLIENTS] = [2564, 2565, 2566, 2567];
/// Paragraphs of the edited analysis text; about four pages.
const PARAGRAPHS: usize = 40;

/// One agency with results for three years and an administrator.
async fn seed(store: &Store) -> (AgencyId, String) {
    let actor = Actor::default();
    let agency = Agency {
        id: AgencyId::new(),
        code: "bench".to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: "องค์การบริหารส่วนตำบลทดสอบ".to_owned(),
        district: "เมือง".to_owned(),
        province: "กระบี่".to_owned(),
        website: None,
        thai_digits: true,
        logo: None,
    };
    store.create_agency(actor, &agency).await.expect("agency");
    for (year, base) in YEARS.into_iter().zip([70.0, 75.0, 80.0, 90.0]) {
        let scores = |range: std::ops::RangeInclusive<u8>, offset: f64| {
            range
                .map(|n| (n.to_string(), base + offset + f64::from(n) / 10.0))
                .collect()
        };
        let result = ItaResult {
            agency_id: agency.id,
            fiscal_year: year,
            source: ResultSource::Official,
            input: ScoreInput {
                year,
                iit: Some(SurveyInput::Indicators(scores(1..=5, 5.0))),
                eit: Some(SurveyInput::Indicators(scores(6..=8, 2.0))),
                oit: Some(OitInput::Indicators(scores(9..=10, -3.0))),
            },
            published_total: None,
            published_rating: None,
            note: String::new(),
        };
        store.save_ita_result(actor, &result).await.expect("result");
    }
    let admin = User {
        id: UserId::new(),
        agency_id: Some(agency.id),
        username: "admin.bench".to_owned(),
        display_name: "ผู้ดูแลระบบ".to_owned(),
        role: Role::Admin,
        department_id: None,
        supervised_province: None,
        password_hash: hash_password(PASSWORD).expect("hash"),
        active: true,
    };
    store.create_user(actor, &admin).await.expect("admin");
    (agency.id, admin.username)
}

/// Stores a new analysis text for `year`, different for every `run`, as an
/// officer editing before each export would.
async fn edit_analysis(store: &Store, agency: AgencyId, year: i32, run: usize) {
    let paragraphs = (0..PARAGRAPHS)
        .map(|p| {
            format!(
                "ฉบับที่ {run} ย่อหน้าที่ {p}: ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน \
                 ของหน่วยงานในปีงบประมาณ {year} แสดงให้เห็นว่าหน่วยงานควรเร่งปรับปรุงการเปิดเผยข้อมูล \
                 และการป้องกันการทุจริต โดยกำหนดมาตรการที่มีผู้รับผิดชอบ ระยะเวลา และเป้าหมายชัดเจน"
            )
        })
        .collect();
    let analysis = StoredAnalysis {
        agency_id: agency,
        fiscal_year: year,
        source: ResultSource::Official,
        settings: serde_json::to_value(AnalysisSettings::default()).expect("settings"),
        text: serde_json::to_value(EditableText::new(paragraphs)).expect("text"),
    };
    store
        .save_analysis(Actor::default(), &analysis)
        .await
        .expect("analysis saved");
}

/// Dashboard latencies, sorted.
async fn dashboard_latencies(app: &Router, browser: &Browser, samples: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        let page = get(app, Some(browser), "/").await;
        times.push(start.elapsed());
        assert_eq!(page.status, StatusCode::OK);
        // Like a person clicking: requests do not queue behind each other.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    times.sort();
    times
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mode = Mode::from_env();
    // Dashboard requests per measurement.
    let samples: usize = mode.pick(100, 200);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_sqlite(&dir.path().join("bench.db"))
            .await
            .expect("store");
        let (agency, username) = seed(&store).await;
        let config = WebConfig {
            secure_cookies: false,
            ..WebConfig::default()
        };
        let app = router(AppState::new(store.clone(), Settings::default(), config));
        let browser = login(&app, &username).await;
        let pdf_path = |year: i32| format!("/ita/{year}/official/analysis/download/pdf");
        edit_analysis(&store, agency, YEARS[0], 0).await;
        let pdf = get(&app, Some(&browser), &pdf_path(YEARS[0])).await;
        assert_eq!(pdf.status, StatusCode::OK, "the PDF route answers");
        assert!(pdf.bytes.starts_with(b"%PDF"), "a PDF comes back");

        // Warm up both routes, then the baseline: the dashboard alone.
        for _ in 0..10 {
            get(&app, Some(&browser), "/").await;
        }
        let alone = dashboard_latencies(&app, &browser, samples).await;

        // The same while four clients edit and download PDFs back to back.
        let stop = Arc::new(AtomicBool::new(false));
        let rendered = Arc::new(AtomicUsize::new(0));
        let mut clients = Vec::new();
        for year in YEARS {
            let (app, store, browser, stop, rendered) = (
                app.clone(),
                store.clone(),
                browser.clone(),
                Arc::clone(&stop),
                Arc::clone(&rendered),
            );
            clients.push(tokio::spawn(async move {
                let mut run = 1;
                while !stop.load(Ordering::Relaxed) {
                    edit_analysis(&store, agency, year, run).await;
                    run += 1;
                    let pdf = get(&app, Some(&browser), &pdf_path(year)).await;
                    assert_eq!(pdf.status, StatusCode::OK);
                    assert!(pdf.bytes.starts_with(b"%PDF"));
                    rendered.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
        // Let the renders get going before measuring.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let before = rendered.load(Ordering::Relaxed);
        let loaded = dashboard_latencies(&app, &browser, samples).await;
        let renders = rendered.load(Ordering::Relaxed) - before;
        let window = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.await.expect("render client");
        }

        let p95_alone = percentile(&alone, 95);
        let p95_loaded = percentile(&loaded, 95);
        println!(
            "dashboard latency, {samples} requests each, {}",
            mode.describe()
        );
        println!(
            "  alone (baseline):        p50 {}  p95 {}  max {}",
            ms(percentile(&alone, 50)),
            ms(p95_alone),
            ms(*alone.last().unwrap())
        );
        println!(
            "  during {RENDER_CLIENTS} PDF downloads: p50 {}  p95 {}  max {}  ({renders} PDFs rendered in {:.1} s)",
            ms(percentile(&loaded, 50)),
            ms(p95_loaded),
            ms(*loaded.last().unwrap()),
            window.as_secs_f64()
        );
        println!(
            "  p95 under load / p95 alone: {:.2}x",
            p95_loaded.as_secs_f64() / p95_alone.as_secs_f64().max(1e-9),
        );
        assert!(renders > 0, "PDFs rendered while the dashboard was measured");
        goal(
            "dashboard p95 while PDFs render",
            p95_loaded < GOAL,
            ms(p95_loaded),
            format!("< {}", ms(GOAL)),
        );
    });
}

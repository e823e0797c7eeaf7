//! How many survey answer sheets per second does the real server take, and are
//! they all kept?
//!
//! The measure: anonymous survey submissions through the real HTTP stack
//! on loopback, 64 connections, on SQLite; the sustained rate, p50 and p99, and a
//! check that the number of stored responses equals the number of successful
//! responses. The server is the real router served by `prongsai_web::serve` on
//! 127.0.0.1 over a temporary SQLite file with one open EIT survey of the 2568
//! framework; the load generator is `oha`, run as a separate process:
//!
//! 1. `GET /health`, what the HTTP stack alone gives on this machine (baseline);
//! 2. as fast as it goes: complete urlencoded answer sheets without a device
//!    cookie, so every request is a new response;
//! 3. at a fixed 3,000 requests per second (`-q`, with oha's latency correction so
//!    a stalled server cannot hide its queue), which is the goal's rate: its p99
//!    says whether the goal holds at that load, not only at saturation.
//!
//! `oha` is looked for on `PATH`; without it
//! the benchmark skips, unless `PRONGSAI_REQUIRE_TOOLS=1`. It fails when the
//! stored count differs from the successful responses, a lost answer.
//!
//! The goal (issue 6: at least 3,000 responses/s, p99 under 20 ms) is asserted
//! as it reads: the rate as fast as it goes, and the p99 at 3,000/s; the p99 at
//! saturation is printed, since it measures the queue of 64 connections
//! rather than the goal's load. Run with `cargo bench -p prongsai-web --bench
//! survey_submissions`: 5,000 and 6,000 requests, 20,000 and 15,000 with
//! `PRONGSAI_BENCH_FULL=1`.

#[path = "support/mod.rs"]
mod support;

use chrono::Utc;
use prongsai_core::ita::Framework;
use prongsai_core::model::SurveyId;
use prongsai_core::surveys::{SampleRule, Survey, SurveyKind, SurveyStatus, asked_questions};
use prongsai_store::{Actor, Store};
use prongsai_testkit::bench::{Mode, goal};
use support::{Run, oha, oha_or_skip, seed_agency, start_server};

/// Concurrent connections, as the issue asks.
const CONNECTIONS: u32 = 64;
/// The goals.
const GOAL_RATE: f64 = 3_000.0;
const GOAL_P99_MS: f64 = 20.0;
const YEAR: i32 = 2568;

async fn seed(store: &Store) -> Survey {
    let agency = seed_agency(store).await;
    let survey = Survey {
        id: SurveyId::new(),
        agency_id: agency.id,
        fiscal_year: YEAR,
        kind: SurveyKind::Eit,
        title: "แบบวัดการรับรู้ของผู้รับบริการ".to_owned(),
        public_token: "bench-eit-survey-token".to_owned(),
        status: SurveyStatus::Open,
        population: Some(2_000),
        sample_rule: SampleRule::default(),
        closes_on: None,
        questions: Vec::new(),
        created_at: Utc::now(),
        version: 1,
    };
    store
        .create_survey(Actor::default(), &survey)
        .await
        .expect("survey");
    survey
}

/// A complete answer sheet: every question (every sub-item) at its middle choice.
fn answer_sheet(survey: &Survey) -> String {
    let framework = Framework::builtin(YEAR).expect("the 2568 framework");
    let mut fields = Vec::new();
    for q in asked_questions(survey, Some(&framework)) {
        let choices = q.scale.choices();
        let Some((value, _)) = choices.get(choices.len() / 2) else {
            continue;
        };
        if q.sub_items.is_empty() {
            fields.push((q.code.clone(), (*value).to_owned()));
        } else {
            for n in 1..=q.sub_items.len() {
                fields.push((format!("{}.{n}", q.code), (*value).to_owned()));
            }
        }
    }
    serde_urlencoded::to_string(fields).expect("form body")
}

fn line(label: &str, what: &str, run: &Run) {
    println!(
        "  {label:<36} {:>8.0} {what}/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ok {}  failed {}",
        run.rate, run.p50_ms, run.p99_ms, run.successful, run.failed
    );
}

fn main() {
    let Some(oha_bin) = oha_or_skip("survey submissions") else {
        return;
    };
    let mode = Mode::from_env();
    // Requests as fast as it goes, and at the fixed rate (two or five seconds
    // at the goal's rate).
    let requests: u32 = mode.pick(5_000, 20_000);
    let fixed_requests: u32 = mode.pick(6_000, 15_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, survey, address, stop) = runtime.block_on(async {
        let store = Store::open_sqlite(&dir.path().join("bench.db"))
            .await
            .expect("store");
        let survey = seed(&store).await;
        let (address, stop) = start_server(&store, &dir.path().join("data")).await;
        (store, survey, address, stop)
    });
    let stored = || {
        runtime
            .block_on(store.survey_response_count(survey.agency_id, survey.id))
            .expect("count responses")
    };

    let url = format!("http://{address}/p/bench/surveys/{}", survey.public_token);
    let body = answer_sheet(&survey);
    let post = [
        "-m",
        "POST",
        "-T",
        "application/x-www-form-urlencoded",
        "-d",
        &body,
    ];
    let health = oha(
        &oha_bin,
        &format!("http://{address}/health"),
        requests,
        CONNECTIONS,
        &[],
    );
    let saturated = oha(&oha_bin, &url, requests, CONNECTIONS, &post);
    let after_saturated = stored();
    let fixed_args: Vec<&str> = post
        .iter()
        .copied()
        .chain(["-q", "3000", "--latency-correction"])
        .collect();
    let fixed = oha(&oha_bin, &url, fixed_requests, CONNECTIONS, &fixed_args);
    let after_fixed = stored();
    let _ = stop.send(());

    println!(
        "survey submissions on SQLite through the HTTP stack ({CONNECTIONS} connections, oha, EIT {YEAR} answer sheet of {} bytes), {}",
        body.len(),
        mode.describe()
    );
    line("GET /health (baseline)", "req", &health);
    line("POST survey, as fast as it goes", "responses", &saturated);
    line("POST survey, fixed 3,000 req/s", "responses", &fixed);
    for (label, run, count) in [
        ("as fast as it goes", &saturated, after_saturated),
        ("fixed rate", &fixed, after_fixed - after_saturated),
    ] {
        println!(
            "  {label}: successful responses {}, stored responses {count}: {}",
            run.successful,
            if count == run.successful {
                "equal, nothing lost"
            } else {
                "NOT EQUAL"
            }
        );
    }
    println!(
        "  submissions / health: {:.2}",
        saturated.rate / health.rate
    );
    assert_eq!(
        after_saturated, saturated.successful,
        "every successful response must have its stored answer sheet, and no more"
    );
    assert_eq!(after_fixed - after_saturated, fixed.successful);
    goal(
        "answer sheets per second, as fast as it goes",
        saturated.rate >= GOAL_RATE,
        format!("{:.0}/s", saturated.rate),
        format!(">= {GOAL_RATE:.0}/s"),
    );
    goal(
        "the fixed rate kept, none failed",
        fixed.rate >= GOAL_RATE * 0.98 && fixed.failed == 0,
        format!("{:.0}/s, {} failed", fixed.rate, fixed.failed),
        format!(">= {:.0}/s, 0 failed", GOAL_RATE * 0.98),
    );
    goal(
        "p99 at 3,000/s",
        fixed.p99_ms < GOAL_P99_MS,
        format!("{:.2} ms", fixed.p99_ms),
        format!("< {GOAL_P99_MS:.0} ms"),
    );
}

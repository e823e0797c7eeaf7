//! Link check of 500 slow pages on the local sample site, against the ideal:
//! the sum of the pages' delays divided by the concurrency, which is what a
//! checker that always keeps every slot busy would take. The goal is 1.2× at
//! most. The home page lists all 500 pages, so the reachability crawl runs too
//! (and must not fetch any page a second time or hold the checks back).

use std::time::{Duration, Instant};

use prongsai_core::disclosure::LinkVerdict;
use prongsai_linkcheck::{CheckRequest, Checker, CheckerConfig, LinkToCheck};
use prongsai_testkit::bench::{Mode, goal};
use prongsai_testkit::sample_site::{SampleSite, delay_ms};

const YEAR: i32 = 2568;
const PAGES: usize = 500;
const CONCURRENCY: usize = 16;
/// At most this many times the ideal, at the median run.
const GOAL_RATIO: f64 = 1.2;

#[tokio::main]
async fn main() {
    let mode = Mode::from_env();
    let runs = mode.pick(3, 5);
    println!("link check benchmark, {}", mode.describe());
    let site = SampleSite::start(YEAR)
        .await
        .expect("the sample site starts");
    let checker = Checker::new(&CheckerConfig {
        concurrency: CONCURRENCY,
        timeout: Duration::from_secs(15),
        allowed_private: vec![site.address()],
        ..CheckerConfig::default()
    })
    .expect("a valid config");
    let links: Vec<LinkToCheck> = (0..PAGES)
        .map(|n| LinkToCheck {
            url: site.url(&format!("/delay/{n}?ms={}", delay_ms(n))),
            keywords: vec!["เอกสาร".to_owned()],
        })
        .collect();
    let request = CheckRequest {
        fiscal_year: YEAR,
        home_url: Some(site.url(&format!("/delays?count={PAGES}"))),
        own_domains: vec!["127.0.0.1".to_owned()],
        max_clicks: 3,
        links,
        keep_archive: false,
        thai_digits: true,
        progress: None,
    };
    let total_delay_ms: u64 = (0..PAGES).map(delay_ms).sum();
    let ideal = Duration::from_millis(total_delay_ms) / u32::try_from(CONCURRENCY).expect("small");

    let mut times = Vec::with_capacity(runs);
    for run in 1..=runs {
        let started = Instant::now();
        let result = checker.check(&request).await;
        let took = started.elapsed();
        let working = result
            .links
            .iter()
            .filter(|l| l.verdict == LinkVerdict::Working)
            .count();
        assert_eq!(
            working, PAGES,
            "every page should be working: {:?}",
            result.home_error
        );
        println!(
            "run {run}: {PAGES} links, concurrency {CONCURRENCY}, total {:.3} s, ideal {:.3} s, ratio {:.3}, pages crawled {}",
            took.as_secs_f64(),
            ideal.as_secs_f64(),
            took.as_secs_f64() / ideal.as_secs_f64(),
            result.pages_crawled,
        );
        times.push(took);
    }
    times.sort();
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "link_check: {PAGES} URLs, concurrency {CONCURRENCY}: best {:.3} s, median {:.3} s, ideal {:.3} s, \
         ratio best {:.3} median {:.3}",
        best.as_secs_f64(),
        median.as_secs_f64(),
        ideal.as_secs_f64(),
        best.as_secs_f64() / ideal.as_secs_f64(),
        median.as_secs_f64() / ideal.as_secs_f64(),
    );
    let ratio = median.as_secs_f64() / ideal.as_secs_f64();
    goal(
        "median run against the ideal",
        ratio <= GOAL_RATIO,
        format!("{ratio:.3}"),
        format!("<= {GOAL_RATIO}"),
    );
}

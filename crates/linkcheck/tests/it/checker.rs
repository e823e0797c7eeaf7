//! The checker against the sample site and small local servers, over real sockets.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::response::Redirect;
use axum::routing::get;
use prongsai_core::disclosure::LinkVerdict;
use prongsai_linkcheck::{CheckRequest, CheckRun, Checker, CheckerConfig, LinkToCheck};
use prongsai_testkit::sample_site::{SampleKind, SampleSite, delay_ms, sample_evidence};

const YEAR: i32 = 2568;
/// A checker that may fetch the loopback servers at `bases` ("http://ADDR:PORT"),
/// and no other port of theirs.
fn checker(concurrency: usize, timeout: Duration, bases: &[&str]) -> Checker {
    Checker::new(&CheckerConfig {
        concurrency,
        timeout,
        allowed_private: bases.iter().map(|base| address_of(base)).collect(),
        ..CheckerConfig::default()
    })
    .expect("a valid config")
}

fn address_of(base: &str) -> SocketAddr {
    base.trim_start_matches("http://")
        .parse()
        .expect("http://ADDR:PORT")
}

fn request(site: &SampleSite, links: Vec<LinkToCheck>) -> CheckRequest {
    CheckRequest {
        fiscal_year: YEAR,
        home_url: Some(site.url("/")),
        own_domains: vec!["127.0.0.1".to_owned()],
        max_clicks: 3,
        links,
        keep_archive: false,
        thai_digits: true,
        progress: None,
    }
}

fn link(url: String) -> LinkToCheck {
    LinkToCheck {
        url,
        keywords: Vec::new(),
    }
}

async fn check(site: &SampleSite, links: Vec<LinkToCheck>) -> CheckRun {
    checker(4, Duration::from_secs(5), &[&site.base_url])
        .check(&request(site, links))
        .await
}

/// A server on 127.0.0.1 answering `app`; its base url.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn each_sample_kind_gets_its_verdict() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let evidence = sample_evidence(YEAR);
    let links = evidence
        .iter()
        .map(|e| LinkToCheck {
            url: site.url(e.path),
            keywords: e.keywords.clone(),
        })
        .collect();
    let progress = Arc::new(AtomicUsize::new(0));
    let run = checker(4, Duration::from_secs(5), &[&site.base_url])
        .check(&CheckRequest {
            progress: Some(Arc::clone(&progress)),
            ..request(&site, links)
        })
        .await;
    assert_eq!(run.home_error, None);
    assert!(run.pages_crawled >= 3, "{}", run.pages_crawled);
    assert_eq!(progress.load(Ordering::SeqCst), evidence.len());
    for (sample, checked) in evidence.iter().zip(&run.links) {
        assert_eq!(checked.url, site.url(sample.path));
        let expected = match sample.kind {
            SampleKind::Good | SampleKind::GoodPdf | SampleKind::Redirected => LinkVerdict::Working,
            SampleKind::Broken => LinkVerdict::Broken,
            SampleKind::Unlinked => LinkVerdict::NotLinkedFromHome,
            SampleKind::WrongYear => LinkVerdict::YearNotFound,
        };
        assert_eq!(
            checked.verdict, expected,
            "{}: {:?} {}",
            sample.path, checked.facts, checked.detail_th
        );
        let facts = &checked.facts;
        assert!(facts.home_checked);
        match sample.kind {
            SampleKind::Good | SampleKind::GoodPdf | SampleKind::Redirected => {
                assert_eq!(facts.http_status, Some(200));
                assert_eq!(facts.mentions_year, Some(true));
                assert_eq!(facts.keywords_found, sample.keywords);
                assert_eq!(facts.content_sha256.as_ref().map(String::len), Some(64));
                assert!(facts.size_bytes.is_some_and(|s| s > 0));
            }
            SampleKind::Broken => {
                assert!(checked.detail_th.contains("HTTP"), "{}", checked.detail_th)
            }
            SampleKind::Unlinked => {
                assert_eq!(facts.clicks_from_home, None);
                assert!(
                    checked.detail_th.contains("ภายใน ๓ คลิก"),
                    "{}",
                    checked.detail_th
                );
            }
            SampleKind::WrongYear => {
                assert_eq!(facts.mentions_year, Some(false));
                assert!(checked.detail_th.contains("๒๕๖๘"), "{}", checked.detail_th);
            }
        }
    }
    let by_path = |path: &str| {
        let at = evidence
            .iter()
            .position(|e| e.path == path)
            .expect("a sample path");
        &run.links[at]
    };
    assert_eq!(by_path("/structure").facts.clicks_from_home, Some(1));
    assert_eq!(by_path("/oit/plan").facts.clicks_from_home, Some(2));
    let pdf = by_path("/files/budget.pdf");
    assert_eq!(pdf.facts.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(pdf.facts.clicks_from_home, Some(2));
    let moved = by_path("/moved");
    assert_eq!(
        moved.facts.final_url.as_deref(),
        Some(site.url("/contact").as_str())
    );
    assert_eq!(moved.facts.clicks_from_home, Some(1));
    assert_eq!(by_path("/gone").facts.http_status, Some(404));
    assert_eq!(by_path("/error").facts.http_status, Some(500));
}

#[tokio::test]
async fn reachability_respects_max_clicks_and_a_failed_home() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let plan = site.url("/oit/plan");
    let one_click = checker(4, Duration::from_secs(5), &[&site.base_url])
        .check(&CheckRequest {
            max_clicks: 1,
            ..request(&site, vec![link(plan.clone())])
        })
        .await;
    assert_eq!(one_click.links[0].verdict, LinkVerdict::NotLinkedFromHome);

    let no_home = checker(4, Duration::from_secs(5), &[&site.base_url])
        .check(&CheckRequest {
            home_url: Some(site.url("/gone")),
            ..request(&site, vec![link(plan)])
        })
        .await;
    assert!(
        no_home
            .home_error
            .as_deref()
            .is_some_and(|e| e.contains("404")),
        "{:?}",
        no_home.home_error
    );
    assert!(!no_home.links[0].facts.home_checked);
    assert_eq!(no_home.links[0].verdict, LinkVerdict::Working);
}

#[tokio::test]
async fn other_hosts_are_refused_without_a_request() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let other = SampleSite::start(YEAR).await.expect("a second site");
    // The other site is on 127.0.0.1 too, so only the domain rule stops it:
    // it is named "localhost", which is not an own domain.
    let port = other.base_url.rsplit(':').next().expect("a port");
    let run = check(
        &site,
        vec![link(format!("http://localhost:{port}/structure"))],
    )
    .await;
    assert_eq!(run.links[0].verdict, LinkVerdict::Refused);
    assert!(
        run.links[0].detail_th.contains("localhost"),
        "{}",
        run.links[0].detail_th
    );
    assert_eq!(other.total_hits(), 0);
}

#[tokio::test]
async fn private_addresses_are_refused() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let port = site.base_url.rsplit(':').next().expect("a port").to_owned();
    let run = checker(4, Duration::from_secs(5), &[&site.base_url])
        .check(&CheckRequest {
            home_url: None,
            own_domains: vec![
                "127.0.0.1".to_owned(),
                "10.255.255.1".to_owned(),
                "169.254.169.254".to_owned(),
                "127.0.0.2".to_owned(),
                "[::1]".to_owned(),
                "::1".to_owned(),
            ],
            ..request(
                &site,
                vec![
                    link("http://10.255.255.1/".to_owned()),
                    link("http://169.254.169.254/latest/meta-data/".to_owned()),
                    link(format!("http://127.0.0.2:{port}/structure")),
                    link(format!("http://[::1]:{port}/structure")),
                ],
            )
        })
        .await;
    for checked in &run.links {
        assert_eq!(
            checked.verdict,
            LinkVerdict::Refused,
            "{}: {}",
            checked.url,
            checked.detail_th
        );
        assert!(
            checked.detail_th.contains("เครือข่ายภายใน"),
            "{}",
            checked.detail_th
        );
    }
    assert_eq!(site.hits("/structure"), 0);

    // A name of the agency's that resolves to a loopback address nobody allowed.
    let strict = Checker::new(&CheckerConfig::default()).expect("a valid config");
    let run = strict
        .check(&CheckRequest {
            own_domains: vec!["localhost".to_owned()],
            home_url: Some(format!("http://localhost:{port}/")),
            ..request(
                &site,
                vec![link(format!("http://localhost:{port}/structure"))],
            )
        })
        .await;
    assert_eq!(
        run.links[0].verdict,
        LinkVerdict::Refused,
        "{}",
        run.links[0].detail_th
    );
    assert!(
        run.links[0].detail_th.contains("localhost"),
        "{}",
        run.links[0].detail_th
    );
    assert!(
        run.home_error
            .as_deref()
            .is_some_and(|e| e.contains("เครือข่ายภายใน")),
        "{:?}",
        run.home_error
    );
    assert_eq!(site.total_hits(), 0);
}

#[tokio::test]
async fn redirects_leaving_the_rules_are_refused() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let port = site.base_url.rsplit(':').next().expect("a port").to_owned();
    let to_other_host = format!("http://localhost:{port}/structure");
    let to_private = "http://10.0.0.1/secret".to_owned();
    let base = serve(
        Router::new()
            .route(
                "/away",
                get(move || async move { Redirect::temporary(&to_other_host) }),
            )
            .route(
                "/inside",
                get(move || async move { Redirect::temporary(&to_private) }),
            )
            .route("/loop", get(|| async { Redirect::temporary("/loop") })),
    )
    .await;
    let run = checker(4, Duration::from_secs(5), &[&site.base_url, &base])
        .check(&CheckRequest {
            home_url: None,
            own_domains: vec!["127.0.0.1".to_owned(), "10.0.0.1".to_owned()],
            ..request(
                &site,
                vec![
                    link(format!("{base}/away")),
                    link(format!("{base}/inside")),
                    link(format!("{base}/loop")),
                ],
            )
        })
        .await;
    let [away, inside, looping] = &run.links[..] else {
        panic!("three links")
    };
    assert_eq!(away.verdict, LinkVerdict::Refused);
    assert!(
        away.detail_th.contains("เปลี่ยนเส้นทางไปยัง") && away.detail_th.contains("localhost"),
        "{}",
        away.detail_th
    );
    assert_eq!(inside.verdict, LinkVerdict::Refused);
    assert!(
        inside.detail_th.contains("เครือข่ายภายใน"),
        "{}",
        inside.detail_th
    );
    assert!(
        looping.detail_th.contains("เกิน 10 ครั้ง"),
        "{}",
        looping.detail_th
    );
    assert_eq!(site.total_hits(), 0);
}

#[tokio::test]
async fn malformed_and_non_web_links_are_refused() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let run = check(
        &site,
        vec![
            link("www.example".to_owned()),
            link("file:///etc/passwd".to_owned()),
            link(String::new()),
        ],
    )
    .await;
    assert!(run.links.iter().all(|l| l.verdict == LinkVerdict::Refused));
    assert!(
        run.links[0].detail_th.contains("ไม่ถูกต้อง"),
        "{}",
        run.links[0].detail_th
    );
    assert!(
        run.links[1].detail_th.contains("http://"),
        "{}",
        run.links[1].detail_th
    );
}

#[tokio::test]
async fn a_slow_page_times_out_as_broken_in_thai() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let run = checker(2, Duration::from_millis(300), &[&site.base_url])
        .check(&CheckRequest {
            home_url: None,
            ..request(&site, vec![link(site.url("/delay/1?ms=2000"))])
        })
        .await;
    assert_eq!(run.links[0].verdict, LinkVerdict::Broken);
    assert!(
        run.links[0].detail_th.contains("หมดเวลารอ 1 วินาที"),
        "{}",
        run.links[0].detail_th
    );
}

#[tokio::test]
async fn concurrency_is_bounded_and_each_address_fetched_once() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let mut links: Vec<LinkToCheck> = (0..24)
        .map(|n| link(site.url(&format!("/delay/{n}?ms=40"))))
        .collect();
    links.push(link(site.url("/delay/0?ms=40#again")));
    links.push(link(site.url("/delay/0?ms=40")));
    let run = checker(3, Duration::from_secs(5), &[&site.base_url])
        .check(&CheckRequest {
            home_url: None,
            keep_archive: true,
            ..request(&site, links)
        })
        .await;
    assert!(run.links.iter().all(|l| l.verdict == LinkVerdict::Working));
    assert!(
        run.links
            .iter()
            .all(|l| l.body.as_ref().is_some_and(|b| !b.is_empty()))
    );
    assert_eq!(site.hits("/delay/0?ms=40"), 1);
    assert!(site.max_in_flight() <= 3, "{}", site.max_in_flight());
    assert!(site.max_in_flight() >= 2, "{}", site.max_in_flight());
}

#[tokio::test]
async fn the_crawl_and_the_checks_share_fetches() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let path = |n: usize| format!("/delay/{n}?ms={}", delay_ms(n));
    let links = (0..5).map(|n| link(site.url(&path(n)))).collect();
    let run = checker(4, Duration::from_secs(5), &[&site.base_url])
        .check(&CheckRequest {
            home_url: Some(site.url("/delays?count=5")),
            ..request(&site, links)
        })
        .await;
    assert!(
        run.links
            .iter()
            .all(|l| l.facts.clicks_from_home == Some(1))
    );
    for n in 0..5 {
        assert_eq!(site.hits(&path(n)), 1);
    }
}

#[test]
fn a_zero_concurrency_is_refused() {
    let config = CheckerConfig {
        concurrency: 0,
        ..CheckerConfig::default()
    };
    assert!(Checker::new(&config).is_err());
}

/// An allowance is an address and a port: a redirect from the allowed site to
/// another port of the same address is refused before any connection, and a
/// port where something listens reads exactly like one where nothing does.
#[tokio::test]
async fn an_allowed_address_opens_one_port_only() {
    let site = SampleSite::start(YEAR).await.expect("the sample site");
    let listening = SampleSite::start(YEAR)
        .await
        .expect("a service on another port");
    let closed = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .expect("a port")
        .local_addr()
        .expect("an address");
    let to_listening = listening.url("/structure");
    let to_closed = format!("http://{closed}/structure");
    let (open_target, closed_target) = (to_listening.clone(), to_closed.clone());
    let base = serve(
        Router::new()
            .route(
                "/open",
                get(move || async move { Redirect::temporary(&open_target) }),
            )
            .route(
                "/closed",
                get(move || async move { Redirect::temporary(&closed_target) }),
            ),
    )
    .await;
    let run = checker(4, Duration::from_secs(5), &[&site.base_url, &base])
        .check(&CheckRequest {
            home_url: None,
            ..request(
                &site,
                vec![
                    link(format!("{base}/open")),
                    link(format!("{base}/closed")),
                    link(to_listening.clone()),
                    link(to_closed.clone()),
                ],
            )
        })
        .await;
    for checked in &run.links {
        assert_eq!(
            checked.verdict,
            LinkVerdict::Refused,
            "{}: {}",
            checked.url,
            checked.detail_th
        );
        assert!(
            checked.detail_th.contains("เครือข่ายภายใน"),
            "{}",
            checked.detail_th
        );
    }
    let same = |open: &str, closed: &str| {
        assert_eq!(
            open.replace(&to_listening, "URL"),
            closed.replace(&to_closed, "URL"),
            "an open and a closed port must read the same"
        );
    };
    same(&run.links[0].detail_th, &run.links[1].detail_th);
    same(&run.links[2].detail_th, &run.links[3].detail_th);
    assert_eq!(listening.total_hits(), 0);
}

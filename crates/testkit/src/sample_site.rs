//! A small Thai agency website on 127.0.0.1 for the checker's tests, the demo
//! and the benchmark: good pages one and two clicks from the home page, a PDF,
//! a redirect, broken addresses, a page that exists but is not linked (the
//! seed's real failure, "E-Service URL ไม่เชื่อมโยงกับเว็บไซต์หลัก") and a page
//! about the previous year.
//!
//! `/delay/{n}?ms=M` answers after M milliseconds; `/delays?count=N` lists the
//! first N of them (with [`delay_ms`] each) and serves as the home page of the
//! benchmark, so that the ordinary home page stays small for tests.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use prongsai_core::thai::digits::to_thai_digits;
use tokio::task::AbortHandle;

/// What kind of evidence a sample page is, and so the verdict it should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleKind {
    /// Linked from the home page (directly or two clicks deep), mentions the year.
    Good,
    /// A PDF linked two clicks deep whose text mentions the year.
    GoodPdf,
    /// `/moved`: a permanent redirect to a good page.
    Redirected,
    /// 404 or 500.
    Broken,
    /// Exists and mentions the year, but nothing links to it.
    Unlinked,
    /// Linked, but mentions only the previous year.
    WrongYear,
}

/// One evidence address of the sample site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleEvidence {
    /// Path on the site, to append to [`SampleSite::base_url`].
    pub path: &'static str,
    pub kind: SampleKind,
    /// Words the page contains (what a checklist entry would expect).
    pub keywords: Vec<String>,
    pub title_th: &'static str,
}

/// The evidence pages the site serves for `year` (the home page links the good ones).
#[must_use]
pub fn sample_evidence(_year: i32) -> Vec<SampleEvidence> {
    let evidence = |path, kind, keyword: &str, title_th| SampleEvidence {
        path,
        kind,
        keywords: vec![keyword.to_owned()],
        title_th,
    };
    vec![
        evidence(
            "/structure",
            SampleKind::Good,
            "โครงสร้าง",
            "โครงสร้างหน่วยงาน",
        ),
        evidence(
            "/oit/plan",
            SampleKind::Good,
            "แผนการดำเนินงาน",
            "แผนการดำเนินงานประจำปี",
        ),
        evidence(
            "/files/budget.pdf",
            SampleKind::GoodPdf,
            "budget",
            "รายงานงบประมาณ (PDF)",
        ),
        evidence(
            "/moved",
            SampleKind::Redirected,
            "ติดต่อ",
            "ช่องทางติดต่อ (ย้ายที่อยู่)",
        ),
        evidence("/gone", SampleKind::Broken, "ข่าว", "ข่าวประชาสัมพันธ์ (ลบแล้ว)"),
        evidence(
            "/error",
            SampleKind::Broken,
            "รายงาน",
            "รายงานผล (เซิร์ฟเวอร์ขัดข้อง)",
        ),
        evidence("/eservice", SampleKind::Unlinked, "E-Service", "E-Service"),
        evidence(
            "/oit/old-plan",
            SampleKind::WrongYear,
            "แผน",
            "แผนปฏิบัติการ (ปีก่อน)",
        ),
    ]
}

/// The delay of `/delay/{n}` as the benchmark's index lists it: 20–80 ms,
/// spread deterministically.
#[must_use]
pub fn delay_ms(n: usize) -> u64 {
    20 + (n as u64 * 37) % 61
}

/// What the site has been asked, for tests that count requests.
#[derive(Debug, Default)]
struct Stats {
    hits: Mutex<HashMap<String, usize>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

#[derive(Debug, Clone)]
struct Site {
    year: i32,
    stats: Arc<Stats>,
    pdf: Arc<Vec<u8>>,
}

/// The running site; it serves until dropped.
#[derive(Debug)]
pub struct SampleSite {
    /// "http://127.0.0.1:PORT", no trailing slash.
    pub base_url: String,
    stats: Arc<Stats>,
    task: AbortHandle,
}

impl SampleSite {
    /// Serves on 127.0.0.1 on a free port.
    ///
    /// # Errors
    /// When no port can be bound.
    pub async fn start(year: i32) -> std::io::Result<Self> {
        Self::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), year).await
    }

    /// Serves on `addr`.
    ///
    /// # Errors
    /// When `addr` cannot be bound.
    pub async fn start_on(addr: SocketAddr, year: i32) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        let stats = Arc::new(Stats::default());
        let site = Site {
            year,
            stats: Arc::clone(&stats),
            pdf: Arc::new(pdf(year)),
        };
        let app = router(site);
        let task = tokio::spawn(async move {
            // Ends only when the task is aborted (the site dropped).
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            base_url: format!("http://{local}"),
            stats,
            task: task.abort_handle(),
        })
    }

    /// The full address of a path on the site.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The address and port it listens on: what a link checker must be
    /// allowed to fetch.
    ///
    /// # Panics
    /// Never: the base URL is written from the listener's address.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.base_url
            .trim_start_matches("http://")
            .parse()
            .expect("the base URL holds the listener's address")
    }

    /// How many requests asked for `path_and_query` ("/delay/3?ms=20").
    #[must_use]
    pub fn hits(&self, path_and_query: &str) -> usize {
        self.stats
            .hits
            .lock()
            .map(|hits| hits.get(path_and_query).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// All requests served so far.
    #[must_use]
    pub fn total_hits(&self) -> usize {
        self.stats
            .hits
            .lock()
            .map(|hits| hits.values().sum())
            .unwrap_or(0)
    }

    /// The most requests it was answering at once.
    #[must_use]
    pub fn max_in_flight(&self) -> usize {
        self.stats.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for SampleSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn router(site: Site) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/oit", get(oit_index))
        .route("/structure", get(structure))
        .route("/oit/plan", get(plan))
        .route("/oit/old-plan", get(old_plan))
        .route("/files/budget.pdf", get(budget_pdf))
        .route("/contact", get(contact))
        .route("/moved", get(|| async { Redirect::permanent("/contact") }))
        .route(
            "/gone",
            get(|| async {
                (
                    StatusCode::NOT_FOUND,
                    Html(page("ไม่พบหน้า", "ไม่พบหน้าที่ต้องการ")),
                )
            }),
        )
        .route(
            "/error",
            get(|| async {
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(page("ขัดข้อง", "ระบบขัดข้อง")),
                )
            }),
        )
        .route("/eservice", get(eservice))
        .route("/delay/{n}", get(delay))
        .route("/delays", get(delays))
        .layer(middleware::from_fn_with_state(site.clone(), count))
        .with_state(site)
}

/// Counts each request and how many are being answered at once.
async fn count(State(site): State<Site>, request: Request, next: Next) -> Response {
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_owned(), ToString::to_string);
    if let Ok(mut hits) = site.stats.hits.lock() {
        *hits.entry(key).or_default() += 1;
    }
    let now = site.stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    site.stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let response = next.run(request).await;
    site.stats.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><header><a href=\"/\">องค์การบริหารส่วนตำบลตัวอย่าง</a></header><main><h1>{title}</h1>{body}</main></body></html>"
    )
}

async fn home(State(site): State<Site>) -> Html<String> {
    Html(page(
        "องค์การบริหารส่วนตำบลตัวอย่าง",
        &format!(
            "<p>ยินดีต้อนรับ ปีงบประมาณ พ.ศ. {}</p><nav><ul>\
             <li><a href=\"/structure\">โครงสร้างหน่วยงาน</a></li>\
             <li><a href=\"/oit\">การเปิดเผยข้อมูลสาธารณะ (OIT)</a></li>\
             <li><a href=\"/contact#map\">ติดต่อเรา</a></li></ul></nav>",
            site.year
        ),
    ))
}

async fn oit_index() -> Html<String> {
    Html(page(
        "การเปิดเผยข้อมูลสาธารณะ",
        "<ul><li><a href=\"oit/plan/\">แผนการดำเนินงานประจำปี</a></li>\
         <li><a href=\"/oit/old-plan\">แผนปฏิบัติการ</a></li>\
         <li><a href=\"/files/budget.pdf\">รายงานงบประมาณ (PDF)</a></li></ul>",
    ))
}

async fn structure(State(site): State<Site>) -> Html<String> {
    Html(page(
        "โครงสร้างหน่วยงาน",
        &format!(
            "<p>แผนภูมิโครงสร้างองค์กร ประจำปีงบประมาณ พ.ศ. {}</p>",
            site.year
        ),
    ))
}

async fn plan(State(site): State<Site>) -> Html<String> {
    Html(page(
        "แผนการดำเนินงานประจำปี",
        &format!(
            "<p>แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {}</p>",
            to_thai_digits(&site.year.to_string())
        ),
    ))
}

async fn old_plan(State(site): State<Site>) -> Html<String> {
    Html(page(
        "แผนปฏิบัติการ",
        &format!("<p>แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. {}</p>", site.year - 1),
    ))
}

async fn contact(State(site): State<Site>) -> Html<String> {
    Html(page(
        "ช่องทางติดต่อ",
        &format!(
            "<p>ติดต่อสำนักงานปลัด โทร 0 2000 0000 (ปรับปรุง พ.ศ. {})</p>",
            site.year
        ),
    ))
}

async fn eservice(State(site): State<Site>) -> Html<String> {
    Html(page(
        "E-Service",
        &format!(
            "<p>ระบบ E-Service ยื่นคำร้องออนไลน์ ปีงบประมาณ {}</p>",
            site.year
        ),
    ))
}

async fn budget_pdf(State(site): State<Site>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/pdf")],
        site.pdf.as_ref().clone(),
    )
        .into_response()
}

async fn delay(
    State(site): State<Site>,
    Path(n): Path<usize>,
    Query(query): Query<HashMap<String, String>>,
) -> Html<String> {
    let ms = query
        .get("ms")
        .and_then(|m| m.parse::<u64>().ok())
        .unwrap_or_else(|| delay_ms(n))
        .min(60_000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    Html(page(
        &format!("เอกสารที่ {n}"),
        &format!("<p>เอกสารเผยแพร่ ปีงบประมาณ {}</p>", site.year),
    ))
}

async fn delays(Query(query): Query<HashMap<String, String>>) -> Html<String> {
    let count = query
        .get("count")
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(10)
        .min(10_000);
    let links: String = (0..count)
        .map(|n| {
            format!(
                "<li><a href=\"/delay/{n}?ms={}\">เอกสารที่ {n}</a></li>",
                delay_ms(n)
            )
        })
        .collect();
    Html(page("เอกสารเผยแพร่", &format!("<ul>{links}</ul>")))
}

/// A one-page PDF whose text says "Budget report, fiscal year YEAR", written
/// out here (objects, cross-reference table and all) so that the tests need no
/// PDF library and the file is exactly what a PDF reader expects.
fn pdf(year: i32) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 720 Td (Budget report, fiscal year {year}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

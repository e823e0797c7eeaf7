//! One run of checks: the links of an agency's year, fetched once each, with
//! the reachability crawl from the home page running alongside.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::future::join_all;
use prongsai_core::disclosure::{LinkFacts, LinkVerdict, judge, mentions_fiscal_year};
use tokio::sync::{OnceCell, Semaphore};
use url::Url;

use crate::CheckerConfig;
use crate::fetch::{FetchLimits, Fetched, build_client, fetch};
use crate::guard::Guard;

/// Why a checker could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error("ค่าตั้งของตัวตรวจลิงก์ไม่ถูกต้อง: {0}")]
    Config(&'static str),
    #[error("ตั้งค่า TLS ไม่ได้: {0}")]
    Tls(#[from] rustls::Error),
}

/// What to check in one run.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// Buddhist-era fiscal year the pages must mention.
    pub fiscal_year: i32,
    /// The page reachability is measured from; `None` skips the crawl.
    pub home_url: Option<String>,
    /// The only hosts fetched (with their subdomains).
    pub own_domains: Vec<String>,
    /// Clicks from the home page a page may be.
    pub max_clicks: u32,
    pub links: Vec<LinkToCheck>,
    /// Whether to return the fetched bytes of each link.
    pub keep_archive: bool,
    /// Thai digits in the verdict's messages.
    pub thai_digits: bool,
    /// Counts links done, for a progress bar.
    pub progress: Option<Arc<AtomicUsize>>,
}

/// One link and the words its page should contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkToCheck {
    pub url: String,
    pub keywords: Vec<String>,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct CheckRun {
    /// In the order of the request's links.
    pub links: Vec<CheckedLink>,
    /// Why reachability could not be measured (the home page failed), in Thai.
    pub home_error: Option<String>,
    /// Pages the crawl fetched.
    pub pages_crawled: usize,
}

/// One link's facts and verdict.
#[derive(Debug, Clone)]
pub struct CheckedLink {
    pub url: String,
    pub facts: LinkFacts,
    pub verdict: LinkVerdict,
    pub detail_th: String,
    /// The fetched bytes, when the request asked to keep them.
    pub body: Option<Vec<u8>>,
}

/// Checks evidence links; cheap to share, one per server.
#[derive(Debug, Clone)]
pub struct Checker {
    config: CheckerConfig,
    tls: Arc<rustls::ClientConfig>,
}

impl Checker {
    /// # Errors
    /// A zero concurrency, timeout, size or crawl limit; a TLS set-up failure.
    pub fn new(config: &CheckerConfig) -> Result<Self, CheckerError> {
        if config.concurrency == 0 {
            return Err(CheckerError::Config("concurrency must be at least 1"));
        }
        if config.timeout.is_zero() {
            return Err(CheckerError::Config("timeout must be positive"));
        }
        if config.max_bytes == 0 || config.max_crawl_pages == 0 {
            return Err(CheckerError::Config(
                "max_bytes and max_crawl_pages must be positive",
            ));
        }
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
        Ok(Self {
            config: config.clone(),
            tls: Arc::new(tls),
        })
    }

    /// Checks every link of the request. Never fails as a whole: each link
    /// gets its facts and verdict, refused and broken ones included.
    pub async fn check(&self, request: &CheckRequest) -> CheckRun {
        let guard = Guard::new(&request.own_domains, &self.config.allowed_private);
        let client = match build_client(&guard, &self.tls, self.config.timeout) {
            Ok(client) => client,
            Err(_) => return self.unable(request, "สร้างการเชื่อมต่อสำหรับตรวจลิงก์ไม่ได้"),
        };
        let keep: HashSet<String> = if request.keep_archive {
            request
                .links
                .iter()
                .filter_map(|l| guard.admit_text(&l.url).ok())
                .map(|u| u.to_string())
                .collect()
        } else {
            HashSet::new()
        };
        let run = Run {
            client,
            guard,
            semaphore: Semaphore::new(self.config.concurrency),
            limits: FetchLimits {
                max_bytes: self.config.max_bytes,
                timeout: self.config.timeout,
            },
            cache: Mutex::new(HashMap::new()),
            keep,
        };
        let checks = join_all(request.links.iter().map(|link| async {
            let fetched = match run.guard.admit_text(&link.url) {
                Ok(url) => Ok(run.fetch(&url).await),
                Err(refusal) => Err(refusal.0),
            };
            if let Some(progress) = &request.progress {
                progress.fetch_add(1, Ordering::Relaxed);
            }
            fetched
        }));
        let crawl = run.crawl(
            request.home_url.as_deref(),
            request.max_clicks,
            self.config.max_crawl_pages,
        );
        let (fetched, reach) = tokio::join!(checks, crawl);
        let links = request
            .links
            .iter()
            .zip(fetched)
            .map(|(link, fetched)| {
                let facts = match fetched {
                    Ok(fetched) => facts_of(link, &fetched, &reach, request.fiscal_year),
                    Err(reason) => LinkFacts {
                        refused: Some(reason),
                        ..LinkFacts::default()
                    },
                };
                let body = match run.guard.admit_text(&link.url) {
                    Ok(url) if request.keep_archive => {
                        run.cached(&url).and_then(|f| f.body.clone())
                    }
                    _ => None,
                };
                checked(link, facts, body, request)
            })
            .collect();
        CheckRun {
            links,
            home_error: reach.home_error,
            pages_crawled: reach.pages_crawled,
        }
    }

    /// Every link broken for one reason (the run could not start).
    fn unable(&self, request: &CheckRequest, reason: &str) -> CheckRun {
        let links = request
            .links
            .iter()
            .map(|link| {
                let facts = LinkFacts {
                    error: Some(reason.to_owned()),
                    ..LinkFacts::default()
                };
                checked(link, facts, None, request)
            })
            .collect();
        CheckRun {
            links,
            home_error: Some(reason.to_owned()),
            pages_crawled: 0,
        }
    }
}

fn checked(
    link: &LinkToCheck,
    facts: LinkFacts,
    body: Option<Vec<u8>>,
    request: &CheckRequest,
) -> CheckedLink {
    let (verdict, detail_th) = judge(
        &facts,
        request.fiscal_year,
        request.max_clicks,
        request.thai_digits,
    );
    CheckedLink {
        url: link.url.clone(),
        facts,
        verdict,
        detail_th,
        body,
    }
}

fn facts_of(link: &LinkToCheck, fetched: &Fetched, reach: &Reach, year: i32) -> LinkFacts {
    let expected: Vec<String> = link
        .keywords
        .iter()
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    let text = fetched.text.as_deref().filter(|_| fetched.succeeded());
    let clicks = |url: &Url| reach.depths.get(&reach_key(url)).copied();
    let clicks_from_home = if reach.home_checked {
        let by_url = Url::parse(&link.url).ok().and_then(|u| clicks(&u));
        let by_final = fetched.final_url.as_ref().and_then(clicks);
        by_url.into_iter().chain(by_final).min()
    } else {
        None
    };
    LinkFacts {
        refused: fetched.refused.clone(),
        error: fetched.error.clone(),
        http_status: fetched.status,
        final_url: fetched.final_url.as_ref().map(ToString::to_string),
        content_type: fetched.content_type.clone(),
        size_bytes: fetched.size.and_then(|s| i64::try_from(s).ok()),
        content_sha256: fetched.sha256.clone(),
        clicks_from_home,
        home_checked: reach.home_checked,
        mentions_year: text.map(|t| mentions_fiscal_year(t, year)),
        keywords_found: text
            .map(|t| {
                let lower = t.to_lowercase();
                expected
                    .iter()
                    .filter(|k| lower.contains(&k.to_lowercase()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        // An unreadable file (a scan, an image) was not searched, so no
        // keyword is expected of it: the assessor reads it by eye.
        keywords_expected: if text.is_some() { expected } else { Vec::new() },
    }
}

/// The address as the crawl compares it: no fragment, and `/a/` equal to `/a`.
fn reach_key(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    let path = url.path().to_owned();
    if path.len() > 1 && path.ends_with('/') {
        url.set_path(path.trim_end_matches('/'));
    }
    url.to_string()
}

/// Files the crawl does not open to look for links.
fn is_document(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    [
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".jpg", ".jpeg",
        ".png", ".gif", ".mp4", ".mp3",
    ]
    .iter()
    .any(|ext| path.ends_with(ext))
}

/// Which pages the crawl reached, and how many clicks from home.
#[derive(Debug, Default)]
struct Reach {
    depths: HashMap<String, u32>,
    home_checked: bool,
    home_error: Option<String>,
    pages_crawled: usize,
}

type Slot = Arc<OnceCell<Arc<Fetched>>>;

/// The state one run shares between its checks and its crawl.
struct Run {
    client: reqwest::Client,
    guard: Guard,
    semaphore: Semaphore,
    limits: FetchLimits,
    /// One slot per address: whoever asks first fetches, the rest wait.
    cache: Mutex<HashMap<String, Slot>>,
    /// Addresses whose bytes are returned.
    keep: HashSet<String>,
}

impl Run {
    async fn fetch(&self, url: &Url) -> Arc<Fetched> {
        let mut url = url.clone();
        url.set_fragment(None);
        let key = url.to_string();
        let slot = Arc::clone(
            self.cache
                .lock()
                .expect("no fetch panics while holding the cache")
                .entry(key.clone())
                .or_default(),
        );
        let keep = self.keep.contains(&key);
        Arc::clone(
            slot.get_or_init(|| async {
                Arc::new(
                    fetch(
                        &self.client,
                        &self.guard,
                        &self.semaphore,
                        &self.limits,
                        &url,
                        keep,
                    )
                    .await,
                )
            })
            .await,
        )
    }

    fn cached(&self, url: &Url) -> Option<Arc<Fetched>> {
        let mut url = url.clone();
        url.set_fragment(None);
        let cache = self
            .cache
            .lock()
            .expect("no fetch panics while holding the cache");
        cache.get(url.as_str()).and_then(|slot| slot.get().cloned())
    }

    /// Breadth first from the home page over the agency's own pages, up to
    /// `max_clicks` clicks and `max_pages` fetched pages; each level is fetched
    /// concurrently with everything else in the run.
    async fn crawl(&self, home: Option<&str>, max_clicks: u32, max_pages: usize) -> Reach {
        let mut reach = Reach::default();
        let Some(home) = home.map(str::trim).filter(|h| !h.is_empty()) else {
            return reach;
        };
        let home = match self.guard.admit_text(home) {
            Ok(url) => url,
            Err(refusal) => {
                reach.home_error = Some(format!("ตรวจหน้าหลักไม่ได้: {}", refusal.0));
                return reach;
            }
        };
        let mut seen: HashSet<String> = HashSet::from([reach_key(&home)]);
        let mut frontier = vec![home];
        for depth in 0..=max_clicks {
            for url in &frontier {
                reach.depths.entry(reach_key(url)).or_insert(depth);
            }
            if depth == max_clicks {
                break;
            }
            let room = max_pages.saturating_sub(reach.pages_crawled);
            let to_fetch: Vec<Url> = frontier
                .into_iter()
                .filter(|u| depth == 0 || !is_document(u))
                .take(room)
                .collect();
            reach.pages_crawled += to_fetch.len();
            let pages = join_all(to_fetch.iter().map(|url| self.fetch(url))).await;
            if depth == 0 {
                let home_page = &pages[0];
                if !home_page.succeeded() {
                    reach.home_error = Some(home_failure(home_page));
                    return reach;
                }
                reach.home_checked = true;
            }
            let mut next = Vec::new();
            for page in pages.iter().filter(|p| p.succeeded()) {
                if let Some(final_url) = &page.final_url {
                    reach.depths.entry(reach_key(final_url)).or_insert(depth);
                }
                for link in &page.links {
                    if self.guard.admit(link).is_ok() && seen.insert(reach_key(link)) {
                        next.push(link.clone());
                    }
                }
            }
            frontier = next;
        }
        reach
    }
}

fn home_failure(home: &Fetched) -> String {
    let reason = home
        .refused
        .clone()
        .or_else(|| home.error.clone())
        .or_else(|| home.status.map(|s| format!("เว็บไซต์ตอบรหัส HTTP {s}")))
        .unwrap_or_else(|| "ไม่ได้รับคำตอบ".to_owned());
    format!("เปิดหน้าหลักไม่ได้ จึงตรวจการเชื่อมโยงจากหน้าหลักไม่ได้: {reason}")
}

//! Fetching one address under the run's rules and reading what came back.

use std::time::Duration;

use reqwest::redirect::Policy;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use url::Url;

use crate::USER_AGENT;
use crate::guard::{Guard, GuardedResolver, Refusal, Unresolved};
use crate::html::read_html;

/// What fetching one address found. Shared between the crawl and the checks
/// so that each address is fetched once per run.
#[derive(Debug, Default)]
pub(crate) struct Fetched {
    pub(crate) refused: Option<String>,
    pub(crate) error: Option<String>,
    pub(crate) status: Option<u16>,
    pub(crate) final_url: Option<Url>,
    pub(crate) content_type: Option<String>,
    pub(crate) size: Option<u64>,
    pub(crate) sha256: Option<String>,
    /// The page's or PDF's text; `None` when it could not be read as text.
    pub(crate) text: Option<String>,
    /// Links of an HTML page answered with 2xx.
    pub(crate) links: Vec<Url>,
    pub(crate) body: Option<Vec<u8>>,
}

impl Fetched {
    fn refused(reason: String) -> Self {
        Self {
            refused: Some(reason),
            ..Self::default()
        }
    }

    /// Whether a 2xx answer arrived.
    pub(crate) fn succeeded(&self) -> bool {
        self.error.is_none()
            && self.refused.is_none()
            && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Builds the client of one run: the run's own domains decide which
/// redirects it follows, and the resolver refuses internal addresses.
///
/// reqwest is the most used and best kept HTTP client in Rust: redirects with
/// a custom policy, a pluggable resolver, whole-request timeouts and rustls
/// without OpenSSL are all built in.
pub(crate) fn build_client(
    guard: &Guard,
    tls: &rustls::ClientConfig,
    timeout: Duration,
) -> reqwest::Result<reqwest::Client> {
    let redirect_guard = guard.clone();
    let policy = Policy::custom(move |attempt| {
        match redirect_guard.admit_redirect(attempt.url(), attempt.previous().len()) {
            Ok(()) => attempt.follow(),
            Err(refusal) => attempt.error(refusal),
        }
    });
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(policy)
        .no_proxy()
        .referer(false)
        .dns_resolver(GuardedResolver {
            guard: guard.clone(),
        })
        .tls_backend_preconfigured(tls.clone())
        .build()
}

/// What a fetch is allowed and asked to do.
#[derive(Debug)]
pub(crate) struct FetchLimits {
    pub(crate) max_bytes: u64,
    pub(crate) timeout: Duration,
}

/// Fetches `url` (already admitted by the guard) and reads it; never fails, the
/// failure is in the result.
pub(crate) async fn fetch(
    client: &reqwest::Client,
    guard: &Guard,
    semaphore: &Semaphore,
    limits: &FetchLimits,
    url: &Url,
    keep_body: bool,
) -> Fetched {
    if let Err(refusal) = guard.admit(url) {
        return Fetched::refused(refusal.0);
    }
    let downloaded = {
        let _permit = semaphore
            .acquire()
            .await
            .expect("the run's semaphore is never closed");
        download(client, limits, url).await
    };
    let (head, body) = match downloaded {
        Ok(done) => done,
        Err(failed) => return failed,
    };
    let analysed = tokio::task::spawn_blocking(move || analyse(head, body, keep_body)).await;
    analysed.unwrap_or_else(|_| Fetched {
        error: Some("อ่านเนื้อหาของหน้าไม่ได้".to_owned()),
        ..Fetched::default()
    })
}

/// The response before its body is read.
#[derive(Debug)]
struct Head {
    status: u16,
    final_url: Url,
    content_type: Option<String>,
}

async fn download(
    client: &reqwest::Client,
    limits: &FetchLimits,
    url: &Url,
) -> Result<(Head, Vec<u8>), Fetched> {
    let mut response = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| failure(&e, limits.timeout))?;
    let head = Head {
        status: response.status().as_u16(),
        final_url: response.url().clone(),
        content_type: response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    let cap = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    let mut body = Vec::new();
    while body.len() < cap {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) => break,
            Err(e) => {
                let mut failed = failure(&e, limits.timeout);
                failed.status = Some(head.status);
                failed.final_url = Some(head.final_url);
                return Err(failed);
            }
        }
    }
    Ok((head, body))
}

/// A request that failed, in Thai: refused (by the resolver or the redirect
/// policy), timed out or not connected.
fn failure(error: &reqwest::Error, timeout: Duration) -> Fetched {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(refusal) = e.downcast_ref::<Refusal>() {
            return Fetched::refused(refusal.0.clone());
        }
        if let Some(unresolved) = e.downcast_ref::<Unresolved>() {
            return Fetched {
                error: Some(unresolved.to_string()),
                ..Fetched::default()
            };
        }
        source = e.source();
    }
    let message = if error.is_timeout() {
        format!("หมดเวลารอ {} วินาที", timeout.as_secs_f64().ceil())
    } else if error.is_redirect() {
        "เปลี่ยนเส้นทางไม่สำเร็จ".to_owned()
    } else if error.is_connect() {
        "เชื่อมต่อเว็บไซต์ไม่ได้".to_owned()
    } else if error.is_body() || error.is_decode() {
        "รับเนื้อหาของหน้าไม่ครบ".to_owned()
    } else {
        "เปิดลิงก์ไม่ได้".to_owned()
    };
    Fetched {
        error: Some(message),
        ..Fetched::default()
    }
}

fn analyse(head: Head, body: Vec<u8>, keep_body: bool) -> Fetched {
    let sha256 = hex::encode(Sha256::digest(&body));
    let content_type = head.content_type.as_deref().map(str::to_ascii_lowercase);
    let kind = ContentKind::of(content_type.as_deref(), &body);
    let ok = (200..300).contains(&head.status);
    let (text, links) = match kind {
        ContentKind::Html => {
            let page = read_html(&decode(content_type.as_deref(), &body), &head.final_url);
            (Some(page.text), if ok { page.links } else { Vec::new() })
        }
        ContentKind::Text => (Some(decode(content_type.as_deref(), &body)), Vec::new()),
        ContentKind::Pdf => (pdf_text(&body), Vec::new()),
        ContentKind::Other => (None, Vec::new()),
    };
    Fetched {
        status: Some(head.status),
        final_url: Some(head.final_url),
        content_type: head.content_type,
        size: Some(body.len() as u64),
        sha256: Some(sha256),
        text,
        links,
        body: keep_body.then_some(body),
        ..Fetched::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContentKind {
    Html,
    Text,
    Pdf,
    Other,
}

impl ContentKind {
    /// By the declared type, or by the first bytes when none was declared.
    fn of(content_type: Option<&str>, body: &[u8]) -> Self {
        match content_type {
            Some(t) if t.contains("html") => Self::Html,
            Some(t) if t.contains("pdf") => Self::Pdf,
            Some(t) if t.starts_with("text/") => Self::Text,
            Some(t) if !t.contains("octet-stream") => Self::Other,
            _ if body.starts_with(b"%PDF") => Self::Pdf,
            _ if body.trim_ascii_start().starts_with(b"<") => Self::Html,
            _ => Self::Other,
        }
    }
}

/// Decodes with the declared charset (header, else a `charset=` near the
/// top of the page: older Thai sites are often TIS-620/windows-874), else UTF-8.
fn decode(content_type: Option<&str>, body: &[u8]) -> String {
    let declared = content_type
        .and_then(charset_label)
        .or_else(|| {
            let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
            charset_label(&head)
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    declared.decode(body).0.into_owned()
}

fn charset_label(text: &str) -> Option<String> {
    let at = text.find("charset=")? + "charset=".len();
    let label: String = text[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// The text of a PDF; `None` for a scanned or unreadable one. pdf-extract
/// (over lopdf) handles the font encodings of Thai office PDFs; a malformed
/// file must not end the run, so a panic inside it counts as unreadable.
fn pdf_text(body: &[u8]) -> Option<String> {
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(body))
        .ok()?
        .ok()?;
    (!text.trim().is_empty()).then_some(text)
}

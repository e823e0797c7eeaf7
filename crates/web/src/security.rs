//! Security headers on every response.
//!
//! The content security policy allows only our own scripts, styles and images
//! (plus inline `data:` images for QR codes), so an injected tag cannot load or run
//! anything even if escaping were ever missed.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the headers; `Cache-Control: no-store` for pages (they hold personal data),
/// but static assets and the portal's published files (which set their own) may
/// be cached. Public pages under `/p/` send no referrer at all.
pub(crate) async fn security_headers(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let is_public = req.uri().path().starts_with("/p/");
    let mut response = next.run(req).await;
    // A published file of the portal says itself how long it may be cached.
    let keeps_cache_control = is_public && response.headers().contains_key(header::CACHE_CONTROL);
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    // The public side leaks nothing, not even which agency's page linked out.
    set(
        header::REFERRER_POLICY,
        if is_public {
            "no-referrer"
        } else {
            "same-origin"
        },
    );
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if !is_static && !keeps_cache_control {
        set(header::CACHE_CONTROL, "no-store");
    }
    if state.config.hsts {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

//! Citizens filing complaints through the public form of a running server, as
//! fast as it takes them, each receipt's tracking code kept with the moment it
//! was acknowledged; and the tracking page that finds a case by its code.
//! The load of the backup and crash tests.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::watch;

/// An HTTP client (plain HTTP only; reqwest is built without a TLS provider
/// of its own, so one is installed first).
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A tracking code and when its receipt arrived.
#[derive(Debug, Clone)]
pub(crate) struct Receipt {
    pub(crate) code: String,
    pub(crate) at: Instant,
}

/// Complaints filed with `agency` at `base` by `clients` clients at once,
/// until `stop` says so or the server stops answering; every acknowledged
/// receipt, in no particular order.
pub(crate) async fn file_complaints(
    base: &str,
    agency: &str,
    clients: usize,
    stop: watch::Receiver<bool>,
) -> Vec<Receipt> {
    let receipts = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = tokio::task::JoinSet::new();
    for client in 0..clients {
        let url = format!("{base}/p/{agency}/complaint");
        let receipts = Arc::clone(&receipts);
        let stop = stop.clone();
        tasks.spawn(async move {
            let http = http();
            let mut number = 0;
            while !*stop.borrow() {
                number += 1;
                let fields = [
                    ("subject", format!("ถนนชำรุด จุดที่ {client}-{number}")),
                    (
                        "details",
                        "ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มแล้วสองคัน".to_owned(),
                    ),
                    ("consent", "on".to_owned()),
                ];
                let sent = http
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(serde_urlencoded::to_string(fields).unwrap())
                    .send()
                    .await;
                let Ok(response) = sent else { break };
                let ok = response.status().is_success();
                let Ok(body) = response.text().await else {
                    break;
                };
                assert!(ok, "a complaint was refused: {body}");
                let code = tracking_code(&body).expect("a receipt with a tracking code");
                receipts.lock().unwrap().push(Receipt {
                    code,
                    at: Instant::now(),
                });
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    receipts.lock().unwrap().clone()
}

/// The code on a receipt page: four groups of four characters after the
/// `tracking-code` mark.
fn tracking_code(receipt: &str) -> Option<String> {
    let after = &receipt[receipt.find("tracking-code")?..];
    let text: String = after
        .split("</p>")
        .next()?
        .split('>')
        .skip(1)
        .filter_map(|part| part.split('<').next())
        .collect();
    let groups: Vec<&str> = text.split('-').collect();
    (groups.len() == 4 && groups.iter().all(|g| g.len() == 4)).then_some(text)
}

/// The HTTP status of the tracking page for `code`: 200 when the case is
/// found, 404 when not.
pub(crate) async fn track(base: &str, agency: &str, code: &str) -> u16 {
    http()
        .post(format!("{base}/p/{agency}/track"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string([("code", code)]).unwrap())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

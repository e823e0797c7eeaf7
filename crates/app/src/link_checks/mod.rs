//! Link-check runs of the OIT checklist: on demand from the checklist page and
//! on the schedule of each agency's settings, with their progress.
//!
//! A run gathers every evidence link of one agency's year (each address once,
//! with the keywords of every item that cites it), fetches them through
//! [`prongsai_linkcheck::Checker`] and stores one [`LinkCheck`] per address in a
//! single write. Only one run per agency goes at a time: two runs over the same
//! links would double the load on the agency's website and store checks that
//! race each other. The page learns how far a run is from [`LinkCheckTracker`],
//! which lives in memory only: a run interrupted by a restart simply did not
//! happen, and the stored checks stay those of the previous run.

pub(crate) mod tracker;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::{DateTime, TimeDelta, Utc};
use prongsai_core::disclosure::{DisclosureEntry, LinkCheck};
use prongsai_core::model::{Agency, AgencyId, LinkCheckId};
use prongsai_linkcheck::{CheckRequest, Checker, LinkToCheck};
use prongsai_store::{Store, StoreError};

pub use self::tracker::LinkCheckTracker;
use self::tracker::RunSlot;
use crate::context::App;
use crate::error::ServiceError;

/// What the page says when a second run is asked for while one goes on.
pub const ALREADY_RUNNING_TH: &str = "กำลังตรวจลิงก์ของหน่วยงานอยู่แล้ว กรุณารอให้การตรวจรอบนี้เสร็จก่อน";

/// Starts checking every link of `agency`'s `year` in the background; `false`
/// when a run of the agency is already going (nothing new is started).
pub fn start_link_check(app: &App, agency: &Agency, year: i32) -> bool {
    let Some(slot) = app.link_checks.begin(agency.id) else {
        return false;
    };
    let app = app.clone();
    let agency = agency.clone();
    tokio::spawn(async move {
        match check_year(&app, &agency, year, &slot).await {
            Ok(count) => tracing::info!(agency = %agency.code, year, count, "link check done"),
            Err(e) => tracing::error!(agency = %agency.code, year, error = %e, "link check failed"),
        }
        drop(slot);
    });
    true
}

/// Checks every link of `agency`'s `year` now and returns how many were
/// checked.
///
/// # Errors
/// [`ServiceError::Unprocessable`] when a run of the agency is already going;
/// a store error; [`ServiceError::Internal`] when the checker cannot be built.
pub async fn run_link_check(app: &App, agency: &Agency, year: i32) -> Result<usize, ServiceError> {
    let slot = app
        .link_checks
        .begin(agency.id)
        .ok_or_else(|| ServiceError::Unprocessable(ALREADY_RUNNING_TH.to_owned()))?;
    check_year(app, agency, year, &slot).await
}

/// For every agency whose settings ask for scheduled checks: checks the links
/// of its newest checklist year when the newest check is older than the
/// interval (or there is none). Agencies with a run going are skipped.
/// Failures are logged and the other agencies go on. Returns the links checked.
pub async fn run_scheduled_link_checks(app: &App, now: DateTime<Utc>) -> usize {
    let agencies = match app.store.list_agencies().await {
        Ok(agencies) => agencies,
        Err(e) => {
            tracing::error!(error = %e, "scheduled link checks skipped: agencies not read");
            return 0;
        }
    };
    let mut checked = 0;
    for agency in agencies {
        match scheduled_year(&app.store, agency.id, now).await {
            Ok(Some(year)) => {
                let Some(slot) = app.link_checks.begin(agency.id) else {
                    continue;
                };
                match check_year(app, &agency, year, &slot).await {
                    Ok(count) => checked += count,
                    Err(e) => {
                        tracing::warn!(agency = %agency.code, error = %e, "scheduled link check failed");
                    }
                }
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(agency = %agency.code, error = %e, "scheduled link check skipped")
            }
        }
    }
    checked
}

/// The year whose links are due for a scheduled check at `now`, if any.
async fn scheduled_year(
    store: &Store,
    agency: AgencyId,
    now: DateTime<Utc>,
) -> Result<Option<i32>, StoreError> {
    let settings = store.disclosure_settings(agency).await?;
    if settings.check_interval_hours == 0 {
        return Ok(None);
    }
    let Some(&year) = store.disclosure_years(agency).await?.first() else {
        return Ok(None);
    };
    let interval = TimeDelta::hours(i64::from(settings.check_interval_hours));
    let due = match store.last_link_check_at(agency, year).await? {
        None => true,
        Some(last) => now - last >= interval,
    };
    Ok(due.then_some(year))
}

/// Every address of the entries once, in first-cited order, with the union of
/// the keywords of the items citing it.
fn links_of(entries: &[DisclosureEntry]) -> Vec<LinkToCheck> {
    let mut links: Vec<LinkToCheck> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for entry in entries {
        for link in &entry.links {
            let index = *at.entry(link.url.clone()).or_insert_with(|| {
                links.push(LinkToCheck {
                    url: link.url.clone(),
                    keywords: Vec::new(),
                });
                links.len() - 1
            });
            let keywords = &mut links[index].keywords;
            for keyword in &entry.keywords {
                if !keywords.contains(keyword) {
                    keywords.push(keyword.clone());
                }
            }
        }
    }
    links
}

/// One run under a claimed slot: fetch, judge, store.
async fn check_year(
    app: &App,
    agency: &Agency,
    year: i32,
    slot: &RunSlot,
) -> Result<usize, ServiceError> {
    let entries = app.store.disclosure_entries(agency.id, year).await?;
    let links = links_of(&entries);
    if links.is_empty() {
        return Ok(0);
    }
    slot.progress.total.store(links.len(), Ordering::Relaxed);
    let settings = app.store.disclosure_settings(agency.id).await?;
    let website = agency.website.as_deref();
    let request = CheckRequest {
        fiscal_year: year,
        home_url: settings.home_page(website).map(str::to_owned),
        own_domains: settings.own_domains(website),
        max_clicks: settings.max_clicks,
        links,
        keep_archive: settings.keep_archive,
        thai_digits: agency.thai_digits,
        progress: Some(Arc::clone(&slot.progress.done)),
    };
    let checker = Checker::new(&app.settings.link_check)
        .map_err(|e| ServiceError::Internal(format!("link checker: {e}")))?;
    let run = checker.check(&request).await;
    if let Some(error) = &run.home_error {
        tracing::warn!(agency = %agency.code, error = %error, "home page not fetched");
    }
    let checked_at = Utc::now();
    let mut checks = Vec::with_capacity(run.links.len());
    let mut archives = Vec::new();
    for link in run.links {
        let id = LinkCheckId::new();
        let archived = settings.keep_archive && link.body.is_some();
        if archived && let Some(body) = link.body {
            archives.push((id, body));
        }
        checks.push(LinkCheck {
            id,
            agency_id: agency.id,
            fiscal_year: year,
            url: link.url,
            checked_at,
            facts: link.facts,
            verdict: link.verdict,
            detail_th: link.detail_th,
            archived,
        });
    }
    app.store.save_link_checks(&checks, &archives).await?;
    Ok(checks.len())
}

#[cfg(test)]
mod tests {
    use prongsai_core::disclosure::EvidenceLink;

    use super::*;

    fn entry(code: &str, urls: &[&str], keywords: &[&str]) -> DisclosureEntry {
        DisclosureEntry {
            links: urls
                .iter()
                .map(|u| EvidenceLink {
                    url: (*u).to_owned(),
                    note: String::new(),
                })
                .collect(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            ..DisclosureEntry::empty(AgencyId::new(), 2568, code)
        }
    }

    #[test]
    fn each_address_is_checked_once_with_every_citing_items_keywords() {
        let entries = vec![
            entry(
                "O1",
                &["https://a.go.th/1", "https://a.go.th/2"],
                &["โครงสร้าง"],
            ),
            entry("O2", &["https://a.go.th/2"], &["ผู้บริหาร", "โครงสร้าง"]),
        ];
        let links = links_of(&entries);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].url, "https://a.go.th/1");
        assert_eq!(links[0].keywords, ["โครงสร้าง"]);
        assert_eq!(links[1].keywords, ["โครงสร้าง", "ผู้บริหาร"]);
    }
}

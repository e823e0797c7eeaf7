//! How many complaints and reports one client may file with one agency in a
//! window: enough for any citizen, too few for a script that floods an
//! agency's case list (and its handlers' mailboxes).
//!
//! Counted per client address (through the trusted-proxy setting, so a proxy
//! in front does not make every citizen one client) and agency, only for
//! filings that were accepted: a form refused for a typing mistake costs the
//! citizen nothing, and the same form sent twice (its one-time token) files
//! one case. A client the server cannot name (in-process tests only) is not
//! counted. In memory: a restart forgets, which costs a flood one window.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use prongsai_core::model::AgencyId;

use crate::client_addr::ClientAddr;

/// Filings per client and agency in the last window.
#[derive(Debug)]
pub(crate) struct FilingLimit {
    /// At most this many per window; 0: no limit.
    per_client: usize,
    window: Duration,
    filed: Mutex<HashMap<(IpAddr, AgencyId), VecDeque<Instant>>>,
}

impl FilingLimit {
    pub(crate) fn new(per_client: u32, window: Duration) -> Self {
        Self {
            per_client: usize::try_from(per_client).unwrap_or(usize::MAX),
            window,
            filed: Mutex::new(HashMap::new()),
        }
    }

    /// How long `client` must wait before filing with `agency` again (zero:
    /// it may file now).
    pub(crate) fn wait(&self, client: ClientAddr, agency: AgencyId, now: Instant) -> Duration {
        let Some(ip) = client.0.filter(|_| self.per_client > 0) else {
            return Duration::ZERO;
        };
        let mut filed = self
            .filed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(times) = filed.get_mut(&(ip, agency)) else {
            return Duration::ZERO;
        };
        self.forget_old(times, now);
        match times.front() {
            Some(&oldest) if times.len() >= self.per_client => {
                (oldest + self.window).saturating_duration_since(now)
            }
            _ => Duration::ZERO,
        }
    }

    /// Counts one accepted filing.
    pub(crate) fn record(&self, client: ClientAddr, agency: AgencyId, now: Instant) {
        let Some(ip) = client.0.filter(|_| self.per_client > 0) else {
            return;
        };
        let mut filed = self
            .filed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if filed.len() > 10_000 {
            filed.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|&t| now.duration_since(t) < self.window)
            });
        }
        let times = filed.entry((ip, agency)).or_default();
        self.forget_old(times, now);
        times.push_back(now);
    }

    fn forget_old(&self, times: &mut VecDeque<Instant>, now: Instant) {
        while times
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.window)
        {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(ip: &str) -> ClientAddr {
        ClientAddr(Some(ip.parse().expect("an address")))
    }

    #[test]
    fn a_client_waits_after_its_filings_and_no_one_else_does() {
        let limit = FilingLimit::new(2, Duration::from_secs(600));
        let (agency, other_agency) = (AgencyId::new(), AgencyId::new());
        let start = Instant::now();
        let flood = client("203.0.113.9");
        for _ in 0..2 {
            assert_eq!(limit.wait(flood, agency, start), Duration::ZERO);
            limit.record(flood, agency, start);
        }
        let later = start + Duration::from_secs(60);
        assert_eq!(limit.wait(flood, agency, later), Duration::from_secs(540));
        assert_eq!(limit.wait(flood, other_agency, later), Duration::ZERO);
        assert_eq!(
            limit.wait(client("203.0.113.10"), agency, later),
            Duration::ZERO
        );
        assert_eq!(limit.wait(ClientAddr(None), agency, later), Duration::ZERO);
        let window_later = start + Duration::from_secs(600);
        assert_eq!(limit.wait(flood, agency, window_later), Duration::ZERO);
        let off = FilingLimit::new(0, Duration::from_secs(600));
        off.record(flood, agency, start);
        off.record(flood, agency, start);
        assert_eq!(off.wait(flood, agency, start), Duration::ZERO);
    }
}

//! Throttles on guessing: passwords at the login page, tracking codes on the
//! public tracking page.
//!
//! A hard lock after a few failures lets anyone lock anyone out: five wrong
//! passwords for `admin.<code>` from anywhere would shut the administrator out,
//! and five made-up names from an office's one address would shut out the whole
//! office. So nothing here refuses a person for what others did:
//! - Failures are counted under keys. Once a key has more than its free
//!   failures, the next attempt under it must wait, and the wait doubles with
//!   each further failure, up to a limit ([`Backoff`]).
//! - Logins: the key that refuses is the pair of account and client address,
//!   so only the address that keeps guessing waits; the right password from any
//!   other address is checked at once. The account alone and the address alone
//!   only slow each attempt down (a pause before the password is checked, at
//!   most [`LONGEST_PAUSE`]), so spraying passwords over many addresses or many
//!   accounts costs time, and a user behind the same address still gets in.
//! - Tracking codes: refused per client address and per code prefix (the
//!   first characters typed), never for everyone at once.
//!
//! The client address is the one `crate::client_addr` trusts. Counts are kept in
//! memory: a restart forgets them, which costs an attacker a restart each time
//! and costs the store nothing; their number is bounded ([`MAX_KEYS`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::client_addr::ClientAddr;

/// The longest pause before a login attempt is checked.
pub(crate) const LONGEST_PAUSE: Duration = Duration::from_secs(2);
/// The first pause, once an account or address has used its free failures.
const FIRST_PAUSE: Duration = Duration::from_millis(100);
/// The first wait, once a pair or tracking key has used its free failures.
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// Keys kept at most; above it, keys still within their free failures are
/// forgotten first (a flood of made-up names cannot grow memory without bound).
const MAX_KEYS: usize = 100_000;
/// Characters of a tracking code that make its prefix key.
const CODE_PREFIX: usize = 4;

/// How long an attempt waits after `failures`: nothing within the free
/// failures, then `first`, doubling with each failure, at most `longest`.
#[derive(Debug, Clone, Copy)]
struct Backoff {
    free: u32,
    first: Duration,
    longest: Duration,
}

impl Backoff {
    /// The waits of a refusing key: from [`FIRST_WAIT`] up to `window`.
    fn waits(free: u32, window: Duration) -> Self {
        Self {
            free,
            first: FIRST_WAIT,
            longest: window,
        }
    }

    fn after(self, failures: u32) -> Duration {
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).min(30);
        self.first.saturating_mul(1 << doublings).min(self.longest)
    }
}

/// Failures per key: how many, and when the last one was. A key is forgotten
/// `window` after its last failure.
#[derive(Debug)]
struct FailureCounts {
    window: Duration,
    free: u32,
    counts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl FailureCounts {
    fn new(free: u32, window: Duration) -> Self {
        Self {
            window,
            free,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Failures under `key` still remembered at `now`, and the last one's time.
    fn get(&self, key: &str, now: Instant) -> Option<(u32, Instant)> {
        let counts = self.counts.lock().expect("throttle lock");
        counts
            .get(key)
            .copied()
            .filter(|(_, last)| now.duration_since(*last) < self.window)
    }

    fn record(&self, keys: &[String], now: Instant) {
        let mut counts = self.counts.lock().expect("throttle lock");
        for key in keys {
            let entry = counts.entry(key.clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= self.window {
                entry.0 = 0;
            }
            *entry = (entry.0.saturating_add(1), now);
        }
        if counts.len() > MAX_KEYS {
            counts.retain(|_, (count, last)| {
                now.duration_since(*last) < self.window && *count >= self.free
            });
            if counts.len() > MAX_KEYS {
                counts.clear();
            }
        }
    }

    fn clear(&self, keys: &[String]) {
        let mut counts = self.counts.lock().expect("throttle lock");
        for key in keys {
            counts.remove(key);
        }
    }

    /// How much of `backoff`'s wait after the failures under `key` is left.
    fn wait_left(&self, key: &str, backoff: Backoff, now: Instant) -> Duration {
        self.get(key, now).map_or(Duration::ZERO, |(count, last)| {
            backoff
                .after(count)
                .saturating_sub(now.duration_since(last))
        })
    }

    fn pause(&self, key: &str, backoff: Backoff, now: Instant) -> Duration {
        self.get(key, now)
            .map_or(Duration::ZERO, |(count, _)| backoff.after(count))
    }
}

/// What a login attempt may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginCheck {
    /// Refused without looking at the password: this address has guessed at
    /// this account too often; it may try again after this long.
    Wait(Duration),
    /// Checked, after this pause.
    Check { pause: Duration },
}

/// The login throttle (see the module comment).
#[derive(Debug)]
pub(crate) struct LoginThrottle {
    failures: FailureCounts,
    wait: Backoff,
    pause: Backoff,
}

impl LoginThrottle {
    /// `free` failures per key before waits and pauses start; failures are
    /// remembered for `window`, which is also the longest wait.
    pub(crate) fn new(free: u32, window: Duration) -> Self {
        Self {
            failures: FailureCounts::new(free, window),
            wait: Backoff::waits(free, window),
            pause: Backoff {
                free,
                first: FIRST_PAUSE,
                longest: LONGEST_PAUSE,
            },
        }
    }

    pub(crate) fn check(&self, account: &str, client: ClientAddr, now: Instant) -> LoginCheck {
        let [pair, account, address] = login_keys(account, client);
        let wait = self.failures.wait_left(&pair, self.wait, now);
        if !wait.is_zero() {
            return LoginCheck::Wait(wait);
        }
        let pause = self
            .failures
            .pause(&account, self.pause, now)
            .max(self.failures.pause(&address, self.pause, now));
        LoginCheck::Check { pause }
    }

    pub(crate) fn record_failure(&self, account: &str, client: ClientAddr, now: Instant) {
        self.failures.record(&login_keys(account, client), now);
    }

    /// After the right password: the account and this pair start afresh (the
    /// address keeps its count: it may be guessing at other accounts).
    pub(crate) fn record_success(&self, account: &str, client: ClientAddr) {
        let [pair, account, _] = login_keys(account, client);
        self.failures.clear(&[pair, account]);
    }
}

fn login_keys(account: &str, client: ClientAddr) -> [String; 3] {
    let address = client.key();
    [
        format!("pair:{account}|{address}"),
        format!("account:{account}"),
        format!("address:{address}"),
    ]
}

/// The tracking-code throttle (see the module comment).
#[derive(Debug)]
pub(crate) struct TrackingThrottle {
    failures: FailureCounts,
    wait: Backoff,
}

impl TrackingThrottle {
    /// `free` wrong codes per address and per prefix before waits start;
    /// failures are remembered for `window`, which is also the longest wait.
    pub(crate) fn new(free: u32, window: Duration) -> Self {
        Self {
            failures: FailureCounts::new(free, window),
            wait: Backoff::waits(free, window),
        }
    }

    /// How long this client must wait before a lookup of `typed`; zero when
    /// it may look now.
    pub(crate) fn wait(&self, client: ClientAddr, typed: &str, now: Instant) -> Duration {
        tracking_keys(client, typed)
            .iter()
            .map(|key| self.failures.wait_left(key, self.wait, now))
            .max()
            .unwrap_or(Duration::ZERO)
    }

    pub(crate) fn record_failure(&self, client: ClientAddr, typed: &str, now: Instant) {
        self.failures.record(&tracking_keys(client, typed), now);
    }
}

fn tracking_keys(client: ClientAddr, typed: &str) -> [String; 2] {
    let prefix: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(CODE_PREFIX)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    [
        format!("address:{}", client.key()),
        format!("prefix:{prefix}"),
    ]
}

/// A wait in Thai words for a message: seconds under two minutes, else minutes.
pub(crate) fn thai_wait(wait: Duration) -> String {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    if seconds < 120 {
        format!("{seconds} วินาที")
    } else {
        format!("{} นาที", seconds.div_ceil(60))
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;

    fn client(text: &str) -> ClientAddr {
        ClientAddr(Some(text.parse::<IpAddr>().unwrap()))
    }

    #[test]
    fn waits_double_after_the_free_failures_up_to_the_window() {
        let backoff = Backoff {
            free: 3,
            first: Duration::from_secs(1),
            longest: Duration::from_secs(60),
        };
        let waits: Vec<u64> = (0..10).map(|n| backoff.after(n).as_secs()).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16, 32, 60]);
        assert_eq!(backoff.after(u32::MAX), Duration::from_secs(60));
    }

    #[test]
    fn only_the_guessing_address_waits_for_an_account() {
        let throttle = LoginThrottle::new(3, Duration::from_secs(900));
        let now = Instant::now();
        let (attacker, user) = (client("203.0.113.9"), client("198.51.100.7"));
        for _ in 0..10 {
            throttle.record_failure("admin.c1", attacker, now);
        }
        assert!(
            matches!(throttle.check("admin.c1", attacker, now), LoginCheck::Wait(w) if w > Duration::from_secs(60))
        );
        // The account's owner, elsewhere: checked, after at most a short pause.
        let LoginCheck::Check { pause } = throttle.check("admin.c1", user, now) else {
            panic!("the owner was refused");
        };
        assert!(pause > Duration::ZERO && pause <= LONGEST_PAUSE);
        throttle.record_success("admin.c1", user);
        assert_eq!(
            throttle.check("admin.c1", user, now),
            LoginCheck::Check {
                pause: Duration::ZERO
            }
        );
        // The attacker's pair still waits.
        assert!(matches!(
            throttle.check("admin.c1", attacker, now),
            LoginCheck::Wait(_)
        ));
    }

    #[test]
    fn made_up_names_from_an_address_never_refuse_its_other_users() {
        let throttle = LoginThrottle::new(3, Duration::from_secs(900));
        let now = Instant::now();
        let office = client("192.0.2.10");
        for n in 0..1_000 {
            throttle.record_failure(&format!("nobody{n}"), office, now);
        }
        assert_eq!(
            throttle.check("staff.c1", office, now),
            LoginCheck::Check {
                pause: LONGEST_PAUSE
            }
        );
    }

    #[test]
    fn a_wait_runs_out_and_a_window_forgets() {
        let throttle = LoginThrottle::new(1, Duration::from_secs(600));
        let start = Instant::now();
        let who = client("203.0.113.9");
        throttle.record_failure("a", who, start);
        throttle.record_failure("a", who, start);
        assert_eq!(
            throttle.check("a", who, start),
            LoginCheck::Wait(Duration::from_secs(2))
        );
        let later = start + Duration::from_secs(2);
        assert!(matches!(
            throttle.check("a", who, later),
            LoginCheck::Check { .. }
        ));
        let much_later = start + Duration::from_secs(601);
        assert_eq!(
            throttle.check("a", who, much_later),
            LoginCheck::Check {
                pause: Duration::ZERO
            }
        );
    }

    #[test]
    fn tracking_waits_per_address_and_per_prefix_only() {
        let throttle = TrackingThrottle::new(2, Duration::from_secs(900));
        let now = Instant::now();
        for _ in 0..3 {
            throttle.record_failure(client("203.0.113.9"), "ABCD-EFGH-JKMN", now);
        }
        assert!(
            !throttle
                .wait(client("203.0.113.9"), "XYZW-0000-0000", now)
                .is_zero()
        );
        assert!(
            !throttle
                .wait(client("198.51.100.7"), "abcd efgh", now)
                .is_zero()
        );
        assert!(
            throttle
                .wait(client("198.51.100.7"), "QRST-EFGH-JKMN", now)
                .is_zero()
        );
    }

    #[test]
    fn waits_read_in_thai() {
        assert_eq!(thai_wait(Duration::from_millis(1_500)), "2 วินาที");
        assert_eq!(thai_wait(Duration::from_secs(119)), "119 วินาที");
        assert_eq!(thai_wait(Duration::from_secs(900)), "15 นาที");
    }
}

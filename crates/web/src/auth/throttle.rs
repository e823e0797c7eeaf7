//! Login throttling: after a few failures within a window, a user name (or a
//! client address) must wait. Kept in memory: a restart forgets the counts, which
//! costs an attacker a restart each time, and costs the store nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failure counts per key ("user:<name>" or "ip:<addr>").
#[derive(Debug)]
pub(crate) struct LoginThrottle {
    limit: u32,
    window: Duration,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    pub(crate) fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Whether any of `keys` has used up its attempts in the current window.
    pub(crate) fn is_blocked(&self, keys: &[String], now: Instant) -> bool {
        let mut map = self.failures.lock().expect("throttle lock");
        map.retain(|_, (_, start)| now.duration_since(*start) < self.window);
        keys.iter()
            .any(|k| map.get(k).is_some_and(|(count, _)| *count >= self.limit))
    }

    /// Counts one failed attempt for each key.
    pub(crate) fn record_failure(&self, keys: &[String], now: Instant) {
        let mut map = self.failures.lock().expect("throttle lock");
        for key in keys {
            let entry = map.entry(key.clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= self.window {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// Forgets the failures of a user name after a successful login.
    pub(crate) fn clear(&self, key: &str) {
        self.failures.lock().expect("throttle lock").remove(key);
    }

    /// The window, in whole minutes, for the Thai message.
    pub(crate) fn window_minutes(&self) -> u64 {
        self.window.as_secs().div_ceil(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_limit_and_recovers_after_window() {
        let t = LoginThrottle::new(3, Duration::from_secs(60));
        let keys = vec!["user:a".to_owned()];
        let start = Instant::now();
        for _ in 0..3 {
            assert!(!t.is_blocked(&keys, start));
            t.record_failure(&keys, start);
        }
        assert!(t.is_blocked(&keys, start));
        assert!(!t.is_blocked(&["user:b".to_owned()], start));
        assert!(!t.is_blocked(&keys, start + Duration::from_secs(61)));
    }

    #[test]
    fn success_clears() {
        let t = LoginThrottle::new(1, Duration::from_secs(60));
        let keys = vec!["user:a".to_owned()];
        let now = Instant::now();
        t.record_failure(&keys, now);
        assert!(t.is_blocked(&keys, now));
        t.clear("user:a");
        assert!(!t.is_blocked(&keys, now));
    }
}

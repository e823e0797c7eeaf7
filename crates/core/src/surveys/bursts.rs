//! A survey's unusual bursts of answers: a day with far more answers than the
//! survey's other days (someone answering again and again from fresh
//! browsers, or a staff meeting told to "fill it in now"). Such a day's answers
//! stay stored and counted in the progress, but the score predictions leave
//! them out until an administrator, who knows whether the day was a real
//! meeting or a campaign, accepts it. The store keeps only the day of an
//! answer, so a day is the finest grain there is.

use chrono::NaiveDate;

/// A day with fewer answers than this is never a burst.
pub const BURST_MIN_ANSWERS: u64 = 30;
/// A burst has at least this many times the answers of the survey's typical
/// day (the median of its other days with answers).
pub const BURST_FACTOR: u64 = 5;

/// The days of `progress` (answers per day) that are bursts and not in
/// `accepted`, with their answers.
#[must_use]
pub fn held_days(progress: &[(NaiveDate, u64)], accepted: &[NaiveDate]) -> Vec<(NaiveDate, u64)> {
    progress
        .iter()
        .filter(|(day, count)| {
            let mut others: Vec<u64> = progress
                .iter()
                .filter(|(other, _)| other != day)
                .map(|(_, c)| *c)
                .collect();
            others.sort_unstable();
            let typical = others.get(others.len() / 2).copied().unwrap_or(0);
            *count >= BURST_MIN_ANSWERS && *count >= BURST_FACTOR * typical
        })
        .filter(|(day, _)| !accepted.contains(day))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).expect("a date")
    }

    #[test]
    fn a_day_far_above_the_others_is_held_until_accepted() {
        let progress = [(day(1), 8), (day(2), 6), (day(3), 45), (day(4), 7)];
        assert_eq!(held_days(&progress, &[]), [(day(3), 45)]);
        assert!(held_days(&progress, &[day(3)]).is_empty());
    }

    #[test]
    fn busy_but_ordinary_days_and_small_surveys_are_not_held() {
        let steady = [(day(1), 40), (day(2), 35), (day(3), 50)];
        assert!(held_days(&steady, &[]).is_empty(), "every day is busy");
        let small = [(day(1), 1), (day(2), 20)];
        assert!(held_days(&small, &[]).is_empty(), "under the minimum");
    }
}

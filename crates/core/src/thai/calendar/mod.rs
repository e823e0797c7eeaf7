//! The Thai solar calendar as official documents write it.
//!
//! Thai government documents date everything in the Buddhist era (พ.ศ.), which is
//! the Gregorian year plus 543 with the year starting on 1 January, so the days and
//! months are the Gregorian ones and only the year number changes. Dates are stored
//! as [`chrono::NaiveDate`] (plain Gregorian) and converted only at the edges: when
//! printed here, and when read back by [`parse_thai_date`].
//!
//! # Why not ICU4X here
//!
//! ICU4X's `icu_calendar` has a Buddhist calendar and the Thai numbering system is in
//! CLDR, and both were evaluated for this module. They are not used in production
//! code because what Prongsai needs is not what CLDR describes:
//!
//! - the year conversion is a fixed offset of 543 on a Gregorian date we already
//!   hold in chrono, so a calendar engine would add a dependency tree and a second
//!   date type for one addition;
//! - the short form of tables (๒๒ พ.ย. ๖๙: official month abbreviation and the
//!   last two digits of the Buddhist year) is a convention of Thai official
//!   documents rather than one of CLDR's standard Thai patterns, and the month names
//!   and abbreviations must stay exactly as agencies print them, whatever a later
//!   CLDR release decides; formatting dates with ICU4X would also mean shipping its
//!   locale data;
//! - digits must switch per document and must never touch links (see
//!   [`digits`](super::digits)), which a locale-wide numbering system cannot express.
//!
//! ICU4X's Buddhist calendar is still used, as a dev-dependency, as an independent
//! oracle: a property test checks the era conversion and formatting of this module
//! against it over some nine thousand years of dates.

mod parse;

use chrono::{Datelike, NaiveDate};

pub use parse::{DateParseError, parse_thai_date};

use super::digits::localise_composed;

/// How many years the Buddhist era is ahead of the common era.
pub const BE_OFFSET: i32 = 543;

/// Full month names, January first: มกราคม … ธันวาคม.
pub const MONTHS_FULL: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Official month abbreviations, January first: ม.ค. … ธ.ค.
pub const MONTHS_ABBR: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// Thailand's offset from UTC: seven hours, no daylight saving.
pub const THAILAND_UTC_OFFSET_SECONDS: i32 = 7 * 3600;

/// Thailand's time zone as a fixed offset.
#[must_use]
pub fn thailand_offset() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(THAILAND_UTC_OFFSET_SECONDS)
        .expect("seven hours is a valid offset")
}

/// A moment as the clock in Thailand shows it, whatever zone the server is in.
#[must_use]
pub fn in_thailand(at: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    at.with_timezone(&thailand_offset())
}

/// Today's date in Thailand, which decides fiscal years, rounds and the dates
/// printed on documents wherever the server runs.
#[must_use]
pub fn today_in_thailand() -> NaiveDate {
    in_thailand(chrono::Utc::now()).date_naive()
}

/// The Buddhist-era year of a common-era year: `be_year(2026)` is 2569.
#[must_use]
pub const fn be_year(ce: i32) -> i32 {
    ce + BE_OFFSET
}

/// The common-era year of a Buddhist-era year: `ce_year(2569)` is 2026.
#[must_use]
pub const fn ce_year(be: i32) -> i32 {
    be - BE_OFFSET
}

/// The full name of the month of a date.
#[must_use]
pub fn month_full(date: NaiveDate) -> &'static str {
    MONTHS_FULL[date.month0() as usize]
}

/// The official abbreviation of the month of a date.
#[must_use]
pub fn month_abbr(date: NaiveDate) -> &'static str {
    MONTHS_ABBR[date.month0() as usize]
}

/// The long form used in the body and the date line of documents:
/// "๒๒ พฤศจิกายน ๒๕๖๙", or "22 พฤศจิกายน 2569" with Arabic digits.
#[must_use]
pub fn format_date_long(date: NaiveDate, thai_digits: bool) -> String {
    let text = format!(
        "{} {} {}",
        date.day(),
        month_full(date),
        be_year(date.year())
    );
    localise_composed(text, thai_digits)
}

/// The short form used in tables: "๒๒ พ.ย. ๖๙", the last two digits of the
/// Buddhist year.
#[must_use]
pub fn format_date_short(date: NaiveDate, thai_digits: bool) -> String {
    let text = format!(
        "{} {} {:02}",
        date.day(),
        month_abbr(date),
        be_year(date.year()).rem_euclid(100)
    );
    localise_composed(text, thai_digits)
}

/// The month and Buddhist year: "พฤศจิกายน ๒๕๖๙".
#[must_use]
pub fn format_month_year(date: NaiveDate, thai_digits: bool) -> String {
    let text = format!("{} {}", month_full(date), be_year(date.year()));
    localise_composed(text, thai_digits)
}

/// The numeric form used in forms and tables: "22/11/2569", day and month without
/// leading zeros. [`parse_thai_date`] reads it back.
#[must_use]
pub fn format_date_numeric(date: NaiveDate, thai_digits: bool) -> String {
    let text = format!("{}/{}/{}", date.day(), date.month(), be_year(date.year()));
    localise_composed(text, thai_digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use icu_calendar::cal::Buddhist;
    use icu_calendar::types::RataDie;
    use icu_calendar::{Date, Iso};
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn converts_years_between_eras() {
        assert_eq!(be_year(2026), 2569);
        assert_eq!(be_year(2024), 2567);
        assert_eq!(be_year(1957), 2500);
        assert_eq!(be_year(-543), 0);
        assert_eq!(ce_year(2569), 2026);
        assert_eq!(ce_year(2568), 2025);
    }

    #[test]
    fn month_tables_are_complete_and_distinct() {
        assert_eq!(MONTHS_FULL[0], "มกราคม");
        assert_eq!(MONTHS_FULL[10], "พฤศจิกายน");
        assert_eq!(MONTHS_FULL[11], "ธันวาคม");
        assert_eq!(MONTHS_ABBR[0], "ม.ค.");
        assert_eq!(MONTHS_ABBR[9], "ต.ค.");
        assert_eq!(MONTHS_ABBR[10], "พ.ย.");
        for table in [MONTHS_FULL, MONTHS_ABBR] {
            let mut sorted = table.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), 12);
        }
    }

    #[test]
    fn formats_known_dates() {
        let d = date(2026, 11, 22);
        assert_eq!(format_date_long(d, true), "๒๒ พฤศจิกายน ๒๕๖๙");
        assert_eq!(format_date_long(d, false), "22 พฤศจิกายน 2569");
        assert_eq!(format_date_short(d, true), "๒๒ พ.ย. ๖๙");
        assert_eq!(format_date_short(d, false), "22 พ.ย. 69");
        assert_eq!(format_month_year(d, true), "พฤศจิกายน ๒๕๖๙");
        assert_eq!(format_month_year(d, false), "พฤศจิกายน 2569");
        assert_eq!(format_date_numeric(d, false), "22/11/2569");
        assert_eq!(format_date_numeric(d, true), "๒๒/๑๑/๒๕๖๙");

        assert_eq!(format_date_long(date(2024, 10, 1), false), "1 ตุลาคม 2567");
        assert_eq!(format_date_long(date(2025, 9, 30), true), "๓๐ กันยายน ๒๕๖๘");
        assert_eq!(
            format_date_long(date(2024, 2, 29), false),
            "29 กุมภาพันธ์ 2567"
        );
        assert_eq!(format_date_short(date(2025, 1, 5), false), "5 ม.ค. 68");
        assert_eq!(format_date_short(date(2043, 12, 31), true), "๓๑ ธ.ค. ๘๖");
        assert_eq!(format_date_short(date(2057, 6, 1), false), "1 มิ.ย. 00");
        assert_eq!(format_month_year(date(2025, 3, 31), false), "มีนาคม 2568");
        assert_eq!(format_date_numeric(date(2022, 5, 3), false), "3/5/2565");
    }

    /// Checks one day against ICU4X, which derives the Buddhist date from a day count
    /// by its own algorithms and so shares no code or data with this module.
    fn check_against_icu(day_number: i32) -> Result<(), TestCaseError> {
        let ours = NaiveDate::from_num_days_from_ce_opt(day_number).unwrap();
        let theirs = Date::from_rata_die(RataDie::new(i64::from(day_number)), Buddhist);
        let era_year = theirs.era_year();
        prop_assert_eq!(era_year.era.as_str(), "be");
        prop_assert_eq!(be_year(ours.year()), era_year.year);
        prop_assert_eq!(ce_year(era_year.year), ours.year());
        prop_assert_eq!(ours.month(), u32::from(theirs.month().ordinal));
        prop_assert_eq!(ours.day(), u32::from(theirs.day_of_month().0));
        let expected = format!(
            "{} {} {}",
            theirs.day_of_month().0,
            MONTHS_FULL[usize::from(theirs.month().ordinal) - 1],
            era_year.year
        );
        prop_assert_eq!(format_date_long(ours, false), expected);
        let iso = theirs.to_calendar(Iso);
        prop_assert_eq!(iso.year().extended_year(), ours.year());
        Ok(())
    }

    #[test]
    fn agrees_with_icu_around_known_boundaries() {
        for d in [
            date(2024, 12, 31),
            date(2025, 1, 1),
            date(2024, 2, 29),
            date(2000, 2, 29),
            date(1900, 3, 1),
            date(1941, 1, 1),
            date(1, 1, 1),
            date(-543, 1, 1),
        ] {
            check_against_icu(d.num_days_from_ce()).unwrap();
        }
    }

    proptest! {
        /// From 1000 BCE to CE 9000.
        #[test]
        fn agrees_with_icu_buddhist_calendar(day_number in -365_000i32..3_287_000) {
            check_against_icu(day_number)?;
        }
    }
}

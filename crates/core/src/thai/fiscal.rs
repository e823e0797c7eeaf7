//! The Thai government fiscal year, its quarters and the ITA reporting rounds.
//!
//! Everything an agency plans and reports for the ITA is tied to the fiscal year
//! (ปีงบประมาณ), which runs from 1 October to 30 September and is named by the
//! Buddhist year in which it ends: ปีงบประมาณ พ.ศ. 2568 is 1 October 2567 to
//! 30 September 2568. That naming is the classic off-by-one trap: a date in
//! November 2567 belongs to fiscal year 2568. Measures are scheduled by quarter
//! (ไตรมาส, Q1 being October to December), and results are reported twice a year,
//! after six months (October to March) and after twelve. These types make the
//! trap impossible to fall into and give every screen and document the same labels.
//!
//! Labels use Arabic digits; callers pass them through
//! [`digits_for`](super::digits::digits_for) for documents that use Thai digits.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{MONTHS_ABBR, be_year, ce_year, month_abbr};

/// The month (October) in which a fiscal year starts.
const FIRST_MONTH: u32 = 10;

/// A fiscal year, named by its Buddhist-era year: `FiscalYear::new(2568)` runs from
/// 1 October 2024 to 30 September 2025.
///
/// It serialises as the plain Buddhist year, `2568`; deserialising refuses years
/// outside [`FiscalYear::MIN_BE`]`..=`[`FiscalYear::MAX_BE`], which catches a
/// Gregorian year sent by mistake. `Display` prints the bare year, `2568`; use
/// [`label_th`](Self::label_th) for the full label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

/// A number that cannot be a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "ปีงบประมาณ {0} อยู่นอกช่วงที่รองรับ กรุณาใช้ปี พ.ศ. ระหว่าง {min} ถึง {max}",
    min = FiscalYear::MIN_BE,
    max = FiscalYear::MAX_BE
)]
pub struct FiscalYearOutOfRange(pub i32);

impl FiscalYear {
    /// The lowest Buddhist year accepted from outside (forms, JSON).
    pub const MIN_BE: i32 = 2400;
    /// The highest Buddhist year accepted from outside (forms, JSON).
    pub const MAX_BE: i32 = 9999;

    /// The fiscal year named by the Buddhist year `be`. No range check: this is for
    /// years the program itself computes; input goes through `TryFrom<i32>`.
    #[must_use]
    pub const fn new(be: i32) -> Self {
        Self(be)
    }

    /// The Buddhist year that names this fiscal year.
    #[must_use]
    pub const fn be(self) -> i32 {
        self.0
    }

    /// The fiscal year a date falls in: from October on, the next year's.
    #[must_use]
    pub fn containing(date: NaiveDate) -> Self {
        let ce = if date.month() >= FIRST_MONTH {
            date.year() + 1
        } else {
            date.year()
        };
        Self(be_year(ce))
    }

    /// The fiscal year after this one.
    #[must_use]
    pub const fn next(self) -> Self {
        Self(self.0 + 1)
    }

    /// The fiscal year before this one.
    #[must_use]
    pub const fn previous(self) -> Self {
        Self(self.0 - 1)
    }

    /// 1 October of the previous Gregorian year.
    ///
    /// # Panics
    ///
    /// For years chrono cannot represent (beyond about 262,000), which
    /// deserialisation and [`containing`](Self::containing) never produce.
    #[must_use]
    pub fn start(self) -> NaiveDate {
        ymd(ce_year(self.0) - 1, FIRST_MONTH, 1)
    }

    /// 30 September of the fiscal year's own Gregorian year.
    ///
    /// # Panics
    ///
    /// As [`start`](Self::start).
    #[must_use]
    pub fn end(self) -> NaiveDate {
        ymd(ce_year(self.0), 9, 30)
    }

    /// Whether a date falls within this fiscal year.
    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        Self::containing(date) == self
    }

    /// "ปีงบประมาณ พ.ศ. 2568".
    #[must_use]
    pub fn label_th(self) -> String {
        format!("ปีงบประมาณ พ.ศ. {}", self.0)
    }

    /// First and last day (inclusive) of a quarter of this fiscal year.
    #[must_use]
    pub fn quarter_range(self, quarter: Quarter) -> (NaiveDate, NaiveDate) {
        let first = add_months(self.start(), quarter.index() * 3);
        (first, last_day_of_month(add_months(first, 2)))
    }

    /// The months of a quarter with their Buddhist year: "ต.ค. – ธ.ค. 2567" for Q1 of
    /// fiscal year 2568. All three months of a quarter share one year.
    #[must_use]
    pub fn quarter_months_label_th(self, quarter: Quarter) -> String {
        let (first, _) = self.quarter_range(quarter);
        format!("{} {}", quarter.months_label_th(), be_year(first.year()))
    }

    /// First and last day (inclusive) covered by a reporting round of this fiscal
    /// year: 1 October – 31 March for the half year, the whole year for the full one.
    #[must_use]
    pub fn round_range(self, round: ReportingRound) -> (NaiveDate, NaiveDate) {
        let last_quarter = match round {
            ReportingRound::HalfYear => Quarter::Q2,
            ReportingRound::FullYear => Quarter::Q4,
        };
        (self.start(), self.quarter_range(last_quarter).1)
    }

    /// The period a round covers, in parentheses as it follows the round's name:
    /// "(ต.ค. 2567 – มี.ค. 2568)".
    #[must_use]
    pub fn round_period_label_th(self, round: ReportingRound) -> String {
        let (first, last) = self.round_range(round);
        format!("({} – {})", month_abbr_year(first), month_abbr_year(last))
    }

    /// The heading of a round's report: "รอบ 6 เดือน (ต.ค. 2567 – มี.ค. 2568)".
    #[must_use]
    pub fn round_heading_th(self, round: ReportingRound) -> String {
        format!("{} {}", round.label_th(), self.round_period_label_th(round))
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = FiscalYearOutOfRange;

    fn try_from(be: i32) -> Result<Self, Self::Error> {
        if (Self::MIN_BE..=Self::MAX_BE).contains(&be) {
            Ok(Self(be))
        } else {
            Err(FiscalYearOutOfRange(be))
        }
    }
}

impl From<FiscalYear> for i32 {
    fn from(year: FiscalYear) -> Self {
        year.0
    }
}

/// A quarter of the fiscal year. Q1 is October–December, Q2 January–March,
/// Q3 April–June and Q4 July–September. Serialised as `"q1"` … `"q4"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quarter {
    /// ไตรมาสที่ 1: October–December.
    Q1,
    /// ไตรมาสที่ 2: January–March.
    Q2,
    /// ไตรมาสที่ 3: April–June.
    Q3,
    /// ไตรมาสที่ 4: July–September.
    Q4,
}

impl Quarter {
    /// The four quarters in fiscal order.
    pub const ALL: [Self; 4] = [Self::Q1, Self::Q2, Self::Q3, Self::Q4];

    /// The quarter a date falls in (of the fiscal year [`FiscalYear::containing`] it).
    #[must_use]
    pub fn of(date: NaiveDate) -> Self {
        match date.month() {
            10..=12 => Self::Q1,
            1..=3 => Self::Q2,
            4..=6 => Self::Q3,
            _ => Self::Q4,
        }
    }

    /// 1 to 4.
    #[must_use]
    pub const fn number(self) -> u8 {
        match self {
            Self::Q1 => 1,
            Self::Q2 => 2,
            Self::Q3 => 3,
            Self::Q4 => 4,
        }
    }

    /// "ไตรมาสที่ 1".
    #[must_use]
    pub fn label_th(self) -> String {
        format!("ไตรมาสที่ {}", self.number())
    }

    /// The quarter's months without a year: "ต.ค. – ธ.ค.".
    #[must_use]
    pub fn months_label_th(self) -> String {
        let first = ((FIRST_MONTH - 1 + self.index() * 3) % 12) as usize;
        format!("{} – {}", MONTHS_ABBR[first], MONTHS_ABBR[first + 2])
    }

    /// 0 to 3, as a number of quarters after the start of the fiscal year.
    const fn index(self) -> u32 {
        self.number() as u32 - 1
    }
}

/// One of the two ITA reporting rounds of a fiscal year. Serialised as
/// `"half_year"` or `"full_year"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportingRound {
    /// รอบ 6 เดือน: October to March.
    HalfYear,
    /// รอบ 12 เดือน: the whole fiscal year.
    FullYear,
}

impl ReportingRound {
    /// "รอบ 6 เดือน" or "รอบ 12 เดือน".
    #[must_use]
    pub const fn label_th(self) -> &'static str {
        match self {
            Self::HalfYear => "รอบ 6 เดือน",
            Self::FullYear => "รอบ 12 เดือน",
        }
    }
}

/// The round an agency is working towards on a date: from October to March the
/// half-year round of the current fiscal year, from April to September its
/// full-year round.
#[must_use]
pub fn current_round(date: NaiveDate) -> (FiscalYear, ReportingRound) {
    let round = match Quarter::of(date) {
        Quarter::Q1 | Quarter::Q2 => ReportingRound::HalfYear,
        Quarter::Q3 | Quarter::Q4 => ReportingRound::FullYear,
    };
    (FiscalYear::containing(date), round)
}

/// The fiscal year and round a home page opens on, given the fiscal years that
/// have a plan: the [`current_round`] when its year has one; otherwise the
/// latest earlier year with a plan, at its full-year round (that year is over,
/// and its work is what there is to see); otherwise the earliest later year with
/// a plan, at its half-year round (a plan already made for next year); and the
/// current round when no year has a plan at all. So a new fiscal year that
/// nobody has planned yet never hides last year's work behind an empty page.
#[must_use]
pub fn round_in_use(today: NaiveDate, planned: &[i32]) -> (FiscalYear, ReportingRound) {
    let (current, round) = current_round(today);
    if planned.contains(&current.be()) {
        return (current, round);
    }
    if let Some(past) = planned.iter().copied().filter(|y| *y < current.be()).max() {
        return (FiscalYear::new(past), ReportingRound::FullYear);
    }
    if let Some(next) = planned.iter().copied().filter(|y| *y > current.be()).min() {
        return (FiscalYear::new(next), ReportingRound::HalfYear);
    }
    (current, round)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("ปีงบประมาณอยู่นอกช่วงที่ปฏิทินรองรับ")
}

fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .expect("ปีงบประมาณอยู่นอกช่วงที่ปฏิทินรองรับ")
}

fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first_of_next = add_months(ymd(date.year(), date.month(), 1), 1);
    first_of_next
        .pred_opt()
        .expect("ปีงบประมาณอยู่นอกช่วงที่ปฏิทินรองรับ")
}

fn month_abbr_year(date: NaiveDate) -> String {
    format!("{} {}", month_abbr(date), be_year(date.year()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fiscal_year_of_known_dates() {
        let cases = [
            (date(2024, 9, 30), 2567),
            (date(2024, 10, 1), 2568),
            (date(2024, 11, 22), 2568),
            (date(2024, 12, 31), 2568),
            (date(2025, 1, 1), 2568),
            (date(2025, 3, 31), 2568),
            (date(2025, 9, 30), 2568),
            (date(2025, 10, 1), 2569),
            (date(2026, 11, 22), 2570),
        ];
        for (d, be) in cases {
            assert_eq!(FiscalYear::containing(d), FiscalYear::new(be), "{d}");
        }
    }

    #[test]
    fn the_round_in_use_falls_back_to_the_latest_planned_year() {
        let december_2026 = date(2026, 12, 7);
        let (current, half) = (FiscalYear::new(2570), ReportingRound::HalfYear);
        assert_eq!(round_in_use(december_2026, &[]), (current, half));
        assert_eq!(
            round_in_use(december_2026, &[2568, 2570, 2569]),
            (current, half)
        );
        assert_eq!(
            round_in_use(december_2026, &[2568, 2569, 2572, 2571]),
            (FiscalYear::new(2569), ReportingRound::FullYear)
        );
        assert_eq!(
            round_in_use(december_2026, &[2572, 2571]),
            (FiscalYear::new(2571), ReportingRound::HalfYear)
        );
        assert_eq!(
            round_in_use(date(2026, 5, 1), &[2569]),
            (FiscalYear::new(2569), ReportingRound::FullYear)
        );
    }

    #[test]
    fn fiscal_year_bounds_and_labels() {
        let fy = FiscalYear::new(2568);
        assert_eq!(fy.be(), 2568);
        assert_eq!(fy.start(), date(2024, 10, 1));
        assert_eq!(fy.end(), date(2025, 9, 30));
        assert!(fy.contains(date(2025, 9, 30)));
        assert!(!fy.contains(date(2025, 10, 1)));
        assert!(!fy.contains(date(2024, 9, 30)));
        assert_eq!(fy.label_th(), "ปีงบประมาณ พ.ศ. 2568");
        assert_eq!(fy.to_string(), "2568");
        assert_eq!(format!("{fy:>6}"), "  2568");
        assert_eq!(fy.next(), FiscalYear::new(2569));
        assert_eq!(fy.previous(), FiscalYear::new(2567));
        assert!(FiscalYear::new(2567) < fy);
    }

    #[test]
    fn quarters_of_fiscal_year_2568() {
        let fy = FiscalYear::new(2568);
        let expected = [
            (
                Quarter::Q1,
                date(2024, 10, 1),
                date(2024, 12, 31),
                "ต.ค. – ธ.ค. 2567",
            ),
            (
                Quarter::Q2,
                date(2025, 1, 1),
                date(2025, 3, 31),
                "ม.ค. – มี.ค. 2568",
            ),
            (
                Quarter::Q3,
                date(2025, 4, 1),
                date(2025, 6, 30),
                "เม.ย. – มิ.ย. 2568",
            ),
            (
                Quarter::Q4,
                date(2025, 7, 1),
                date(2025, 9, 30),
                "ก.ค. – ก.ย. 2568",
            ),
        ];
        for (quarter, first, last, label) in expected {
            assert_eq!(fy.quarter_range(quarter), (first, last), "{quarter:?}");
            assert_eq!(fy.quarter_months_label_th(quarter), label);
        }
        assert_eq!(
            FiscalYear::new(2567).quarter_range(Quarter::Q2),
            (date(2024, 1, 1), date(2024, 3, 31))
        );
    }

    #[test]
    fn quarter_of_dates_and_labels() {
        assert_eq!(Quarter::of(date(2024, 10, 1)), Quarter::Q1);
        assert_eq!(Quarter::of(date(2024, 12, 31)), Quarter::Q1);
        assert_eq!(Quarter::of(date(2025, 1, 1)), Quarter::Q2);
        assert_eq!(Quarter::of(date(2025, 3, 31)), Quarter::Q2);
        assert_eq!(Quarter::of(date(2025, 4, 1)), Quarter::Q3);
        assert_eq!(Quarter::of(date(2025, 6, 30)), Quarter::Q3);
        assert_eq!(Quarter::of(date(2025, 7, 1)), Quarter::Q4);
        assert_eq!(Quarter::of(date(2025, 9, 30)), Quarter::Q4);
        assert_eq!(Quarter::Q1.label_th(), "ไตรมาสที่ 1");
        assert_eq!(Quarter::Q4.label_th(), "ไตรมาสที่ 4");
        assert_eq!(Quarter::Q1.months_label_th(), "ต.ค. – ธ.ค.");
        assert_eq!(Quarter::Q2.months_label_th(), "ม.ค. – มี.ค.");
        assert_eq!(Quarter::Q3.months_label_th(), "เม.ย. – มิ.ย.");
        assert_eq!(Quarter::Q4.months_label_th(), "ก.ค. – ก.ย.");
        assert_eq!(Quarter::ALL.map(Quarter::number), [1, 2, 3, 4]);
    }

    #[test]
    fn reporting_rounds() {
        let fy = FiscalYear::new(2568);
        assert_eq!(
            fy.round_range(ReportingRound::HalfYear),
            (date(2024, 10, 1), date(2025, 3, 31))
        );
        assert_eq!(
            fy.round_range(ReportingRound::FullYear),
            (date(2024, 10, 1), date(2025, 9, 30))
        );
        assert_eq!(ReportingRound::HalfYear.label_th(), "รอบ 6 เดือน");
        assert_eq!(ReportingRound::FullYear.label_th(), "รอบ 12 เดือน");
        assert_eq!(
            fy.round_period_label_th(ReportingRound::HalfYear),
            "(ต.ค. 2567 – มี.ค. 2568)"
        );
        assert_eq!(
            fy.round_period_label_th(ReportingRound::FullYear),
            "(ต.ค. 2567 – ก.ย. 2568)"
        );
        assert_eq!(
            fy.round_heading_th(ReportingRound::HalfYear),
            "รอบ 6 เดือน (ต.ค. 2567 – มี.ค. 2568)"
        );
    }

    #[test]
    fn current_round_of_known_dates() {
        let half = ReportingRound::HalfYear;
        let full = ReportingRound::FullYear;
        let cases = [
            (date(2024, 10, 1), 2568, half),
            (date(2025, 2, 14), 2568, half),
            (date(2025, 3, 31), 2568, half),
            (date(2025, 4, 1), 2568, full),
            (date(2025, 9, 30), 2568, full),
            (date(2025, 10, 1), 2569, half),
        ];
        for (d, be, round) in cases {
            assert_eq!(current_round(d), (FiscalYear::new(be), round), "{d}");
        }
    }

    #[test]
    fn serde_forms() {
        assert_eq!(
            serde_json::to_string(&FiscalYear::new(2568)).unwrap(),
            "2568"
        );
        assert_eq!(
            serde_json::from_str::<FiscalYear>("2568").unwrap(),
            FiscalYear::new(2568)
        );
        let refused = serde_json::from_str::<FiscalYear>("2025").unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("ปีงบประมาณ 2025 อยู่นอกช่วงที่รองรับ")
        );
        assert!(serde_json::from_str::<FiscalYear>("10000").is_err());
        assert!(serde_json::from_str::<FiscalYear>("\"2568\"").is_err());

        let quarters = serde_json::to_string(&Quarter::ALL).unwrap();
        assert_eq!(quarters, r#"["q1","q2","q3","q4"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<Quarter>>(&quarters).unwrap(),
            Quarter::ALL
        );
        assert!(serde_json::from_str::<Quarter>(r#""Q1""#).is_err());

        let rounds = [ReportingRound::HalfYear, ReportingRound::FullYear];
        let json = serde_json::to_string(&rounds).unwrap();
        assert_eq!(json, r#"["half_year","full_year"]"#);
        assert_eq!(
            serde_json::from_str::<[ReportingRound; 2]>(&json).unwrap(),
            rounds
        );
    }

    #[test]
    fn try_from_checks_the_range() {
        assert_eq!(FiscalYear::try_from(2568), Ok(FiscalYear::new(2568)));
        assert_eq!(FiscalYear::try_from(2400), Ok(FiscalYear::new(2400)));
        assert_eq!(FiscalYear::try_from(9999), Ok(FiscalYear::new(9999)));
        assert_eq!(FiscalYear::try_from(2399), Err(FiscalYearOutOfRange(2399)));
        assert_eq!(
            FiscalYearOutOfRange(2025).to_string(),
            "ปีงบประมาณ 2025 อยู่นอกช่วงที่รองรับ กรุณาใช้ปี พ.ศ. ระหว่าง 2400 ถึง 9999"
        );
        assert_eq!(i32::from(FiscalYear::new(2568)), 2568);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        let first = date(1800, 1, 1).num_days_from_ce();
        let last = date(9000, 12, 31).num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    proptest! {
        #[test]
        fn containing_year_contains_the_date(d in any_date()) {
            let fy = FiscalYear::containing(d);
            prop_assert!(fy.start() <= d && d <= fy.end());
            prop_assert!(fy.contains(d));
            prop_assert!(!fy.next().contains(d));
            prop_assert!(!fy.previous().contains(d));
        }

        #[test]
        fn fiscal_years_tile_the_calendar(be in 2400i32..9000) {
            let fy = FiscalYear::new(be);
            prop_assert_eq!(fy.end().succ_opt().unwrap(), fy.next().start());
            prop_assert_eq!(FiscalYear::containing(fy.start()), fy);
            prop_assert_eq!(FiscalYear::containing(fy.end()), fy);
            let days = (fy.end() - fy.start()).num_days() + 1;
            prop_assert!(days == 365 || days == 366);
        }

        #[test]
        fn every_date_is_in_exactly_one_quarter(d in any_date()) {
            let fy = FiscalYear::containing(d);
            let holding: Vec<Quarter> = Quarter::ALL
                .into_iter()
                .filter(|&q| {
                    let (first, last) = fy.quarter_range(q);
                    first <= d && d <= last
                })
                .collect();
            prop_assert_eq!(holding, vec![Quarter::of(d)]);
        }

        #[test]
        fn quarters_tile_the_fiscal_year(be in 2400i32..9000) {
            let fy = FiscalYear::new(be);
            let ranges = Quarter::ALL.map(|q| fy.quarter_range(q));
            prop_assert_eq!(ranges[0].0, fy.start());
            prop_assert_eq!(ranges[3].1, fy.end());
            for pair in ranges.windows(2) {
                prop_assert_eq!(pair[0].1.succ_opt().unwrap(), pair[1].0);
            }
        }

        #[test]
        fn current_round_covers_the_date(d in any_date()) {
            let (fy, round) = current_round(d);
            let (first, last) = fy.round_range(round);
            prop_assert!(first <= d && d <= last);
            if round == ReportingRound::FullYear {
                prop_assert!(d > fy.round_range(ReportingRound::HalfYear).1);
            }
        }

        #[test]
        fn fiscal_year_serde_round_trips(be in FiscalYear::MIN_BE..=FiscalYear::MAX_BE) {
            let fy = FiscalYear::new(be);
            let json = serde_json::to_string(&fy).unwrap();
            prop_assert_eq!(serde_json::from_str::<FiscalYear>(&json).unwrap(), fy);
        }
    }
}

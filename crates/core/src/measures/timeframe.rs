//! When a measure runs (ระยะเวลาในการดำเนินการ): quarters of the fiscal year as the
//! annual-report seed writes them ("ไตรมาสที่ ๑ - ๒"), a date range, or the whole
//! year ("ดำเนินการตลอดทั้งปี"). The end date decides when a measure is overdue.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::thai::calendar::format_date_short;
use crate::thai::digits::digits_for;
use crate::thai::fiscal::{FiscalYear, Quarter};

/// A measure's timeframe within its fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timeframe {
    /// ดำเนินการตลอดทั้งปี.
    WholeYear,
    /// From the start of `first` to the end of `last` (may be the same quarter).
    Quarters { first: Quarter, last: Quarter },
    /// From `start` to `end`, both inclusive.
    Dates { start: NaiveDate, end: NaiveDate },
}

impl Timeframe {
    /// First and last day (inclusive) in fiscal year `year`.
    #[must_use]
    pub fn range(self, year: FiscalYear) -> (NaiveDate, NaiveDate) {
        match self {
            Self::WholeYear => (year.start(), year.end()),
            Self::Quarters { first, last } => {
                (year.quarter_range(first).0, year.quarter_range(last).1)
            }
            Self::Dates { start, end } => (start, end),
        }
    }

    /// The last day of the timeframe in fiscal year `year`.
    #[must_use]
    pub fn end(self, year: FiscalYear) -> NaiveDate {
        self.range(year).1
    }

    /// How documents write it: "ไตรมาสที่ ๑ - ๒", "ไตรมาสที่ ๑",
    /// "ดำเนินการตลอดทั้งปี", "๑ ต.ค. ๖๘ - ๓๑ มี.ค. ๖๙".
    #[must_use]
    pub fn label_th(self, thai_digits: bool) -> String {
        let text = match self {
            Self::WholeYear => "ดำเนินการตลอดทั้งปี".to_owned(),
            Self::Quarters { first, last } if first == last => {
                format!("ไตรมาสที่ {}", first.number())
            }
            Self::Quarters { first, last } => {
                format!("ไตรมาสที่ {} - {}", first.number(), last.number())
            }
            Self::Dates { start, end } => {
                return format!(
                    "{} - {}",
                    format_date_short(start, thai_digits),
                    format_date_short(end, thai_digits)
                );
            }
        };
        digits_for(&text, thai_digits)
    }

    /// Whether the timeframe is well formed: it does not end before it starts, and
    /// a date range lies within fiscal year `year`. The message is Thai.
    ///
    /// # Errors
    /// A Thai message naming what is wrong.
    pub fn check(self, year: FiscalYear) -> Result<(), String> {
        match self {
            Self::WholeYear => Ok(()),
            Self::Quarters { first, last } if last < first => {
                Err("ไตรมาสสิ้นสุดต้องไม่อยู่ก่อนไตรมาสเริ่มต้น".to_owned())
            }
            Self::Quarters { .. } => Ok(()),
            Self::Dates { start, end } if end < start => Err("วันสิ้นสุดต้องไม่อยู่ก่อนวันเริ่มต้น".to_owned()),
            Self::Dates { start, end } if !year.contains(start) || !year.contains(end) => {
                Err(format!("ช่วงวันที่ต้องอยู่ใน{}", year.label_th()))
            }
            Self::Dates { .. } => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn labels_read_like_the_annual_report() {
        let q = Timeframe::Quarters {
            first: Quarter::Q1,
            last: Quarter::Q2,
        };
        assert_eq!(q.label_th(true), "ไตรมาสที่ ๑ - ๒");
        let one = Timeframe::Quarters {
            first: Quarter::Q1,
            last: Quarter::Q1,
        };
        assert_eq!(one.label_th(false), "ไตรมาสที่ 1");
        assert_eq!(Timeframe::WholeYear.label_th(true), "ดำเนินการตลอดทั้งปี");
        let dates = Timeframe::Dates {
            start: d(2025, 10, 1),
            end: d(2026, 3, 31),
        };
        assert_eq!(dates.label_th(true), "๑ ต.ค. ๖๘ - ๓๑ มี.ค. ๖๙");
    }

    #[test]
    fn ends_where_the_timeframe_ends() {
        let fy = FiscalYear::new(2569);
        let q = Timeframe::Quarters {
            first: Quarter::Q1,
            last: Quarter::Q2,
        };
        assert_eq!(q.end(fy), d(2026, 3, 31));
        assert_eq!(Timeframe::WholeYear.end(fy), d(2026, 9, 30));
    }

    #[test]
    fn refuses_a_timeframe_that_ends_before_it_starts() {
        let fy = FiscalYear::new(2569);
        let backwards = Timeframe::Dates {
            start: d(2026, 3, 1),
            end: d(2026, 2, 1),
        };
        assert!(backwards.check(fy).unwrap_err().contains("ก่อนวันเริ่มต้น"));
        let quarters = Timeframe::Quarters {
            first: Quarter::Q3,
            last: Quarter::Q2,
        };
        assert!(quarters.check(fy).is_err());
        let outside = Timeframe::Dates {
            start: d(2025, 9, 1),
            end: d(2025, 12, 1),
        };
        assert!(outside.check(fy).is_err());
    }
}

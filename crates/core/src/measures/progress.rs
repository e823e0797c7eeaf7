//! What was done: per measure and reporting round a status, a result summary,
//! the numbers achieved against the targets, the outcome and the evidence; and
//! the executive's approval of a round, which locks it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, EvidenceFileId, MeasureId, UserId};
use crate::thai::fiscal::{FiscalYear, ReportingRound};
use crate::validation::ValidationErrors;
use crate::web_link::check_link;

use super::evidence::EvidenceKind;
use super::plan::Measure;

/// Where a measure stands in a round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// ยังไม่ดำเนินการ.
    #[default]
    NotStarted,
    /// อยู่ระหว่างดำเนินการ.
    InProgress,
    /// ดำเนินการแล้วเสร็จ.
    Done,
}

impl ProgressStatus {
    /// Every status, in form order.
    pub const ALL: [Self; 3] = [Self::NotStarted, Self::InProgress, Self::Done];

    /// The stable code stored and posted by forms.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    /// Parses [`ProgressStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Thai label.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::NotStarted => "ยังไม่ดำเนินการ",
            Self::InProgress => "อยู่ระหว่างดำเนินการ",
            Self::Done => "ดำเนินการแล้วเสร็จ",
        }
    }
}

/// An evidence link with an optional caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLink {
    pub url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// A measure's progress in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub agency_id: AgencyId,
    pub measure_id: MeasureId,
    pub round: ReportingRound,
    pub status: ProgressStatus,
    /// สรุปผลการดำเนินการ.
    #[serde(default)]
    pub summary: String,
    /// ผลลัพธ์หรือความสำเร็จในการดำเนินการ.
    #[serde(default)]
    pub outcome: String,
    /// The number achieved for each of the measure's targets, by index.
    #[serde(default)]
    pub achieved: Vec<Option<f64>>,
    #[serde(default)]
    pub links: Vec<EvidenceLink>,
    pub updated_by: Option<UserId>,
    pub updated_at: DateTime<Utc>,
    /// Incremented by every save; a save naming an older version is refused.
    pub version: i64,
}

impl Progress {
    /// Nothing reported yet, for a form.
    #[must_use]
    pub fn empty(agency_id: AgencyId, measure_id: MeasureId, round: ReportingRound) -> Self {
        Self {
            agency_id,
            measure_id,
            round,
            status: ProgressStatus::NotStarted,
            summary: String::new(),
            outcome: String::new(),
            achieved: Vec::new(),
            links: Vec::new(),
            updated_by: None,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
            version: 0,
        }
    }

    /// Whether a result was written down.
    #[must_use]
    pub fn has_result(&self) -> bool {
        self.status == ProgressStatus::Done || !self.summary.trim().is_empty()
    }

    /// Checks what a user typed. Field names: `summary`, `links.N.url`, `achieved`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self, measure: &Measure) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.status == ProgressStatus::Done {
            errors.require("summary", &self.summary, "สรุปผลการดำเนินการ");
        }
        for (i, link) in self.links.iter().enumerate() {
            if let Err(problem) = check_link(&link.url) {
                errors.add(format!("links.{i}.url"), problem.message_th());
            }
        }
        if self.achieved.len() > measure.targets.len() {
            errors.add("achieved", "จำนวนผลที่ได้มากกว่าจำนวนเป้าหมาย");
        }
        errors.into_result()
    }
}

/// An uploaded evidence file; the bytes live under the data directory, named by
/// `id`, never in the web root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: EvidenceFileId,
    pub agency_id: AgencyId,
    pub measure_id: MeasureId,
    pub round: ReportingRound,
    /// The name as uploaded, for display and download.
    pub file_name: String,
    pub kind: EvidenceKind,
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    pub uploaded_by: Option<UserId>,
    pub uploaded_at: DateTime<Utc>,
}

/// The executive's approval of a round of a fiscal year; while it exists the
/// round's progress cannot change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundApproval {
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    pub round: ReportingRound,
    pub approved_by: Option<UserId>,
    pub approved_at: DateTime<Utc>,
}

/// Whether a measure is overdue on `today`: its timeframe has ended and the round
/// covering that end has no result.
#[must_use]
pub fn is_overdue(measure: &Measure, progress: Option<&Progress>, today: NaiveDate) -> bool {
    let end = measure.timeframe.end(FiscalYear::new(measure.fiscal_year));
    end < today && !progress.is_some_and(Progress::has_result)
}

/// How far a group of measures got in a round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub measures: usize,
    pub done: usize,
    pub in_progress: usize,
    pub overdue: usize,
}

impl Completion {
    /// Done as a whole percentage of all measures (0 when there are none).
    #[must_use]
    pub fn percent_done(&self) -> u32 {
        (self.done * 100)
            .checked_div(self.measures)
            .map_or(0, |p| u32::try_from(p).unwrap_or(100))
    }
}

/// Adds up the statuses of `measures` with their progress in one round.
#[must_use]
pub fn completion<'a>(
    measures: impl IntoIterator<Item = (&'a Measure, Option<&'a Progress>)>,
    today: NaiveDate,
) -> Completion {
    let mut c = Completion::default();
    for (m, p) in measures {
        c.measures += 1;
        match p.map(|p| p.status) {
            Some(ProgressStatus::Done) => c.done += 1,
            Some(ProgressStatus::InProgress) => c.in_progress += 1,
            _ => {}
        }
        if is_overdue(m, p, today) {
            c.overdue += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::{Owners, Timeframe};
    use crate::model::TopicId;
    use crate::thai::fiscal::Quarter;

    fn measure(last: Quarter) -> Measure {
        Measure {
            id: MeasureId::new(),
            agency_id: AgencyId::new(),
            fiscal_year: 2569,
            topic_id: TopicId::new(),
            position: 1,
            title: "มาตรการ".into(),
            indicators: vec![],
            weakness: String::new(),
            improvement: String::new(),
            steps: vec!["ขั้นตอน".into()],
            timeframe: Timeframe::Quarters {
                first: Quarter::Q1,
                last,
            },
            owners: Owners {
                departments: vec![],
                positions: vec!["ปลัด".into()],
            },
            monitoring: String::new(),
            reporting: String::new(),
            targets: vec![],
            version: 1,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn overdue_when_the_timeframe_passed_without_a_result() {
        let m = measure(Quarter::Q1); // ends 31 Dec 2025
        assert!(!is_overdue(&m, None, d(2025, 12, 31)));
        assert!(is_overdue(&m, None, d(2026, 1, 1)));
        let mut p = Progress::empty(m.agency_id, m.id, ReportingRound::HalfYear);
        p.status = ProgressStatus::InProgress;
        assert!(is_overdue(&m, Some(&p), d(2026, 1, 1)));
        p.summary = "จัดอบรมแล้ว ๓ ครั้ง".into();
        assert!(!is_overdue(&m, Some(&p), d(2026, 1, 1)));
    }

    #[test]
    fn completion_counts_each_status() {
        let a = measure(Quarter::Q1);
        let b = measure(Quarter::Q4);
        let mut done = Progress::empty(a.agency_id, a.id, ReportingRound::HalfYear);
        done.status = ProgressStatus::Done;
        done.summary = "เสร็จ".into();
        let c = completion([(&a, Some(&done)), (&b, None)], d(2026, 2, 1));
        assert_eq!(
            c,
            Completion {
                measures: 2,
                done: 1,
                in_progress: 0,
                overdue: 0
            }
        );
        assert_eq!(c.percent_done(), 50);
        let late = completion([(&a, None)], d(2026, 2, 1));
        assert_eq!(late.overdue, 1);
    }

    #[test]
    fn a_done_round_needs_a_summary_and_links_must_be_web_addresses() {
        let m = measure(Quarter::Q2);
        let mut p = Progress::empty(m.agency_id, m.id, ReportingRound::HalfYear);
        p.status = ProgressStatus::Done;
        p.links.push(EvidenceLink {
            url: "file:///etc/passwd".into(),
            label: String::new(),
        });
        let errors = p.validate(&m).unwrap_err();
        assert!(errors.get("summary").is_some());
        assert!(errors.get("links.0.url").is_some());
    }
}

//! What an agency publishes on its transparency portal.
//!
//! Publishing takes a snapshot: the document files as rendered at that moment and
//! a short summary for the web page. The portal shows only snapshots, so editing a
//! plan after publishing it changes nothing the public sees until an administrator
//! publishes again, and every item carries the date it was published.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, PublicationId, UserId};

/// The kinds of item the portal shows, in the order it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedKind {
    /// ผลการประเมิน ITA and its analysis (การวิเคราะห์ผลการประเมิน).
    ItaAnalysis,
    /// มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (the measures plan).
    Measures,
    /// รายงานผลการดำเนินการ รอบ 6 เดือน.
    HalfYearReport,
    /// รายงานผลการดำเนินการ ประจำปี.
    AnnualReport,
    /// แผนปฏิบัติการป้องกันการทุจริต (the multi-year action plan).
    ActionPlan,
    /// รายงานการกำกับติดตามแผนปฏิบัติการ (the plan's follow-up report).
    PlanFollowUp,
    /// การประเมินความเสี่ยงการทุจริต.
    RiskAssessment,
    /// สถิติเรื่องร้องเรียน (complaints and corruption reports).
    ComplaintStatistics,
}

impl PublishedKind {
    pub const ALL: [Self; 8] = [
        Self::ItaAnalysis,
        Self::Measures,
        Self::HalfYearReport,
        Self::AnnualReport,
        Self::ActionPlan,
        Self::PlanFollowUp,
        Self::RiskAssessment,
        Self::ComplaintStatistics,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::ItaAnalysis => "ita_analysis",
            Self::Measures => "measures",
            Self::HalfYearReport => "half_year_report",
            Self::AnnualReport => "annual_report",
            Self::ActionPlan => "action_plan",
            Self::PlanFollowUp => "plan_follow_up",
            Self::RiskAssessment => "risk_assessment",
            Self::ComplaintStatistics => "complaint_statistics",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The heading of the item on the portal (the year is added after it).
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::ItaAnalysis => "ผลการประเมินและการวิเคราะห์ผลการประเมิน ITA",
            Self::Measures => "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            Self::HalfYearReport => "รายงานผลการดำเนินการตามมาตรการ รอบ 6 เดือน",
            Self::AnnualReport => "รายงานผลการดำเนินการตามมาตรการ ประจำปี",
            Self::ActionPlan => "แผนปฏิบัติการป้องกันการทุจริต",
            Self::PlanFollowUp => "รายงานการกำกับติดตามการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต",
            Self::RiskAssessment => "การประเมินความเสี่ยงการทุจริต",
            Self::ComplaintStatistics => "สถิติเรื่องร้องเรียนและเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        }
    }
}

/// A table shown on the portal page of an item, already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryTable {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What the portal page of an item shows besides its files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedSummary {
    /// Label and value pairs ("คะแนนรวม", "87.45").
    pub facts: Vec<(String, String)>,
    pub tables: Vec<SummaryTable>,
}

/// One file of a snapshot (the PDF, the XLSX, …), kept as it was rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedFile {
    pub file_name: String,
    pub content_type: String,
    #[serde(with = "crate::bundle::base64_bytes")]
    pub bytes: Vec<u8>,
}

/// A published item. Publishing the same kind and year again replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub agency_id: AgencyId,
    pub id: PublicationId,
    pub kind: PublishedKind,
    /// The fiscal year (B.E.) it is filed under; an action plan is filed under the
    /// year it was published for, and its title names the plan's years.
    pub fiscal_year: i32,
    pub title: String,
    pub published_at: DateTime<Utc>,
    pub published_by: Option<UserId>,
    pub summary: PublishedSummary,
    pub files: Vec<PublishedFile>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_are_thai() {
        for k in PublishedKind::ALL {
            assert_eq!(PublishedKind::from_code(k.code()), Some(k));
            assert!(k.label_th().chars().any(|c| ('ก'..='ฮ').contains(&c)));
        }
        assert_eq!(PublishedKind::from_code("x"), None);
    }
}

//! Evidence links: which addresses may be entered and checked, what a check
//! found, and the Thai verdict an administrator reads.
//!
//! The checker fetches addresses typed by users, so it must not become a way to
//! probe the server's own network: only http(s) addresses on the agency's own
//! domains are accepted ([`crate::web_link::check_link`], [`host_is_own`]); the checker
//! itself also refuses private and loopback addresses after resolving a name.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, LinkCheckId};
use crate::thai::digits::to_thai_digits;

/// Whether `host` is one of `own_domains` or a subdomain of one.
#[must_use]
pub fn host_is_own(host: &str, own_domains: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    own_domains.iter().any(|domain| {
        let domain = domain.trim_end_matches('.');
        host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// Whether `text` names the Buddhist-era fiscal `year`, in Arabic or Thai digits.
#[must_use]
pub fn mentions_fiscal_year(text: &str, year: i32) -> bool {
    let arabic = year.to_string();
    let thai = to_thai_digits(&arabic);
    contains_number(text, &arabic) || contains_number(text, &thai)
}

/// `needle` appears in `text` not as part of a longer number ("25680" does not
/// mention 2568).
fn contains_number(text: &str, needle: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c);
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(is_digit) && !after.is_some_and(is_digit)
    })
}

/// What fetching one link found, before it is judged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkFacts {
    /// Set when the checker would not fetch the address (not the agency's
    /// domain, a private address, a malformed link): the Thai reason.
    pub refused: Option<String>,
    /// A network failure or timeout, in Thai.
    pub error: Option<String>,
    pub http_status: Option<u16>,
    /// The address after redirects.
    pub final_url: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    /// SHA-256 (hex) of the body, kept as evidence of what was published.
    pub content_sha256: Option<String>,
    /// Clicks from the home page to this page; `None` when not reached within
    /// the allowed number of clicks.
    pub clicks_from_home: Option<u32>,
    /// Whether reachability could be measured (the home page was fetched).
    pub home_checked: bool,
    /// `None` when the content could not be read as text (an image, a
    /// scanned PDF).
    pub mentions_year: Option<bool>,
    /// The item's keywords found in the text.
    pub keywords_found: Vec<String>,
    /// The item's keywords the check looked for.
    pub keywords_expected: Vec<String>,
}

/// The one-line verdict of a link, worst problem first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkVerdict {
    Working,
    Broken,
    NotLinkedFromHome,
    YearNotFound,
    KeywordsNotFound,
    Refused,
}

impl LinkVerdict {
    /// Every verdict, in the order a summary lists them.
    pub const ALL: [Self; 6] = [
        Self::Working,
        Self::Broken,
        Self::NotLinkedFromHome,
        Self::YearNotFound,
        Self::KeywordsNotFound,
        Self::Refused,
    ];

    /// The stable code stored in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Working => "working",
            Self::Broken => "broken",
            Self::NotLinkedFromHome => "not_linked",
            Self::YearNotFound => "year_not_found",
            Self::KeywordsNotFound => "keywords_not_found",
            Self::Refused => "refused",
        }
    }

    /// Parses [`LinkVerdict::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == code)
    }

    /// The Thai verdict.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Working => "ใช้งานได้",
            Self::Broken => "ลิงก์เสีย",
            Self::NotLinkedFromHome => "ไม่ได้เชื่อมโยงจากหน้าหลัก",
            Self::YearNotFound => "ไม่พบปีงบประมาณ",
            Self::KeywordsNotFound => "ไม่พบคำสำคัญของข้อ",
            Self::Refused => "ไม่ตรวจ (ไม่ใช่เว็บไซต์ของหน่วยงาน)",
        }
    }

    /// Whether an assessor would accept the link.
    #[must_use]
    pub fn is_working(self) -> bool {
        self == Self::Working
    }
}

/// One check of one link, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCheck {
    pub id: LinkCheckId,
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    /// The address as entered on the checklist.
    pub url: String,
    pub checked_at: DateTime<Utc>,
    pub facts: LinkFacts,
    pub verdict: LinkVerdict,
    /// Every problem found, in Thai, one per line ("ไม่พบปีงบประมาณ ๒๕๖๘ ในเนื้อหา").
    pub detail_th: String,
    /// Whether a copy of the fetched bytes was kept.
    pub archived: bool,
}

/// Judges what a check found: the verdict (worst problem) and every problem in
/// Thai. `year` is the checklist's fiscal year; `thai_digits` picks the digits
/// of the numbers the messages compose (the year, clicks); an HTTP status is a
/// code and stays as servers write it.
#[must_use]
pub fn judge(
    facts: &LinkFacts,
    year: i32,
    max_clicks: u32,
    thai_digits: bool,
) -> (LinkVerdict, String) {
    let number = |n: u32| -> String {
        let arabic = n.to_string();
        if thai_digits {
            to_thai_digits(&arabic)
        } else {
            arabic
        }
    };
    let year_text = number(year.unsigned_abs());
    if let Some(reason) = &facts.refused {
        return (LinkVerdict::Refused, reason.clone());
    }
    if let Some(error) = &facts.error {
        return (LinkVerdict::Broken, format!("เปิดลิงก์ไม่ได้: {error}"));
    }
    match facts.http_status {
        Some(status) if (200..300).contains(&status) => {}
        Some(status) => {
            return (
                LinkVerdict::Broken,
                format!("เว็บไซต์ตอบรหัส HTTP {status} (เปิดหน้าไม่ได้)"),
            );
        }
        None => return (LinkVerdict::Broken, "ไม่ได้รับคำตอบจากเว็บไซต์".to_owned()),
    }
    let mut problems: Vec<(LinkVerdict, String)> = Vec::new();
    if facts.home_checked && facts.clicks_from_home.is_none() {
        problems.push((
            LinkVerdict::NotLinkedFromHome,
            format!("ไม่พบลิงก์มายังหน้านี้จากหน้าหลักภายใน {} คลิก", number(max_clicks)),
        ));
    }
    if facts.mentions_year == Some(false) {
        problems.push((
            LinkVerdict::YearNotFound,
            format!("ไม่พบปีงบประมาณ พ.ศ. {year_text} ในเนื้อหา"),
        ));
    }
    if !facts.keywords_expected.is_empty() && facts.keywords_found.is_empty() {
        problems.push((
            LinkVerdict::KeywordsNotFound,
            format!(
                "ไม่พบคำสำคัญของข้อในเนื้อหา ({})",
                facts.keywords_expected.join(", ")
            ),
        ));
    }
    if problems.is_empty() {
        let mut detail = "เปิดได้".to_owned();
        if let Some(clicks) = facts.clicks_from_home {
            detail.push_str(&format!(" ห่างจากหน้าหลัก {} คลิก", number(clicks)));
        }
        if facts.mentions_year == Some(true) {
            detail.push_str(&format!(" พบปี {year_text}"));
        }
        return (LinkVerdict::Working, detail);
    }
    let verdict = problems
        .iter()
        .map(|(verdict, _)| *verdict)
        .min()
        .expect("problems is not empty");
    let detail = problems
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n");
    (verdict, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched() -> LinkFacts {
        LinkFacts {
            http_status: Some(200),
            home_checked: true,
            clicks_from_home: Some(2),
            mentions_year: Some(true),
            keywords_expected: vec!["โครงสร้าง".to_owned()],
            keywords_found: vec!["โครงสร้าง".to_owned()],
            ..LinkFacts::default()
        }
    }

    #[test]
    fn own_hosts_include_subdomains_only() {
        let own = vec!["dindaeng.go.th".to_owned()];
        assert!(host_is_own("dindaeng.go.th", &own));
        assert!(host_is_own("WWW.dindaeng.go.th", &own));
        assert!(!host_is_own("evildindaeng.go.th", &own));
        assert!(!host_is_own("dindaeng.go.th.evil.com", &own));
        assert!(!host_is_own("127.0.0.1", &own));
    }

    #[test]
    fn the_year_is_found_in_either_digits_but_not_inside_a_longer_number() {
        assert!(mentions_fiscal_year("แผนปีงบประมาณ พ.ศ. 2568", 2568));
        assert!(mentions_fiscal_year("ประจำปี ๒๕๖๘ ของ อบต.", 2568));
        assert!(!mentions_fiscal_year("ประจำปี ๒๕๖๗", 2568));
        assert!(!mentions_fiscal_year("โทร 025680000", 2568));
    }

    #[test]
    fn verdicts_name_the_worst_problem_and_list_all() {
        assert_eq!(
            judge(&fetched(), 2568, 3, true),
            (
                LinkVerdict::Working,
                "เปิดได้ ห่างจากหน้าหลัก ๒ คลิก พบปี ๒๕๖๘".to_owned()
            )
        );
        assert_eq!(
            judge(&fetched(), 2568, 3, false).1,
            "เปิดได้ ห่างจากหน้าหลัก 2 คลิก พบปี 2568"
        );

        let broken = LinkFacts {
            http_status: Some(404),
            ..fetched()
        };
        let (verdict, detail) = judge(&broken, 2568, 3, true);
        assert_eq!(verdict, LinkVerdict::Broken);
        assert!(detail.contains("404"), "{detail}");

        let unlinked_wrong_year = LinkFacts {
            clicks_from_home: None,
            mentions_year: Some(false),
            ..fetched()
        };
        let (verdict, detail) = judge(&unlinked_wrong_year, 2568, 3, true);
        assert_eq!(verdict, LinkVerdict::NotLinkedFromHome);
        assert!(detail.contains("ภายใน ๓ คลิก"), "{detail}");
        assert!(detail.contains("พ.ศ. ๒๕๖๘"), "{detail}");

        let refused = LinkFacts {
            refused: Some("ไม่ใช่โดเมนของหน่วยงาน".to_owned()),
            ..fetched()
        };
        assert_eq!(judge(&refused, 2568, 3, false).0, LinkVerdict::Refused);

        let no_home = LinkFacts {
            home_checked: false,
            clicks_from_home: None,
            ..fetched()
        };
        assert_eq!(judge(&no_home, 2568, 3, false).0, LinkVerdict::Working);
    }
}

//! What each agency sets for its link checks.

use serde::{Deserialize, Serialize};

use crate::validation::ValidationErrors;
use crate::web_link::check_link;

/// An agency's settings for checking evidence links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureSettings {
    /// The agency's own domains besides its website's host ("dindaeng.go.th");
    /// the checker only ever fetches these and their subdomains.
    pub extra_domains: Vec<String>,
    /// The home page a link must be reachable from; empty means the agency's
    /// recorded website.
    pub home_url: String,
    /// How many clicks from the home page an evidence page may be (NACC's
    /// assessors start from the home page; three is the common rule of thumb).
    pub max_clicks: u32,
    /// Hours between scheduled checks of every link; 0 turns the schedule off.
    pub check_interval_hours: u32,
    /// Whether each check keeps a copy of what it fetched (for appeals).
    pub keep_archive: bool,
}

impl Default for DisclosureSettings {
    fn default() -> Self {
        Self {
            extra_domains: Vec::new(),
            home_url: String::new(),
            max_clicks: 3,
            check_interval_hours: 24,
            keep_archive: false,
        }
    }
}

impl DisclosureSettings {
    /// Checks the ranges and the domains; messages name the form fields.
    ///
    /// # Errors
    /// A Thai message per field that is out of range or malformed.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(1..=6).contains(&self.max_clicks) {
            errors.add("max_clicks", "จำนวนคลิกจากหน้าหลักต้องอยู่ระหว่าง 1 ถึง 6");
        }
        if self.check_interval_hours > 24 * 31 {
            errors.add(
                "check_interval_hours",
                "รอบการตรวจอัตโนมัติต้องไม่เกิน 744 ชั่วโมง (31 วัน) หรือ 0 เพื่อปิด",
            );
        }
        for domain in &self.extra_domains {
            if !is_domain(domain) {
                errors.add(
                    "extra_domains",
                    format!("“{domain}” ไม่ใช่ชื่อโดเมน เช่น dindaeng.go.th"),
                );
                break;
            }
        }
        if !self.home_url.trim().is_empty()
            && let Err(problem) = check_link(&self.home_url)
        {
            errors.add("home_url", problem.message_th());
        }
        errors.into_result()
    }

    /// The hosts the checker may fetch: the home page's (or else the website's)
    /// host and every extra domain, lower-case.
    #[must_use]
    pub fn own_domains(&self, website: Option<&str>) -> Vec<String> {
        let mut domains: Vec<String> = [Some(self.home_url.as_str()), website]
            .into_iter()
            .flatten()
            .filter_map(|u| url::Url::parse(u.trim()).ok())
            .filter_map(|u| u.host_str().map(str::to_ascii_lowercase))
            .collect();
        domains.extend(
            self.extra_domains
                .iter()
                .map(|d| d.trim().to_ascii_lowercase()),
        );
        domains.sort();
        domains.dedup();
        domains
    }

    /// The page reachability is measured from: the home URL, else the website.
    #[must_use]
    pub fn home_page<'a>(&'a self, website: Option<&'a str>) -> Option<&'a str> {
        let home = self.home_url.trim();
        if home.is_empty() {
            website.map(str::trim).filter(|w| !w.is_empty())
        } else {
            Some(home)
        }
    }
}

fn is_domain(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

//! From the checklist to a predicted OIT result, and from last year's checklist
//! to this year's.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::entry::{DisclosureEntry, DisclosureStatus};
use super::links::{LinkCheck, LinkVerdict};
use crate::ita::{Framework, Instrument};

/// Which items would pass if assessed now, as the scoring engine's OIT input
/// (every item of the framework, so it can be scored as it stands).
///
/// An item is predicted to pass when the agency marked it ready or submitted,
/// it has at least one link, and the latest check of every link found it
/// working. An unchecked link does not count: NACC's assessor will open it.
/// `checks` holds the latest check per address (older ones are ignored).
#[must_use]
pub fn predicted_items(
    framework: &Framework,
    entries: &[DisclosureEntry],
    checks: &[LinkCheck],
) -> BTreeMap<String, bool> {
    let latest = latest_by_url(checks);
    let by_code: HashMap<&str, &DisclosureEntry> =
        entries.iter().map(|e| (e.item_code.as_str(), e)).collect();
    framework
        .oit_items()
        .map(|item| {
            let passes = by_code.get(item.code.as_str()).is_some_and(|entry| {
                entry.status.is_done()
                    && !entry.links.is_empty()
                    && entry.links.iter().all(|link| {
                        latest
                            .get(link.url.as_str())
                            .is_some_and(|check| check.verdict == LinkVerdict::Working)
                    })
            });
            (item.code.clone(), passes)
        })
        .collect()
}

fn latest_by_url(checks: &[LinkCheck]) -> HashMap<&str, &LinkCheck> {
    let mut latest: HashMap<&str, &LinkCheck> = HashMap::new();
    for check in checks {
        latest
            .entry(check.url.as_str())
            .and_modify(|seen| {
                if check.checked_at > seen.checked_at {
                    *seen = check;
                }
            })
            .or_insert(check);
    }
    latest
}

/// How far one sub-indicator's items are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubIndicatorReadiness {
    /// "9.1"
    pub code: String,
    pub name_th: String,
    pub items: usize,
    pub not_started: usize,
    pub ready: usize,
    pub submitted: usize,
    /// Items [`predicted_items`] would pass.
    pub predicted_pass: usize,
}

/// Readiness per OIT sub-indicator, in framework order.
#[must_use]
pub fn readiness(
    framework: &Framework,
    entries: &[DisclosureEntry],
    predicted: &BTreeMap<String, bool>,
) -> Vec<SubIndicatorReadiness> {
    let status: HashMap<&str, DisclosureStatus> = entries
        .iter()
        .map(|e| (e.item_code.as_str(), e.status))
        .collect();
    framework
        .indicators_of(Instrument::Oit)
        .flat_map(|i| &i.sub_indicators)
        .map(|sub| {
            let mut row = SubIndicatorReadiness {
                code: sub.code.clone(),
                name_th: sub.name_th.clone(),
                items: sub.items.len(),
                not_started: 0,
                ready: 0,
                submitted: 0,
                predicted_pass: 0,
            };
            for item in &sub.items {
                match status.get(item.code.as_str()).copied() {
                    None | Some(DisclosureStatus::NotStarted) => row.not_started += 1,
                    Some(DisclosureStatus::Ready) => row.ready += 1,
                    Some(DisclosureStatus::Submitted) => row.submitted += 1,
                }
                if predicted.get(&item.code) == Some(&true) {
                    row.predicted_pass += 1;
                }
            }
            row
        })
        .collect()
}

/// This year's entries started from last year's, through the framework's item
/// mapping (previous code → this year's code).
///
/// Owner, links, explanation and keywords carry over; the status starts again at
/// not started and the due date is cleared, because every year's evidence must
/// be published again for that year. Items NACC merged get the links of all
/// their predecessors; dropped items are left behind. Items that already have
/// an entry this year (`existing`) are not touched.
#[must_use]
pub fn carry_over(
    framework: &Framework,
    previous: &[DisclosureEntry],
    existing: &[DisclosureEntry],
) -> Vec<DisclosureEntry> {
    let taken: std::collections::HashSet<&str> =
        existing.iter().map(|e| e.item_code.as_str()).collect();
    let mut carried: BTreeMap<String, DisclosureEntry> = BTreeMap::new();
    for old in previous {
        let Some(code) = framework.previous_year_item_mapping.get(&old.item_code) else {
            continue;
        };
        if taken.contains(code.as_str()) {
            continue;
        }
        let entry = carried
            .entry(code.clone())
            .or_insert_with(|| DisclosureEntry {
                department_id: old.department_id,
                ..DisclosureEntry::empty(old.agency_id, framework.year, code)
            });
        for link in &old.links {
            if !entry.links.iter().any(|l| l.url == link.url) {
                entry.links.push(link.clone());
            }
        }
        if !old.explanation.is_empty() {
            if !entry.explanation.is_empty() {
                entry.explanation.push('\n');
            }
            entry.explanation.push_str(&old.explanation);
        }
        for keyword in &old.keywords {
            if !entry.keywords.contains(keyword) {
                entry.keywords.push(keyword.clone());
            }
        }
    }
    let order: HashMap<&str, usize> = framework
        .oit_items()
        .enumerate()
        .map(|(i, item)| (item.code.as_str(), i))
        .collect();
    let mut entries: Vec<DisclosureEntry> = carried
        .into_values()
        .filter(|e| order.contains_key(e.item_code.as_str()))
        .collect();
    entries.sort_by_key(|e| order[e.item_code.as_str()]);
    entries
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::disclosure::{EvidenceLink, LinkFacts};
    use crate::ita::{OitInput, ScoreInput, score};
    use crate::model::{AgencyId, LinkCheckId};

    fn framework(year: i32) -> Framework {
        Framework::builtin(year).expect("a built-in year")
    }

    fn entry(agency: AgencyId, year: i32, code: &str, url: &str) -> DisclosureEntry {
        DisclosureEntry {
            status: DisclosureStatus::Ready,
            links: vec![EvidenceLink {
                url: url.to_owned(),
                note: String::new(),
            }],
            ..DisclosureEntry::empty(agency, year, code)
        }
    }

    fn check(agency: AgencyId, url: &str, verdict: LinkVerdict, hour: u32) -> LinkCheck {
        LinkCheck {
            id: LinkCheckId::new(),
            agency_id: agency,
            fiscal_year: 2568,
            url: url.to_owned(),
            checked_at: Utc.with_ymd_and_hms(2025, 3, 1, hour, 0, 0).unwrap(),
            facts: LinkFacts::default(),
            verdict,
            detail_th: String::new(),
            archived: false,
        }
    }

    #[test]
    fn only_done_items_with_working_latest_checks_pass_and_the_engine_scores_them() {
        let fw = framework(2568);
        let agency = AgencyId::new();
        let codes: Vec<String> = fw.oit_items().map(|i| i.code.clone()).collect();
        let entries = vec![
            entry(agency, 2568, &codes[0], "https://a.go.th/1"),
            entry(agency, 2568, &codes[1], "https://a.go.th/2"),
            DisclosureEntry {
                status: DisclosureStatus::NotStarted,
                ..entry(agency, 2568, &codes[2], "https://a.go.th/3")
            },
            entry(agency, 2568, &codes[3], "https://a.go.th/unchecked"),
        ];
        let checks = vec![
            check(agency, "https://a.go.th/1", LinkVerdict::Broken, 1),
            check(agency, "https://a.go.th/1", LinkVerdict::Working, 2),
            check(agency, "https://a.go.th/2", LinkVerdict::Working, 1),
            check(
                agency,
                "https://a.go.th/2",
                LinkVerdict::NotLinkedFromHome,
                3,
            ),
            check(agency, "https://a.go.th/3", LinkVerdict::Working, 1),
        ];
        let items = predicted_items(&fw, &entries, &checks);
        assert_eq!(items.len(), codes.len());
        assert_eq!(items.values().filter(|p| **p).count(), 1);
        assert!(items[&codes[0]]);

        let rows = readiness(&fw, &entries, &items);
        assert_eq!(rows.iter().map(|r| r.items).sum::<usize>(), codes.len());
        assert_eq!(rows.iter().map(|r| r.predicted_pass).sum::<usize>(), 1);
        assert_eq!(rows.iter().map(|r| r.ready).sum::<usize>(), 3);

        let report = score(
            &fw,
            &ScoreInput {
                year: 2568,
                iit: None,
                eit: None,
                oit: Some(OitInput::Items(items)),
            },
        )
        .expect("every item present");
        let oit = report.instruments[&Instrument::Oit].percent;
        assert!(oit > 0.0 && oit < 100.0, "{report:?}");
    }

    #[test]
    fn carry_over_follows_the_mapping_and_starts_again() {
        let fw = framework(2568);
        let agency = AgencyId::new();
        let (old_code, new_code) = fw
            .previous_year_item_mapping
            .iter()
            .next()
            .map(|(o, n)| (o.clone(), n.clone()))
            .expect("2568 maps 2567's items");
        let old = DisclosureEntry {
            status: DisclosureStatus::Submitted,
            explanation: "ปีที่แล้ว".to_owned(),
            ..entry(agency, 2567, &old_code, "https://a.go.th/old")
        };
        let dropped = entry(agency, 2567, "O999", "https://a.go.th/gone");
        let carried = carry_over(&fw, &[old.clone(), dropped], &[]);
        assert_eq!(carried.len(), 1);
        assert_eq!(carried[0].item_code, new_code);
        assert_eq!(carried[0].fiscal_year, 2568);
        assert_eq!(carried[0].status, DisclosureStatus::NotStarted);
        assert_eq!(carried[0].links, old.links);

        let existing = vec![entry(agency, 2568, &new_code, "https://a.go.th/new")];
        assert!(carry_over(&fw, &[old], &existing).is_empty());
    }
}

//! The OIT checklists of the demo agencies and the local websites their
//! evidence links point at.
//!
//! A checklist is only worth trying when its links can be checked, and the demo
//! must not send anyone's checker to a real agency's website. So each demo agency
//! gets a sample website of its own on this machine (`prongsai_linkcheck::
//! sample_site`, one port each, counting up from `--sample-site`), its home page
//! is set to that site, and every evidence link points at one of the site's
//! pages: most work, some are gone, some are about the wrong year, and the
//! E-Service item points at a page that exists but is not linked from the home
//! page, the failure the Pru Yai half-year report records ("E-Service URL
//! ไม่เชื่อมโยงกับเว็บไซต์หลัก").
//!
//! Loading is idempotent: an agency whose year already has entries keeps them.
//! The one thing a later run changes is the sample site's address: when the demo
//! runs on another port, the links that pointed at the old sample site are
//! moved to the new one, so they still open.

use std::net::SocketAddr;

use chrono::{Days, NaiveDate, Utc};
use prongsai_core::disclosure::{DisclosureEntry, DisclosureStatus, EvidenceLink};
use prongsai_core::ita::{Framework, OitItem};
use prongsai_core::model::{Agency, AgencyId, Department, DepartmentId};
use prongsai_store::{Actor, Store};
use prongsai_testkit::sample_site::{SampleEvidence, SampleKind, SampleSite, sample_evidence};

use crate::demo::complaints::{Rng, SEED_YEARS};
use crate::error::CliError;

/// Where the demo's sample sites listen unless told otherwise.
pub(crate) const DEFAULT_SAMPLE_SITE: &str = "127.0.0.1:8091";

/// The sample website of each demo agency: its code, the checklist's fiscal
/// year and the site's base address (`http://127.0.0.1:8091`, no slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SampleSites(Vec<(&'static str, i32, String)>);

impl SampleSites {
    /// The addresses the sites have when they run from `first` on: one port per
    /// demo agency. Used when no site is started (`demo --no-serve`), where a
    /// port of 0 means the default port.
    pub(crate) fn planned(first: SocketAddr) -> Self {
        let first = if first.port() == 0 {
            SocketAddr::new(first.ip(), default_port())
        } else {
            first
        };
        Self(
            site_addresses(first)
                .into_iter()
                .map(|(code, year, addr)| (code, year, format!("http://{addr}")))
                .collect(),
        )
    }

    /// Where the sites listen, each address with its port: what the link
    /// checker may fetch for the demo.
    pub(crate) fn addresses(&self) -> Vec<SocketAddr> {
        self.0
            .iter()
            .filter_map(|(_, _, base)| base.trim_start_matches("http://").parse().ok())
            .collect()
    }

    /// The base address of one agency's site.
    fn base(&self, code: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, _, base)| base.as_str())
    }
}

fn default_port() -> u16 {
    DEFAULT_SAMPLE_SITE
        .parse::<SocketAddr>()
        .map_or(8091, |a| a.port())
}

/// Each demo agency's year and site address, the ports counting up from
/// `first`'s (each 0 when it is 0: the system picks).
fn site_addresses(first: SocketAddr) -> Vec<(&'static str, i32, SocketAddr)> {
    SEED_YEARS
        .iter()
        .zip(0_u16..)
        .map(|((code, year), i)| {
            let port = match first.port() {
                0 => 0,
                p => p.saturating_add(i),
            };
            (*code, *year, SocketAddr::new(first.ip(), port))
        })
        .collect()
}

/// Starts every demo agency's sample site; they serve until the returned sites
/// are dropped.
///
/// # Errors
/// A port that cannot be opened, in Thai.
pub(crate) async fn start_sample_sites(
    first: SocketAddr,
) -> Result<(Vec<SampleSite>, SampleSites), CliError> {
    let mut running = Vec::new();
    let mut bases = Vec::new();
    for (code, year, addr) in site_addresses(first) {
        let site = SampleSite::start_on(addr, year)
            .await
            .map_err(|e| CliError::failure(format!("เปิดเว็บไซต์ทดสอบที่ {addr} ไม่ได้: {e}")))?;
        bases.push((code, year, site.base_url.trim_end_matches('/').to_owned()));
        running.push(site);
    }
    Ok((running, SampleSites(bases)))
}

/// One demo agency's checklist, for the lines printed after the demo is ready
/// and the first link check.
#[derive(Debug, Clone)]
pub(crate) struct DemoChecklist {
    pub(crate) agency: Agency,
    pub(crate) year: i32,
    /// The sample site's home page.
    pub(crate) home_url: String,
}

/// Points each demo agency's home page at its sample site, fills the
/// checklist of its seed year when it has none, and moves links of an earlier
/// run's sample site to this run's. Returns the checklists.
///
/// # Errors
/// What the store refuses.
pub(crate) async fn ensure_demo_disclosure(
    store: &Store,
    sites: &SampleSites,
) -> Result<Vec<DemoChecklist>, CliError> {
    let actor = Actor::default();
    let mut checklists = Vec::new();
    for (code, year) in SEED_YEARS {
        let (Some(framework), Some(base)) = (Framework::builtin(year), sites.base(code)) else {
            continue;
        };
        let Some(agency) = store.find_agency_by_code(code).await? else {
            continue;
        };
        let home_url = format!("{base}/");
        let mut settings = store.disclosure_settings(agency.id).await?;
        let old_base = sample_origin(&settings.home_url);
        if settings.home_url != home_url {
            settings.home_url.clone_from(&home_url);
            store
                .save_disclosure_settings(actor, agency.id, &settings)
                .await?;
        }
        let entries = store.disclosure_entries(agency.id, year).await?;
        if entries.is_empty() {
            let mut departments = store.list_departments(agency.id).await?;
            departments.sort_by_key(|d| d.sort_order);
            let plan = plan_entries(
                &Plan {
                    agency_id: agency.id,
                    code,
                    year,
                    base,
                },
                &framework,
                &departments,
                &sample_evidence(year),
            );
            store.insert_disclosure_entries(actor, &plan).await?;
        } else if let Some(old) = old_base.filter(|old| old != base) {
            for entry in entries {
                if let Some(moved) = move_links(&entry, &old, base) {
                    store.save_disclosure_entry(actor, &moved).await?;
                }
            }
        }
        checklists.push(DemoChecklist {
            agency,
            year,
            home_url,
        });
    }
    Ok(checklists)
}

/// `http://127.0.0.1:8091` when `home_url` is a page of a site on this machine
/// (as the demo sets it); `None` for any other address, whose links the demo
/// never moves.
fn sample_origin(home_url: &str) -> Option<String> {
    let rest = home_url.trim().strip_prefix("http://")?;
    let authority = rest.split('/').next()?;
    let addr: SocketAddr = authority.parse().ok()?;
    addr.ip()
        .is_loopback()
        .then(|| format!("http://{authority}"))
}

/// The entry with its links on `old` moved to `new`; `None` when none was.
fn move_links(entry: &DisclosureEntry, old: &str, new: &str) -> Option<DisclosureEntry> {
    let prefix = format!("{old}/");
    if !entry.links.iter().any(|l| l.url.starts_with(&prefix)) {
        return None;
    }
    let links = entry
        .links
        .iter()
        .map(|link| EvidenceLink {
            url: link
                .url
                .strip_prefix(&prefix)
                .map_or_else(|| link.url.clone(), |path| format!("{new}/{path}")),
            note: link.note.clone(),
        })
        .collect();
    Some(DisclosureEntry {
        links,
        ..entry.clone()
    })
}

/// Whose checklist is planned, and where its sample site is.
#[derive(Debug, Clone, Copy)]
struct Plan<'a> {
    agency_id: AgencyId,
    code: &'a str,
    year: i32,
    base: &'a str,
}

/// What the demo makes of one item's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Good,
    /// A page and its PDF.
    GoodWithPdf,
    /// An old address the site redirects to the page.
    Redirected,
    /// The page works, the attached file is gone.
    Broken,
    WrongYear,
    /// The page exists but nothing on the site links to it.
    Unlinked,
    NotStarted,
}

/// The fates in turn, from an offset that differs per agency: most items
/// working, about one in four failing a check, one in twelve not started.
const FATES: [Fate; 12] = [
    Fate::Good,
    Fate::GoodWithPdf,
    Fate::Good,
    Fate::Broken,
    Fate::Redirected,
    Fate::Good,
    Fate::WrongYear,
    Fate::Good,
    Fate::NotStarted,
    Fate::GoodWithPdf,
    Fate::Good,
    Fate::Broken,
];

/// Which department publishes what: an item whose title holds one of the
/// words goes to the first department whose name starts with one of the
/// names; anything else to the first department (สำนักปลัด, which keeps the
/// website in a small local government).
const OWNERS: [(&[&str], &[&str]); 2] = [
    (&["E-Service"], &["กองสาธารณสุข", "กองช่าง"]),
    (&["จัดซื้อ", "พัสดุ", "งบประมาณ"], &["กองคลัง"]),
];

/// Every item of the year's framework as an entry, from the sample site's pages.
fn plan_entries(
    plan: &Plan<'_>,
    framework: &Framework,
    departments: &[Department],
    evidence: &[SampleEvidence],
) -> Vec<DisclosureEntry> {
    let of_kind = |wanted: fn(&SampleKind) -> bool| -> Vec<&SampleEvidence> {
        evidence.iter().filter(|e| wanted(&e.kind)).collect()
    };
    let pools = Pools {
        good: of_kind(|k| matches!(k, SampleKind::Good)),
        pdf: of_kind(|k| matches!(k, SampleKind::GoodPdf)),
        redirected: of_kind(|k| matches!(k, SampleKind::Redirected)),
        broken: of_kind(|k| matches!(k, SampleKind::Broken)),
        unlinked: of_kind(|k| matches!(k, SampleKind::Unlinked)),
        wrong_year: of_kind(|k| matches!(k, SampleKind::WrongYear)),
    };
    let offset = Rng::seeded(plan.code).below(12) as usize;
    let now = Utc::now();
    framework
        .oit_items()
        .enumerate()
        .map(|(i, item)| {
            let fate = if item.title_th.contains("E-Service") {
                Fate::Unlinked
            } else {
                FATES[(i + offset) % FATES.len()]
            };
            let pages = pools.pages(fate, i);
            let links = pages
                .iter()
                .map(|page| EvidenceLink {
                    url: format!("{}/{}", plan.base, page.path.trim_start_matches('/')),
                    note: page.title_th.to_owned(),
                })
                .collect();
            let mut keywords = vec![item_keyword(item)];
            for word in pages.iter().flat_map(|p| &p.keywords) {
                if !keywords.contains(word) {
                    keywords.push(word.clone());
                }
            }
            let status = match fate {
                Fate::NotStarted => DisclosureStatus::NotStarted,
                _ if i % 3 == 0 => DisclosureStatus::Submitted,
                _ => DisclosureStatus::Ready,
            };
            let explanation = if status.is_done() {
                format!(
                    "เผยแพร่ข้อมูล “{}” บนเว็บไซต์ของหน่วยงานแล้ว ดูได้ตามลิงก์ที่แนบ",
                    item.title_th
                )
            } else {
                String::new()
            };
            DisclosureEntry {
                department_id: owner(item, departments),
                links,
                explanation,
                keywords,
                status,
                due_on: due_on(plan.year, i),
                updated_at: now,
                ..DisclosureEntry::empty(plan.agency_id, plan.year, &item.code)
            }
        })
        .collect()
}

/// The sample pages of each kind.
struct Pools<'a> {
    good: Vec<&'a SampleEvidence>,
    pdf: Vec<&'a SampleEvidence>,
    redirected: Vec<&'a SampleEvidence>,
    broken: Vec<&'a SampleEvidence>,
    unlinked: Vec<&'a SampleEvidence>,
    wrong_year: Vec<&'a SampleEvidence>,
}

impl<'a> Pools<'a> {
    /// The pages the `i`-th item links to, taking the pools in turn.
    fn pages(&self, fate: Fate, i: usize) -> Vec<&'a SampleEvidence> {
        let nth = |pool: &[&'a SampleEvidence]| -> Option<&'a SampleEvidence> {
            (!pool.is_empty()).then(|| pool[i % pool.len()])
        };
        let pages = match fate {
            Fate::Good => vec![nth(&self.good)],
            Fate::GoodWithPdf => vec![nth(&self.good), nth(&self.pdf)],
            Fate::Redirected => vec![nth(&self.redirected)],
            Fate::Broken => vec![nth(&self.good), nth(&self.broken)],
            Fate::WrongYear => vec![nth(&self.wrong_year)],
            Fate::Unlinked => vec![nth(&self.unlinked)],
            Fate::NotStarted => Vec::new(),
        };
        pages.into_iter().flatten().collect()
    }
}

/// The first words of the item's title ("แผนดำเนินงานประจำปี"), as the
/// checklist pre-fills them.
fn item_keyword(item: &OitItem) -> String {
    item.title_th
        .split_whitespace()
        .next()
        .unwrap_or(&item.title_th)
        .to_owned()
}

fn owner(item: &OitItem, departments: &[Department]) -> Option<DepartmentId> {
    OWNERS
        .iter()
        .filter(|(words, _)| words.iter().any(|w| item.title_th.contains(w)))
        .flat_map(|(_, names)| names.iter())
        .find_map(|name| departments.iter().find(|d| d.name.starts_with(name)))
        .or_else(|| departments.first())
        .map(|d| d.id)
}

/// Spread from mid-January to the end of March of the fiscal year: NACC
/// assesses the OIT in the second half of the year, so the working group's
/// own dates fall well before it.
fn due_on(year: i32, i: usize) -> Option<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(year - 543, 1, 15)?;
    let days = u64::try_from(i * 5 % 75).ok()?;
    start.checked_add_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn departments(agency_id: AgencyId) -> Vec<Department> {
        ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองสาธารณสุข"]
            .iter()
            .zip(1..)
            .map(|(name, sort_order)| Department {
                agency_id,
                id: DepartmentId::new(),
                name: (*name).to_owned(),
                sort_order,
            })
            .collect()
    }

    fn planned(code: &str, year: i32, base: &str) -> (Vec<DisclosureEntry>, Vec<Department>) {
        let agency_id = AgencyId::new();
        let departments = departments(agency_id);
        let plan = Plan {
            agency_id,
            code,
            year,
            base,
        };
        let framework = Framework::builtin(year).unwrap();
        let entries = plan_entries(&plan, &framework, &departments, &sample_evidence(year));
        (entries, departments)
    }

    /// The sample page a link on `base` opens.
    fn page_of<'a>(evidence: &'a [SampleEvidence], base: &str, url: &str) -> &'a SampleEvidence {
        let path = url.strip_prefix(base).unwrap().trim_start_matches('/');
        evidence
            .iter()
            .find(|p| p.path.trim_start_matches('/') == path)
            .unwrap_or_else(|| panic!("{url} is a sample page"))
    }

    #[test]
    fn every_item_gets_an_entry_with_every_kind_of_link_on_the_base() {
        for (code, year) in SEED_YEARS {
            let base = "http://127.0.0.1:8091";
            let (entries, departments) = planned(code, year, base);
            let framework = Framework::builtin(year).unwrap();
            let items: Vec<_> = framework.oit_items().map(|i| i.code.clone()).collect();
            let codes: Vec<_> = entries.iter().map(|e| e.item_code.clone()).collect();
            assert_eq!(codes, items, "{code}");
            let evidence = sample_evidence(year);
            let mut kinds = BTreeSet::new();
            for link in entries.iter().flat_map(|e| &e.links) {
                let page = page_of(&evidence, base, &link.url);
                kinds.insert(format!("{:?}", page.kind));
                assert!(!link.note.is_empty());
            }
            assert_eq!(kinds.len(), 6, "{code}: {kinds:?}");
            let statuses: BTreeSet<_> = entries.iter().map(|e| e.status).collect();
            assert_eq!(statuses.len(), 3, "{code}");
            for e in &entries {
                assert_eq!(e.links.is_empty(), e.status == DisclosureStatus::NotStarted);
                assert!(!e.keywords.is_empty());
                let due = e.due_on.unwrap();
                assert!(due < NaiveDate::from_ymd_opt(year - 543, 4, 1).unwrap());
                assert!(e.department_id.is_some());
                assert_eq!(e.version, 0);
            }
            let eservice = framework
                .oit_items()
                .find(|i| i.title_th.contains("E-Service"))
                .unwrap();
            let entry = entries
                .iter()
                .find(|e| e.item_code == eservice.code)
                .unwrap();
            let health = departments
                .iter()
                .find(|d| d.name == "กองสาธารณสุข")
                .unwrap();
            assert_eq!(entry.department_id, Some(health.id));
            let page = page_of(&evidence, base, &entry.links[0].url);
            assert!(matches!(page.kind, SampleKind::Unlinked));
            let owners: BTreeSet<_> = entries.iter().map(|e| e.department_id).collect();
            assert!(owners.len() >= 3, "{code}: {owners:?}");
            let good = entries
                .iter()
                .filter(|e| {
                    e.links.iter().all(|l| {
                        let page = page_of(&evidence, base, &l.url);
                        matches!(
                            page.kind,
                            SampleKind::Good | SampleKind::GoodPdf | SampleKind::Redirected
                        )
                    }) && !e.links.is_empty()
                })
                .count();
            assert!(good * 2 > entries.len(), "{code}: most items are good");
        }
    }

    #[test]
    fn the_plan_is_the_same_every_run_and_differs_between_agencies() {
        let strip =
            |entries: Vec<DisclosureEntry>| -> Vec<(String, Vec<EvidenceLink>, DisclosureStatus)> {
                entries
                    .into_iter()
                    .map(|e| (e.item_code, e.links, e.status))
                    .collect()
            };
        let base = "http://127.0.0.1:8091";
        let a = strip(planned("bangkhae", 2566, base).0);
        assert_eq!(a, strip(planned("bangkhae", 2566, base).0));
        assert_ne!(
            a,
            strip(planned("pathumyai-nakhonratchasima", 2566, base).0)
        );
    }

    #[test]
    fn ports_count_up_and_only_sample_sites_on_this_machine_are_moved() {
        let planned = SampleSites::planned("127.0.0.1:9000".parse().unwrap());
        let bases: Vec<_> = planned.0.iter().map(|(_, _, b)| b.as_str()).collect();
        assert_eq!(
            bases,
            [
                "http://127.0.0.1:9000",
                "http://127.0.0.1:9001",
                "http://127.0.0.1:9002",
                "http://127.0.0.1:9003"
            ]
        );
        let zero = SampleSites::planned("127.0.0.1:0".parse().unwrap());
        assert_eq!(zero.base("dindaeng-krabi"), Some("http://127.0.0.1:8091"));

        assert_eq!(
            sample_origin("http://127.0.0.1:8091/"),
            Some("http://127.0.0.1:8091".to_owned())
        );
        assert_eq!(sample_origin("https://www.dindaeng.go.th/"), None);
        assert_eq!(sample_origin("http://10.0.0.5:80/"), None);
        assert_eq!(sample_origin(""), None);

        let mut entry = DisclosureEntry::empty(AgencyId::new(), 2568, "O1");
        entry.links = vec![
            EvidenceLink {
                url: "http://127.0.0.1:8091/oit/structure".to_owned(),
                note: "โครงสร้าง".to_owned(),
            },
            EvidenceLink {
                url: "https://www.dindaeng.go.th/a".to_owned(),
                note: String::new(),
            },
        ];
        let moved = move_links(&entry, "http://127.0.0.1:8091", "http://127.0.0.1:9000").unwrap();
        assert_eq!(moved.links[0].url, "http://127.0.0.1:9000/oit/structure");
        assert_eq!(moved.links[0].note, "โครงสร้าง");
        assert_eq!(moved.links[1], entry.links[1]);
        assert!(move_links(&moved, "http://127.0.0.1:8091", "http://127.0.0.1:9000").is_none());
    }
}

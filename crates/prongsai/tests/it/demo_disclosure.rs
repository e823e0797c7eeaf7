//! The demo's OIT checklists and surveys, loaded by the real binary
//! (`demo --no-serve`) and read back through the store: every item of the
//! year's framework has an entry, the links point at the agency's sample site
//! and show every kind of page, the surveys reach their samples and the engine
//! predicts scores from them; a second run adds nothing and moves the links when
//! the sample site's address changes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use prongsai_core::disclosure::DisclosureStatus;
use prongsai_core::ita::{Framework, Instrument};
use prongsai_core::surveys::{SurveyKind, SurveyStatus, predict};
use prongsai_store::Store;
use prongsai_testkit::sample_site::sample_evidence;

/// Each demo agency's checklist year, in the order their sample sites' ports count.
const AGENCIES: [(&str, i32); 4] = [
    ("dindaeng-krabi", 2568),
    ("pathumyai-nakhonratchasima", 2566),
    ("bangkhae", 2566),
    ("nongprung-phetchaburi", 2565),
];

fn demo(data_dir: &Path, sample_site: Option<&str>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(["demo", "--no-serve"])
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_DATA_DIR")
        .env_remove("PRONGSAI_CONFIG")
        .env_remove("PRONGSAI_SAMPLE_SITE")
        .env("PRONGSAI_LOG", "warn");
    if let Some(addr) = sample_site {
        command.args(["--sample-site", addr]);
    }
    let out = command.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Per agency: (item code, links) of its entries, and the response count of
/// each survey.
type Snapshot = Vec<(Vec<(String, Vec<String>)>, Vec<u64>)>;

async fn snapshot(store: &Store) -> Snapshot {
    let mut out = Vec::new();
    for (code, year) in AGENCIES {
        let agency = store.find_agency_by_code(code).await.unwrap().unwrap();
        let entries = store
            .disclosure_entries(agency.id, year)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.item_code, e.links.into_iter().map(|l| l.url).collect()))
            .collect();
        let mut counts = Vec::new();
        for survey in store.surveys(agency.id, Some(year)).await.unwrap() {
            counts.push(
                store
                    .survey_response_count(agency.id, survey.id)
                    .await
                    .unwrap(),
            );
        }
        out.push((entries, counts));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_checklists_and_surveys_are_complete_load_once_and_follow_the_sample_site() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path(), None);
    let store = Store::open_sqlite(&dir.path().join("prongsai.db"))
        .await
        .unwrap();

    for ((code, year), port) in AGENCIES.into_iter().zip(8091..) {
        let agency = store.find_agency_by_code(code).await.unwrap().unwrap();
        let framework = Framework::builtin(year).unwrap();
        let base = format!("http://127.0.0.1:{port}/");
        let settings = store.disclosure_settings(agency.id).await.unwrap();
        assert_eq!(settings.home_url, base, "{code}");

        let entries = store.disclosure_entries(agency.id, year).await.unwrap();
        let items: BTreeSet<String> = framework.oit_items().map(|i| i.code.clone()).collect();
        let codes: BTreeSet<String> = entries.iter().map(|e| e.item_code.clone()).collect();
        assert_eq!(codes, items, "{code}: every item of {year}");
        assert_eq!(entries.len(), items.len());

        let kinds: BTreeMap<String, String> = sample_evidence(year)
            .into_iter()
            .map(|p| {
                (
                    format!("{base}{}", p.path.trim_start_matches('/')),
                    format!("{:?}", p.kind),
                )
            })
            .collect();
        let mut seen = BTreeSet::new();
        for link in entries.iter().flat_map(|e| &e.links) {
            let kind = kinds
                .get(&link.url)
                .unwrap_or_else(|| panic!("{code}: {} is not a sample page", link.url));
            seen.insert(kind.clone());
        }
        let all: BTreeSet<String> = kinds.values().cloned().collect();
        assert_eq!(seen, all, "{code}: every kind of sample page is linked");
        assert!(
            entries
                .iter()
                .any(|e| e.status == DisclosureStatus::NotStarted && e.links.is_empty()),
            "{code}: some items not started"
        );
        assert!(entries.iter().all(|e| e.department_id.is_some()));
        assert!(entries.iter().all(|e| !e.keywords.is_empty()));

        let surveys = store.surveys(agency.id, Some(year)).await.unwrap();
        let kinds: BTreeSet<&str> = surveys.iter().map(|s| s.kind.code()).collect();
        assert_eq!(kinds.len(), 3, "{code}: IIT, EIT and satisfaction");
        assert_eq!(
            surveys
                .iter()
                .filter(|s| s.status == SurveyStatus::Closed)
                .count(),
            1
        );
        let mut by_kind = BTreeMap::new();
        for survey in &surveys {
            let responses = store.survey_responses(agency.id, survey.id).await.unwrap();
            let needed = survey.minimum_sample().unwrap_or(40);
            assert!(
                responses.len() >= needed as usize,
                "{code} {}: {} of {needed}",
                survey.title,
                responses.len()
            );
            by_kind.insert(survey.kind.code(), responses);
        }
        let eit = store
            .find_survey_by_token(
                agency.id,
                &surveys
                    .iter()
                    .find(|s| s.kind == SurveyKind::Eit)
                    .unwrap()
                    .public_token,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            eit.status,
            SurveyStatus::Open,
            "its public link can be tried"
        );

        let report = predict(&framework, &by_kind["iit"], &by_kind["eit"], None).unwrap();
        for instrument in [Instrument::Iit, Instrument::Eit] {
            let percent = report.instruments[&instrument].percent;
            assert!(
                (40.0..100.0).contains(&percent),
                "{code}: {instrument:?} {percent}"
            );
        }
    }

    let before = snapshot(&store).await;
    demo(dir.path(), None);
    assert_eq!(snapshot(&store).await, before, "a second run adds nothing");

    demo(dir.path(), Some("127.0.0.1:9191"));
    let moved = snapshot(&store).await;
    for (((code, _), port), (entries, counts)) in AGENCIES.into_iter().zip(9191..).zip(&moved) {
        let base = format!("http://127.0.0.1:{port}/");
        assert!(
            entries
                .iter()
                .flat_map(|(_, links)| links)
                .all(|url| url.starts_with(&base)),
            "{code}: links moved to {base}"
        );
        let agency = store.find_agency_by_code(code).await.unwrap().unwrap();
        let settings = store.disclosure_settings(agency.id).await.unwrap();
        assert_eq!(settings.home_url, base);
        let i = AGENCIES.iter().position(|(c, _)| *c == code).unwrap();
        assert_eq!(counts, &before[i].1, "{code}: responses unchanged");
        assert_eq!(
            entries.len(),
            before[i].0.len(),
            "{code}: entries unchanged"
        );
    }
    store.close().await;
}

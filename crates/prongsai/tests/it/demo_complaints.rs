//! The demo's complaints and corruption reports, loaded by the real binary
//! (`demo --no-serve`) and read back through the store: every status and channel
//! is there, running the demo again adds nothing, the fictional contacts open with
//! the configured master key only, and no file of the data folder holds one of
//! them in the clear.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use prongsai_app::case_files::CaseVault;
use prongsai_core::complaints::sealing::MasterKey;
use prongsai_core::complaints::{CaseKind, CaseStatus, Channel};
use prongsai_store::{CaseFilter, Store};

const CODES: [&str; 4] = [
    "dindaeng-krabi",
    "pathumyai-nakhonratchasima",
    "bangkhae",
    "nongprung-phetchaburi",
];

fn demo(data_dir: &Path, key: &MasterKey) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["demo", "--no-serve"])
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_DATA_DIR")
        .env_remove("PRONGSAI_CONFIG")
        .env("PRONGSAI_MASTER_KEY", key.to_base64())
        .env("PRONGSAI_LOG", "warn")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Cases and messages per agency: what a second run could duplicate.
async fn snapshot(store: &Store) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for code in CODES {
        let agency = store.find_agency_by_code(code).await.unwrap().unwrap();
        let cases = store
            .list_cases(agency.id, &CaseFilter::default())
            .await
            .unwrap();
        let mut messages = 0;
        for c in &cases {
            messages += store.case_messages(agency.id, c.id).await.unwrap().len();
        }
        out.push((cases.len(), messages));
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_cases_cover_the_workflow_load_once_and_keep_contacts_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate();
    let first = demo(dir.path(), &key);
    assert!(
        !dir.path().join("master.key").exists(),
        "a configured key leaves no key file"
    );
    let printed = String::from_utf8_lossy(&first.stdout);
    assert!(!printed.contains("นามสมมติ"), "{printed}");

    let store = Store::open_sqlite(&dir.path().join("prongsai.db"))
        .await
        .unwrap();
    let vault = CaseVault::new(dir.path(), key.clone());
    let stranger = CaseVault::new(dir.path(), MasterKey::generate());
    let mut secrets = BTreeSet::new();
    for code in CODES {
        let agency = store.find_agency_by_code(code).await.unwrap().unwrap();
        let cases = store
            .list_cases(agency.id, &CaseFilter::default())
            .await
            .unwrap();
        let complaints: Vec<_> = cases
            .iter()
            .filter(|c| c.kind == CaseKind::Complaint)
            .collect();
        let reports: Vec<_> = cases
            .iter()
            .filter(|c| c.kind == CaseKind::Corruption)
            .collect();
        assert!(complaints.len() >= 44, "{code}: {}", complaints.len());
        assert!(reports.len() >= 8, "{code}: {}", reports.len());
        let statuses: BTreeSet<CaseStatus> = complaints.iter().map(|c| c.status).collect();
        assert_eq!(
            statuses.len(),
            CaseStatus::ALL.len(),
            "{code}: {statuses:?}"
        );
        let statuses: BTreeSet<CaseStatus> = reports.iter().map(|c| c.status).collect();
        assert_eq!(
            statuses.len(),
            CaseStatus::ALL.len(),
            "{code}: {statuses:?}"
        );
        let channels: BTreeSet<Channel> = cases.iter().map(|c| c.channel).collect();
        assert_eq!(channels.len(), Channel::ALL.len(), "{code}: {channels:?}");
        let years: BTreeSet<i32> = cases.iter().map(|c| c.fiscal_year).collect();
        assert_eq!(
            years.len(),
            2,
            "the seed's year and the current one: {years:?}"
        );
        for kind in CaseKind::ALL {
            let mut numbers: Vec<(i32, i32)> = cases
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| (c.fiscal_year, c.number))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            assert_eq!(
                numbers.len(),
                cases.iter().filter(|c| c.kind == kind).count(),
                "{code}: one number per case"
            );
        }
        assert!(
            cases
                .iter()
                .any(|c| c.status.is_answered() && c.first_reply_at.is_some()),
            "{code}: replies recorded"
        );

        let admin = store
            .find_user_by_username(&format!("admin.{}", code.split('-').next().unwrap()))
            .await
            .unwrap()
            .unwrap();
        assert!(
            store
                .is_corruption_handler(agency.id, admin.id)
                .await
                .unwrap()
        );
        let settings = store.complaint_settings(agency.id).await.unwrap();
        assert!(
            settings
                .notify_emails
                .iter()
                .all(|e| e.ends_with(".example.go.th")),
            "{settings:?}"
        );
        assert!(!settings.notify_emails.is_empty());

        let mut sealed = 0;
        for c in &cases {
            let Some(contact) = vault.open_contact(c).unwrap() else {
                continue;
            };
            sealed += 1;
            assert!(contact.name.ends_with("(นามสมมติ)"), "{contact:?}");
            assert!(
                stranger.open_contact(c).is_err(),
                "another key opens nothing"
            );
            for value in [&contact.name, &contact.phone, &contact.email] {
                if !value.is_empty() {
                    assert!(!c.details.contains(value.as_str()));
                    secrets.insert(value.clone());
                }
            }
        }
        assert!(sealed > 0, "{code}: some reporters left a contact");
        assert!(
            reports.iter().any(|c| c.contact_sealed.is_none()),
            "{code}: anonymous reports"
        );
    }

    let before = snapshot(&store).await;
    demo(dir.path(), &key);
    assert_eq!(snapshot(&store).await, before, "a second run adds nothing");
    store.close().await;

    assert!(secrets.len() > 10, "{secrets:?}");
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for secret in &secrets {
            assert!(
                !contains(&bytes, secret),
                "{} holds {secret} in the clear",
                path.display()
            );
        }
    }
}

//! The server killed with SIGKILL while citizens file complaints, again and
//! again: after each restart every complaint whose receipt was shown is still
//! there, and SQLite finds its file whole. Ten rounds by default;
//! `PRONGSAI_CRASH_ROUNDS` sets another number (the script to repeat it is
//! `cargo test -p prongsai --profile ci -- crash`).

use std::time::Duration;

use prongsai_store::Store;
use tokio::sync::watch;

use crate::intake::{Receipt, file_complaints, track};
use crate::processes::{prongsai_command, serve};

const AGENCY: &str = "bansuan-chonburi";

fn rounds() -> usize {
    std::env::var("PRONGSAI_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
}

#[tokio::test]
async fn no_acknowledged_complaint_is_lost_when_the_server_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let added = prongsai_command(
        dir.path(),
        &[
            "agency",
            "add",
            "--code",
            AGENCY,
            "--name",
            "เทศบาลเมืองบ้านสวน",
            "--kind",
            "town-municipality",
            "--province",
            "ชลบุรี",
        ],
    )
    .output()
    .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let mut receipts: Vec<Receipt> = Vec::new();
    let rounds = rounds();
    for round in 0..rounds {
        let (mut server, base) = serve(dir.path()).await;
        let (_stop, stopped) = watch::channel(false);
        let load = tokio::spawn(async move { file_complaints(&base, AGENCY, 3, stopped).await });
        // A different moment in the writing each round.
        let moment = 250 + (round as u64 * 137) % 600;
        tokio::time::sleep(Duration::from_millis(moment)).await;
        server.0.kill().unwrap();
        server.0.wait().unwrap();
        let filed = load.await.unwrap();
        assert!(!filed.is_empty(), "round {round}: nothing was filed");
        receipts.extend(filed);
    }

    let (_server, base) = serve(dir.path()).await;
    let mut lost = Vec::new();
    for receipt in &receipts {
        if track(&base, AGENCY, &receipt.code).await != 200 {
            lost.push(receipt.code.clone());
        }
    }
    println!(
        "crash rounds: {rounds}, receipts: {}, lost: {}",
        receipts.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    let store = Store::open_sqlite(&dir.path().join("prongsai.db"))
        .await
        .unwrap();
    assert_eq!(
        store.integrity_problems().await.unwrap(),
        Vec::<String>::new()
    );
    store.close().await;
}

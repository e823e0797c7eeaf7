//! `prongsai backup` while citizens file complaints, then `prongsai restore`
//! into a new folder: every complaint acknowledged before the backup began is
//! found there by its tracking code; and a restore that finds anything wrong
//! (a damaged file, a missing or wrong master key, a database in the way)
//! changes nothing.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::intake::{file_complaints, track};
use crate::processes::{prongsai_command, serve};

const AGENCY: &str = "khaokho-phetchabun";

fn run(data_dir: &Path, args: &[&str]) -> Output {
    prongsai_command(data_dir, args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A data folder with its master key, one agency and some uploaded files to
/// carry along.
fn installation(data_dir: &Path) {
    let key = run(data_dir, &["key", "generate"]);
    std::fs::create_dir_all(data_dir).unwrap();
    std::fs::write(data_dir.join("master.key"), &key.stdout).unwrap();
    let added = run(
        data_dir,
        &[
            "agency",
            "add",
            "--code",
            AGENCY,
            "--name",
            "องค์การบริหารส่วนตำบลเขาค้อ",
            "--kind",
            "sao",
            "--province",
            "เพชรบูรณ์",
        ],
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    // Enough bytes that the files are still being copied while complaints
    // keep arriving.
    let evidence = data_dir.join("evidence").join("sample");
    std::fs::create_dir_all(&evidence).unwrap();
    for index in 0..8 {
        let bytes: Vec<u8> = (0..4_000_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> (index + 7)) as u8)
            .collect();
        std::fs::write(evidence.join(format!("scan-{index}.pdf")), bytes).unwrap();
    }
}

#[tokio::test]
async fn a_backup_taken_under_load_restores_every_acknowledged_complaint() {
    let live = tempfile::tempdir().unwrap();
    installation(live.path());
    let (server, base) = serve(live.path()).await;
    let (stop, stopped) = watch::channel(false);
    let load = tokio::spawn({
        let base = base.clone();
        async move { file_complaints(&base, AGENCY, 2, stopped).await }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;

    let backups = tempfile::tempdir().unwrap();
    let archive = backups.path().join("under-load.zip");
    let began = Instant::now();
    let backup = tokio::task::spawn_blocking({
        let (dir, archive) = (live.path().to_owned(), archive.clone());
        move || run(&dir, &["backup", "--to", archive.to_str().unwrap()])
    })
    .await
    .unwrap();
    let ended = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(true).unwrap();
    let receipts = load.await.unwrap();
    drop(server);
    assert!(backup.status.success(), "{}", text(&backup.stderr));

    let before: Vec<_> = receipts.iter().filter(|r| r.at < began).collect();
    let during = receipts
        .iter()
        .filter(|r| r.at >= began && r.at < ended)
        .count();
    let after: Vec<_> = receipts
        .iter()
        .filter(|r| r.at > ended + Duration::from_millis(50))
        .collect();
    assert!(
        before.len() >= 5,
        "load before the backup: {}",
        before.len()
    );
    assert!(during > 0, "no complaint arrived while the backup ran");
    println!(
        "backup under load: {} receipts before, {during} during, {} after",
        before.len(),
        after.len()
    );

    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(
        live.path().join("master.key"),
        restored.path().join("master.key"),
    )
    .unwrap();
    let restore = run(restored.path(), &["restore", archive.to_str().unwrap()]);
    assert!(restore.status.success(), "{}", text(&restore.stderr));
    assert!(text(&restore.stdout).contains("กู้คืนแล้ว"));
    for index in 0..8 {
        let name = format!("scan-{index}.pdf");
        assert_eq!(
            std::fs::read(restored.path().join("evidence/sample").join(&name)).unwrap(),
            std::fs::read(live.path().join("evidence/sample").join(&name)).unwrap(),
            "{name}"
        );
    }

    let (_server, base) = serve(restored.path()).await;
    for receipt in &before {
        assert_eq!(
            track(&base, AGENCY, &receipt.code).await,
            200,
            "complaint {} acknowledged before the backup began is missing",
            receipt.code
        );
    }
    // A snapshot, not a file copied later: what came after it is not in it.
    if let Some(late) = after.last() {
        assert_eq!(track(&base, AGENCY, &late.code).await, 404);
    }
}

#[test]
fn a_restore_that_finds_anything_wrong_changes_nothing() {
    let live = tempfile::tempdir().unwrap();
    installation(live.path());
    let archive = live.path().join("whole.zip");
    let made = run(live.path(), &["backup", "--to", archive.to_str().unwrap()]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let again = run(live.path(), &["backup", "--to", archive.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("มีไฟล์"),
        "{}",
        text(&again.stderr)
    );

    // Without the master key: refused, nothing written.
    let target = tempfile::tempdir().unwrap();
    let refused = run(target.path(), &["restore", archive.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("ไม่พบกุญแจหลัก"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!target.path().join("prongsai.db").exists());

    // Another installation's key: refused.
    let key = prongsai_command(target.path(), &["key", "generate"])
        .output()
        .unwrap();
    std::fs::write(target.path().join("master.key"), &key.stdout).unwrap();
    let wrong = run(target.path(), &["restore", archive.to_str().unwrap()]);
    assert!(
        text(&wrong.stderr).contains("ไม่ใช่กุญแจที่ใช้ตอนสำรอง"),
        "{}",
        text(&wrong.stderr)
    );
    assert!(!target.path().join("prongsai.db").exists());

    // The right key but one changed byte in a file: refused, nothing written.
    std::fs::copy(
        live.path().join("master.key"),
        target.path().join("master.key"),
    )
    .unwrap();
    let damaged = target.path().join("damaged.zip");
    let mut bytes = std::fs::read(&archive).unwrap();
    let in_a_file = bytes.len() / 2;
    bytes[in_a_file] ^= 0x55;
    std::fs::write(&damaged, bytes).unwrap();
    let broken = run(target.path(), &["restore", damaged.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(2), "{}", text(&broken.stdout));
    assert!(
        text(&broken.stderr).contains("เสียหาย"),
        "{}",
        text(&broken.stderr)
    );
    assert!(!target.path().join("prongsai.db").exists());
    assert!(!target.path().join("evidence").exists());
    let leftovers: Vec<_> = std::fs::read_dir(target.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");

    // Over a live installation's database: only with --force, which keeps the
    // old one aside.
    let over = run(live.path(), &["restore", archive.to_str().unwrap()]);
    assert!(
        text(&over.stderr).contains("--force"),
        "{}",
        text(&over.stderr)
    );
    let forced = run(
        live.path(),
        &["restore", "--force", archive.to_str().unwrap()],
    );
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let aside: Vec<_> = std::fs::read_dir(live.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".before-restore-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(aside[0].join("prongsai.db").exists());
    let listed = run(live.path(), &["agency", "list"]);
    assert!(text(&listed.stdout).contains(AGENCY));
}

#[test]
fn postgresql_is_pointed_to_its_own_tools() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
            "backup",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("pg_dump"),
        "{}",
        text(&out.stderr)
    );
}

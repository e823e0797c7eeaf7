//! `prongsai restore FILE`: every check first, into a hidden staging folder
//! inside the data folder; only then is what was there moved aside (with
//! `--force`) and the staged copy renamed into place. A refused restore leaves
//! the data folder as it was.

use std::fs::File;
use std::path::{Path, PathBuf};

use prongsai_store::Store;
use zip::ZipArchive;

use super::archive::{self, DATABASE, MANIFEST, Manifest, io_failure};
use crate::config::Config;
use crate::error::CliError;

/// The files a SQLite database in WAL mode keeps beside itself.
const DATABASE_SIDE_FILES: [&str; 2] = ["-wal", "-shm"];

/// Restores the backup `file` into the configured data folder; `force`
/// replaces a database that is there (moved aside, not deleted) and accepts a
/// master key that does not open the backup's sealed data.
pub(crate) async fn restore(config: &Config, file: &Path, force: bool) -> Result<(), CliError> {
    if config.database_url.is_some() {
        return Err(CliError::usage(
            "คำสั่งนี้กู้คืนฐานข้อมูล SQLite ในโฟลเดอร์ข้อมูล สำหรับ PostgreSQL ให้กู้คืนด้วย pg_restore",
        ));
    }
    let opened = File::open(file).map_err(|e| io_failure(file, &e))?;
    let mut zip = ZipArchive::new(opened).map_err(|e| damaged(&e))?;
    let manifest = Manifest::parse(&read_manifest(&mut zip)?)?;
    check_key(config, &manifest, force)?;
    let data_dir = &config.data_dir;
    let database = config.sqlite_path();
    if database.exists() && !force {
        return Err(CliError::usage(format!(
            "มีฐานข้อมูลอยู่แล้วที่ {}: หยุดเซิร์ฟเวอร์ แล้วสั่งอีกครั้งพร้อม --force \
             (ของเดิมจะถูกย้ายไปเก็บไว้ ไม่ถูกลบ)",
            database.display()
        )));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| io_failure(data_dir, &e))?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string();
    let staging = data_dir.join(format!(".restore-{stamp}"));
    let staged = stage(&mut zip, &manifest, &staging).await;
    if let Err(error) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    let aside = data_dir.join(format!(".before-restore-{stamp}"));
    let moved = move_current_aside(data_dir, &aside)?;
    for entry in std::fs::read_dir(&staging).map_err(|e| io_failure(&staging, &e))? {
        let entry = entry.map_err(|e| io_failure(&staging, &e))?;
        let target = data_dir.join(entry.file_name());
        std::fs::rename(entry.path(), &target).map_err(|e| io_failure(&target, &e))?;
    }
    std::fs::remove_dir(&staging).map_err(|e| io_failure(&staging, &e))?;
    println!(
        "กู้คืนแล้วจากสำรองเมื่อ {}: ฐานข้อมูลและไฟล์อื่น {} ไฟล์ ตรวจครบทุกไฟล์",
        manifest.made_at,
        manifest.files.len() - 1
    );
    if moved {
        println!("ข้อมูลเดิมย้ายไปเก็บไว้ที่ {}", aside.display());
    }
    Ok(())
}

fn damaged(error: &impl std::fmt::Display) -> CliError {
    CliError::usage(format!("ไฟล์สำรองเสียหายหรือไม่ใช่ไฟล์สำรอง: {error}"))
}

fn read_manifest(zip: &mut ZipArchive<File>) -> Result<Vec<u8>, CliError> {
    let mut entry = zip
        .by_name(MANIFEST)
        .map_err(|_| damaged(&"ไม่มีรายการไฟล์"))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut bytes).map_err(|e| damaged(&e))?;
    Ok(bytes)
}

/// The key this installation has must open the backup's sealed data (a
/// backup of an installation that had no key holds nothing sealed).
fn check_key(config: &Config, manifest: &Manifest, force: bool) -> Result<(), CliError> {
    let Some(check) = &manifest.key_check else {
        return Ok(());
    };
    let Some(key) = config.existing_master_key()? else {
        return Err(CliError::usage(
            "ไม่พบกุญแจหลัก: วางไฟล์ master.key เดิมไว้ในโฟลเดอร์ข้อมูล หรือตั้ง \
             PRONGSAI_MASTER_KEY ก่อนกู้คืน มิฉะนั้นตัวตนและไฟล์ของผู้แจ้งที่เข้ารหัสไว้จะเปิดอ่านไม่ได้",
        ));
    };
    if super::key_opens(&key, check) || force {
        Ok(())
    } else {
        Err(CliError::usage(
            "กุญแจหลักที่มีอยู่ไม่ใช่กุญแจที่ใช้ตอนสำรอง: ตัวตนและไฟล์ของผู้แจ้งจะเปิดอ่านไม่ได้ \
             ใช้กุญแจเดิม (หรือสั่งพร้อม --force หากยอมรับ)",
        ))
    }
}

/// Every file of the manifest written under `staging` with its size and
/// SHA-256 checked, then the database opened there (migrated to this build's
/// schema) and checked by SQLite.
async fn stage(
    zip: &mut ZipArchive<File>,
    manifest: &Manifest,
    staging: &Path,
) -> Result<(), CliError> {
    for file in &manifest.files {
        let target = staging.join(archive::relative_path(&file.path)?);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_failure(parent, &e))?;
        }
        let mut entry = zip
            .by_name(&file.path)
            .map_err(|_| damaged(&format!("ไม่มีไฟล์ {}", file.path)))?;
        let mut output = File::create(&target).map_err(|e| io_failure(&target, &e))?;
        let (size, sha256) = archive::copy_hashed(&mut entry, &mut output, file.size + 1)
            .map_err(|e| damaged(&format!("{}: {e}", file.path)))?;
        if size != file.size || sha256 != file.sha256 {
            return Err(damaged(&format!("{} ไม่ตรงกับที่บันทึกไว้", file.path)));
        }
        output.sync_all().map_err(|e| io_failure(&target, &e))?;
    }
    let database = staging.join(DATABASE);
    let store = Store::open_sqlite(&database).await.map_err(|e| {
        CliError::usage(format!(
            "ฐานข้อมูลในไฟล์สำรองใช้กับโปรแกรมรุ่นนี้ไม่ได้ (อาจสำรองจากรุ่นที่ใหม่กว่า): {e}"
        ))
    })?;
    let problems = store.integrity_problems().await;
    store.close().await;
    let problems = problems?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(damaged(&format!(
            "ฐานข้อมูลไม่ผ่านการตรวจ ({})",
            problems.join("; ")
        )))
    }
}

/// Moves the database (with its side files) and the data folders to `aside`;
/// whether there was anything to move.
fn move_current_aside(data_dir: &Path, aside: &Path) -> Result<bool, CliError> {
    let mut names: Vec<PathBuf> = std::iter::once(PathBuf::from(DATABASE))
        .chain(
            DATABASE_SIDE_FILES
                .iter()
                .map(|side| PathBuf::from(format!("{DATABASE}{side}"))),
        )
        .collect();
    for entry in std::fs::read_dir(data_dir).map_err(|e| io_failure(data_dir, &e))? {
        let entry = entry.map_err(|e| io_failure(data_dir, &e))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.path().is_dir() {
            names.push(PathBuf::from(entry.file_name()));
        }
    }
    let mut moved = false;
    for name in names {
        let from = data_dir.join(&name);
        if from.exists() {
            std::fs::create_dir_all(aside).map_err(|e| io_failure(aside, &e))?;
            std::fs::rename(&from, aside.join(&name)).map_err(|e| io_failure(&from, &e))?;
            moved = true;
        }
    }
    Ok(moved)
}

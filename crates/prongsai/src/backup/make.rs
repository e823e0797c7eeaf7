//! `prongsai backup`: the snapshot, the files, the manifest, written under a
//! temporary name and renamed into place once whole, so a backup that stopped
//! halfway never looks finished.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use prongsai_store::Store;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::archive::{self, DATABASE, MANIFEST, Manifest, ManifestFile, io_failure};
use crate::config::Config;
use crate::error::CliError;

/// Makes a backup of the installation at `to` (default: a dated file in the
/// current folder) and says what it holds.
pub(crate) async fn make(config: &Config, to: Option<PathBuf>) -> Result<(), CliError> {
    if config.database_url.is_some() {
        return Err(CliError::usage(
            "คำสั่งนี้สำรองฐานข้อมูล SQLite ในโฟลเดอร์ข้อมูล สำหรับ PostgreSQL ให้สำรองด้วย pg_dump \
             และสำรองโฟลเดอร์ข้อมูล (evidence, cases) แยกต่างหาก",
        ));
    }
    let database = config.sqlite_path();
    if !database.exists() {
        return Err(CliError::usage(format!(
            "ไม่พบฐานข้อมูลที่ {}",
            database.display()
        )));
    }
    let key = config.existing_master_key()?;
    let made_at = chrono::Utc::now();
    let destination = to.unwrap_or_else(|| {
        PathBuf::from(format!(
            "prongsai-backup-{}.zip",
            made_at.format("%Y%m%d-%H%M%S")
        ))
    });
    if destination.exists() {
        return Err(CliError::usage(format!(
            "มีไฟล์ {} อยู่แล้ว: ระบุชื่ออื่นด้วย --to",
            destination.display()
        )));
    }
    let store = Store::open_sqlite(&database).await?;
    let partial = with_suffix(&destination, ".part");
    let snapshot = with_suffix(&destination, ".db.part");
    let result = write(
        &store,
        &config.data_dir,
        &snapshot,
        &partial,
        Manifest::new(
            made_at.to_rfc3339(),
            key.as_ref().map(super::key_check),
            Vec::new(),
        ),
    )
    .await;
    store.close().await;
    let _ = std::fs::remove_file(&snapshot);
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    std::fs::rename(&partial, &destination).map_err(|e| io_failure(&destination, &e))?;
    let bytes: u64 = manifest.files.iter().map(|f| f.size).sum();
    println!(
        "สำรองแล้วที่ {}: ฐานข้อมูลและไฟล์อื่น {} ไฟล์ ({bytes} ไบต์ก่อนบีบอัด) ณ {}",
        destination.display(),
        manifest.files.len() - 1,
        manifest.made_at
    );
    println!("กุญแจหลักไม่อยู่ในไฟล์สำรอง: เก็บกุญแจไว้แยกต่างหาก การกู้คืนต้องใช้กุญแจเดียวกัน");
    Ok(())
}

/// The snapshot into `snapshot`, then the zip at `partial`; returns the
/// manifest written.
async fn write(
    store: &Store,
    data_dir: &Path,
    snapshot: &Path,
    partial: &Path,
    mut manifest: Manifest,
) -> Result<Manifest, CliError> {
    let _ = std::fs::remove_file(snapshot);
    store.snapshot_into(snapshot).await?;
    let file = File::create(partial).map_err(|e| io_failure(partial, &e))?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    let zip_failure = |e: zip::result::ZipError| {
        CliError::failure(format!("เขียนไฟล์สำรอง {} ไม่ได้: {e}", partial.display()))
    };
    let mut add = |name: &str, source: &Path| -> Result<ManifestFile, CliError> {
        zip.start_file(name, options).map_err(zip_failure)?;
        let mut input = File::open(source).map_err(|e| io_failure(source, &e))?;
        let (size, sha256) = archive::copy_hashed(&mut input, &mut zip, u64::MAX)
            .map_err(|e| io_failure(source, &e))?;
        Ok(ManifestFile {
            path: name.to_owned(),
            size,
            sha256,
        })
    };
    manifest.files.push(add(DATABASE, snapshot)?);
    for name in archive::data_files(data_dir)? {
        manifest.files.push(add(&name, &data_dir.join(&name))?);
    }
    zip.start_file(MANIFEST, options).map_err(zip_failure)?;
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| CliError::failure(format!("เขียนรายการไฟล์ไม่ได้: {e}")))?;
    zip.write_all(&json).map_err(|e| io_failure(partial, &e))?;
    let file = zip
        .finish()
        .map_err(zip_failure)?
        .into_inner()
        .map_err(|e| io_failure(partial, e.error()))?;
    file.sync_all().map_err(|e| io_failure(partial, &e))?;
    Ok(manifest)
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

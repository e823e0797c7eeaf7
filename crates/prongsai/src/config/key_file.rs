//! The master key's own file, `master.key` in the data folder: where the key
//! lives when neither the settings file nor the environment gives one. Kept
//! beside the data, never in the database, so a copy of the database alone opens
//! nothing; made on first use, readable by its owner only.

use std::io::Write as _;
use std::path::Path;

use prongsai_core::complaints::sealing::MasterKey;

use super::KEY_FORM;
use crate::error::CliError;

/// Reads the master key kept in `path`, or makes a new one there.
pub(super) fn key_file(path: &Path) -> Result<MasterKey, CliError> {
    match existing_key_file(path)? {
        Some(key) => Ok(key),
        None => create_key_file(path),
    }
}

/// Reads the master key kept in `path`; `None` when there is no such file.
pub(super) fn existing_key_file(path: &Path) -> Result<Option<MasterKey>, CliError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            tracing::info!(
                path = %path.display(),
                "ใช้กุญแจหลักจากไฟล์นี้: สำรองไฟล์แยกจากฐานข้อมูล"
            );
            MasterKey::from_base64(&text).map(Some).map_err(|_| {
                CliError::usage(format!("ไฟล์กุญแจหลัก {} เสียหาย: {KEY_FORM}", path.display()))
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::failure(format!(
            "อ่านไฟล์กุญแจหลัก {} ไม่ได้: {e}",
            path.display()
        ))),
    }
}

/// Writes a new key under a temporary name (owner-only) and links it into place,
/// so two processes starting together cannot each keep a different key: the
/// second finds the first's and reads it.
fn create_key_file(path: &Path) -> Result<MasterKey, CliError> {
    let failed = |e: std::io::Error| {
        CliError::failure(format!("สร้างไฟล์กุญแจหลัก {} ไม่ได้: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let key = MasterKey::generate();
    let temporary = path.with_extension(format!("{}.part", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let written = options
        .open(&temporary)
        .and_then(|mut f| {
            f.write_all(format!("{}\n", key.to_base64()).as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    match written {
        Ok(()) => {
            tracing::warn!(
                path = %path.display(),
                "สร้างกุญแจหลักใหม่แล้ว: สำรองไฟล์นี้แยกจากฐานข้อมูล หากไฟล์สูญหาย ตัวตนและไฟล์ของผู้แจ้งที่เข้ารหัสไว้ทั้งหมดจะเปิดอ่านไม่ได้อีก"
            );
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => key_file(path),
        Err(e) => Err(failed(e)),
    }
}

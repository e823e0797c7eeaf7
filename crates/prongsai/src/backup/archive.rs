//! The backup file: a zip holding the database snapshot, the data folder's
//! files and a manifest that lists each with its size and SHA-256, so a restore
//! can tell a damaged or tampered copy before anything is replaced.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::error::CliError;

/// The manifest's name inside the zip.
pub(super) const MANIFEST: &str = "manifest.json";
/// The database's name inside the zip and in the data folder.
pub(super) const DATABASE: &str = "prongsai.db";
const FORMAT: &str = "prongsai-backup";
const VERSION: u32 = 1;

/// What a backup holds.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
    format: String,
    version: u32,
    /// When the snapshot was taken (UTC, RFC 3339).
    pub(super) made_at: String,
    /// A known text sealed with the master key of the installation, so a
    /// restore can tell whether the key it has opens the backup's sealed
    /// identities, without the key being in the backup; `None` when the
    /// installation had no key yet (so nothing sealed).
    pub(super) key_check: Option<String>,
    pub(super) files: Vec<ManifestFile>,
}

/// One file of a backup: its path in the data folder (and in the zip).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct ManifestFile {
    pub(super) path: String,
    pub(super) size: u64,
    pub(super) sha256: String,
}

impl Manifest {
    pub(super) fn new(
        made_at: String,
        key_check: Option<String>,
        files: Vec<ManifestFile>,
    ) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            made_at,
            key_check,
            files,
        }
    }

    /// Reads a manifest, refusing another format or a newer version.
    pub(super) fn parse(bytes: &[u8]) -> Result<Self, CliError> {
        let manifest: Self = serde_json::from_slice(bytes)
            .map_err(|e| CliError::usage(format!("รายการไฟล์ในไฟล์สำรองอ่านไม่ได้: {e}")))?;
        if manifest.format != FORMAT {
            return Err(CliError::usage("ไม่ใช่ไฟล์สำรองของโปร่งใส"));
        }
        if manifest.version > VERSION {
            return Err(CliError::usage(format!(
                "ไฟล์สำรองรุ่น {} ใหม่กว่าที่โปรแกรมนี้อ่านได้ (รุ่น {VERSION}): ใช้โปรแกรมรุ่นที่ใหม่กว่า",
                manifest.version
            )));
        }
        for file in &manifest.files {
            relative_path(&file.path)?;
        }
        Ok(manifest)
    }
}

/// Copies `from` into `to`, returning the bytes copied and their SHA-256 in
/// hex; reads at most `limit` bytes (a restore never reads past what the
/// manifest says).
pub(super) fn copy_hashed(
    from: &mut impl Read,
    to: &mut impl Write,
    limit: u64,
) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    let mut size = 0u64;
    let mut from = from.take(limit);
    loop {
        let read = from.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        to.write_all(&buffer[..read])?;
        size += read as u64;
    }
    Ok((size, hex::encode(hasher.finalize())))
}

/// A manifest path as a relative path inside the data folder; refuses
/// absolute paths and `..`, so a crafted backup cannot write elsewhere.
pub(super) fn relative_path(path: &str) -> Result<PathBuf, CliError> {
    let relative = Path::new(path);
    let plain = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(relative.to_path_buf())
    } else {
        Err(CliError::usage(format!("ไฟล์สำรองมีชื่อไฟล์ที่ใช้ไม่ได้: {path}")))
    }
}

/// The files under the data folder's subfolders, as paths relative to it with
/// `/` between parts: uploaded evidence and sealed case attachments. Files
/// directly in the folder (the database, which is copied by snapshot, the
/// master key, the settings file) and hidden folders (a restore's staging) are
/// left out.
pub(super) fn data_files(data_dir: &Path) -> Result<Vec<String>, CliError> {
    let mut files = Vec::new();
    for entry in read_dir(data_dir)? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && entry.path().is_dir() {
            collect(&entry.path(), &name, &mut files)?;
        }
    }
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<String>) -> Result<(), CliError> {
    for entry in read_dir(dir)? {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            return Err(CliError::failure(format!(
                "ชื่อไฟล์ใน {} ไม่ใช่ UTF-8",
                dir.display()
            )));
        };
        let path = format!("{prefix}/{name}");
        let kind = entry
            .file_type()
            .map_err(|e| io_failure(&entry.path(), &e))?;
        if kind.is_dir() {
            collect(&entry.path(), &path, files)?;
        } else if kind.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<std::fs::DirEntry>, CliError> {
    std::fs::read_dir(dir)
        .and_then(Iterator::collect)
        .map_err(|e| io_failure(dir, &e))
}

/// "อ่านหรือเขียน PATH ไม่ได้: …".
pub(super) fn io_failure(path: &Path, error: &std::io::Error) -> CliError {
    CliError::failure(format!("อ่านหรือเขียน {} ไม่ได้: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_leaves_the_data_folder_is_refused() {
        assert!(relative_path("evidence/3/file.pdf").is_ok());
        for bad in ["", "/etc/passwd", "../master.key", "evidence/../../x"] {
            assert!(relative_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_copy_stops_at_its_limit_and_hashes_what_it_copied() {
        let mut out = Vec::new();
        let (size, hash) = copy_hashed(&mut &b"abcdef"[..], &mut out, 3).unwrap();
        assert_eq!((size, out.as_slice()), (3, &b"abc"[..]));
        assert_eq!(hash, hex::encode(Sha256::digest(b"abc")));
    }
}

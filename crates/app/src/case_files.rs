//! The sealed parts of a case: the reporter's contact and the files.
//!
//! Both are sealed with the agency's key ([`prongsai_core::complaints::sealing`])
//! before they reach the database or the disk, so neither a copy of the database,
//! an export, nor the data folder alone shows who reported or what they sent. Files
//! live under `{data_dir}/cases/{agency}/{attachment}`, outside anything served, and
//! each is bound to its attachment id. The command line uses the same vault (demo
//! data, deleting expired reports), so it is public.

use std::io;
use std::path::{Path, PathBuf};

use prongsai_core::complaints::sealing::{AgencyKey, MasterKey, SealError};
use prongsai_core::complaints::{Case, CaseAttachment, ReporterContact};
use prongsai_core::model::{AgencyId, CaseId};

/// Seals and opens what identifies a reporter.
#[derive(Debug, Clone)]
pub struct CaseVault {
    data_dir: PathBuf,
    master: MasterKey,
}

impl CaseVault {
    #[must_use]
    pub fn new(data_dir: &Path, master: MasterKey) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            master,
        }
    }

    /// The key of one agency.
    #[must_use]
    pub fn key(&self, agency: AgencyId) -> AgencyKey {
        self.master.agency_key(agency)
    }

    /// The sealed contact to store on a new case, or `None` when the reporter gave
    /// none (anonymous).
    #[must_use]
    pub fn seal_contact(
        &self,
        agency: AgencyId,
        case: CaseId,
        contact: &ReporterContact,
    ) -> Option<Vec<u8>> {
        if contact.is_empty() {
            return None;
        }
        let json = serde_json::to_vec(contact).expect("a contact serialises");
        Some(self.key(agency).seal(&json, case.0.as_bytes()))
    }

    /// The contact of a case, opened; `Ok(None)` for an anonymous one.
    ///
    /// # Errors
    /// When the sealed bytes do not open with this installation's key (the key
    /// was changed) or were altered.
    pub fn open_contact(&self, case: &Case) -> Result<Option<ReporterContact>, SealError> {
        let Some(sealed) = &case.contact_sealed else {
            return Ok(None);
        };
        let plain = self
            .key(case.agency_id)
            .open(sealed, case.id.0.as_bytes())?;
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|_| SealError::CannotOpen)
    }

    /// The keyed fingerprint a new file of `agency` is stored with (never a
    /// plain hash; see `sealing`).
    #[must_use]
    pub fn fingerprint(&self, agency: AgencyId, bytes: &[u8]) -> String {
        self.key(agency).file_fingerprint(bytes)
    }

    fn path(&self, file: &CaseAttachment) -> PathBuf {
        self.data_dir
            .join("cases")
            .join(file.agency_id.to_string())
            .join(file.id.to_string())
    }

    /// Seals and writes the bytes of a new file (a temporary name, then a rename,
    /// so a reader never sees half a file).
    ///
    /// # Errors
    /// I/O errors of the data folder.
    pub async fn write_file(&self, file: &CaseAttachment, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(file);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let sealed = self.key(file.agency_id).seal(bytes, file.id.0.as_bytes());
        let temporary = path.with_extension("part");
        tokio::fs::write(&temporary, sealed).await?;
        tokio::fs::rename(&temporary, &path).await
    }

    /// Reads and opens the bytes of a file.
    ///
    /// # Errors
    /// I/O errors, and `InvalidData` when the bytes do not open with this key.
    pub async fn read_file(&self, file: &CaseAttachment) -> io::Result<Vec<u8>> {
        let sealed = tokio::fs::read(self.path(file)).await?;
        self.key(file.agency_id)
            .open(&sealed, file.id.0.as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Removes the bytes of files whose rows are gone. A file already missing is
    /// fine; any other failure is logged, since the rows are gone either way.
    pub async fn remove_files(&self, files: &[CaseAttachment]) {
        for f in files {
            let path = self.path(f);
            match tokio::fs::remove_file(&path).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    tracing::warn!(path = %path.display(), error = %e, "case file not removed");
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use prongsai_core::model::CaseAttachmentId;

    use super::*;

    #[tokio::test]
    async fn files_are_sealed_on_disk_and_open_again() {
        let dir = tempfile::tempdir().unwrap();
        let vault = CaseVault::new(dir.path(), MasterKey::generate());
        let file = CaseAttachment {
            agency_id: AgencyId::new(),
            case_id: CaseId::new(),
            id: CaseAttachmentId::new(),
            file_name: "หลักฐาน.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            size_bytes: 20,
            sha256: String::new(),
            uploaded_at: Utc::now(),
            from_reporter: true,
        };
        let bytes = b"%PDF-1.7 secret words".to_vec();
        vault.write_file(&file, &bytes).await.unwrap();
        let on_disk = std::fs::read(vault.path(&file)).unwrap();
        assert!(!on_disk.windows(12).any(|w| w == b"secret words"));
        assert_eq!(vault.read_file(&file).await.unwrap(), bytes);
        let other = CaseVault::new(dir.path(), MasterKey::generate());
        assert_eq!(
            other.read_file(&file).await.unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        vault.remove_files(std::slice::from_ref(&file)).await;
        assert!(!vault.path(&file).exists());
    }
}

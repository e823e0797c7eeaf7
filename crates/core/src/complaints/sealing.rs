//! Sealing what identifies a reporter: XChaCha20-Poly1305 with a key per agency.
//!
//! The installation has one master key kept outside the database (the
//! configuration file or the environment, never a table); each agency's key is
//! derived from it with HKDF-SHA-256 and the agency id, so a database copy or an
//! export alone reveals nothing, and one agency's key opens nothing of another's.
//! Every sealed value is bound to the record it belongs to (the associated data is
//! the record's id), so a sealed contact cannot be moved onto another case.
//!
//! Layout of a sealed value: one version byte (1), the 24-byte random nonce, then
//! the ciphertext with its 16-byte tag.
//!
//! A case file's fingerprint (which tells one file from another, and two copies
//! of one file apart from the rest) is an HMAC-SHA-256 keyed with the agency's
//! fingerprint key, never a plain hash: with a plain SHA-256 in the database,
//! anyone holding a copy of it and a photo a suspected reporter took could
//! confirm that the photo was sent.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::model::AgencyId;

const VERSION: u8 = 1;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// What starts a keyed file fingerprint, so one is told from a plain hash
/// written before fingerprints were keyed.
pub const FINGERPRINT_PREFIX: &str = "hmac-sha256:";

/// Why a key or a sealed value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The configured master key is not 32 bytes of base64.
    #[error("the master key must be 32 bytes written in base64 (44 characters)")]
    BadKey,
    /// The value was not sealed with this key for this record, or was altered.
    #[error("the sealed value cannot be opened with this key")]
    CannotOpen,
}

/// The installation's master key.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

impl MasterKey {
    /// A fresh key from the operating system's random source.
    ///
    /// # Panics
    /// When the operating system has no random source.
    #[must_use]
    pub fn generate() -> Self {
        let mut key = [0_u8; 32];
        getrandom::fill(&mut key).expect("the operating system's random source");
        Self(key)
    }

    /// Reads the key as configured: 32 bytes in standard base64.
    ///
    /// # Errors
    /// [`SealError::BadKey`] for anything else.
    pub fn from_base64(text: &str) -> Result<Self, SealError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| SealError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadKey)?;
        Ok(Self(key))
    }

    /// The key as it is written in configuration.
    #[must_use]
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// The key of one agency.
    #[must_use]
    pub fn agency_key(&self, agency: AgencyId) -> AgencyKey {
        AgencyKey {
            cipher: self.derive(b"prongsai agency seal v1", agency),
            tracking: self.derive(b"prongsai agency tracking v1", agency),
            fingerprint: self.derive(b"prongsai agency file fingerprint v1", agency),
        }
    }

    fn derive(&self, purpose: &[u8], agency: AgencyId) -> [u8; 32] {
        let hk = Hkdf::<Sha256>::new(Some(agency.0.as_bytes()), &self.0);
        let mut out = [0_u8; 32];
        hk.expand(purpose, &mut out)
            .expect("32 bytes is a valid HKDF-SHA-256 output length");
        out
    }
}

/// One agency's keys: one to seal with, one to derive tracking codes with, one
/// to fingerprint case files with.
#[derive(Clone)]
pub struct AgencyKey {
    cipher: [u8; 32],
    tracking: [u8; 32],
    fingerprint: [u8; 32],
}

impl std::fmt::Debug for AgencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AgencyKey(…)")
    }
}

impl AgencyKey {
    /// Seals `plain`, bound to `record` (the id of the row it belongs to).
    ///
    /// # Panics
    /// When the operating system has no random source.
    #[must_use]
    pub fn seal(&self, plain: &[u8], record: &[u8]) -> Vec<u8> {
        let cipher = XChaCha20Poly1305::new((&self.cipher).into());
        let mut nonce = [0_u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).expect("the operating system's random source");
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: record,
                },
            )
            .expect("XChaCha20-Poly1305 seals any length this program handles");
        let mut out = Vec::with_capacity(1 + NONCE_BYTES + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`AgencyKey::seal`] sealed for `record`.
    ///
    /// # Errors
    /// [`SealError::CannotOpen`] for another key, another record, or altered bytes.
    pub fn open(&self, sealed: &[u8], record: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] != VERSION {
            return Err(SealError::CannotOpen);
        }
        let (nonce, body) = sealed[1..].split_at(NONCE_BYTES);
        XChaCha20Poly1305::new((&self.cipher).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: record,
                },
            )
            .map_err(|_| SealError::CannotOpen)
    }

    /// The keyed fingerprint of a case file's bytes: [`FINGERPRINT_PREFIX`] and
    /// the HMAC-SHA-256 in hex.
    ///
    /// # Panics
    /// Never: HMAC takes a key of any length.
    #[must_use]
    pub fn file_fingerprint(&self, bytes: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.fingerprint)
            .expect("HMAC takes a key of any length");
        mac.update(bytes);
        format!(
            "{FINGERPRINT_PREFIX}{}",
            hex::encode(mac.finalize().into_bytes())
        )
    }

    /// The secret tracking codes are derived with ([`super::tracking::TrackingCode::derive`]).
    #[must_use]
    pub fn tracking_secret(&self) -> &[u8; 32] {
        &self.tracking
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_for_the_same_agency_and_record_only() {
        let master = MasterKey::generate();
        let a = AgencyId::new();
        let key = master.agency_key(a);
        let sealed = key.seal("นายสมชาย ใจดี 0812345678".as_bytes(), b"case-1");
        assert!(
            !sealed
                .windows(b"0812345678".len())
                .any(|w| w == b"0812345678")
        );
        assert_eq!(
            key.open(&sealed, b"case-1").unwrap(),
            "นายสมชาย ใจดี 0812345678".as_bytes()
        );
        assert_eq!(key.open(&sealed, b"case-2"), Err(SealError::CannotOpen));
        let other = master.agency_key(AgencyId::new());
        assert_eq!(other.open(&sealed, b"case-1"), Err(SealError::CannotOpen));
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(key.open(&altered, b"case-1"), Err(SealError::CannotOpen));
        assert_eq!(
            key.open(&sealed[..10], b"case-1"),
            Err(SealError::CannotOpen)
        );
    }

    #[test]
    fn a_file_fingerprint_is_keyed_per_agency_and_never_the_plain_hash() {
        use sha2::Digest as _;
        let master = MasterKey::generate();
        let a = master.agency_key(AgencyId::new());
        let photo = b"\x89PNG a photo the reporter took";
        let fingerprint = a.file_fingerprint(photo);
        assert!(fingerprint.starts_with(FINGERPRINT_PREFIX));
        assert_eq!(fingerprint, a.file_fingerprint(photo), "the same file");
        assert_ne!(fingerprint, a.file_fingerprint(b"another file"));
        assert!(!fingerprint.contains(&hex::encode(Sha256::digest(photo))));
        let b = master.agency_key(AgencyId::new());
        assert_ne!(fingerprint, b.file_fingerprint(photo));
    }

    #[test]
    fn same_plain_text_seals_differently_each_time() {
        let key = MasterKey::generate().agency_key(AgencyId::new());
        assert_ne!(key.seal(b"x", b"r"), key.seal(b"x", b"r"));
    }

    #[test]
    fn master_key_reads_its_own_base64_and_refuses_other_lengths() {
        let master = MasterKey::generate();
        let again = MasterKey::from_base64(&master.to_base64()).unwrap();
        let a = AgencyId::new();
        let sealed = master.agency_key(a).seal(b"x", b"r");
        assert_eq!(again.agency_key(a).open(&sealed, b"r").unwrap(), b"x");
        assert_eq!(
            MasterKey::from_base64("c2hvcnQ=").unwrap_err(),
            SealError::BadKey
        );
        assert_eq!(
            MasterKey::from_base64("not base64!").unwrap_err(),
            SealError::BadKey
        );
        assert_ne!(
            master.agency_key(a).tracking_secret(),
            master.agency_key(AgencyId::new()).tracking_secret()
        );
    }
}

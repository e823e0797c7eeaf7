//! `prongsai backup` and `prongsai restore`: a copy of a live installation that
//! can be put back, on SQLite.
//!
//! The database is copied as a snapshot (`Store::snapshot_into`), never as a
//! file, so the server keeps serving and every write it acknowledged before
//! the backup began is in it. The data folder's files (uploaded evidence,
//! sealed case attachments) follow the snapshot, so every file a snapshot row
//! names is already written. The master key stays out of the backup, as the
//! settings say it must (whoever holds both can open every sealed identity);
//! a sealed check text lets a restore tell whether the key it has is the
//! right one. A restore checks everything before it changes anything: each
//! file's SHA-256 against the manifest, the key, SQLite's integrity check of
//! the database, and a schema this build can run.

use prongsai_core::complaints::sealing::MasterKey;
use prongsai_core::model::AgencyId;

mod archive;
mod make;
mod restore;

pub(crate) use make::make;
pub(crate) use restore::restore;

/// What the key check seals: nothing secret, only something to open.
const KEY_CHECK_TEXT: &[u8] = b"prongsai-backup-key-check";
/// The record the key check is sealed for.
const KEY_CHECK_RECORD: &[u8] = b"backup";
/// The check is sealed with the key an agency of this id would get: no agency
/// has it (ids are time-ordered, never nil).
const KEY_CHECK_AGENCY: &str = "00000000-0000-0000-0000-000000000000";

fn key_check_agency() -> AgencyId {
    KEY_CHECK_AGENCY
        .parse()
        .expect("the key check's agency id is a UUID")
}

/// The key check of a backup made with `key`.
fn key_check(key: &MasterKey) -> String {
    hex::encode(
        key.agency_key(key_check_agency())
            .seal(KEY_CHECK_TEXT, KEY_CHECK_RECORD),
    )
}

/// Whether `key` opens a backup's key check.
fn key_opens(key: &MasterKey, check: &str) -> bool {
    hex::decode(check).is_ok_and(|sealed| {
        key.agency_key(key_check_agency())
            .open(&sealed, KEY_CHECK_RECORD)
            .is_ok_and(|plain| plain == KEY_CHECK_TEXT)
    })
}

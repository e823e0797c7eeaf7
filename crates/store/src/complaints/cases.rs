//! Complaints and corruption reports: the cases, their messages and files, and
//! which e-mails about them went out.
//!
//! Public submissions arrive in batches (group commit): many cases in one write
//! transaction, so what a single SQLite writer sustains is set by statements, not
//! by one fsync per case. Each case is numbered per agency, fiscal year and kind
//! from `case_counters` in that same transaction, so a number is never given
//! twice; a tracking code already stored (the same form sent twice) gives back the
//! case it made the first time and writes nothing.
//!
//! The audit trail names cases, messages and files but never holds what they say:
//! an administrator who may not open corruption reports reads it, so its images
//! carry kind, number, status, dates and department only, never a subject,
//! details, place, contact, outcome note, message body or file name.

use chrono::{DateTime, Duration, NaiveDate, SubsecRound as _, Utc};
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, CaseMessage, CaseStatus, Channel, ComplaintSettings,
    MessageAuthor, MessageVisibility,
};
use prongsai_core::model::{
    AgencyId, CaseAttachmentId, CaseId, CaseMessageId, DepartmentId, UserId,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::dialect::Lock;
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::parse_code;
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "case";
const MESSAGE: &str = "case_message";
const ATTACHMENT: &str = "case_attachment";

/// A case to store with the rows of the files that came with it (their bytes are
/// already written, sealed, under the data directory).
#[derive(Debug, Clone)]
pub struct NewCase {
    pub case: Case,
    pub attachments: Vec<CaseAttachment>,
}

/// What became of one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Stored now, with its running number and version 1.
    Created(Case),
    /// Its tracking code was already stored: the case the first sending made.
    Duplicate(Case),
}

/// Which cases a list shows; every `None` (and `false`) shows all.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    pub fiscal_year: Option<i32>,
    pub status: Option<CaseStatus>,
    pub department_id: Option<DepartmentId>,
    /// Only cases still waiting for the agency's answer.
    pub unanswered_only: bool,
}

/// What a purge emptied: how many cases, and the rows of the files it removed,
/// whose bytes the caller deletes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub cases: u32,
    pub attachments: Vec<CaseAttachment>,
}

/// The statuses that still wait for an answer (not [`CaseStatus::is_answered`]),
/// as an SQL list; a unit test keeps it in step with the core rule.
macro_rules! unanswered {
    () => {
        "('received', 'screening', 'assigned', 'in_progress')"
    };
}

/// The columns of [`CaseRow`], for every SELECT of the table.
macro_rules! select_case {
    () => {
        "SELECT agency_id, id, kind, channel, fiscal_year, number, code_hash, status, subject, \
         details, place, contact_sealed, consent, received_at, due_on, department_id, \
         outcome_note, answered_at, first_reply_at, closed_at, purged_at, version FROM cases"
    };
}
pub(super) use select_case;

const BY_ID: &str = concat!(select_case!(), " WHERE agency_id = $1 AND id = $2");
const BY_CODE: &str = concat!(select_case!(), " WHERE agency_id = $1 AND code_hash = $2");

#[derive(sqlx::FromRow)]
pub(super) struct CaseRow {
    agency_id: Uuid,
    id: Uuid,
    kind: String,
    channel: String,
    fiscal_year: i32,
    number: i32,
    code_hash: String,
    status: String,
    subject: String,
    details: String,
    place: String,
    contact_sealed: Option<Vec<u8>>,
    consent: bool,
    received_at: DateTime<Utc>,
    due_on: NaiveDate,
    department_id: Option<Uuid>,
    outcome_note: String,
    answered_at: Option<DateTime<Utc>>,
    first_reply_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    purged_at: Option<DateTime<Utc>>,
    version: i32,
}

impl CaseRow {
    pub(super) fn into_case(self) -> StoreResult<Case> {
        Ok(Case {
            agency_id: AgencyId(self.agency_id),
            id: CaseId(self.id),
            kind: parse_code("case kind", &self.kind, CaseKind::from_code)?,
            channel: parse_code("case channel", &self.channel, Channel::from_code)?,
            fiscal_year: self.fiscal_year,
            number: self.number,
            code_hash: self.code_hash,
            status: parse_code("case status", &self.status, CaseStatus::from_code)?,
            subject: self.subject,
            details: self.details,
            place: self.place,
            contact_sealed: self.contact_sealed,
            consent: self.consent,
            received_at: self.received_at,
            due_on: self.due_on,
            department_id: self.department_id.map(DepartmentId),
            outcome_note: self.outcome_note,
            answered_at: self.answered_at,
            first_reply_at: self.first_reply_at,
            closed_at: self.closed_at,
            purged_at: self.purged_at,
            version: self.version,
        })
    }
}

/// A closed corruption report that has not been purged, with its agency's
/// retention period.
#[derive(sqlx::FromRow)]
struct PurgeCandidate {
    #[sqlx(flatten)]
    case: CaseRow,
    retention_days: i32,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    agency_id: Uuid,
    case_id: Uuid,
    id: Uuid,
    at: DateTime<Utc>,
    author_kind: String,
    author_user_id: Option<Uuid>,
    visibility: String,
    body: String,
}

impl MessageRow {
    fn into_message(self) -> StoreResult<CaseMessage> {
        let author = match (self.author_kind.as_str(), self.author_user_id) {
            ("reporter", None) => MessageAuthor::Reporter,
            ("staff", Some(user)) => MessageAuthor::Staff(UserId(user)),
            (kind, _) => {
                return Err(StoreError::Invalid(format!(
                    "unknown message author `{kind}`"
                )));
            }
        };
        Ok(CaseMessage {
            agency_id: AgencyId(self.agency_id),
            case_id: CaseId(self.case_id),
            id: CaseMessageId(self.id),
            at: self.at,
            author,
            visibility: parse_code(
                "message visibility",
                &self.visibility,
                MessageVisibility::from_code,
            )?,
            body: self.body,
        })
    }
}

/// The columns of [`MessageRow`], for every SELECT of the table.
macro_rules! select_message {
    () => {
        "SELECT agency_id, case_id, id, at, author_kind, author_user_id, visibility, body \
         FROM case_messages"
    };
}

#[derive(sqlx::FromRow)]
pub(super) struct AttachmentRow {
    agency_id: Uuid,
    case_id: Uuid,
    id: Uuid,
    file_name: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    uploaded_at: DateTime<Utc>,
    from_reporter: bool,
}

impl From<AttachmentRow> for CaseAttachment {
    fn from(row: AttachmentRow) -> Self {
        Self {
            agency_id: AgencyId(row.agency_id),
            case_id: CaseId(row.case_id),
            id: CaseAttachmentId(row.id),
            file_name: row.file_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            uploaded_at: row.uploaded_at,
            from_reporter: row.from_reporter,
        }
    }
}

/// The columns of [`AttachmentRow`], for every SELECT of the table.
macro_rules! select_attachment {
    () => {
        "SELECT agency_id, case_id, id, file_name, content_type, size_bytes, sha256, \
         uploaded_at, from_reporter FROM case_attachments"
    };
}
pub(super) use select_attachment;

/// What the trail records of a public submission: which case, nothing it says.
fn submission_image(c: &Case) -> Value {
    json!({
        "kind": c.kind,
        "channel": c.channel,
        "number": c.number,
        "fiscal_year": c.fiscal_year,
    })
}

/// What the trail records of a case staff entered or changed: its handling,
/// never its content or its reporter.
fn case_image(c: &Case) -> Value {
    json!({
        "kind": c.kind,
        "channel": c.channel,
        "number": c.number,
        "fiscal_year": c.fiscal_year,
        "status": c.status,
        "department_id": c.department_id,
        "due_on": c.due_on,
        "answered_at": c.answered_at,
        "first_reply_at": c.first_reply_at,
        "closed_at": c.closed_at,
        "purged_at": c.purged_at,
        "version": c.version,
    })
}

fn message_image(m: &CaseMessage) -> Value {
    json!({
        "case_id": m.case_id,
        "at": m.at,
        "author": m.author,
        "visibility": m.visibility,
    })
}

fn attachment_image(a: &CaseAttachment) -> Value {
    json!({
        "case_id": a.case_id,
        "content_type": a.content_type,
        "size_bytes": a.size_bytes,
        "from_reporter": a.from_reporter,
    })
}

/// A time cut to whole microseconds, what both backends keep.
fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// `c` with every time cut to whole microseconds, so what a write returns is
/// what a later read gives.
fn stamped(c: &Case) -> Case {
    Case {
        received_at: micros(c.received_at),
        answered_at: c.answered_at.map(micros),
        first_reply_at: c.first_reply_at.map(micros),
        closed_at: c.closed_at.map(micros),
        purged_at: c.purged_at.map(micros),
        ..c.clone()
    }
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    id: CaseId,
    lock: Lock,
) -> StoreResult<Option<Case>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<CaseRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
    })?;
    row.map(CaseRow::into_case).transpose()
}

async fn by_code(conn: Conn<'_>, agency: AgencyId, code_hash: &str) -> StoreResult<Option<Case>> {
    let row: Option<CaseRow> = on_conn!(conn, |c| {
        sqlx::query_as(BY_CODE)
            .bind(agency.0)
            .bind(code_hash)
            .fetch_optional(c)
            .await
    })?;
    row.map(CaseRow::into_case).transpose()
}

/// The next running number of the agency's cases of `kind` in `fiscal_year`.
async fn next_number(
    conn: Conn<'_>,
    agency: AgencyId,
    fiscal_year: i32,
    kind: CaseKind,
) -> StoreResult<i32> {
    let number: i32 = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "INSERT INTO case_counters (agency_id, fiscal_year, kind, last_number) \
             VALUES ($1, $2, $3, 1) \
             ON CONFLICT (agency_id, fiscal_year, kind) \
             DO UPDATE SET last_number = case_counters.last_number + 1 \
             RETURNING last_number",
        )
        .bind(agency.0)
        .bind(fiscal_year)
        .bind(kind.code())
        .fetch_one(c)
        .await
    })?;
    Ok(number)
}

/// Writes one case verbatim unless its tracking code is already stored for the
/// agency; returns whether it did.
pub(crate) async fn insert_case(conn: Conn<'_>, c: &Case) -> StoreResult<bool> {
    let inserted = on_conn!(conn, |db| {
        sqlx::query(
            "INSERT INTO cases (agency_id, id, kind, channel, fiscal_year, number, code_hash, \
             status, subject, details, place, contact_sealed, consent, received_at, due_on, \
             department_id, outcome_note, answered_at, first_reply_at, closed_at, purged_at, \
             version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19, $20, $21, $22) \
             ON CONFLICT (agency_id, code_hash) DO NOTHING",
        )
        .bind(c.agency_id.0)
        .bind(c.id.0)
        .bind(c.kind.code())
        .bind(c.channel.code())
        .bind(c.fiscal_year)
        .bind(c.number)
        .bind(&c.code_hash)
        .bind(c.status.code())
        .bind(&c.subject)
        .bind(&c.details)
        .bind(&c.place)
        .bind(c.contact_sealed.as_deref())
        .bind(c.consent)
        .bind(c.received_at)
        .bind(c.due_on)
        .bind(c.department_id.map(|d| d.0))
        .bind(&c.outcome_note)
        .bind(c.answered_at)
        .bind(c.first_reply_at)
        .bind(c.closed_at)
        .bind(c.purged_at)
        .bind(c.version)
        .execute(db)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Writes one message verbatim (add and import).
pub(crate) async fn insert_message(conn: Conn<'_>, m: &CaseMessage) -> StoreResult<()> {
    let (author_kind, author_user) = match m.author {
        MessageAuthor::Reporter => ("reporter", None),
        MessageAuthor::Staff(user) => ("staff", Some(user.0)),
    };
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO case_messages \
             (agency_id, case_id, id, at, author_kind, author_user_id, visibility, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(m.agency_id.0)
        .bind(m.case_id.0)
        .bind(m.id.0)
        .bind(m.at)
        .bind(author_kind)
        .bind(author_user)
        .bind(m.visibility.code())
        .bind(&m.body)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Writes one file row verbatim (submission, add and import).
pub(crate) async fn insert_attachment(conn: Conn<'_>, a: &CaseAttachment) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO case_attachments (agency_id, case_id, id, file_name, content_type, \
             size_bytes, sha256, uploaded_at, from_reporter) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(a.agency_id.0)
        .bind(a.case_id.0)
        .bind(a.id.0)
        .bind(&a.file_name)
        .bind(&a.content_type)
        .bind(a.size_bytes)
        .bind(&a.sha256)
        .bind(a.uploaded_at)
        .bind(a.from_reporter)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Sets the agency's counters to the highest number of each fiscal year and kind
/// among its cases, so cases numbered after an import continue the sequence.
pub(crate) async fn restore_counters(conn: Conn<'_>, agency: AgencyId) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO case_counters (agency_id, fiscal_year, kind, last_number) \
             SELECT agency_id, fiscal_year, kind, MAX(number) FROM cases \
             WHERE agency_id = $1 GROUP BY agency_id, fiscal_year, kind",
        )
        .bind(agency.0)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every case of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Case>> {
    let rows: Vec<CaseRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(select_case!(), " WHERE agency_id = $1 ORDER BY id"))
            .bind(agency.0)
            .fetch_all(c)
            .await
    })?;
    rows.into_iter().map(CaseRow::into_case).collect()
}

/// Every message of one agency's cases by id, for export.
pub(crate) async fn all_messages_of(
    conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Vec<CaseMessage>> {
    let rows: Vec<MessageRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_message!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(MessageRow::into_message).collect()
}

/// Every file row of one agency's cases by id, for export.
pub(crate) async fn all_attachments_of(
    conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Vec<CaseAttachment>> {
    let rows: Vec<AttachmentRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_attachment!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(CaseAttachment::from).collect())
}

async fn attachments_of(
    conn: Conn<'_>,
    agency: AgencyId,
    case: CaseId,
) -> StoreResult<Vec<CaseAttachment>> {
    let rows: Vec<AttachmentRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_attachment!(),
            " WHERE agency_id = $1 AND case_id = $2 ORDER BY uploaded_at, id"
        ))
        .bind(agency.0)
        .bind(case.0)
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(CaseAttachment::from).collect())
}

/// Stores one new case with its files in `tx`, numbered, and its audit row
/// (`image` of the stored case); or finds the case its tracking code already made.
async fn store_new(
    tx: &mut Tx,
    actor: Actor,
    new: &NewCase,
    image: fn(&Case) -> Value,
) -> StoreResult<Submitted> {
    let case = &new.case;
    let agency = case.agency_id;
    if let Some(existing) = by_code(tx.conn(), agency, &case.code_hash).await? {
        return Ok(Submitted::Duplicate(existing));
    }
    if let Some(i) = new
        .attachments
        .iter()
        .position(|a| a.agency_id != agency || a.case_id != case.id)
    {
        return Err(StoreError::Invalid(format!(
            "attachments[{i}] belongs to another case"
        )));
    }
    let stored = Case {
        number: next_number(tx.conn(), agency, case.fiscal_year, case.kind).await?,
        version: 1,
        ..stamped(case)
    };
    if !insert_case(tx.conn(), &stored).await? {
        // Another transaction stored the same code between our read and write
        // (PostgreSQL; SQLite has one writer). Its case is the one to report.
        return by_code(tx.conn(), agency, &case.code_hash)
            .await?
            .map(Submitted::Duplicate)
            .ok_or_else(|| StoreError::Conflict {
                field: "code_hash".to_owned(),
            });
    }
    for a in &new.attachments {
        let a = CaseAttachment {
            uploaded_at: micros(a.uploaded_at),
            ..a.clone()
        };
        insert_attachment(tx.conn(), &a).await?;
    }
    let change = Change::create(ENTITY, Some(agency), case.id.to_string(), image(&stored));
    audit::record(tx.conn(), actor, change).await?;
    Ok(Submitted::Created(stored))
}

impl Store {
    /// Stores many public submissions in one transaction (group commit). Each
    /// case's `number` and `version` are ignored: it is numbered per agency,
    /// fiscal year and kind, and stored at version 1. A tracking code the agency
    /// already has gives [`Submitted::Duplicate`] with the stored case and writes
    /// nothing for it. Each created case gets one audit row, without an actor,
    /// naming its kind, channel, number and fiscal year only. Results are in the
    /// order of `cases`.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when a case's agency or department does not exist
    /// or a file row belongs to another case; database errors. Nothing of the
    /// batch is written then.
    pub async fn submit_cases(&self, cases: &[NewCase]) -> StoreResult<Vec<Submitted>> {
        let mut tx = self.write().await?;
        let mut results = Vec::with_capacity(cases.len());
        for new in cases {
            results.push(store_new(&mut tx, Actor::default(), new, submission_image).await?);
        }
        tx.commit().await?;
        Ok(results)
    }

    /// Stores one case entered by staff (or the demo, or an import of old
    /// records), numbered like a submission and audited with its actor. The
    /// status, department and dates are kept as given.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on `code_hash` when the agency already has the
    /// tracking code; [`StoreError::Invalid`] when the agency or department does
    /// not exist or a file row belongs to another case.
    pub async fn create_case(&self, actor: Actor, new: &NewCase) -> StoreResult<Case> {
        let mut tx = self.write().await?;
        match store_new(&mut tx, actor, new, case_image).await? {
            Submitted::Created(case) => {
                tx.commit().await?;
                Ok(case)
            }
            Submitted::Duplicate(_) => Err(StoreError::Conflict {
                field: "code_hash".to_owned(),
            }),
        }
    }

    /// `None` also when the case belongs to another agency. Not audited: use
    /// [`Store::open_case`] wherever a person reads a corruption report.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_case(&self, agency: AgencyId, id: CaseId) -> StoreResult<Option<Case>> {
        fetch(self.lease().await?.conn(), agency, id, Lock::None).await
    }

    /// Reads a case for a person and records that `actor` opened it, in one
    /// transaction. Nothing is recorded when the agency has no such case.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn open_case(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: CaseId,
    ) -> StoreResult<Option<Case>> {
        let mut tx = self.write().await?;
        let Some(case) = fetch(tx.conn(), agency, id, Lock::None).await? else {
            return Ok(None);
        };
        let image = json!({
            "kind": case.kind,
            "number": case.number,
            "fiscal_year": case.fiscal_year,
        });
        let change = Change::open(ENTITY, Some(agency), id.to_string(), image);
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(Some(case))
    }

    /// The case whose tracking code hashes to `code_hash`, if the agency has it.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_case_by_code(
        &self,
        agency: AgencyId,
        code_hash: &str,
    ) -> StoreResult<Option<Case>> {
        by_code(self.lease().await?.conn(), agency, code_hash).await
    }

    /// The agency's cases that `filter` lets through, newest first.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_cases(
        &self,
        agency: AgencyId,
        filter: &CaseFilter,
    ) -> StoreResult<Vec<Case>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CaseRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_case!(),
                " WHERE agency_id = $1 AND ($2 IS NULL OR kind = $2) \
                 AND ($3 IS NULL OR fiscal_year = $3) AND ($4 IS NULL OR status = $4) \
                 AND ($5 IS NULL OR department_id = $5) \
                 AND (NOT $6 OR status IN ",
                unanswered!(),
                ") ORDER BY received_at DESC, id DESC"
            ))
            .bind(agency.0)
            .bind(filter.kind.map(CaseKind::code))
            .bind(filter.fiscal_year)
            .bind(filter.status.map(CaseStatus::code))
            .bind(filter.department_id.map(|d| d.0))
            .bind(filter.unanswered_only)
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(CaseRow::into_case).collect()
    }

    /// Saves how the case is handled: status, channel, subject, details, place,
    /// due date, department, outcome note and the answered, first reply and
    /// closed times (cut to whole microseconds), over `expected_version`, the one
    /// the user loaded. The version goes up by one. The audit row records the
    /// handling only, never the content.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such case;
    /// [`StoreError::Stale`] when it was saved since `expected_version`;
    /// [`StoreError::Invalid`] when the department is not the agency's.
    pub async fn update_case(
        &self,
        actor: Actor,
        case: &Case,
        expected_version: i32,
    ) -> StoreResult<()> {
        let (agency, id) = (case.agency_id, case.id);
        let case = stamped(case);
        let mut tx = self.write().await?;
        let before = fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let updated = on_conn!(tx.conn(), |c| {
            sqlx::query(
                "UPDATE cases SET status = $4, channel = $5, subject = $6, details = $7, \
                 place = $8, due_on = $9, department_id = $10, outcome_note = $11, \
                 answered_at = $12, first_reply_at = $13, closed_at = $14, \
                 version = version + 1 \
                 WHERE agency_id = $1 AND id = $2 AND version = $3",
            )
            .bind(agency.0)
            .bind(id.0)
            .bind(expected_version)
            .bind(case.status.code())
            .bind(case.channel.code())
            .bind(&case.subject)
            .bind(&case.details)
            .bind(&case.place)
            .bind(case.due_on)
            .bind(case.department_id.map(|d| d.0))
            .bind(&case.outcome_note)
            .bind(case.answered_at)
            .bind(case.first_reply_at)
            .bind(case.closed_at)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        if updated == 0 {
            return Err(StoreError::Stale);
        }
        let after = fetch(tx.conn(), agency, id, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::update(
            ENTITY,
            Some(agency),
            id.to_string(),
            case_image(&before),
            case_image(&after),
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Adds a message to a case (its time cut to whole microseconds). The first
    /// public message by staff also sets the case's `first_reply_at` to its time
    /// (and raises the version): an explanation given before the due date meets
    /// the deadline. The audit row leaves the body out.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such case;
    /// [`StoreError::Invalid`] when the case was purged or the staff author is
    /// not one of the agency's users; [`StoreError::Conflict`] on `id`.
    pub async fn add_case_message(&self, actor: Actor, message: &CaseMessage) -> StoreResult<()> {
        let (agency, case_id) = (message.agency_id, message.case_id);
        let message = CaseMessage {
            at: micros(message.at),
            ..message.clone()
        };
        let mut tx = self.write().await?;
        let case = fetch(tx.conn(), agency, case_id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        if case.purged_at.is_some() {
            return Err(purged());
        }
        if let MessageAuthor::Staff(user) = message.author {
            let found: Option<i32> = on_conn!(tx.conn(), |c| {
                sqlx::query_scalar("SELECT 1 FROM users WHERE id = $1 AND agency_id = $2")
                    .bind(user.0)
                    .bind(agency.0)
                    .fetch_optional(c)
                    .await
            })?;
            if found.is_none() {
                return Err(StoreError::Invalid(
                    "the message's author is not one of the agency's users".to_owned(),
                ));
            }
        }
        insert_message(tx.conn(), &message).await?;
        let public_reply = matches!(message.author, MessageAuthor::Staff(_))
            && message.visibility == MessageVisibility::Public;
        if public_reply && case.first_reply_at.is_none() {
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE cases SET first_reply_at = $3, version = version + 1 \
                     WHERE agency_id = $1 AND id = $2 AND first_reply_at IS NULL",
                )
                .bind(agency.0)
                .bind(case_id.0)
                .bind(message.at)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
        }
        let change = Change::create(
            MESSAGE,
            Some(agency),
            message.id.to_string(),
            message_image(&message),
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// The messages of a case, oldest first; empty for another agency's case.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn case_messages(
        &self,
        agency: AgencyId,
        case: CaseId,
    ) -> StoreResult<Vec<CaseMessage>> {
        let mut lease = self.lease().await?;
        let rows: Vec<MessageRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_message!(),
                " WHERE agency_id = $1 AND case_id = $2 ORDER BY at, id"
            ))
            .bind(agency.0)
            .bind(case.0)
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(MessageRow::into_message).collect()
    }

    /// Records a file added to a case after it was received (its time cut to
    /// whole microseconds); the caller has written the bytes. The audit row
    /// leaves the file name out.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such case;
    /// [`StoreError::Invalid`] when the case was purged; [`StoreError::Conflict`]
    /// on `id`.
    pub async fn add_case_attachment(
        &self,
        actor: Actor,
        file: &CaseAttachment,
    ) -> StoreResult<()> {
        let file = CaseAttachment {
            uploaded_at: micros(file.uploaded_at),
            ..file.clone()
        };
        let mut tx = self.write().await?;
        let case = fetch(tx.conn(), file.agency_id, file.case_id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        if case.purged_at.is_some() {
            return Err(purged());
        }
        insert_attachment(tx.conn(), &file).await?;
        let change = Change::create(
            ATTACHMENT,
            Some(file.agency_id),
            file.id.to_string(),
            attachment_image(&file),
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// The file rows of a case, oldest first; empty for another agency's case.
    ///
    /// # Errors
    /// Database errors.
    pub async fn case_attachments(
        &self,
        agency: AgencyId,
        case: CaseId,
    ) -> StoreResult<Vec<CaseAttachment>> {
        attachments_of(self.lease().await?.conn(), agency, case).await
    }

    /// `None` also when the file belongs to another agency.
    ///
    /// # Errors
    /// Database errors.
    pub async fn find_case_attachment(
        &self,
        agency: AgencyId,
        id: CaseAttachmentId,
    ) -> StoreResult<Option<CaseAttachment>> {
        let mut lease = self.lease().await?;
        let row: Option<AttachmentRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_attachment!(),
                " WHERE agency_id = $1 AND id = $2"
            ))
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
        })?;
        Ok(row.map(CaseAttachment::from))
    }

    /// Empties every corruption report closed more than its agency's
    /// `retention_days` before `now` and not purged yet: subject, details, place
    /// and outcome note become empty, the sealed contact is removed, its messages
    /// and file rows are deleted and `purged_at` is set to `now`. The row stays
    /// with its kind, channel, number, status, department and dates, so
    /// statistics stay true. One audit row per case, without content. On SQLite
    /// the emptied text is zeroed in the file (`secure_delete`) and the
    /// write-ahead log that still holds older pages is reset. Returns the file
    /// rows removed, whose bytes the caller deletes.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read; nothing is
    /// purged then.
    pub async fn purge_expired_cases(&self, now: DateTime<Utc>) -> StoreResult<PurgeReport> {
        let now = micros(now);
        let default_days = i32::try_from(ComplaintSettings::default().retention_days)
            .map_err(|_| StoreError::Invalid("default retention period".to_owned()))?;
        let mut tx = self.write().await?;
        let candidates: Vec<PurgeCandidate> = on_conn!(tx.conn(), |c| {
            sqlx::query_as(
                "SELECT c.agency_id, c.id, c.kind, c.channel, c.fiscal_year, c.number, \
                 c.code_hash, c.status, c.subject, c.details, c.place, c.contact_sealed, \
                 c.consent, c.received_at, c.due_on, c.department_id, c.outcome_note, \
                 c.answered_at, c.first_reply_at, c.closed_at, c.purged_at, c.version, \
                 COALESCE(s.retention_days, $1) AS retention_days \
                 FROM cases AS c \
                 LEFT JOIN complaint_settings AS s ON s.agency_id = c.agency_id \
                 WHERE c.kind = 'corruption' AND c.status = 'closed' \
                 AND c.closed_at IS NOT NULL AND c.purged_at IS NULL \
                 ORDER BY c.agency_id, c.id",
            )
            .bind(default_days)
            .fetch_all(c)
            .await
        })?;
        let mut report = PurgeReport::default();
        for candidate in candidates {
            let before = candidate.case.into_case()?;
            let expired = before.closed_at.is_some_and(|closed| {
                closed + Duration::days(candidate.retention_days.into()) < now
            });
            if !expired {
                continue;
            }
            let (agency, id) = (before.agency_id, before.id);
            report
                .attachments
                .extend(attachments_of(tx.conn(), agency, id).await?);
            for sql in [
                "DELETE FROM case_messages WHERE agency_id = $1 AND case_id = $2",
                "DELETE FROM case_attachments WHERE agency_id = $1 AND case_id = $2",
            ] {
                on_conn!(tx.conn(), |c| {
                    sqlx::query(sql)
                        .bind(agency.0)
                        .bind(id.0)
                        .execute(c)
                        .await
                        .map(|r| r.rows_affected())
                })?;
            }
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE cases SET subject = '', details = '', place = '', \
                     outcome_note = '', contact_sealed = NULL, purged_at = $3, \
                     version = version + 1 WHERE agency_id = $1 AND id = $2",
                )
                .bind(agency.0)
                .bind(id.0)
                .bind(now)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
            let after = Case {
                purged_at: Some(now),
                version: before.version + 1,
                ..before.clone()
            };
            let change = Change::update(
                ENTITY,
                Some(agency),
                id.to_string(),
                case_image(&before),
                case_image(&after),
            );
            audit::record(tx.conn(), Actor::default(), change).await?;
            report.cases += 1;
        }
        tx.commit().await?;
        if report.cases > 0
            && let Some(sql) = self.backend().after_purge()
        {
            let mut lease = self.lease().await?;
            on_conn!(lease.conn(), |c| sqlx::query(sql)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
        }
        Ok(report)
    }

    /// The cases of every agency still waiting for an answer and not purged, by
    /// agency, then due date, then id (for reminders).
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn unanswered_cases(&self) -> StoreResult<Vec<Case>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CaseRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_case!(),
                " WHERE purged_at IS NULL AND status IN ",
                unanswered!(),
                " ORDER BY agency_id, due_on, id"
            ))
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(CaseRow::into_case).collect()
    }

    /// Records that the e-mail `kind` about a case is being sent, once: `true`
    /// when this call recorded it (send it), `false` when it was already
    /// recorded (do not send again).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency has no such case; database errors.
    pub async fn claim_notification(
        &self,
        agency: AgencyId,
        case: CaseId,
        kind: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut lease = self.lease().await?;
        let inserted = on_conn!(lease.conn(), |c| {
            sqlx::query(
                "INSERT INTO case_notifications (agency_id, case_id, kind, sent_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id, case_id, kind) DO NOTHING",
            )
            .bind(agency.0)
            .bind(case.0)
            .bind(kind)
            .bind(micros(at))
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(inserted == 1)
    }
}

/// A purged case takes no new content.
fn purged() -> StoreError {
    StoreError::Invalid("the case's content was deleted after its retention period".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unanswered_list_is_the_core_rule() {
        let listed: Vec<CaseStatus> = unanswered!()
            .trim_matches(|c| c == '(' || c == ')')
            .split(", ")
            .map(|code| CaseStatus::from_code(code.trim_matches('\'')).unwrap())
            .collect();
        let open: Vec<CaseStatus> = CaseStatus::ALL
            .into_iter()
            .filter(|s| !s.is_answered())
            .collect();
        assert_eq!(listed, open);
    }
}

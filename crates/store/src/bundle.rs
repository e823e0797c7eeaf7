//! Export and import of whole agencies as a versioned JSON [`Bundle`].
//!
//! Export reads one consistent snapshot and lists every table in a stable order
//! (by id or key; the audit log by time, then id), so two exports of the same data
//! serialize to the same bytes on either backend. Import checks the whole bundle
//! first, then writes every row verbatim (ids, audit rows and all) in one
//! transaction: any failure leaves the database as it was. Import adds no audit
//! rows of its own, or export → import → export would not give the same bundle.
//!
//! Evidence and case files travel as their rows only: the bytes live under the
//! data directory, named by id, and are copied with it, not through the bundle.
//!
//! Import takes a bundle of the current version: one written by an older build
//! is brought up to it as it is read (`prongsai_core::bundle::read_bundle`).
//!
//! A bundle carries password hashes so that accounts survive a move between
//! databases: it is as confidential as the database itself.

use std::collections::HashSet;

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::bundle::{
    AgencyBundle, BUNDLE_FORMAT, BUNDLE_VERSION, Bundle, BundledAnalysis, BundledFramework,
    BundledLinkCheck,
};
use prongsai_core::complaints::MessageAuthor;
use prongsai_core::field_limits::{is_listed, max_chars};
use prongsai_core::model::{AgencyId, DepartmentId};
use prongsai_core::validation::has_control_character;

use crate::accounts::users::normalize_username;
use crate::accounts::{agencies, departments, officials, users};
use crate::complaints;
use crate::cycle::{approvals, evidence_files, measures, plan_memos, progress, topics};
use crate::dialect::Lock;
use crate::disclosure::{self, link_checks};
use crate::ita::{self, analyses, frameworks};
use crate::publications;
use crate::records::{action_plans, follow_ups};
use crate::records::{memos, orders, risk_assessments};
use crate::surveys;
use crate::{Store, StoreError, StoreResult, StoredAnalysis, StoredFramework, audit};

impl Store {
    /// Everything of one agency, in a stable order.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency does not exist; database errors.
    pub async fn export_agency(&self, agency: AgencyId) -> StoreResult<AgencyBundle> {
        let mut tx = self.snapshot().await?;
        let found = agencies::fetch(tx.conn(), agency, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        let frameworks = frameworks::all_of(tx.conn(), agency)
            .await?
            .into_iter()
            .map(|f| BundledFramework {
                fiscal_year: f.fiscal_year,
                document: f.document,
            })
            .collect();
        let analyses = analyses::all_of(tx.conn(), agency)
            .await?
            .into_iter()
            .map(|a| BundledAnalysis {
                fiscal_year: a.fiscal_year,
                source: a.source,
                settings: a.settings,
                text: a.text,
            })
            .collect();
        let bundle = AgencyBundle {
            agency: found,
            departments: departments::all_of(tx.conn(), agency).await?,
            officials: officials::all_of(tx.conn(), agency).await?,
            users: users::all_of(tx.conn(), agency).await?,
            ita_results: ita::results::all_of(tx.conn(), agency).await?,
            frameworks,
            analyses,
            topics: topics::all_of(tx.conn(), agency).await?,
            measures: measures::all_of(tx.conn(), agency).await?,
            progress: progress::all_of(tx.conn(), agency).await?,
            evidence_files: evidence_files::all_of(tx.conn(), agency).await?,
            round_approvals: approvals::all_of(tx.conn(), agency).await?,
            plan_memos: plan_memos::all_of(tx.conn(), agency).await?,
            action_plans: action_plans::all_of(tx.conn(), agency).await?,
            follow_ups: follow_ups::all_of(tx.conn(), agency).await?,
            risk_assessments: risk_assessments::all_of(tx.conn(), agency).await?,
            orders: orders::all_of(tx.conn(), agency).await?,
            memos: memos::all_of(tx.conn(), agency).await?,
            publications: publications::all_of(tx.conn(), agency).await?,
            cases: complaints::cases::all_of(tx.conn(), agency).await?,
            case_messages: complaints::cases::all_messages_of(tx.conn(), agency).await?,
            case_attachments: complaints::cases::all_attachments_of(tx.conn(), agency).await?,
            complaint_settings: complaints::settings::saved_of(tx.conn(), agency).await?,
            corruption_handlers: complaints::settings::handlers_of(tx.conn(), agency).await?,
            disclosure_entries: disclosure::checklist::all_of(tx.conn(), agency).await?,
            disclosure_settings: disclosure::checklist::saved_settings_of(tx.conn(), agency)
                .await?,
            link_checks: link_checks::all_of(tx.conn(), agency)
                .await?
                .into_iter()
                .map(|(check, archive)| BundledLinkCheck { check, archive })
                .collect(),
            surveys: surveys::all_of(tx.conn(), agency).await?,
            survey_responses: surveys::all_responses_of(tx.conn(), agency).await?,
            audit_log: audit::all_of(tx.conn(), agency).await?,
        };
        tx.commit().await?;
        Ok(bundle)
    }

    /// Writes every agency of the bundle into this database, all or nothing.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the bundle is not one this build reads or its
    /// rows do not hang together (a row of another agency, a department that is
    /// not in the bundle, …); [`StoreError::Conflict`] when an agency, user or other
    /// row already exists here. Nothing is written in either case.
    pub async fn import_bundle(&self, bundle: &Bundle) -> StoreResult<()> {
        let keyed = check(bundle)?;
        let mut tx = self.write().await?;
        for (a, keyed) in bundle.agencies.iter().zip(&keyed) {
            agencies::insert(tx.conn(), &a.agency).await?;
            for d in &a.departments {
                departments::insert(tx.conn(), d).await?;
            }
            for o in &a.officials {
                officials::insert(tx.conn(), o).await?;
            }
            for u in &a.users {
                users::insert(tx.conn(), u).await?;
            }
            for r in &a.ita_results {
                if !ita::results::insert(tx.conn(), r).await? {
                    return Err(listed_twice("fiscal_year"));
                }
            }
            for f in &keyed.frameworks {
                if !frameworks::insert(tx.conn(), f).await? {
                    return Err(listed_twice("fiscal_year"));
                }
            }
            for an in &keyed.analyses {
                if !analyses::insert(tx.conn(), an).await? {
                    return Err(listed_twice("fiscal_year"));
                }
            }
            for t in &a.topics {
                topics::insert(tx.conn(), t).await?;
            }
            for m in &a.measures {
                measures::insert(&mut tx, m).await?;
            }
            for p in &a.progress {
                if !progress::insert(tx.conn(), p).await? {
                    return Err(listed_twice("round"));
                }
            }
            for f in &a.evidence_files {
                evidence_files::insert(tx.conn(), f).await?;
            }
            for r in &a.round_approvals {
                if !approvals::insert(tx.conn(), r).await? {
                    return Err(listed_twice("round"));
                }
            }
            for m in &a.plan_memos {
                if !plan_memos::insert(tx.conn(), m).await? {
                    return Err(listed_twice("fiscal_year"));
                }
            }
            for p in &a.action_plans {
                if !action_plans::insert(&mut tx, p).await? {
                    return Err(listed_twice("id"));
                }
            }
            for f in &a.follow_ups {
                if !follow_ups::insert(tx.conn(), f).await? {
                    return Err(listed_twice("round"));
                }
            }
            for r in &a.risk_assessments {
                if !risk_assessments::insert(&mut tx, r).await? {
                    return Err(listed_twice("fiscal_year"));
                }
            }
            for o in &a.orders {
                if !orders::insert(&mut tx, o).await? {
                    return Err(listed_twice("id"));
                }
            }
            for m in &a.memos {
                if !memos::insert(&mut tx, m).await? {
                    return Err(listed_twice("id"));
                }
            }
            for p in &a.publications {
                if !publications::insert(&mut tx, p).await? {
                    return Err(listed_twice("id"));
                }
            }
            for c in &a.cases {
                if !complaints::cases::insert_case(tx.conn(), c).await? {
                    return Err(listed_twice("code_hash"));
                }
            }
            complaints::cases::restore_counters(tx.conn(), a.agency.id).await?;
            for m in &a.case_messages {
                complaints::cases::insert_message(tx.conn(), m).await?;
            }
            for f in &a.case_attachments {
                complaints::cases::insert_attachment(tx.conn(), f).await?;
            }
            if let Some(s) = &a.complaint_settings {
                complaints::settings::upsert(tx.conn(), a.agency.id, s).await?;
            }
            for u in &a.corruption_handlers {
                if !complaints::settings::insert_handler(tx.conn(), a.agency.id, *u).await? {
                    return Err(listed_twice("user_id"));
                }
            }
            for e in &a.disclosure_entries {
                if !disclosure::checklist::insert(tx.conn(), e).await? {
                    return Err(listed_twice("item_code"));
                }
            }
            if let Some(s) = &a.disclosure_settings {
                disclosure::checklist::upsert_settings(tx.conn(), a.agency.id, s).await?;
            }
            let checks: Vec<_> = a.link_checks.iter().map(|l| l.check.clone()).collect();
            let archives: Vec<_> = a
                .link_checks
                .iter()
                .filter_map(|l| l.archive.clone().map(|bytes| (l.check.id, bytes)))
                .collect();
            link_checks::insert_all(&mut tx, &checks, &archives).await?;
            for s in &a.surveys {
                surveys::insert(tx.conn(), s).await?;
            }
            for r in &a.survey_responses {
                if !surveys::insert_response(tx.conn(), r).await? {
                    return Err(listed_twice("device_hash"));
                }
            }
            for e in &a.audit_log {
                audit::insert(tx.conn(), e).await?;
            }
        }
        tx.commit().await
    }
}

/// A key the bundle lists twice, reported like any other taken key.
fn listed_twice(field: &str) -> StoreError {
    StoreError::Conflict {
        field: field.to_owned(),
    }
}

/// The rows of one agency that a bundle lists without their agency id, given it.
struct Keyed {
    frameworks: Vec<StoredFramework>,
    analyses: Vec<StoredAnalysis>,
}

/// Checks everything that can be checked without the database, and returns each
/// agency's frameworks and analyses read from their bundle form.
fn check(bundle: &Bundle) -> StoreResult<Vec<Keyed>> {
    if bundle.format != BUNDLE_FORMAT {
        return Err(StoreError::Invalid(format!(
            "not a Prongsai bundle (format `{}`)",
            bundle.format
        )));
    }
    if bundle.version != BUNDLE_VERSION {
        return Err(StoreError::Invalid(format!(
            "bundle version {} cannot be read; this build reads version {BUNDLE_VERSION}",
            bundle.version
        )));
    }
    bundle
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| check_agency(&format!("agencies[{i}]"), a))
        .collect()
}

/// Refuses an agency whose texts hold a control character (see
/// `core::validation::has_control_character`; line breaks and tabs are kept):
/// PostgreSQL refuses NUL, so a bundle made on SQLite could not move to
/// PostgreSQL; or are longer than the forms take (`core::field_limits`), so a
/// bundle cannot bring in what no form would save. Checked an agency at a time,
/// before anything is written.
fn check_texts(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let value = serde_json::to_value(a).map_err(|e| StoreError::Invalid(format!("{path}: {e}")))?;
    match text_problem_at(&value, "") {
        Some((field, problem)) => Err(StoreError::Invalid(format!("{path}{field}: {problem}"))),
        None => Ok(()),
    }
}

/// Where in `value` the first text the forms would refuse is (`.key[i]…`) and
/// why: a control character (which PostgreSQL cannot keep), or more characters
/// than the table of limits gives a field of its name (`key`, the name it is
/// found under; names the table does not list are not measured).
fn text_problem_at(value: &serde_json::Value, key: &str) -> Option<(String, String)> {
    match value {
        serde_json::Value::String(text) => {
            if has_control_character(text, true) {
                return Some((
                    String::new(),
                    "holds a control character (such as NUL), which the database cannot keep"
                        .to_owned(),
                ));
            }
            let count = text.chars().count();
            let limit = max_chars(key);
            (is_listed(key) && count > limit).then(|| {
                (
                    String::new(),
                    format!("{count} characters, over the {limit} a field of this kind holds"),
                )
            })
        }
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            text_problem_at(item, key).map(|(rest, why)| (format!("[{i}]{rest}"), why))
        }),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, item)| {
            text_problem_at(item, name).map(|(rest, why)| (format!(".{name}{rest}"), why))
        }),
        _ => None,
    }
}

fn check_agency(path: &str, a: &AgencyBundle) -> StoreResult<Keyed> {
    check_texts(path, a)?;
    let agency = a.agency.id;
    let invalid = |what: String| Err(StoreError::Invalid(format!("{path}.{what}")));
    let mut known = HashSet::new();
    for (i, d) in a.departments.iter().enumerate() {
        if d.agency_id != agency {
            return invalid(format!("departments[{i}]: belongs to another agency"));
        }
        if !known.insert(d.id) {
            return invalid(format!("departments[{i}]: id {} appears twice", d.id));
        }
    }
    let missing =
        |department: Option<DepartmentId>| department.is_some_and(|d| !known.contains(&d));
    for (i, o) in a.officials.iter().enumerate() {
        if o.agency_id != agency {
            return invalid(format!("officials[{i}]: belongs to another agency"));
        }
        if missing(o.department_id) {
            return invalid(format!("officials[{i}]: department is not in the bundle"));
        }
    }
    for (i, u) in a.users.iter().enumerate() {
        if u.agency_id != Some(agency) {
            return invalid(format!("users[{i}]: belongs to another agency"));
        }
        if missing(u.department_id) {
            return invalid(format!("users[{i}]: department is not in the bundle"));
        }
        if u.username != normalize_username(&u.username) {
            return invalid(format!("users[{i}]: username is not trimmed lower-case"));
        }
    }
    for (i, r) in a.ita_results.iter().enumerate() {
        if r.agency_id != agency {
            return invalid(format!("ita_results[{i}]: belongs to another agency"));
        }
    }
    for (i, e) in a.audit_log.iter().enumerate() {
        if e.agency_id != Some(agency) {
            return invalid(format!("audit_log[{i}]: belongs to another agency"));
        }
        // Both backends keep microseconds; anything finer would not round-trip.
        if e.at != e.at.trunc_subsecs(6) {
            return invalid(format!("audit_log[{i}]: time finer than a microsecond"));
        }
    }
    check_cycle(path, a)?;
    check_action_plans(path, a)?;
    check_records(path, a)?;
    check_publications(path, a)?;
    check_cases(path, a)?;
    check_disclosure(path, a)?;
    check_surveys(path, a)?;
    let mut keys = HashSet::new();
    for (i, an) in a.analyses.iter().enumerate() {
        if !keys.insert((an.fiscal_year, an.source)) {
            return invalid(format!(
                "analyses[{i}]: {}/{} appears twice",
                an.fiscal_year,
                an.source.code()
            ));
        }
    }
    Ok(Keyed {
        frameworks: a
            .frameworks
            .iter()
            .map(|f| StoredFramework {
                agency_id: agency,
                fiscal_year: f.fiscal_year,
                document: f.document.clone(),
            })
            .collect(),
        analyses: a
            .analyses
            .iter()
            .map(|an| StoredAnalysis {
                agency_id: agency,
                fiscal_year: an.fiscal_year,
                source: an.source,
                settings: an.settings.clone(),
                text: an.text.clone(),
            })
            .collect(),
    })
}

/// The measures cycle of one agency: every row is the agency's, and every time is
/// whole microseconds (what both backends keep). Whether topics, measures and
/// departments refer to each other is left to the foreign keys of the import.
fn check_cycle(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    let fine = |at: DateTime<Utc>| at == at.trunc_subsecs(6);
    let problem = a
        .topics
        .iter()
        .position(|t| t.agency_id != agency)
        .map(|i| format!("topics[{i}]: belongs to another agency"))
        .or_else(|| {
            a.measures
                .iter()
                .position(|m| m.agency_id != agency)
                .map(|i| format!("measures[{i}]: belongs to another agency"))
        })
        .or_else(|| {
            a.progress
                .iter()
                .position(|p| p.agency_id != agency || !fine(p.updated_at))
                .map(|i| {
                    format!("progress[{i}]: of another agency or time finer than a microsecond")
                })
        })
        .or_else(|| {
            a.evidence_files
                .iter()
                .position(|f| f.agency_id != agency || !fine(f.uploaded_at))
                .map(|i| {
                    format!(
                        "evidence_files[{i}]: of another agency or time finer than a microsecond"
                    )
                })
        })
        .or_else(|| {
            a.round_approvals
                .iter()
                .position(|r| r.agency_id != agency || !fine(r.approved_at))
                .map(|i| {
                    format!(
                        "round_approvals[{i}]: of another agency or time finer than a microsecond"
                    )
                })
        })
        .or_else(|| {
            a.plan_memos
                .iter()
                .position(|m| m.agency_id != agency)
                .map(|i| format!("plan_memos[{i}]: belongs to another agency"))
        });
    match problem {
        Some(what) => Err(StoreError::Invalid(format!("{path}.{what}"))),
        None => Ok(()),
    }
}

/// The action plans and follow-ups of one agency: every row is the agency's.
/// Whether a follow-up's project is in its plan is left to the foreign keys.
fn check_action_plans(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    let problem = a
        .action_plans
        .iter()
        .position(|p| p.agency_id != agency)
        .map(|i| format!("action_plans[{i}]: belongs to another agency"))
        .or_else(|| {
            a.follow_ups
                .iter()
                .position(|f| f.agency_id != agency)
                .map(|i| format!("follow_ups[{i}]: belongs to another agency"))
        });
    match problem {
        Some(what) => Err(StoreError::Invalid(format!("{path}.{what}"))),
        None => Ok(()),
    }
}

/// The risk assessments, orders and memos of one agency: every row is the
/// agency's, and every acknowledgement was made by one of the bundle's users at
/// a time both backends keep. Whether officials and departments they name are
/// the agency's is left to the foreign keys.
fn check_records(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    let users: HashSet<_> = a.users.iter().map(|u| u.id).collect();
    let problem = a
        .risk_assessments
        .iter()
        .position(|r| r.agency_id != agency)
        .map(|i| format!("risk_assessments[{i}]: belongs to another agency"))
        .or_else(|| {
            a.orders
                .iter()
                .position(|o| o.agency_id != agency)
                .map(|i| format!("orders[{i}]: belongs to another agency"))
        })
        .or_else(|| {
            a.memos.iter().enumerate().find_map(|(i, m)| {
                if m.agency_id != agency {
                    return Some(format!("memos[{i}]: belongs to another agency"));
                }
                m.acknowledgements
                    .iter()
                    .position(|ack| {
                        !users.contains(&ack.user_id) || ack.at != ack.at.trunc_subsecs(6)
                    })
                    .map(|j| {
                        format!(
                            "memos[{i}].acknowledgements[{j}]: by a user not in the bundle \
                             or at a time finer than a microsecond"
                        )
                    })
            })
        });
    match problem {
        Some(what) => Err(StoreError::Invalid(format!("{path}.{what}"))),
        None => Ok(()),
    }
}

/// The publications of one agency: every one is the agency's, published at a
/// time both backends keep.
fn check_publications(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    match a
        .publications
        .iter()
        .position(|p| p.agency_id != agency || p.published_at != p.published_at.trunc_subsecs(6))
    {
        Some(i) => Err(StoreError::Invalid(format!(
            "{path}.publications[{i}]: of another agency or time finer than a microsecond"
        ))),
        None => Ok(()),
    }
}

/// The cases of one agency: every case, message and file row is the agency's,
/// at times both backends keep; staff authors and corruption handlers are users
/// of the bundle. Whether a message or file belongs to a case of the bundle is
/// left to the foreign keys.
fn check_cases(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    let fine = |at: DateTime<Utc>| at == at.trunc_subsecs(6);
    let users: HashSet<_> = a.users.iter().map(|u| u.id).collect();
    let problem = a
        .cases
        .iter()
        .position(|c| {
            c.agency_id != agency
                || !fine(c.received_at)
                || ![c.answered_at, c.first_reply_at, c.closed_at, c.purged_at]
                    .into_iter()
                    .flatten()
                    .all(fine)
        })
        .map(|i| format!("cases[{i}]: of another agency or time finer than a microsecond"))
        .or_else(|| {
            a.case_messages
                .iter()
                .position(|m| {
                    m.agency_id != agency
                        || !fine(m.at)
                        || matches!(m.author, MessageAuthor::Staff(u) if !users.contains(&u))
                })
                .map(|i| {
                    format!(
                        "case_messages[{i}]: of another agency, by a user not in the bundle \
                         or at a time finer than a microsecond"
                    )
                })
        })
        .or_else(|| {
            a.case_attachments
                .iter()
                .position(|f| f.agency_id != agency || !fine(f.uploaded_at))
                .map(|i| {
                    format!(
                        "case_attachments[{i}]: of another agency or time finer than a microsecond"
                    )
                })
        })
        .or_else(|| {
            a.corruption_handlers
                .iter()
                .position(|u| !users.contains(u))
                .map(|i| format!("corruption_handlers[{i}]: not a user in the bundle"))
        });
    match problem {
        Some(what) => Err(StoreError::Invalid(format!("{path}.{what}"))),
        None => Ok(()),
    }
}

/// The OIT checklist and link checks of one agency: every row is the agency's,
/// at times both backends keep, and a check keeps bytes exactly when it says it
/// archived them. Whether an entry's department is the agency's is left to the
/// foreign keys.
fn check_disclosure(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    let fine = |at: DateTime<Utc>| at == at.trunc_subsecs(6);
    let problem = a
        .disclosure_entries
        .iter()
        .position(|e| e.agency_id != agency || !fine(e.updated_at))
        .map(|i| {
            format!("disclosure_entries[{i}]: of another agency or time finer than a microsecond")
        })
        .or_else(|| {
            a.link_checks
                .iter()
                .position(|l| {
                    l.check.agency_id != agency
                        || !fine(l.check.checked_at)
                        || l.check.archived != l.archive.is_some()
                })
                .map(|i| {
                    format!(
                        "link_checks[{i}]: of another agency, time finer than a microsecond \
                         or archive missing or unexpected"
                    )
                })
        });
    match problem {
        Some(what) => Err(StoreError::Invalid(format!("{path}.{what}"))),
        None => Ok(()),
    }
}

/// The surveys and responses of one agency: every row is the agency's, created
/// at a time both backends keep. Whether a response's survey is in the bundle
/// is left to the foreign keys.
fn check_surveys(path: &str, a: &AgencyBundle) -> StoreResult<()> {
    let agency = a.agency.id;
    let problem = a
        .surveys
        .iter()
        .position(|s| s.agency_id != agency || s.created_at != s.created_at.trunc_subsecs(6))
        .map(|i| format!("surveys[{i}]: of another agency or time finer than a microsecond"))
        .or_else(|| {
            a.survey_responses
                .iter()
                .position(|r| r.agency_id != agency)
                .map(|i| format!("survey_responses[{i}]: belongs to another agency"))
        });
    match problem {
        Some(what) => Err(StoreError::Invalid(format!("{path}.{what}"))),
        None => Ok(()),
    }
}

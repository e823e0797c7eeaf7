//! The report form of one measure in a round, as fields: the status, the
//! results (`results.N.text`, each with its link rows `results.N.links.M.url`
//! and `…label`, and the ids of its evidence files in `results.N.files`), the
//! outcome, the numbers achieved (`achieved.N`) and the version. Reading a
//! posted form keeps every row's problems at that row, so the form comes back
//! with everything typed and a Thai message where it was wrong.
//!
//! Rows grow in place when the browser runs scripts (`static/rows.js` clones
//! the row templates the page carries); without scripts the same buttons post
//! the form (`add` = `results` or `results.N.links`), which is saved, and the
//! form comes back with the row added ([`Shown`]).

use std::collections::{BTreeMap, HashSet};

use prongsai_core::measures::{
    EvidenceLink, Measure, Progress, ProgressResult, ProgressStatus, format_quantity,
    parse_quantity,
};
use prongsai_core::model::EvidenceFileId;
use prongsai_core::thai::digits::digits_for;
use prongsai_core::validation::ValidationErrors;
use serde::Serialize;

use crate::forms::read_link;
use crate::pages::cycle::{MAX_ROWS, row_count};

/// What the save button posts when a row is to be added without scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AddRow {
    /// One more result.
    Result,
    /// One more link row of the result at this row of the form.
    Link(usize),
}

impl AddRow {
    /// Reads the `add` field (or query parameter): `results` or `results.N.links`.
    pub(crate) fn parse(value: &str) -> Option<Self> {
        if value == "results" {
            return Some(Self::Result);
        }
        let row = value.strip_prefix("results.")?.strip_suffix(".links")?;
        row.parse().ok().filter(|r| *r < MAX_ROWS).map(Self::Link)
    }

    /// The `add` value that asks for this row again (after a redirect).
    pub(crate) fn code(&self) -> String {
        match self {
            Self::Result => "results".to_owned(),
            Self::Link(row) => format!("results.{row}.links"),
        }
    }

    /// Where the page opens after the row was added.
    pub(crate) fn anchor(&self) -> String {
        match self {
            Self::Result => "results".to_owned(),
            Self::Link(row) => format!("result-{row}"),
        }
    }
}

/// The form's values for stored progress.
pub(crate) fn progress_values(p: &Progress, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("status".to_owned(), p.status.code().to_owned());
    v.insert("outcome".to_owned(), p.outcome.clone());
    for (i, a) in p.achieved.iter().enumerate() {
        if let Some(q) = a {
            v.insert(
                format!("achieved.{i}"),
                digits_for(&format_quantity(*q), thai_digits),
            );
        }
    }
    for (i, result) in p.results.iter().enumerate() {
        v.insert(format!("results.{i}.text"), result.text.clone());
        for (j, link) in result.links.iter().enumerate() {
            v.insert(format!("results.{i}.links.{j}.url"), link.url.clone());
            v.insert(format!("results.{i}.links.{j}.label"), link.label.clone());
        }
        if !result.files.is_empty() {
            v.insert(format!("results.{i}.files"), file_ids(&result.files));
        }
    }
    v.insert("version".to_owned(), p.version.to_string());
    v
}

/// The ids of a result's files as its hidden field holds them.
fn file_ids(ids: &[EvidenceFileId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A posted form read onto stored progress, with where each kept result and
/// link came from on the form.
#[derive(Debug)]
pub(crate) struct ReadProgress {
    pub(crate) progress: Progress,
    /// The form row of each kept result, and of each of its kept links.
    rows: Vec<(usize, Vec<usize>)>,
}

impl ReadProgress {
    /// The kept result that came from form row `row`, if it was kept.
    pub(crate) fn result_at_row(&self, row: usize) -> Option<usize> {
        self.rows.iter().position(|(r, _)| *r == row)
    }
}

/// Reads the report form onto `base`; every problem is reported at its field.
/// `files` are the entry's evidence files: a result names only those.
pub(crate) fn read_progress(
    values: &mut BTreeMap<String, String>,
    base: &Progress,
    measure: &Measure,
    files: &HashSet<EvidenceFileId>,
) -> Result<ReadProgress, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut results = Vec::new();
    let mut rows = Vec::new();
    for i in 0..row_count(values, "results", 0) {
        let (result, link_rows) = read_result(values, i, files, &mut errors);
        if !result.is_blank() {
            results.push(result);
            rows.push((i, link_rows));
        }
    }
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let status = ProgressStatus::from_code(&get("status")).unwrap_or_else(|| {
        errors.add("status", "กรุณาเลือกสถานะการดำเนินงาน");
        ProgressStatus::NotStarted
    });
    let achieved = (0..measure.targets.len())
        .map(|i| {
            let field = format!("achieved.{i}");
            parse_quantity(&get(&field)).unwrap_or_else(|message| {
                errors.add(field, message);
                None
            })
        })
        .collect();
    let progress = Progress {
        status,
        results,
        outcome: get("outcome").trim().to_owned(),
        achieved,
        version: get("version").trim().parse().unwrap_or(base.version),
        ..base.clone()
    };
    if let Err(found) = progress.validate(measure) {
        for e in found.0 {
            errors.add(form_field(&e.field, &rows), e.message);
        }
    }
    errors.into_result()?;
    Ok(ReadProgress { progress, rows })
}

/// The result at form row `i`, with the form rows of its kept links; a link
/// that cannot be stored is left out with its message at its row.
fn read_result(
    values: &mut BTreeMap<String, String>,
    i: usize,
    files: &HashSet<EvidenceFileId>,
    errors: &mut ValidationErrors,
) -> (ProgressResult, Vec<usize>) {
    let prefix = format!("results.{i}");
    let mut links = Vec::new();
    let mut link_rows = Vec::new();
    for j in 0..row_count(values, &format!("{prefix}.links"), 0) {
        let field = format!("{prefix}.links.{j}.url");
        let typed = |key: &str| values.get(key).map_or("", |v| v.trim());
        let label = typed(&format!("{prefix}.links.{j}.label")).to_owned();
        if typed(&field).is_empty() && label.is_empty() {
            continue;
        }
        if let Some(url) = read_link(values, &field, errors) {
            links.push(EvidenceLink { url, label });
            link_rows.push(j);
        }
    }
    let text = values
        .get(&format!("{prefix}.text"))
        .map_or("", |v| v.trim())
        .to_owned();
    let files = values
        .get(&format!("{prefix}.files"))
        .map_or("", String::as_str)
        .split_whitespace()
        .filter_map(|id| id.parse().ok())
        .filter(|id| files.contains(id))
        .collect();
    (ProgressResult { text, links, files }, link_rows)
}

/// The form field of a problem core found in the kept results
/// (`results.K.links.L.url` → `results.I.links.J.url`); other fields as they are.
fn form_field(field: &str, rows: &[(usize, Vec<usize>)]) -> String {
    let mapped = || {
        let rest = field.strip_prefix("results.")?;
        let (k, tail) = rest.split_once('.')?;
        let (row, link_rows) = rows.get(k.parse::<usize>().ok()?)?;
        let tail = match tail.strip_prefix("links.") {
            Some(link) => {
                let (l, after) = link.split_once('.')?;
                format!("links.{}.{after}", link_rows.get(l.parse::<usize>().ok()?)?)
            }
            None => tail.to_owned(),
        };
        Some(format!("results.{row}.{tail}"))
    };
    mapped().unwrap_or_else(|| field.to_owned())
}

/// How many rows the form shows: every result typed plus a blank one, and per
/// result its links plus a blank row; a row asked for comes on top (so the
/// press shows a new row even when the blank one was left blank).
#[derive(Debug, Serialize)]
pub(crate) struct Shown {
    /// Per result row, its link rows.
    pub(crate) results: Vec<Vec<usize>>,
}

impl Shown {
    pub(crate) fn of(values: &BTreeMap<String, String>, add: Option<&AddRow>) -> Self {
        let filled = |prefix: &str| {
            values
                .iter()
                .any(|(k, v)| k.starts_with(prefix) && !v.trim().is_empty())
        };
        let count = |prefix: &str, add: bool| {
            let posted = row_count(values, prefix, 0);
            let typed = (0..posted)
                .rev()
                .find(|i| filled(&format!("{prefix}.{i}.")))
                .map_or(0, |i| i + 1);
            let add = usize::from(add);
            (typed + 1 + add).max(posted + add).min(MAX_ROWS)
        };
        let results = (0..count("results", add == Some(&AddRow::Result)))
            .map(|i| {
                let more = add == Some(&AddRow::Link(i));
                (0..count(&format!("results.{i}.links"), more)).collect()
            })
            .collect();
        Self { results }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::measures::{Owners, Target, Timeframe};
    use prongsai_core::model::{AgencyId, MeasureId, TopicId};
    use prongsai_core::thai::fiscal::ReportingRound;

    fn measure() -> Measure {
        Measure {
            id: MeasureId::new(),
            agency_id: AgencyId::new(),
            fiscal_year: 2569,
            topic_id: TopicId::new(),
            position: 1,
            title: "อบรม".into(),
            indicators: vec![],
            weakness: String::new(),
            improvement: String::new(),
            steps: vec![],
            timeframe: Timeframe::WholeYear,
            owners: Owners::default(),
            monitoring: String::new(),
            reporting: String::new(),
            targets: vec![Target {
                text: "อบรม".into(),
                quantity: Some(3.0),
                unit: "ครั้ง".into(),
            }],
            version: 1,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_report_reads_results_with_their_links_numbers_and_version() {
        let m = measure();
        let base = Progress::empty(m.agency_id, m.id, ReportingRound::HalfYear);
        let file = EvidenceFileId::new();
        let other = EvidenceFileId::new();
        let read = read_progress(
            &mut values(&[
                ("status", "done"),
                ("results.0.text", ""),
                ("results.1.text", "อบรมแล้ว ๓ ครั้ง"),
                ("results.1.links.1.url", "https://example.go.th/a"),
                ("results.1.links.1.label", "ภาพ"),
                ("results.1.files", &format!("{file} {other} nonsense")),
                ("results.3.text", "เผยแพร่คู่มือ"),
                ("results.3.links.0.url", "https://example.go.th/b"),
                ("achieved.0", "๓"),
                ("version", "2"),
            ]),
            &base,
            &m,
            &HashSet::from([file]),
        )
        .unwrap();
        let p = &read.progress;
        assert_eq!(p.status, ProgressStatus::Done);
        assert_eq!(p.achieved, vec![Some(3.0)]);
        assert_eq!(p.version, 2);
        assert_eq!(p.results.len(), 2, "blank rows are dropped");
        assert_eq!(p.results[0].text, "อบรมแล้ว ๓ ครั้ง");
        assert_eq!(p.results[0].links[0].label, "ภาพ");
        assert_eq!(p.results[0].files, vec![file], "only the entry's files");
        assert_eq!(p.results[1].links[0].url, "https://example.go.th/b");
        assert_eq!(read.result_at_row(3), Some(1));
        assert_eq!(read.result_at_row(0), None);
        let back = progress_values(p, true);
        assert_eq!(back["achieved.0"], "๓");
        assert_eq!(back["results.1.links.0.url"], "https://example.go.th/b");
        assert_eq!(back["results.0.files"], file.to_string());
    }

    #[test]
    fn report_problems_land_at_their_rows() {
        let m = measure();
        let base = Progress::empty(m.agency_id, m.id, ReportingRound::HalfYear);
        let mut typed = values(&[
            ("status", "done"),
            ("achieved.0", "สาม"),
            ("results.1.links.2.url", "javascript:alert(1)"),
            ("results.1.links.3.url", "https://example.go.th/menu/๑๑๔"),
            ("results.2.text", "ผล\u{0}"),
        ]);
        let errors = read_progress(&mut typed, &base, &m, &HashSet::new()).unwrap_err();
        assert!(errors.get("achieved.0").is_some());
        assert!(
            errors
                .get("results.1.links.2.url")
                .unwrap()
                .contains("http")
        );
        assert!(
            errors
                .get("results.1.links.3.url")
                .unwrap()
                .contains("เลขไทย")
        );
        assert!(errors.get("results.2.text").is_some(), "{errors}");
        assert_eq!(
            typed["results.1.links.3.url"],
            "https://example.go.th/menu/114"
        );
        // Done without any result: the message is at the first result.
        let mut none = values(&[("status", "done"), ("results.0.text", " ")]);
        let errors = read_progress(&mut none, &base, &m, &HashSet::new()).unwrap_err();
        assert!(errors.get("results.0.text").is_some(), "{errors}");
    }

    #[test]
    fn core_problems_move_to_the_rows_they_came_from() {
        let rows = vec![(2, vec![0, 4]), (5, vec![1])];
        assert_eq!(
            form_field("results.0.links.1.url", &rows),
            "results.2.links.4.url"
        );
        assert_eq!(form_field("results.1.text", &rows), "results.5.text");
        assert_eq!(form_field("results.7.text", &rows), "results.7.text");
        assert_eq!(form_field("outcome", &rows), "outcome");
    }

    #[test]
    fn rows_shown_add_one_blank_and_what_was_asked_for() {
        let typed = values(&[
            ("results.0.text", "หนึ่ง"),
            ("results.0.links.0.url", "https://a.go.th/"),
            ("results.1.text", ""),
            ("results.1.links.0.url", ""),
        ]);
        assert_eq!(Shown::of(&typed, None).results, vec![vec![0, 1], vec![0]]);
        assert_eq!(
            Shown::of(&typed, Some(&AddRow::Link(0))).results,
            vec![vec![0, 1, 2], vec![0]]
        );
        assert_eq!(
            Shown::of(&typed, Some(&AddRow::Link(1))).results,
            vec![vec![0, 1], vec![0, 1]],
            "a blank row left blank still gets one more"
        );
        assert_eq!(
            Shown::of(&typed, Some(&AddRow::Result)).results,
            vec![vec![0, 1], vec![0], vec![0]]
        );
        assert_eq!(Shown::of(&BTreeMap::new(), None).results, vec![vec![0]]);
        assert_eq!(AddRow::parse("results.3.links"), Some(AddRow::Link(3)));
        assert_eq!(AddRow::parse("results"), Some(AddRow::Result));
        assert_eq!(AddRow::parse("results.x.links"), None);
        assert_eq!(AddRow::parse("results.999.links"), None);
        assert_eq!(AddRow::Link(3).code(), "results.3.links");
    }
}

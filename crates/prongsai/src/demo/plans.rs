//! The plans, progress and memos of the demo agencies, transcribed from the seed
//! documents in `shared/reference/seeds` (`demo/plans/*.json`, one file per
//! agency and fiscal year, compiled in), so that each document the system makes
//! for a demo agency can be laid beside its seed and compared.
//!
//! The files name departments and officials as `demo/agencies.json` does; ids are
//! made here. A whole file is checked as a user's form would check it before
//! anything is written, and it is loaded only into an agency-year that has no
//! topics yet: a rerun adds nothing and never touches what a user changed.

use chrono::{NaiveDate, Utc};
use prongsai_core::measures::{
    Measure, Owners, PlanMemo, Progress, ProgressResult, ProgressStatus, Target, Timeframe, Topic,
};
use prongsai_core::model::{AgencyId, MeasureId, TopicId};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_store::{Actor, Store};
use serde::Deserialize;

use crate::demo::names::Names;
use crate::error::CliError;

/// Every plan file: the 2568 annual report of อบต.ดินแดง, the 2566 half-year
/// report of เทศบาลตำบลปทุมใหญ่ and the 2565 measures and memo of อบต.หนองปรุง.
const PLAN_FILES: [(&str, &str); 3] = [
    (
        "dindaeng-2568.json",
        include_str!("../../demo/plans/dindaeng-2568.json"),
    ),
    (
        "pathumyai-2566.json",
        include_str!("../../demo/plans/pathumyai-2566.json"),
    ),
    (
        "nongprung-2565.json",
        include_str!("../../demo/plans/nongprung-2565.json"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    /// The agency's code in `demo/agencies.json`.
    agency: String,
    fiscal_year: i32,
    /// The seed document it was transcribed from, named in error messages.
    source: String,
    topics: Vec<PlanTopic>,
    memo: Option<PlanMemoFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanTopic {
    title: String,
    catalog_key: Option<String>,
    measures: Vec<PlanMeasure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanMeasure {
    title: String,
    #[serde(default)]
    indicators: Vec<u32>,
    #[serde(default)]
    weakness: String,
    #[serde(default)]
    improvement: String,
    steps: Vec<String>,
    timeframe: Timeframe,
    owners: PlanOwners,
    #[serde(default)]
    monitoring: String,
    #[serde(default)]
    reporting: String,
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    progress: Vec<PlanProgress>,
}

/// Departments by name, positions as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanOwners {
    #[serde(default)]
    departments: Vec<String>,
    #[serde(default)]
    positions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanProgress {
    round: ReportingRound,
    status: ProgressStatus,
    /// The results, one a line (each line of the published report's summary
    /// is a result of its own).
    summary: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    achieved: Vec<Option<f64>>,
}

/// Officials by "first last" name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanMemoFile {
    from_unit: String,
    number: String,
    date: Option<NaiveDate>,
    subject: String,
    to: String,
    body: Vec<String>,
    signer: Option<String>,
    acknowledgers: Vec<String>,
}

/// A measure with what was reported on it, one entry per round.
type ReportedMeasure = (Measure, Vec<Progress>);

/// A file turned into the values the store keeps, every one checked.
#[derive(Debug)]
struct Plan {
    topics: Vec<(Topic, Vec<ReportedMeasure>)>,
    memo: Option<PlanMemo>,
}

/// Loads every plan file whose agency-year has no topics yet.
pub(crate) async fn ensure_demo_plans(store: &Store) -> Result<(), CliError> {
    let actor = Actor::default();
    for (name, text) in PLAN_FILES {
        let file: PlanFile = serde_json::from_str(text)
            .map_err(|e| CliError::failure(format!("ข้อมูลแผนสาธิต {name} เสียหาย: {e}")))?;
        let agency = store
            .find_agency_by_code(&file.agency)
            .await?
            .ok_or_else(|| {
                CliError::failure(format!("ข้อมูลแผนสาธิต {name}: ไม่มีหน่วยงานรหัส {}", file.agency))
            })?;
        if !store
            .list_topics(agency.id, file.fiscal_year)
            .await?
            .is_empty()
        {
            continue;
        }
        let names = Names::of(store, agency.id).await?;
        let plan = build_plan(&file, agency.id, &names).map_err(|message| {
            CliError::failure(format!("ข้อมูลแผนสาธิต {name} ({}): {message}", file.source))
        })?;
        save_plan(store, actor, plan).await?;
    }
    Ok(())
}

async fn save_plan(store: &Store, actor: Actor, plan: Plan) -> Result<(), CliError> {
    for (topic, measures) in plan.topics {
        store.save_topic(actor, &topic).await?;
        for (measure, progress) in measures {
            let stored = store.create_measure(actor, &measure).await?;
            for p in progress {
                let p = Progress {
                    measure_id: stored.id,
                    ..p
                };
                store.save_progress(actor, &p).await?;
            }
        }
    }
    if let Some(memo) = plan.memo {
        store.save_plan_memo(actor, &memo).await?;
    }
    Ok(())
}

/// Turns a file into checked values; the message names the topic and measure at fault.
fn build_plan(file: &PlanFile, agency_id: AgencyId, names: &Names) -> Result<Plan, String> {
    let mut topics = Vec::with_capacity(file.topics.len());
    for (t, plan_topic) in (1..).zip(&file.topics) {
        let topic = Topic {
            id: TopicId::new(),
            agency_id,
            fiscal_year: file.fiscal_year,
            position: t,
            title: plan_topic.title.clone(),
            catalog_key: plan_topic.catalog_key.clone(),
        };
        topic
            .validate()
            .map_err(|errors| format!("ประเด็นที่ {t}: {errors}"))?;
        let mut measures = Vec::with_capacity(plan_topic.measures.len());
        for (m, plan_measure) in (1..).zip(&plan_topic.measures) {
            let at = |message: String| format!("ประเด็นที่ {t} มาตรการที่ {m}: {message}");
            let measure = build_measure(plan_measure, &topic, m, names).map_err(at)?;
            let progress = plan_measure
                .progress
                .iter()
                .map(|p| build_progress(p, &measure))
                .collect::<Result<Vec<_>, _>>()
                .map_err(at)?;
            measures.push((measure, progress));
        }
        topics.push((topic, measures));
    }
    let memo = file
        .memo
        .as_ref()
        .map(|memo| build_memo(memo, agency_id, file.fiscal_year, names))
        .transpose()
        .map_err(|message| format!("บันทึกข้อความ: {message}"))?;
    Ok(Plan { topics, memo })
}

fn build_measure(
    m: &PlanMeasure,
    topic: &Topic,
    position: i32,
    names: &Names,
) -> Result<Measure, String> {
    let departments = m
        .owners
        .departments
        .iter()
        .map(|d| names.department(d))
        .collect::<Result<Vec<_>, _>>()?;
    let measure = Measure {
        id: MeasureId::new(),
        agency_id: topic.agency_id,
        fiscal_year: topic.fiscal_year,
        topic_id: topic.id,
        position,
        title: m.title.clone(),
        indicators: m.indicators.clone(),
        weakness: m.weakness.clone(),
        improvement: m.improvement.clone(),
        steps: m.steps.clone(),
        timeframe: m.timeframe,
        owners: Owners {
            departments,
            positions: m.owners.positions.clone(),
        },
        monitoring: m.monitoring.clone(),
        reporting: m.reporting.clone(),
        targets: m.targets.clone(),
        version: 1,
    };
    measure.validate().map_err(|errors| errors.to_string())?;
    Ok(measure)
}

/// Version 0: nothing was reported before.
fn build_progress(p: &PlanProgress, measure: &Measure) -> Result<Progress, String> {
    let progress = Progress {
        status: p.status,
        results: p
            .summary
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| ProgressResult::of_summary(line.to_owned(), Vec::new()))
            .collect(),
        outcome: p.outcome.clone(),
        achieved: p.achieved.clone(),
        updated_at: Utc::now(),
        ..Progress::empty(measure.agency_id, measure.id, p.round)
    };
    progress
        .validate(measure)
        .map_err(|errors| format!("{}: {errors}", p.round.label_th()))?;
    Ok(progress)
}

fn build_memo(
    memo: &PlanMemoFile,
    agency_id: AgencyId,
    fiscal_year: i32,
    names: &Names,
) -> Result<PlanMemo, String> {
    let built = PlanMemo {
        agency_id,
        fiscal_year,
        from_unit: memo.from_unit.clone(),
        number: memo.number.clone(),
        date: memo.date,
        subject: memo.subject.clone(),
        to: memo.to.clone(),
        body: memo.body.clone(),
        signer: memo
            .signer
            .as_deref()
            .map(|s| names.official(s))
            .transpose()?,
        acknowledgers: memo
            .acknowledgers
            .iter()
            .map(|a| names.official(a))
            .collect::<Result<Vec<_>, _>>()?,
    };
    built.validate().map_err(|errors| errors.to_string())?;
    Ok(built)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_builds_as_a_user_would_have_to_enter_it() {
        for (name, text) in PLAN_FILES {
            let file: PlanFile =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let plan = build_plan(&file, AgencyId::new(), &Names::of_demo_agency(&file.agency))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!plan.topics.is_empty(), "{name}");
            for (topic, measures) in &plan.topics {
                assert!(!measures.is_empty(), "{name}: {}", topic.title);
                for (m, progress) in measures {
                    assert_eq!(m.topic_id, topic.id);
                    for p in progress {
                        assert!(p.achieved.len() <= m.targets.len(), "{name}: {}", m.title);
                    }
                }
            }
        }
    }

    #[test]
    fn unknown_names_are_refused_with_the_place_named() {
        let (_, text) = PLAN_FILES[0];
        let file: PlanFile = serde_json::from_str(text).unwrap();
        let error = build_plan(&file, AgencyId::new(), &Names::default()).unwrap_err();
        assert!(error.starts_with("ประเด็นที่ 1 มาตรการที่ 1"), "{error}");
        assert!(error.contains("ไม่มีส่วนราชการชื่อ สำนักปลัด"), "{error}");
    }

    #[test]
    fn an_invalid_measure_is_refused_before_anything_is_written() {
        let (_, text) = PLAN_FILES[1];
        let mut file: PlanFile = serde_json::from_str(text).unwrap();
        file.topics[1].measures[0].title = " ".to_owned();
        let error =
            build_plan(&file, AgencyId::new(), &Names::of_demo_agency(&file.agency)).unwrap_err();
        assert!(error.starts_with("ประเด็นที่ 2 มาตรการที่ 1"), "{error}");
        assert!(error.contains("ชื่อมาตรการ"), "{error}");
    }
}

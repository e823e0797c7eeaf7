//! What the OIT checklist of a fiscal year reads before it is laid out: the
//! year's entries with the latest check of each link, the items predicted to
//! pass, the predicted OIT percent through the official engine, and whether
//! last year's entries can be carried over. The page only arranges these.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use prongsai_core::disclosure::{DisclosureEntry, LinkCheck, predicted_items};
use prongsai_core::ita::{self, Framework, Instrument, OitInput, ScoreInput};
use prongsai_core::model::{AgencyId, DepartmentId};
use prongsai_store::Store;

use crate::error::ServiceResult;

/// One fiscal year's checklist as stored and judged.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub entries: Vec<DisclosureEntry>,
    /// The latest check of each link of the year.
    pub checks: Vec<LinkCheck>,
    /// Item code → predicted to pass.
    pub predicted: BTreeMap<String, bool>,
    /// The predicted OIT percent; `None` when the framework cannot score it.
    pub predicted_percent: Option<f64>,
    /// Department names by id, for the owner column.
    pub departments: HashMap<DepartmentId, String>,
    /// When the year's links were last checked.
    pub last_check_at: Option<DateTime<Utc>>,
    /// Last year has entries that the framework's item mapping can carry over.
    pub can_carry_over: bool,
}

impl Checklist {
    /// Loads the checklist of `year` under its `framework`.
    ///
    /// # Errors
    /// A store failure.
    pub async fn load(
        store: &Store,
        agency: AgencyId,
        framework: &Framework,
        year: i32,
    ) -> ServiceResult<Self> {
        let entries = store.disclosure_entries(agency, year).await?;
        let checks = store.latest_link_checks(agency, year).await?;
        let predicted = predicted_items(framework, &entries, &checks);
        let predicted_percent = predicted_oit_percent(framework, year, &predicted);
        let departments = store
            .list_departments(agency)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        let last_check_at = store.last_link_check_at(agency, year).await?;
        let has_previous = store.disclosure_years(agency).await?.contains(&(year - 1));
        Ok(Self {
            entries,
            checks,
            predicted,
            predicted_percent,
            departments,
            last_check_at,
            can_carry_over: has_previous && !framework.previous_year_item_mapping.is_empty(),
        })
    }

    /// How many items are predicted to pass.
    #[must_use]
    pub fn passing(&self) -> usize {
        self.predicted.values().filter(|p| **p).count()
    }
}

/// The OIT percent the predicted items score under `framework`.
fn predicted_oit_percent(
    framework: &Framework,
    year: i32,
    predicted: &BTreeMap<String, bool>,
) -> Option<f64> {
    let input = ScoreInput {
        year,
        iit: None,
        eit: None,
        oit: Some(OitInput::Items(predicted.clone())),
    };
    ita::score(framework, &input)
        .ok()
        .and_then(|r| r.instruments.get(&Instrument::Oit).map(|s| s.percent))
}

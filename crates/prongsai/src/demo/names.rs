//! The departments and officials a demo file names, looked up by name in one
//! agency. Demo files are written by hand from the seed documents, so they name
//! people and departments as the documents print them; the loaders turn those
//! names into the ids the store gave the agency's rows.

use std::collections::BTreeMap;

use prongsai_core::model::{AgencyId, DepartmentId, OfficialId};
use prongsai_store::Store;

use crate::error::CliError;

/// Department names and officials' "first last" names with their ids.
#[derive(Debug, Default)]
pub(crate) struct Names {
    departments: BTreeMap<String, DepartmentId>,
    officials: BTreeMap<String, OfficialId>,
}

impl Names {
    /// The names of an agency as the store holds them.
    pub(crate) async fn of(store: &Store, agency: AgencyId) -> Result<Self, CliError> {
        let mut names = Self::default();
        for d in store.list_departments(agency).await? {
            names.departments.insert(d.name, d.id);
        }
        for o in store.list_officials(agency).await? {
            names
                .officials
                .insert(format!("{} {}", o.first_name, o.last_name), o.id);
        }
        Ok(names)
    }

    /// The names of a demo agency as `demo/agencies.json` defines them, with
    /// fresh ids (for unit tests of the loaders, without a store).
    #[cfg(test)]
    pub(crate) fn of_demo_agency(code: &str) -> Self {
        let agencies: serde_json::Value =
            serde_json::from_str(include_str!("../../demo/agencies.json")).unwrap();
        let agency = agencies["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .unwrap_or_else(|| panic!("no agency {code}"));
        let mut names = Self::default();
        for d in agency["departments"].as_array().unwrap() {
            names
                .departments
                .insert(d.as_str().unwrap().to_owned(), DepartmentId::new());
        }
        for o in agency["officials"].as_array().unwrap() {
            let name = format!(
                "{} {}",
                o["first_name"].as_str().unwrap(),
                o["last_name"].as_str().unwrap()
            );
            names.officials.insert(name, OfficialId::new());
        }
        names
    }

    /// A department by name.
    pub(crate) fn department(&self, name: &str) -> Result<DepartmentId, String> {
        self.departments
            .get(name)
            .copied()
            .ok_or_else(|| format!("ไม่มีส่วนราชการชื่อ {name}"))
    }

    /// An official by "first last" name.
    pub(crate) fn official(&self, name: &str) -> Result<OfficialId, String> {
        self.officials
            .get(name)
            .copied()
            .ok_or_else(|| format!("ไม่มีเจ้าหน้าที่ชื่อ {name}"))
    }
}

/// A role prefix and the place part of the agency code (`exec.nongprung`, `head.nongprung`).
pub(crate) fn demo_username(prefix: &str, code: &str) -> String {
    format!("{prefix}.{}", code.split('-').next().unwrap_or(code))
}

//! The demo data set: the four agencies of the real documents in
//! `shared/reference/seeds`, with their departments, the officials the documents
//! name and every ITA result they state (`demo/agencies.json`, compiled in).
//!
//! Loading is idempotent: an agency whose code exists is left exactly as it is,
//! so running `demo` again never overwrites what a user changed. Besides the
//! administrator, each agency gets an executive and the head of its first
//! department, so every role of the reporting cycle can be tried; their plans and
//! progress come from [`crate::demo::plans`], their OIT checklists from
//! [`crate::demo::disclosure`] and their surveys from [`crate::demo::surveys`].

pub(crate) mod action_plans;
pub(crate) mod complaints;
pub(crate) mod disclosure;
mod follow_ups;
mod names;
mod plans;
pub(crate) mod surveys;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use prongsai_app::case_files::CaseVault;
use prongsai_core::ita::{OitInput, ScoreInput, SurveyInput};
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, Department, DepartmentId, ItaResult, Official, OfficialId,
    ResultSource, Role, User, UserId,
};
use prongsai_store::{Actor, Store};
use serde::Deserialize;

use self::disclosure::{DemoChecklist, SampleSites};
use self::names::demo_username;
use self::plans::ensure_demo_plans;
use crate::credentials::{generate_password, hash};
use crate::error::CliError;

const DEMO_JSON: &str = include_str!("../../demo/agencies.json");
/// Where the demo password is kept between runs (only hashes are in the database).
const CREDENTIALS_FILE: &str = "demo-login.txt";
const SUPERVISOR_USERNAME: &str = "supervisor";

#[derive(Debug, Deserialize)]
struct DemoFile {
    agencies: Vec<DemoAgency>,
}

#[derive(Debug, Deserialize)]
struct DemoAgency {
    code: String,
    kind: String,
    name: String,
    district: Option<String>,
    province: Option<String>,
    website: Option<String>,
    thai_digits: bool,
    departments: Vec<String>,
    officials: Vec<DemoOfficial>,
    ita_results: Vec<DemoResult>,
}

#[derive(Debug, Deserialize)]
struct DemoOfficial {
    title: String,
    first_name: String,
    last_name: String,
    position: String,
    department: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DemoResult {
    year: i32,
    source: String,
    published_total: Option<f64>,
    published_rating: Option<String>,
    indicators: Option<BTreeMap<String, f64>>,
    note: String,
}

/// The login lines printed after the demo is ready (and kept in the credentials file).
#[derive(Debug)]
pub(crate) struct DemoLogin {
    agencies: Vec<AgencyLogins>,
    password: Option<String>,
    /// The OIT checklists, for the sample sites' lines and the first link check.
    pub(crate) checklists: Vec<DemoChecklist>,
}

/// The demo accounts of one agency, one per role of the reporting cycle.
#[derive(Debug)]
struct AgencyLogins {
    agency: String,
    admin: String,
    executive: String,
    /// The head's username and department; none when the agency has no department.
    head: Option<(String, String)>,
}

impl fmt::Display for DemoLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "บัญชีผู้ใช้ของหน่วยงานสาธิต:")?;
        for a in &self.agencies {
            writeln!(f, "  {}", a.agency)?;
            writeln!(f, "    ผู้ดูแลระบบ: {}", a.admin)?;
            writeln!(f, "    ผู้บริหาร: {}", a.executive)?;
            if let Some((username, department)) = &a.head {
                writeln!(f, "    หัวหน้าส่วนราชการ ({department}): {username}")?;
            }
        }
        writeln!(f, "  ผู้กำกับดูแล (ทั้งประเทศ): {SUPERVISOR_USERNAME}")?;
        match &self.password {
            Some(p) => write!(f, "  รหัสผ่าน (ทุกบัญชีสาธิต): {p}"),
            None => write!(
                f,
                "  รหัสผ่าน: ใช้รหัสผ่านเดิม (ไม่พบไฟล์ {CREDENTIALS_FILE}; ตั้งใหม่ได้ด้วย prongsai user passwd ชื่อผู้ใช้)"
            ),
        }
    }
}

/// The split of the ten indicators over the instruments, as NACC publishes them.
fn score_input(year: i32, indicators: &BTreeMap<String, f64>) -> ScoreInput {
    let pick = |range: std::ops::RangeInclusive<u8>| -> BTreeMap<String, f64> {
        range
            .filter_map(|n| indicators.get(&n.to_string()).map(|v| (n.to_string(), *v)))
            .collect()
    };
    ScoreInput {
        year,
        iit: Some(SurveyInput::Indicators(pick(1..=5))),
        eit: Some(SurveyInput::Indicators(pick(6..=8))),
        oit: Some(OitInput::Indicators(pick(9..=10))),
    }
}

/// `admin.` and the place part of the agency code (`nongprung-phetchaburi` → `admin.nongprung`).
fn admin_username(code: &str) -> String {
    demo_username("admin", code)
}

fn read_password(data_dir: &Path) -> Option<String> {
    std::fs::read_to_string(data_dir.join(CREDENTIALS_FILE))
        .ok()
        .and_then(|text| text.lines().next().map(|l| l.trim().to_owned()))
        .filter(|p| !p.is_empty())
}

/// Writes the password on the first line (the line [`read_password`] reads), then
/// whatever else the file should tell the reader (the logins).
fn write_password(data_dir: &Path, password: &str, rest: &str) -> Result<(), CliError> {
    std::fs::create_dir_all(data_dir)
        .and_then(|()| {
            std::fs::write(
                data_dir.join(CREDENTIALS_FILE),
                format!("{password}\n{rest}"),
            )
        })
        .map_err(|e| CliError::failure(format!("บันทึกรหัสผ่านสาธิตไม่ได้: {e}")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(
            data_dir.join(CREDENTIALS_FILE),
            std::fs::Permissions::from_mode(0o600),
        );
    }
    Ok(())
}

/// Loads every demo agency that is not in the database yet and returns the logins.
pub(crate) async fn ensure_demo(
    store: &Store,
    data_dir: &Path,
    vault: &CaseVault,
    sample_sites: &SampleSites,
) -> Result<DemoLogin, CliError> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON)
        .map_err(|e| CliError::failure(format!("ข้อมูลสาธิตเสียหาย: {e}")))?;
    let mut accounts = DemoAccounts {
        store,
        data_dir,
        password: read_password(data_dir),
        hash: None,
    };
    let mut agencies = Vec::new();
    for demo in &file.agencies {
        agencies.push(ensure_agency(&mut accounts, demo).await?);
    }
    accounts
        .ensure(SUPERVISOR_USERNAME, |password_hash| User {
            id: UserId::new(),
            agency_id: None,
            username: SUPERVISOR_USERNAME.to_owned(),
            display_name: "ผู้กำกับดูแล (สาธิต)".to_owned(),
            role: Role::Supervisor,
            department_id: None,
            supervised_province: None,
            password_hash,
            active: true,
        })
        .await?;
    ensure_demo_plans(store).await?;
    action_plans::ensure_demo_action_plans(store).await?;
    follow_ups::ensure_demo_follow_ups(store).await?;
    complaints::ensure_demo_complaints(store, vault).await?;
    let checklists = disclosure::ensure_demo_disclosure(store, sample_sites).await?;
    surveys::ensure_demo_surveys(store).await?;
    let login = DemoLogin {
        agencies,
        password: accounts.password,
        checklists,
    };
    if let Some(p) = &login.password {
        write_password(data_dir, p, &format!("\n{login}\n"))?;
    }
    Ok(login)
}

/// One demo agency (loaded when it is not there yet) and its administrator,
/// executive and the head of its first department.
async fn ensure_agency(
    accounts: &mut DemoAccounts<'_>,
    demo: &DemoAgency,
) -> Result<AgencyLogins, CliError> {
    let store = accounts.store;
    let admin = admin_username(&demo.code);
    let agency = match store.find_agency_by_code(&demo.code).await? {
        Some(agency) => agency,
        None => {
            // Its administrator only with a newly loaded agency.
            let agency = load_agency(store, Actor::default(), demo).await?;
            let name = format!("ผู้ดูแลระบบ {}", agency.name);
            accounts
                .ensure(&admin, |phc| {
                    agency_user(&agency, &admin, name, Role::Admin, None, phc)
                })
                .await?;
            agency
        }
    };
    let executive = demo_username("exec", &demo.code);
    let name = format!("ผู้บริหาร {}", agency.name);
    accounts
        .ensure(&executive, |phc| {
            agency_user(&agency, &executive, name, Role::Executive, None, phc)
        })
        .await?;
    let departments = store.list_departments(agency.id).await?;
    let head = match departments.iter().min_by_key(|d| d.sort_order) {
        Some(department) => {
            let head = demo_username("head", &demo.code);
            let name = format!("หัวหน้า{} {}", department.name, agency.name);
            let role = Role::DepartmentHead;
            accounts
                .ensure(&head, |phc| {
                    agency_user(&agency, &head, name, role, Some(department.id), phc)
                })
                .await?;
            Some((head, department.name.clone()))
        }
        None => None,
    };
    Ok(AgencyLogins {
        agency: agency.name.clone(),
        admin,
        executive,
        head,
    })
}

/// The demo's accounts, which share one password: made (and written to the
/// data folder) when the first account needs it, hashed once.
struct DemoAccounts<'a> {
    store: &'a Store,
    data_dir: &'a Path,
    password: Option<String>,
    hash: Option<String>,
}

impl DemoAccounts<'_> {
    /// Creates the account `username` from `make` (given the password's
    /// hash) unless it exists.
    async fn ensure(
        &mut self,
        username: &str,
        make: impl FnOnce(String) -> User,
    ) -> Result<(), CliError> {
        if self.store.find_user_by_username(username).await?.is_some() {
            return Ok(());
        }
        let phc = demo_password_hash(self.data_dir, &mut self.password, &mut self.hash).await?;
        self.store.create_user(Actor::default(), &make(phc)).await?;
        Ok(())
    }
}

/// A demo account of one agency.
fn agency_user(
    agency: &Agency,
    username: &str,
    display_name: String,
    role: Role,
    department_id: Option<DepartmentId>,
    password_hash: String,
) -> User {
    User {
        id: UserId::new(),
        agency_id: Some(agency.id),
        username: username.to_owned(),
        display_name,
        role,
        department_id,
        supervised_province: None,
        password_hash,
        active: true,
    }
}

/// The hash of the demo password, creating (and saving) the password on first use.
async fn demo_password_hash(
    data_dir: &Path,
    password: &mut Option<String>,
    cached: &mut Option<String>,
) -> Result<String, CliError> {
    if let Some(phc) = cached {
        return Ok(phc.clone());
    }
    let plain = match password {
        Some(p) => p.clone(),
        None => {
            let p = generate_password();
            write_password(data_dir, &p, "")?;
            *password = Some(p.clone());
            p
        }
    };
    let phc = hash(plain).await?;
    *cached = Some(phc.clone());
    Ok(phc)
}

async fn load_agency(store: &Store, actor: Actor, demo: &DemoAgency) -> Result<Agency, CliError> {
    let kind = AgencyKind::from_code(&demo.kind)
        .ok_or_else(|| CliError::failure(format!("ข้อมูลสาธิต: ประเภทหน่วยงาน {}", demo.kind)))?;
    let agency = Agency {
        id: AgencyId::new(),
        code: demo.code.clone(),
        kind,
        name: demo.name.clone(),
        district: demo.district.clone().unwrap_or_default(),
        province: demo.province.clone().unwrap_or_default(),
        website: demo.website.clone(),
        thai_digits: demo.thai_digits,
        logo: None,
    };
    store.create_agency(actor, &agency).await?;
    let mut departments = BTreeMap::new();
    for (i, name) in demo.departments.iter().enumerate() {
        let department = Department {
            agency_id: agency.id,
            id: DepartmentId::new(),
            name: name.clone(),
            sort_order: i32::try_from(i + 1).unwrap_or(i32::MAX),
        };
        store.create_department(actor, &department).await?;
        departments.insert(name.clone(), department.id);
    }
    for o in &demo.officials {
        let official = Official {
            agency_id: agency.id,
            id: OfficialId::new(),
            title: o.title.clone(),
            first_name: o.first_name.clone(),
            last_name: o.last_name.clone(),
            position: o.position.clone(),
            department_id: o
                .department
                .as_ref()
                .and_then(|d| departments.get(d).copied()),
        };
        store.create_official(actor, &official).await?;
    }
    for r in &demo.ita_results {
        let source = ResultSource::from_code(&r.source)
            .ok_or_else(|| CliError::failure(format!("ข้อมูลสาธิต: แหล่งผล {}", r.source)))?;
        let input = r.indicators.as_ref().map_or(
            ScoreInput {
                year: r.year,
                iit: None,
                eit: None,
                oit: None,
            },
            |ind| score_input(r.year, ind),
        );
        let result = ItaResult {
            agency_id: agency.id,
            fiscal_year: r.year,
            source,
            input,
            published_total: r.published_total,
            published_rating: r.published_rating.clone(),
            note: r.note.clone(),
        };
        store.save_ita_result(actor, &result).await?;
    }
    Ok(agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_file_is_complete() {
        let file: DemoFile = serde_json::from_str(DEMO_JSON).unwrap();
        assert!(file.agencies.len() >= 4);
        for a in &file.agencies {
            assert!(AgencyKind::from_code(&a.kind).is_some(), "{}", a.kind);
            for o in &a.officials {
                if let Some(d) = &o.department {
                    assert!(a.departments.contains(d), "{} not in {}", d, a.code);
                }
            }
            for r in &a.ita_results {
                assert!(ResultSource::from_code(&r.source).is_some());
            }
        }
    }

    #[test]
    fn admin_names_use_the_place() {
        assert_eq!(admin_username("nongprung-phetchaburi"), "admin.nongprung");
        assert_eq!(admin_username("bangkhae"), "admin.bangkhae");
    }

    #[test]
    fn indicators_split_by_instrument() {
        let ind: BTreeMap<String, f64> = (1..=10).map(|n| (n.to_string(), f64::from(n))).collect();
        let input = score_input(2565, &ind);
        match input.iit {
            Some(SurveyInput::Indicators(m)) => assert_eq!(m.len(), 5),
            other => panic!("{other:?}"),
        }
        match input.oit {
            Some(OitInput::Indicators(m)) => {
                assert_eq!(m.keys().collect::<Vec<_>>(), ["10", "9"]);
            }
            other => panic!("{other:?}"),
        }
    }
}

//! The plan itself: introduction, targets per year, and the tree of dimensions,
//! missions and projects with budgets per fiscal year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{ActionPlanId, AgencyId, DepartmentId, DimensionId, MissionId, ProjectId};
use crate::thai::fiscal::FiscalYear;
use crate::validation::ValidationErrors;

use super::budget::Budget;

/// How many fiscal years a new plan covers unless the user says otherwise.
pub const DEFAULT_PLAN_YEARS: i32 = 5;

/// The longest plan accepted, in fiscal years.
const MAX_PLAN_YEARS: i32 = 10;

/// An anti-corruption action plan over a range of fiscal years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionPlan {
    pub id: ActionPlanId,
    pub agency_id: AgencyId,
    /// The first fiscal year covered (พ.ศ.), e.g. 2566.
    pub first_year: i32,
    /// The last fiscal year covered, e.g. 2570.
    pub last_year: i32,
    /// The title as printed on the cover, e.g. "แผนปฏิบัติการป้องกันการทุจริต
    /// เพื่อยกระดับคุณธรรมและความโปร่งใส".
    pub title: String,
    /// คำนำ, as formatted text (see [`super::text_blocks`]).
    #[serde(default)]
    pub preface: String,
    /// The date printed under the preface.
    #[serde(default)]
    pub preface_date: Option<NaiveDate>,
    #[serde(default)]
    pub intro: IntroSections,
    /// ค่าเป้าหมาย: one row per target, a value per year.
    #[serde(default)]
    pub targets: Vec<PlanTarget>,
    /// The dimensions in order.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// Increases on every save; a save naming an older version is refused.
    #[serde(default)]
    pub version: i64,
}

/// The numbered sections of part 1 after the risk table, each as formatted text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroSections {
    /// หลักการและเหตุผล.
    #[serde(default)]
    pub rationale: String,
    /// วัตถุประสงค์ของการจัดทำแผน.
    #[serde(default)]
    pub objectives: String,
    /// เป้าหมาย (the text above the targets table).
    #[serde(default)]
    pub goals: String,
    /// ประโยชน์ของการจัดทำแผน.
    #[serde(default)]
    pub benefits: String,
}

/// What a target row measures, which decides how its values are printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TargetKind {
    /// คะแนน ITA: values are scores out of 100, printed "91 คะแนน".
    ItaScore,
    /// จำนวนคดีทุจริตลดลง (คำนวณจากปี base_year): percentages, printed "ร้อยละ 10".
    FewerCases { base_year: i32 },
    /// The agency's own target with its unit ("ครั้ง", "เรื่อง").
    Custom { unit: String },
}

/// A value of a target in one fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearValue {
    pub fiscal_year: i32,
    pub value: f64,
}

/// One row of the targets table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    /// The row heading; empty means the kind's usual heading.
    #[serde(default)]
    pub label: String,
    pub kind: TargetKind,
    #[serde(default)]
    pub values: Vec<YearValue>,
}

impl PlanTarget {
    /// The row heading as printed.
    #[must_use]
    pub fn heading(&self) -> String {
        if !self.label.trim().is_empty() {
            return self.label.trim().to_owned();
        }
        match &self.kind {
            TargetKind::ItaScore => "คะแนน ITA".to_owned(),
            TargetKind::FewerCases { base_year } => {
                format!("จำนวนคดีทุจริตลดลง (คำนวณจากปี {base_year})")
            }
            TargetKind::Custom { .. } => String::new(),
        }
    }

    /// The value of one year as printed ("91 คะแนน", "ร้อยละ 10", "4 ครั้ง"), or
    /// `None` when the year has no value.
    #[must_use]
    pub fn value_text(&self, fiscal_year: i32) -> Option<String> {
        let v = self.values.iter().find(|v| v.fiscal_year == fiscal_year)?;
        let number = crate::measures::format_quantity(v.value);
        Some(match &self.kind {
            TargetKind::ItaScore => format!("{number} คะแนน"),
            TargetKind::FewerCases { .. } => format!("ร้อยละ {number}"),
            TargetKind::Custom { unit } => format!("{number} {unit}").trim().to_owned(),
        })
    }
}

/// A dimension (มิติ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub id: DimensionId,
    pub title: String,
    #[serde(default)]
    pub missions: Vec<Mission>,
}

/// A mission (ภารกิจตามมิติ); its number ("1.2") follows from its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mission {
    pub id: MissionId,
    pub title: String,
    #[serde(default)]
    pub projects: Vec<Project>,
}

/// Whether an entry is a project, an activity or a measure; printed before its name
/// when the name does not already say so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKind {
    /// โครงการ.
    #[default]
    Project,
    /// กิจกรรม.
    Activity,
    /// มาตรการ.
    Measure,
}

impl ProjectKind {
    /// Every kind, in form order.
    pub const ALL: [Self; 3] = [Self::Project, Self::Activity, Self::Measure];

    /// The stable code stored and posted by forms.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Activity => "activity",
            Self::Measure => "measure",
        }
    }

    /// The kind from its code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// โครงการ / กิจกรรม / มาตรการ.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Project => "โครงการ",
            Self::Activity => "กิจกรรม",
            Self::Measure => "มาตรการ",
        }
    }
}

/// The budget of a project in one fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearBudget {
    pub fiscal_year: i32,
    pub budget: Budget,
}

/// A project, activity or measure with everything part 3 of the plan prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    pub kind: ProjectKind,
    /// ชื่อโครงการ.
    pub name: String,
    /// หลักการและเหตุผล, as formatted text.
    #[serde(default)]
    pub rationale: String,
    /// วัตถุประสงค์, one per entry.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// กลุ่มเป้าหมาย.
    #[serde(default)]
    pub target_group: String,
    /// วิธีดำเนินการ, in order.
    #[serde(default)]
    pub methods: Vec<String>,
    /// ระยะเวลาดำเนินการ: the first and last fiscal year it runs.
    pub first_year: i32,
    pub last_year: i32,
    /// งบประมาณ per fiscal year of the plan; a year missing means ไม่ใช้งบประมาณ.
    #[serde(default)]
    pub budgets: Vec<YearBudget>,
    /// ผู้รับผิดชอบโครงการ: a department of the agency, and/or text.
    #[serde(default)]
    pub owner_department: Option<DepartmentId>,
    #[serde(default)]
    pub owner_text: String,
    /// ผลผลิต.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// ผลลัพธ์.
    #[serde(default)]
    pub outcomes: Vec<String>,
    /// ตัวชี้วัด.
    #[serde(default)]
    pub indicators: Vec<String>,
}

impl Project {
    /// The budget of one fiscal year (ไม่ใช้งบประมาณ when none was entered).
    #[must_use]
    pub fn budget(&self, fiscal_year: i32) -> Budget {
        self.budgets
            .iter()
            .find(|b| b.fiscal_year == fiscal_year)
            .map_or(Budget::NotUsed, |b| b.budget)
    }

    /// Whether the project uses no budget in any year.
    #[must_use]
    pub fn uses_no_budget(&self) -> bool {
        self.budgets.iter().all(|b| b.budget == Budget::NotUsed)
    }

    /// The name with its kind in front unless the name already starts with it
    /// ("มาตรการ NO Gift Policy" stays as it is).
    #[must_use]
    pub fn display_name(&self) -> String {
        let name = self.name.trim();
        if ProjectKind::ALL
            .iter()
            .any(|k| name.starts_with(k.label_th()))
        {
            name.to_owned()
        } else {
            format!("{}{}", self.kind.label_th(), name)
        }
    }

    /// Checks what a user typed, given the plan's years. Field names: `name`,
    /// `first_year`, `last_year`, `budget_YEAR`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self, plan_first: i32, plan_last: i32) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.require("name", &self.name, "ชื่อโครงการ/กิจกรรม/มาตรการ");
        let range = format!("{plan_first} - {plan_last}");
        if !(plan_first..=plan_last).contains(&self.first_year) {
            errors.add("first_year", format!("ปีที่เริ่มต้องอยู่ในช่วงปีของแผน ({range})"));
        }
        if !(plan_first..=plan_last).contains(&self.last_year) {
            errors.add("last_year", format!("ปีที่สิ้นสุดต้องอยู่ในช่วงปีของแผน ({range})"));
        } else if self.last_year < self.first_year {
            errors.add("last_year", "ปีที่สิ้นสุดต้องไม่ก่อนปีที่เริ่ม");
        }
        for b in &self.budgets {
            let field = format!("budget_{}", b.fiscal_year);
            if !(plan_first..=plan_last).contains(&b.fiscal_year) {
                errors.add(field, format!("ปีงบประมาณต้องอยู่ในช่วงปีของแผน ({range})"));
            } else if b.budget.amount().is_negative() {
                errors.add(field, "งบประมาณต้องไม่ติดลบ");
            } else if b.budget != Budget::NotUsed
                && !(self.first_year..=self.last_year).contains(&b.fiscal_year)
            {
                errors.add(field, "มีงบประมาณในปีที่อยู่นอกระยะเวลาดำเนินการของโครงการ");
            }
        }
        errors.into_result()
    }
}

impl ActionPlan {
    /// A new, empty plan of [`DEFAULT_PLAN_YEARS`] years from `first_year`.
    #[must_use]
    pub fn new(agency_id: AgencyId, first_year: i32) -> Self {
        Self {
            id: ActionPlanId::new(),
            agency_id,
            first_year,
            last_year: first_year + DEFAULT_PLAN_YEARS - 1,
            title: "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส".to_owned(),
            preface: String::new(),
            preface_date: None,
            intro: IntroSections::default(),
            targets: Vec::new(),
            dimensions: Vec::new(),
            version: 0,
        }
    }

    /// The fiscal years covered, in order.
    #[must_use]
    pub fn years(&self) -> Vec<i32> {
        (self.first_year..=self.last_year).collect()
    }

    /// Whether the plan covers a fiscal year.
    #[must_use]
    pub fn covers(&self, fiscal_year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&fiscal_year)
    }

    /// "พ.ศ. 2566 - 2570".
    #[must_use]
    pub fn years_label(&self) -> String {
        format!("พ.ศ. {} - {}", self.first_year, self.last_year)
    }

    /// Every project in plan order with its running number (1, 2, … across the
    /// plan, as the seed numbers them), its dimension and its mission.
    pub fn numbered_projects(
        &self,
    ) -> impl Iterator<Item = (usize, &Dimension, &Mission, &Project)> {
        self.dimensions
            .iter()
            .flat_map(|d| {
                d.missions
                    .iter()
                    .flat_map(move |m| m.projects.iter().map(move |p| (d, m, p)))
            })
            .enumerate()
            .map(|(i, (d, m, p))| (i + 1, d, m, p))
    }

    /// A project by id.
    #[must_use]
    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.numbered_projects()
            .find(|(_, _, _, p)| p.id == id)
            .map(|(_, _, _, p)| p)
    }

    /// A project by id, to change it.
    pub fn project_mut(&mut self, id: ProjectId) -> Option<&mut Project> {
        self.dimensions
            .iter_mut()
            .flat_map(|d| d.missions.iter_mut())
            .flat_map(|m| m.projects.iter_mut())
            .find(|p| p.id == id)
    }

    /// The mission that holds a project.
    #[must_use]
    pub fn mission_of(&self, project: ProjectId) -> Option<MissionId> {
        self.numbered_projects()
            .find(|(_, _, _, p)| p.id == project)
            .map(|(_, _, m, _)| m.id)
    }

    /// Checks the plan's own fields and every project. Field names: `title`,
    /// `first_year`, `last_year`, `target_N_YEAR`, `dimension_N`, `mission_N_M`,
    /// and `project_ID.FIELD` for a project's problems.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.require("title", &self.title, "ชื่อแผน");
        let valid_year = |y: i32| FiscalYear::try_from(y).is_ok();
        if !valid_year(self.first_year) {
            errors.add("first_year", "ปีงบประมาณที่เริ่มไม่ถูกต้อง");
        }
        if !valid_year(self.last_year) {
            errors.add("last_year", "ปีงบประมาณที่สิ้นสุดไม่ถูกต้อง");
        } else if self.last_year < self.first_year {
            errors.add("last_year", "ปีที่สิ้นสุดต้องไม่ก่อนปีที่เริ่ม");
        } else if self.last_year - self.first_year + 1 > MAX_PLAN_YEARS {
            errors.add("last_year", format!("แผนครอบคลุมได้ไม่เกิน {MAX_PLAN_YEARS} ปี"));
        }
        for (t, target) in self.targets.iter().enumerate() {
            if matches!(target.kind, TargetKind::Custom { .. }) && target.label.trim().is_empty() {
                errors.add(format!("target_{}_label", t + 1), "กรุณากรอกชื่อค่าเป้าหมาย");
            }
            for v in &target.values {
                let field = format!("target_{}_{}", t + 1, v.fiscal_year);
                if !self.covers(v.fiscal_year) {
                    errors.add(field, "ปีอยู่นอกช่วงปีของแผน");
                } else if !v.value.is_finite() || v.value < 0.0 {
                    errors.add(field, "ค่าเป้าหมายต้องเป็นตัวเลขไม่ติดลบ");
                } else if !matches!(target.kind, TargetKind::Custom { .. }) && v.value > 100.0 {
                    errors.add(field, "ค่าเป้าหมายต้องไม่เกิน 100");
                }
            }
        }
        for (d, dimension) in self.dimensions.iter().enumerate() {
            errors.require(&format!("dimension_{}", d + 1), &dimension.title, "ชื่อมิติ");
            for (m, mission) in dimension.missions.iter().enumerate() {
                errors.require(
                    &format!("mission_{}_{}", d + 1, m + 1),
                    &mission.title,
                    "ชื่อภารกิจ",
                );
                for project in &mission.projects {
                    if let Err(e) = project.validate(self.first_year, self.last_year) {
                        for f in e.0 {
                            errors.add(format!("project_{}.{}", project.id, f.field), f.message);
                        }
                    }
                }
            }
        }
        errors.into_result()
    }
}

/// A new plan for the years after `previous` (same length), starting from a copy of
/// its introduction, targets (years shifted) and structure with fresh ids. Budgets
/// move with their year offset; a project's period is shifted the same way.
#[must_use]
pub fn copy_plan(previous: &ActionPlan, first_year: i32) -> ActionPlan {
    let shift = first_year - previous.first_year;
    let mut plan = previous.clone();
    plan.id = ActionPlanId::new();
    plan.first_year += shift;
    plan.last_year += shift;
    plan.preface_date = None;
    plan.version = 0;
    for target in &mut plan.targets {
        for v in &mut target.values {
            v.fiscal_year += shift;
        }
    }
    for dimension in &mut plan.dimensions {
        dimension.id = DimensionId::new();
        for mission in &mut dimension.missions {
            mission.id = MissionId::new();
            for project in &mut mission.projects {
                project.id = ProjectId::new();
                project.first_year += shift;
                project.last_year += shift;
                for b in &mut project.budgets {
                    b.fiscal_year += shift;
                }
            }
        }
    }
    plan
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::thai::numbers::Baht;

    pub(crate) fn project(name: &str, budgets: &[(i32, i64)]) -> Project {
        Project {
            id: ProjectId::new(),
            kind: ProjectKind::Project,
            name: name.into(),
            rationale: String::new(),
            objectives: vec![],
            target_group: String::new(),
            methods: vec![],
            first_year: 2566,
            last_year: 2570,
            budgets: budgets
                .iter()
                .map(|(y, baht)| YearBudget {
                    fiscal_year: *y,
                    budget: Budget::Amount(Baht(baht * 100)),
                })
                .collect(),
            owner_department: None,
            owner_text: "สำนักปลัด".into(),
            outputs: vec![],
            outcomes: vec![],
            indicators: vec![],
        }
    }

    pub(crate) fn two_dimension_plan() -> ActionPlan {
        let mut plan = ActionPlan::new(AgencyId::new(), 2566);
        plan.dimensions = vec![
            Dimension {
                id: DimensionId::new(),
                title: "การสร้างวัฒนธรรมสุจริต".into(),
                missions: vec![Mission {
                    id: MissionId::new(),
                    title: "ภารกิจแรก".into(),
                    projects: vec![
                        project("อบรมกฎหมาย", &[(2566, 10_000), (2567, 12_000)]),
                        project("เผยแพร่ความรู้", &[]),
                    ],
                }],
            },
            Dimension {
                id: DimensionId::new(),
                title: "การบริหารราชการด้วยความโปร่งใส".into(),
                missions: vec![Mission {
                    id: MissionId::new(),
                    title: "ภารกิจที่สอง".into(),
                    projects: vec![project("ศูนย์ข้อมูลข่าวสาร", &[(2566, 5_500)])],
                }],
            },
        ];
        plan
    }

    #[test]
    fn projects_are_numbered_across_the_plan() {
        let plan = two_dimension_plan();
        let numbers: Vec<(usize, String)> = plan
            .numbered_projects()
            .map(|(n, _, _, p)| (n, p.name.clone()))
            .collect();
        assert_eq!(numbers[2], (3, "ศูนย์ข้อมูลข่าวสาร".to_owned()));
        assert_eq!(plan.years(), vec![2566, 2567, 2568, 2569, 2570]);
    }

    #[test]
    fn a_period_outside_the_plan_is_refused_at_its_field() {
        let mut p = project("x", &[(2571, 1)]);
        p.first_year = 2565;
        p.last_year = 2571;
        let errors = p.validate(2566, 2570).unwrap_err();
        assert!(errors.get("first_year").unwrap().contains("2566 - 2570"));
        assert!(errors.get("last_year").is_some());
        assert!(errors.get("budget_2571").is_some());
    }

    #[test]
    fn money_outside_the_projects_own_years_is_refused() {
        let mut p = project("x", &[(2570, 1)]);
        p.last_year = 2568;
        let errors = p.validate(2566, 2570).unwrap_err();
        assert!(errors.get("budget_2570").is_some());
    }

    #[test]
    fn plan_errors_name_the_project() {
        let mut plan = two_dimension_plan();
        let id = plan.dimensions[0].missions[0].projects[0].id;
        plan.project_mut(id).unwrap().name = " ".into();
        let errors = plan.validate().unwrap_err();
        assert!(errors.get(&format!("project_{id}.name")).is_some());
    }

    #[test]
    fn target_values_print_with_their_kind() {
        let target = PlanTarget {
            label: String::new(),
            kind: TargetKind::FewerCases { base_year: 2565 },
            values: vec![YearValue {
                fiscal_year: 2566,
                value: 10.0,
            }],
        };
        assert_eq!(target.heading(), "จำนวนคดีทุจริตลดลง (คำนวณจากปี 2565)");
        assert_eq!(target.value_text(2566).as_deref(), Some("ร้อยละ 10"));
        assert_eq!(target.value_text(2567), None);
    }

    #[test]
    fn a_copied_plan_moves_every_year_and_renews_ids() {
        let plan = two_dimension_plan();
        let next = copy_plan(&plan, 2571);
        assert_eq!((next.first_year, next.last_year), (2571, 2575));
        let first = &next.dimensions[0].missions[0].projects[0];
        assert_ne!(first.id, plan.dimensions[0].missions[0].projects[0].id);
        assert_eq!(first.budgets[0].fiscal_year, 2571);
        assert_eq!((first.first_year, first.last_year), (2571, 2575));
        assert!(next.validate().is_ok());
    }

    #[test]
    fn display_name_adds_the_kind_once() {
        let mut p = project("มาตรการ NO Gift Policy", &[]);
        p.kind = ProjectKind::Measure;
        assert_eq!(p.display_name(), "มาตรการ NO Gift Policy");
        p.name = "จัดเวทีประชาคม".into();
        p.kind = ProjectKind::Project;
        assert_eq!(p.display_name(), "โครงการจัดเวทีประชาคม");
    }
}

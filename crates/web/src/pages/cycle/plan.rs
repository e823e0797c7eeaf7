//! The plan of a fiscal year (แผน/มาตรการส่งเสริมคุณธรรมและความโปร่งใส): topics in
//! order, each with its measures in order. The administrator adds topics from the
//! year's catalogue or types them, renames and reorders them, and deletes a topic
//! or a measure only after a page that says what goes with it. An empty year can
//! start as a copy of the previous year's plan. Everyone else reads.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::ita::Framework;
use prongsai_core::measures::{Measure, Topic, TopicTemplate, topic_catalog};
use prongsai_core::model::{MeasureId, TopicId};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Year};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::confirm::{ConfirmForm, render_confirm};
use crate::pages::cycle::evidence::remove_evidence_bytes;
use crate::pages::cycle::{department_names, framework_for, owners_label};
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan", get(current))
        .route("/plan/{year}", get(view))
        .route("/plan/{year}/copy", post(copy_previous))
        .route("/plan/{year}/topics", post(add_topic))
        .route("/plan/{year}/topics/{id}", post(rename_topic))
        .route("/plan/{year}/topics/{id}/move", post(move_topic))
        .route(
            "/plan/{year}/topics/{id}/delete",
            get(confirm_delete_topic).post(delete_topic),
        )
        .route("/plan/{year}/measures/{id}/move", post(move_measure))
        .route(
            "/plan/{year}/measures/{id}/delete",
            get(confirm_delete_measure).post(delete_measure),
        )
}

pub(crate) fn plan_url(year: i32) -> String {
    format!("/plan/{year}")
}

/// A measure as the plan lists it.
#[derive(Debug, Serialize)]
struct MeasureRow {
    id: MeasureId,
    title: String,
    timeframe: String,
    owners: String,
    targets: Vec<String>,
    first: bool,
    last: bool,
}

/// A topic with its measures.
#[derive(Debug, Serialize)]
struct TopicBlock {
    id: TopicId,
    title: String,
    first: bool,
    last: bool,
    measures: Vec<MeasureRow>,
}

/// Catalogue entries under the heading the form lists them with.
#[derive(Debug, Serialize)]
struct CatalogGroup {
    group: &'static str,
    topics: Vec<TopicTemplate>,
}

async fn current() -> Redirect {
    let year = FiscalYear::containing(today_in_thailand());
    Redirect::to(&plan_url(year.be()))
}

/// Why a copy of last year's plan was refused, carried in the address the
/// refusal redirects to (`?copy=empty` or `?copy=exists`), so reloading the page
/// shows the message again instead of posting the copy a second time.
#[derive(Debug, Default, Deserialize)]
struct CopyRefusal {
    #[serde(default)]
    copy: Option<String>,
}

impl CopyRefusal {
    /// The plan form with the Thai message of the refusal, if there was one.
    fn form(&self, year: i32) -> FormState {
        let message = match self.copy.as_deref() {
            Some("empty") => format!("ปีงบประมาณ {} ไม่มีมาตรการให้คัดลอก", year - 1),
            Some("exists") => "ปีงบประมาณนี้มีประเด็นอยู่แล้ว จึงคัดลอกทับไม่ได้".to_owned(),
            _ => return FormState::default(),
        };
        FormState::default().with_error("copy", message)
    }
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(Year(year)): Path<Year>,
    Query(notice): Query<Notice>,
    Query(refusal): Query<CopyRefusal>,
) -> AppResult<Html<String>> {
    render_plan(&state, &user, year, refusal.form(year), notice.message()).await
}

async fn render_plan(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let topics = state.app.store.list_topics(agency.id, year).await?;
    let measures = state.app.store.list_measures(agency.id, year).await?;
    let names = department_names(state, user).await?;
    let blocks: Vec<TopicBlock> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let own: Vec<&Measure> = measures.iter().filter(|m| m.topic_id == t.id).collect();
            let count = own.len();
            TopicBlock {
                id: t.id,
                title: t.title.clone(),
                first: i == 0,
                last: i + 1 == topics.len(),
                measures: own
                    .into_iter()
                    .enumerate()
                    .map(|(j, m)| MeasureRow {
                        id: m.id,
                        title: m.title.clone(),
                        timeframe: m.timeframe.label_th(agency.thai_digits),
                        owners: owners_label(m, &names),
                        targets: m.targets.iter().map(|t| t.label()).collect(),
                        first: j == 0,
                        last: j + 1 == count,
                    })
                    .collect(),
            }
        })
        .collect();
    let framework = framework_for(state, user, year).await?;
    let catalog = catalog_groups(&framework);
    let page = PageContext::new(user, FiscalYear::new(year).label_th(), "plan").with_notice(notice);
    state.templates.render(
        "plan.html",
        context! {
            page => page,
            year => year,
            topics => blocks,
            catalog => catalog,
            form => form,
        },
    )
}

/// The topic catalogue of the framework, grouped as it lists them.
fn catalog_groups(framework: &Framework) -> Vec<CatalogGroup> {
    let mut catalog: Vec<CatalogGroup> = Vec::new();
    for t in topic_catalog(framework) {
        match catalog.last_mut() {
            Some(g) if g.group == t.group => g.topics.push(t),
            _ => catalog.push(CatalogGroup {
                group: t.group,
                topics: vec![t],
            }),
        }
    }
    catalog
}

/// A catalogue entry of the year by key.
fn template_by_key(catalog: &[TopicTemplate], key: &str) -> Option<TopicTemplate> {
    catalog.iter().find(|t| t.key == key).cloned()
}

/// What the add-topic form sends: a catalogue key and/or a typed title.
#[derive(Debug, Deserialize)]
struct AddTopicForm {
    #[serde(default)]
    catalog_key: String,
    #[serde(default)]
    title: String,
}

async fn add_topic(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<AddTopicForm>,
) -> AppResult<Response> {
    let framework = framework_for(&state, &user, year).await?;
    let template = template_by_key(&topic_catalog(&framework), form.catalog_key.trim());
    let typed = form.title.trim();
    let title = match (&template, typed.is_empty()) {
        (_, false) => typed.to_owned(),
        (Some(t), true) => t.title.clone(),
        (None, true) => String::new(),
    };
    let topic = Topic {
        id: TopicId::new(),
        agency_id: user.agency_id()?,
        fiscal_year: year,
        position: 0,
        title,
        catalog_key: template.map(|t| t.key),
    };
    if topic.validate().is_err() {
        let state_form = FormState::with_values([
            ("catalog_key", form.catalog_key.as_str()),
            ("title", form.title.as_str()),
        ])
        .with_error("title", "กรุณาเลือกประเด็นจากรายการ หรือพิมพ์ชื่อประเด็น");
        return Ok(render_plan(&state, &user, year, state_form, None)
            .await?
            .into_response());
    }
    state.app.store.save_topic(user.actor(), &topic).await?;
    Ok(Redirect::to(&format!("{}?notice=saved", plan_url(year))).into_response())
}

async fn load_topic(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    id: TopicId,
) -> AppResult<Topic> {
    state
        .app
        .store
        .list_topics(user.agency_id()?, year)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)
}

/// What the rename form of a topic sends.
#[derive(Debug, Deserialize)]
struct RenameForm {
    #[serde(default)]
    title: String,
}

/// The field of a topic's rename box on the plan page.
fn rename_field(id: TopicId) -> String {
    format!("topic_{id}")
}

async fn rename_topic(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, TopicId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<RenameForm>,
) -> AppResult<Response> {
    let topic = load_topic(&state, &user, year, id).await?;
    let renamed = Topic {
        title: form.title.trim().to_owned(),
        ..topic
    };
    if let Err(errors) = renamed.validate() {
        let field = rename_field(renamed.id);
        let message = errors.get("title").unwrap_or("กรุณากรอกชื่อประเด็น").to_owned();
        let state_form = FormState::with_values([(field.as_str(), form.title.as_str())])
            .with_error(&field, message);
        return Ok(render_plan(&state, &user, year, state_form, None)
            .await?
            .into_response());
    }
    state.app.store.save_topic(user.actor(), &renamed).await?;
    Ok(Redirect::to(&format!("{}?notice=saved", plan_url(year))).into_response())
}

/// What an up/down button sends.
#[derive(Debug, Deserialize)]
struct MoveForm {
    #[serde(default)]
    offset: String,
}

impl MoveForm {
    fn offset(&self) -> AppResult<i32> {
        match self.offset.as_str() {
            "-1" => Ok(-1),
            "1" => Ok(1),
            other => Err(AppError::BadRequest(format!("offset {other}"))),
        }
    }
}

async fn move_topic(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, TopicId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<MoveForm>,
) -> AppResult<Redirect> {
    let topic = load_topic(&state, &user, year, id).await?;
    state
        .app
        .store
        .move_topic(user.actor(), topic.agency_id, topic.id, form.offset()?)
        .await?;
    Ok(Redirect::to(&plan_url(year)))
}

pub(crate) async fn load_measure(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    id: MeasureId,
) -> AppResult<Measure> {
    state
        .app
        .store
        .get_measure(user.agency_id()?, id)
        .await?
        .filter(|m| m.fiscal_year == year)
        .ok_or(AppError::NotFound)
}

async fn move_measure(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, MeasureId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<MoveForm>,
) -> AppResult<Redirect> {
    let measure = load_measure(&state, &user, year, id).await?;
    state
        .app
        .store
        .move_measure(user.actor(), measure.agency_id, measure.id, form.offset()?)
        .await?;
    Ok(Redirect::to(&plan_url(year)))
}

async fn confirm_delete_topic(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), id)): Path<(Year, TopicId)>,
) -> AppResult<Html<String>> {
    let topic = load_topic(&state, &user, year, id).await?;
    let measures: Vec<Measure> = state
        .app
        .store
        .list_measures(topic.agency_id, year)
        .await?
        .into_iter()
        .filter(|m| m.topic_id == topic.id)
        .collect();
    let mut lines = vec![format!("ประเด็น “{}”", topic.title)];
    if measures.is_empty() {
        lines.push("ประเด็นนี้ยังไม่มีมาตรการ".to_owned());
    } else {
        lines.push(format!(
            "มาตรการในประเด็นนี้ทั้งหมด {} รายการ พร้อมผลการดำเนินงานทุกรอบและไฟล์หลักฐาน:",
            measures.len()
        ));
        lines.extend(measures.iter().map(|m| format!("– {}", m.title)));
    }
    render_confirm(
        &state,
        &user,
        "plan",
        "ลบประเด็น",
        lines,
        format!("/plan/{year}/topics/{}/delete", topic.id),
        plan_url(year),
    )
}

async fn delete_topic(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, TopicId)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let topic = load_topic(&state, &user, year, id).await?;
    let removed = state
        .app
        .store
        .delete_topic(user.actor(), topic.agency_id, topic.id)
        .await?;
    remove_evidence_bytes(&state, &removed).await;
    Ok(Redirect::to(&format!("{}?notice=deleted", plan_url(year))))
}

async fn confirm_delete_measure(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), id)): Path<(Year, MeasureId)>,
) -> AppResult<Html<String>> {
    let measure = load_measure(&state, &user, year, id).await?;
    let lines = vec![
        format!("มาตรการ “{}”", measure.title),
        "ผลการดำเนินงานของมาตรการนี้ทุกรอบ ลิงก์และไฟล์หลักฐานทั้งหมด".to_owned(),
    ];
    render_confirm(
        &state,
        &user,
        "plan",
        "ลบมาตรการ",
        lines,
        format!("/plan/{year}/measures/{}/delete", measure.id),
        plan_url(year),
    )
}

async fn delete_measure(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, MeasureId)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let measure = load_measure(&state, &user, year, id).await?;
    let removed = state
        .app
        .store
        .delete_measure(user.actor(), measure.agency_id, measure.id)
        .await?;
    remove_evidence_bytes(&state, &removed).await;
    Ok(Redirect::to(&format!("{}?notice=deleted", plan_url(year))))
}

async fn copy_previous(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let query = match state
        .app
        .store
        .copy_plan(user.actor(), user.agency_id()?, year - 1, year)
        .await
    {
        Ok(_) => "notice=copied",
        Err(StoreError::Invalid(_)) => "copy=empty",
        Err(StoreError::Conflict { .. }) => "copy=exists",
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&format!("{}?{query}", plan_url(year))))
}

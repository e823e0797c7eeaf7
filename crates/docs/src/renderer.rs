//! Rendering PDFs without stalling the async server.
//!
//! A Typst compile is a fraction of a second of pure CPU work, so it runs on
//! tokio's blocking pool, and a semaphore sized to the available cores keeps a
//! burst of export requests from oversubscribing the machine (the rest wait
//! their turn instead of all slowing down together). The [`Renderer`] is cheap
//! to clone and shares one engine: fonts, standard library and Typst's
//! memoisation cache stay warm across requests.

use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};

use prongsai_text_layer::TextLayer;
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::error::DocsError;
use crate::fonts::FONT_FILES;
use crate::text_guard;
use crate::typst_engine::Engine;
use crate::word_breaks;

/// What a PDF is compiled from: the template, the data it reads as
/// `data.json`, the agency's logo (`/logo`), the installation's ครุฑ
/// (`/emblem`) and further images (`/image-1`, `/image-2`).
#[derive(Debug, Clone, PartialEq)]
pub struct TypstInput<'a> {
    pub template: Template,
    /// The JSON the template receives, fields in the order the contract
    /// declares them.
    pub data: serde_json::Value,
    pub logo: Option<&'a [u8]>,
    pub emblem: Option<&'a [u8]>,
    pub images: Vec<Vec<u8>>,
}

impl<'a> TypstInput<'a> {
    /// `data` for `template`, without images.
    ///
    /// # Errors
    /// [`DocsError::Data`] when the data cannot be written as JSON.
    pub fn new(template: Template, data: &impl Serialize) -> Result<Self, DocsError> {
        Ok(Self {
            template,
            data: serde_json::to_value(data)?,
            logo: None,
            emblem: None,
            images: Vec::new(),
        })
    }

    /// The same input with the agency's logo (PNG or JPEG bytes); one that
    /// does not decode becomes a transparent pixel, so the page keeps its
    /// layout and prints without it instead of failing.
    #[must_use]
    pub fn with_logo(self, logo: Option<&'a [u8]>) -> Self {
        let logo = logo.map(|bytes| {
            if crate::logo::is_printable(bytes) {
                bytes
            } else {
                crate::logo::blank()
            }
        });
        Self { logo, ..self }
    }

    /// The same input with the ครุฑ (PNG bytes).
    #[must_use]
    pub fn with_emblem(self, emblem: Option<&'a [u8]>) -> Self {
        Self { emblem, ..self }
    }

    /// The same input with images (SVG, PNG or JPEG bytes), read in order as
    /// `/image-1`, `/image-2`.
    #[must_use]
    pub fn with_images(self, images: Vec<Vec<u8>>) -> Self {
        Self { images, ..self }
    }
}

/// The document templates the engine can render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Template {
    /// การวิเคราะห์ผลการประเมิน ITA; data: [`crate::AnalysisDocument`].
    Analysis,
    /// รายงานผลการดำเนินการประจำปี; data: [`crate::AnnualReportDocument`].
    AnnualReport,
    /// รายงานการดำเนินการตามมาตรการ รอบ ๖ หรือ ๑๒ เดือน; data: [`crate::HalfYearReportDocument`].
    HalfYearReport,
    /// มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน; data: [`crate::MeasuresDocument`].
    Measures,
    /// บันทึกข้อความ ส่งมาตรการให้ส่วนราชการ; data: [`crate::MemoDocument`].
    Memo,
    /// แผนปฏิบัติการป้องกันการทุจริต; data: [`crate::ActionPlanDocument`].
    ActionPlan,
    /// รายงานการกำกับติดตามผลการดำเนินการตามแผนปฏิบัติการฯ; data:
    /// [`crate::FollowUpReportDocument`].
    FollowUpReport,
    /// การประเมินความเสี่ยงการทุจริต; data: [`crate::RiskAssessmentDocument`].
    RiskAssessment,
    /// คำสั่ง แต่งตั้งคณะกรรมการ; data: [`crate::OrderDocument`].
    Order,
    /// สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ; data:
    /// [`crate::ComplaintStatisticsDocument`].
    ComplaintStatistics,
    /// The poster of the complaint channels with their QR codes; data:
    /// [`crate::PosterDocument`], the codes as images.
    Poster,
    /// รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT); data: [`crate::OitReportDocument`].
    OitReport,
    /// รายงานผลการสำรวจความพึงพอใจ; data: [`crate::SatisfactionReportDocument`].
    SatisfactionReport,
    /// The poster of a survey's public link with its QR code; data:
    /// [`crate::SurveyPosterDocument`], the code as an image.
    SurveyPoster,
}

impl Template {
    const ALL: [Self; 14] = [
        Self::Analysis,
        Self::AnnualReport,
        Self::HalfYearReport,
        Self::Measures,
        Self::Memo,
        Self::ActionPlan,
        Self::FollowUpReport,
        Self::RiskAssessment,
        Self::Order,
        Self::ComplaintStatistics,
        Self::Poster,
        Self::OitReport,
        Self::SatisfactionReport,
        Self::SurveyPoster,
    ];

    /// The template's source with its own Thai text's line breaks decided
    /// ([`word_breaks::mark_template`]), made once per process.
    fn source(self) -> &'static str {
        static MARKED: OnceLock<Vec<(Template, String)>> = OnceLock::new();
        MARKED
            .get_or_init(|| {
                Self::ALL
                    .iter()
                    .map(|t| (*t, word_breaks::mark_template(t.written_source())))
                    .collect()
            })
            .iter()
            .find(|(t, _)| *t == self)
            .map_or_else(|| self.written_source(), |(_, source)| source.as_str())
    }

    /// The template as written in `templates/`.
    fn written_source(self) -> &'static str {
        match self {
            Self::Analysis => include_str!("../templates/analysis.typ"),
            // Both reports print results as `results.typ` lays them out.
            Self::AnnualReport => concat!(
                include_str!("../templates/results.typ"),
                include_str!("../templates/annual_report.typ")
            ),
            Self::HalfYearReport => concat!(
                include_str!("../templates/results.typ"),
                include_str!("../templates/half_year_report.typ")
            ),
            // Appended to analysis.typ, whose `analysis-body` it prints first.
            Self::Measures => concat!(
                include_str!("../templates/analysis.typ"),
                include_str!("../templates/measures.typ")
            ),
            Self::Memo => include_str!("../templates/memo.typ"),
            Self::ActionPlan => include_str!("../templates/action_plan.typ"),
            Self::FollowUpReport => include_str!("../templates/follow_up_report.typ"),
            Self::RiskAssessment => include_str!("../templates/risk_assessment.typ"),
            Self::Order => include_str!("../templates/order.typ"),
            Self::ComplaintStatistics => include_str!("../templates/complaint_statistics.typ"),
            Self::Poster => include_str!("../templates/poster.typ"),
            Self::OitReport => include_str!("../templates/oit_report.typ"),
            Self::SatisfactionReport => include_str!("../templates/satisfaction_report.typ"),
            Self::SurveyPoster => include_str!("../templates/survey_poster.typ"),
        }
    }
}

/// Renders templates to PDF (through [`crate::render`]). Clone it freely; clones share the engine and the
/// concurrency limit.
#[derive(Debug, Clone)]
pub struct Renderer {
    engine: Arc<Engine>,
    permits: Arc<Semaphore>,
    /// The pass each PDF goes through so its text extracts exactly; `None`
    /// only for the render benchmark's measure of what the pass costs.
    text_layer: Option<Arc<TextLayer>>,
}

impl Renderer {
    /// A renderer that compiles at most as many documents at once as there are
    /// cores.
    pub fn new() -> Result<Self, DocsError> {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Self::with_max_concurrent(cores)
    }

    /// A renderer that compiles at most `max_concurrent` documents at once (at
    /// least one).
    pub fn with_max_concurrent(max_concurrent: usize) -> Result<Self, DocsError> {
        Ok(Self {
            engine: Arc::new(Engine::new()?),
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            text_layer: Some(Arc::new(TextLayer::new(&FONT_FILES.map(|(_, data)| data)))),
        })
    }

    /// This renderer giving Typst's PDF as Typst writes it, without the
    /// text-layer pass: the baseline the render benchmark measures the pass
    /// against. Never for documents people read (their text extracts doubled).
    #[must_use]
    pub fn without_text_layer_pass(mut self) -> Self {
        self.text_layer = None;
        self
    }

    /// Compiles a PDF on the blocking pool, waiting for a free slot first.
    pub(crate) async fn pdf(&self, input: TypstInput<'_>) -> Result<Vec<u8>, DocsError> {
        let job = PdfJob::owned(input)?;
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|err| DocsError::Worker(err.to_string()))?;
        let engine = Arc::clone(&self.engine);
        let text_layer = self.text_layer.clone();
        tokio::task::spawn_blocking(move || {
            let result = job.compile(&engine, text_layer.as_deref());
            drop(permit);
            result
        })
        .await
        .map_err(|err| DocsError::Worker(err.to_string()))?
    }

    /// Compiles a PDF on the calling thread, outside the concurrency limit.
    pub(crate) fn pdf_blocking(&self, input: TypstInput<'_>) -> Result<Vec<u8>, DocsError> {
        PdfJob::owned(input)?.compile(&self.engine, self.text_layer.as_deref())
    }
}

/// What every string of a template's data goes through before Typst sees it:
/// characters no font draws named, line breaks decided (`word_breaks`, with the
/// document's own names), runs too long to break given breaks. Public so the
/// render benchmark can time it apart.
pub fn prepare_text(data: &mut serde_json::Value) {
    let own_words = word_breaks::own_words(data);
    text_guard::guard(data, &own_words);
}

/// A [`TypstInput`] made owned, so it can move to a blocking thread.
struct PdfJob {
    template: Template,
    json: Vec<u8>,
    logo: Option<Vec<u8>>,
    emblem: Option<Vec<u8>>,
    images: Vec<Vec<u8>>,
}

impl PdfJob {
    fn owned(input: TypstInput<'_>) -> Result<Self, DocsError> {
        let mut data = input.data;
        prepare_text(&mut data);
        Ok(Self {
            template: input.template,
            json: serde_json::to_vec(&data)?,
            logo: input.logo.map(<[u8]>::to_vec),
            emblem: input.emblem.map(<[u8]>::to_vec),
            images: input.images,
        })
    }

    fn compile(
        self,
        engine: &Engine,
        text_layer: Option<&TextLayer>,
    ) -> Result<Vec<u8>, DocsError> {
        let pdf = engine.pdf(
            self.template.source(),
            self.json,
            self.logo,
            self.emblem,
            self.images,
        )?;
        Ok(match text_layer {
            Some(pass) => pass.apply(pdf),
            None => pdf,
        })
    }
}

//! Official Thai documents (PDF, DOCX, XLSX, CSV) generated from Prongsai data.
//!
//! Every document kind has a data contract holding text that is already
//! formatted (numbers, dates and the agency's choice of Thai or Arabic digits),
//! so templates and builders only lay out, and a pure builder that shapes it
//! from core values and the agency as documents see it ([`DocumentAgency`]):
//! a service loads from the store and calls the builder, a test or a bench
//! calls it with fixtures. Each kind implements [`OfficialDocument`] (the Typst
//! template and data of its PDF, its DOCX, XLSX and CSV builders where it has
//! them) and [`render`] prints any of them in the [`DocumentFormat`] asked for,
//! a PDF compiled by the [`Renderer`] off the async executor.
//!
//! Word files come from [`DocxBuilder`], laid out like the PDF for agencies
//! that edit before signing; tables also go out as XLSX ([`table_xlsx`]) and
//! CSV ([`csv_with_bom`]). Every format uses the embedded Sarabun fonts only.
//! QR codes ([`qr_svg`]) go on the complaint receipt and on the posters. The
//! ครุฑ on orders and memos is one image for the installation, checked once
//! when its operator gives it ([`Emblem::check`]).

mod action_plan;
mod agency;
mod analysis;
mod complaint_statistics;
mod csv;
mod document;
mod docx;
mod emblem;
mod error;
mod follow_up_report;
mod fonts;
mod format;
mod general_memo;
mod logo;
mod measures_cycle;
mod oit_report;
mod order;
mod plan_documents;
mod poster;
mod qr;
mod renderer;
mod reports;
mod risk_assessment;
mod satisfaction_report;
mod signature;
mod survey_poster;
mod survey_results;
mod text_guard;
mod typst_engine;
mod word_breaks;
mod workbook;
mod xlsx;

pub use action_plan::{
    ActionPlanDocument, DimensionSection, MissionSection, ProjectSection, RiskRow, TargetRow,
    TotalsRow, action_plan_document,
};
pub use agency::DocumentAgency;
pub use analysis::{AnalysisDocument, IndicatorRow, InstrumentRow, PreviousResult};
pub use complaint_statistics::{
    COMPLAINT_STATISTICS_TITLE, ComplaintStatisticsDocument, StatisticsRow, StatisticsSection,
    StatisticsTable, complaint_statistics_document,
};
pub use csv::{UTF8_BOM, csv_with_bom};
pub use document::{OfficialDocument, render, render_blocking};
pub use docx::{BODY_HALF_POINTS, CellAlign, Column, DOCX_FONT, DocxBuilder};
pub use emblem::{Emblem, EmblemError, MISSING_EMBLEM_NOTE};
pub use error::DocsError;
pub use follow_up_report::{
    FollowUpDimension, FollowUpReportDocument, FollowUpRow, FollowUpSummaryText,
    follow_up_report_document,
};
pub use fonts::{BODY_SIZE_PT, FONT_FAMILY, SYMBOL_FAMILY};
pub use format::{DocumentFormat, RenderedDocument};
pub use general_memo::memo_document;
pub use logo::{LogoProblem, check_logo};
pub use measures_cycle::{
    MeasuresPlan, OfficialScore, annual_report_document, measures_document, measures_memo_document,
    round_report_document,
};
pub use oit_report::{
    NOT_CHECKED, OIT_REPORT_TITLE, OitItemRow, OitLinkRow, OitReportDocument, OitSection,
    OitSummaryLine, oit_report_document,
};
pub use order::{OrderAssignment, OrderCommittee, OrderDocument, OrderMember, order_document};
pub use plan_documents::{
    Acknowledgement, MeasureGroup, MeasureRow, MeasuresDocument, MemoDocument,
};
pub use poster::PosterDocument;
pub use qr::qr_svg;
pub use renderer::{Renderer, Template, TypstInput, prepare_text};
pub use reports::{
    AnnualReportDocument, AnnualReportRow, AnnualReportTopic, HalfYearReportDocument,
    HalfYearReportGroup, HalfYearReportRow, ReportLink, ReportResult, ReportTarget,
};
pub use risk_assessment::{
    RiskAreaRow, RiskAssessmentDocument, RiskEventRow, RiskHeatCell, RiskHeatRow, RiskLegendRow,
    risk_assessment_document, risk_heat_map_svg,
};
pub use satisfaction_report::{
    SATISFACTION_REPORT_TITLE, SatisfactionComment, SatisfactionReportDocument,
    SatisfactionReportRow, satisfaction_report_document,
};
pub use signature::Signature;
pub use survey_poster::{SurveyPosterDocument, survey_poster_document};
pub use survey_results::{ExportQuestion, SurveyExportDocument, survey_export_document};
pub use word_breaks::own_words;
pub use xlsx::{XlsxCell, XlsxColumn, parse_number, table_xlsx};

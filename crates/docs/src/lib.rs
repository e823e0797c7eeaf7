//! Official Thai documents (PDF, DOCX, XLSX, CSV) generated from Prongsai data.
//!
//! PDFs come from Typst templates compiled in-process ([`Renderer`]); Word files
//! from [`DocxBuilder`], laid out the same way for agencies that edit before
//! signing; tables also go out as XLSX ([`table_xlsx`]) and CSV
//! ([`csv_with_bom`]). Every format uses the embedded Sarabun fonts only.
//!
//! Each document kind has a data contract that the caller fills with text that is
//! already formatted (numbers, dates and the agency's choice of Thai or Arabic
//! digits), so templates only lay out. The first kind is the ITA analysis
//! ([`AnalysisDocument`]). QR codes ([`qr_svg`]) go on the complaint receipt
//! and on the poster of the complaint channels ([`render_poster_pdf`]).

mod action_plan;
mod agency;
mod analysis;
mod complaint_statistics;
mod csv;
mod docx;
mod error;
mod follow_up_report;
mod fonts;
mod general_memo;
mod oit_report;
mod order;
mod plan_documents;
mod poster;
mod qr;
mod renderer;
mod reports;
mod risk_assessment;
mod satisfaction_report;
mod survey_poster;
mod survey_results;
mod typst_engine;
mod workbook;
mod xlsx;

pub use action_plan::{
    ActionPlanDocument, DimensionSection, MissionSection, ProjectSection, RiskRow, TargetRow,
    TotalsRow, action_plan_document, render_action_plan_docx, render_action_plan_pdf,
    render_action_plan_pdf_blocking, render_action_plan_xlsx,
};
pub use agency::DocumentAgency;
pub use analysis::{
    AnalysisDocument, IndicatorRow, InstrumentRow, PreviousResult, render_analysis_docx,
    render_analysis_pdf, render_analysis_pdf_blocking, render_analysis_xlsx,
};
pub use complaint_statistics::{
    COMPLAINT_STATISTICS_TITLE, ComplaintStatisticsDocument, StatisticsRow, StatisticsSection,
    StatisticsTable, complaint_statistics_document, render_complaint_statistics_csv,
    render_complaint_statistics_pdf, render_complaint_statistics_pdf_blocking,
    render_complaint_statistics_xlsx,
};
pub use csv::{UTF8_BOM, csv_with_bom};
pub use docx::{CellAlign, Column, DocxBuilder};
pub use error::DocsError;
pub use follow_up_report::{
    FollowUpDimension, FollowUpReportDocument, FollowUpRow, FollowUpSummaryText,
    follow_up_report_document, render_follow_up_report_docx, render_follow_up_report_pdf,
    render_follow_up_report_pdf_blocking, render_follow_up_report_xlsx,
};
pub use fonts::{BODY_SIZE_PT, FONT_FAMILY};
pub use general_memo::memo_document;
pub use oit_report::{
    NOT_CHECKED, OIT_REPORT_TITLE, OitItemRow, OitLinkRow, OitReportDocument, OitSection,
    OitSummaryLine, oit_report_document, render_oit_report_pdf, render_oit_report_xlsx,
};
pub use order::{
    OrderAssignment, OrderCommittee, OrderDocument, OrderMember, order_document, render_order_docx,
    render_order_pdf, render_order_pdf_blocking,
};
pub use plan_documents::{
    Acknowledgement, MeasureGroup, MeasureRow, MeasuresDocument, MemoDocument,
    render_measures_docx, render_measures_pdf, render_measures_pdf_blocking, render_measures_xlsx,
    render_memo_docx, render_memo_pdf, render_memo_pdf_blocking,
};
pub use poster::{PosterDocument, render_poster_pdf};
pub use qr::qr_svg;
pub use renderer::{Renderer, Template};
pub use reports::{
    AnnualReportDocument, AnnualReportLink, AnnualReportRow, AnnualReportTopic,
    HalfYearReportDocument, HalfYearReportGroup, HalfYearReportRow, render_annual_report_docx,
    render_annual_report_pdf, render_annual_report_pdf_blocking, render_annual_report_xlsx,
    render_half_year_report_docx, render_half_year_report_pdf,
    render_half_year_report_pdf_blocking, render_half_year_report_xlsx,
};
pub use risk_assessment::{
    RiskAreaRow, RiskAssessmentDocument, RiskEventRow, RiskHeatCell, RiskHeatRow, RiskLegendRow,
    render_risk_assessment_docx, render_risk_assessment_pdf, render_risk_assessment_pdf_blocking,
    render_risk_assessment_xlsx, risk_assessment_document, risk_heat_map_svg,
};
pub use satisfaction_report::{
    SATISFACTION_REPORT_TITLE, SatisfactionComment, SatisfactionReportDocument,
    SatisfactionReportRow, render_satisfaction_report_docx, render_satisfaction_report_pdf,
    satisfaction_report_document,
};
pub use survey_poster::{SurveyPosterDocument, render_survey_poster_pdf};
pub use survey_results::{
    ExportQuestion, SurveyExportDocument, render_survey_export_csv, render_survey_export_xlsx,
    survey_export_document,
};
pub use xlsx::{XlsxCell, XlsxColumn, parse_number, table_xlsx};

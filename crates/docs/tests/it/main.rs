//! The integration tests of `docs` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

#![recursion_limit = "256"]

mod action_plan;
mod analysis_docx_xlsx;
mod analysis_pdf;
mod annual_report;
mod complaint_statistics;
mod docx_layout;
mod emblem;
mod follow_up_report;
mod general_memo;
mod half_year_report;
mod hostile_uploads;
mod justification;
mod libreoffice;
mod line_breaks;
mod measures_document;
mod memo;
mod oit_and_surveys;
mod order;
mod pdf_ua;
mod poster;
mod risk_assessment;
mod signature;
mod template_data;
mod text_layer;
mod typed_text;

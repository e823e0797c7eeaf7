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
//! ([`AnalysisDocument`]).

mod analysis;
mod csv;
mod docx;
mod error;
mod fonts;
mod renderer;
mod typst_engine;
mod xlsx;

pub use analysis::{
    AnalysisDocument, IndicatorRow, InstrumentRow, PreviousResult, render_analysis_docx,
    render_analysis_pdf, render_analysis_pdf_blocking, render_analysis_xlsx,
};
pub use csv::{UTF8_BOM, csv_with_bom};
pub use docx::{CellAlign, Column, DocxBuilder};
pub use error::DocsError;
pub use fonts::{BODY_SIZE_PT, FONT_FAMILY};
pub use renderer::{Renderer, Template};
pub use xlsx::{XlsxCell, XlsxColumn, parse_number, table_xlsx};

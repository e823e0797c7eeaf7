//! The poster of an agency's complaint channels (ช่องทางร้องเรียน/แจ้งเบาะแส): one
//! A4 page to pin on the notice board or at the service counter, with the
//! agency's name and logo, a QR code for the complaint form and one for the
//! corruption report form, each address printed under its code for those who
//! type it, and where to follow a case with its tracking code.
//!
//! The codes are made here from the addresses ([`qr_svg`]) and handed to the
//! template as images, so the poster cannot print an address that its code does
//! not open.

use prongsai_core::model::Logo;
use serde::Serialize;

use crate::error::DocsError;
use crate::qr::qr_svg;
use crate::renderer::{Renderer, Template};

/// What the poster prints: full addresses, as a phone should open them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PosterDocument {
    /// e.g. "องค์การบริหารส่วนตำบลหนองปรุง".
    pub agency_name: String,
    /// The general complaint form, `…/p/{code}/complaint`.
    pub complaint_url: String,
    /// The corruption report form, `…/p/{code}/report`.
    pub report_url: String,
    /// The tracking page, `…/p/{code}/track`.
    pub track_url: String,
}

/// What the template reads: the poster and whether `/logo` exists. The
/// complaint form's code is `/image-1`, the report form's `/image-2`.
#[derive(Serialize)]
struct PosterData<'a> {
    #[serde(flatten)]
    poster: &'a PosterDocument,
    has_logo: bool,
}

/// Renders the poster to a one-page A4 PDF on the renderer's blocking pool,
/// with the agency's logo at the top when it has one.
///
/// # Errors
/// [`DocsError`] when the template cannot be compiled or the logo is not an
/// image Typst reads.
pub async fn render_poster_pdf(
    renderer: &Renderer,
    poster: &PosterDocument,
    logo: Option<&Logo>,
) -> Result<Vec<u8>, DocsError> {
    let data = PosterData {
        poster,
        has_logo: logo.is_some(),
    };
    let codes = vec![
        qr_svg(&poster.complaint_url).into_bytes(),
        qr_svg(&poster.report_url).into_bytes(),
    ];
    renderer
        .render_pdf_with_images(
            Template::Poster,
            &data,
            logo.map(|l| l.bytes.as_slice()),
            codes,
        )
        .await
}

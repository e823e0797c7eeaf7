//! The poster of a survey's public link: one A4 page to pin up or hand out so
//! that staff (IIT) or service users (EIT, satisfaction) answer from their
//! phones. It carries the agency's name and logo, the survey's title and kind,
//! a large QR code of the public address and the address in text for those who
//! type it, and the promise of anonymity that makes people answer honestly.
//!
//! The code is made here from the address ([`qr_svg`]), so the poster cannot
//! print an address that its code does not open.

use prongsai_core::model::Logo;
use serde::Serialize;

use crate::error::DocsError;
use crate::qr::qr_svg;
use crate::renderer::{Renderer, Template};

/// What the poster prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyPosterDocument {
    pub agency_name: String,
    /// The survey's title as the agency named it.
    pub title: String,
    /// "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", as
    /// [`prongsai_core::surveys::SurveyKind::label_th`] gives it.
    pub kind: String,
    /// Who is asked to answer, e.g. "บุคลากรของหน่วยงาน".
    pub audience: String,
    /// The full public address, `…/p/{agency}/surveys/{token}`.
    pub url: String,
    /// "ตอบได้ถึงวันที่ ๓๑ มีนาคม ๒๕๖๙", or empty when open-ended.
    pub closes_on: String,
}

/// What the template reads: the poster and whether `/logo` exists. The code is
/// the image `/image-1`.
#[derive(Serialize)]
struct SurveyPosterData<'a> {
    #[serde(flatten)]
    poster: &'a SurveyPosterDocument,
    has_logo: bool,
}

/// Renders the poster to a one-page A4 PDF on the renderer's blocking pool.
///
/// # Errors
/// [`DocsError`] when the template cannot be compiled or the logo is not an
/// image Typst reads.
pub async fn render_survey_poster_pdf(
    renderer: &Renderer,
    poster: &SurveyPosterDocument,
    logo: Option<&Logo>,
) -> Result<Vec<u8>, DocsError> {
    let data = SurveyPosterData {
        poster,
        has_logo: logo.is_some(),
    };
    renderer
        .render_pdf_with_images(
            Template::SurveyPoster,
            &data,
            logo.map(|l| l.bytes.as_slice()),
            vec![qr_svg(&poster.url).into_bytes()],
        )
        .await
}

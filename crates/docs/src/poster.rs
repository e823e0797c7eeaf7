//! The poster of an agency's complaint channels (ช่องทางร้องเรียน/แจ้งเบาะแส): one
//! A4 page to pin on the notice board or at the service counter, with the
//! agency's name and logo, a QR code for the complaint form and one for the
//! corruption report form, each address printed under its code for those who
//! type it, and where to follow a case with its tracking code.
//!
//! The codes are made here from the addresses ([`qr_svg`]) and handed to the
//! template as images, so the poster cannot print an address that its code does
//! not open.

use serde::Serialize;

use crate::document::OfficialDocument;
use crate::error::DocsError;
use crate::qr::qr_svg;
use crate::renderer::Template;
use crate::renderer::TypstInput;

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
    /// The agency's logo (PNG or JPEG), printed above the title when it has
    /// one; the template reads it as `/logo`, never through the JSON.
    #[serde(skip)]
    pub logo: Option<Vec<u8>>,
}

/// What the template reads: the poster and whether `/logo` exists. The
/// complaint form's code is `/image-1`, the report form's `/image-2`.
#[derive(Serialize)]
struct PosterData<'a> {
    #[serde(flatten)]
    poster: &'a PosterDocument,
    has_logo: bool,
}

impl OfficialDocument for PosterDocument {
    /// One A4 page with the agency's logo at the top when it has one.
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        let data = PosterData {
            poster: self,
            has_logo: self.logo.is_some(),
        };
        let codes = vec![
            qr_svg(&self.complaint_url).into_bytes(),
            qr_svg(&self.report_url).into_bytes(),
        ];
        Ok(TypstInput::new(Template::Poster, &data)?
            .with_logo(self.logo.as_deref())
            .with_images(codes))
    }
}

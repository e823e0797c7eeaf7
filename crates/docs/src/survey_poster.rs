//! The poster of a survey's public link: one A4 page to pin up or hand out so
//! that staff (IIT) or service users (EIT, satisfaction) answer from their
//! phones. It carries the agency's name and logo, the survey's title and kind,
//! a large QR code of the public address and the address in text for those who
//! type it, and the promise of anonymity that makes people answer honestly.
//!
//! The code is made here from the address ([`qr_svg`]), so the poster cannot
//! print an address that its code does not open.

use prongsai_core::surveys::{Survey, SurveyKind};
use prongsai_core::thai::calendar::format_date_long;
use serde::Serialize;

use crate::agency::DocumentAgency;
use crate::document::OfficialDocument;
use crate::error::DocsError;
use crate::qr::qr_svg;
use crate::renderer::Template;
use crate::renderer::TypstInput;

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
    /// The agency's logo (PNG or JPEG), printed above the title when it has
    /// one; the template reads it as `/logo`, never through the JSON.
    #[serde(skip)]
    pub logo: Option<Vec<u8>>,
}

/// The poster of `survey`, whose public address is `url` (full, as a phone
/// should open it).
#[must_use]
pub fn survey_poster_document(
    survey: &Survey,
    url: &str,
    agency: &DocumentAgency,
) -> SurveyPosterDocument {
    SurveyPosterDocument {
        agency_name: agency.name.clone(),
        title: survey.title.clone(),
        kind: survey.kind.label_th().to_owned(),
        audience: match survey.kind {
            SurveyKind::Iit => "บุคลากรของหน่วยงาน",
            SurveyKind::Eit => "ผู้รับบริการและผู้มีส่วนได้ส่วนเสียภายนอก",
            SurveyKind::Satisfaction => "ผู้รับบริการ",
        }
        .to_owned(),
        url: url.to_owned(),
        closes_on: survey
            .closes_on
            .map(|date| format!("ตอบได้ถึงวันที่ {}", format_date_long(date, agency.thai_digits)))
            .unwrap_or_default(),
        logo: agency.logo_bytes(),
    }
}

/// What the template reads: the poster and whether `/logo` exists. The code is
/// the image `/image-1`.
#[derive(Serialize)]
struct SurveyPosterData<'a> {
    #[serde(flatten)]
    poster: &'a SurveyPosterDocument,
    has_logo: bool,
}

impl OfficialDocument for SurveyPosterDocument {
    /// One A4 page with the code of the public address.
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        let data = SurveyPosterData {
            poster: self,
            has_logo: self.logo.is_some(),
        };
        Ok(TypstInput::new(Template::SurveyPoster, &data)?
            .with_logo(self.logo.as_deref())
            .with_images(vec![qr_svg(&self.url).into_bytes()]))
    }
}

//! The ครุฑ (ตราครุฑ, the national emblem) that official correspondence carries,
//! placed as ระเบียบงานสารบรรณ sets it: 3 cm high, centred at the top of a
//! คำสั่ง; 1.5 cm high at the top left of a บันทึกข้อความ, beside the form's name.
//!
//! One image serves the whole installation. No package of the registries this
//! project uses ships a copy whose licence allows passing it on, so the
//! operator provides it once (`prongsai emblem set FILE`) and the store keeps
//! it as an installation setting. [`Emblem::check`] is the gate it passes
//! through: the file is decoded whole, so a PNG signature followed by garbage
//! is refused when it is given rather than found at the first print; its size
//! in pixels must print sharply at 3 cm without asking a decoder for absurd
//! memory; and a JPEG is written again as PNG, the one format the Word files
//! embed without decoding, so the PDF and the DOCX show the same image.
//!
//! Without an emblem, the documents print [`MISSING_EMBLEM_NOTE`] where it
//! belongs: an empty box on a page about to be signed is easily missed, a
//! sentence is not.
//!
//! Which mark goes where (what a Thai clerk expects): an order and a memo are
//! official correspondence in the regulation's forms, which have a place for
//! the ครุฑ and none for a local seal, so they carry the ครุฑ and never the
//! agency's logo, even when the ครุฑ is missing (a logo where the ครุฑ belongs
//! would pass for a finished order). The logo stays on what the agency
//! publishes as its own: the posters and the OIT and satisfaction reports.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// What a document prints in the emblem's place when the installation has none.
pub const MISSING_EMBLEM_NOTE: &str = "(ตราครุฑ — ผู้ดูแลระบบยังไม่ได้กำหนด)";

/// Largest file accepted: a sharp emblem at print size is a few hundred
/// kilobytes.
const MAX_EMBLEM_BYTES: usize = 2 * 1024 * 1024;
/// Fewest pixels on either side: below this the 3 cm emblem prints blurred.
const MIN_EMBLEM_SIDE_PX: u32 = 100;
/// Most pixels on either side: far more than print needs, and a bound on what
/// the decoder is asked to hold.
const MAX_EMBLEM_SIDE_PX: u32 = 6000;
/// How many times longer one side may be than the other (the ครุฑ is a little
/// taller than wide).
const MAX_ASPECT: u32 = 3;
/// Memory the decoder may use for one image: the largest accepted image with
/// room to spare.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// Why an image cannot be the emblem; the message is for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmblemError {
    #[error("ไฟล์ตราครุฑว่างเปล่า")]
    Empty,
    #[error("ไฟล์ตราครุฑต้องมีขนาดไม่เกิน 2 MB (ไฟล์นี้ {bytes} ไบต์)")]
    TooLarge { bytes: usize },
    #[error("ไฟล์ตราครุฑต้องเป็นภาพ PNG หรือ JPEG")]
    NotPngOrJpeg,
    #[error("อ่านภาพตราครุฑไม่ได้ ไฟล์อาจเสียหรือไม่ครบ ({format})")]
    Corrupt { format: &'static str },
    #[error(
        "ภาพตราครุฑเล็กเกินไป ({width} × {height} พิกเซล) ต้องกว้างและสูงอย่างน้อย \
         {MIN_EMBLEM_SIDE_PX} พิกเซลจึงจะพิมพ์ได้คมชัด"
    )]
    TooFewPixels { width: u32, height: u32 },
    #[error(
        "ภาพตราครุฑใหญ่เกินไป ({width} × {height} พิกเซล) กว้างและสูงได้ไม่เกิน \
         {MAX_EMBLEM_SIDE_PX} พิกเซล"
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error(
        "ภาพตราครุฑมีสัดส่วนผิดปกติ ({width} × {height} พิกเซล) ด้านยาวต้องไม่เกิน \
         {MAX_ASPECT} เท่าของด้านสั้น"
    )]
    Shape { width: u32, height: u32 },
}

/// An emblem that passed [`Emblem::check`]: PNG bytes and the image's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emblem {
    png: Vec<u8>,
    width: u32,
    height: u32,
}

impl Emblem {
    /// Decodes `bytes` (PNG or JPEG) whole and checks its size; a PNG is kept
    /// as given, a JPEG is written again as PNG.
    ///
    /// # Errors
    /// An [`EmblemError`] saying in Thai what is wrong with the file.
    pub fn check(bytes: &[u8]) -> Result<Self, EmblemError> {
        if bytes.is_empty() {
            return Err(EmblemError::Empty);
        }
        if bytes.len() > MAX_EMBLEM_BYTES {
            return Err(EmblemError::TooLarge { bytes: bytes.len() });
        }
        let (format, name) = match image::guess_format(bytes) {
            Ok(ImageFormat::Png) => (ImageFormat::Png, "PNG"),
            Ok(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "JPEG"),
            _ => return Err(EmblemError::NotPngOrJpeg),
        };
        let corrupt = |_| EmblemError::Corrupt { format: name };
        // The header alone first, so an absurd size is named before anything
        // is allocated for it; then the whole image, within limits.
        let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(corrupt)?;
        check_size(width, height)?;
        let image = decoder(bytes, format).decode().map_err(corrupt)?;
        let png = if format == ImageFormat::Png {
            bytes.to_vec()
        } else {
            let mut png = Cursor::new(Vec::new());
            image
                .write_to(&mut png, ImageFormat::Png)
                .map_err(corrupt)?;
            png.into_inner()
        };
        Ok(Self { png, width, height })
    }

    /// The image as PNG, as documents embed it.
    #[must_use]
    pub fn png(&self) -> &[u8] {
        &self.png
    }

    /// The PNG bytes, for storing.
    #[must_use]
    pub fn into_png(self) -> Vec<u8> {
        self.png
    }

    /// Width in pixels.
    #[must_use]
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    #[must_use]
    pub fn height(&self) -> u32 {
        self.height
    }
}

/// A decoder of `bytes` as `format` that refuses images beyond the limits
/// before allocating for them.
fn decoder(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_EMBLEM_SIDE_PX);
    limits.max_image_height = Some(MAX_EMBLEM_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader
}

fn check_size(width: u32, height: u32) -> Result<(), EmblemError> {
    if width < MIN_EMBLEM_SIDE_PX || height < MIN_EMBLEM_SIDE_PX {
        return Err(EmblemError::TooFewPixels { width, height });
    }
    if width > MAX_EMBLEM_SIDE_PX || height > MAX_EMBLEM_SIDE_PX {
        return Err(EmblemError::TooManyPixels { width, height });
    }
    let (short, long) = (width.min(height), width.max(height));
    if long > short.saturating_mul(MAX_ASPECT) {
        return Err(EmblemError::Shape { width, height });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use image::{Rgba, RgbaImage};

    use super::*;

    fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let image = RgbaImage::from_pixel(width, height, Rgba([200, 150, 20, 255]));
        let mut out = Cursor::new(Vec::new());
        if format == ImageFormat::Jpeg {
            image::DynamicImage::ImageRgba8(image)
                .to_rgb8()
                .write_to(&mut out, format)
                .unwrap();
        } else {
            image.write_to(&mut out, format).unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn a_png_is_kept_as_given() {
        let png = encoded(180, 200, ImageFormat::Png);
        let emblem = Emblem::check(&png).unwrap();
        assert_eq!(emblem.png(), png.as_slice());
        assert_eq!((emblem.width(), emblem.height()), (180, 200));
    }

    #[test]
    fn a_jpeg_becomes_a_png_of_the_same_size() {
        let jpeg = encoded(180, 200, ImageFormat::Jpeg);
        let emblem = Emblem::check(&jpeg).unwrap();
        assert_eq!(image::guess_format(emblem.png()).unwrap(), ImageFormat::Png);
        let again = Emblem::check(emblem.png()).unwrap();
        assert_eq!((again.width(), again.height()), (180, 200));
    }

    #[test]
    fn corrupt_and_foreign_files_are_refused_in_thai() {
        let mut garbage = b"\x89PNG\r\n\x1a\n".to_vec();
        garbage.extend(std::iter::repeat_n(0x5a, 400));
        let err = Emblem::check(&garbage).unwrap_err();
        assert_eq!(err, EmblemError::Corrupt { format: "PNG" });
        assert_eq!(err.to_string(), "อ่านภาพตราครุฑไม่ได้ ไฟล์อาจเสียหรือไม่ครบ (PNG)");
        // A valid header with its pixels cut off is found by decoding whole.
        let png = encoded(180, 200, ImageFormat::Png);
        let cut = &png[..png.len() / 2];
        assert!(matches!(
            Emblem::check(cut),
            Err(EmblemError::Corrupt { .. })
        ));
        assert_eq!(Emblem::check(b""), Err(EmblemError::Empty));
        assert_eq!(
            Emblem::check(b"GIF89a\x01\x00\x01\x00"),
            Err(EmblemError::NotPngOrJpeg)
        );
        assert_eq!(
            Emblem::check(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(EmblemError::NotPngOrJpeg)
        );
        let mut big = png.clone();
        big.resize(MAX_EMBLEM_BYTES + 1, 0);
        assert!(
            Emblem::check(&big)
                .unwrap_err()
                .to_string()
                .starts_with("ไฟล์ตราครุฑต้องมีขนาดไม่เกิน 2 MB")
        );
    }

    #[test]
    fn absurd_sizes_are_refused_before_decoding() {
        assert_eq!(
            Emblem::check(&encoded(40, 44, ImageFormat::Png)),
            Err(EmblemError::TooFewPixels {
                width: 40,
                height: 44
            })
        );
        assert_eq!(
            Emblem::check(&encoded(120, 400, ImageFormat::Png)),
            Err(EmblemError::Shape {
                width: 120,
                height: 400
            })
        );
        // Too wide: refused from the header, before decoding.
        let wide = image::GrayImage::from_pixel(6001, 100, image::Luma([0]));
        let mut bytes = Cursor::new(Vec::new());
        wide.write_to(&mut bytes, ImageFormat::Png).unwrap();
        assert_eq!(
            Emblem::check(bytes.get_ref()),
            Err(EmblemError::TooManyPixels {
                width: 6001,
                height: 100
            })
        );
        assert_eq!(
            check_size(6001, 6000),
            Err(EmblemError::TooManyPixels {
                width: 6001,
                height: 6000
            })
        );
        assert_eq!(check_size(6000, 6000), Ok(()));
    }
}

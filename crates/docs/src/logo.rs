//! The agency's logo: checked whole when it is uploaded, and never allowed to
//! fail a document.
//!
//! A file that starts like a PNG and then holds garbage passes a look at its
//! first bytes, and Typst then refuses every document that prints it (the
//! public poster included). So an upload is decoded whole before it is kept,
//! and a logo that does not decode anyway (one kept before this check, or
//! imported in a bundle) is left off the page rather than failing it: Word
//! files leave it out, and Typst is given a transparent pixel in its place.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::io::Cursor;
use std::sync::{Mutex, OnceLock};

use image::{ImageFormat, ImageReader, Limits};

/// The widest and tallest logo decoded.
const MAX_LOGO_SIDE_PX: u32 = 4_000;
/// The most memory one decode may take.
const MAX_DECODE_BYTES: u64 = 64 * 1024 * 1024;
/// Verdicts remembered (a process prints few distinct logos).
const REMEMBERED: usize = 256;

/// Why an uploaded logo was refused, in Thai.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoProblem {
    NotPngOrJpeg,
    Unreadable,
}

impl LogoProblem {
    /// The message the upload form shows.
    #[must_use]
    pub fn message_th(self) -> &'static str {
        match self {
            Self::NotPngOrJpeg => "โลโก้ต้องเป็นไฟล์ภาพ PNG หรือ JPEG เท่านั้น",
            Self::Unreadable => {
                "อ่านไฟล์โลโก้ไม่ได้ ไฟล์อาจเสียหรือไม่ใช่ภาพจริง กรุณาบันทึกภาพใหม่เป็น PNG หรือ JPEG แล้วอัปโหลดอีกครั้ง"
            }
        }
    }
}

/// The content type of a logo that decodes whole, or why it cannot be kept.
///
/// # Errors
/// [`LogoProblem`] for anything but a PNG or JPEG that decodes within limits.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str, LogoProblem> {
    let (format, content_type) = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => (ImageFormat::Png, "image/png"),
        Ok(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "image/jpeg"),
        _ => return Err(LogoProblem::NotPngOrJpeg),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_LOGO_SIDE_PX);
    limits.max_image_height = Some(MAX_LOGO_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader
        .decode()
        .map(|_| content_type)
        .map_err(|_| LogoProblem::Unreadable)
}

/// Whether a stored logo can be printed (remembered per logo, so a document
/// decodes its agency's logo once per process, not once per render).
pub(crate) fn is_printable(bytes: &[u8]) -> bool {
    static VERDICTS: OnceLock<Mutex<HashMap<u64, bool>>> = OnceLock::new();
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let key = hasher.finish();
    let verdicts = VERDICTS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(&known) = verdicts.lock().expect("logo verdicts").get(&key) {
        return known;
    }
    let printable = check_logo(bytes).is_ok();
    let mut verdicts = verdicts.lock().expect("logo verdicts");
    if verdicts.len() >= REMEMBERED {
        verdicts.clear();
    }
    verdicts.insert(key, printable);
    printable
}

/// A transparent pixel, printed in place of a logo that does not decode.
pub(crate) fn blank() -> &'static [u8] {
    static BLANK: OnceLock<Vec<u8>> = OnceLock::new();
    BLANK.get_or_init(|| {
        let mut png = Cursor::new(Vec::new());
        image::RgbaImage::new(1, 1)
            .write_to(&mut png, ImageFormat::Png)
            .expect("a pixel encodes");
        png.into_inner()
    })
}

#[cfg(test)]
mod tests {
    use image::{Rgba, RgbaImage};

    use super::*;

    fn png() -> Vec<u8> {
        let image = RgbaImage::from_pixel(8, 8, Rgba([200, 0, 0, 255]));
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, ImageFormat::Png).unwrap();
        bytes.into_inner()
    }

    #[test]
    fn a_png_signature_followed_by_garbage_is_refused() {
        assert_eq!(check_logo(&png()), Ok("image/png"));
        let mut corrupt = b"\x89PNG\r\n\x1a\n".to_vec();
        corrupt.extend_from_slice(&[0x5a; 300]);
        assert_eq!(check_logo(&corrupt), Err(LogoProblem::Unreadable));
        let mut cut = png();
        cut.truncate(cut.len() / 2);
        assert_eq!(check_logo(&cut), Err(LogoProblem::Unreadable));
        assert_eq!(check_logo(b"GIF89a"), Err(LogoProblem::NotPngOrJpeg));
        assert!(!is_printable(&corrupt));
        assert!(is_printable(&png()));
        assert!(is_printable(blank()));
    }
}

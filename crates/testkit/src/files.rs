//! Reading back what the product writes, with software nobody here wrote:
//! poppler (`pdftotext`, `pdfinfo`) for PDFs, headless LibreOffice for DOCX, and
//! the zip archive inside DOCX and XLSX files. Tests of every crate use these
//! instead of trusting our own writer's idea of what it wrote.
//!
//! A missing tool skips the test that needs it ([`have_tool`]) unless
//! `PRONGSAI_REQUIRE_TOOLS=1`, as in CI, where it fails.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether an external tool can run. When it cannot, the caller skips, unless
/// `PRONGSAI_REQUIRE_TOOLS=1`, which makes a missing tool a failure (CI).
pub fn have_tool(name: &str, probe_arg: &str) -> bool {
    let found = Command::new(name).arg(probe_arg).output().is_ok();
    if !found {
        if std::env::var("PRONGSAI_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{name} is required (PRONGSAI_REQUIRE_TOOLS=1) but not installed");
        }
        eprintln!("skipped: {name} is not installed");
    }
    found
}

/// What a poppler `tool` prints for `pdf`: run as `tool before… FILE after…`
/// on a temporary copy.
///
/// # Panics
/// When the tool fails or prints something other than UTF-8.
#[must_use]
pub fn poppler_output(tool: &str, before: &[&str], after: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(tool)
        .args(before)
        .arg(&path)
        .args(after)
        .output()
        .unwrap();
    assert!(out.status.success(), "{tool} failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// `pdftotext -raw` of a PDF, pages separated by form feeds.
pub fn pdf_text(pdf: &[u8]) -> String {
    poppler_output("pdftotext", &["-raw", "-enc", "UTF-8"], &["-"], pdf)
}

/// Asserts that every needle occurs in `haystack`, each after the previous one.
/// White space is ignored on both sides: line wrapping puts line breaks into
/// Thai text that has no spaces.
pub fn assert_in_order(haystack: &str, needles: &[String]) {
    let hay = without_spaces(haystack);
    let mut at = 0;
    for needle in needles {
        let needle = without_spaces(needle);
        match hay[at..].find(&needle) {
            Some(found) => at += found + needle.len(),
            None => panic!(
                "`{needle}` not found after byte {at}; text there: {}",
                hay[at..].chars().take(200).collect::<String>()
            ),
        }
    }
}

/// One file out of a zip archive (DOCX, XLSX) as text.
pub fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

/// Sarabun's em in font units.
const SARABUN_UNITS_PER_EM: u32 = 1000;
/// The size of TH Sarabun New that Sarabun draws at the PDF's body size.
const OFFICE_BODY_PT: u32 = 16;

/// `font` with the em of its `head` table set to `units`.
fn with_units_per_em(font: &[u8], units: u16) -> Vec<u8> {
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    let head = (0..tables)
        .map(|index| 12 + 16 * index)
        .find(|&record| &font[record..record + 4] == b"head")
        .map(|record| u32::from_be_bytes(font[record + 8..record + 12].try_into().unwrap()))
        .unwrap() as usize;
    assert_eq!(
        u32::from(u16::from_be_bytes([font[head + 18], font[head + 19]])),
        SARABUN_UNITS_PER_EM
    );
    let mut scaled = font.to_vec();
    scaled[head + 18..head + 20].copy_from_slice(&units.to_be_bytes());
    scaled
}

/// A fontconfig setup in `dir` that adds a stand-in for TH Sarabun New to the
/// system's fonts; returns the configuration file.
///
/// TH Sarabun New, the font the DOCX names as government computers have it, is
/// not free to install, and no packaged Thai font has its metrics (Laksaman,
/// TLWG's copy of TH SarabunPSK, is scaled up to Latin proportions). The PDF's
/// Sarabun draws 16 pt of TH Sarabun New at its body size, so the stand-in is
/// Sarabun with its em enlarged by 16/body size, named TH Sarabun New: the PDF's
/// glyphs at the sizes the DOCX asks for.
fn office_font_stand_in(dir: &Path) -> PathBuf {
    const FONTS: [(&str, &[u8]); 2] = [
        (
            "Sarabun-Regular.ttf",
            include_bytes!("../../docs/fonts/Sarabun-Regular.ttf"),
        ),
        (
            "Sarabun-Bold.ttf",
            include_bytes!("../../docs/fonts/Sarabun-Bold.ttf"),
        ),
    ];
    let fonts = dir.join("stand-in-fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let units =
        u16::try_from(SARABUN_UNITS_PER_EM * OFFICE_BODY_PT / prongsai_docs::BODY_SIZE_PT).unwrap();
    for (name, font) in FONTS {
        std::fs::write(fonts.join(name), with_units_per_em(font, units)).unwrap();
    }
    let config = dir.join("fonts.conf");
    std::fs::write(
        &config,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n\
             <dir>{fonts}</dir>\n<cachedir>{cache}</cachedir>\n\
             <match target=\"scan\"><test name=\"file\" compare=\"contains\"><string>{fonts}</string></test>\
             <edit name=\"family\" mode=\"assign\" binding=\"same\"><string>{family}</string></edit></match>\n\
             </fontconfig>\n",
            fonts = fonts.display(),
            cache = dir.join("font-cache").display(),
            family = prongsai_docs::DOCX_FONT,
        ),
    )
    .unwrap();
    config
}

/// Converts a document with headless LibreOffice, TH Sarabun New installed as
/// on a government computer (a stand-in, see [`office_font_stand_in`]);
/// returns the PDF path.
pub fn libreoffice_to_pdf(input: &Path, out_dir: &Path) -> PathBuf {
    let profile = out_dir.join("lo-profile");
    let config = office_font_stand_in(out_dir);
    let status = Command::new("soffice")
        .env("FONTCONFIG_FILE", config)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .arg(input)
        .output()
        .unwrap();
    assert!(status.status.success(), "libreoffice failed: {status:?}");
    out_dir
        .join(input.file_stem().unwrap())
        .with_extension("pdf")
}

/// Writes a rendered file into `$PRONGSAI_DOCS_OUT`, when it is set, so a person
/// can look at what the tests produced.
pub fn save_artifact(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("PRONGSAI_DOCS_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// The URLs of the PDF's link annotations, in page order (`pdfinfo -url`).
pub fn pdf_link_uris(pdf: &[u8]) -> Vec<String> {
    poppler_output("pdfinfo", &["-url"], &[], pdf)
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(2).map(str::to_owned))
        .collect()
}

/// The number of pages of a PDF (`pdfinfo`).
pub fn pdf_page_count(pdf: &[u8]) -> usize {
    poppler_output("pdfinfo", &[], &[], pdf)
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// The text of a DOCX's `word/document.xml`: every `w:t`, in order, unescaped,
/// one per line.
pub fn docx_body_text(docx: &[u8]) -> String {
    let xml = zip_entry(docx, "word/document.xml");
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start + 4..];
        // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tbl>`, `<w:tc>`, …
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let open_end = rest.find('>').unwrap();
        rest = &rest[open_end + 1..];
        let close = rest.find("</w:t>").unwrap();
        text.push_str(&rest[..close]);
        text.push('\n');
        rest = &rest[close..];
    }
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Width and height in points of every page of a PDF, from `pdfinfo`.
pub fn pdf_page_sizes(pdf: &[u8]) -> Vec<(f64, f64)> {
    poppler_output("pdfinfo", &["-f", "1", "-l", "100000"], &[], pdf)
        .lines()
        .filter(|line| line.starts_with("Page") && line.contains(" size:"))
        .map(|line| {
            // "Page    3 size: 841.89 x 595.276 pts (A4)"
            let sizes = line.split_once("size:").unwrap().1;
            let mut numbers = sizes
                .split_whitespace()
                .filter_map(|word| word.parse::<f64>().ok());
            (numbers.next().unwrap(), numbers.next().unwrap())
        })
        .collect()
}

/// The pages of `pdftotext` output (split at form feeds), empty ones dropped.
pub fn pdf_pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .collect()
}

/// One word of a PDF page as `pdftotext -bbox` places it, in points from the
/// page's top left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    /// The page, from 1.
    pub page: usize,
    pub page_width: f64,
    pub text: String,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
}

/// Every word of the PDF with its box (`pdftotext -bbox`), in reading order.
///
/// # Panics
/// When pdftotext fails.
#[must_use]
pub fn pdf_word_boxes(pdf: &[u8]) -> Vec<WordBox> {
    let html = poppler_output("pdftotext", &["-bbox", "-enc", "UTF-8"], &["-"], pdf);
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let mut words = Vec::new();
    let (mut page, mut page_width) = (0, 0.0);
    for tag in html.split('<') {
        if tag.starts_with("page ") {
            page += 1;
            page_width = attribute(tag, "width");
        } else if tag.starts_with("word ") {
            words.push(WordBox {
                page,
                page_width,
                text: tag.split_once('>').map_or("", |(_, text)| text).to_owned(),
                x_min: attribute(tag, "xMin"),
                x_max: attribute(tag, "xMax"),
                y_min: attribute(tag, "yMin"),
            });
        }
    }
    words
}

/// Asserts that no word of the PDF reaches into the left or right margin (by more
/// than a rounding tolerance): what a cell that overflows would do.
///
/// # Panics
/// When a word does, or the PDF has no words.
pub fn assert_words_within_margins(pdf: &[u8], left_cm: f64, right_cm: f64) {
    let points = |cm: f64| cm / 2.54 * 72.0;
    let tolerance = 1.0;
    let words = pdf_word_boxes(pdf);
    for w in &words {
        assert!(
            w.x_min >= points(left_cm) - tolerance
                && w.x_max <= w.page_width - points(right_cm) + tolerance,
            "`{}` runs into the margin: x {:.1}–{:.1} of {:.1} pt",
            w.text,
            w.x_min,
            w.x_max,
            w.page_width
        );
    }
    assert!(!words.is_empty(), "no words found");
}

/// [`pdf_text`] with every white space removed: line wrapping puts breaks
/// inside Thai text, which has no spaces between words.
#[must_use]
pub fn pdf_words(pdf: &[u8]) -> String {
    without_spaces(&pdf_text(pdf))
}

/// `text` with every white space removed.
#[must_use]
pub fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// [`pdf_text`] when pdftotext is installed; `None` (the check is skipped)
/// when it is not, unless `PRONGSAI_REQUIRE_TOOLS=1` ([`have_tool`]).
#[must_use]
pub fn pdf_text_if_installed(pdf: &[u8]) -> Option<String> {
    have_tool("pdftotext", "-v").then(|| pdf_text(pdf))
}

/// Where an image is drawn on a page, in points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageBox {
    /// 1-based.
    pub page: usize,
    pub page_width: f64,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// Every image drawn in the PDF with its box (`pdftohtml -xml` at zoom 1,
/// whose units are points), in page order.
///
/// # Panics
/// When pdftohtml fails.
#[must_use]
pub fn pdf_image_boxes(pdf: &[u8]) -> Vec<ImageBox> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftohtml")
        .args(["-xml", "-q", "-zoom", "1"])
        .arg(&path)
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftohtml failed: {out:?}");
    let xml = std::fs::read_to_string(dir.path().join("out.xml")).unwrap();
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let mut images = Vec::new();
    let (mut page, mut page_width) = (0, 0.0);
    for tag in xml.split('<') {
        if tag.starts_with("page ") {
            page += 1;
            page_width = attribute(tag, "width");
        } else if tag.starts_with("image ") {
            images.push(ImageBox {
                page,
                page_width,
                left: attribute(tag, "left"),
                top: attribute(tag, "top"),
                width: attribute(tag, "width"),
                height: attribute(tag, "height"),
            });
        }
    }
    images
}

/// The raw bytes of every `/URI` entry of the PDF (the targets of its links),
/// as stored in the file: unlike `pdfinfo -url`, nothing is decoded, so a test
/// can tell a 7-bit ASCII target from raw UTF-8.
pub fn pdf_uri_bytes(pdf: &[u8]) -> Vec<Vec<u8>> {
    fn collect(object: &lopdf::Object, found: &mut Vec<Vec<u8>>) {
        match object {
            lopdf::Object::Dictionary(dict) => {
                for (key, value) in dict {
                    match value {
                        lopdf::Object::String(bytes, _) if key == b"URI" => {
                            found.push(bytes.clone());
                        }
                        value => collect(value, found),
                    }
                }
            }
            lopdf::Object::Array(items) => items.iter().for_each(|item| collect(item, found)),
            _ => {}
        }
    }
    let document = lopdf::Document::load_mem(pdf).unwrap();
    let mut found = Vec::new();
    for object in document.objects.values() {
        collect(object, &mut found);
    }
    found
}

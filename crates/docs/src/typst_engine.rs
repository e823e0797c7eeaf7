//! Every call into Typst lives here.
//!
//! Typst is used as a library, and its Rust API changes between minor releases
//! (0.14 → 0.15 moved the document type and changed file ids and virtual paths),
//! so the version is pinned exactly and this module is the only one that has to
//! change on an upgrade. The rest of the crate sees [`Engine::pdf`]: a template's
//! source and its data as JSON in, PDF bytes or a [`DocsError`] out.
//!
//! The engine's world is closed: the embedded Sarabun fonts, the standard library,
//! the shared `official.typ`, the document's main template, `data.json` and, when
//! the document shows the agency's logo, its image bytes as `/logo`, the
//! installation's ครุฑ as `/emblem` when it has one, and a few
//! more images (the poster's QR codes) as `/image-1` … `/image-{MAX_IMAGES}`, all
//! at fixed virtual paths. Typst interns every file id forever (at most 65,535 of
//! them), so nothing request-specific ever becomes a path. It has no clock, no
//! packages and no access to the file system. Any warning fails the compile: the
//! important one is "unknown font family", after which Typst would silently fall
//! back to another font.

use std::fmt;
use std::path::PathBuf;

use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::error::DocsError;
use crate::fonts::FONT_FILES;

/// The shared layout every document template imports.
const OFFICIAL_TEMPLATE: &str = include_str!("../templates/official.typ");

/// Memoised results unused for this many compiles are dropped from comemo's
/// process-wide cache. Zero would throw away the warm speed (fonts, the shared
/// template); keeping everything would let the cache grow without bound.
const CACHE_MAX_AGE: usize = 10;

/// Diagnostic text Typst uses when a template asks for a family it does not know.
const UNKNOWN_FONT_PREFIX: &str = "unknown font family: ";

/// How many images besides the logo one compile can be given.
pub(crate) const MAX_IMAGES: usize = 2;

/// The fixed virtual files of every compile.
#[derive(Clone, Copy)]
struct Paths {
    main: FileId,
    official: FileId,
    data: FileId,
    logo: FileId,
    emblem: FileId,
    /// `/image-1`, `/image-2`, …
    images: [FileId; MAX_IMAGES],
}

impl Paths {
    fn new() -> Result<Self, DocsError> {
        Ok(Self {
            main: file_id("/main.typ")?,
            official: file_id("/official.typ")?,
            data: file_id("/data.json")?,
            logo: file_id("/logo")?,
            emblem: file_id("/emblem")?,
            images: [file_id("/image-1")?, file_id("/image-2")?],
        })
    }
}

fn file_id(path: &str) -> Result<FileId, DocsError> {
    let vpath = VirtualPath::new(path).map_err(|err| DocsError::Template {
        details: format!("{path}: {err}"),
    })?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// What all compiles share: the library, the fonts and the shared template.
pub(crate) struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    official: Source,
    paths: Paths,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("fonts", &self.fonts.len())
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Loads the embedded fonts and builds the standard library.
    pub(crate) fn new() -> Result<Self, DocsError> {
        let mut fonts = Vec::with_capacity(FONT_FILES.len());
        for (file, data) in FONT_FILES {
            let font = Font::new(Bytes::new(data), 0).ok_or(DocsError::Font { file })?;
            fonts.push(font);
        }
        let paths = Paths::new()?;
        Ok(Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            official: Source::new(
                paths.official,
                crate::word_breaks::mark_template(OFFICIAL_TEMPLATE),
            ),
            fonts,
            paths,
        })
    }

    /// Compiles `main` (a template's source) with `data` as `data.json` into a
    /// PDF, with the agency's logo (PNG or JPEG bytes; Typst tells the format
    /// from the bytes) readable as `/logo`, the ครุฑ (PNG) as `/emblem` and
    /// `images` as `/image-1`,
    /// `/image-2`, … in order (at most [`MAX_IMAGES`]). Reading a file not
    /// given fails like any other missing file. Blocking and CPU-heavy: call it
    /// from a blocking thread.
    pub(crate) fn pdf(
        &self,
        main: &str,
        data: Vec<u8>,
        logo: Option<Vec<u8>>,
        emblem: Option<Vec<u8>>,
        images: Vec<Vec<u8>>,
    ) -> Result<Vec<u8>, DocsError> {
        if images.len() > MAX_IMAGES {
            return Err(DocsError::Template {
                details: format!("{} images given, at most {MAX_IMAGES}", images.len()),
            });
        }
        let job = Job {
            engine: self,
            main: Source::new(self.paths.main, main.to_owned()),
            data: Bytes::new(data),
            logo: logo.map(Bytes::new),
            emblem: emblem.map(Bytes::new),
            images: images.into_iter().map(Bytes::new).collect(),
        };
        let result = job.compile();
        typst::comemo::evict(CACHE_MAX_AGE);
        result
    }
}

/// One compile: the shared engine plus this document's template, data, logo,
/// emblem and images.
struct Job<'a> {
    engine: &'a Engine,
    main: Source,
    data: Bytes,
    logo: Option<Bytes>,
    emblem: Option<Bytes>,
    images: Vec<Bytes>,
}

impl Job<'_> {
    fn compile(&self) -> Result<Vec<u8>, DocsError> {
        let Warned { output, warnings } = typst::compile::<PagedDocument>(self);
        let document = output.map_err(|errors| self.failure(&errors))?;
        if !warnings.is_empty() {
            return Err(self.failure(&warnings));
        }
        // Tagged to PDF/UA-1: Typst refuses to write a document that breaks it
        // (an image without alt text, say), so every PDF we publish is one a
        // screen reader can read. A single standard is always a valid set.
        let standards = PdfStandards::new(&[PdfStandard::Ua_1]).unwrap_or_default();
        let options = PdfOptions {
            creator: typst::foundations::Smart::Custom(Some("Prongsai".to_owned())),
            standards,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| self.failure(&errors))
    }

    /// Turns diagnostics into one error; an unknown font gets its own variant.
    fn failure(&self, diagnostics: &[SourceDiagnostic]) -> DocsError {
        if let Some(family) = diagnostics
            .iter()
            .find_map(|diag| diag.message.strip_prefix(UNKNOWN_FONT_PREFIX))
        {
            return DocsError::UnknownFont {
                family: family.to_owned(),
            };
        }
        let details = diagnostics
            .iter()
            .map(|diag| self.describe(diag))
            .collect::<Vec<_>>()
            .join("\n");
        DocsError::Template { details }
    }

    /// "official.typ:12: message (hint: …)", or the bare message without a span.
    fn describe(&self, diag: &SourceDiagnostic) -> String {
        let mut text = String::new();
        if let Some(id) = diag.span.id()
            && let Some(range) = self.range(diag.span)
            && let Ok(source) = self.source(id)
            && let Some(line) = source.lines().byte_to_line(range.start)
        {
            let name = id.vpath().file_name().unwrap_or_default();
            text.push_str(&format!("{name}:{}: ", line + 1));
        }
        text.push_str(&diag.message);
        for hint in &diag.hints {
            text.push_str(&format!(" (hint: {})", hint.v));
        }
        text
    }

    fn not_found(id: FileId) -> FileError {
        FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
    }
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.paths.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let paths = self.engine.paths;
        if id == paths.main {
            Ok(self.main.clone())
        } else if id == paths.official {
            Ok(self.engine.official.clone())
        } else if id == paths.data
            || id == paths.logo
            || id == paths.emblem
            || paths.images.contains(&id)
        {
            Err(FileError::NotSource)
        } else {
            Err(Self::not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.paths.data {
            Ok(self.data.clone())
        } else if id == self.engine.paths.logo {
            self.logo.clone().ok_or_else(|| Self::not_found(id))
        } else if id == self.engine.paths.emblem {
            self.emblem.clone().ok_or_else(|| Self::not_found(id))
        } else if let Some(index) = self.engine.paths.images.iter().position(|p| *p == id) {
            self.images
                .get(index)
                .cloned()
                .ok_or_else(|| Self::not_found(id))
        } else {
            let source = self.source(id)?;
            Ok(Bytes::from_string(source.text().to_owned()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_asking_for_another_font_fails() {
        let engine = Engine::new().unwrap();
        let main = "#set text(font: \"TH SarabunPSK\")\nสวัสดี";
        match engine.pdf(main, b"{}".to_vec(), None, None, Vec::new()) {
            Err(DocsError::UnknownFont { family }) => {
                assert_eq!(family.to_lowercase(), "th sarabunpsk");
            }
            other => panic!("expected UnknownFont, got {other:?}"),
        }
    }

    #[test]
    fn a_template_without_a_font_can_only_get_sarabun() {
        // Typst does not warn about its default family, but the book holds only
        // Sarabun, so that is what it falls back to.
        let engine = Engine::new().unwrap();
        let pdf = engine
            .pdf(
                "#set document(title: \"t\")\nHello สวัสดี",
                b"{}".to_vec(),
                None,
                None,
                Vec::new(),
            )
            .unwrap();
        let contains = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"+Sarabun-Regular"));
        assert!(!contains(b"Libertinus"));
    }

    #[test]
    fn template_errors_name_the_line() {
        let engine = Engine::new().unwrap();
        let main = "#import \"official.typ\": *\n#show: official.with()\n#nonsense";
        let err = engine
            .pdf(main, b"{}".to_vec(), None, None, Vec::new())
            .unwrap_err();
        let DocsError::Template { details } = err else {
            panic!("expected a template error, got {err:?}");
        };
        assert!(details.starts_with("main.typ:3: "), "{details}");
    }

    #[test]
    fn the_logo_and_the_emblem_are_virtual_files_only_when_given() {
        let engine = Engine::new().unwrap();
        let main = "#set document(title: \"t\")\n#image(\"/logo\", height: 1cm, alt: \"logo\")";
        // A 1 × 1 PNG.
        let png = vec![
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
            0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
        ];
        let pdf = engine
            .pdf(main, b"{}".to_vec(), Some(png.clone()), None, Vec::new())
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let err = engine
            .pdf(main, b"{}".to_vec(), None, None, Vec::new())
            .unwrap_err();
        assert!(matches!(err, DocsError::Template { .. }), "{err:?}");
        // The emblem is a file of its own: the logo does not stand in for it.
        let emblem =
            "#set document(title: \"t\")\n#image(\"/emblem\", height: 1cm, alt: \"emblem\")";
        let pdf = engine
            .pdf(emblem, b"{}".to_vec(), None, Some(png.clone()), Vec::new())
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let err = engine
            .pdf(emblem, b"{}".to_vec(), Some(png), None, Vec::new())
            .unwrap_err();
        assert!(matches!(err, DocsError::Template { .. }), "{err:?}");
    }

    #[test]
    fn images_are_virtual_files_in_the_order_given() {
        let engine = Engine::new().unwrap();
        let square = |fill: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" width=\"1\" \
                 height=\"1\"><rect width=\"1\" height=\"1\" fill=\"{fill}\"/></svg>"
            )
            .into_bytes()
        };
        let main = "#set document(title: \"t\")\n\
                    #image(\"/image-1\", format: \"svg\", width: 1cm, alt: \"1\")\n\
                    #image(\"/image-2\", format: \"svg\", width: 1cm, alt: \"2\")";
        let pdf = engine
            .pdf(
                main,
                b"{}".to_vec(),
                None,
                None,
                vec![square("#000000"), square("#ffffff")],
            )
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let one = engine.pdf(main, b"{}".to_vec(), None, None, vec![square("#000000")]);
        assert!(matches!(one, Err(DocsError::Template { .. })), "{one:?}");
        let three = engine.pdf(
            "",
            b"{}".to_vec(),
            None,
            None,
            vec![square("#000000"); MAX_IMAGES + 1],
        );
        assert!(
            matches!(three, Err(DocsError::Template { .. })),
            "{three:?}"
        );
    }

    #[test]
    fn only_fixed_paths_exist() {
        let engine = Engine::new().unwrap();
        let main = "#import \"official.typ\": *\n#show: official.with()\n#read(\"/etc/passwd\")";
        let err = engine
            .pdf(main, b"{}".to_vec(), None, None, Vec::new())
            .unwrap_err();
        assert!(matches!(err, DocsError::Template { .. }), "{err:?}");
    }
}

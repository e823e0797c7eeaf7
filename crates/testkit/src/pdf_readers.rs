//! The PDF readers a published document must read right in: poppler
//! (`pdftotext`, inside Evince and most Linux tools), MuPDF (through PyMuPDF),
//! pypdf (the usual Python indexer) and pdf.js (the reader inside Firefox and
//! many web viewers, from npm's `pdfjs-dist`). Each runs as its own program on
//! a file, as a user's software would.
//!
//! pdf.js is found at `$PRONGSAI_PDFJS` (the path of its
//! `legacy/build/pdf.mjs`), else where `.ci/run` installs it. A missing reader
//! skips the check unless `PRONGSAI_REQUIRE_TOOLS=1` (see [`crate::files::have_tool`]).

use std::path::PathBuf;
use std::process::Command;

/// One of the four readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfReader {
    Poppler,
    MuPdf,
    Pypdf,
    PdfJs,
}

impl PdfReader {
    /// Every reader, in the order above.
    pub const ALL: [Self; 4] = [Self::Poppler, Self::MuPdf, Self::Pypdf, Self::PdfJs];
}

/// Where `.ci/run` installs pdf.js when `$PRONGSAI_PDFJS` is not set.
const PDFJS_DEFAULT: &str =
    "/opt/prongsai-tools/pdfjs/node_modules/pdfjs-dist/legacy/build/pdf.mjs";

/// Prints every page's text items, one page after another.
const PDFJS_SCRIPT: &str = r#"
const [pdfjsPath, file] = process.argv.slice(1);
const { getDocument } = await import(pdfjsPath);
const fs = await import('fs');
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
let out = '';
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  for (const item of content.items) out += item.str + (item.hasEOL ? '\n' : '');
  out += '\n\f';
}
process.stdout.write(out);
"#;

const MUPDF_SCRIPT: &str = "import sys, pymupdf\n\
sys.stdout.write(''.join(page.get_text() + '\\f' for page in pymupdf.open(sys.argv[1])))";

const PYPDF_SCRIPT: &str = "import sys, pypdf\n\
sys.stdout.write(''.join(page.extract_text() + '\\f' for page in pypdf.PdfReader(sys.argv[1]).pages))";

fn pdfjs_module() -> PathBuf {
    std::env::var_os("PRONGSAI_PDFJS").map_or_else(|| PathBuf::from(PDFJS_DEFAULT), PathBuf::from)
}

/// Whether `reader` can run here; a missing one fails under
/// `PRONGSAI_REQUIRE_TOOLS=1`.
pub fn have_reader(reader: PdfReader) -> bool {
    let found = match reader {
        PdfReader::Poppler => Command::new("pdftotext").arg("-v").output().is_ok(),
        PdfReader::MuPdf => python_has("pymupdf"),
        PdfReader::Pypdf => python_has("pypdf"),
        PdfReader::PdfJs => {
            pdfjs_module().is_file() && Command::new("node").arg("--version").output().is_ok()
        }
    };
    if !found {
        if std::env::var("PRONGSAI_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{reader:?} is required (PRONGSAI_REQUIRE_TOOLS=1) but not installed");
        }
        eprintln!("skipped: {reader:?} is not installed");
    }
    found
}

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// The text `reader` extracts from `pdf`, pages ended by form feeds.
///
/// # Panics
/// When the reader fails on the file.
pub fn pdf_text_with(reader: PdfReader, pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut command = match reader {
        PdfReader::Poppler => {
            let mut c = Command::new("pdftotext");
            c.args(["-raw", "-enc", "UTF-8"]).arg(&path).arg("-");
            c
        }
        PdfReader::MuPdf | PdfReader::Pypdf => {
            let script = if reader == PdfReader::MuPdf {
                MUPDF_SCRIPT
            } else {
                PYPDF_SCRIPT
            };
            let mut c = Command::new("python3");
            c.env("PYTHONIOENCODING", "utf-8")
                .args(["-c", script])
                .arg(&path);
            c
        }
        PdfReader::PdfJs => {
            let mut c = Command::new("node");
            c.args(["--input-type=module", "-e", PDFJS_SCRIPT])
                .arg(pdfjs_module())
                .arg(&path);
            c
        }
    };
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{reader:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

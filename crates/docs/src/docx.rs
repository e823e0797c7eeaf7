//! Word (DOCX) versions of the documents, for agencies that edit before signing.
//!
//! [`DocxBuilder`] lays a document out like `templates/official.typ` does for the
//! PDF: A4, official margins, Sarabun at the calibrated body size, first-line
//! indents, tables with a repeated, shaded header row and fixed column widths so
//! long text wraps. Two things docx-rs 0.4 cannot write are added by a small
//! post-processing step on the packed XML:
//!
//! - `w:lang` (th-TH) in the document defaults, so Word picks Thai proofing and
//!   Thai line breaking;
//! - `w:tblHeader` on header rows, so Word and LibreOffice repeat them on every
//!   page. Header rows are written with `w:cantSplit`, which no other row uses,
//!   and the step adds `w:tblHeader` next to it;
//! - `w:cantSplit` on the body rows of a table whose rows must stay whole. They
//!   are written with a row height of one twip (a height no row is given
//!   otherwise), which the step replaces with `w:cantSplit`.
//!
//! The Thai font goes into all four font slots (ASCII, high ANSI, complex script
//! and East Asian): Word formats Thai text with the complex-script slot and would
//! otherwise fall back to Tahoma or Angsana New.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, HeightRule, LineSpacing, PageMargin, PageNum,
    PageNumType, PageOrientationType, Paragraph, Run, RunFonts, Shading, SpecialIndentType, Table,
    TableCell, TableLayoutType, TableRow, WidthType,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::DocsError;
use crate::fonts::{BODY_SIZE_PT, FONT_FAMILY};

/// Twentieths of a point per centimetre.
const TWIPS_PER_CM: f32 = 567.0;
/// A4 in twips.
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
/// The official margins in centimetres.
const MARGIN_LEFT_CM: f32 = 3.0;
const MARGIN_RIGHT_CM: f32 = 2.0;
const MARGIN_TOP_CM: f32 = 2.5;
const MARGIN_BOTTOM_CM: f32 = 2.0;
/// The official first-line indent.
const INDENT_CM: f32 = 2.5;
/// Fill of table header cells, as in the PDF.
const HEADER_FILL: &str = "EBEBEB";

/// The size of the memo form's name: 1.8 times the body, as in the PDF.
const MEMO_TITLE_HALF_POINTS: usize = (BODY_SIZE_PT * 2 * 9 / 5) as usize;
/// The note in the emblem's place: 0.8 times the body, grey, as in the PDF.
const NOTE_HALF_POINTS: usize = (BODY_SIZE_PT * 2 * 4 / 5) as usize;
const NOTE_COLOUR: &str = "505050";

/// What docx-rs writes for `w:cantSplit` (header rows only).
const CANT_SPLIT_XML: &str = "<w:cantSplit />";
/// The marker of a body row kept whole: a height of one twip, at least.
const WHOLE_ROW_TWIPS: f32 = 1.0;
const WHOLE_ROW_XML: &str = "<w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />";
/// What docx-rs writes for the section's page numbering.
const PAGE_NUM_TYPE_XML: &str = "<w:pgNumType w:start=\"1\" />";
/// The end of the document-wide run defaults in `styles.xml`.
const RUN_DEFAULTS_END: &str = "</w:rPr></w:rPrDefault>";
/// Thai language for Latin, East Asian and complex-script text.
const LANG_XML: &str = "<w:lang w:val=\"th-TH\" w:eastAsia=\"th-TH\" w:bidi=\"th-TH\" />";

fn twips(cm: f32) -> i32 {
    // Centimetre values here are small page measures, far inside i32's range.
    (cm * TWIPS_PER_CM).round() as i32
}

/// Width of the text area between the margins of a page `page_width` twips wide.
fn text_width(page_width: u32) -> i32 {
    page_width as i32 - twips(MARGIN_LEFT_CM) - twips(MARGIN_RIGHT_CM)
}

/// Half-points, the unit of DOCX font sizes.
fn half_points(pt: u32) -> usize {
    (pt * 2) as usize
}

fn thai_fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT_FAMILY)
        .hi_ansi(FONT_FAMILY)
        .cs(FONT_FAMILY)
        .east_asia(FONT_FAMILY)
}

/// How a table column aligns its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellAlign {
    /// Text start (left for Thai).
    Start,
    /// Centred.
    Center,
    /// Text end: numbers.
    End,
}

impl CellAlign {
    fn docx(self) -> AlignmentType {
        match self {
            Self::Start => AlignmentType::Left,
            Self::Center => AlignmentType::Center,
            Self::End => AlignmentType::Right,
        }
    }
}

/// One table column: its title, its share of the text width and its alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    /// Header text.
    pub title: &'a str,
    /// Relative width; the widths of a table are scaled to fill the text width.
    pub weight: f32,
    /// Alignment of the body cells.
    pub align: CellAlign,
}

/// Builds an official Thai document as DOCX, one block at a time.
#[derive(Debug)]
pub struct DocxBuilder {
    docx: Docx,
    thai_digits: bool,
    /// Page width in twips: A4's width, or its height on landscape pages.
    page_width: u32,
}

impl DocxBuilder {
    /// An empty A4 document with the official margins and fonts. `thai_digits`
    /// chooses the page-number digits.
    #[must_use]
    pub fn new(thai_digits: bool) -> Self {
        Self::with_page(thai_digits, A4_WIDTH, A4_HEIGHT)
    }

    /// [`DocxBuilder::new`] on landscape A4 pages, for tables too wide for
    /// portrait (the annual report's seven columns); the official margins stay
    /// on the same sides.
    #[must_use]
    pub fn landscape(thai_digits: bool) -> Self {
        let mut builder = Self::with_page(thai_digits, A4_HEIGHT, A4_WIDTH);
        builder.docx = builder.docx.page_orient(PageOrientationType::Landscape);
        builder
    }

    fn with_page(thai_digits: bool, width: u32, height: u32) -> Self {
        let page_number = Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text("- "))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" -")),
        );
        let docx = Docx::new()
            .page_size(width, height)
            .page_margin(
                PageMargin::new()
                    .top(twips(MARGIN_TOP_CM))
                    .bottom(twips(MARGIN_BOTTOM_CM))
                    .left(twips(MARGIN_LEFT_CM))
                    .right(twips(MARGIN_RIGHT_CM))
                    .header(twips(1.25))
                    .footer(twips(1.0)),
            )
            .default_fonts(thai_fonts())
            .default_size(half_points(BODY_SIZE_PT))
            .page_num_type(PageNumType::new().start(1))
            // Page numbers from the second page on, as the official layout has it.
            .header(page_number)
            .first_header(Header::new())
            .title_pg();
        Self {
            docx,
            thai_digits,
            page_width: width,
        }
    }

    fn push(mut self, paragraph: Paragraph) -> Self {
        self.docx = self.docx.add_paragraph(paragraph);
        self
    }

    /// A centred bold line, for titles.
    #[must_use]
    pub fn title_line(self, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(text).bold()),
        )
    }

    /// A bold section heading kept with the next block.
    #[must_use]
    pub fn heading(self, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(200).after(80))
                .add_run(Run::new().add_text(text).bold()),
        )
    }

    /// A justified body paragraph with the official first-line indent.
    #[must_use]
    pub fn paragraph(self, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(twips(INDENT_CM))),
                    None,
                    None,
                )
                .add_run(Run::new().add_text(text)),
        )
    }

    /// A paragraph aligned to the end of the line, e.g. a date.
    #[must_use]
    pub fn end_aligned(self, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(Run::new().add_text(text)),
        )
    }

    /// A numbered list, numbered with the document's digits.
    #[must_use]
    pub fn numbered_list(mut self, items: &[String]) -> Self {
        let hang = twips(0.75);
        for (index, item) in items.iter().enumerate() {
            let number = prongsai_core::thai::digits::digits_for(
                &format!("{}.", index + 1),
                self.thai_digits,
            );
            self = self.push(
                Paragraph::new()
                    .indent(
                        Some(hang),
                        Some(SpecialIndentType::Hanging(hang)),
                        None,
                        None,
                    )
                    .add_run(Run::new().add_text(number).add_tab().add_text(item)),
            );
        }
        self
    }

    /// A boxed notice: a one-cell table with a bold label.
    #[must_use]
    pub fn notice(mut self, label: &str, text: &str) -> Self {
        let cell = TableCell::new()
            .width(
                text_width(self.page_width).unsigned_abs() as usize,
                WidthType::Dxa,
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(label).bold())
                    .add_run(Run::new().add_text(format!(" {text}"))),
            );
        self.docx = self.docx.add_table(
            Table::new(vec![TableRow::new(vec![cell])])
                .layout(TableLayoutType::Fixed)
                .width(
                    text_width(self.page_width).unsigned_abs() as usize,
                    WidthType::Dxa,
                ),
        );
        self
    }

    /// A table whose header row repeats on every page. `rows` shorter than the
    /// columns are padded; an empty `rows` prints one row saying `empty`.
    #[must_use]
    pub fn table(self, columns: &[Column<'_>], rows: &[Vec<String>], empty: &str) -> Self {
        self.add_table(columns, rows, empty, false)
    }

    /// A [`table`](Self::table) whose rows never split across pages: for short
    /// rows that belong together, such as a signature and its date. (A long
    /// row may split, or Word would cut it off at the page's foot.)
    #[must_use]
    pub fn table_of_whole_rows(
        self,
        columns: &[Column<'_>],
        rows: &[Vec<String>],
        empty: &str,
    ) -> Self {
        self.add_table(columns, rows, empty, true)
    }

    fn add_table(
        mut self,
        columns: &[Column<'_>],
        rows: &[Vec<String>],
        empty: &str,
        whole_rows: bool,
    ) -> Self {
        if columns.is_empty() {
            return self;
        }
        let total: f32 = columns.iter().map(|c| c.weight.max(0.0)).sum();
        let widths: Vec<usize> = columns
            .iter()
            .map(|c| {
                let share = if total > 0.0 {
                    c.weight.max(0.0) / total
                } else {
                    1.0 / columns.len() as f32
                };
                (share * text_width(self.page_width) as f32).round() as usize
            })
            .collect();

        let header = TableRow::new(
            columns
                .iter()
                .zip(&widths)
                .map(|(column, width)| {
                    TableCell::new()
                        .width(*width, WidthType::Dxa)
                        .shading(Shading::new().fill(HEADER_FILL))
                        .add_paragraph(
                            Paragraph::new()
                                .align(AlignmentType::Center)
                                .add_run(Run::new().add_text(column.title).bold()),
                        )
                })
                .collect(),
        )
        .cant_split();

        let mut table_rows = vec![header];
        if rows.is_empty() {
            table_rows.push(TableRow::new(vec![
                TableCell::new()
                    .grid_span(columns.len())
                    .width(widths.iter().sum(), WidthType::Dxa)
                    .add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_text(empty)),
                    ),
            ]));
        }
        for row in rows {
            let cells = columns
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(index, (column, width))| {
                    let text = row.get(index).map_or("", String::as_str);
                    let mut paragraph = Paragraph::new().align(column.align.docx());
                    for (line_no, line) in text.split('\n').enumerate() {
                        let mut run = Run::new();
                        if line_no > 0 {
                            run = run.add_break(BreakType::TextWrapping);
                        }
                        paragraph = paragraph.add_run(run.add_text(line));
                    }
                    TableCell::new()
                        .width(*width, WidthType::Dxa)
                        .add_paragraph(paragraph)
                })
                .collect();
            let row = TableRow::new(cells);
            table_rows.push(if whole_rows {
                row.row_height(WHOLE_ROW_TWIPS)
                    .height_rule(HeightRule::AtLeast)
            } else {
                row
            });
        }
        self.docx = self.docx.add_table(
            Table::new(table_rows)
                .set_grid(widths.clone())
                .layout(TableLayoutType::Fixed)
                .width(widths.iter().sum(), WidthType::Dxa),
        );
        self
    }

    /// A line in two columns: `left` starting `indent_cm` from the margin and
    /// `right` at a tab stop `tab_cm` from it, e.g. a committee member and the
    /// member's role, or (with an empty `left`) a signature line right of centre.
    #[must_use]
    pub fn tabbed_line(self, left: &str, right: &str, indent_cm: f32, tab_cm: f32) -> Self {
        let stop = docx_rs::Tab::new()
            .val(docx_rs::TabValueType::Left)
            .pos(twips(tab_cm).unsigned_abs() as usize);
        self.push(
            Paragraph::new()
                .indent(Some(twips(indent_cm)), None, None, None)
                .add_tab(stop)
                .add_run(Run::new().add_text(left).add_tab().add_text(right)),
        )
    }

    /// An area `height_cm` high across the page for the ครุฑ of an order or a
    /// logo: `png` centred in it, scaled to its height, when it is a PNG whose
    /// size can be read (the only format docx-rs embeds without decoding);
    /// otherwise the note `missing` (empty for none), small and centred, in its
    /// place.
    #[must_use]
    pub fn emblem_area(self, png: Option<&[u8]>, height_cm: f32, missing: &str) -> Self {
        let paragraph = Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(at_least(height_cm))
            .add_run(emblem_run(png, height_cm).unwrap_or_else(|| note_run(missing)));
        self.push(paragraph)
    }

    /// The head of a บันทึกข้อความ: the ครุฑ `height_cm` high at the left margin
    /// (or the note `missing` there) and `title` large and bold, centred on the
    /// page on the line of the emblem's foot, as the PDF has it.
    #[must_use]
    pub fn memo_head(self, png: Option<&[u8]>, height_cm: f32, missing: &str, title: &str) -> Self {
        let centre = docx_rs::Tab::new()
            .val(docx_rs::TabValueType::Center)
            .pos((text_width(self.page_width) / 2).unsigned_abs() as usize);
        let paragraph = Paragraph::new()
            .line_spacing(at_least(height_cm))
            .add_tab(centre)
            .add_run(emblem_run(png, height_cm).unwrap_or_else(|| note_run(missing)))
            .add_run(
                Run::new()
                    .add_tab()
                    .add_text(title)
                    .bold()
                    .size(MEMO_TITLE_HALF_POINTS),
            );
        self.push(paragraph)
    }

    /// Packs the document and applies the XML post-processing.
    pub fn build(self) -> Result<Vec<u8>, DocsError> {
        let mut packed = Cursor::new(Vec::new());
        self.docx
            .build()
            .pack(&mut packed)
            .map_err(|err| DocsError::Docx(err.to_string()))?;
        post_process(&packed.into_inner(), self.thai_digits)
    }
}

/// Line spacing of at least `height_cm`, so an emblem's line keeps its height
/// when the emblem is a note.
fn at_least(height_cm: f32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(docx_rs::LineSpacingType::AtLeast)
        .line(twips(height_cm))
}

/// `png` as an inline picture `height_cm` high, or `None` when it is not a PNG
/// whose size can be read.
fn emblem_run(png: Option<&[u8]>, height_cm: f32) -> Option<Run> {
    let png = png?;
    let (width_px, height_px) = png_size(png)?;
    // English Metric Units: 635 per twip.
    let height_emu = twips(height_cm).unsigned_abs() * 635;
    let width_emu =
        u32::try_from(u64::from(height_emu) * u64::from(width_px) / u64::from(height_px))
            .unwrap_or(height_emu);
    let picture = docx_rs::Pic::new_with_dimensions(png.to_vec(), width_px, height_px)
        .size(width_emu, height_emu);
    Some(Run::new().add_image(picture))
}

/// A note in the emblem's place, smaller than the body and grey.
fn note_run(text: &str) -> Run {
    Run::new()
        .add_text(text)
        .size(NOTE_HALF_POINTS)
        .color(NOTE_COLOUR)
}

/// The width and height of a PNG from its header, or `None` when `bytes` is not
/// a PNG or says it is empty.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    if bytes.get(..8)? != SIGNATURE || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let number = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let (width, height) = (number(16)?, number(20)?);
    (width > 0 && height > 0).then_some((width, height))
}

/// Rewrites `word/document.xml` and `word/styles.xml` inside the packed DOCX.
fn post_process(packed: &[u8], thai_digits: bool) -> Result<Vec<u8>, DocsError> {
    let docx_err = |err: zip::result::ZipError| DocsError::Docx(err.to_string());
    let mut archive = ZipArchive::new(Cursor::new(packed)).map_err(docx_err)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(packed.len())));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(docx_err)?;
        let name = entry.name().to_owned();
        let mut content = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .read_to_end(&mut content)
            .map_err(|err| DocsError::Docx(err.to_string()))?;
        let content = match name.as_str() {
            "word/document.xml" => patch_document(&content, thai_digits)?.into_bytes(),
            "word/styles.xml" => patch_styles(&content)?.into_bytes(),
            _ => content,
        };
        out.start_file(name, options).map_err(docx_err)?;
        out.write_all(&content)
            .map_err(|err| DocsError::Docx(err.to_string()))?;
    }
    Ok(out.finish().map_err(docx_err)?.into_inner())
}

fn utf8(content: &[u8]) -> Result<&str, DocsError> {
    std::str::from_utf8(content).map_err(|err| DocsError::Docx(err.to_string()))
}

fn patch_document(content: &[u8], thai_digits: bool) -> Result<String, DocsError> {
    let xml = utf8(content)?
        .replace(
            CANT_SPLIT_XML,
            "<w:cantSplit /><w:tblHeader w:val=\"true\" />",
        )
        .replace(WHOLE_ROW_XML, CANT_SPLIT_XML);
    if !thai_digits {
        return Ok(xml);
    }
    if !xml.contains(PAGE_NUM_TYPE_XML) {
        return Err(DocsError::Docx("page numbering not found".to_owned()));
    }
    Ok(xml.replace(
        PAGE_NUM_TYPE_XML,
        "<w:pgNumType w:start=\"1\" w:fmt=\"thaiNumbers\" />",
    ))
}

fn patch_styles(content: &[u8]) -> Result<String, DocsError> {
    let xml = utf8(content)?;
    let Some(at) = xml.find(RUN_DEFAULTS_END) else {
        return Err(DocsError::Docx("run defaults not found".to_owned()));
    };
    let mut patched = String::with_capacity(xml.len() + LANG_XML.len());
    patched.push_str(&xml[..at]);
    patched.push_str(LANG_XML);
    patched.push_str(&xml[at..]);
    Ok(patched)
}

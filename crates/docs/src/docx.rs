//! Word (DOCX) versions of the documents, for agencies that edit before signing.
//!
//! [`DocxBuilder`] lays a document out like the Typst templates do for the PDF,
//! so that the Word file prints on as many pages as the PDF: A4, official
//! margins, first-line indents, page breaks and landscape sections where the
//! PDF has them, tables with a repeated, shaded header row and fixed column
//! widths so long text wraps.
//!
//! The file is set the way a Thai government PC expects it, not the way the PDF
//! is: TH Sarabun New at the official 16 pt (the PDF embeds Sarabun, which draws
//! 16 pt's glyphs at 11 pt; a Word file cannot rely on Sarabun being installed,
//! and a clerk who changes the font must keep the official size). The font
//! table names TH SarabunPSK and then Sarabun as the alternatives, for PCs with
//! the older family or only the open one. Formatting lives in paragraph styles
//! (Title, Heading 1 to 3, TableText, the contents entries; Normal takes the
//! document defaults), so Word's navigation pane and a contents field work and a
//! clerk restyles a document in one place.
//!
//! Some things docx-rs 0.4 cannot write are added by a small post-processing
//! step on the packed XML:
//!
//! - `w:lang` (th-TH) in the document defaults, so Word picks Thai proofing and
//!   Thai line breaking;
//! - the font table's TH Sarabun New entry with its alternatives;
//! - `w:tblHeader` on header rows, so Word and LibreOffice repeat them on every
//!   page. Header rows are written with `w:cantSplit`, which no other row uses,
//!   and the step adds `w:tblHeader` next to it;
//! - `w:cantSplit` on the body rows of a table whose rows must stay whole. They
//!   are written with a row height of one twip (a height no row is given
//!   otherwise), which the step replaces with `w:cantSplit`;
//! - section breaks (a part on landscape pages): docx-rs writes one section per
//!   document, so the builder leaves a marker paragraph where a section ends and
//!   the step replaces it with a copy of the document's section properties in
//!   that section's orientation.
//!
//! The font goes into all four font slots (ASCII, high ANSI, complex script
//! and East Asian): Word formats Thai text with the complex-script slot and would
//! otherwise fall back to Tahoma or Angsana New; every size is written for the
//! complex script too (`w:szCs`).

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Header, HeightRule, InstrText, InstrToC,
    LineSpacing, PageMargin, PageNum, PageNumType, PageOrientationType, Paragraph, Run, RunFonts,
    Shading, SpecialIndentType, Style, StyleType, Table, TableCell, TableLayoutType, TableRow,
    WidthType,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::DocsError;

/// The font every run asks for: the family Thai government computers have.
pub const DOCX_FONT: &str = "TH Sarabun New";
/// The older family of the same design, on PCs without TH Sarabun New.
const FIRST_ALTERNATIVE: &str = "TH SarabunPSK";
/// The open redesign the PDF embeds, last in line.
const OPEN_ALTERNATIVE: &str = "Sarabun";

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

/// Sizes in half-points (the unit of DOCX sizes) of TH Sarabun New. The PDF's
/// sizes are multiples of its body size; these are the same multiples of the
/// official 16 pt.
/// Body text: 16 pt.
pub const BODY_HALF_POINTS: usize = 32;
/// Tables the PDF sets at 14 pt (the action plan's budget summary).
const SMALL_TABLE_HALF_POINTS: usize = 28;
/// Titles: 1.25 times the body, as the PDF's title blocks.
const TITLE_HALF_POINTS: usize = 40;
/// The memo form's labels (ส่วนราชการ, ที่, วันที่, เรื่อง): 20 pt.
const MEMO_LABEL_HALF_POINTS: usize = 40;
/// The memo form's name บันทึกข้อความ: 29 pt, as ระเบียบงานสารบรรณ sets it.
const MEMO_TITLE_HALF_POINTS: usize = 58;
/// The note in the emblem's place: 0.8 times the body, grey, as in the PDF.
const NOTE_HALF_POINTS: usize = 26;
const NOTE_COLOUR: &str = "505050";

/// The PDF's distance from line to line at the body size: 19 pt.
const BODY_LINE_TWIPS: i32 = 380;
/// The PDF's table cell insets: 0.25 em above and below, 0.35 em at the sides.
const CELL_MARGIN_Y_TWIPS: usize = 55;
const CELL_MARGIN_X_TWIPS: usize = 77;

/// Paragraph style ids.
const TITLE_STYLE: &str = "Title";
const HEADING_STYLES: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
const TABLE_TEXT_STYLE: &str = "TableText";
const SMALL_TABLE_TEXT_STYLE: &str = "TableTextSmall";
const TOC_STYLES: [&str; 2] = ["TOC1", "TOC2"];

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
/// Where the font table's entries end.
const FONTS_END: &str = "</w:fonts>";
/// Private-use characters around a section break's number: text no one types.
const SECTION_MARK_OPEN: char = '\u{e010}';
const SECTION_MARK_CLOSE: char = '\u{e011}';

fn twips(cm: f32) -> i32 {
    // Centimetre values here are small page measures, far inside i32's range.
    (cm * TWIPS_PER_CM).round() as i32
}

/// Each column's width in twips: its share of the weights of `full_width`
/// (equal shares when no column has a weight).
fn column_widths(columns: &[Column<'_>], full_width: f32) -> Vec<usize> {
    let total: f32 = columns.iter().map(|c| c.weight.max(0.0)).sum();
    columns
        .iter()
        .map(|c| {
            let share = if total > 0.0 {
                c.weight.max(0.0) / total
            } else {
                1.0 / columns.len() as f32
            };
            (share * full_width).round() as usize
        })
        .collect()
}

/// The header row: the titles, bold and centred on the PDF's grey, never split.
fn header_row(columns: &[Column<'_>], widths: &[usize], style: &str) -> TableRow {
    TableRow::new(
        columns
            .iter()
            .zip(widths)
            .map(|(column, width)| {
                TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .shading(Shading::new().fill(HEADER_FILL))
                    .add_paragraph(
                        Paragraph::new()
                            .style(style)
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_text(column.title).bold()),
                    )
            })
            .collect(),
    )
    .cant_split()
}

/// A body cell: `text` a line per line, aligned as its column, on `fill`
/// (hex RGB) when one is given.
fn body_cell(text: &str, column: &Column<'_>, width: usize, fill: &str, style: &str) -> TableCell {
    let mut paragraph = Paragraph::new().style(style).align(column.align.docx());
    for (line_no, line) in text.split('\n').enumerate() {
        let mut run = Run::new();
        if line_no > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        paragraph = paragraph.add_run(run.add_text(line));
    }
    let cell = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(paragraph);
    if fill.is_empty() {
        cell
    } else {
        cell.shading(Shading::new().fill(fill))
    }
}

/// Width of the text area between the margins of a page `page_width` twips wide.
fn text_width(page_width: u32) -> i32 {
    page_width as i32 - twips(MARGIN_LEFT_CM) - twips(MARGIN_RIGHT_CM)
}

fn thai_fonts() -> RunFonts {
    RunFonts::new()
        .ascii(DOCX_FONT)
        .hi_ansi(DOCX_FONT)
        .cs(DOCX_FONT)
        .east_asia(DOCX_FONT)
}

/// The paragraph styles the builder uses. Headings carry outline levels (Word's
/// navigation pane and the contents field read them) and keep with the next
/// paragraph, as the PDF's section headings stick to what follows.
fn styles() -> Vec<Style> {
    let heading = |level: usize, name: &str| {
        let mut style = Style::new(HEADING_STYLES[level], StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(BODY_HALF_POINTS)
            .line_spacing(LineSpacing::new().before(200).after(80))
            .outline_lvl(level);
        style.paragraph_property = style.paragraph_property.keep_next(true);
        style
    };
    let table_text = |id: &str, name: &str, size: usize| {
        let pitch = BODY_LINE_TWIPS * i32::try_from(size).unwrap_or(0)
            / i32::try_from(BODY_HALF_POINTS).unwrap_or(1);
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
            .size(size)
            .line_spacing(line_pitch(pitch).before(0).after(0))
    };
    let contents = |level: usize| {
        Style::new(TOC_STYLES[level], StyleType::Paragraph)
            .name(format!("toc {}", level + 1))
            .based_on("Normal")
            .next("Normal")
            .indent(Some(twips(0.75 * level as f32)), None, None, None)
            .line_spacing(LineSpacing::new().before(0).after(60))
    };
    vec![
        Style::new(TITLE_STYLE, StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(TITLE_HALF_POINTS)
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(0).after(60)),
        heading(0, "heading 1"),
        heading(1, "heading 2"),
        heading(2, "heading 3"),
        table_text(TABLE_TEXT_STYLE, "Table Text", BODY_HALF_POINTS),
        table_text(
            SMALL_TABLE_TEXT_STYLE,
            "Table Text Small",
            SMALL_TABLE_HALF_POINTS,
        ),
        contents(0),
        contents(1),
    ]
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
    /// Whether the current section is on landscape pages.
    landscape: bool,
    /// The orientation of each section ended so far (true: landscape).
    ended_sections: Vec<bool>,
    /// Whether the next paragraph starts a new page.
    break_before: bool,
}

/// How a table sets its rows.
#[derive(Debug, Clone, Copy, Default)]
struct TableKind {
    /// Rows never split across pages.
    whole_rows: bool,
    /// Cells at 14 pt instead of the body's 16.
    small: bool,
}

impl DocxBuilder {
    /// An empty A4 document with the official margins and fonts. `thai_digits`
    /// chooses the page-number digits.
    #[must_use]
    pub fn new(thai_digits: bool) -> Self {
        Self::with_orientation(thai_digits, false)
    }

    /// [`DocxBuilder::new`] on landscape A4 pages, for tables too wide for
    /// portrait (the annual report's seven columns); the official margins stay
    /// on the same sides.
    #[must_use]
    pub fn landscape(thai_digits: bool) -> Self {
        Self::with_orientation(thai_digits, true)
    }

    fn with_orientation(thai_digits: bool, landscape: bool) -> Self {
        let page_number = Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text("- "))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" -")),
        );
        let (width, height) = page_size(landscape);
        let mut docx = Docx::new()
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
            .default_size(BODY_HALF_POINTS)
            // The PDF's spacing: 19 pt from line to line (the single spacing
            // of TH Sarabun New 16 pt, kept when Word substitutes a font of
            // other metrics), a little more between paragraphs.
            .default_line_spacing(line_pitch(BODY_LINE_TWIPS).after(80))
            .page_num_type(PageNumType::new().start(1))
            // Page numbers from the second page on, as the official layout has it.
            .header(page_number)
            .first_header(Header::new())
            .title_pg();
        if landscape {
            docx = docx.page_orient(PageOrientationType::Landscape);
        }
        for style in styles() {
            docx = docx.add_style(style);
        }
        Self {
            docx,
            thai_digits,
            landscape,
            ended_sections: Vec::new(),
            break_before: false,
        }
    }

    /// Page width in twips: A4's width, or its height on landscape pages.
    fn page_width(&self) -> u32 {
        page_size(self.landscape).0
    }

    fn push(mut self, paragraph: Paragraph) -> Self {
        let paragraph = if self.break_before {
            paragraph.page_break_before(true)
        } else {
            paragraph
        };
        self.break_before = false;
        self.docx = self.docx.add_paragraph(paragraph);
        self
    }

    fn push_table(mut self, table: Table) -> Self {
        if self.break_before {
            // A table cannot start a page by itself: an empty paragraph does.
            self = self.push(Paragraph::new());
        }
        self.docx = self.docx.add_table(table);
        self
    }

    /// The next block starts a new page, as where the PDF breaks the page.
    #[must_use]
    pub fn page_break(mut self) -> Self {
        self.break_before = true;
        self
    }

    /// The blocks from here on are on landscape (`true`) or portrait pages,
    /// from a new page; nothing happens when the pages already are.
    #[must_use]
    pub fn orientation(mut self, landscape: bool) -> Self {
        if landscape == self.landscape {
            return self;
        }
        let number = self.ended_sections.len();
        self.ended_sections.push(self.landscape);
        self.break_before = false;
        self.docx = self.docx.add_paragraph(Paragraph::new().add_run(
            Run::new().add_text(format!("{SECTION_MARK_OPEN}{number}{SECTION_MARK_CLOSE}")),
        ));
        self.landscape = landscape;
        self
    }

    /// A line of the document's title: centred, large and bold (style Title).
    #[must_use]
    pub fn title_line(self, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .style(TITLE_STYLE)
                .add_run(Run::new().add_text(text)),
        )
    }

    /// The title of a part of the document, in the navigation pane and the
    /// contents (style Heading 1): centred like a title, its lines kept
    /// together in one paragraph.
    #[must_use]
    pub fn part_title(self, lines: &[&str]) -> Self {
        let mut run = Run::new();
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            run = run.add_text(*line);
        }
        self.push(
            Paragraph::new()
                .style(HEADING_STYLES[0])
                .align(AlignmentType::Center)
                .add_run(run.size(TITLE_HALF_POINTS)),
        )
    }

    /// A section heading (style Heading 1), kept with the next block.
    #[must_use]
    pub fn heading(self, text: &str) -> Self {
        self.heading_at(0, text)
    }

    /// A heading under a [`heading`](Self::heading) or a
    /// [`part_title`](Self::part_title) (style Heading 2).
    #[must_use]
    pub fn subheading(self, text: &str) -> Self {
        self.heading_at(1, text)
    }

    /// A heading under a [`subheading`](Self::subheading) (style Heading 3),
    /// left out of the contents.
    #[must_use]
    pub fn minor_heading(self, text: &str) -> Self {
        self.heading_at(2, text)
    }

    fn heading_at(self, level: usize, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .style(HEADING_STYLES[level])
                .add_run(Run::new().add_text(text)),
        )
    }

    /// A table of contents: `title`, then a Word contents field over headings
    /// 1 and 2 that Word fills with page numbers when it updates fields (it
    /// asks on opening). Until then the field shows `entries`, each a level
    /// (0 or 1) and a heading's text, so the page reads as contents in any
    /// program.
    #[must_use]
    pub fn contents(mut self, title: &str, entries: &[(usize, String)]) -> Self {
        self = self.title_line(title);
        let field = InstrToC::new().heading_styles_range(1, 2).hyperlink();
        let begin = Run::new()
            .add_field_char(FieldCharType::Begin, true)
            .add_instr_text(InstrText::TOC(field))
            .add_field_char(FieldCharType::Separate, false);
        let end = Run::new().add_field_char(FieldCharType::End, false);
        let last = entries.len().saturating_sub(1);
        if entries.is_empty() {
            return self.push(Paragraph::new().add_run(begin).add_run(end));
        }
        for (index, (level, text)) in entries.iter().enumerate() {
            let mut paragraph = Paragraph::new().style(TOC_STYLES[(*level).min(1)]);
            if index == 0 {
                paragraph = paragraph.add_run(begin.clone());
            }
            paragraph = paragraph.add_run(Run::new().add_text(text));
            if index == last {
                paragraph = paragraph.add_run(end.clone());
            }
            self = self.push(paragraph);
        }
        self
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

    /// `count` empty lines, e.g. the room for a signature.
    #[must_use]
    pub fn blank_lines(mut self, count: usize) -> Self {
        for _ in 0..count {
            self = self.push(Paragraph::new());
        }
        self
    }

    /// Lines of a signature block: each centred in the right part of the text
    /// width (from `indent_cm` on), as the PDF centres the signer's name and
    /// position in a box at the end of the line.
    #[must_use]
    pub fn signature(mut self, lines: &[&str], indent_cm: f32) -> Self {
        for line in lines {
            self = self.push(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .indent(Some(twips(indent_cm)), None, None, None)
                    .keep_next(true)
                    .add_run(Run::new().add_text(*line)),
            );
        }
        self
    }

    /// A header line of a memo form: `label` in the form's large bold type,
    /// then `value` at the body size.
    #[must_use]
    pub fn memo_field(self, label: &str, value: &str) -> Self {
        self.push(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(label)
                        .bold()
                        .size(MEMO_LABEL_HALF_POINTS),
                )
                .add_run(Run::new().add_text(format!(" {value}"))),
        )
    }

    /// Two memo header lines side by side on one line (ที่ and วันที่), the
    /// second from the middle of the text width.
    #[must_use]
    pub fn memo_field_pair(self, first: (&str, &str), second: (&str, &str)) -> Self {
        let middle = docx_rs::Tab::new()
            .val(docx_rs::TabValueType::Left)
            .pos((text_width(self.page_width()) / 2).unsigned_abs() as usize);
        let label = |text: &str| {
            Run::new()
                .add_text(text)
                .bold()
                .size(MEMO_LABEL_HALF_POINTS)
        };
        self.push(
            Paragraph::new()
                .add_tab(middle)
                .add_run(label(first.0))
                .add_run(Run::new().add_text(format!(" {}", first.1)).add_tab())
                .add_run(label(second.0))
                .add_run(Run::new().add_text(format!(" {}", second.1))),
        )
    }

    /// A plain line from the margin, without the first-line indent.
    #[must_use]
    pub fn line(self, text: &str) -> Self {
        self.push(Paragraph::new().add_run(Run::new().add_text(text)))
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
    pub fn notice(self, label: &str, text: &str) -> Self {
        let width = text_width(self.page_width()).unsigned_abs() as usize;
        let cell = TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new()
                .style(TABLE_TEXT_STYLE)
                .add_run(Run::new().add_text(label).bold())
                .add_run(Run::new().add_text(format!(" {text}"))),
        );
        self.push_table(
            Table::new(vec![TableRow::new(vec![cell])])
                .layout(TableLayoutType::Fixed)
                .width(width, WidthType::Dxa),
        )
    }

    /// A table whose header row repeats on every page. `rows` shorter than the
    /// columns are padded; an empty `rows` prints one row saying `empty`.
    #[must_use]
    pub fn table(self, columns: &[Column<'_>], rows: &[Vec<String>], empty: &str) -> Self {
        self.add_table(columns, rows, &[], empty, TableKind::default())
    }

    /// A [`table`](Self::table) at 14 pt, for the tables the PDF sets at 14 pt
    /// so that many columns fit.
    #[must_use]
    pub fn small_table(self, columns: &[Column<'_>], rows: &[Vec<String>], empty: &str) -> Self {
        let kind = TableKind {
            small: true,
            ..TableKind::default()
        };
        self.add_table(columns, rows, &[], empty, kind)
    }

    /// A [`table`](Self::table) whose cells are filled with colours: `fills`
    /// has a row of hex RGB colours ("#f4b183" or "F4B183") for each row,
    /// empty for no fill, e.g. risk levels on their colours as in the PDF.
    #[must_use]
    pub fn coloured_table(
        self,
        columns: &[Column<'_>],
        rows: &[Vec<String>],
        fills: &[Vec<String>],
        empty: &str,
    ) -> Self {
        self.add_table(columns, rows, fills, empty, TableKind::default())
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
        let kind = TableKind {
            whole_rows: true,
            ..TableKind::default()
        };
        self.add_table(columns, rows, &[], empty, kind)
    }

    fn add_table(
        self,
        columns: &[Column<'_>],
        rows: &[Vec<String>],
        fills: &[Vec<String>],
        empty: &str,
        kind: TableKind,
    ) -> Self {
        if columns.is_empty() {
            return self;
        }
        let style = if kind.small {
            SMALL_TABLE_TEXT_STYLE
        } else {
            TABLE_TEXT_STYLE
        };
        let widths = column_widths(columns, text_width(self.page_width()) as f32);
        let mut table_rows = vec![header_row(columns, &widths, style)];
        if rows.is_empty() {
            table_rows.push(TableRow::new(vec![
                TableCell::new()
                    .grid_span(columns.len())
                    .width(widths.iter().sum(), WidthType::Dxa)
                    .add_paragraph(
                        Paragraph::new()
                            .style(style)
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_text(empty)),
                    ),
            ]));
        }
        for (row_index, row) in rows.iter().enumerate() {
            let cells = columns
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(index, (column, width))| {
                    let fill = fills
                        .get(row_index)
                        .and_then(|colours| colours.get(index))
                        .map_or("", |colour| colour.trim_start_matches('#'));
                    body_cell(
                        row.get(index).map_or("", String::as_str),
                        column,
                        *width,
                        fill,
                        style,
                    )
                })
                .collect();
            let row = TableRow::new(cells);
            table_rows.push(if kind.whole_rows {
                row.row_height(WHOLE_ROW_TWIPS)
                    .height_rule(HeightRule::AtLeast)
            } else {
                row
            });
        }
        self.push_table(
            Table::new(table_rows)
                .set_grid(widths.clone())
                .margins(
                    docx_rs::TableCellMargins::new()
                        .margin_top(CELL_MARGIN_Y_TWIPS, WidthType::Dxa)
                        .margin_bottom(CELL_MARGIN_Y_TWIPS, WidthType::Dxa)
                        .margin_left(CELL_MARGIN_X_TWIPS, WidthType::Dxa)
                        .margin_right(CELL_MARGIN_X_TWIPS, WidthType::Dxa),
                )
                .layout(TableLayoutType::Fixed)
                .width(widths.iter().sum(), WidthType::Dxa),
        )
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
    /// (or the note `missing` there) and `title` at the form's 29 pt and bold,
    /// centred on the page on the line of the emblem's foot, as the PDF has it.
    #[must_use]
    pub fn memo_head(self, png: Option<&[u8]>, height_cm: f32, missing: &str, title: &str) -> Self {
        let centre = docx_rs::Tab::new()
            .val(docx_rs::TabValueType::Center)
            .pos((text_width(self.page_width()) / 2).unsigned_abs() as usize);
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
        let sections = Sections {
            ended: self.ended_sections,
            last: self.landscape,
        };
        post_process(&packed.into_inner(), self.thai_digits, &sections)
    }
}

/// A4's width and height in twips, turned for landscape pages.
fn page_size(landscape: bool) -> (u32, u32) {
    if landscape {
        (A4_HEIGHT, A4_WIDTH)
    } else {
        (A4_WIDTH, A4_HEIGHT)
    }
}

/// The orientation of every section: those ended by a break, then the last.
struct Sections {
    ended: Vec<bool>,
    last: bool,
}

/// Lines at least `twips` apart: the PDF's pitch, more for larger type.
fn line_pitch(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(docx_rs::LineSpacingType::AtLeast)
        .line(twips)
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

/// Rewrites `word/document.xml`, `word/styles.xml` and `word/fontTable.xml`
/// inside the packed DOCX.
fn post_process(
    packed: &[u8],
    thai_digits: bool,
    sections: &Sections,
) -> Result<Vec<u8>, DocsError> {
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
            "word/document.xml" => patch_document(&content, thai_digits, sections)?.into_bytes(),
            "word/styles.xml" => {
                insert_before(utf8(&content)?, RUN_DEFAULTS_END, LANG_XML)?.into_bytes()
            }
            "word/fontTable.xml" => {
                insert_before(utf8(&content)?, FONTS_END, &font_entries())?.into_bytes()
            }
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

/// `xml` with `insert` in front of the first `before`.
fn insert_before(xml: &str, before: &str, insert: &str) -> Result<String, DocsError> {
    let Some(at) = xml.find(before) else {
        return Err(DocsError::Docx(format!("{before} not found")));
    };
    let mut patched = String::with_capacity(xml.len() + insert.len());
    patched.push_str(&xml[..at]);
    patched.push_str(insert);
    patched.push_str(&xml[at..]);
    Ok(patched)
}

/// The font table's entries for the Thai font and its alternatives: Word
/// substitutes the alternative when a font is missing. Charset DE is Thai.
fn font_entries() -> String {
    [
        (DOCX_FONT, FIRST_ALTERNATIVE),
        (FIRST_ALTERNATIVE, OPEN_ALTERNATIVE),
    ]
    .iter()
    .map(|(name, alternative)| {
        format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alternative}\" />\
             <w:charset w:val=\"DE\" /><w:family w:val=\"swiss\" />\
             <w:pitch w:val=\"variable\" /></w:font>"
        )
    })
    .collect()
}

fn patch_document(
    content: &[u8],
    thai_digits: bool,
    sections: &Sections,
) -> Result<String, DocsError> {
    let mut xml = utf8(content)?
        .replace(
            CANT_SPLIT_XML,
            "<w:cantSplit /><w:tblHeader w:val=\"true\" />",
        )
        .replace(WHOLE_ROW_XML, CANT_SPLIT_XML);
    if thai_digits {
        if !xml.contains(PAGE_NUM_TYPE_XML) {
            return Err(DocsError::Docx("page numbering not found".to_owned()));
        }
        xml = xml.replace(
            PAGE_NUM_TYPE_XML,
            "<w:pgNumType w:start=\"1\" w:fmt=\"thaiNumbers\" />",
        );
    }
    if sections.ended.is_empty() {
        return Ok(xml);
    }
    let missing = || DocsError::Docx("section properties not found".to_owned());
    let start = xml.rfind("<w:sectPr>").ok_or_else(missing)?;
    let end = start + xml[start..].find("</w:sectPr>").ok_or_else(missing)? + "</w:sectPr>".len();
    let template = xml[start..end].to_owned();
    xml.replace_range(
        start..end,
        &section_properties(&template, sections.last, false)?,
    );
    for (number, landscape) in sections.ended.iter().enumerate() {
        let marker = format!("{SECTION_MARK_OPEN}{number}{SECTION_MARK_CLOSE}");
        let missing = || DocsError::Docx(format!("section break {number} not found"));
        let at = xml.find(&marker).ok_or_else(missing)?;
        let open = xml[..at]
            .rfind("<w:p ")
            .max(xml[..at].rfind("<w:p>"))
            .ok_or_else(missing)?;
        let close = at + xml[at..].find("</w:p>").ok_or_else(missing)? + "</w:p>".len();
        let properties = section_properties(&template, *landscape, number == 0)?;
        xml.replace_range(
            open..close,
            &format!("<w:p><w:pPr>{properties}</w:pPr></w:p>"),
        );
    }
    Ok(xml)
}

/// The document's section properties `template` for a section on landscape or
/// portrait pages. Only the first section has a first page without a number
/// and restarts the numbering; the others go on counting.
fn section_properties(template: &str, landscape: bool, first: bool) -> Result<String, DocsError> {
    let missing = || DocsError::Docx("page size not found".to_owned());
    let start = template.find("<w:pgSz ").ok_or_else(missing)?;
    let end = start + template[start..].find("/>").ok_or_else(missing)? + "/>".len();
    let (width, height) = page_size(landscape);
    let orient = if landscape {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    let mut properties = format!(
        "{}<w:pgSz w:w=\"{width}\" w:h=\"{height}\"{orient} />{}",
        &template[..start],
        &template[end..]
    );
    if !first {
        properties = properties
            .replace("<w:titlePg />", "")
            .replace("<w:pgNumType w:start=\"1\"", "<w:pgNumType");
    }
    Ok(properties)
}

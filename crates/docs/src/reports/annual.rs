//! The annual report (รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส
//! ภายในหน่วยงาน ประจำปีงบประมาณ …): per topic (ประเด็นที่ ๑ …) a seven-column table
//! of what each measure planned, who did it, what was done and what came of it,
//! optionally with the evidence links under each row's outcome.
//!
//! The PDF sets the whole report on landscape A4 pages (official margins, 24.7 cm
//! of text width instead of 16 cm). Seven columns on a portrait page get about
//! 2.3 cm each, some fifteen Thai characters a line: the long column titles break
//! into four or five lines and the seed's rows, already about two landscape pages
//! each, would grow far taller. The report is almost all table, so landscape from
//! the first page keeps the title and preamble on the same page as the first table
//! instead of alone on a portrait page. Every cell wraps (Thai by word, URLs at
//! their punctuation, Latin words too long for a column anywhere) and rows may
//! break across pages, so no text is clipped or runs out of its cell.
//! The DOCX is landscape too, with the same columns.
//!
//! DOCX hyperlinks need a relationship per URL, which the builder does not write:
//! each link goes into its cell as a placeholder line, and a last pass replaces
//! the placeholder run with a `w:hyperlink` and adds the relationship. The
//! relationship's target, like the PDF's, is the URI form of the address (ASCII:
//! punycode host, percent-encoded path); the text shown stays as typed.

use std::io::{Cursor, Read, Write};

use prongsai_core::web_link::to_uri;
use quick_xml::escape::escape;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::cell_lines;
use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// Everything the annual report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReportDocument {
    /// e.g. "องค์การบริหารส่วนตำบลดินแดง".
    pub agency_name: String,
    /// Printed after the name, e.g. "อำเภอลำทับ จังหวัดกระบี่".
    pub location: String,
    /// Buddhist-era fiscal year, formatted ("๒๕๖๘").
    pub fiscal_year: String,
    /// The paragraph before the tables (the ITA result and what follows).
    pub preamble: String,
    /// The topics in plan order.
    pub topics: Vec<AnnualReportTopic>,
    /// Whether each row's evidence links are printed under its outcome.
    pub with_links: bool,
    /// Whether page numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// One topic (ประเด็น) and its measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReportTopic {
    /// The topic's number, formatted ("๑").
    pub number: String,
    /// e.g. "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ".
    pub title: String,
    /// The measures in plan order.
    pub rows: Vec<AnnualReportRow>,
}

/// One measure's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReportRow {
    /// ลำดับ, formatted.
    pub number: String,
    /// มาตรการ/กิจกรรม.
    pub measure: String,
    /// ขั้นตอนหรือวิธีการปฏิบัติ, one paragraph each, numbered by the caller.
    pub steps: Vec<String>,
    /// ระยะเวลาในการดำเนินการ, e.g. "ไตรมาสที่ ๑ - ๒".
    pub timeframe: String,
    /// ผู้รับผิดชอบ, one line each.
    pub owners: Vec<String>,
    /// สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม, one paragraph each.
    pub result_summary: Vec<String>,
    /// ผลลัพธ์หรือความสำเร็จในการดำเนินการ, one paragraph each.
    pub outcome: Vec<String>,
    /// The evidence, printed only when the document asks for links.
    pub evidence: Vec<AnnualReportLink>,
}

/// An evidence link. The URL is printed exactly as given; the link's target
/// is its URI form ([`to_uri`]), which the template reads as `uri`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualReportLink {
    /// What the link shows; empty when it has no caption.
    pub label: String,
    /// The address.
    pub url: String,
}

const TITLE: &str = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";
const EVIDENCE_HEADING: &str = "หลักฐาน";
const NO_TOPICS: &str = "ยังไม่มีประเด็นและมาตรการในปีงบประมาณนี้";
const NO_ROWS: &str = "ยังไม่มีมาตรการในประเด็นนี้";

/// The seven column titles, shared by the three formats.
const HEADERS: [&str; 7] = [
    "ลำดับ",
    "มาตรการ/กิจกรรม",
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "ระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม",
    "ผลลัพธ์หรือความสำเร็จในการดำเนินการ",
];

impl AnnualReportDocument {
    fn title(&self) -> String {
        format!("{TITLE} ประจำปีงบประมาณ {}", self.fiscal_year)
    }

    fn agency_line(&self) -> String {
        if self.location.is_empty() {
            self.agency_name.clone()
        } else {
            format!("{} {}", self.agency_name, self.location)
        }
    }
}

impl AnnualReportTopic {
    fn heading(&self) -> String {
        format!("ประเด็นที่ {} {}", self.number, self.title)
    }
}

impl Serialize for AnnualReportLink {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut link = serializer.serialize_struct("AnnualReportLink", 3)?;
        link.serialize_field("label", &self.label)?;
        link.serialize_field("url", &self.url)?;
        link.serialize_field("uri", &to_uri(&self.url))?;
        link.end()
    }
}

impl AnnualReportLink {
    /// "label: url", or the URL alone.
    fn text(&self) -> String {
        if self.label.is_empty() {
            self.url.clone()
        } else {
            format!("{}: {}", self.label, self.url)
        }
    }
}

/// The annual report as a Word document with the same content as the PDF, the
/// evidence links (when asked for) as hyperlinks.
fn annual_report_docx(document: &AnnualReportDocument) -> Result<Vec<u8>, DocsError> {
    let weights = [0.9, 2.4, 3.6, 1.7, 1.9, 3.0, 3.0];
    let aligns = [
        CellAlign::Center,
        CellAlign::Start,
        CellAlign::Start,
        CellAlign::Center,
        CellAlign::Start,
        CellAlign::Start,
        CellAlign::Start,
    ];
    let columns: Vec<Column<'_>> = HEADERS
        .iter()
        .zip(weights)
        .zip(aligns)
        .map(|((title, weight), align)| Column {
            title,
            weight,
            align,
        })
        .collect();

    let mut links = Vec::new();
    let mut builder = DocxBuilder::landscape(document.thai_digits)
        .title_line(&document.title())
        .title_line(&document.agency_line())
        .paragraph(&document.preamble);
    if document.topics.is_empty() {
        builder = builder.paragraph(NO_TOPICS);
    }
    for topic in &document.topics {
        let rows: Vec<Vec<String>> = topic
            .rows
            .iter()
            .map(|row| {
                let mut outcome = cell_lines(&row.outcome);
                if document.with_links && !row.evidence.is_empty() {
                    if !outcome.is_empty() {
                        outcome.push('\n');
                    }
                    outcome.push_str(EVIDENCE_HEADING);
                    for link in &row.evidence {
                        outcome.push('\n');
                        outcome.push_str(&link_placeholder(links.len()));
                        links.push(link);
                    }
                }
                vec![
                    row.number.clone(),
                    row.measure.clone(),
                    cell_lines(&row.steps),
                    row.timeframe.clone(),
                    cell_lines(&row.owners),
                    cell_lines(&row.result_summary),
                    outcome,
                ]
            })
            .collect();
        builder = builder
            .heading(&topic.heading())
            .table(&columns, &rows, NO_ROWS);
    }
    let packed = builder.build()?;
    if links.is_empty() {
        return Ok(packed);
    }
    add_hyperlinks(&packed, &links)
}

/// The rows of every topic as one Excel sheet, with a column for the topic and,
/// when links are asked for, one for the evidence.
fn annual_report_xlsx(document: &AnnualReportDocument) -> Result<Vec<u8>, DocsError> {
    let widths = [30.0, 8.0, 35.0, 50.0, 18.0, 22.0, 45.0, 45.0];
    let mut columns: Vec<XlsxColumn<'_>> = std::iter::once("ประเด็น")
        .chain(HEADERS)
        .zip(widths)
        .map(|(title, width)| XlsxColumn { title, width })
        .collect();
    if document.with_links {
        columns.push(XlsxColumn {
            title: EVIDENCE_HEADING,
            width: 50.0,
        });
    }
    let rows: Vec<Vec<XlsxCell>> = document
        .topics
        .iter()
        .flat_map(|topic| topic.rows.iter().map(move |row| (topic, row)))
        .map(|(topic, row)| {
            let mut cells = vec![
                XlsxCell::Text(topic.heading()),
                XlsxCell::from_formatted(&row.number),
                XlsxCell::Text(row.measure.clone()),
                XlsxCell::Text(cell_lines(&row.steps)),
                XlsxCell::Text(row.timeframe.clone()),
                XlsxCell::Text(cell_lines(&row.owners)),
                XlsxCell::Text(cell_lines(&row.result_summary)),
                XlsxCell::Text(cell_lines(&row.outcome)),
            ];
            if document.with_links {
                let links: Vec<String> = row.evidence.iter().map(AnnualReportLink::text).collect();
                cells.push(XlsxCell::Text(cell_lines(&links)));
            }
            cells
        })
        .collect();
    let title = format!("{} {}", document.title(), document.agency_name);
    table_xlsx("รายงานผลประจำปี", Some(&title), &columns, &rows)
}

/// A line no one types: two private-use characters around the link's index.
fn link_placeholder(index: usize) -> String {
    format!("\u{e000}{index}\u{e001}")
}

/// The relationship id of the link with this index.
fn link_relationship(index: usize) -> String {
    format!("rIdProngsaiLink{index}")
}

/// Replaces every link placeholder in `word/document.xml` with a hyperlink run
/// and adds the hyperlink relationships.
fn add_hyperlinks(packed: &[u8], links: &[&AnnualReportLink]) -> Result<Vec<u8>, DocsError> {
    let docx_err = |err: zip::result::ZipError| DocsError::Docx(err.to_string());
    let io_err = |err: std::io::Error| DocsError::Docx(err.to_string());
    let mut archive = ZipArchive::new(Cursor::new(packed)).map_err(docx_err)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(packed.len())));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(docx_err)?;
        let name = entry.name().to_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).map_err(io_err)?;
        let content = match name.as_str() {
            "word/document.xml" => link_runs(utf8(&content)?, links)?.into_bytes(),
            "word/_rels/document.xml.rels" => {
                link_relationships(utf8(&content)?, links)?.into_bytes()
            }
            _ => content,
        };
        out.start_file(name, options).map_err(docx_err)?;
        out.write_all(&content).map_err(io_err)?;
    }
    Ok(out.finish().map_err(docx_err)?.into_inner())
}

/// The placeholder's text element closes its run; the replacement closes that
/// run (keeping its line break) and adds the caption and the hyperlink.
fn link_runs(xml: &str, links: &[&AnnualReportLink]) -> Result<String, DocsError> {
    let mut patched = xml.to_owned();
    for (index, link) in links.iter().enumerate() {
        let placeholder = format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            link_placeholder(index)
        );
        if patched.matches(&placeholder).count() != 1 {
            return Err(DocsError::Docx(format!(
                "evidence link {index} not found once in the document"
            )));
        }
        let mut runs = String::from("</w:r>");
        if !link.label.is_empty() {
            runs.push_str(&format!(
                "<w:r><w:t xml:space=\"preserve\">{}: </w:t></w:r>",
                escape(&link.label)
            ));
        }
        runs.push_str(&format!(
            "<w:hyperlink r:id=\"{}\"><w:r><w:rPr><w:color w:val=\"1F4E9C\" />\
             <w:u w:val=\"single\" /></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>\
             </w:hyperlink>",
            link_relationship(index),
            escape(&link.url)
        ));
        patched = patched.replacen(&placeholder, &runs, 1);
    }
    Ok(patched)
}

fn link_relationships(xml: &str, links: &[&AnnualReportLink]) -> Result<String, DocsError> {
    const END: &str = "</Relationships>";
    let Some(at) = xml.rfind(END) else {
        return Err(DocsError::Docx(
            "document relationships not found".to_owned(),
        ));
    };
    let mut patched = String::with_capacity(xml.len() + links.len() * 200);
    patched.push_str(&xml[..at]);
    for (index, link) in links.iter().enumerate() {
        patched.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"http://schemas.openxmlformats.org/\
             officeDocument/2006/relationships/hyperlink\" Target=\"{}\" \
             TargetMode=\"External\"/>",
            link_relationship(index),
            escape(to_uri(&link.url).as_str())
        ));
    }
    patched.push_str(&xml[at..]);
    Ok(patched)
}

fn utf8(content: &[u8]) -> Result<&str, DocsError> {
    std::str::from_utf8(content).map_err(|err| DocsError::Docx(err.to_string()))
}

impl OfficialDocument for AnnualReportDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::AnnualReport, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        annual_report_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        annual_report_xlsx(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_show_their_caption_when_they_have_one() {
        let link = AnnualReportLink {
            label: "คำสั่ง".to_owned(),
            url: "https://example.go.th/a?b=1&c=2".to_owned(),
        };
        assert_eq!(link.text(), "คำสั่ง: https://example.go.th/a?b=1&c=2");
        let bare = AnnualReportLink {
            label: String::new(),
            url: "https://example.go.th/".to_owned(),
        };
        assert_eq!(bare.text(), "https://example.go.th/");
    }

    #[test]
    fn a_placeholder_becomes_a_hyperlink_with_an_escaped_target() {
        let link = AnnualReportLink {
            label: "ภาพ <๑>".to_owned(),
            url: "https://example.go.th/?a=1&b=\"2\"".to_owned(),
        };
        let xml = format!(
            "<w:r><w:rPr /><w:br w:type=\"textWrapping\" />\
             <w:t xml:space=\"preserve\">{}</w:t></w:r>",
            link_placeholder(0)
        );
        let patched = link_runs(&xml, &[&link]).unwrap();
        assert_eq!(
            patched,
            "<w:r><w:rPr /><w:br w:type=\"textWrapping\" /></w:r>\
             <w:r><w:t xml:space=\"preserve\">ภาพ &lt;๑&gt;: </w:t></w:r>\
             <w:hyperlink r:id=\"rIdProngsaiLink0\"><w:r><w:rPr><w:color w:val=\"1F4E9C\" />\
             <w:u w:val=\"single\" /></w:rPr><w:t xml:space=\"preserve\">\
             https://example.go.th/?a=1&amp;b=&quot;2&quot;</w:t></w:r></w:hyperlink>"
        );
        let rels = link_relationships("<Relationships></Relationships>", &[&link]).unwrap();
        // The target is the URI (quotes percent-encoded), then escaped for XML.
        assert!(rels.contains("Target=\"https://example.go.th/?a=1&amp;b=%222%22\""));
        assert!(rels.ends_with("TargetMode=\"External\"/></Relationships>"));
    }

    #[test]
    fn a_missing_placeholder_is_an_error() {
        let link = AnnualReportLink {
            label: String::new(),
            url: "https://example.go.th/".to_owned(),
        };
        assert!(matches!(
            link_runs("<w:body />", &[&link]),
            Err(DocsError::Docx(_))
        ));
    }
}

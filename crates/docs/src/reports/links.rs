//! Evidence links as Word hyperlinks. A hyperlink needs a relationship per
//! URL, which the DOCX builder does not write: each link goes into its cell as
//! a placeholder line ([`Hyperlinks::placeholder`]), and a last pass
//! ([`Hyperlinks::apply`]) replaces the placeholder run with a `w:hyperlink`
//! and adds the relationship. The relationship's target, like the PDF's, is
//! the URI form of the address (ASCII: punycode host, percent-encoded path);
//! the text shown stays as typed.

use std::io::{Cursor, Read, Write};

use prongsai_core::web_link::to_uri;
use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{CellLine, ReportLink, cell_lines};
use crate::error::DocsError;

/// The links of one Word file, in the order their placeholders were handed out.
#[derive(Debug, Default)]
pub(super) struct Hyperlinks<'a> {
    links: Vec<&'a ReportLink>,
}

impl<'a> Hyperlinks<'a> {
    /// The line that stands for `link` in a cell until [`Hyperlinks::apply`].
    fn placeholder(&mut self, link: &'a ReportLink) -> String {
        let line = link_placeholder(self.links.len());
        self.links.push(link);
        line
    }

    /// A result cell of a Word file: its lines, each link as a placeholder.
    pub(super) fn cell(&mut self, lines: Vec<CellLine<'a>>) -> String {
        let lines: Vec<String> = lines
            .into_iter()
            .map(|line| match line {
                CellLine::Text(text) => text,
                CellLine::Link(link) => self.placeholder(link),
            })
            .collect();
        cell_lines(&lines)
    }

    /// The packed Word file with every placeholder made a hyperlink.
    pub(super) fn apply(&self, packed: Vec<u8>) -> Result<Vec<u8>, DocsError> {
        if self.links.is_empty() {
            return Ok(packed);
        }
        add_hyperlinks(&packed, &self.links)
    }
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
fn add_hyperlinks(packed: &[u8], links: &[&ReportLink]) -> Result<Vec<u8>, DocsError> {
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
fn link_runs(xml: &str, links: &[&ReportLink]) -> Result<String, DocsError> {
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

fn link_relationships(xml: &str, links: &[&ReportLink]) -> Result<String, DocsError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_becomes_a_hyperlink_with_an_escaped_target() {
        let link = ReportLink {
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
        let link = ReportLink {
            label: String::new(),
            url: "https://example.go.th/".to_owned(),
        };
        assert!(matches!(
            link_runs("<w:body />", &[&link]),
            Err(DocsError::Docx(_))
        ));
    }
}

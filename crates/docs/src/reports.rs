//! The reports on an agency's integrity measures: the annual report
//! (รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) and the
//! report of a round (รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
//! ภายในหน่วยงาน รอบ ๖ เดือน or รอบ ๑๒ เดือน).
//!
//! Like the analysis, each has a data contract of already-formatted text: its
//! builder (in `measures_cycle`) numbers the topics, rows and the paragraphs of
//! every list and chooses the digits, so the PDF template, the DOCX and the XLSX print the same words.
//! The two kinds live in their own modules because their tables differ; what
//! they share is here: a cell made of several paragraphs, the results of a
//! round each followed by its own evidence, the targets with what was achieved,
//! and the Word hyperlinks of that evidence.

mod annual;
mod half_year;
mod links;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use prongsai_core::web_link::to_uri;

pub use annual::{AnnualReportDocument, AnnualReportRow, AnnualReportTopic};
pub use half_year::{HalfYearReportDocument, HalfYearReportGroup, HalfYearReportRow};

/// One result of a measure in the round (a bullet of the result summary) with
/// the evidence that shows it, printed under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportResult {
    /// "๑." when the measure has several results and the text does not number
    /// itself; empty otherwise.
    pub marker: String,
    /// The result's text, one entry per line as typed; empty for evidence
    /// without a text of its own.
    pub lines: Vec<String>,
    /// Its evidence links, printed only when the document asks for links.
    pub links: Vec<ReportLink>,
}

/// A target of the measure (from the plan) and what the round achieved of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportTarget {
    /// e.g. "จัดอบรมให้ความรู้ ๓ ครั้ง".
    pub target: String,
    /// e.g. "๗๒ ราย"; empty when nothing was entered.
    pub achieved: String,
}

/// An evidence link. The URL is printed exactly as given; the link's target
/// is its URI form ([`to_uri`]), which the templates read as `uri`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLink {
    /// What the link shows; empty when it has no caption.
    pub label: String,
    /// The address.
    pub url: String,
}

impl Serialize for ReportLink {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut link = serializer.serialize_struct("ReportLink", 3)?;
        link.serialize_field("label", &self.label)?;
        link.serialize_field("url", &self.url)?;
        link.serialize_field("uri", &to_uri(&self.url))?;
        link.end()
    }
}

impl ReportLink {
    /// "label: url", or the URL alone.
    fn text(&self) -> String {
        if self.label.is_empty() {
            self.url.clone()
        } else {
            format!("{}: {}", self.label, self.url)
        }
    }
}

impl ReportResult {
    /// The first line after the marker, then the others.
    fn marked_lines(&self) -> Vec<String> {
        let mut lines = self.lines.clone();
        if let Some(first) = lines.first_mut()
            && !self.marker.is_empty()
        {
            *first = format!("{} {first}", self.marker);
        }
        lines
    }
}

impl ReportTarget {
    /// "เป้าหมาย: … ผลที่ได้: …", without the second part when nothing was achieved.
    fn text(&self) -> String {
        if self.achieved.is_empty() {
            format!("{TARGET_LABEL}: {}", self.target)
        } else {
            format!(
                "{TARGET_LABEL}: {} {ACHIEVED_LABEL}: {}",
                self.target, self.achieved
            )
        }
    }
}

/// The words before a target and what was achieved, in every format.
const TARGET_LABEL: &str = "เป้าหมาย";
const ACHIEVED_LABEL: &str = "ผลที่ได้";
/// The title of the spreadsheets' column of targets.
const TARGETS_COLUMN: &str = "เป้าหมายและผลที่ได้";

/// A line of a result cell in a Word file or a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CellLine<'a> {
    Text(String),
    /// An evidence link, on a line of its own under its result.
    Link(&'a ReportLink),
}

/// The lines of a result cell in a Word file or a spreadsheet: each result,
/// then (`with_links`) a line per evidence link under it, then the targets.
fn result_cell_lines<'a>(
    results: &'a [ReportResult],
    targets: &[ReportTarget],
    with_links: bool,
) -> Vec<CellLine<'a>> {
    let mut lines = Vec::new();
    for result in results {
        lines.extend(result.marked_lines().into_iter().map(CellLine::Text));
        if with_links {
            lines.extend(result.links.iter().map(CellLine::Link));
        }
    }
    lines.extend(targets.iter().map(|t| CellLine::Text(t.text())));
    lines
}

/// A result cell of a spreadsheet: each link indented under its result.
fn result_cell_text(lines: Vec<CellLine<'_>>) -> String {
    let lines: Vec<String> = lines
        .into_iter()
        .map(|line| match line {
            CellLine::Text(text) => text,
            CellLine::Link(link) => format!("    {}", link.text()),
        })
        .collect();
    cell_lines(&lines)
}

/// The spreadsheets' cell of targets, one per line.
fn targets_cell(targets: &[ReportTarget]) -> String {
    targets
        .iter()
        .map(ReportTarget::text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paragraphs of a table cell as one text, one paragraph per line: the DOCX
/// builder turns the line breaks into breaks inside the cell and a spreadsheet
/// shows them as lines of a wrapped cell.
fn cell_lines(paragraphs: &[String]) -> String {
    paragraphs.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(marker: &str, lines: &[&str], urls: &[&str]) -> ReportResult {
        ReportResult {
            marker: marker.to_owned(),
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
            links: urls
                .iter()
                .map(|url| ReportLink {
                    label: String::new(),
                    url: (*url).to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn each_link_follows_its_result_and_the_targets_come_last() {
        let results = [
            result(
                "๑.",
                &["จัดอบรม ๓ ครั้ง", "ผู้เข้าร่วม ๓๖ คน"],
                &["https://a.go.th/1"],
            ),
            result(
                "๒.",
                &["เผยแพร่คู่มือ"],
                &["https://a.go.th/2", "https://a.go.th/3"],
            ),
            result("", &[], &["https://a.go.th/4"]),
        ];
        let targets = [
            ReportTarget {
                target: "ผู้รับบริการ ๘๐ ราย".to_owned(),
                achieved: "๗๒ ราย".to_owned(),
            },
            ReportTarget {
                target: "อบรม".to_owned(),
                achieved: String::new(),
            },
        ];
        assert_eq!(
            result_cell_text(result_cell_lines(&results, &targets, true)),
            [
                "๑. จัดอบรม ๓ ครั้ง",
                "ผู้เข้าร่วม ๓๖ คน",
                "    https://a.go.th/1",
                "๒. เผยแพร่คู่มือ",
                "    https://a.go.th/2",
                "    https://a.go.th/3",
                "    https://a.go.th/4",
                "เป้าหมาย: ผู้รับบริการ ๘๐ ราย ผลที่ได้: ๗๒ ราย",
                "เป้าหมาย: อบรม",
            ]
            .join("\n")
        );
        assert_eq!(
            result_cell_text(result_cell_lines(&results, &[], false)),
            "๑. จัดอบรม ๓ ครั้ง\nผู้เข้าร่วม ๓๖ คน\n๒. เผยแพร่คู่มือ"
        );
        assert_eq!(
            targets_cell(&targets),
            "เป้าหมาย: ผู้รับบริการ ๘๐ ราย ผลที่ได้: ๗๒ ราย\nเป้าหมาย: อบรม"
        );
    }

    #[test]
    fn links_show_their_caption_when_they_have_one() {
        let link = ReportLink {
            label: "คำสั่ง".to_owned(),
            url: "https://example.go.th/a?b=1&c=2".to_owned(),
        };
        assert_eq!(link.text(), "คำสั่ง: https://example.go.th/a?b=1&c=2");
        let bare = ReportLink {
            label: String::new(),
            url: "https://example.go.th/".to_owned(),
        };
        assert_eq!(bare.text(), "https://example.go.th/");
    }

    #[test]
    fn cell_lines_puts_each_paragraph_on_its_own_line() {
        let paragraphs = vec!["๑. หนึ่ง".to_owned(), "๒. สอง".to_owned()];
        assert_eq!(cell_lines(&paragraphs), "๑. หนึ่ง\n๒. สอง");
        assert_eq!(cell_lines(&[]), "");
    }
}

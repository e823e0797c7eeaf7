//! Thai justification: a justified line spreads its slack between clusters as
//! well as at spaces (Typst's tracking limits, set in `official.typ`), so no
//! gap on a justified line is as wide as two normal spaces, the rule the issue
//! sets against word-only justification ("มิชอบ   (พ.ศ.๒๕๖๑   –   ๒๕๘๐)").
//! Measured from the glyph positions poppler reads (`pdftotext -bbox`).

use prongsai_docs::{DocumentFormat, Renderer, action_plan_document};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::{WordBox, have_tool, pdf_word_boxes, save_artifact};

/// Sarabun's space is 0.243 em; the body is set at 11 pt.
const NORMAL_SPACE_PT: f64 = 0.243 * 11.0;
/// The official right margin, 2 cm.
const RIGHT_MARGIN_PT: f64 = 2.0 / 2.54 * 72.0;

/// The widest gap between two words of each line that reaches the right
/// margin (a justified line), with the line's text.
fn widest_gaps(words: &[WordBox]) -> Vec<(f64, String)> {
    let mut lines: Vec<Vec<&WordBox>> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if line[0].page == word.page && (line[0].y_min - word.y_min).abs() < 1.0 => {
                line.push(word);
            }
            _ => lines.push(vec![word]),
        }
    }
    lines
        .into_iter()
        .filter(|line| line.len() > 1)
        // A contents line's dot leaders are a fill, not justified text.
        .filter(|line| line.iter().filter(|w| w.text == ".").count() * 2 < line.len())
        .filter(|line| {
            let right = line.iter().map(|w| w.x_max).fold(f64::MIN, f64::max);
            (line[0].page_width - RIGHT_MARGIN_PT - right).abs() < 1.0
        })
        .map(|mut line| {
            line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
            let widest = line
                .windows(2)
                .map(|pair| pair[1].x_min - pair[0].x_max)
                .fold(0.0, f64::max);
            let text = line
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (widest, text)
        })
        .collect()
}

#[test]
fn no_justified_line_has_a_gap_of_two_spaces() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let agency = plan_fixture::agency(true);
    let document = action_plan_document(&plan_fixture::plan(&agency), None, &agency);
    let pdf =
        prongsai_docs::render_blocking(&Renderer::new().unwrap(), &document, DocumentFormat::Pdf)
            .unwrap();
    save_artifact("justification-action-plan.pdf", &pdf);
    let gaps = widest_gaps(&pdf_word_boxes(&pdf));
    assert!(
        gaps.len() > 100,
        "the plan has many justified lines: {}",
        gaps.len()
    );
    let too_wide: Vec<_> = gaps
        .iter()
        .filter(|(gap, _)| *gap >= 2.0 * NORMAL_SPACE_PT)
        .collect();
    assert!(
        too_wide.is_empty(),
        "{} of {} justified lines have a gap of two spaces or more, e.g. {:?}",
        too_wide.len(),
        gaps.len(),
        &too_wide[..too_wide.len().min(3)]
    );
}

//! Formatted text as people type it in a text area: paragraphs separated by blank
//! lines, and lists whose lines start with "- ", "• ", "(1)", "1)" or "1.". The
//! introduction of an action plan is written this way, and the documents print
//! paragraphs as paragraphs and list items as hanging items with their markers.

use serde::Serialize;

/// A paragraph or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "content")]
pub enum TextBlock {
    /// Lines joined into one paragraph.
    Paragraph(String),
    /// List items, each with the marker the user typed ("(1)", "1)", "-").
    List(Vec<ListItem>),
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListItem {
    /// "(1)", "1)", "1." as typed, or "•" for a dash or bullet.
    pub marker: String,
    pub text: String,
}

/// Splits typed text into paragraphs and lists.
#[must_use]
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<ListItem> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            flush_paragraph(&mut blocks, &mut paragraph);
            flush_list(&mut blocks, &mut items);
        } else if let Some(item) = list_item(line) {
            flush_paragraph(&mut blocks, &mut paragraph);
            items.push(item);
        } else if let Some(last) = items.last_mut().filter(|_| paragraph.is_empty()) {
            last.text.push(' ');
            last.text.push_str(line);
        } else {
            paragraph.push(line);
        }
    }
    flush_paragraph(&mut blocks, &mut paragraph);
    flush_list(&mut blocks, &mut items);
    blocks
}

fn flush_paragraph(blocks: &mut Vec<TextBlock>, lines: &mut Vec<&str>) {
    if !lines.is_empty() {
        blocks.push(TextBlock::Paragraph(lines.join(" ")));
        lines.clear();
    }
}

fn flush_list(blocks: &mut Vec<TextBlock>, items: &mut Vec<ListItem>) {
    if !items.is_empty() {
        blocks.push(TextBlock::List(std::mem::take(items)));
    }
}

fn list_item(line: &str) -> Option<ListItem> {
    for bullet in ["- ", "• ", "* "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            // "- (1) text" as the seed's extraction writes it keeps the number.
            return Some(list_item(rest.trim()).unwrap_or_else(|| ListItem {
                marker: "•".to_owned(),
                text: rest.trim().to_owned(),
            }));
        }
    }
    let (marker, rest) = numbered_marker(line)?;
    Some(ListItem {
        marker: marker.to_owned(),
        text: rest.trim().to_owned(),
    })
}

/// "(1) x", "1) x", "1. x" with Thai or Arabic digits; the marker and the rest.
fn numbered_marker(line: &str) -> Option<(&str, &str)> {
    let is_digit = |c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c);
    let body = line.strip_prefix('(').unwrap_or(line);
    let digits_len: usize = body
        .chars()
        .take_while(|c| is_digit(*c))
        .map(char::len_utf8)
        .sum();
    if digits_len == 0 {
        return None;
    }
    let after = &body[digits_len..];
    let closer = if line.starts_with('(') || after.starts_with(')') {
        ")"
    } else if after.starts_with(". ") || after == "." {
        "."
    } else {
        return None;
    };
    let rest = after.strip_prefix(closer)?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let marker_len = line.len() - rest.len();
    Some((&line[..marker_len], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(marker: &str, text: &str) -> ListItem {
        ListItem {
            marker: marker.into(),
            text: text.into(),
        }
    }

    #[test]
    fn paragraphs_and_numbered_lists() {
        let text = "ย่อหน้าแรก\nต่อบรรทัด\n\n- (1) ข้อหนึ่ง\n- (2) ข้อสอง\n  ต่อ\n\nท้าย";
        assert_eq!(
            text_blocks(text),
            vec![
                TextBlock::Paragraph("ย่อหน้าแรก ต่อบรรทัด".into()),
                TextBlock::List(vec![item("(1)", "ข้อหนึ่ง"), item("(2)", "ข้อสอง ต่อ")]),
                TextBlock::Paragraph("ท้าย".into()),
            ]
        );
    }

    #[test]
    fn markers_of_every_kind() {
        let blocks = text_blocks("1) ก\n๒) ข\n3. ค\n- ง\n• จ");
        assert_eq!(
            blocks,
            vec![TextBlock::List(vec![
                item("1)", "ก"),
                item("๒)", "ข"),
                item("3.", "ค"),
                item("•", "ง"),
                item("•", "จ"),
            ])]
        );
    }

    #[test]
    fn numbers_inside_sentences_are_not_lists() {
        assert_eq!(
            text_blocks("2566 เป็นปีแรก\n3.5 ล้านบาท"),
            vec![TextBlock::Paragraph("2566 เป็นปีแรก 3.5 ล้านบาท".into())]
        );
    }
}

//! Line breaks at word boundaries: in every document kind, no line ends
//! between two Thai letters of one word, a word of the dictionary or one of the
//! document's own names (its agency, departments, officials, places, titles),
//! and "พ.ศ." never ends a line with its year on the next.
//!
//! Each pair of lines `pdftotext -raw` reads is joined and looked up in the
//! strings the template printed; where the join is inside one printed string
//! (the two lines are one paragraph or cell), the string is cut into words by
//! the dictionary and the document's own words, and a break that falls
//! inside a word counts.

use prongsai_testkit::files::{have_tool, pdf_text};
use prongsai_thai_words::clusters::is_thai_letter;
use prongsai_thai_words::{Lexicon, Words, segment};

/// The letters on each side of a break used to find the paragraph it is in.
const CONTEXT: usize = 12;

/// Every string of `data` as printed: the break marks the renderer adds are
/// not in the data, the template prints its own words around them.
fn printed_strings(data: &serde_json::Value, out: &mut Vec<String>) {
    match data {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| printed_strings(item, out)),
        serde_json::Value::Object(fields) => {
            fields
                .values()
                .for_each(|value| printed_strings(value, out));
        }
        _ => {}
    }
}

/// Whether the break between `before` and `after` (the text of two lines)
/// falls inside a word of one of `strings`.
fn breaks_a_word(before: &str, after: &str, strings: &[String], own: &Words) -> Option<String> {
    let tail: String = {
        let chars: Vec<char> = before.chars().collect();
        let start = chars.len().saturating_sub(CONTEXT);
        chars[start..].iter().collect()
    };
    let head: String = after.chars().take(CONTEXT).collect();
    // A break at a space the clerk typed is a break between words.
    if strings
        .iter()
        .any(|s| s.contains(&format!("{tail} {head}")))
    {
        return None;
    }
    let joined = format!("{tail}{head}");
    let string = strings.iter().find(|s| s.contains(&joined))?;
    let at = string.find(&joined)? + tail.len();
    let run_start = string[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_thai_letter(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let run: Vec<char> = string[run_start..]
        .chars()
        .take_while(|c| is_thai_letter(*c))
        .collect();
    let break_at = string[run_start..at].chars().count();
    let lexicon = Lexicon {
        dictionary: Words::dictionary(),
        own,
    };
    segment(&run, lexicon)
        .into_iter()
        .find(|piece| piece.known && piece.start < break_at && break_at < piece.end)
        .map(|piece| {
            let word: String = run[piece.start..piece.end].iter().collect();
            format!("{tail}|{head} (ใน \"{word}\")")
        })
}

#[test]
fn no_line_breaks_inside_a_word_or_between_a_year_and_its_era() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut inside_words = Vec::new();
    let mut lines_checked = 0;
    for (kind, pdf, data) in crate::text_layer::every_kind() {
        let own = prongsai_docs::own_words(&data);
        let mut strings = Vec::new();
        printed_strings(&data, &mut strings);
        let text = pdf_text(&pdf);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            lines_checked += 1;
            assert!(
                !(before.ends_with("พ.ศ.") && after.starts_with(|c: char| c.is_numeric())),
                "{kind}: a year left apart from พ.ศ.: {before} / {after}"
            );
            let (Some(last), Some(first)) = (before.chars().last(), after.chars().next()) else {
                continue;
            };
            if !is_thai_letter(last) || !is_thai_letter(first) {
                continue;
            }
            if let Some(found) = breaks_a_word(before, after, &strings, &own) {
                inside_words.push(format!("{kind}: {found}"));
            }
        }
    }
    assert!(lines_checked > 1000, "{lines_checked} lines");
    assert!(
        inside_words.is_empty(),
        "{} breaks inside a word: {:#?}",
        inside_words.len(),
        inside_words
    );
}

//! What a document prints for text it could not set as typed: characters no
//! embedded font can draw, and runs too long to break.
//!
//! Typst draws a character no font has as an empty box (.notdef) and says
//! nothing. A clerk who pastes an emoji or a rare symbol would sign a document
//! with a hole in it. So before a PDF is compiled, every such character in the
//! document's data is replaced by its name in a visible Thai note,
//! "(อักขระ U+1F600 พิมพ์ไม่ได้)", where it stood: the document still renders,
//! nothing disappears silently, and the note says what to change.
//! Characters that draw nothing by design (spaces, line breaks, joiners and
//! other format characters) are never reported.
//!
//! A run with no space longer than [`LONG_RUN`] characters (a pasted address
//! of two thousand characters, a key held down) has nowhere to break, and
//! Typst would run it off the page. Such a run gets break opportunities
//! (U+200B): after each `/ . ? & = - _` first, so an address breaks between its
//! pieces, then every [`LONG_RUN_PIECE`] characters if a piece is still too
//! long. Ordinary Thai, where spaces end phrases well before that, is left to
//! Typst's own line breaking.

use std::collections::HashSet;
use std::sync::OnceLock;

use prongsai_text_layer::for_each_mapped_glyph;
use prongsai_thai_words::Words;

use crate::fonts::FONT_FILES;
use crate::word_breaks;

/// Whether some embedded font draws `character`, or it needs no glyph.
#[must_use]
pub(crate) fn is_printable(character: char) -> bool {
    // ASCII and Thai, nearly every character of a document, without the set:
    // Sarabun draws them all.
    character.is_ascii()
        || ('\u{0E01}'..='\u{0E3A}').contains(&character)
        || ('\u{0E3F}'..='\u{0E5B}').contains(&character)
        || character.is_whitespace()
        || character.is_control()
        || is_format_character(character)
        || covered().contains(&u32::from(character))
}

/// The note printed in place of a character no font can draw.
fn unprintable_note(character: char) -> String {
    format!("(อักขระ U+{:04X} พิมพ์ไม่ได้)", u32::from(character))
}

/// Runs without a space longer than this get break opportunities.
const LONG_RUN: usize = 200;
/// The longest piece such a run is left in.
const LONG_RUN_PIECE: usize = 60;
const BREAK: char = '\u{200B}';
/// The field every document contract names a link's target (ASCII, never
/// printed: left exactly as it is).
const LINK_TARGET: &str = "uri";

/// In every string of `data` but link targets: the characters no font can draw replaced by
/// their note, the line breaks decided by [`word_breaks`] (`own`: the document's own names),
/// and break opportunities in runs still too long to break.
pub(crate) fn guard(data: &mut serde_json::Value, own: &Words) {
    match data {
        serde_json::Value::String(text) => {
            if !text.chars().all(is_printable) {
                *text = text
                    .chars()
                    .map(|c| {
                        if is_printable(c) {
                            c.to_string()
                        } else {
                            unprintable_note(c)
                        }
                    })
                    .collect();
            }
            *text = word_breaks::mark(text, own);
            if has_long_run(text) {
                *text = with_breaks(text);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| guard(item, own)),
        serde_json::Value::Object(fields) => fields
            .iter_mut()
            .filter(|(key, _)| key.as_str() != LINK_TARGET)
            .for_each(|(_, value)| guard(value, own)),
        _ => {}
    }
}

fn has_long_run(text: &str) -> bool {
    // A character is at least a byte: most strings are too short to look into.
    if text.len() <= LONG_RUN {
        return false;
    }
    // One pass, counting: this runs on every string of every document (a
    // split with a count per piece was two fifths of the text preparation).
    let mut run = 0;
    for c in text.chars() {
        if c.is_whitespace() || c == BREAK {
            run = 0;
        } else {
            run += 1;
            if run > LONG_RUN {
                return true;
            }
        }
    }
    false
}

/// `text` with break opportunities in its long runs (see the module comment).
fn with_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let chars: Vec<char> = text.chars().collect();
    let is_gap = |c: char| c.is_whitespace() || c == BREAK;
    let mut start = 0;
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|c| is_gap(*c))
            .map_or(chars.len(), |len| start + len);
        push_run(&mut out, &chars[start..end]);
        if let Some(&gap) = chars.get(end) {
            out.push(gap);
        }
        start = end + 1;
    }
    out
}

/// One run without a space, with breaks when it is longer than [`LONG_RUN`]:
/// after a separator, or every [`LONG_RUN_PIECE`] characters, never between
/// a letter and its mark.
fn push_run(out: &mut String, run: &[char]) {
    let long = run.len() > LONG_RUN;
    let mut piece = 0;
    for (index, &c) in run.iter().enumerate() {
        out.push(c);
        piece += 1;
        let next_is_mark = run
            .get(index + 1)
            .is_some_and(|n| unicode_normalization::char::is_combining_mark(*n));
        if long && !next_is_mark && (is_separator(c) || piece >= LONG_RUN_PIECE) {
            out.push(BREAK);
            piece = 0;
        }
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '/' | '.' | '?' | '&' | '=' | '-' | '_')
}

/// Unicode's default-ignorable format characters: drawn as nothing.
fn is_format_character(character: char) -> bool {
    matches!(
        u32::from(character),
        0x00AD
            | 0x034F
            | 0x061C
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xE0000..=0xE0FFF
    )
}

/// Every code point some embedded font maps.
fn covered() -> &'static HashSet<u32> {
    static COVERED: OnceLock<HashSet<u32>> = OnceLock::new();
    COVERED.get_or_init(|| {
        let mut covered = HashSet::new();
        for (_, data) in FONT_FILES {
            for_each_mapped_glyph(data, |character, _| {
                covered.insert(u32::from(character));
            });
        }
        covered
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_latin_and_the_symbols_clerks_paste_are_printable() {
        let text = "ท้องถิ่น ITA ➢ ➤ ✓ ✔ ☐ ☑ ☒ • ◦ ▪ – — “ ” ‘ ’ ฿ ๏ → ■ □ ● ○ ◆ ★ ✗ ❖\u{200b}\n";
        let unprintable: String = text.chars().filter(|c| !is_printable(*c)).collect();
        assert_eq!(unprintable, "");
    }

    fn no_own_words() -> Words {
        Words::new(std::iter::empty::<&str>())
    }

    /// The text as typed: without the invisible break decisions.
    fn plain(data: &serde_json::Value) -> String {
        data.as_str()
            .unwrap()
            .replace(['\u{200b}', '\u{2060}'], "")
            .replace('\u{a0}', " ")
    }

    #[test]
    fn an_emoji_is_named_where_it_stood() {
        assert!(!is_printable('😀'));
        let mut data = serde_json::json!({"title": "ดี😀", "rows": [{"x": "ก"}]});
        guard(&mut data, &no_own_words());
        assert_eq!(plain(&data["title"]), "ดี(อักขระ U+1F600 พิมพ์ไม่ได้)");
        assert_eq!(data["rows"][0]["x"], "ก");
    }

    #[test]
    fn long_runs_get_breaks_and_ordinary_text_none() {
        let ordinary = "องค์การบริหารส่วนตำบลบางแคได้จัดทำแผนปฏิบัติการป้องกันการทุจริต https://www.bangkhae.go.th/news/2567";
        let mut data = serde_json::json!(ordinary);
        guard(&mut data, &no_own_words());
        assert_eq!(plain(&data), ordinary);
        assert!(
            data.as_str()
                .unwrap()
                .split(['\u{200b}', ' '])
                .all(|piece| piece.chars().count() < LONG_RUN_PIECE),
            "word breaks, none added for length"
        );

        let url = format!(
            "https://example.go.th/{}/{}",
            "a".repeat(150),
            "b".repeat(150)
        );
        let mut data = serde_json::json!(url);
        guard(&mut data, &no_own_words());
        let text = data.as_str().unwrap();
        assert_eq!(plain(&data), url, "nothing is lost");
        assert!(
            text.replace('\u{2060}', "")
                .starts_with("https://example.\u{200b}go.\u{200b}th/\u{200b}")
        );
        assert!(
            text.split(BREAK)
                .all(|piece| piece.chars().count() <= LONG_RUN_PIECE)
        );

        let held_key = "ก้".repeat(300);
        let mut data = serde_json::json!(held_key);
        guard(&mut data, &no_own_words());
        let text = data.as_str().unwrap();
        assert_eq!(plain(&data), held_key);
        assert!(
            !text.contains("\u{200b}\u{e49}"),
            "never between a letter and its mark"
        );
    }
}

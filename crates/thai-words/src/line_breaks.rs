//! The break decisions written into text, for a line breaker that follows
//! Unicode's line-breaking rules (Typst's does): a word joiner (U+2060)
//! between the clusters of a word, so no line breaks inside it, and a
//! zero-width space (U+200B) between words, so a line may break there.
//! Letters no word covers are left to the line breaker's own rules.
//!
//! [`mark_text`] also keeps together what belongs on one line: "พ.ศ. ๒๕๖๖" and
//! a number with the word after it ("๗๒ ราย") get a no-break space, and a web
//! address breaks only after its separators (`/ . ? & = - _ #`), a piece
//! longer than [`URL_PIECE`] characters every [`URL_PIECE`] characters, never
//! inside its scheme. [`mark_thai`] changes only runs of Thai letters, for
//! text that is also code (a document template).

use crate::clusters::{is_boundary, is_thai_letter};
use crate::{Lexicon, segment};

/// Keeps the clusters of a word on one line.
pub const WORD_JOINER: char = '\u{2060}';
/// Lets a line break between two words.
pub const BREAK: char = '\u{200B}';
pub const NO_BREAK_SPACE: char = '\u{00A0}';
/// The longest piece of a web address printed without a break.
pub const URL_PIECE: usize = 16;
/// Words after which a number stays on the same line ("พ.ศ. ๒๕๖๖", "ร้อยละ ๘๐").
const WORDS_BEFORE_A_NUMBER: [&str; 5] = ["พ.ศ.", "ค.ศ.", "ร้อยละ", "จำนวน", "ปี"];
/// `source` with the break decisions written into its runs of Thai letters
/// only: everything else stays as written.
#[must_use]
pub fn mark_thai(source: &str, lexicon: Lexicon<'_>) -> String {
    mark(source, lexicon, false)
}

/// `text` with every break decision of the module comment written in.
#[must_use]
pub fn mark_text(text: &str, lexicon: Lexicon<'_>) -> String {
    mark(text, lexicon, true)
}

/// Runs of Thai letters marked; with `everything`, spaces that join a number
/// to its neighbour and web addresses too.
fn mark(text: &str, lexicon: Lexicon<'_>, everything: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if is_thai_letter(c) {
            let end = run_end(&chars, index, is_thai_letter);
            push_thai_run(&mut out, &chars[index..end], lexicon);
            index = end;
        } else if everything && c == ' ' && keeps_next_together(&chars, index) {
            out.push(NO_BREAK_SPACE);
            index += 1;
        } else if everything && !c.is_whitespace() && starts_web_address(&chars[index..]) {
            let end = run_end(&chars, index, |c| !c.is_whitespace());
            push_web_address(&mut out, &chars[index..end]);
            index = end;
        } else {
            out.push(c);
            index += 1;
        }
    }
    out
}

fn run_end(chars: &[char], start: usize, belongs: impl Fn(char) -> bool) -> usize {
    chars[start..]
        .iter()
        .position(|&c| !belongs(c))
        .map_or(chars.len(), |len| start + len)
}

/// A run of Thai letters with joiners inside known words and breaks between
/// words.
fn push_thai_run(out: &mut String, run: &[char], lexicon: Lexicon<'_>) {
    for (number, piece) in segment(run, lexicon).iter().enumerate() {
        if number > 0 {
            out.push(BREAK);
        }
        for index in piece.start..piece.end {
            if piece.known && index > piece.start && is_boundary(run, index) {
                out.push(WORD_JOINER);
            }
            out.push(run[index]);
        }
    }
}

/// Whether the space at `index` joins a number to its neighbour: a number
/// and the Thai word after it, or "พ.ศ." and the like and the number after.
fn keeps_next_together(chars: &[char], index: usize) -> bool {
    let (Some(&before), Some(&after)) = (
        index.checked_sub(1).and_then(|i| chars.get(i)),
        chars.get(index + 1),
    ) else {
        return false;
    };
    if before.is_numeric() && is_thai_letter(after) {
        return true;
    }
    after.is_numeric()
        && WORDS_BEFORE_A_NUMBER.iter().any(|word| {
            let len = word.chars().count();
            index >= len
                && chars[index - len..index].iter().copied().eq(word.chars())
                && (index == len || !is_thai_letter(chars[index - len - 1]))
        })
}

/// Whether `chars` starts with a web address's scheme or "www." (in any
/// case); checked at every character of every string, so without allocating.
fn starts_web_address(chars: &[char]) -> bool {
    ["http://", "https://", "www."].iter().any(|start| {
        chars.len() >= start.len()
            && chars
                .iter()
                .zip(start.chars())
                .all(|(c, s)| c.to_ascii_lowercase() == s)
    })
}

/// A web address with breaks after its separators and inside long pieces;
/// never inside its scheme ("https://"), which stays with what follows.
fn push_web_address(out: &mut String, address: &[char]) {
    let scheme_end = address
        .windows(3)
        .position(|w| w == [':', '/', '/'])
        .map_or(0, |at| at + 3);
    let mut piece = 0;
    for (index, &c) in address.iter().enumerate() {
        out.push(c);
        piece += 1;
        let last = index + 1 == address.len();
        let separator = matches!(c, '/' | '.' | '?' | '&' | '=' | '-' | '_' | '#');
        if last {
            break;
        }
        if index < scheme_end {
            out.push(WORD_JOINER);
        } else if separator || piece >= URL_PIECE {
            out.push(BREAK);
            piece = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Words;

    fn shown(text: &str, own: &[&str]) -> String {
        let own = Words::new(own.iter().copied());
        let lexicon = Lexicon {
            dictionary: Words::dictionary(),
            own: &own,
        };
        mark_text(text, lexicon)
            .replace(WORD_JOINER, "+")
            .replace(BREAK, "|")
            .replace(NO_BREAK_SPACE, "_")
    }

    #[test]
    fn words_are_joined_inside_and_broken_between() {
        assert_eq!(shown("ร้อยละ", &[]), "ร้+อ+ย+ล+ะ".replace("+ะ", "ะ"));
        assert_eq!(shown("หมายเหตุ", &[]), "ห+ม+า+ย+เห+ตุ".replace("+า", "า"));
        assert_eq!(shown("ในองค์กร", &[]), "ใน|อ+ง+ค์+ก+ร");
    }

    #[test]
    fn dates_numbers_and_addresses_keep_together() {
        assert_eq!(shown("พ.ศ. ๒๕๖๖", &[]), "พ.ศ._๒๕๖๖");
        assert_eq!(shown("๗๒ ราย", &[]), "๗๒_ร+า+ย".replace("+า", "า"));
        assert_eq!(shown("ข้อ ก", &[]), "ข้+อ ก");
        assert_eq!(
            shown("ดู https://www.example.go.th/a-b", &[]),
            "ดู h+t+t+p+s+:+/+/+www.|example.|go.|th/|a-|b"
        );
    }
}

//! Where a document's lines may break, decided before Typst sees the text.
//!
//! Typst breaks Thai with its own segmenter, which splits words a reader
//! sees at once ("บาง|แค", "ร้อย|ละ", "ปีงบ|ประมาณ") and knows nothing of the
//! agency's names. So every string a template prints is segmented here by
//! [`prongsai_thai_words`] (the shipped dictionary plus the document's own
//! names) and the decision written into the text with two invisible
//! characters Typst's line breaker obeys: a word joiner (U+2060) between the
//! clusters of a word, so no line breaks inside it, and a zero-width space
//! (U+200B) between words, so a line may break there. Letters no word covers
//! are left to Typst. The text-layer pass leaves both characters out of the
//! text a reader extracts.
//!
//! The same pass keeps together what belongs on one line: "พ.ศ. ๒๕๖๖" and a
//! number with the word after it ("๗๒ ราย") get a no-break space, and a
//! web address breaks only after its separators (`/ . ? & = - _ #`), a piece
//! longer than [`URL_PIECE`] characters every [`URL_PIECE`] characters.
//!
//! A document's own names are the values of its name fields (the agency, its
//! departments, officials and their positions, places, measure and project
//! titles): each space-separated part of such a value is a word of its own
//! when it is at most [`prongsai_thai_words::LONGEST_WORD`] letters long.

use prongsai_thai_words::clusters::{is_boundary, is_thai_letter};
use prongsai_thai_words::{Lexicon, Words, segment};

/// Keeps the clusters of a word on one line.
const WORD_JOINER: char = '\u{2060}';
/// Lets a line break between two words.
const BREAK: char = '\u{200B}';
const NO_BREAK_SPACE: char = '\u{00A0}';
/// The longest piece of a web address printed without a break.
const URL_PIECE: usize = 16;
/// Words after which a number stays on the same line ("พ.ศ. ๒๕๖๖", "ร้อยละ ๘๐").
const WORDS_BEFORE_A_NUMBER: [&str; 5] = ["พ.ศ.", "ค.ศ.", "ร้อยละ", "จำนวน", "ปี"];
/// The fields of the document contracts whose values are names.
const NAME_FIELDS: [&str; 11] = [
    "agency_name",
    "department",
    "name",
    "name_th",
    "signer_name",
    "signer_position",
    "position",
    "owner",
    "from_unit",
    "to",
    "location",
];
/// The fields whose values are titles: phrases of ordinary words that may
/// hold a proper name ("โครงการเกาะฮ่องฮีสะอาด").
const TITLE_FIELDS: [&str; 3] = ["title", "plan_title", "measure"];

/// The document's own names, from the values of its name fields in `data` (the
/// JSON its template receives): the words its lines never break inside besides
/// the dictionary's. Every part of a name counts; of a title, only the parts
/// the dictionary cannot cover, which are the names in it (a title's ordinary
/// words break as anywhere else).
#[must_use]
pub fn own_words(data: &serde_json::Value) -> Words {
    let mut names = Vec::new();
    let mut titles = Vec::new();
    collect(data, None, &mut names, &mut titles);
    let parts = |text: &'_ str| -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || c == '/')
            .map(str::to_owned)
            .collect()
    };
    let none = Words::new(std::iter::empty::<&str>());
    let dictionary_only = Lexicon {
        dictionary: Words::dictionary(),
        own: &none,
    };
    let names_in_titles = titles.iter().flat_map(|t| parts(t)).filter(|part| {
        let run: Vec<char> = part.chars().collect();
        segment(&run, dictionary_only)
            .iter()
            .any(|piece| !piece.known)
    });
    let all: Vec<String> = names
        .iter()
        .flat_map(|n| parts(n))
        .chain(names_in_titles)
        .collect();
    Words::new(all.iter().map(String::as_str))
}

/// Which kind of field a value sits in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Title,
}

fn collect<'a>(
    data: &'a serde_json::Value,
    field: Option<Field>,
    names: &mut Vec<&'a str>,
    titles: &mut Vec<&'a str>,
) {
    match data {
        serde_json::Value::String(text) => match field {
            Some(Field::Name) => names.push(text),
            Some(Field::Title) => titles.push(text),
            None => {}
        },
        serde_json::Value::Array(items) => {
            for item in items {
                collect(item, field, names, titles);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, value) in fields {
                let field = if NAME_FIELDS.contains(&key.as_str()) {
                    Some(Field::Name)
                } else if TITLE_FIELDS.contains(&key.as_str()) {
                    Some(Field::Title)
                } else {
                    None
                };
                collect(value, field, names, titles);
            }
        }
        _ => {}
    }
}

/// A template's source with the break decisions written into its Thai: the
/// headings, labels and sentences a template prints itself are segmented like
/// the data (by the dictionary alone). Only runs of Thai letters change, so
/// the code around them (names, numbers, addresses) stays as written.
pub(crate) fn mark_template(source: &str) -> String {
    let none = Words::new(std::iter::empty::<&str>());
    let lexicon = Lexicon {
        dictionary: Words::dictionary(),
        own: &none,
    };
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + source.len() / 2);
    let mut index = 0;
    while index < chars.len() {
        if is_thai_letter(chars[index]) {
            let end = run_end(&chars, index, is_thai_letter);
            push_thai_run(&mut out, &chars[index..end], lexicon);
            index = end;
        } else {
            out.push(chars[index]);
            index += 1;
        }
    }
    out
}

/// `text` with its break decisions written in (see the module comment).
pub(crate) fn mark(text: &str, own: &Words) -> String {
    let lexicon = Lexicon {
        dictionary: Words::dictionary(),
        own,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if is_thai_letter(c) {
            let end = run_end(&chars, index, is_thai_letter);
            push_thai_run(&mut out, &chars[index..end], lexicon);
            index = end;
        } else if c == ' ' && keeps_next_together(&chars, index) {
            out.push(NO_BREAK_SPACE);
            index += 1;
        } else if !c.is_whitespace() && starts_web_address(&chars[index..]) {
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
            let word: Vec<char> = word.chars().collect();
            index >= word.len()
                && chars[index - word.len()..index] == word[..]
                && (index == word.len() || !is_thai_letter(chars[index - word.len() - 1]))
        })
}

fn starts_web_address(chars: &[char]) -> bool {
    let start: String = chars.iter().take(8).collect::<String>().to_lowercase();
    start.starts_with("http://") || start.starts_with("https://") || start.starts_with("www.")
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

    fn shown(text: &str, own: &[&str]) -> String {
        mark(text, &Words::new(own.iter().copied()))
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
    fn own_names_stay_whole() {
        let own = own_words(&serde_json::json!({
            "agency_name": "องค์การบริหารส่วนตำบลหนองปรือ",
            "rows": [{"department": "สำนักปลัด/กองคลัง", "text": "สำนักงาน"}],
            "title": "โครงการเกาะฮ่องฮีสะอาด ประจำปีงบประมาณ",
        }));
        assert!(own.contains("สำนักปลัด"));
        assert!(own.contains("กองคลัง"));
        assert!(!own.contains("สำนักงาน"));
        assert!(own.contains("โครงการเกาะฮ่องฮีสะอาด"), "a name in a title");
        assert!(!own.contains("ประจำปีงบประมาณ"), "ordinary words of a title");
        assert_eq!(
            mark("หัวหน้าสำนักปลัด", &own).split(BREAK).count(),
            2,
            "หัวหน้า | สำนักปลัด"
        );
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

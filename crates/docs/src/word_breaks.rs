//! Where a document's lines may break, decided before Typst sees the text.
//!
//! Typst breaks Thai with its own segmenter, which splits words a reader
//! sees at once ("บาง|แค", "ร้อย|ละ", "ปีงบ|ประมาณ") and knows nothing of the
//! agency's names. So every string a template prints, and the Thai the
//! templates print themselves, is segmented by [`prongsai_thai_words`] (the
//! shipped dictionary plus the document's own names) and the decisions
//! written into the text as invisible characters Typst's line breaker obeys
//! ([`prongsai_thai_words::line_breaks`]). The text-layer pass leaves them
//! out of the text a reader extracts.
//!
//! A document's own names are the values of its name fields (the agency, its
//! departments, officials and their positions, places, measure and project
//! titles): each space-separated part of such a value is a word of its own
//! when it is at most [`prongsai_thai_words::LONGEST_WORD`] letters long.

use prongsai_thai_words::line_breaks::{mark_text, mark_thai};
use prongsai_thai_words::{Lexicon, Words, segment};

/// The fields of the document contracts whose values are names.
const NAME_FIELDS: [&str; 9] = [
    "agency_name",
    "department",
    "name",
    "name_th",
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

/// A template's source with the line breaks of its own Thai decided: the
/// headings, labels and sentences a template prints itself are segmented like
/// the data (by the dictionary alone), and only runs of Thai letters change,
/// so the code around them stays as written.
pub(crate) fn mark_template(source: &str) -> String {
    let none = Words::new(std::iter::empty::<&str>());
    mark_thai(
        source,
        Lexicon {
            dictionary: Words::dictionary(),
            own: &none,
        },
    )
}

/// A string of the document's data with its line breaks decided, `own`
/// being the document's own names.
pub(crate) fn mark(text: &str, own: &Words) -> String {
    mark_text(
        text,
        Lexicon {
            dictionary: Words::dictionary(),
            own,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BREAK: char = '\u{200B}';

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
}

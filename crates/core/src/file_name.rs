//! The name an uploaded file is kept under.
//!
//! A browser may send a whole path, control characters, or characters that
//! change how the name reads without being seen: a right-to-left override
//! (U+202E) makes "report<U+202E>fdp.exe" show as "reportexe.pdf". Staff open
//! these files from lists, so the kept name must read as what the file is:
//! folders, control
//! and invisible formatting characters go, a long name is cut in its middle
//! so its extension (which decides how the file opens) stays, and a name with
//! nothing left but dots or separators becomes a plain Thai default.

/// The longest name kept, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;
/// The name of a file whose own name said nothing.
pub const DEFAULT_FILE_NAME: &str = "ไฟล์แนบ";
/// An extension longer than this is part of the name, not an extension.
const MAX_EXTENSION_CHARS: usize = 16;

/// The name to keep for a file sent as `sent`; empty when none was sent.
#[must_use]
pub fn uploaded_file_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String = last.chars().filter(|&c| !is_hidden(c)).collect();
    let name = visible.trim();
    if name.is_empty() {
        return String::new();
    }
    if name
        .chars()
        .all(|c| matches!(c, '.' | '-' | '_' | '~') || c.is_whitespace())
    {
        return DEFAULT_FILE_NAME.to_owned();
    }
    shortened(name)
}

/// Control characters and formatting characters that do not show: bidi
/// marks, embeddings, overrides and isolates, zero-width characters.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// `name` at most [`MAX_FILE_NAME_CHARS`] long, cut in the middle of the part
/// before its extension.
fn shortened(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= MAX_FILE_NAME_CHARS {
        return name.to_owned();
    }
    let extension_len = chars
        .iter()
        .rposition(|&c| c == '.')
        .map(|dot| chars.len() - dot)
        .filter(|&len| (2..=MAX_EXTENSION_CHARS + 1).contains(&len))
        .unwrap_or(0);
    let (stem, extension) = chars.split_at(chars.len() - extension_len);
    // One character of the room is the ellipsis that marks the cut.
    let room = MAX_FILE_NAME_CHARS - extension_len - 1;
    let head = room.div_ceil(2);
    let tail = room - head;
    stem[..head]
        .iter()
        .chain(std::iter::once(&'…'))
        .chain(&stem[stem.len() - tail..])
        .chain(extension)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_control_and_direction_characters_go() {
        assert_eq!(uploaded_file_name("C:\\Users\\ก\\รายงาน.pdf"), "รายงาน.pdf");
        assert_eq!(uploaded_file_name("/tmp/a/b.png"), "b.png");
        assert_eq!(uploaded_file_name("report\u{202E}fdp.exe"), "reportfdp.exe");
        assert_eq!(
            uploaded_file_name("a\u{0}b\u{200B}\u{2067}c.jpg"),
            "abc.jpg"
        );
        assert_eq!(uploaded_file_name("  "), "");
        assert_eq!(uploaded_file_name(""), "");
    }

    #[test]
    fn a_name_of_only_dots_or_separators_gets_the_default() {
        assert_eq!(uploaded_file_name(".."), DEFAULT_FILE_NAME);
        assert_eq!(uploaded_file_name("a/..."), DEFAULT_FILE_NAME);
        assert_eq!(uploaded_file_name(" - _ ."), DEFAULT_FILE_NAME);
        assert_eq!(uploaded_file_name(".pdf"), ".pdf");
    }

    #[test]
    fn a_long_name_is_cut_in_the_middle_and_keeps_its_extension() {
        let long = format!("{}{}.pdf", "ก".repeat(150), "ข".repeat(150));
        let kept = uploaded_file_name(&long);
        assert_eq!(kept.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(kept.ends_with("ขข.pdf"), "{kept}");
        assert!(kept.starts_with("กก") && kept.contains('…'));
        let no_extension = "ค".repeat(300);
        let kept = uploaded_file_name(&no_extension);
        assert_eq!(kept.chars().count(), MAX_FILE_NAME_CHARS);
        let exactly = "ง".repeat(MAX_FILE_NAME_CHARS);
        assert_eq!(uploaded_file_name(&exactly), exactly);
    }
}

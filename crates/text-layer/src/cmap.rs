//! Reading and writing the ToUnicode character maps of two-byte fonts.
//!
//! Only what PDF writers put in these maps is read: `bfchar` pairs and `bfrange`
//! triples whose target is one hex string. The map written back lists every
//! code on its own (`bfchar`), which every reader understands.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Code → text, from a ToUnicode stream's content. Entries that cannot be
/// read are left out: the caller treats them as glyphs with unknown text.
pub(super) fn read(content: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(content);
    let mut map = BTreeMap::new();
    let mut tokens = Tokens::new(&text);
    while let Some(token) = tokens.next() {
        match token {
            Token::Keyword("beginbfchar") => {
                while let (Some(Token::Hex(code)), Some(Token::Hex(target))) =
                    (tokens.next(), tokens.next())
                {
                    if let (Some(code), Some(target)) = (code_of(&code), utf16_text(&target)) {
                        map.insert(code, target);
                    }
                }
            }
            Token::Keyword("beginbfrange") => {
                while let (Some(Token::Hex(first)), Some(Token::Hex(last)), Some(target)) =
                    (tokens.next(), tokens.next(), tokens.next())
                {
                    if let (Some(first), Some(last), Token::Hex(target)) =
                        (code_of(&first), code_of(&last), target)
                    {
                        insert_range(&mut map, first, last, &target);
                    }
                }
            }
            _ => {}
        }
    }
    map
}

fn insert_range(map: &mut BTreeMap<u16, String>, first: u16, last: u16, target: &[u8]) {
    let Some(start) = utf16_text(target) else {
        return;
    };
    let mut chars: Vec<char> = start.chars().collect();
    for code in first..=last {
        map.insert(code, chars.iter().collect());
        let Some(last_char) = chars.last_mut() else {
            return;
        };
        match char::from_u32(u32::from(*last_char) + 1) {
            Some(next) => *last_char = next,
            None => return,
        }
    }
}

fn code_of(bytes: &[u8]) -> Option<u16> {
    match *bytes {
        [high, low] => Some(u16::from_be_bytes([high, low])),
        [low] => Some(u16::from(low)),
        _ => None,
    }
}

fn utf16_text(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// A ToUnicode stream's content mapping each code to its text (an empty text
/// is written as an empty string: the code stands for nothing).
pub(super) fn write(map: &BTreeMap<u16, String>) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = map.iter().collect();
    // A bfchar block holds at most 100 entries.
    for block in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (code, text) in block {
            let _ = write!(out, "<{code:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

enum Token<'a> {
    Hex(Vec<u8>),
    Keyword(&'a str),
    Other,
}

struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Self { rest: text }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        self.rest = self.rest.trim_start();
        let first = self.rest.chars().next()?;
        if first == '<' && !self.rest.starts_with("<<") {
            let end = self.rest.find('>')?;
            let digits: String = self.rest[1..end]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            self.rest = &self.rest[end + 1..];
            return Some(hex::decode(&digits).map_or(Token::Other, Token::Hex));
        }
        let end = self
            .rest
            .find(|c: char| c.is_whitespace() || "<>[]/()".contains(c))
            .filter(|&end| end > 0)
            .unwrap_or(1);
        let word = &self.rest[..end];
        self.rest = &self.rest[end..];
        Some(if word.chars().all(|c| c.is_ascii_alphabetic()) {
            Token::Keyword(word)
        } else {
            Token::Other
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes_and_ranges() {
        let mut map = BTreeMap::new();
        map.insert(3, "ท้".to_owned());
        map.insert(7, String::new());
        map.insert(300, "fi".to_owned());
        assert_eq!(read(&write(&map)), map);

        let ranges = b"2 beginbfrange\n<0010> <0012> <0E01>\n<0020> <0020> <0041>\nendbfrange";
        let read_back = read(ranges);
        assert_eq!(read_back.get(&0x10).map(String::as_str), Some("ก"));
        assert_eq!(read_back.get(&0x12).map(String::as_str), Some("ฃ"));
        assert_eq!(read_back.get(&0x20).map(String::as_str), Some("A"));
        assert_eq!(read_back.len(), 4);
    }
}

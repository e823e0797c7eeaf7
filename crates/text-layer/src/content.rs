//! A content stream read as the pass needs it, fast: each operation keeps its
//! bytes, and only the operations the pass looks into are parsed (font
//! changes, text shown, marked-content spans, graphics state saves). lopdf's
//! own parser builds an object for every operand of every operation, which
//! cost ten times the whole pass on a 45-page plan.

use std::ops::Range;

/// One operation of a content stream.
pub(super) struct Op {
    /// Its bytes in the stream, operands and operator.
    pub(super) raw: Range<usize>,
    pub(super) kind: OpKind,
}

/// What the pass needs to know of an operation.
pub(super) enum OpKind {
    /// `/Name size Tf`: the font resource's name.
    Font(Vec<u8>),
    /// `Tj` or `TJ`: the strings' bytes and the numbers between them.
    Show(Vec<ShowItem>),
    /// `BDC` or `BMC`; the span's /ActualText when it has one.
    Begin(Option<String>),
    /// `EMC`.
    End,
    /// `q`.
    Save,
    /// `Q`.
    Restore,
    /// `'` or `"`: text the pass leaves alone (Typst writes neither).
    OtherText,
    /// Anything else, kept as it is.
    Other,
}

/// An element of a `TJ` array.
pub(super) enum ShowItem {
    /// A string's bytes (the glyph codes), where they are in
    /// [`Parsed::codes`]: one buffer for the stream, not an allocation per
    /// string (a justified Thai line shows each glyph as its own string).
    Codes(Range<usize>),
    /// A position adjustment, as written.
    Adjust(Range<usize>),
}

pub(super) enum Token {
    Number,
    /// A name's bytes after the slash.
    Name(Range<usize>),
    /// A string, literal `(…)` or hex `<…>`, as written.
    Text(Range<usize>),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    Keyword(Range<usize>),
}

/// The operations of `data`, or `None` for a stream the pass does not read
/// (inline images, malformed syntax).
pub(super) fn parse(data: &[u8]) -> Option<Parsed> {
    let mut lexer = Lexer { data, at: 0 };
    let mut ops = Vec::new();
    let mut codes = Vec::with_capacity(data.len() / 4);
    let mut operands: Vec<(Token, Range<usize>)> = Vec::new();
    let mut start = None;
    while let Some((token, range)) = lexer.next()? {
        let begin = *start.get_or_insert(range.start);
        let Token::Keyword(word) = &token else {
            operands.push((token, range));
            continue;
        };
        let operator = &data[word.clone()];
        let kind = match operator {
            b"BI" | b"ID" | b"EI" => return None,
            b"Tf" => match operands.first() {
                Some((Token::Name(name), _)) => OpKind::Font(data[name.clone()].to_vec()),
                _ => OpKind::Other,
            },
            b"Tj" | b"TJ" => show(data, &operands, &mut codes).map_or(OpKind::Other, OpKind::Show),
            b"BDC" => OpKind::Begin(actual_text(data, &operands)),
            b"BMC" => OpKind::Begin(None),
            b"EMC" => OpKind::End,
            b"'" | b"\"" => OpKind::OtherText,
            b"q" => OpKind::Save,
            b"Q" => OpKind::Restore,
            _ => OpKind::Other,
        };
        ops.push(Op {
            raw: begin..range.end,
            kind,
        });
        operands.clear();
        start = None;
    }
    Some(Parsed { ops, codes })
}

/// A content stream's operations and the bytes of the strings they show.
pub(super) struct Parsed {
    pub(super) ops: Vec<Op>,
    pub(super) codes: Vec<u8>,
}

fn show(
    data: &[u8],
    operands: &[(Token, Range<usize>)],
    codes: &mut Vec<u8>,
) -> Option<Vec<ShowItem>> {
    let mut items = Vec::with_capacity(operands.len());
    for (token, range) in operands {
        match token {
            Token::Text(string) => {
                let start = codes.len();
                string_bytes(data, string, codes)?;
                items.push(ShowItem::Codes(start..codes.len()));
            }
            Token::Number => items.push(ShowItem::Adjust(range.clone())),
            Token::ArrayStart | Token::ArrayEnd => {}
            _ => return None,
        }
    }
    Some(items)
}

fn actual_text(data: &[u8], operands: &[(Token, Range<usize>)]) -> Option<String> {
    let key = operands.iter().position(
        |(token, _)| matches!(token, Token::Name(name) if &data[name.clone()] == b"ActualText"),
    )?;
    let (Token::Text(string), _) = operands.get(key + 1)? else {
        return None;
    };
    let mut bytes = Vec::new();
    string_bytes(data, string, &mut bytes)?;
    lopdf::decode_text_string(&lopdf::Object::String(bytes, lopdf::StringFormat::Literal)).ok()
}

/// Appends to `out` the bytes of the string written at `range`.
pub(super) fn string_bytes(data: &[u8], range: &Range<usize>, out: &mut Vec<u8>) -> Option<()> {
    let mut lexer = Lexer {
        data: &data[..range.end],
        at: range.start,
    };
    if data.get(range.start) == Some(&b'(') {
        lexer.literal(Some(out))
    } else {
        lexer.hex(Some(out))
    }
}

pub(super) struct Lexer<'a> {
    pub(super) data: &'a [u8],
    pub(super) at: usize,
}

/// What each byte is to the lexer: a table, because the lexer asks of every
/// byte of every content stream (3 MB for a 45-page plan), and a chain of
/// comparisons there was a tenth of the pass.
const CLASS: [Class; 256] = {
    let mut table = [Class::Regular; 256];
    let spaces = b" \n\r\t\x0c\0";
    let mut index = 0;
    while index < spaces.len() {
        table[spaces[index] as usize] = Class::Space;
        index += 1;
    }
    let delimiters = b"()<>[]{}/%";
    let mut index = 0;
    while index < delimiters.len() {
        table[delimiters[index] as usize] = Class::Delimiter;
        index += 1;
    }
    table
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Delimiter,
    Regular,
}

#[inline]
fn is_space(b: u8) -> bool {
    CLASS[usize::from(b)] == Class::Space
}

#[inline]
fn is_delimiter(b: u8) -> bool {
    CLASS[usize::from(b)] == Class::Delimiter
}

impl Lexer<'_> {
    /// The next token and its bytes; `Some(None)` at the end, `None` on bad syntax.
    pub(super) fn next(&mut self) -> Option<Option<(Token, Range<usize>)>> {
        let data = self.data;
        loop {
            while self.at < data.len() && is_space(data[self.at]) {
                self.at += 1;
            }
            if data.get(self.at) == Some(&b'%') {
                while self.at < data.len() && !matches!(data[self.at], b'\n' | b'\r') {
                    self.at += 1;
                }
                continue;
            }
            break;
        }
        let start = self.at;
        let Some(&first) = data.get(start) else {
            return Some(None);
        };
        let token = match first {
            b'(' => {
                self.literal(None)?;
                Token::Text(start..self.at)
            }
            b'<' if data.get(start + 1) == Some(&b'<') => {
                self.at += 2;
                Token::DictStart
            }
            b'>' if data.get(start + 1) == Some(&b'>') => {
                self.at += 2;
                Token::DictEnd
            }
            b'<' => {
                self.hex(None)?;
                Token::Text(start..self.at)
            }
            b'[' => {
                self.at += 1;
                Token::ArrayStart
            }
            b']' => {
                self.at += 1;
                Token::ArrayEnd
            }
            b'/' => {
                self.at += 1;
                Token::Name(self.regular())
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                self.regular();
                Token::Number
            }
            _ if is_delimiter(first) => return None,
            _ => Token::Keyword(self.regular()),
        };
        Some(Some((token, start..self.at)))
    }

    fn regular(&mut self) -> Range<usize> {
        let start = self.at;
        while self
            .data
            .get(self.at)
            .is_some_and(|&b| CLASS[usize::from(b)] == Class::Regular)
        {
            self.at += 1;
        }
        start..self.at
    }

    /// Reads a hex string, appending its bytes to `out` when given.
    fn hex(&mut self, mut out: Option<&mut Vec<u8>>) -> Option<()> {
        self.at += 1;
        let mut high: Option<u8> = None;
        loop {
            let b = *self.data.get(self.at)?;
            self.at += 1;
            match b {
                b'>' => break,
                _ if is_space(b) => {}
                _ => {
                    let digit = u8::try_from((b as char).to_digit(16)?).ok()?;
                    if let Some(out) = out.as_deref_mut() {
                        match high.take() {
                            Some(high) => out.push(high << 4 | digit),
                            None => high = Some(digit),
                        }
                    }
                }
            }
        }
        if let (Some(out), Some(high)) = (out, high) {
            out.push(high << 4);
        }
        Some(())
    }

    /// Reads a literal string, appending its bytes to `out` when given
    /// (escapes are read all the same, into a scratch buffer).
    fn literal(&mut self, mut out: Option<&mut Vec<u8>>) -> Option<()> {
        self.at += 1;
        let mut scratch = Vec::new();
        let mut depth = 0usize;
        loop {
            let b = *self.data.get(self.at)?;
            self.at += 1;
            match b {
                b')' if depth == 0 => return Some(()),
                b'\\' => {
                    match out.as_deref_mut() {
                        Some(out) => self.escape(out)?,
                        None => self.escape(&mut scratch)?,
                    }
                    scratch.clear();
                    continue;
                }
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            if let Some(out) = out.as_deref_mut() {
                out.push(b);
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let b = *self.data.get(self.at)?;
        self.at += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'0'..=b'7' => {
                let mut value = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.data.get(self.at) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.at += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(value & 0xff).ok()?);
            }
            b'\r' => {
                if self.data.get(self.at) == Some(&b'\n') {
                    self.at += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_operations_the_pass_needs() {
        let data = br"q /f1 11 Tf BT [(\000\001)-10<0002 03>]TJ (a\)b\101)Tj
            /Span<</ActualText<FEFF0E170E49>>>BDC EMC /P <</MCID 0>> BDC 1 0 0 1 5 5 cm Q";
        let Parsed { ops, codes } = parse(data).unwrap();
        let kinds: Vec<_> = ops.iter().map(|op| &data[op.raw.clone()]).collect();
        assert_eq!(kinds[1], b"/f1 11 Tf");
        assert!(matches!(&ops[1].kind, OpKind::Font(name) if name == b"f1"));
        let OpKind::Show(items) = &ops[3].kind else {
            panic!("TJ not read");
        };
        assert!(matches!(&items[0], ShowItem::Codes(c) if codes[c.clone()] == [0, 1]));
        assert!(matches!(&items[1], ShowItem::Adjust(r) if &data[r.clone()] == b"-10"));
        assert!(matches!(&items[2], ShowItem::Codes(c) if codes[c.clone()] == [0, 2, 3]));
        assert!(
            matches!(&ops[4].kind, OpKind::Show(items) if matches!(&items[0], ShowItem::Codes(c) if &codes[c.clone()] == b"a)bA"))
        );
        assert!(matches!(&ops[5].kind, OpKind::Begin(Some(text)) if text == "ท้"));
        assert!(matches!(ops[6].kind, OpKind::End));
        assert!(matches!(ops[7].kind, OpKind::Begin(None)));
        assert!(matches!(ops[9].kind, OpKind::Restore));
        assert!(parse(b"BI /W 1 ID xx EI").is_none());
    }
}

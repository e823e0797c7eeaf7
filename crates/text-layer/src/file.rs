//! The PDF file around the content streams, read and written as bytes.
//!
//! lopdf reads a whole document into objects and writes every object back.
//! On a 45-page plan that was a third of the pass, spent mostly on the
//! structure tree's thousand objects, which the pass never looks at. Here only
//! what the pass reads is parsed: the catalog, the page tree and everything
//! the pages' resources and contents refer to (fonts, their subsets and maps,
//! form XObjects). It goes into a lopdf [`Document`] holding nothing else, so
//! the rest of the pass keeps lopdf's object model. Writing copies every
//! object that did not change byte for byte from the source, writes the
//! changed and added ones, and ends with a new cross-reference table.
//!
//! The source must have one classic cross-reference table with generation 0
//! throughout, as Typst writes it (no object streams, no incremental
//! updates); another file is not read (`None`), and the pass returns it as it
//! came.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::ops::Range;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::content::{Lexer, Token, string_bytes};

/// Keys whose references the loader does not follow from a page: the way back
/// up the tree, and annotations (links), which show no text of their own.
const NOT_FOLLOWED: [&[u8]; 3] = [b"Parent", b"Annots", b"Metadata"];

/// A PDF file as bytes, with where each object starts.
pub(super) struct SourceFile<'a> {
    data: &'a [u8],
    /// Where each object's bytes are, by object number (`None`: free).
    spans: Vec<Option<Range<usize>>>,
    trailer: Dictionary,
}

impl<'a> SourceFile<'a> {
    /// The file's cross-reference table and trailer, or `None` for a file
    /// this reader does not take (see the module comment).
    pub(super) fn read(data: &'a [u8]) -> Option<Self> {
        let tail = data.len().saturating_sub(1024);
        let keyword = find_last(&data[tail..], b"startxref")? + tail;
        let mut lexer = Lexer {
            data,
            at: keyword + b"startxref".len(),
        };
        let xref_start = number::<usize>(data, &mut lexer)?;
        let mut lexer = Lexer {
            data,
            at: xref_start,
        };
        expect_keyword(&mut lexer, b"xref")?;
        let offsets = read_xref_sections(&mut lexer)?;
        let mut file = Self {
            data,
            spans: Vec::new(),
            trailer: Dictionary::new(),
        };
        let Object::Dictionary(trailer) = file.value(&mut lexer)? else {
            return None;
        };
        if trailer.has(b"Prev") || trailer.has(b"XRefStm") || trailer.has(b"Encrypt") {
            return None;
        }
        file.spans = spans_of(&offsets, xref_start)?;
        file.trailer = trailer;
        Some(file)
    }

    /// A document holding the catalog, the page tree and what the pages'
    /// resources and contents refer to; new objects are numbered after the
    /// file's last.
    pub(super) fn document(&self) -> Option<Document> {
        let mut doc = Document::new();
        doc.max_id = u32::try_from(self.spans.len().checked_sub(1)?).ok()?;
        let root = self.trailer.get(b"Root").ok()?.as_reference().ok()?;
        let catalog = self.object(root)?;
        let pages = catalog
            .as_dict()
            .ok()?
            .get(b"Pages")
            .ok()?
            .as_reference()
            .ok()?;
        doc.objects.insert(root, catalog);
        self.load_from(&mut doc, pages)?;
        doc.trailer = self.trailer.clone();
        Some(doc)
    }

    /// Loads `first` and everything it refers to (but [`NOT_FOLLOWED`]).
    fn load_from(&self, doc: &mut Document, first: ObjectId) -> Option<()> {
        let mut waiting = vec![first];
        while let Some(id) = waiting.pop() {
            if doc.objects.contains_key(&id) {
                continue;
            }
            let object = self.object(id)?;
            references(&object, &mut waiting);
            doc.objects.insert(id, object);
        }
        Some(())
    }

    /// The file again, with the objects of `doc` that differ from `original`
    /// (the document as loaded) or are new written in place of their old
    /// bytes, and every other object copied.
    pub(super) fn write(
        &self,
        doc: &Document,
        original: &BTreeMap<ObjectId, Object>,
    ) -> Option<Vec<u8>> {
        let size = usize::try_from(doc.max_id).ok()? + 1;
        let first = self.spans.iter().flatten().map(|span| span.start).min()?;
        let mut out = Vec::with_capacity(self.data.len() + self.data.len() / 4);
        out.extend_from_slice(&self.data[..first]);
        let mut offsets = vec![None; size];
        for (number, offset) in offsets.iter_mut().enumerate().skip(1) {
            let id = (u32::try_from(number).ok()?, 0);
            let changed = doc
                .objects
                .get(&id)
                .filter(|object| original.get(&id) != Some(*object));
            if let Some(object) = changed {
                *offset = Some(out.len());
                writeln!(out, "{number} 0 obj").ok()?;
                write_object(&mut out, object);
                out.extend_from_slice(b"\nendobj\n");
            } else if let Some(Some(span)) = self.spans.get(number) {
                *offset = Some(out.len());
                out.extend_from_slice(&self.data[span.clone()]);
            }
        }
        let xref_start = out.len();
        write_xref(&mut out, &offsets).ok()?;
        let mut trailer = self.trailer.clone();
        trailer.set("Size", i64::try_from(size).ok()?);
        out.extend_from_slice(b"trailer\n");
        write_object(&mut out, &Object::Dictionary(trailer));
        write!(out, "\nstartxref\n{xref_start}\n%%EOF\n").ok()?;
        Some(out)
    }

    /// Object `id` parsed from its bytes.
    fn object(&self, id: ObjectId) -> Option<Object> {
        if id.1 != 0 {
            return None;
        }
        let span = self.spans.get(usize::try_from(id.0).ok()?)?.clone()?;
        let mut lexer = Lexer {
            data: &self.data[..span.end],
            at: span.start,
        };
        if number::<u32>(lexer.data, &mut lexer)? != id.0
            || number::<u16>(lexer.data, &mut lexer)? != 0
        {
            return None;
        }
        expect_keyword(&mut lexer, b"obj")?;
        let object = self.value(&mut lexer)?;
        let Object::Dictionary(dict) = object else {
            return Some(object);
        };
        match lexer.next()? {
            Some((Token::Keyword(word), _)) if &self.data[word.clone()] == b"stream" => {
                let start = after_end_of_line(self.data, word.end);
                let length = match dict.get(b"Length").ok()? {
                    Object::Reference(length) => self.object(*length)?.as_i64().ok()?,
                    length => length.as_i64().ok()?,
                };
                let end = start.checked_add(usize::try_from(length).ok()?)?;
                let content = self.data.get(start..end)?.to_vec();
                Some(Object::Stream(
                    Stream::new(dict, content).with_compression(false),
                ))
            }
            _ => Some(Object::Dictionary(dict)),
        }
    }

    /// The next value of `lexer`.
    fn value(&self, lexer: &mut Lexer<'_>) -> Option<Object> {
        let (token, range) = lexer.next()??;
        self.value_from(lexer, token, range)
    }

    fn value_from(
        &self,
        lexer: &mut Lexer<'_>,
        token: Token,
        range: Range<usize>,
    ) -> Option<Object> {
        let data = lexer.data;
        Some(match token {
            Token::Number => number_or_reference(lexer, range)?,
            Token::Name(name) => Object::Name(decode_name(&data[name])),
            Token::Text(text) => {
                let mut bytes = Vec::new();
                string_bytes(data, &text, &mut bytes)?;
                let format = if data[text.start] == b'(' {
                    StringFormat::Literal
                } else {
                    StringFormat::Hexadecimal
                };
                Object::String(bytes, format)
            }
            Token::ArrayStart => {
                let mut items = Vec::new();
                loop {
                    match lexer.next()?? {
                        (Token::ArrayEnd, _) => break Object::Array(items),
                        (token, range) => items.push(self.value_from(lexer, token, range)?),
                    }
                }
            }
            Token::DictStart => {
                let mut dict = Dictionary::new();
                loop {
                    match lexer.next()?? {
                        (Token::DictEnd, _) => break Object::Dictionary(dict),
                        (Token::Name(key), _) => {
                            let value = self.value(lexer)?;
                            dict.set(decode_name(&data[key]), value);
                        }
                        _ => return None,
                    }
                }
            }
            Token::Keyword(word) => match &data[word] {
                b"true" => Object::Boolean(true),
                b"false" => Object::Boolean(false),
                b"null" => Object::Null,
                _ => return None,
            },
            Token::ArrayEnd | Token::DictEnd => return None,
        })
    }
}

/// The entries of the cross-reference sections after `xref`, up to and
/// including the `trailer` keyword: the offset of each object in use, by
/// number.
fn read_xref_sections(lexer: &mut Lexer<'_>) -> Option<Vec<Option<usize>>> {
    let data = lexer.data;
    let mut offsets: Vec<Option<usize>> = Vec::new();
    loop {
        match lexer.next()?? {
            (Token::Keyword(word), _) if &data[word.clone()] == b"trailer" => return Some(offsets),
            (Token::Number, range) => {
                let first = parse_number::<usize>(&data[range])?;
                let count = number::<usize>(data, lexer)?;
                let end = first.checked_add(count)?;
                if offsets.len() < end {
                    offsets.resize(end, None);
                }
                for slot in &mut offsets[first..end] {
                    let offset = number::<usize>(data, lexer)?;
                    let generation = number::<u32>(data, lexer)?;
                    let (Token::Keyword(kind), _) = lexer.next()?? else {
                        return None;
                    };
                    *slot = match &data[kind] {
                        b"n" if generation == 0 => Some(offset),
                        b"f" => None,
                        _ => return None,
                    };
                }
            }
            _ => return None,
        }
    }
}

/// Each object's bytes: from its offset to the next object's, the last to
/// the cross-reference table.
fn spans_of(offsets: &[Option<usize>], xref_start: usize) -> Option<Vec<Option<Range<usize>>>> {
    let mut starts: Vec<usize> = offsets.iter().flatten().copied().collect();
    starts.sort_unstable();
    starts.push(xref_start);
    offsets
        .iter()
        .map(|offset| {
            offset
                .map(|start| {
                    let next = starts.partition_point(|&other| other <= start);
                    let end = *starts.get(next)?;
                    (start < end).then_some(start..end)
                })
                .map_or(Some(None), |span| span.map(Some))
        })
        .collect()
}

/// Every reference inside `object`, but under [`NOT_FOLLOWED`] keys.
fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|item| references(item, out)),
        Object::Dictionary(dict) => dict_references(dict, out),
        Object::Stream(stream) => dict_references(&stream.dict, out),
        _ => {}
    }
}

fn dict_references(dict: &Dictionary, out: &mut Vec<ObjectId>) {
    for (key, value) in dict {
        if !NOT_FOLLOWED.contains(&key.as_slice()) {
            references(value, out);
        }
    }
}

/// A number, or a reference when two more tokens say `G R`.
fn number_or_reference(lexer: &mut Lexer<'_>, range: Range<usize>) -> Option<Object> {
    let data = lexer.data;
    let text = &data[range];
    if !text.contains(&b'.') {
        let saved = lexer.at;
        if let (Some(Some((Token::Number, generation))), Some(Some((Token::Keyword(r), _)))) =
            (lexer.next(), lexer.next())
            && &data[r] == b"R"
        {
            let number = parse_number::<u32>(text)?;
            return Some(Object::Reference((
                number,
                parse_number(&data[generation])?,
            )));
        }
        lexer.at = saved;
        return Some(Object::Integer(parse_number(text)?));
    }
    Some(Object::Real(parse_number(text)?))
}

/// The next token, which must be a number of type `T`.
fn number<T: std::str::FromStr>(data: &[u8], lexer: &mut Lexer<'_>) -> Option<T> {
    match lexer.next()?? {
        (Token::Number, range) => parse_number(&data[range]),
        _ => None,
    }
}

fn parse_number<T: std::str::FromStr>(text: &[u8]) -> Option<T> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

fn expect_keyword(lexer: &mut Lexer<'_>, keyword: &[u8]) -> Option<()> {
    match lexer.next()?? {
        (Token::Keyword(word), _) if &lexer.data[word.clone()] == keyword => Some(()),
        _ => None,
    }
}

/// Where a stream's data starts: after the end of line that follows `stream`.
fn after_end_of_line(data: &[u8], at: usize) -> usize {
    match (data.get(at), data.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        (Some(b'\r' | b'\n'), _) => at + 1,
        _ => at,
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// A name's bytes with its `#xx` escapes read.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut name = Vec::with_capacity(raw.len());
    let mut at = 0;
    while at < raw.len() {
        let escaped = (raw[at] == b'#')
            .then(|| raw.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                name.push(byte);
                at += 3;
            }
            None => {
                name.push(raw[at]);
                at += 1;
            }
        }
    }
    name
}

fn write_xref(out: &mut Vec<u8>, offsets: &[Option<usize>]) -> std::io::Result<()> {
    write!(out, "xref\n0 {}\n", offsets.len())?;
    out.extend_from_slice(b"0000000000 65535 f\r\n");
    for offset in offsets.iter().skip(1) {
        match offset {
            Some(offset) => write!(out, "{offset:010} 00000 n\r\n")?,
            None => out.extend_from_slice(b"0000000000 00001 f\r\n"),
        }
    }
    Ok(())
}

/// `object` in PDF syntax (a stream with its /Length set to its data).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Object::Integer(value) => out.extend_from_slice(value.to_string().as_bytes()),
        Object::Real(value) => out.extend_from_slice(value.to_string().as_bytes()),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, _) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode(bytes).as_bytes());
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict, None),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict, Some(stream.content.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((number, generation)) => {
            out.extend_from_slice(format!("{number} {generation} R").as_bytes());
        }
    }
}

/// A dictionary; with `length`, its /Length is that.
fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        if length.is_some() && key == b"Length" {
            continue;
        }
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    if let Some(length) = length {
        out.extend_from_slice(format!("/Length {length}").as_bytes());
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        let plain = (b'!'..=b'~').contains(&byte)
            && !matches!(
                byte,
                b'#' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
            );
        if plain {
            out.push(byte);
        } else {
            out.extend_from_slice(format!("#{byte:02X}").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PDF in the shape Typst writes, with byte offsets computed.
    fn sample() -> Vec<u8> {
        let objects: [&[u8]; 5] = [
            b"<</Type/Catalog/Pages 2 0 R/StructTreeRoot 5 0 R>>",
            b"<</Type/Pages/Count 1/Kids[3 0 R]>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.28 841.89]/Contents 4 0 R/Resources<</F#31 (x\\)y)>>>>",
            b"<</Length 5>>\nstream\nBT ET\nendstream",
            b"<</Type/StructTreeRoot/K[]>>",
        ];
        let mut pdf = b"%PDF-1.7\n%\x80\x80\n".to_vec();
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(Some(pdf.len()));
            pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
            pdf.extend_from_slice(object);
            pdf.extend_from_slice(b"\nendobj\n\n");
        }
        let xref = pdf.len();
        let mut all = vec![None];
        all.extend(offsets);
        write_xref(&mut pdf, &all).unwrap();
        pdf.extend_from_slice(
            format!("trailer\n<</Size 6/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    #[test]
    fn reads_only_what_the_pages_refer_to() {
        let pdf = sample();
        let file = SourceFile::read(&pdf).unwrap();
        let doc = file.document().unwrap();
        let ids: Vec<u32> = doc.objects.keys().map(|id| id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(doc.max_id, 5);
        let page = doc.get_dictionary((3, 0)).unwrap();
        let resources = page.get(b"Resources").unwrap().as_dict().unwrap();
        assert_eq!(resources.get(b"F1").unwrap().as_str().unwrap(), b"x)y");
        assert_eq!(page.get(b"Parent").unwrap().as_reference().unwrap(), (2, 0));
        let media_box = page.get(b"MediaBox").unwrap().as_array().unwrap();
        assert!(matches!(media_box[2], Object::Real(width) if (width - 595.28).abs() < 1e-3));
        let content = doc.get_object((4, 0)).unwrap().as_stream().unwrap();
        assert_eq!(content.content, b"BT ET");
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn writes_changed_and_new_objects_and_copies_the_rest() {
        let pdf = sample();
        let file = SourceFile::read(&pdf).unwrap();
        let mut doc = file.document().unwrap();
        let original = doc.objects.clone();
        let added = doc.add_object(Stream::new(Dictionary::new(), b"q Q".to_vec()));
        doc.objects.insert(
            (4, 0),
            Object::Stream(Stream::new(Dictionary::new(), b"BT /F1 1 Tf ET".to_vec())),
        );
        let out = file.write(&doc, &original).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains("5 0 obj\n<</Type/StructTreeRoot/K[]>>\nendobj"),
            "{text}"
        );
        let read = Document::load_mem(&out).unwrap();
        assert_eq!(added, (6, 0));
        assert_eq!(
            read.get_object(added).unwrap().as_stream().unwrap().content,
            b"q Q"
        );
        let content = read.get_object((4, 0)).unwrap().as_stream().unwrap();
        assert_eq!(content.content, b"BT /F1 1 Tf ET");
        let page = read.get_dictionary((3, 0)).unwrap();
        let resources = page.get(b"Resources").unwrap().as_dict().unwrap();
        assert_eq!(resources.get(b"F1").unwrap().as_str().unwrap(), b"x)y");
        assert_eq!(read.trailer.get(b"Size").unwrap().as_i64().unwrap(), 7);
        let again = SourceFile::read(&out).unwrap().document().unwrap();
        assert_eq!(again.max_id, 6);
    }

    #[test]
    fn leaves_files_it_does_not_take() {
        let mut pdf = sample();
        let updated = String::from_utf8_lossy(&pdf).replace("/Size 6", "/Size 6/Prev 9");
        assert!(SourceFile::read(updated.as_bytes()).is_none());
        pdf.truncate(pdf.len() - 30);
        assert!(SourceFile::read(&pdf).is_none());
    }
}

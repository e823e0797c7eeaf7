//! The embedded font subsets whose character maps the pass rewrites.
//!
//! Typst embeds each font as a two-byte (Identity-H) CID font over a TrueType
//! subset whose glyph ids are the codes in the content streams. For each such
//! font a [`FontPlan`] holds what every code draws (from the subset's glyph
//! names, see `glyph_names`) and the extra codes the pass adds for sara am,
//! where one character is drawn as two glyphs: nikhahit (reads as nothing) and
//! sara aa (reads as ำ). The extra codes draw the same glyphs as the originals
//! (through a CIDToGIDMap), so the page looks exactly as Typst laid it out.

use std::collections::BTreeMap;
use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::cmap;
use super::glyph_names::GlyphNames;

/// Codes for glyphs that read as nothing: the numbers of zero-width format
/// characters (ZWSP, ZWNJ, ZWJ, word joiner, invisible operators).
const INVISIBLE_CODES: [u16; 8] = [
    0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
];

/// What the pass knows and changes about one embedded font.
pub(super) struct FontPlan {
    /// Text of each code; `None` when nothing tells (the code is left unmapped).
    texts: Vec<Option<String>>,
    /// Extra codes: (glyph drawn, text read) → code.
    extra: BTreeMap<(u16, String), u16>,
}

impl FontPlan {
    /// The text code `code` reads as, if known.
    pub(super) fn text(&self, code: u16) -> Option<&str> {
        if let Some(text) = self.texts.get(usize::from(code)) {
            return text.as_deref();
        }
        self.extra
            .iter()
            .find(|(_, extra)| **extra == code)
            .map(|((_, text), _)| text.as_str())
    }

    /// A code drawing glyph `glyph` that reads as `text` (added once).
    ///
    /// A code that reads as nothing is numbered as an invisible format
    /// character (U+200B …): pdf.js reads a code its map leaves empty as the
    /// character with the code's own number and drops format characters, while
    /// other readers take the empty entry as it is.
    pub(super) fn code_reading_as(&mut self, glyph: u16, text: &str) -> Option<u16> {
        let key = (glyph, text.to_owned());
        if let Some(code) = self.extra.get(&key) {
            return Some(*code);
        }
        let taken = |code: &u16| {
            usize::from(*code) < self.texts.len() || self.extra.values().any(|c| c == code)
        };
        let code = if text.is_empty() {
            INVISIBLE_CODES.into_iter().find(|code| !taken(code))?
        } else {
            (0..=u16::MAX)
                .skip(self.texts.len())
                .find(|code| !taken(code))?
        };
        self.extra.insert(key, code);
        Some(code)
    }
}

/// Plans for every font of `doc` the pass understands, by font object.
pub(super) fn plans(doc: &Document, names: &GlyphNames) -> BTreeMap<ObjectId, FontPlan> {
    doc.objects
        .iter()
        .filter_map(|(id, object)| Some((*id, plan(doc, object.as_dict().ok()?, names)?)))
        .collect()
}

fn plan(doc: &Document, font: &Dictionary, names: &GlyphNames) -> Option<FontPlan> {
    if font.get(b"Subtype").ok()?.as_name().ok()? != b"Type0"
        || font.get(b"Encoding").ok()?.as_name().ok()? != b"Identity-H"
    {
        return None;
    }
    let descendant = descendant(doc, font)?;
    if descendant.get(b"CIDToGIDMap").ok()?.as_name().ok()? != b"Identity" {
        return None;
    }
    let descriptor = resolve(doc, descendant.get(b"FontDescriptor").ok()?)?
        .as_dict()
        .ok()?;
    let file = resolve(doc, descriptor.get(b"FontFile2").ok()?)?
        .as_stream()
        .ok()?;
    let data = file.get_plain_content().ok()?;
    let face = ttf_parser::Face::parse(&data, 0).ok()?;
    let original = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|object| resolve(doc, object))
        .and_then(|object| object.as_stream().ok())
        .and_then(|stream| stream.get_plain_content().ok())
        .map(|content| cmap::read(&content))
        .unwrap_or_default();
    let texts = (0..face.number_of_glyphs())
        .map(|glyph| {
            if glyph == 0 {
                return None;
            }
            face.glyph_name(ttf_parser::GlyphId(glyph))
                .and_then(|name| names.text_of(name))
                // A name that says nothing: keep the writer's entry when it is
                // one character (longer ones are the clusters this pass undoes).
                .or_else(|| {
                    original
                        .get(&glyph)
                        .filter(|t| t.chars().count() == 1)
                        .cloned()
                })
        })
        .collect();
    Some(FontPlan {
        texts,
        extra: BTreeMap::new(),
    })
}

fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    let first = resolve(doc, font.get(b"DescendantFonts").ok()?)?
        .as_array()
        .ok()?
        .first()?;
    resolve(doc, first)?.as_dict().ok()
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// Writes each plan back: a new ToUnicode map and, for fonts that gained
/// codes, their glyphs, widths and CID set.
pub(super) fn apply(doc: &mut Document, plans: BTreeMap<ObjectId, FontPlan>) {
    for (font_id, plan) in plans {
        let mut map = BTreeMap::new();
        for (code, text) in plan.texts.iter().enumerate() {
            if let (Ok(code), Some(text)) = (u16::try_from(code), text) {
                map.insert(code, text.clone());
            }
        }
        for ((_, text), code) in &plan.extra {
            map.insert(*code, text.clone());
        }
        let to_unicode = compressed_stream(Dictionary::new(), &cmap::write(&map));
        let existing = doc
            .get_dictionary(font_id)
            .ok()
            .and_then(|font| font.get(b"ToUnicode").ok()?.as_reference().ok());
        match existing {
            // In place: the old map would otherwise be left behind.
            Some(id) => {
                doc.objects.insert(id, Object::Stream(to_unicode));
            }
            None => {
                let id = doc.add_object(to_unicode);
                if let Ok(font) = doc.get_dictionary_mut(font_id) {
                    font.set("ToUnicode", id);
                }
            }
        }
        if !plan.extra.is_empty() {
            add_extra_codes(doc, font_id, &plan);
        }
    }
}

fn add_extra_codes(doc: &mut Document, font_id: ObjectId, plan: &FontPlan) {
    let Some(descendant_id) = doc
        .get_dictionary(font_id)
        .ok()
        .and_then(|font| font.get(b"DescendantFonts").ok())
        .and_then(|fonts| resolve(doc, fonts))
        .and_then(|fonts| fonts.as_array().ok()?.first()?.as_reference().ok())
    else {
        return;
    };
    let mut extra: Vec<_> = plan
        .extra
        .iter()
        .map(|((glyph, _), code)| (*code, *glyph))
        .collect();
    extra.sort_unstable();
    // Code → glyph: the subset's own codes are its glyph ids; codes between
    // them and the extra ones draw nothing (.notdef) and are never used.
    let last = extra.last().map_or(0, |(code, _)| usize::from(*code));
    let mut glyph_of = vec![0u16; last.max(plan.texts.len()) + 1];
    for (code, glyph) in glyph_of.iter_mut().enumerate().take(plan.texts.len()) {
        *glyph = u16::try_from(code).unwrap_or(0);
    }
    for (code, glyph) in &extra {
        glyph_of[usize::from(*code)] = *glyph;
    }
    let gids: Vec<u8> = glyph_of
        .iter()
        .flat_map(|glyph| glyph.to_be_bytes())
        .collect();
    let map_id = doc.add_object(compressed_stream(Dictionary::new(), &gids));
    let widths = doc
        .get_dictionary(descendant_id)
        .ok()
        .and_then(|d| d.get(b"W").ok())
        .and_then(|w| resolve(doc, w))
        .and_then(|w| w.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let mut new_widths = widths.clone();
    for (code, glyph) in &extra {
        if let Some(width) = width_of(&widths, *glyph) {
            new_widths.push(Object::Integer(i64::from(*code)));
            new_widths.push(Object::Array(vec![width]));
        }
    }
    let descriptor_id = doc
        .get_dictionary(descendant_id)
        .ok()
        .and_then(|d| d.get(b"FontDescriptor").ok()?.as_reference().ok());
    if let Ok(descendant) = doc.get_dictionary_mut(descendant_id) {
        descendant.set("CIDToGIDMap", map_id);
        descendant.set("W", Object::Array(new_widths));
    }
    if let Some(descriptor_id) = descriptor_id {
        extend_cid_set(doc, descriptor_id, extra.iter().map(|(code, _)| *code));
    }
}

/// The width a `W` array gives `code`.
fn width_of(widths: &[Object], code: u16) -> Option<Object> {
    let code = i64::from(code);
    let mut index = 0;
    while index + 1 < widths.len() {
        let first = widths[index].as_i64().ok()?;
        if let Ok(list) = widths[index + 1].as_array() {
            let offset = code - first;
            if (0..list.len() as i64).contains(&offset) {
                return list.get(usize::try_from(offset).ok()?).cloned();
            }
            index += 2;
        } else {
            let last = widths[index + 1].as_i64().ok()?;
            if (first..=last).contains(&code) {
                return widths.get(index + 2).cloned();
            }
            index += 3;
        }
    }
    None
}

/// Marks the new codes in the descriptor's CID set, when it has one.
fn extend_cid_set(doc: &mut Document, descriptor_id: ObjectId, codes: impl Iterator<Item = u16>) {
    let Some(set_id) = doc
        .get_dictionary(descriptor_id)
        .ok()
        .and_then(|d| d.get(b"CIDSet").ok()?.as_reference().ok())
    else {
        return;
    };
    let Some(mut bits) = doc
        .get_object(set_id)
        .ok()
        .and_then(|o| o.as_stream().ok()?.get_plain_content().ok())
    else {
        return;
    };
    for code in codes {
        let byte = usize::from(code / 8);
        if bits.len() <= byte {
            bits.resize(byte + 1, 0);
        }
        bits[byte] |= 0x80 >> (code % 8);
    }
    doc.objects.insert(
        set_id,
        Object::Stream(compressed_stream(Dictionary::new(), &bits)),
    );
}

/// A Flate-compressed stream (fast level: the pass must stay cheap).
pub(super) fn compressed_stream(mut dict: Dictionary, content: &[u8]) -> Stream {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let compressed = encoder
        .write_all(content)
        .and_then(|()| encoder.finish())
        .ok();
    match compressed {
        Some(bytes) => {
            dict.set("Filter", "FlateDecode");
            Stream::new(dict, bytes).with_compression(false)
        }
        None => Stream::new(dict, content.to_vec()).with_compression(false),
    }
}

//! A pass over the PDFs Typst writes that makes their text layer read back as
//! exactly the text that was typeset.
//!
//! Typst 0.15 (through krilla) maps each glyph to the text of the first
//! cluster it appeared in and repeats a cluster's /ActualText on every run the
//! cluster is split over, so Thai extracts doubled ("ท้องถิ่ถิ่น") or garbled
//! in every reader (upstream typst#4225 and #8767, krilla#411 and #425; no
//! release fixes them). The fix is ours and runs after the writer: each font's
//! ToUnicode map is rebuilt from its glyphs' own names (`subset_fonts`,
//! `glyph_names`, `cmap`) and each content stream gets one /ActualText span
//! per cluster (`clusters`). Drawing is untouched: every glyph stays at its
//! place, only codes that read differently are added.
//!
//! A PDF the pass cannot read (see `file` for what it takes) is returned as
//! it came: the document is still right on paper, and the tests that read
//! every document kind back catch it.
//!
//! A crate of its own so that it can be optimised in the `ci` profile, whose
//! benchmark holds it to a tenth of a render, while the product's larger
//! crates build unoptimised there.

mod clusters;
mod cmap;
mod content;
mod file;
mod glyph_names;
mod subset_fonts;

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;

use glyph_names::GlyphNames;
pub use glyph_names::for_each_mapped_glyph;
use subset_fonts::compressed_stream;

/// The pass, with what it knows of the fonts a document can embed.
#[derive(Debug)]
pub struct TextLayer {
    names: GlyphNames,
}

impl TextLayer {
    /// A pass that reads glyph names through the character maps of `fonts`
    /// (the TrueType or OpenType files the renderer embeds).
    #[must_use]
    pub fn new(fonts: &[&[u8]]) -> Self {
        Self {
            names: GlyphNames::from_fonts(fonts),
        }
    }

    /// `pdf` with an exact text layer (or unchanged when it cannot be read).
    #[must_use]
    pub fn apply(&self, pdf: Vec<u8>) -> Vec<u8> {
        rewrite(&pdf, &self.names).unwrap_or(pdf)
    }
}

fn rewrite(pdf: &[u8], names: &GlyphNames) -> Option<Vec<u8>> {
    let source = file::SourceFile::read(pdf)?;
    let mut doc = source.document()?;
    let original = doc.objects.clone();
    let mut plans = subset_fonts::plans(&doc, names);
    if plans.is_empty() {
        return None;
    }
    // Every content stream: the pages' and the form XObjects' (Typst draws
    // some content, such as repeated headers, in them).
    let streams: Vec<ContentStream> = doc
        .get_pages()
        .into_values()
        .map(ContentStream::Page)
        .chain(form_ids(&doc).into_iter().map(ContentStream::Form))
        .collect();
    let mut prepared = streams
        .par_iter()
        .map(|stream| {
            let (data, fonts) = stream.read(&doc)?;
            clusters::prepare(data, &fonts, &plans)
        })
        .collect::<Option<Vec<_>>>()?;
    for stream in &mut prepared {
        stream.join_sara_am(&mut plans);
    }
    let written: Vec<lopdf::Stream> = prepared
        .par_iter()
        .map(|stream| compressed_stream(Dictionary::new(), &stream.write(&plans)))
        .collect();
    for (stream, content) in streams.into_iter().zip(written) {
        stream.replace(&mut doc, content)?;
    }
    subset_fonts::apply(&mut doc, plans);
    source.write(&doc, &original)
}

/// A content stream's font resources: name → font object.
type Fonts = HashMap<Vec<u8>, ObjectId>;

/// A content stream of the document.
enum ContentStream {
    Page(ObjectId),
    Form(ObjectId),
}

impl ContentStream {
    /// Its decoded content and its font resources.
    fn read(&self, doc: &Document) -> Option<(Vec<u8>, Fonts)> {
        match *self {
            Self::Page(page) => Some((doc.get_page_content(page).ok()?, page_fonts(doc, page))),
            Self::Form(form) => {
                let stream = doc.get_object(form).ok()?.as_stream().ok()?;
                let fonts = match stream.dict.get(b"Resources") {
                    Ok(Object::Reference(id)) => fonts_of(doc, doc.get_dictionary(*id).ok()?),
                    Ok(Object::Dictionary(resources)) => fonts_of(doc, resources),
                    _ => HashMap::new(),
                };
                Some((stream.get_plain_content().ok()?, fonts))
            }
        }
    }

    /// Puts `content` (compressed, without a dictionary of its own) in its
    /// place. A page whose content was an array of streams gets one new
    /// stream; the old ones stay in the file unused (Typst writes one).
    fn replace(self, doc: &mut Document, content: lopdf::Stream) -> Option<()> {
        match self {
            Self::Page(page) => {
                if let Ok(Object::Reference(id)) = doc.get_dictionary(page).ok()?.get(b"Contents") {
                    let id = *id;
                    if doc.get_object(id).ok()?.as_stream().is_ok() {
                        doc.objects.insert(id, Object::Stream(content));
                        return Some(());
                    }
                }
                let id = doc.add_object(content);
                doc.get_dictionary_mut(page).ok()?.set("Contents", id);
            }
            Self::Form(form) => {
                let Object::Stream(old) = doc.get_object_mut(form).ok()? else {
                    return None;
                };
                let mut dict = old.dict.clone();
                dict.remove(b"DecodeParms");
                dict.set("Filter", "FlateDecode");
                dict.set("Length", i64::try_from(content.content.len()).ok()?);
                *old = lopdf::Stream::new(dict, content.content).with_compression(false);
            }
        }
        Some(())
    }
}

/// Font resource name → font object, of a page (its own or inherited resources).
fn page_fonts(doc: &Document, page_id: ObjectId) -> Fonts {
    let Ok((own, inherited)) = doc.get_page_resources(page_id) else {
        return HashMap::new();
    };
    let mut fonts = HashMap::new();
    for resources in inherited
        .iter()
        .rev()
        .filter_map(|id| doc.get_dictionary(*id).ok())
        .chain(own)
    {
        fonts.extend(fonts_of(doc, resources));
    }
    fonts
}

fn fonts_of(doc: &Document, resources: &Dictionary) -> Fonts {
    let font_dict = match resources.get(b"Font") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(Object::Dictionary(dict)) => Some(dict),
        _ => None,
    };
    font_dict
        .into_iter()
        .flat_map(|dict| dict.iter())
        .filter_map(|(name, font)| Some((name.clone(), font.as_reference().ok()?)))
        .collect()
}

/// Form XObjects that show text.
fn form_ids(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter_map(|(id, object)| {
            let stream = object.as_stream().ok()?;
            let is_form = stream.dict.get(b"Subtype").ok()?.as_name().ok()? == b"Form";
            let resources = match stream.dict.get(b"Resources").ok()? {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                Object::Dictionary(resources) => resources,
                _ => return None,
            };
            (is_form && !fonts_of(doc, resources).is_empty()).then_some(*id)
        })
        .collect()
}

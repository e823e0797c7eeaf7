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
//! A PDF the pass cannot read is returned as it came: the document is still
//! right on paper, and the tests that read every document kind back catch it.
//!
//! A crate of its own so that it can be optimised in the `ci` profile, whose
//! benchmark holds it to a tenth of a render, while the product's larger
//! crates build unoptimised there.

mod clusters;
mod cmap;
mod content;
mod glyph_names;
mod subset_fonts;

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId};

use glyph_names::GlyphNames;
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
    let mut doc = Document::load_mem(pdf).ok()?;
    let mut plans = subset_fonts::plans(&doc, names);
    if plans.is_empty() {
        return None;
    }
    for page_id in doc.get_pages().into_values() {
        let fonts = page_fonts(&doc, page_id);
        let content = doc.get_page_content(page_id).ok()?;
        let encoded = clusters::rewrite(&content, &fonts, &mut plans)?;
        let stream = doc.add_object(compressed_stream(Dictionary::new(), &encoded));
        doc.get_dictionary_mut(page_id)
            .ok()?
            .set("Contents", stream);
    }
    for form_id in form_ids(&doc) {
        rewrite_form(&mut doc, form_id, &mut plans)?;
    }
    subset_fonts::apply(&mut doc, plans);
    doc.prune_objects();
    let mut out = Vec::with_capacity(pdf.len() + pdf.len() / 8);
    doc.save_to(&mut out).ok()?;
    Some(out)
}

/// Font resource name → font object, of a page (its own or inherited resources).
fn page_fonts(doc: &Document, page_id: ObjectId) -> HashMap<Vec<u8>, ObjectId> {
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

fn fonts_of(doc: &Document, resources: &Dictionary) -> HashMap<Vec<u8>, ObjectId> {
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

/// Form XObjects (Typst draws some content, such as repeated headers, in them).
fn form_ids(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter_map(|(id, object)| {
            let stream = object.as_stream().ok()?;
            (stream.dict.get(b"Subtype").ok()?.as_name().ok()? == b"Form").then_some(*id)
        })
        .collect()
}

fn rewrite_form(
    doc: &mut Document,
    form_id: ObjectId,
    plans: &mut BTreeMap<ObjectId, subset_fonts::FontPlan>,
) -> Option<()> {
    let stream = doc.get_object(form_id).ok()?.as_stream().ok()?;
    let fonts = match stream.dict.get(b"Resources") {
        Ok(Object::Reference(id)) => fonts_of(doc, doc.get_dictionary(*id).ok()?),
        Ok(Object::Dictionary(resources)) => fonts_of(doc, resources),
        _ => HashMap::new(),
    };
    if fonts.is_empty() {
        return Some(());
    }
    let encoded = clusters::rewrite(&stream.get_plain_content().ok()?, &fonts, plans)?;
    let mut dict = stream.dict.clone();
    dict.remove(b"Filter");
    dict.remove(b"DecodeParms");
    doc.objects
        .insert(form_id, Object::Stream(compressed_stream(dict, &encoded)));
    Some(())
}

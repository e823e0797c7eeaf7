//! The content-stream half of the pass: one marked span of /ActualText per
//! cluster, given once.
//!
//! Typst wraps clusters in /ActualText spans, but where a mark is raised or
//! moved it starts a new text run and repeats the span with the whole
//! cluster's text, so readers that honour /ActualText (poppler, MuPDF) read
//! the cluster twice ("ท้องถิ่ถิ่น"). This pass drops those spans and writes its
//! own: every cluster of more than one glyph (a base and its marks, sara am's
//! two glyphs) gets one span with its text where it starts and, where it goes
//! on in a later run, empty spans, so each cluster reads exactly once. Readers
//! that ignore /ActualText (pdf.js, pypdf) read the per-glyph map instead,
//! which `subset_fonts` makes exact; the spans also keep poppler from sorting a
//! mark after the next letter.

use std::collections::{BTreeMap, HashMap};

use lopdf::ObjectId;

use super::content::{self, Op, OpKind, ShowItem};
use super::subset_fonts::FontPlan;

const NIKHAHIT: &str = "\u{e4d}";
const SARA_AA: &str = "\u{e32}";
const SARA_AM: &str = "\u{e33}";

/// One glyph of a text-showing operation.
struct Glyph {
    op: usize,
    font: ObjectId,
    code: u16,
    /// Inside a span of the writer's whose text has sara am.
    in_sara_am: bool,
}

/// One content stream read and its glyphs found, before sara am's codes are
/// given out (which needs every font's plan, so it runs one stream at a time,
/// while reading and writing streams runs in parallel).
pub(super) struct Prepared {
    data: Vec<u8>,
    ops: Vec<Op>,
    dropped: Vec<bool>,
    glyphs: Vec<Glyph>,
}

/// Reads `data` (one content stream), or `None` when it cannot be read.
/// `fonts` maps the stream's font resource names to font objects.
pub(super) fn prepare(
    data: Vec<u8>,
    fonts: &HashMap<Vec<u8>, ObjectId>,
    plans: &BTreeMap<ObjectId, FontPlan>,
) -> Option<Prepared> {
    let content::Parsed { ops, codes } = content::parse(&data)?;
    let font_at = current_fonts(&ops, fonts);
    let handled: Vec<bool> = ops
        .iter()
        .zip(&font_at)
        .map(|(op, font)| handled_op(op, *font, plans))
        .collect();
    let spans = writer_spans(&ops, &handled);
    let glyphs = collect_glyphs(&ops, &codes, &font_at, &spans, &handled);
    Some(Prepared {
        data,
        ops,
        dropped: spans.dropped,
        glyphs,
    })
}

impl Prepared {
    /// Gives sara am's glyphs their codes (see [`join_sara_am`]).
    pub(super) fn join_sara_am(&mut self, plans: &mut BTreeMap<ObjectId, FontPlan>) {
        join_sara_am(&mut self.glyphs, plans);
    }

    /// The stream with exact spans.
    pub(super) fn write(&self, plans: &BTreeMap<ObjectId, FontPlan>) -> Vec<u8> {
        let clusters = Clusters::of(&self.glyphs, plans);
        emit(
            &self.data,
            &self.ops,
            &self.dropped,
            &self.glyphs,
            &clusters,
        )
    }
}

/// The font in effect at each operation.
fn current_fonts(ops: &[Op], fonts: &HashMap<Vec<u8>, ObjectId>) -> Vec<Option<ObjectId>> {
    let mut current = None;
    let mut saved = Vec::new();
    ops.iter()
        .map(|op| {
            match &op.kind {
                OpKind::Font(name) => current = fonts.get(name).copied(),
                OpKind::Save => saved.push(current),
                OpKind::Restore => current = saved.pop().unwrap_or(current),
                _ => {}
            }
            current
        })
        .collect()
}

/// A Tj/TJ in a font the pass understands, every string of two-byte codes.
fn handled_op(op: &Op, font: Option<ObjectId>, plans: &BTreeMap<ObjectId, FontPlan>) -> bool {
    let OpKind::Show(items) = &op.kind else {
        return false;
    };
    font.is_some_and(|font| plans.contains_key(&font))
        && items.iter().all(|item| match item {
            ShowItem::Codes(range) => range.len().is_multiple_of(2),
            ShowItem::Adjust(_) => true,
        })
}

/// The writer's /ActualText spans.
struct WriterSpans {
    /// Indices of the BDC/EMC operations of spans to drop (all their text is
    /// in fonts the pass rewrites).
    dropped: Vec<bool>,
    /// For each operation, whether an enclosing span's text has sara am.
    sara_am: Vec<bool>,
}

fn writer_spans(ops: &[Op], handled: &[bool]) -> WriterSpans {
    let mut open: Vec<(usize, Option<&String>)> = Vec::new();
    let mut dropped = vec![false; ops.len()];
    let mut sara_am = vec![false; ops.len()];
    for (index, op) in ops.iter().enumerate() {
        match &op.kind {
            OpKind::Begin(text) => open.push((index, text.as_ref())),
            OpKind::End => {
                let Some((start, Some(text))) = open.pop() else {
                    continue;
                };
                let inner = start + 1..index;
                let only_handled_text = inner.clone().all(|i| {
                    handled[i] || !matches!(&ops[i].kind, OpKind::Show(_) | OpKind::OtherText)
                });
                if only_handled_text {
                    dropped[start] = true;
                    dropped[index] = true;
                }
                if text.contains(SARA_AM) {
                    sara_am[inner].fill(true);
                }
            }
            _ => {}
        }
    }
    WriterSpans { dropped, sara_am }
}

fn collect_glyphs(
    ops: &[Op],
    codes: &[u8],
    font_at: &[Option<ObjectId>],
    spans: &WriterSpans,
    handled: &[bool],
) -> Vec<Glyph> {
    let mut glyphs = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let (OpKind::Show(items), Some(font), true) = (&op.kind, font_at[index], handled[index])
        else {
            continue;
        };
        for item in items {
            let ShowItem::Codes(range) = item else {
                continue;
            };
            for pair in codes[range.clone()].chunks(2) {
                glyphs.push(Glyph {
                    op: index,
                    font,
                    code: u16::from_be_bytes([pair[0], pair[1]]),
                    in_sara_am: spans.sara_am[index],
                });
            }
        }
    }
    glyphs
}

fn text_of<'a>(glyph: &Glyph, plans: &'a BTreeMap<ObjectId, FontPlan>) -> Option<&'a str> {
    plans.get(&glyph.font)?.text(glyph.code)
}

fn is_mark(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(unicode_normalization::char::is_combining_mark)
}

/// Sara am is drawn as nikhahit (alone, or in one glyph with a tone mark),
/// any tone mark, then sara aa: the nikhahit's glyph gets a code that reads as
/// its other marks only and the sara aa one that reads as ำ. Only inside the
/// writer's spans whose text has ำ, so a nikhahit and sara aa the clerk typed
/// as two characters still read as two.
fn join_sara_am(glyphs: &mut [Glyph], plans: &mut BTreeMap<ObjectId, FontPlan>) {
    for start in 0..glyphs.len() {
        let Some(ring) = text_of(&glyphs[start], plans)
            .filter(|text| glyphs[start].in_sara_am && text.contains(NIKHAHIT))
            .filter(|text| {
                text.chars()
                    .all(unicode_normalization::char::is_combining_mark)
            })
            .map(|text| text.replace(NIKHAHIT, ""))
        else {
            continue;
        };
        let mut end = start + 1;
        while end < glyphs.len() && text_of(&glyphs[end], plans).is_some_and(is_mark) {
            end += 1;
        }
        if end == glyphs.len()
            || glyphs[end].font != glyphs[start].font
            || text_of(&glyphs[end], plans) != Some(SARA_AA)
        {
            continue;
        }
        let Some(plan) = plans.get_mut(&glyphs[start].font) else {
            continue;
        };
        if let (Some(ring), Some(vowel)) = (
            plan.code_reading_as(glyphs[start].code, &ring),
            plan.code_reading_as(glyphs[end].code, SARA_AM),
        ) {
            glyphs[start].code = ring;
            glyphs[end].code = vowel;
        }
    }
}

/// Which cluster each glyph belongs to, and the text of clusters to span.
struct Clusters {
    of_glyph: Vec<usize>,
    /// For each cluster, its text when it gets a span (more than one glyph,
    /// every glyph's text known).
    spanned: Vec<Option<String>>,
}

impl Clusters {
    fn of(glyphs: &[Glyph], plans: &BTreeMap<ObjectId, FontPlan>) -> Self {
        let texts: Vec<Option<&str>> = glyphs.iter().map(|g| text_of(g, plans)).collect();
        let mut of_glyph = Vec::with_capacity(glyphs.len());
        // The first glyph of each cluster.
        let mut starts: Vec<usize> = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let continues = text.is_some_and(|t| t.is_empty() || t == SARA_AM || is_mark(t));
            if !continues || starts.is_empty() {
                starts.push(index);
            }
            of_glyph.push(starts.len() - 1);
        }
        let spanned = starts
            .iter()
            .enumerate()
            .map(|(cluster, &start)| {
                let end = starts.get(cluster + 1).copied().unwrap_or(texts.len());
                (end - start > 1)
                    .then(|| {
                        texts[start..end]
                            .iter()
                            .copied()
                            .collect::<Option<String>>()
                    })
                    .flatten()
            })
            .collect();
        Self { of_glyph, spanned }
    }
}

/// The stream again, with the writer's spans dropped and each handled text
/// operation split at cluster edges, spanned clusters inside BDC/EMC.
fn emit(
    data: &[u8],
    ops: &[Op],
    dropped: &[bool],
    glyphs: &[Glyph],
    clusters: &Clusters,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 2);
    let mut next_glyph = 0;
    let mut begun = vec![false; clusters.spanned.len()];
    for (index, op) in ops.iter().enumerate() {
        if dropped[index] {
            continue;
        }
        match &op.kind {
            OpKind::Show(items) if glyphs.get(next_glyph).is_some_and(|g| g.op == index) => {
                for (cluster, piece) in pieces(data, items, glyphs, clusters, &mut next_glyph) {
                    let span = cluster.map(|cluster| {
                        if std::mem::replace(&mut begun[cluster], true) {
                            ""
                        } else {
                            clusters.spanned[cluster].as_deref().unwrap_or_default()
                        }
                    });
                    write_piece(&mut out, span, &piece);
                }
            }
            _ => {
                out.extend_from_slice(&data[op.raw.clone()]);
                out.push(b'\n');
            }
        }
    }
    out
}

/// One text operation's array split where spanning changes: each piece with
/// the cluster it spans (`None`: no span) and its content (codes as hex,
/// adjustments as written). Advances `next_glyph` past the operation's glyphs.
fn pieces(
    data: &[u8],
    items: &[ShowItem],
    glyphs: &[Glyph],
    clusters: &Clusters,
    next_glyph: &mut usize,
) -> Vec<(Option<usize>, Vec<u8>)> {
    let mut pieces: Vec<(Option<usize>, Vec<u8>)> = Vec::new();
    for item in items {
        match item {
            ShowItem::Adjust(range) => {
                let number = &data[range.clone()];
                match pieces.last_mut() {
                    Some((_, piece)) => {
                        piece.push(b' ');
                        piece.extend_from_slice(number);
                        piece.push(b' ');
                    }
                    None => pieces.push((None, [number, b" "].concat())),
                }
            }
            ShowItem::Codes(range) => {
                for _ in 0..range.len() / 2 {
                    let cluster = clusters.of_glyph[*next_glyph];
                    let key = clusters.spanned[cluster].is_some().then_some(cluster);
                    if pieces.last().is_none_or(|(last, _)| *last != key) {
                        pieces.push((key, Vec::with_capacity(32)));
                    }
                    if let Some((_, piece)) = pieces.last_mut() {
                        push_hex_code(piece, glyphs[*next_glyph].code);
                    }
                    *next_glyph += 1;
                }
            }
        }
    }
    pieces
}

/// `[piece]TJ`, inside a span with `span` as its /ActualText when given.
fn write_piece(out: &mut Vec<u8>, span: Option<&str>, piece: &[u8]) {
    if let Some(text) = span {
        out.extend_from_slice(b"/Span<</ActualText<FEFF");
        for unit in text.encode_utf16() {
            push_hex(out, unit);
        }
        out.extend_from_slice(b">>>BDC\n");
    }
    out.push(b'[');
    out.extend_from_slice(piece);
    out.extend_from_slice(b"]TJ\n");
    if span.is_some() {
        out.extend_from_slice(b"EMC\n");
    }
}

/// `<XXXX>`: a two-byte code as a hex string.
fn push_hex_code(out: &mut Vec<u8>, code: u16) {
    out.push(b'<');
    push_hex(out, code);
    out.push(b'>');
}

fn push_hex(out: &mut Vec<u8>, value: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[usize::from((value >> shift) & 0xF)]);
    }
}

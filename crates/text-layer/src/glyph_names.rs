//! What text a glyph stands for, read from its name.
//!
//! The fonts Typst embeds are subsets that keep their `post` glyph names
//! ("uni0E49.narrow", "uni0E48.small", "period", "f_i") but no character map,
//! and the character map Typst writes beside them (ToUnicode) gives a whole
//! cluster to its first glyph and nothing to the marks. A glyph's own name is
//! the reliable record of what it draws: names in the `uniXXXX`/`uXXXXX` form
//! spell the code points; other names ("period", "A") are looked up in the
//! character maps of the fonts the program embeds, where the same glyph carries
//! the same name (the fonts given to [`crate::TextLayer::new`]); a suffix after
//! a dot names a variant of the same character and an underscore joins the
//! parts of a ligature.

use std::collections::HashMap;

/// Calls `visit` with each character the font `data` (TrueType or OpenType)
/// maps to a glyph other than .notdef, and that glyph's name when it has one.
/// Fonts that cannot be read map nothing.
pub fn for_each_mapped_glyph(data: &[u8], mut visit: impl FnMut(char, Option<&str>)) {
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return;
    };
    let Some(cmap) = face.tables().cmap else {
        return;
    };
    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        subtable.codepoints(|code| {
            if let Some(character) = char::from_u32(code)
                && let Some(glyph) = subtable.glyph_index(code).filter(|g| g.0 != 0)
            {
                visit(character, face.glyph_name(glyph));
            }
        });
    }
}

/// Glyph name → character, from the character maps of the embedded fonts.
#[derive(Debug, Default)]
pub(crate) struct GlyphNames {
    by_name: HashMap<String, char>,
}

impl GlyphNames {
    /// The names of every glyph the fonts' character maps reach.
    pub(crate) fn from_fonts(fonts: &[&[u8]]) -> Self {
        let mut by_name = HashMap::new();
        for data in fonts {
            for_each_mapped_glyph(data, |character, name| {
                if let Some(name) = name {
                    by_name.entry(name.to_owned()).or_insert(character);
                }
            });
        }
        Self { by_name }
    }

    /// The text a glyph named `name` draws, or `None` when the name says
    /// nothing (".notdef", a name no font maps).
    pub(crate) fn text_of(&self, name: &str) -> Option<String> {
        let base = name.split('.').next().unwrap_or_default();
        if base.is_empty() {
            return None;
        }
        let mut text = String::new();
        for part in base.split('_') {
            text.push_str(&self.text_of_component(part)?);
        }
        Some(text)
    }

    fn text_of_component(&self, part: &str) -> Option<String> {
        if let Some(&character) = self.by_name.get(part) {
            // A ligature the font also maps from its presentation form ("fi" from
            // U+FB01) was typeset from the letters: read it as them.
            if ('\u{FB00}'..='\u{FB06}').contains(&character) {
                let mut letters = String::new();
                unicode_normalization::char::decompose_compatible(character, |c| letters.push(c));
                return Some(letters);
            }
            return Some(character.to_string());
        }
        if let Some(index) = THAI_CONSONANT_NAMES.iter().position(|name| *name == part) {
            let code = 0x0E01 + u32::try_from(index).ok()?;
            return char::from_u32(code).map(String::from);
        }
        if let Some(hex) = part.strip_prefix("uni")
            && !hex.is_empty()
            && hex.len().is_multiple_of(4)
        {
            return hex
                .as_bytes()
                .chunks(4)
                .map(|chunk| code_point(std::str::from_utf8(chunk).ok()?))
                .collect();
        }
        if let Some(hex) = part.strip_prefix('u')
            && (4..=6).contains(&hex.len())
        {
            return code_point(hex).map(String::from);
        }
        None
    }
}

/// The Adobe Glyph List's names of the Thai consonants, from ก (U+0E01) to ฮ
/// (U+0E2E) in order. Sarabun names the forms it draws without a descender
/// after them ("yoYingthai.less", "thoThanthai.less", "doChadathai.short"),
/// while its character map uses "uni0E0D" for the full forms.
const THAI_CONSONANT_NAMES: [&str; 46] = [
    "koKaithai",
    "khoKhaithai",
    "khoKhuatthai",
    "khoKhwaithai",
    "khoKhonthai",
    "khoRakhangthai",
    "ngoNguthai",
    "choChanthai",
    "choChingthai",
    "choChangthai",
    "soSothai",
    "choChoethai",
    "yoYingthai",
    "doChadathai",
    "toPatakthai",
    "thoThanthai",
    "thoNangmonthothai",
    "thoPhuthaothai",
    "noNenthai",
    "doDekthai",
    "toTaothai",
    "thoThungthai",
    "thoThahanthai",
    "thoThongthai",
    "noNuthai",
    "boBaimaithai",
    "poPlathai",
    "phoPhungthai",
    "foFathai",
    "phoPhanthai",
    "foFanthai",
    "phoSamphaothai",
    "moMathai",
    "yoYakthai",
    "roReuathai",
    "ruthai",
    "loLingthai",
    "luthai",
    "woWaenthai",
    "soSalathai",
    "soRusithai",
    "soSuathai",
    "hoHipthai",
    "loChulathai",
    "oAngthai",
    "honokhukthai",
];

fn code_point(hex: &str) -> Option<char> {
    if !hex
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    {
        return None;
    }
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::GlyphNames;

    fn text_of_glyph_name(name: &str) -> Option<String> {
        let sarabun: &[u8] = include_bytes!("../../docs/fonts/Sarabun-Regular.ttf");
        GlyphNames::from_fonts(&[sarabun]).text_of(name)
    }

    #[test]
    fn names_spell_their_characters() {
        assert_eq!(text_of_glyph_name("uni0E01").as_deref(), Some("ก"));
        assert_eq!(
            text_of_glyph_name("uni0E49.narrow").as_deref(),
            Some("\u{e49}")
        );
        assert_eq!(
            text_of_glyph_name("uni0E480E49").as_deref(),
            Some("\u{e48}\u{e49}")
        );
        assert_eq!(text_of_glyph_name("u1F600").as_deref(), Some("😀"));
        assert_eq!(text_of_glyph_name("period").as_deref(), Some("."));
        assert_eq!(text_of_glyph_name("f_i").as_deref(), Some("fi"));
        // Sarabun's "fi" is also its glyph for U+FB01.
        assert_eq!(text_of_glyph_name("fi").as_deref(), Some("fi"));
        assert_eq!(text_of_glyph_name("yoYingthai.less").as_deref(), Some("ญ"));
        assert_eq!(text_of_glyph_name("thoThanthai.less").as_deref(), Some("ฐ"));
        assert_eq!(
            text_of_glyph_name("loChulathai.short").as_deref(),
            Some("ฬ")
        );
        assert_eq!(text_of_glyph_name("honokhukthai").as_deref(), Some("ฮ"));
        assert_eq!(text_of_glyph_name(".notdef"), None);
        assert_eq!(text_of_glyph_name("no-such-glyph"), None);
    }
}

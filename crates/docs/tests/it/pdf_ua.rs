//! Every document kind is a tagged PDF that declares PDF/UA-1 (Typst checks the
//! rules it can, such as alt text on every image, and refuses to write a PDF
//! that breaks them), in Thai, with a title a screen reader can read: read back
//! with poppler's `pdfinfo`, the metadata without the invisible line-break marks
//! the renderer writes into the text it lays out.

use prongsai_testkit::files::{have_tool, poppler_output};

#[test]
fn every_kind_is_tagged_pdf_ua_in_thai_with_a_readable_title() {
    if !have_tool("pdfinfo", "-v") {
        return;
    }
    for (kind, pdf, _) in crate::text_layer::every_kind() {
        let info = poppler_output("pdfinfo", &[], &[], &pdf);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{kind} is not tagged: {info}"
        );
        let meta = poppler_output("pdfinfo", &["-meta"], &[], &pdf);
        assert!(
            meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{kind} does not declare PDF/UA-1"
        );
        assert!(
            meta.contains("<dc:language><rdf:Bag><rdf:li>th</rdf:li>"),
            "{kind} is not in Thai"
        );
        let title = info
            .lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .map(str::trim)
            .unwrap_or_default();
        assert!(
            title
                .chars()
                .any(|c| ('\u{0E01}'..='\u{0E5B}').contains(&c)),
            "{kind} has no Thai title: {title:?}"
        );
        assert!(
            !title.contains(['\u{2060}', '\u{200b}']),
            "{kind}'s title carries line-break marks: {title:?}"
        );
    }
}

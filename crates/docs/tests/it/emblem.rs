//! The ครุฑ on official correspondence, where ระเบียบงานสารบรรณ puts it: 3 cm
//! high, centred at the top of an order; 1.5 cm high at the top left of a memo
//! (both memo builders), beside "บันทึกข้อความ". Read back from the PDF by
//! poppler (where each image is drawn, the words' boxes) and from the DOCX's
//! XML. Without an emblem the Thai note stands in its place; the agency's logo
//! never does.

use prongsai_core::model::Logo;
use prongsai_docs::{
    DocumentAgency, DocumentFormat, MISSING_EMBLEM_NOTE, MemoDocument, OfficialDocument,
    OrderDocument, Renderer, memo_document, order_document,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

/// The official margins, in centimetres.
const TOP_CM: f64 = 2.5;
const LEFT_CM: f64 = 3.0;
const RIGHT_CM: f64 = 2.0;
/// The fixture's size in pixels.
const EMBLEM_WIDTH_PX: f64 = 270.0;
const EMBLEM_HEIGHT_PX: f64 = 300.0;
/// How far a measure may be from the form's: a rounding of the PDF's numbers.
const TOLERANCE_CM: f64 = 0.05;

fn cm(points: f64) -> f64 {
    points / 72.0 * 2.54
}

fn pdf<D: OfficialDocument>(document: &D) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

fn have_poppler() -> bool {
    have_tool("pdftotext", "-v") && have_tool("pdftohtml", "-v")
}

/// An agency with the ครุฑ set and a logo of its own, which orders and memos
/// must not print.
fn agency_with_emblem() -> DocumentAgency {
    let mut agency = correspondence_agency(true);
    agency.emblem = Some(emblem_png());
    agency.logo = Some(logo());
    agency
}

fn agency_without_emblem() -> DocumentAgency {
    let mut agency = correspondence_agency(true);
    agency.logo = Some(logo());
    agency
}

/// A square logo, unlike the emblem's proportions.
fn logo() -> Logo {
    let image = image::RgbaImage::from_pixel(120, 120, image::Rgba([20, 60, 160, 255]));
    let mut png = std::io::Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).unwrap();
    Logo {
        content_type: "image/png".to_owned(),
        bytes: png.into_inner(),
    }
}

fn order(agency: &DocumentAgency) -> OrderDocument {
    order_document(&seed_order(agency), agency)
}

/// Both memo builders: the plan's memo and a memo written in the system.
fn memos(agency: &DocumentAgency) -> Vec<(&'static str, MemoDocument)> {
    let mut plan_memo = seed_memo(true);
    plan_memo.emblem.clone_from(&agency.emblem);
    vec![
        ("plan memo", plan_memo),
        ("general memo", memo_document(&seed_general_memo(), agency)),
    ]
}

/// The one word box of `word` on the first page.
fn first_page_word(pdf: &[u8], word: &str) -> WordBox {
    pdf_word_boxes(pdf)
        .into_iter()
        .find(|w| w.page == 1 && w.text == word)
        .unwrap_or_else(|| panic!("{word} not on the first page"))
}

#[test]
fn an_order_carries_the_emblem_3_cm_high_centred_at_the_top() {
    if !have_poppler() {
        return;
    }
    let document = order(&agency_with_emblem());
    assert!(
        !serde_json::to_string(&document)
            .unwrap()
            .contains("emblem\""),
        "the emblem's bytes stay out of the template's JSON"
    );
    let pdf = pdf(&document);
    save_artifact("order-emblem.pdf", &pdf);
    let images = pdf_image_boxes(&pdf);
    assert_eq!(images.len(), 1, "the emblem only, not the logo: {images:?}");
    let emblem = &images[0];
    assert_eq!(emblem.page, 1);
    assert!((cm(emblem.height) - 3.0).abs() < TOLERANCE_CM, "{emblem:?}");
    let width = 3.0 * EMBLEM_WIDTH_PX / EMBLEM_HEIGHT_PX;
    assert!(
        (cm(emblem.width) - width).abs() < TOLERANCE_CM,
        "{emblem:?}"
    );
    assert!((cm(emblem.top) - TOP_CM).abs() < TOLERANCE_CM, "{emblem:?}");
    let centre = cm(emblem.left + emblem.width / 2.0);
    let text_centre = (LEFT_CM + cm(emblem.page_width) - RIGHT_CM) / 2.0;
    assert!(
        (centre - text_centre).abs() < TOLERANCE_CM,
        "centred: {centre:.2} against {text_centre:.2} cm"
    );
    // The heading follows under the emblem.
    let heading = first_page_word(&pdf, "ที่");
    assert!(cm(heading.y_min) > TOP_CM + 3.0, "{heading:?}");
    assert!(!without_spaces(&pdf_text(&pdf)).contains("ตราครุฑ"));
}

#[test]
fn without_an_emblem_the_order_prints_the_note_in_its_place() {
    if !have_poppler() {
        return;
    }
    let pdf = pdf(&order(&agency_without_emblem()));
    save_artifact("order-no-emblem.pdf", &pdf);
    assert!(
        pdf_image_boxes(&pdf).is_empty(),
        "no image, the logo neither"
    );
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            MISSING_EMBLEM_NOTE.to_owned(),
            "คำสั่งองค์การบริหารส่วนตำบลหนองปรุง".to_owned(),
        ],
    );
    // In the emblem's 3 cm, and the heading where it is with an emblem.
    let note = first_page_word(&pdf, "(ตราครุฑ");
    assert!(
        cm(note.y_min) > TOP_CM && cm(note.y_min) < TOP_CM + 3.0,
        "{note:?}"
    );
    let heading = first_page_word(&pdf, "ที่");
    let with_emblem = first_page_word(&self::pdf(&order(&agency_with_emblem())), "ที่");
    assert!(
        (heading.y_min - with_emblem.y_min).abs() < 1.0,
        "the note keeps the emblem's height: {heading:?} against {with_emblem:?}"
    );
}

#[test]
fn a_memo_carries_the_emblem_1_5_cm_high_at_the_top_left_beside_its_name() {
    if !have_poppler() {
        return;
    }
    for (kind, document) in memos(&agency_with_emblem()) {
        let pdf = pdf(&document);
        save_artifact(&format!("{kind}-emblem.pdf").replace(' ', "-"), &pdf);
        let images = pdf_image_boxes(&pdf);
        assert_eq!(images.len(), 1, "{kind}: {images:?}");
        let emblem = &images[0];
        assert_eq!(emblem.page, 1, "{kind}");
        assert!(
            (cm(emblem.height) - 1.5).abs() < TOLERANCE_CM,
            "{kind}: {emblem:?}"
        );
        assert!(
            (cm(emblem.left) - LEFT_CM).abs() < TOLERANCE_CM,
            "{kind}: {emblem:?}"
        );
        assert!(
            (cm(emblem.top) - TOP_CM).abs() < TOLERANCE_CM,
            "{kind}: {emblem:?}"
        );
        // The form's name beside it: on the emblem's line, right of it,
        // centred on the text area.
        let name = first_page_word(&pdf, "บันทึกข้อความ");
        let bottom = emblem.top + emblem.height;
        assert!(
            name.y_min > emblem.top && name.y_min < bottom,
            "{kind}: {name:?} beside {emblem:?}"
        );
        assert!(name.x_min > emblem.left + emblem.width, "{kind}: {name:?}");
        let centre = cm((name.x_min + name.x_max) / 2.0);
        let text_centre = (LEFT_CM + cm(name.page_width) - RIGHT_CM) / 2.0;
        assert!(
            (centre - text_centre).abs() < 0.2,
            "{kind}: centred at {centre:.2} against {text_centre:.2} cm"
        );
        assert!(!without_spaces(&pdf_text(&pdf)).contains("ตราครุฑ"));
    }
}

#[test]
fn without_an_emblem_a_memo_prints_the_note_at_the_top_left() {
    if !have_poppler() {
        return;
    }
    for (kind, document) in memos(&agency_without_emblem()) {
        let pdf = pdf(&document);
        save_artifact(&format!("{kind}-no-emblem.pdf").replace(' ', "-"), &pdf);
        assert!(
            pdf_image_boxes(&pdf).is_empty(),
            "{kind}: no image, no logo"
        );
        assert_in_order(
            &pdf_text(&pdf),
            &[MISSING_EMBLEM_NOTE.to_owned(), "ส่วนราชการ".to_owned()],
        );
        let note = first_page_word(&pdf, "(ตราครุฑ");
        assert!(
            (cm(note.x_min) - LEFT_CM).abs() < TOLERANCE_CM,
            "{kind}: {note:?}"
        );
        assert!(cm(note.y_min) < TOP_CM + 1.5, "{kind}: {note:?}");
        let name = first_page_word(&pdf, "บันทึกข้อความ");
        assert!(name.x_min > note.x_max, "{kind}: {name:?} after {note:?}");
    }
}

/// English Metric Units of `cm` as the DOCX writes them: whole twips of 635.
fn emu(cm: f64) -> u64 {
    (cm * 567.0).round() as u64 * 635
}

#[test]
fn word_files_carry_the_emblem_or_the_note() {
    let order_xml = |agency: &DocumentAgency| {
        let docx = OfficialDocument::docx(&order(agency)).unwrap();
        zip_entry(&docx, "word/document.xml")
    };
    let xml = order_xml(&agency_with_emblem());
    assert_eq!(xml.matches("<w:drawing>").count(), 1, "the emblem only");
    let (height, width) = (
        emu(3.0),
        emu(3.0) * EMBLEM_WIDTH_PX as u64 / EMBLEM_HEIGHT_PX as u64,
    );
    assert!(
        xml.contains(&format!("cx=\"{width}\" cy=\"{height}\"")),
        "3 cm high: {xml}"
    );
    assert!(xml.find("<w:drawing>") < xml.find("คำสั่งองค์การบริหารส่วนตำบลหนองปรุง"));
    assert!(!xml.contains("ตราครุฑ"));
    let xml = order_xml(&agency_without_emblem());
    assert!(!xml.contains("<w:drawing>"), "no logo in its place");
    assert!(xml.find(MISSING_EMBLEM_NOTE) < xml.find("คำสั่งองค์การบริหารส่วนตำบลหนองปรุง"));

    let (height, width) = (
        emu(1.5),
        emu(1.5) * EMBLEM_WIDTH_PX as u64 / EMBLEM_HEIGHT_PX as u64,
    );
    for (kind, document) in memos(&agency_with_emblem()) {
        let docx = OfficialDocument::docx(&document).unwrap();
        save_artifact(&format!("{kind}-emblem.docx").replace(' ', "-"), &docx);
        let xml = zip_entry(&docx, "word/document.xml");
        assert_eq!(xml.matches("<w:drawing>").count(), 1, "{kind}");
        assert!(
            xml.contains(&format!("cx=\"{width}\" cy=\"{height}\"")),
            "{kind}: 1.5 cm high"
        );
        // In one paragraph: the emblem, a tab, the form's name.
        let paragraph = &xml[xml.find("<w:drawing>").unwrap()..];
        let paragraph = &paragraph[..paragraph.find("</w:p>").unwrap()];
        assert!(paragraph.contains("<w:tab />"), "{kind}");
        assert!(paragraph.contains("บันทึกข้อความ"), "{kind}");
        assert!(!xml.contains("ตราครุฑ"), "{kind}");
    }
    for (kind, document) in memos(&agency_without_emblem()) {
        let docx = OfficialDocument::docx(&document).unwrap();
        let xml = zip_entry(&docx, "word/document.xml");
        assert!(!xml.contains("<w:drawing>"), "{kind}");
        assert_in_order(
            &docx_body_text(&docx),
            &[
                MISSING_EMBLEM_NOTE.to_owned(),
                "บันทึกข้อความ".to_owned(),
                "ส่วนราชการ".to_owned(),
            ],
        );
    }
}

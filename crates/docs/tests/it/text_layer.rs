//! The text layer: what poppler, MuPDF, pypdf and pdf.js extract from our PDFs
//! is exactly the text that was typeset. A corpus of every Thai combination
//! that stacks (a consonant with an upper vowel and a tone mark, sara am with
//! and without a tone, lower vowels, ฤ ฦ, ๆ ฯ, Thai digits, Latin mixed in, a
//! nikhahit typed apart from its sara aa) must read back exactly in all four;
//! and every document kind reads the same in all four, with the words whose
//! clusters Typst's own text layer doubled ("ท้องถิ่ถิ่น") read once.

use prongsai_docs::{
    DocumentFormat, OfficialDocument, Renderer, action_plan_document, memo_document, order_document,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::{save_artifact, without_spaces};
use prongsai_testkit::pdf_readers::{PdfReader, have_reader, pdf_text_with};

/// Lines that stack marks every way Thai does, each short enough for one line.
const CORPUS: [&str; 16] = [
    "ท้องถิ่น ขั้นตอน คำสั่ง ที่นี่ ปี่ ฝั่ง ฟื้นฟู",
    "น้ำ ค่ำ ต่ำ กล้ำ ทำ จำนำ อำนาจ ซ้ำซ้อน",
    "ปู่ ญาติ ฐานะ กฎ ฎีกา ปฏิบัติ ครุฑ บุญ ฐิติ",
    "ฤดู ฤๅษี ฦๅ พฤศจิกายน อังกฤษ",
    "ต่างๆ นานาๆ ฯลฯ กรุงเทพฯ",
    "เลข ๐๑๒๓๔๕๖๗๘๙ และ 0123456789",
    "ศักดิ์สิทธิ์ จันทร์ พระพุทธ์ กษัตริย์ โพธิ์",
    "ก็ เก็บ เป็น ยิ่งใหญ่ ปิ๊บ จ๋า ก๋วยเตี๋ยว",
    "Office of ITA ปี 2567 fi fl ffi",
    "ดํา ทํา (นิคหิตกับสระอาที่พิมพ์แยกกัน)",
    "ผู้ใหญ่ ชู้ ปู้ ฟู่ ป่ำ ป้ำ",
    "สิ่งที่ ซึ่ง ตั้ง ทั้ง นั้น พื้น เพิ่ม",
    "มั่นใจ ครั้ง ทั่ว ชั่ว อั้น",
    "ญู ฐุ ฎุ ฏู ตฺ พฺ",
    "เรื่อง เลื่อน เชื่อม เบื้อง",
    "ไม่ ใช่ ไต่ ได้ โต้ ใต้",
];

fn memo_with(paragraphs: &[&str]) -> prongsai_docs::MemoDocument {
    let mut memo = seed_general_memo();
    memo.body = paragraphs.join("\n\n");
    memo.acknowledgements.clear();
    memo_document(&memo, &correspondence_agency(false))
}

fn render<D: OfficialDocument>(document: &D) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

#[test]
fn every_reader_extracts_the_corpus_exactly() {
    let document = memo_with(&CORPUS);
    let pdf = render(&document);
    save_artifact("text-layer-corpus.pdf", &pdf);
    let typeset = without_spaces(&document.body.concat());
    let mut checked = 0;
    for reader in PdfReader::ALL {
        if !have_reader(reader) {
            continue;
        }
        let text = without_spaces(&pdf_text_with(reader, &pdf));
        let start = text
            .find(&without_spaces(CORPUS[0]))
            .unwrap_or_else(|| panic!("{reader:?}: the corpus's first line is missing: {text}"));
        let read = &text[start..];
        assert!(
            read.starts_with(&typeset),
            "{reader:?} reads the corpus differently.\n typeset: {typeset}\n read:    {}",
            read.chars()
                .take(typeset.chars().count() + 20)
                .collect::<String>()
        );
        checked += 1;
    }
    if std::env::var("PRONGSAI_REQUIRE_TOOLS").as_deref() == Ok("1") {
        assert_eq!(checked, 4, "every reader must run in CI");
    }
}

#[test]
fn a_nikhahit_typed_apart_reads_apart_and_sara_am_reads_as_one() {
    if !have_reader(PdfReader::Pypdf) {
        return;
    }
    let pdf = render(&memo_with(&["ดํา", "ดำ"]));
    let text = pdf_text_with(PdfReader::Pypdf, &pdf);
    assert!(
        text.contains("ดํา"),
        "the typed nikhahit and sara aa are kept: {text}"
    );
    assert!(
        text.contains("ดำ"),
        "sara am reads as one character: {text}"
    );
}

/// Every document kind, as the demo prints it: its name, its PDF and the JSON
/// its template received.
pub(crate) fn every_kind() -> Vec<(&'static str, Vec<u8>, serde_json::Value)> {
    fn rendered<D: OfficialDocument>(document: &D) -> (Vec<u8>, serde_json::Value) {
        (render(document), document.typst_input().unwrap().data)
    }
    let agency = plan_fixture::agency(true);
    let correspondence = correspondence_agency(true);
    [
        ("analysis", rendered(&seed_document(true))),
        ("measures", rendered(&seed_measures(true))),
        ("measures memo", rendered(&seed_memo(true))),
        ("annual report", rendered(&annual_seed_document(true, true))),
        ("half-year report", rendered(&half_year_seed_document(true))),
        (
            "action plan",
            rendered(&action_plan_document(
                &plan_fixture::plan(&agency),
                None,
                &agency,
            )),
        ),
        (
            "order",
            rendered(&order_document(
                &seed_order(&correspondence),
                &correspondence,
            )),
        ),
        (
            "general memo",
            rendered(&memo_document(&seed_general_memo(), &correspondence)),
        ),
        (
            "risk assessment",
            rendered(&crate::risk_assessment::document(true)),
        ),
        (
            "follow-up report",
            rendered(&crate::follow_up_report::small_document()),
        ),
        (
            "complaint statistics",
            rendered(&crate::complaint_statistics::document(true)),
        ),
        (
            "OIT report",
            rendered(&crate::oit_and_surveys::oit_document(true)),
        ),
        (
            "satisfaction report",
            rendered(&crate::oit_and_surveys::satisfaction_document(true)),
        ),
        ("poster", rendered(&crate::poster::poster())),
    ]
    .into_iter()
    .map(|(kind, (pdf, data))| (kind, pdf, data))
    .collect()
}

#[test]
fn every_kind_reads_the_same_in_every_reader_with_no_doubled_cluster() {
    let readers: Vec<_> = PdfReader::ALL
        .into_iter()
        .filter(|r| have_reader(*r))
        .collect();
    if readers.is_empty() {
        return;
    }
    for (kind, pdf, _) in every_kind() {
        let texts: Vec<_> = readers
            .iter()
            .map(|reader| (reader, without_spaces(&pdf_text_with(*reader, &pdf))))
            .collect();
        let (first_reader, first) = &texts[0];
        for (reader, text) in &texts[1..] {
            assert_eq!(
                text, first,
                "{kind}: {reader:?} and {first_reader:?} differ"
            );
        }
        for doubled in ["ถิ่ถิ่", "ขั้ขั้", "สั่สั่", "(cid:"] {
            assert!(!first.contains(doubled), "{kind} reads {doubled}: {first}");
        }
        assert!(
            !first.contains('\u{fffd}'),
            "{kind} has a replacement character"
        );
    }
}

#[test]
fn the_symbols_clerks_paste_print_with_real_glyphs() {
    let symbols = "➢ ➤ ✓ ✔ ☐ ☑ ☒ • ◦ ▪ – — “ ” ‘ ’ ฿ ๏ → ■ □ ● ○ ◆ ★ ✗ ❖";
    let pdf = render(&memo_with(&[symbols]));
    save_artifact("text-layer-symbols.pdf", &pdf);
    // The pass maps only glyphs a font names, never .notdef: a symbol drawn
    // as an empty box would be missing from what every reader extracts.
    for reader in PdfReader::ALL.into_iter().filter(|r| have_reader(*r)) {
        let text = without_spaces(&pdf_text_with(reader, &pdf));
        assert!(
            text.contains(&without_spaces(symbols)),
            "{reader:?}: {text}"
        );
    }
}

#[test]
fn bad_input_still_renders_and_names_what_no_font_draws() {
    let long_word = "ก".repeat(20_000);
    let long_url = format!("https://example.go.th/{}", "a".repeat(2_000));
    let pdf = render(&memo_with(&[
        "ดี😀มาก",
        &long_word,
        "\u{e31}\u{e49} เครื่องหมายไม่มีพยัญชนะ",
        &long_url,
        "report\u{202e}fdp.exe",
    ]));
    save_artifact("text-layer-bad-input.pdf", &pdf);
    if !have_reader(PdfReader::Poppler) {
        return;
    }
    let text = without_spaces(&pdf_text_with(PdfReader::Poppler, &pdf));
    assert!(text.contains("ดี(อักขระU+1F600พิมพ์ไม่ได้)มาก"), "{text}");
    assert!(
        text.contains(&"ก".repeat(200)),
        "the long word is printed, not dropped"
    );
}

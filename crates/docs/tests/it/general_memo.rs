//! A memo written in the system, on the existing memo form: `memo_document`
//! fills every header field, the body's paragraphs and list items, the signer,
//! and the acknowledgements with the day each was made (in Thailand's time) in
//! the date column; the PDF and the DOCX print them in order, rows whole.

use prongsai_docs::{DocumentFormat, OfficialDocument, Renderer, memo_document};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn the_memo_form_is_filled_from_the_stored_memo() {
    let memo = seed_general_memo();
    let d = memo_document(&memo, &correspondence_agency(true));
    assert_eq!(d.number, "พบ ๗๕๘๐๑/๑๒๓");
    assert_eq!(d.date, "๑ ตุลาคม ๒๕๖๗");
    assert_eq!(
        d.subject,
        "ขอให้ส่งรายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต รอบ 6 เดือน"
    );
    assert_eq!(
        d.body,
        [
            "ด้วยองค์การบริหารส่วนตำบลหนองปรุง ต้องรายงานผลการดำเนินการตามแผน ภายในวันที่ 15 ตุลาคม 2567",
            "• ผลการดำเนินงานของแต่ละโครงการ",
            "• ปัญหาและข้อเสนอแนะ",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ]
    );
    assert_eq!(d.signature.name, "ด.ต. สนธยา คงสนิท");
    assert_eq!(d.signature.position, ["นายกองค์การบริหารส่วนตำบลหนองปรุง"]);
    assert_eq!(d.acknowledgements.len(), 2);
    assert_eq!(d.acknowledgements[0].name, "นางสถาพร กลิ่นโพธิ์กลับ");
    assert_eq!(d.acknowledgements[0].position, "ผู้อำนวยการกองคลัง");
    assert_eq!(d.acknowledgements[0].signed, "รับทราบในระบบ");
    // 20:00 UTC on 2 October is 03:00 on the 3rd in Thailand.
    assert_eq!(d.acknowledgements[0].date, "๓ ต.ค. ๒๕๖๗");
    assert_eq!(d.acknowledgements[1].position, "");
    assert_eq!(d.acknowledgements[1].date, "๔ ต.ค. ๒๕๖๗");
    assert!(d.thai_digits);

    let arabic = memo_document(&memo, &correspondence_agency(false));
    assert_eq!(arabic.number, "พบ 75801/123");
    assert_eq!(arabic.acknowledgements[1].date, "4 ต.ค. 2567");
}

#[test]
fn without_a_date_signer_or_acknowledgements() {
    let mut memo = seed_general_memo();
    memo.date = None;
    memo.signer = Default::default();
    memo.acknowledgements.clear();
    let d = memo_document(&memo, &correspondence_agency(false));
    assert_eq!(d.date, "");
    assert_eq!(d.signature.name, "");
    assert!(d.acknowledgements.is_empty());
}

#[test]
fn the_pdf_prints_every_field_in_order() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let d = memo_document(&seed_general_memo(), &correspondence_agency(true));
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render_blocking(&renderer, &d, DocumentFormat::Pdf).unwrap();
    save_artifact("general-memo.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            s("บันทึกข้อความ"),
            s("ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง"),
            s("ที่ พบ ๗๕๘๐๑/๑๒๓"),
            s("วันที่ ๑ ตุลาคม ๒๕๖๗"),
            s("เรื่อง ขอให้ส่งรายงานผลการดำเนินการ"),
            s("เรียน ผู้อำนวยการกองคลัง และผู้อำนวยการกองช่าง"),
            s("ภายในวันที่ 15 ตุลาคม 2567"),
            s("• ผลการดำเนินงานของแต่ละโครงการ"),
            s("• ปัญหาและข้อเสนอแนะ"),
            s("จึงเรียนมาเพื่อโปรดทราบ"),
            s("(ด.ต. สนธยา คงสนิท)"),
            s("นายกองค์การบริหารส่วนตำบลหนองปรุง"),
            s("รับทราบ"),
            s("๑ นางสถาพร กลิ่นโพธิ์กลับ ผู้อำนวยการกองคลัง รับทราบในระบบ ๓ ต.ค. ๒๕๖๗"),
            s("๒ นายสมบัติ ทับล้อม รับทราบในระบบ ๔ ต.ค. ๒๕๖๗"),
        ],
    );
    // The only Arabic digits are the ones typed in the subject and the body.
    let arabic: String = text.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(arabic, "6152567");
}

#[test]
fn the_docx_prints_the_same_fields() {
    let d = memo_document(&seed_general_memo(), &correspondence_agency(false));
    let docx = OfficialDocument::docx(&d).unwrap();
    save_artifact("general-memo.docx", &docx);
    let xml = zip_entry(&docx, "word/document.xml");
    for needle in [
        // The form's labels are runs of their own, in the form's larger type.
        ">ที่</w:t>",
        " พบ 75801/123",
        ">วันที่</w:t>",
        " 1 ตุลาคม 2567",
        "• ปัญหาและข้อเสนอแนะ",
        "(ด.ต. สนธยา คงสนิท)",
        "รับทราบในระบบ",
        "3 ต.ค. 2567",
    ] {
        assert!(xml.contains(needle), "{needle} missing");
    }
    // The header row and both acknowledgement rows are kept whole.
    assert_eq!(xml.matches("<w:cantSplit").count(), 3);
}

#[test]
fn each_date_prints_in_the_date_column() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let d = memo_document(&seed_general_memo(), &correspondence_agency(false));
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render_blocking(&renderer, &d, DocumentFormat::Pdf).unwrap();
    let words = pdf_word_boxes(&pdf);
    // The header of the signature column, and the month of each acknowledgement.
    let signed_column = words
        .iter()
        .rfind(|w| w.text.starts_with("ลงชื่"))
        .expect("the table's ลงชื่อ header");
    let months: Vec<_> = words.iter().filter(|w| w.text == "ต.ค.").collect();
    assert_eq!(months.len(), 2, "{months:?}");
    for month in months {
        assert!(
            month.x_min > signed_column.x_max,
            "the date at x {:.1} is left of the date column (ลงชื่อ ends at {:.1})",
            month.x_min,
            signed_column.x_max
        );
    }
}

#[test]
fn a_buddhist_era_year_stays_on_the_line_of_its_abbreviation() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    for thai in [false, true] {
        let mut memo = seed_general_memo();
        // Words of changing lengths, so that some "พ.ศ." fall at a line's end.
        memo.body = (1..=60)
            .map(|i| format!("ตามแผน{} พ.ศ. {}", "ก".repeat(i % 9), 2560 + i % 10))
            .collect::<Vec<_>>()
            .join(" ");
        let d = memo_document(&memo, &correspondence_agency(thai));
        let renderer = Renderer::new().unwrap();
        let pdf = prongsai_docs::render_blocking(&renderer, &d, DocumentFormat::Pdf).unwrap();
        let text = pdf_text(&pdf);
        assert!(text.matches("พ.ศ.").count() >= 60, "{text}");
        for line in text.lines() {
            assert!(
                !line.trim_end().ends_with("พ.ศ."),
                "a line ends with พ.ศ. and its year is on the next: {line}"
            );
        }
    }
}

//! The memo (บันทึกข้อความ) sending the measures: every header field, the body,
//! the signer and every acknowledgement in order, on portrait pages; digits;
//! the same content in DOCX; and the JSON the template receives.

use prongsai_docs::{Acknowledgement, DocumentFormat, MemoDocument, OfficialDocument, Renderer};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const TABLE_HEADER: &str = "ลำดับ ชื่อ - สกุล ตำแหน่ง ลงชื่อ วันที่";

fn render(document: &MemoDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

/// Every field, in print order; acknowledgements numbered in the memo's digits.
fn expected_order(document: &MemoDocument) -> Vec<String> {
    let mut needles = vec![
        "บันทึกข้อความ".to_owned(),
        format!("ส่วนราชการ {}", document.from_unit),
        format!("ที่ {}", document.number),
        format!("วันที่ {}", document.date),
        format!("เรื่อง {}", document.subject),
        format!("เรียน {}", document.to),
    ];
    needles.extend(document.body.iter().cloned());
    needles.extend(document.signature.lines());
    needles.push("รับทราบ".to_owned());
    needles.push(TABLE_HEADER.to_owned());
    for (index, person) in document.acknowledgements.iter().enumerate() {
        needles.push(prongsai_core::thai::digits::digits_for(
            &(index + 1).to_string(),
            document.thai_digits,
        ));
        needles.push(person.name.clone());
        needles.extend(person.position.split('\n').map(str::to_owned));
    }
    needles
}

#[test]
fn seed_memo_has_every_field_in_order() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = seed_memo(false);
    let pdf = render(&document);
    save_artifact("memo-arabic.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    assert!(!text.contains('๒'), "Arabic digits were asked for");
}

#[test]
fn thai_digits_throughout_on_portrait_pages() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let document = seed_memo(true);
    let pdf = render(&document);
    save_artifact("memo-thai.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    assert_in_order(&text, &["๓๑ ตุลาคม ๒๕๖๕".to_owned(), "๔".to_owned()]);
    let arabic: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    assert!(arabic.is_empty(), "Arabic digits left: {arabic:?}");
    for (width, height) in pdf_page_sizes(&pdf) {
        assert!(height > width, "a memo page is {width} × {height}");
    }
}

#[test]
fn the_form_name_is_larger_than_the_body() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let pdf = render(&seed_memo(false));
    let html = poppler_output("pdftotext", &["-bbox", "-enc", "UTF-8"], &["-"], &pdf);
    // Word boxes: <word xMin=".." yMin=".." xMax=".." yMax="..">text</word>
    let height = |word: &str| -> f64 {
        let line = html
            .lines()
            .find(|line| line.contains(&format!(">{word}</word>")))
            .unwrap_or_else(|| panic!("{word} not found"));
        let attr = |name: &str| -> f64 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        attr("yMax") - attr("yMin")
    };
    let title = height("บันทึกข้อความ");
    let body = height("จึงเรียนมาเพื่อโปรดทราบ");
    assert!(title > body * 1.5, "title {title}, body {body}");
}

#[test]
fn without_signer_name_or_acknowledgements() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_memo(false);
    document.signature.name.clear();
    document.acknowledgements.clear();
    let text = pdf_text(&render(&document));
    assert_in_order(
        &text,
        &[
            "จึงเรียนมาเพื่อโปรดทราบ".to_owned(),
            "(".to_owned(),
            ")".to_owned(),
        ],
    );
    let position = document.signature.position.join(" ");
    assert!(text.contains(&position));
    // The body says รับทราบ too; the acknowledgement section ends the page.
    let squeezed = without_spaces(&text);
    assert!(squeezed.ends_with(&position.replace(' ', "")), "{text}");
    assert!(!text.contains("ลงชื่อ"), "{text}");
}

#[test]
fn a_long_acknowledgement_list_repeats_its_header() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_memo(false);
    document.acknowledgements = (1..=60)
        .map(|n| Acknowledgement {
            name: format!("นางสาวทดสอบ นามสกุลยาวมากสำหรับการตัดบรรทัด คนที่ {n}"),
            // Rows of different heights, so that some reach the foot of a page.
            position: format!(
                "นักวิเคราะห์นโยบายและแผนชำนาญการ\n{}รักษาราชการแทน หัวหน้าสำนักปลัด ลำดับ {n}",
                "ปฏิบัติหน้าที่ในกองยุทธศาสตร์และงบประมาณ\n".repeat(n % 4)
            ),
            signed: String::new(),
            date: String::new(),
        })
        .collect();
    let pdf = render(&document);
    save_artifact("memo-long.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    let pages = pdf_pages(&text);
    let table_pages: Vec<&&str> = pages
        .iter()
        .filter(|p| without_spaces(p).contains("คนที่"))
        .collect();
    assert!(table_pages.len() > 2, "only {} pages", table_pages.len());
    for page in table_pages {
        assert_in_order(page, &[TABLE_HEADER.to_owned(), "คนที่".to_owned()]);
    }
    // No row splits across pages: the row's number and name ("n นางสาวทดสอบ …")
    // and the last line of its position ("… ลำดับ n") print on one page.
    let page_where = |found: &dyn Fn(&[&str]) -> bool| {
        pages.iter().position(|page| {
            page.lines()
                .any(|line| found(&line.split_whitespace().collect::<Vec<_>>()))
        })
    };
    for n in 1..=60 {
        let number = n.to_string();
        let first =
            page_where(&|w: &[&str]| w.len() > 1 && w[0] == number && w[1] == "นางสาวทดสอบ");
        let last = page_where(&|w: &[&str]| w.ends_with(&["ลำดับ", number.as_str()]));
        assert!(first.is_some(), "row {n} not found");
        assert_eq!(first, last, "row {n} splits");
    }
}

#[test]
fn template_markup_in_data_is_printed_as_text() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_memo(false);
    let markup = "#panic(\"x\") *ตัวหนา* $x$ <label> // ไม่ใช่คอมเมนต์";
    document.subject = markup.to_owned();
    document.acknowledgements[0].name = markup.to_owned();
    let text = pdf_text(&render(&document));
    assert_eq!(
        without_spaces(&text)
            .matches(&without_spaces(markup))
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn docx_has_the_same_content_in_order() {
    for thai in [false, true] {
        let document = seed_memo(thai);
        let docx = OfficialDocument::docx(&document).unwrap();
        save_artifact(&format!("memo-thai-{thai}.docx"), &docx);
        let text = docx_body_text(&docx);
        assert_in_order(&text, &expected_order(&document));
        let xml = zip_entry(&docx, "word/document.xml");
        assert_eq!(xml.matches("<w:tblHeader").count(), 1);
    }
    let mut document = seed_memo(false);
    document.acknowledgements.clear();
    let docx = OfficialDocument::docx(&document).unwrap();
    assert!(!docx_body_text(&docx).contains("ลงชื่อ"));
    assert!(!zip_entry(&docx, "word/document.xml").contains("<w:tbl>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_render_succeeds() {
    let renderer = Renderer::with_max_concurrent(2).unwrap();
    let pdf = prongsai_docs::render(&renderer, &seed_memo(true), DocumentFormat::Pdf)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

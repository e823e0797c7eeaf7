//! The order (คำสั่ง): every part in print order (heading, number, subject,
//! preamble, committees with numbered members and roles, duties, persons in
//! charge, closing, date, signer) in the agency's digits; a long order within
//! the margins; the same parts in DOCX. The ครุฑ at its top: `emblem.rs`.

use prongsai_core::correspondence::MemberRole;
use prongsai_docs::{DocumentFormat, OfficialDocument, OrderDocument, Renderer, order_document};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

fn render(document: &OrderDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

fn s(text: &str) -> String {
    text.to_owned()
}

/// The seed order's parts in print order for an agency of Thai digits: the
/// numbers the order writes in Thai digits, what the clerk typed as typed.
fn thai_parts() -> Vec<String> {
    vec![
        s("คำสั่งองค์การบริหารส่วนตำบลหนองปรุง"),
        s("ที่ ๙๘/๒๕๖๕"),
        s("เรื่อง แต่งตั้งคณะกรรมการเพื่อยกระดับผลการประเมินคุณธรรมและความโปร่งใส"),
        s("ตามที่ แผนแม่บทภายใต้ยุทธศาสตร์ชาติ"),
        s("(พ.ศ. 2561 – 2580)"),
        s("พ.ศ. 2537 มาตรา 59"),
        s("๑) คณะทำงานอำนวยการ ประกอบด้วย"),
        s("๑.๑ นายกองค์การบริหารส่วนตำบลหนองปรุง หัวหน้าคณะกรรมการ"),
        s("๑.๒ รองนายกองค์การบริหารส่วนตำบลหนองปรุง คนที่ 1 คณะกรรมการ"),
        s("๑.๓ ปลัดองค์การบริหารส่วนตำบลหนองปรุง คณะกรรมการ/เลขานุการ"),
        s("มีอำนาจหน้าที่ ดังต่อไปนี้"),
        s("(๑) ให้คำปรึกษา แนะนำ แก้ไขปัญหา"),
        s("(๒) ศึกษากรอบแนวทางการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565"),
        s("๒) คณะทำงาน ประกอบด้วย"),
        s("๒.๑ หัวหน้าสำนักปลัด ประธานกรรมการ"),
        s("๒.๒ ผู้อำนวยการกองคลัง กรรมการ"),
        s("๒.๓ นางสุดา ใจงาม นักวิเคราะห์นโยบายและแผน กรรมการและเลขานุการ"),
        s("มีอำนาจหน้าที่ ดังต่อไปนี้"),
        s("(๑) วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2564"),
        s("๓) ผู้บริหารที่รับผิดชอบการประเมินของหน่วยงาน ได้แก่"),
        s("(๑) นายกองค์การบริหารส่วนตำบลหนองปรุง"),
        s("มีหน้าที่ในการกำกับดูแลการประเมินในภาพรวมของหน่วยงาน"),
        s("๔) ผู้ดูแลระบบของหน่วยงาน (Admin หน่วยงาน) ได้แก่"),
        s("(๑) นักวิเคราะห์นโยบายและแผน"),
        s("มีหน้าที่ลงทะเบียนและเปิดใช้งานระบบ ITAS"),
        s("ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
        s("สั่ง ณ วันที่ ๑๗ เดือน มกราคม พ.ศ. ๒๕๖๕"),
        s("(ด.ต. สนธยา คงสนิท)"),
        s("นายกองค์การบริหารส่วนตำบลหนองปรุง"),
    ]
}

#[test]
fn the_document_numbers_and_words_every_part() {
    let agency = correspondence_agency(true);
    let document = order_document(&seed_order(&agency), &agency);
    assert_eq!(document.number, "ที่ ๙๘/๒๕๖๕");
    assert_eq!(document.preamble.len(), 2);
    assert_eq!(document.committees[1].heading, "๒) คณะทำงาน ประกอบด้วย");
    assert_eq!(
        document.committees[1].members[2].text,
        "นางสุดา ใจงาม นักวิเคราะห์นโยบายและแผน"
    );
    assert_eq!(document.committees[1].members[2].role, "กรรมการและเลขานุการ");
    assert_eq!(
        document.assignments[1].heading,
        "๔) ผู้ดูแลระบบของหน่วยงาน (Admin หน่วยงาน) ได้แก่"
    );
    assert_eq!(document.closing, "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป");
    assert_eq!(document.signature.name, "ด.ต. สนธยา คงสนิท");

    let mut undated = seed_order(&agency);
    undated.date = None;
    undated.closing = "ทั้งนี้ ตั้งแต่วันที่ 1 ตุลาคม 2565 เป็นต้นไป".to_owned();
    let document = order_document(&undated, &agency);
    assert!(document.date_line.starts_with("สั่ง ณ วันที่ ……"));
    assert!(document.date_line.ends_with("พ.ศ. ๒๕๖๕"));
    assert_eq!(document.closing, "ทั้งนี้ ตั้งแต่วันที่ 1 ตุลาคม 2565 เป็นต้นไป");
}

#[test]
fn every_part_in_order_in_thai_digits() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let agency = correspondence_agency(true);
    let order = seed_order(&agency);
    let pdf = render(&order_document(&order, &agency));
    save_artifact("order-thai.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert_in_order(&text, &thai_parts());
    // The only Arabic digits are the ones typed: subject, preamble, a member's
    // position and the duties.
    let typed = [order.subject.as_str(), order.preamble.as_str()]
        .into_iter()
        .chain(order.committees.iter().flat_map(|c| {
            c.members
                .iter()
                .map(|m| m.position.as_str())
                .chain(c.duties.iter().map(String::as_str))
        }))
        .collect::<String>();
    let arabic = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    assert_eq!(arabic(&text), arabic(&typed));
}

#[test]
fn arabic_digits_when_the_agency_writes_them() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let agency = correspondence_agency(false);
    let pdf = render(&order_document(&seed_order(&agency), &agency));
    save_artifact("order-arabic.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            s("ที่ 98/2565"),
            s("(พ.ศ. 2561 – 2580)"),
            s("1) คณะทำงานอำนวยการ ประกอบด้วย"),
            s("1.2 รองนายกองค์การบริหารส่วนตำบลหนองปรุง คนที่ 1 คณะกรรมการ"),
            s("(2) ศึกษากรอบแนวทางการประเมิน"),
            s("สั่ง ณ วันที่ 17 เดือน มกราคม พ.ศ. 2565"),
        ],
    );
    assert!(!text.contains('๒'), "Arabic digits were asked for");
}

#[test]
fn a_long_order_stays_within_the_margins() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let agency = correspondence_agency(false);
    let mut order = seed_order(&agency);
    let committee = order.committees[0].clone();
    order.committees = (1..=5)
        .map(|c| {
            let mut committee = committee.clone();
            committee.title = format!("คณะทำงานทดสอบชุดที่ {c}");
            committee.members = (1..=15)
                .map(|m| {
                    position_member(
                        &format!(
                            "ผู้อำนวยการกองการศึกษา ศาสนา และวัฒนธรรม องค์การบริหารส่วนตำบลหนองปรุง สมาชิกที่ {c}-{m}"
                        ),
                        if m == 15 {
                            MemberRole::Custom("คณะทำงานและผู้ช่วยเลขานุการคณะทำงาน".to_owned())
                        } else {
                            MemberRole::Member
                        },
                    )
                })
                .collect();
            committee
        })
        .collect();
    let pdf = render(&order_document(&order, &agency));
    save_artifact("order-long.pdf", &pdf);
    assert_words_within_margins(&pdf, 3.0, 2.0);
    let text = pdf_text(&pdf);
    let mut needles = Vec::new();
    for c in 1..=5 {
        needles.push(format!("{c}) คณะทำงานทดสอบชุดที่ {c} ประกอบด้วย"));
        for m in 1..=15 {
            needles.push(format!("{c}.{m} "));
            needles.push(format!("สมาชิกที่ {c}-{m}"));
        }
    }
    needles.push(s("(ด.ต. สนธยา คงสนิท)"));
    assert_in_order(&text, &needles);
    assert!(text.matches('\u{c}').count() >= 4, "75 members take pages");
}

#[tokio::test(flavor = "multi_thread")]
async fn renders_off_the_executor() {
    let agency = correspondence_agency(true);
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(
        &renderer,
        &order_document(&seed_order(&agency), &agency),
        DocumentFormat::Pdf,
    )
    .await
    .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn docx_has_the_same_parts_with_roles_at_a_tab_stop() {
    let agency = correspondence_agency(true);
    let docx = OfficialDocument::docx(&order_document(&seed_order(&agency), &agency)).unwrap();
    save_artifact("order.docx", &docx);
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(xml.contains("<w:tabs>"), "member lines set a tab stop");
    assert!(xml.contains(
        "<w:t xml:space=\"preserve\">๑.๑ นายกองค์การบริหารส่วนตำบลหนองปรุง</w:t><w:tab />\
         <w:t xml:space=\"preserve\">หัวหน้าคณะกรรมการ</w:t>"
    ));
    let text: String = xml
        .split('<')
        .filter_map(|tag| tag.strip_prefix("w:t xml:space=\"preserve\">"))
        .collect::<Vec<_>>()
        .join(" ");
    assert_in_order(&text, &thai_parts());
}

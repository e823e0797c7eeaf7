//! QR codes and the poster of the complaint channels: the SVG is well-formed XML
//! that draws exactly the modules of the code with its quiet zone, the same text
//! always gives the same SVG; the poster is one A4 page with the agency's name
//! and the three addresses, with or without a logo.

use std::collections::HashSet;

use prongsai_docs::{DocumentFormat, PosterDocument, Renderer, qr_svg};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const BASE: &str = "https://prongsai.example.go.th/p/nongprung-phetchaburi";

pub(crate) fn poster() -> PosterDocument {
    PosterDocument {
        agency_name: AGENCY.to_owned(),
        complaint_url: format!("{BASE}/complaint"),
        report_url: format!("{BASE}/report"),
        track_url: format!("{BASE}/track"),
        logo: None,
    }
}

/// The dark modules an SVG of [`qr_svg`] draws, as (x, y) in modules from the
/// top left of the whole image, read from its path of `M x y h n v1 h-n z` runs.
fn drawn_modules(svg: &str) -> (usize, HashSet<(usize, usize)>) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("shape-rendering"), Some("crispEdges"));
    let view: Vec<usize> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(view[..2], [0, 0]);
    assert_eq!(view[2], view[3], "square");
    let background = root
        .children()
        .find(|n| n.has_tag_name("rect"))
        .expect("a light background");
    assert_eq!(background.attribute("fill"), Some("#ffffff"));
    let path = root
        .children()
        .find(|n| n.has_tag_name("path"))
        .expect("one path of dark modules");
    assert_eq!(path.attribute("fill"), Some("#000000"));
    let mut modules = HashSet::new();
    for run in path.attribute("d").unwrap().split('M').skip(1) {
        let (start, rest) = run.split_once('h').unwrap();
        let (x, y) = start.split_once(' ').unwrap();
        let (length, tail) = rest.split_once('v').unwrap();
        assert_eq!(tail, format!("1h-{length}z"));
        let (x, y, length): (usize, usize, usize) = (
            x.parse().unwrap(),
            y.parse().unwrap(),
            length.parse().unwrap(),
        );
        for dx in 0..length {
            assert!(modules.insert((x + dx, y)), "a module drawn twice");
        }
    }
    (view[2], modules)
}

#[test]
fn the_svg_decodes_back_to_its_text_and_keeps_a_quiet_zone() {
    for text in [
        poster().report_url,
        poster().complaint_url,
        "https://itas.example.go.th/p/bangkhae/track?code=7KQ4-M2XD-9HTV-C3NB".to_owned(),
    ] {
        let svg = qr_svg(&text);
        let (size, drawn) = drawn_modules(&svg);
        let width = size - 8;
        // The three finder patterns' corners are dark; the quiet zone is not.
        assert!(drawn.contains(&(4, 4)) && drawn.contains(&(width + 3, 4)));
        assert!(
            drawn
                .iter()
                .all(|(x, y)| (4..width + 4).contains(x) && (4..width + 4).contains(y)),
            "four light modules on every side"
        );
        // Read it the way a camera would: an independent decoder over the pixels.
        let scale = 6;
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
                if drawn.contains(&(x / scale, y / scale)) {
                    0
                } else {
                    255
                }
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code found in {text}");
        let (_, content) = grids[0].decode().expect("the code decodes");
        assert_eq!(content, text);
    }
}

#[test]
fn the_same_text_gives_the_same_svg_and_another_text_another() {
    let p = poster();
    assert_eq!(qr_svg(&p.complaint_url), qr_svg(&p.complaint_url));
    assert_ne!(qr_svg(&p.complaint_url), qr_svg(&p.report_url));
    assert_ne!(
        drawn_modules(&qr_svg(&p.complaint_url)).1,
        drawn_modules(&qr_svg(&p.report_url)).1,
        "the modules differ, not only the title"
    );
    let code = qr_svg("ABCD-EFGH-JKMN-PQRS");
    assert!(drawn_modules(&code).1.len() > 50);
}

/// A 1 × 1 PNG.
fn png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
        0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn the_poster_is_one_a4_page_with_the_name_and_addresses() {
    let renderer = Renderer::new().unwrap();
    let p = poster();
    let logo = PosterDocument {
        logo: Some(png()),
        ..poster()
    };
    let with_logo = prongsai_docs::render(&renderer, &logo, DocumentFormat::Pdf)
        .await
        .unwrap();
    let without = prongsai_docs::render(&renderer, &p, DocumentFormat::Pdf)
        .await
        .unwrap();
    save_artifact("poster.pdf", &with_logo);
    assert!(with_logo.starts_with(b"%PDF-") && without.starts_with(b"%PDF-"));
    assert_ne!(with_logo, without);
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    for pdf in [&with_logo, &without] {
        assert_eq!(pdf_page_count(pdf), 1);
        let (width, height) = pdf_page_sizes(pdf)[0];
        assert!((width - 595.0).abs() < 1.0 && (height - 842.0).abs() < 1.0);
        let text = pdf_text(pdf);
        assert_in_order(
            &text,
            &[
                "ช่องทางร้องเรียน/แจ้งเบาะแส".to_owned(),
                AGENCY.to_owned(),
                p.complaint_url.clone(),
                p.report_url.clone(),
                p.track_url.clone(),
            ],
        );
        assert_words_within_margins(pdf, 2.0, 2.0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logo_that_is_not_an_image_leaves_the_poster_without_it() {
    let renderer = Renderer::new().unwrap();
    let mut corrupt = b"\x89PNG\r\n\x1a\n".to_vec();
    corrupt.extend_from_slice(&[0x5a; 300]);
    for logo in [b"not an image".to_vec(), corrupt] {
        let broken = PosterDocument {
            logo: Some(logo),
            ..poster()
        };
        let pdf = prongsai_docs::render(&renderer, &broken, DocumentFormat::Pdf)
            .await
            .expect("the poster prints without the logo");
        assert!(pdf.starts_with(b"%PDF"));
    }
}

//! Typed text prints as typed, generated numbers follow the agency: in every
//! family of documents (correspondence, the measures cycle, the risk
//! register, the action plan's follow-up), a field the user typed with digits
//! of the other kind than the agency's prints exactly as typed in the PDF,
//! while a number the product writes (a date, a year, a step's number, a
//! round) prints in the agency's digits. Both ways: Thai digits on with typed
//! Arabic digits, and off with typed Thai digits.

use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_docs::{
    DocumentFormat, OfficialDocument, Renderer, annual_report_document, follow_up_report_document,
    measures_document, measures_memo_document, memo_document, order_document,
    risk_assessment_document, round_report_document,
};
use prongsai_testkit::documents::cycle_fixture::cycle;
use prongsai_testkit::documents::plan_fixture;
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

/// What a clerk typed, in the digits the agency does not use.
fn typed(thai: bool) -> String {
    if thai {
        "ตัวชี้วัด 72 ราย ปี 2567".to_owned()
    } else {
        "ตัวชี้วัด ๗๒ ราย ปี ๒๕๖๗".to_owned()
    }
}

/// A document kind's PDF and a number in it the product wrote.
struct Printed {
    kind: &'static str,
    pdf: Vec<u8>,
    generated: String,
}

fn pdf(document: &impl OfficialDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

/// Every family's documents with `typed(thai)` in a typed field.
fn printed(thai: bool) -> Vec<Printed> {
    let text = typed(thai);
    let mut out = Vec::new();

    let agency = correspondence_agency(thai);
    let mut memo = seed_general_memo();
    memo.subject.clone_from(&text);
    let document = memo_document(&memo, &agency);
    out.push(Printed {
        kind: "general memo",
        pdf: pdf(&document),
        generated: document.date.clone(),
    });
    let mut order = seed_order(&agency);
    order.subject.clone_from(&text);
    let document = order_document(&order, &agency);
    out.push(Printed {
        kind: "order",
        pdf: pdf(&document),
        generated: document.date_line.clone(),
    });
    let plan = plan_with_projects(6);
    let measure = linked_measure("มาตรการเปิดเผยข้อมูล");
    let mut assessment = seed_risk_assessment(&plan, &measure);
    assessment.areas[0].process.clone_from(&text);
    let document = risk_assessment_document(&assessment, Some(&plan), &[measure], &agency);
    out.push(Printed {
        kind: "risk assessment",
        pdf: pdf(&document),
        generated: document.title.clone(),
    });

    let mut cycle = cycle(thai);
    cycle.memo.subject.clone_from(&text);
    cycle.measures[0].title.clone_from(&text);
    for progress in cycle.half_year.iter_mut().chain(cycle.full_year.iter_mut()) {
        progress.results[0].text.clone_from(&text);
    }
    let document = measures_memo_document(&cycle.memo, &cycle.agency);
    out.push(Printed {
        kind: "measures memo",
        pdf: pdf(&document),
        generated: document.date.clone(),
    });
    let mut analysis = seed_document(thai);
    analysis.indicators.truncate(1);
    let document = measures_document(cycle.plan(), &cycle.agency, analysis);
    out.push(Printed {
        kind: "measures",
        pdf: pdf(&document),
        generated: document.fiscal_year.clone(),
    });
    let document = round_report_document(
        cycle.plan(),
        ReportingRound::HalfYear,
        &cycle.half_year,
        &cycle.agency,
        false,
    );
    out.push(Printed {
        kind: "half-year report",
        pdf: pdf(&document),
        generated: document.round_heading.clone(),
    });
    let document =
        annual_report_document(cycle.plan(), &cycle.full_year, None, &cycle.agency, false);
    out.push(Printed {
        kind: "annual report",
        pdf: pdf(&document),
        generated: document.topics[0].rows[0].steps[0].clone(),
    });

    let agency = plan_fixture::agency(thai);
    let plan = plan_fixture::plan(&agency);
    let mut reports = plan_fixture::follow_ups(&plan);
    for report in &mut reports {
        report.done.clone_from(&text);
    }
    let document =
        follow_up_report_document(&plan, &reports, 2567, ReportingRound::HalfYear, &agency);
    out.push(Printed {
        kind: "follow-up report",
        pdf: pdf(&document),
        generated: document.round_heading.clone(),
    });
    out
}

/// Whether `text` has digits, all of them Thai (`thai`) or all Arabic.
fn digits_are(text: &str, thai: bool) -> bool {
    let thai_digit = |c: char| ('๐'..='๙').contains(&c);
    let digits: Vec<char> = text
        .chars()
        .filter(|&c| c.is_ascii_digit() || thai_digit(c))
        .collect();
    !digits.is_empty() && digits.iter().all(|&c| thai_digit(c) == thai)
}

fn typed_as_typed_generated_as_the_agency(thai: bool) {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let typed = typed(thai);
    for Printed {
        kind,
        pdf,
        generated,
    } in printed(thai)
    {
        let text = without_spaces(&pdf_text(&pdf));
        assert!(
            text.contains(&without_spaces(&typed)),
            "{kind}: `{typed}` as typed in\n{text}"
        );
        assert!(digits_are(&generated, thai), "{kind}: `{generated}`");
        assert!(
            text.contains(&without_spaces(&generated)),
            "{kind}: `{generated}` in\n{text}"
        );
    }
}

#[test]
fn thai_digit_agencies_print_typed_arabic_digits_as_typed() {
    typed_as_typed_generated_as_the_agency(true);
}

#[test]
fn arabic_digit_agencies_print_typed_thai_digits_as_typed() {
    typed_as_typed_generated_as_the_agency(false);
}

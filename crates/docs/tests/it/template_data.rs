//! The JSON each Typst template receives, one snapshot per document kind, made
//! from small fixtures that give the same document every run. A template reads
//! its data by field name, so a renamed, dropped or reformatted field shows up
//! here as a diff before it shows up as a wrong PDF.
//!
//! The snapshots are the files in `tests/it/snapshots/`, committed with the
//! code. When the data changes on purpose:
//!
//! - `cargo insta test --review` (or `cargo test` then `cargo insta review`)
//!   shows each difference and writes the accepted ones; `cargo insta` comes
//!   from `cargo install cargo-insta`;
//! - without that tool, `INSTA_UPDATE=always cargo test --profile ci --test it
//!   template_data` overwrites the snapshots, and `git diff` shows what changed.
//!
//! A plain `cargo test` never accepts a change: a differing or missing
//! snapshot fails the test, with the new one written beside it as `.snap.new`
//! for review (ignored by git). With `CI` set, as in `.ci/run`, nothing is
//! written and the test fails.

use prongsai_core::surveys::SurveyKind;
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_docs::{
    AnalysisDocument, OfficialDocument, OfficialScore, PosterDocument, Template,
    annual_report_document, measures_document, measures_memo_document, memo_document,
    order_document, round_report_document, survey_poster_document,
};
use prongsai_testkit::documents::cycle_fixture::cycle;
use prongsai_testkit::documents::*;

/// The snapshot of what `document`'s PDF template receives, after checking
/// that it is `template` that receives it.
fn assert_template_data(name: &str, document: &impl OfficialDocument, template: Template) {
    let input = document.typst_input().unwrap();
    assert_eq!(input.template, template, "{name}");
    insta::assert_json_snapshot!(name, input.data);
}

/// The seed analysis cut to one row of each table.
fn small_analysis() -> AnalysisDocument {
    let mut analysis = seed_document(false);
    analysis.indicators.truncate(1);
    analysis.instruments.truncate(1);
    analysis.weaknesses.truncate(1);
    analysis.analysis_text.truncate(1);
    analysis
}

#[test]
fn analysis() {
    assert_template_data("analysis", &small_analysis(), Template::Analysis);
}

#[test]
fn measures() {
    let cycle = cycle(false);
    let document = measures_document(cycle.plan(), &cycle.agency, small_analysis());
    assert_template_data("measures", &document, Template::Measures);
}

#[test]
fn measures_memo() {
    let cycle = cycle(true);
    let document = measures_memo_document(&cycle.memo, &cycle.agency);
    assert_template_data("measures_memo", &document, Template::Memo);
}

#[test]
fn half_year_report() {
    let cycle = cycle(true);
    let document = round_report_document(
        cycle.plan(),
        ReportingRound::HalfYear,
        &cycle.half_year,
        &cycle.agency,
        true,
    );
    assert_template_data("half_year_report", &document, Template::HalfYearReport);
}

#[test]
fn full_year_report() {
    let cycle = cycle(false);
    let document = round_report_document(
        cycle.plan(),
        ReportingRound::FullYear,
        &cycle.full_year,
        &cycle.agency,
        false,
    );
    assert_template_data("full_year_report", &document, Template::HalfYearReport);
}

#[test]
fn annual_report() {
    let cycle = cycle(true);
    let official = OfficialScore {
        total: 97.066,
        rating: "AA",
    };
    let document = annual_report_document(
        cycle.plan(),
        &cycle.full_year,
        Some(official),
        &cycle.agency,
        true,
    );
    assert_template_data("annual_report", &document, Template::AnnualReport);
}

#[test]
fn annual_report_without_a_result() {
    let cycle = cycle(false);
    let document = annual_report_document(cycle.plan(), &[], None, &cycle.agency, false);
    assert_template_data(
        "annual_report_without_a_result",
        &document,
        Template::AnnualReport,
    );
}

#[test]
fn general_memo() {
    let document = memo_document(&seed_general_memo(), &correspondence_agency(true));
    assert_template_data("general_memo", &document, Template::Memo);
}

#[test]
fn action_plan() {
    assert_template_data(
        "action_plan",
        &crate::action_plan::small_document(),
        Template::ActionPlan,
    );
}

#[test]
fn follow_up_report() {
    assert_template_data(
        "follow_up_report",
        &crate::follow_up_report::small_document(),
        Template::FollowUpReport,
    );
}

#[test]
fn risk_assessment() {
    assert_template_data(
        "risk_assessment",
        &crate::risk_assessment::document(true),
        Template::RiskAssessment,
    );
}

#[test]
fn order() {
    let agency = correspondence_agency(true);
    let document = order_document(&seed_order(&agency), &agency);
    assert_template_data("order", &document, Template::Order);
}

#[test]
fn complaint_statistics() {
    assert_template_data(
        "complaint_statistics",
        &crate::complaint_statistics::document(true),
        Template::ComplaintStatistics,
    );
}

#[test]
fn oit_report() {
    assert_template_data(
        "oit_report",
        &crate::oit_and_surveys::oit_document(true),
        Template::OitReport,
    );
}

#[test]
fn satisfaction_report() {
    assert_template_data(
        "satisfaction_report",
        &crate::oit_and_surveys::satisfaction_document(true),
        Template::SatisfactionReport,
    );
}

#[test]
fn complaint_poster_with_a_logo() {
    let poster = PosterDocument {
        logo: Some(b"logo".to_vec()),
        ..crate::poster::poster()
    };
    assert_template_data("complaint_poster", &poster, Template::Poster);
}

#[test]
fn survey_poster() {
    let survey = crate::oit_and_surveys::survey(SurveyKind::Iit, Vec::new());
    let poster = survey_poster_document(
        &survey,
        "https://prongsai.example/p/nongprung/surveys/t0k3n",
        &correspondence_agency(true),
    );
    assert_template_data("survey_poster", &poster, Template::SurveyPoster);
}

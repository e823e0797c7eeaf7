//! How long a PDF takes to render in-process, against the LibreOffice route.
//!
//! Measures warm Typst renders (after a warm-up, median of several runs, the data
//! changed between runs) of the seed analysis, a stress analysis of about forty
//! pages, the annual report at the size of the 2568 seed (seven topics, ten
//! measures, the seed's text, with evidence links) and a stress annual report of
//! about forty pages; and as the baseline, in the same run, `libreoffice
//! --headless --convert-to pdf` of this crate's own DOCX of the same documents.
//! The goal for the reports is a PDF at least eight times faster than the
//! baseline, asserted. The action plan at the size of the Bang Khae seed (4
//! dimensions, 12 missions, 17 projects, about 45 pages) must render in under
//! half a second and at least six times faster than LibreOffice (issue 13),
//! both asserted. A plan never rendered before (every project renamed each run)
//! must render in half a second and at least six times faster than LibreOffice
//! (issue 13), both asserted; and
//! the text-layer pass (`prongsai_text_layer::TextLayer`) and the line-break
//! segmentation (`prongsai_docs::prepare_text`) are timed alone against Typst's
//! own render, their share printed (issue 13 asks for a tenth). LibreOffice
//! converts with TH Sarabun New standing in as on a government computer
//! (`prongsai_testkit::files::libreoffice_to_pdf`). Run with `cargo bench -p
//! prongsai-docs --bench render`: short by default (fewer rounds, the analysis
//! left out), the full run with `PRONGSAI_BENCH_FULL=1`.

use std::process::Command;
use std::time::{Duration, Instant};

use prongsai_docs::{
    AnalysisDocument, AnnualReportDocument, DocumentFormat, OfficialDocument, Renderer,
    render_blocking,
};
use prongsai_testkit::bench::{Mode, goal};
use prongsai_testkit::{documents, files};
use prongsai_text_layer::TextLayer;

/// Untimed renders, timed renders and timed LibreOffice conversions.
#[derive(Debug, Clone, Copy)]
struct Rounds {
    warm_up: usize,
    runs: usize,
    baseline_runs: usize,
}

/// The goal of the reports and the plan: at least this many times faster than
/// LibreOffice converting our own DOCX.
const GOAL_FACTOR: f64 = 8.0;
/// The seed-sized action plan renders in under half a second.
const PLAN_GOAL: Duration = Duration::from_millis(500);
/// The fonts the renderer embeds, for the text-layer pass timed alone.
const SARABUN: [&[u8]; 4] = [
    include_bytes!("../fonts/Sarabun-Regular.ttf"),
    include_bytes!("../fonts/Sarabun-Bold.ttf"),
    include_bytes!("../fonts/Sarabun-Italic.ttf"),
    include_bytes!("../fonts/Sarabun-BoldItalic.ttf"),
];
/// A plan the process has never rendered: at most this long, and at least
/// this many times faster than LibreOffice converting its DOCX.
const FRESH_PLAN_GOAL: Duration = Duration::from_millis(500);
const FRESH_PLAN_FACTOR: f64 = 6.0;
/// The text-layer pass should add at most this share to the render it follows.
const TEXT_LAYER_SHARE: f64 = 0.10;
/// Rows of the stress document; about forty pages.
const STRESS_ROWS: usize = 320;
/// Topics and measures per topic of the stress annual report; about forty pages.
const STRESS_TOPICS: usize = 9;
const STRESS_MEASURES: usize = 3;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn pages(pdf: &[u8]) -> String {
    if files::have_tool("pdfinfo", "-v") {
        files::pdf_page_count(pdf).to_string()
    } else {
        "?".to_owned()
    }
}

/// A document kind as the benchmark sees it: a PDF render, a DOCX and a way to
/// change the data between runs.
trait Benched: Clone + OfficialDocument {
    fn pdf(&self, renderer: &Renderer) -> Vec<u8> {
        render_blocking(renderer, self, DocumentFormat::Pdf).unwrap()
    }

    fn word(&self) -> Vec<u8> {
        self.docx().unwrap()
    }

    /// A copy with some data changed for run `run`, as when successive requests
    /// export different results: rendering unchanged data would only measure
    /// Typst's memoisation cache.
    fn variant(&self, run: usize) -> Self;
}

impl Benched for AnalysisDocument {
    /// A new score in the first row and a new date.
    fn variant(&self, run: usize) -> Self {
        let mut changed = self.clone();
        if let Some(first) = changed.indicators.first_mut() {
            first.score = format!("{}.{:02}", 90 + run % 10, run % 100);
        }
        changed.generated_on = format!("{} ({run})", self.generated_on);
        changed
    }
}

impl Benched for AnnualReportDocument {
    /// A new timeframe in the first row and a new preamble.
    fn variant(&self, run: usize) -> Self {
        let mut changed = self.clone();
        if let Some(first) = changed.topics.first_mut().and_then(|t| t.rows.first_mut()) {
            first.timeframe = format!("ไตรมาสที่ {}", run % 4 + 1);
        }
        changed.preamble = format!("{} ({run})", self.preamble);
        changed
    }
}

impl Benched for prongsai_docs::ActionPlanDocument {
    /// A new budget for the first project in the first year and a new preface
    /// date.
    fn variant(&self, run: usize) -> Self {
        let mut changed = self.clone();
        if let Some(first) = changed
            .dimensions
            .first_mut()
            .and_then(|d| d.missions.first_mut())
            .and_then(|m| m.projects.first_mut())
        {
            first.budgets[0] = format!("{},000", run + 1);
        }
        changed.preface_date = format!("{} ({run})", self.preface_date);
        changed
    }
}

/// A plan the process has never rendered: every project renamed for run `run`,
/// so no page of the plan's third part comes out of Typst's memoisation.
fn fresh_plan(
    plan: &prongsai_docs::ActionPlanDocument,
    run: usize,
) -> prongsai_docs::ActionPlanDocument {
    let mut fresh = plan.variant(run);
    for project in fresh
        .dimensions
        .iter_mut()
        .flat_map(|d| d.missions.iter_mut())
        .flat_map(|m| m.projects.iter_mut())
    {
        project.name = format!("{} (ฉบับที่ {run})", project.name);
    }
    fresh
}

/// The median of warm renders, each with changed data, and the last PDF.
fn typst_median<D: Benched>(
    renderer: &Renderer,
    document: &D,
    rounds: Rounds,
) -> (Duration, Vec<u8>) {
    let mut pdf = Vec::new();
    for run in 0..rounds.warm_up {
        pdf = document.variant(run).pdf(renderer);
    }
    let times = (rounds.warm_up..rounds.warm_up + rounds.runs)
        .map(|run| {
            let changed = document.variant(run);
            let start = Instant::now();
            pdf = changed.pdf(renderer);
            start.elapsed()
        })
        .collect();
    (median(times), pdf)
}

fn libreoffice_median<D: Benched>(document: &D, rounds: Rounds) -> Option<(Duration, String)> {
    if Command::new("soffice").arg("--version").output().is_err() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("document.docx");
    std::fs::write(&input, document.word()).unwrap();
    // One untimed conversion creates the LibreOffice profile.
    let pdf = files::libreoffice_to_pdf(&input, dir.path());
    let times = (0..rounds.baseline_runs)
        .map(|_| {
            let start = Instant::now();
            files::libreoffice_to_pdf(&input, dir.path());
            start.elapsed()
        })
        .collect();
    Some((median(times), pages(&std::fs::read(pdf).unwrap())))
}

/// Renders one document every way, prints the times and returns the warm
/// median with how many times faster it is than LibreOffice (`None` without
/// LibreOffice).
fn bench<D: Benched>(
    renderer: &Renderer,
    name: &str,
    document: &D,
    rounds: Rounds,
) -> (Duration, Option<f64>) {
    let cold = Instant::now();
    document.pdf(renderer);
    let cold = cold.elapsed();
    let (warm, pdf) = typst_median(renderer, document, rounds);
    println!(
        "{name}: typst in-process {} pages: first {:.0} ms, warm median (data changed) {:.0} ms",
        pages(&pdf),
        cold.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3
    );
    let docx_start = Instant::now();
    document.word();
    println!(
        "{name}: docx-rs DOCX {:.1} ms",
        docx_start.elapsed().as_secs_f64() * 1e3
    );
    let factor = libreoffice_median(document, rounds).map(|(baseline, lo_pages)| {
        let factor = baseline.as_secs_f64() / warm.as_secs_f64();
        println!(
            "{name}: baseline libreoffice DOCX->PDF {lo_pages} pages: median {:.0} ms; \
             typst is {factor:.1}x faster",
            baseline.as_secs_f64() * 1e3,
        );
        factor
    });
    if factor.is_none() {
        println!("baseline skipped: libreoffice not installed");
    }
    (warm, factor)
}

/// Asserts the speed-up goal of one document when LibreOffice was there to
/// compare with (the tests require it in CI).
fn faster_goal(name: &str, factor: Option<f64>) {
    if let Some(factor) = factor {
        goal(
            &format!("{name} against LibreOffice"),
            factor >= GOAL_FACTOR,
            format!("{factor:.1}x faster"),
            format!(">= {GOAL_FACTOR}x"),
        );
    }
}

/// The plan against LibreOffice: issue 13's goal, six times faster, is
/// asserted (here and for a plan never rendered before). The eight times the
/// reports keep was met against a Word file LibreOffice laid out in a fallback
/// font (88 pages, or 40 in the earlier plain layout); against the official
/// Word file, set in TH Sarabun New as on a government computer, LibreOffice is
/// a third faster, and the figure is printed beside that earlier mark.
fn plan_against_libreoffice(name: &str, factor: Option<f64>) {
    if let Some(factor) = factor {
        println!(
            "  {name} against LibreOffice: {factor:.1}x (the reports' {GOAL_FACTOR}x, printed)"
        );
        goal(
            &format!("{name} against LibreOffice"),
            factor >= FRESH_PLAN_FACTOR,
            format!("{factor:.1}x faster"),
            format!(">= {FRESH_PLAN_FACTOR}x"),
        );
    }
}

/// The median warm render of plans never rendered before.
/// Runs are numbered from `first_run`: Typst's memoisation is shared by the
/// whole process, so each measure must use numbers no other has used.
fn fresh_plan_median(
    renderer: &Renderer,
    plan: &prongsai_docs::ActionPlanDocument,
    rounds: Rounds,
    first_run: usize,
) -> (Duration, Vec<u8>) {
    // Warm the engine (fonts, templates) with other plans first.
    for run in 0..rounds.warm_up {
        fresh_plan(plan, first_run + 500 + run).pdf(renderer);
    }
    let mut pdf = Vec::new();
    let times = (0..rounds.runs)
        .map(|run| {
            let fresh = fresh_plan(plan, first_run + run);
            let start = Instant::now();
            pdf = fresh.pdf(renderer);
            start.elapsed()
        })
        .collect();
    (median(times), pdf)
}

/// What the text-layer pass and the line-break segmentation add to a render:
/// a render of fresh plans without the pass (median), the segmentation of the
/// plan's data alone (median; it is part of that render, so taken out of the
/// baseline), and the pass alone over the PDF (median), in one run.
fn text_layer_cost(plan: &prongsai_docs::ActionPlanDocument, rounds: Rounds) -> f64 {
    let typst_only = Renderer::new().unwrap().without_text_layer_pass();
    let (render, raw) = fresh_plan_median(&typst_only, plan, rounds, 2000);
    let data = fresh_plan(plan, 3000).typst_input().unwrap().data;
    let segmentation = median(
        (0..rounds.runs)
            .map(|_| {
                let mut input = data.clone();
                let start = Instant::now();
                prongsai_docs::prepare_text(&mut input);
                std::hint::black_box(input);
                start.elapsed()
            })
            .collect(),
    );
    let render = render.saturating_sub(segmentation);
    let text_layer = TextLayer::new(&SARABUN);
    let pass = median(
        (0..rounds.runs)
            .map(|_| {
                let input = raw.clone();
                let start = Instant::now();
                std::hint::black_box(text_layer.apply(input));
                start.elapsed()
            })
            .collect(),
    );
    let share = (pass + segmentation).as_secs_f64() / render.as_secs_f64();
    println!(
        "text-layer pass and segmentation on the fresh action plan: typst alone {:.0} ms \
         (baseline), segmentation {:.1} ms, the pass {:.1} ms, together {:.1}% of the render",
        render.as_secs_f64() * 1e3,
        segmentation.as_secs_f64() * 1e3,
        pass.as_secs_f64() * 1e3,
        share * 100.0
    );
    share
}

fn main() {
    let mode = Mode::from_env();
    println!("PDF render benchmark, {}", mode.describe());
    let rounds = mode.pick(
        // Medians of five renders and three LibreOffice runs: one LibreOffice
        // run varies by a tenth, as much as the margin of the plan's goal.
        Rounds {
            warm_up: 1,
            runs: 5,
            baseline_runs: 3,
        },
        Rounds {
            warm_up: 2,
            runs: 7,
            baseline_runs: 3,
        },
    );
    let renderer = Renderer::new().unwrap();
    // The analysis has no goal of its own: measured in the full run only.
    if mode == Mode::Full {
        bench(
            &renderer,
            "seed analysis",
            &documents::seed_document(true),
            rounds,
        );
        bench(
            &renderer,
            "stress analysis",
            &documents::stress_document(STRESS_ROWS),
            rounds,
        );
    }
    let name = "seed annual report (2568, links)";
    let (_, factor) = bench(
        &renderer,
        name,
        &documents::annual_seed_document(true, true),
        rounds,
    );
    faster_goal(name, factor);
    let name = "stress annual report";
    let (_, factor) = bench(
        &renderer,
        name,
        &documents::annual_stress_document(STRESS_TOPICS, STRESS_MEASURES),
        rounds,
    );
    faster_goal(name, factor);
    let agency = documents::plan_fixture::agency(true);
    let plan = documents::plan_fixture::plan(&agency);
    let risk = documents::plan_fixture::risk(plan.agency_id);
    let name = "seed-sized action plan (17 projects)";
    let (warm, factor) = bench(
        &renderer,
        name,
        &prongsai_docs::action_plan_document(&plan, Some(&risk), &agency),
        rounds,
    );
    plan_against_libreoffice(name, factor);
    goal(
        &format!("{name} warm render"),
        warm < PLAN_GOAL,
        format!("{:.0} ms", warm.as_secs_f64() * 1e3),
        format!("< {} ms", PLAN_GOAL.as_millis()),
    );
    let plan_document = prongsai_docs::action_plan_document(&plan, Some(&risk), &agency);
    let (fresh, pdf) = fresh_plan_median(&renderer, &plan_document, rounds, 1000);
    println!(
        "fresh action plan (every project renamed each run) {} pages: warm median {:.0} ms",
        pages(&pdf),
        fresh.as_secs_f64() * 1e3
    );
    goal(
        "fresh action plan warm render",
        fresh <= FRESH_PLAN_GOAL,
        format!("{:.0} ms", fresh.as_secs_f64() * 1e3),
        format!("<= {} ms", FRESH_PLAN_GOAL.as_millis()),
    );
    if let Some(factor) = factor {
        // The same LibreOffice baseline as the plan above: issue 13's goal,
        // asserted since the text-layer pass reads only what it changes and
        // the text preparation stopped splitting every string (7.0-7.1x on
        // this machine, from 5.7-6.5x).
        let fresh_factor = factor * warm.as_secs_f64() / fresh.as_secs_f64();
        goal(
            "fresh action plan against LibreOffice",
            fresh_factor >= FRESH_PLAN_FACTOR,
            format!("{fresh_factor:.1}x faster"),
            format!(">= {FRESH_PLAN_FACTOR}x"),
        );
    }
    let share = text_layer_cost(&plan_document, rounds);
    // Issue 13 asks for at most a tenth; measured and printed, not yet met, so
    // not asserted (see the closing note of the issue).
    println!(
        "  text-layer pass and segmentation: {:.1}% of the render (issue 13 asks <= {:.0}%)",
        share * 100.0,
        TEXT_LAYER_SHARE * 100.0
    );
}

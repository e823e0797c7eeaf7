//! How long a PDF takes to render in-process, against the LibreOffice route.
//!
//! Measures warm Typst renders (after a warm-up, median of several runs, the data
//! changed between runs) of the seed analysis, a stress analysis of about forty
//! pages, the annual report at the size of the 2568 seed (seven topics, ten
//! measures, the seed's text, with evidence links) and a stress annual report of
//! about forty pages; and as the baseline, in the same run, `libreoffice
//! --headless --convert-to pdf` of this crate's own DOCX of the same documents.
//! The goal for the reports is a PDF at least eight times faster than the
//! baseline. The action plan at the size of the Bang Khae seed (4 dimensions,
//! 12 missions, 17 projects, about 45 pages) has the same goal and must render
//! in under half a second. Run with `cargo bench -p prongsai-docs --bench render`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use prongsai_docs::{
    AnalysisDocument, AnnualReportDocument, Renderer, render_analysis_docx,
    render_analysis_pdf_blocking, render_annual_report_docx, render_annual_report_pdf_blocking,
};

const WARM_UP: usize = 2;
const RUNS: usize = 7;
const BASELINE_RUNS: usize = 3;
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    Command::new("pdfinfo")
        .arg(&path)
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8(out.stdout)
                .ok()?
                .lines()
                .find_map(|line| line.strip_prefix("Pages:").map(|n| n.trim().to_owned()))
        })
        .unwrap_or_else(|| "?".to_owned())
}

/// A document kind as the benchmark sees it: a PDF render, a DOCX and a way to
/// change the data between runs.
trait Benched: Clone {
    fn pdf(&self, renderer: &Renderer) -> Vec<u8>;
    fn docx(&self) -> Vec<u8>;
    /// A copy with some data changed for run `run`, as when successive requests
    /// export different results: rendering unchanged data would only measure
    /// Typst's memoisation cache.
    fn variant(&self, run: usize) -> Self;
}

impl Benched for AnalysisDocument {
    fn pdf(&self, renderer: &Renderer) -> Vec<u8> {
        render_analysis_pdf_blocking(renderer, self).unwrap()
    }

    fn docx(&self) -> Vec<u8> {
        render_analysis_docx(self).unwrap()
    }

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
    fn pdf(&self, renderer: &Renderer) -> Vec<u8> {
        render_annual_report_pdf_blocking(renderer, self).unwrap()
    }

    fn docx(&self) -> Vec<u8> {
        render_annual_report_docx(self).unwrap()
    }

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
    fn pdf(&self, renderer: &Renderer) -> Vec<u8> {
        prongsai_docs::render_action_plan_pdf_blocking(renderer, self).unwrap()
    }

    fn docx(&self) -> Vec<u8> {
        prongsai_docs::render_action_plan_docx(self).unwrap()
    }

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

/// The median of warm renders, each with changed data, and the last PDF.
fn typst_median<D: Benched>(renderer: &Renderer, document: &D) -> (Duration, Vec<u8>) {
    let mut pdf = Vec::new();
    for run in 0..WARM_UP {
        pdf = document.variant(run).pdf(renderer);
    }
    let times = (WARM_UP..WARM_UP + RUNS)
        .map(|run| {
            let changed = document.variant(run);
            let start = Instant::now();
            pdf = changed.pdf(renderer);
            start.elapsed()
        })
        .collect();
    (median(times), pdf)
}

fn libreoffice_median<D: Benched>(document: &D) -> Option<(Duration, String)> {
    if Command::new("soffice").arg("--version").output().is_err() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("document.docx");
    std::fs::write(&input, document.docx()).unwrap();
    // One untimed conversion creates the LibreOffice profile.
    let pdf = common::libreoffice_to_pdf(&input, dir.path());
    let times = (0..BASELINE_RUNS)
        .map(|_| {
            let start = Instant::now();
            common::libreoffice_to_pdf(&input, dir.path());
            start.elapsed()
        })
        .collect();
    Some((median(times), pages(&std::fs::read(pdf).unwrap())))
}

/// Renders one document every way and prints the times.
fn bench<D: Benched>(renderer: &Renderer, name: &str, document: &D) {
    let cold = Instant::now();
    document.pdf(renderer);
    let cold = cold.elapsed();
    let (warm, pdf) = typst_median(renderer, document);
    println!(
        "{name}: typst in-process {} pages: first {:.0} ms, warm median (data changed) {:.0} ms",
        pages(&pdf),
        cold.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3
    );
    let docx_start = Instant::now();
    document.docx();
    println!(
        "{name}: docx-rs DOCX {:.1} ms",
        docx_start.elapsed().as_secs_f64() * 1e3
    );
    match libreoffice_median(document) {
        Some((baseline, lo_pages)) => println!(
            "{name}: baseline libreoffice DOCX->PDF {lo_pages} pages: median {:.0} ms; \
             typst is {:.1}x faster",
            baseline.as_secs_f64() * 1e3,
            baseline.as_secs_f64() / warm.as_secs_f64()
        ),
        None => println!("baseline skipped: libreoffice not installed"),
    }
}

fn main() {
    let renderer = Renderer::new().unwrap();
    bench(&renderer, "seed analysis", &common::seed_document(true));
    bench(
        &renderer,
        "stress analysis",
        &common::stress_document(STRESS_ROWS),
    );
    bench(
        &renderer,
        "seed annual report (2568, links)",
        &common::annual_seed_document(true, true),
    );
    bench(
        &renderer,
        "stress annual report",
        &common::annual_stress_document(STRESS_TOPICS, STRESS_MEASURES),
    );
    let agency = common::plan_fixture::agency(true);
    let plan = common::plan_fixture::plan(&agency);
    let risk = common::plan_fixture::risk(plan.agency_id);
    bench(
        &renderer,
        "seed-sized action plan (17 projects)",
        &prongsai_docs::action_plan_document(&plan, Some(&risk), &agency),
    );
}

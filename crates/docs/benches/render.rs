//! How long a PDF takes to render in-process, against the LibreOffice route.
//!
//! Measures warm Typst renders (after a warm-up, median of several runs, the data
//! changed between runs) of the
//! seed analysis and of a stress analysis of about forty pages, and as the
//! baseline, in the same run, `libreoffice --headless --convert-to pdf` of this
//! crate's own DOCX of the same documents. Run with
//! `cargo bench -p prongsai-docs --bench render`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use prongsai_docs::{
    AnalysisDocument, Renderer, render_analysis_docx, render_analysis_pdf_blocking,
};

const WARM_UP: usize = 2;
const RUNS: usize = 7;
const BASELINE_RUNS: usize = 3;
/// Rows of the stress document; about forty pages.
const STRESS_ROWS: usize = 320;

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

/// Warm renders with the data changed every time (a new score in the first row
/// and a new date), as when successive requests export different results:
/// rendering unchanged data would only measure Typst's memoisation cache.
fn typst_median(renderer: &Renderer, document: &AnalysisDocument) -> (Duration, Vec<u8>) {
    let variant = |run: usize| {
        let mut changed = document.clone();
        if let Some(first) = changed.indicators.first_mut() {
            first.score = format!("{}.{:02}", 90 + run % 10, run % 100);
        }
        changed.generated_on = format!("{} ({run})", document.generated_on);
        changed
    };
    let mut pdf = Vec::new();
    for run in 0..WARM_UP {
        pdf = render_analysis_pdf_blocking(renderer, &variant(run)).unwrap();
    }
    let times = (WARM_UP..WARM_UP + RUNS)
        .map(|run| {
            let changed = variant(run);
            let start = Instant::now();
            pdf = render_analysis_pdf_blocking(renderer, &changed).unwrap();
            start.elapsed()
        })
        .collect();
    (median(times), pdf)
}

fn libreoffice_median(document: &AnalysisDocument) -> Option<(Duration, String)> {
    if Command::new("soffice").arg("--version").output().is_err() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("analysis.docx");
    std::fs::write(&input, render_analysis_docx(document).unwrap()).unwrap();
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

fn main() {
    let renderer = Renderer::new().unwrap();
    let cases = [
        ("seed analysis", common::seed_document(true)),
        ("stress analysis", common::stress_document(STRESS_ROWS)),
    ];
    for (name, document) in &cases {
        let cold = Instant::now();
        render_analysis_pdf_blocking(&renderer, document).unwrap();
        let cold = cold.elapsed();
        let (warm, pdf) = typst_median(&renderer, document);
        println!(
            "{name}: typst in-process {} pages: first {:.0} ms, warm median (data changed) {:.0} ms",
            pages(&pdf),
            cold.as_secs_f64() * 1e3,
            warm.as_secs_f64() * 1e3
        );
        let docx_start = Instant::now();
        render_analysis_docx(document).unwrap();
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
}

//! PDF input: the corpus sample exported to PDF by LibreOffice gives the same findings as the
//! text; scans, encrypted, truncated and mislabelled files fail (or pass) sensibly. The fixtures
//! are made by `scripts/make-pdf-fixtures.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod common;

use common::hedui;
use hedui::input::{Format, ReadOptions, Source};
use hedui::{Finding, Side};

const SAMPLE_TXT: &str = "corpus/000_6f198439acdb62c0.txt";
const SAMPLE_PDF: &str = "tests/fixtures/pdf/sample.pdf";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn check(path: &str) -> hedui::Checked {
    let tables = hedui::tables::Tables::builtin().unwrap();
    hedui::check_path(&fixture(path), &ReadOptions::default(), tables).unwrap()
}

type Key = (&'static str, Option<String>, String, String);

fn value(side: &Option<Side>) -> String {
    side.as_ref().map_or("-".into(), |s| {
        format!("{:?} {:?} {:?}", s.value, s.unit, s.qualifier)
    })
}

fn key(f: &Finding) -> Key {
    (f.rule, f.item.clone(), value(&f.annex), value(&f.body))
}

fn multiset(findings: &[Finding]) -> HashMap<Key, usize> {
    let mut m = HashMap::new();
    for f in findings {
        *m.entry(key(f)).or_default() += 1;
    }
    m
}

#[test]
fn the_sample_pdf_gives_the_findings_of_the_text() {
    let txt = check(SAMPLE_TXT);
    let pdf = check(SAMPLE_PDF);
    assert_eq!(pdf.format, Format::Pdf);
    assert!(!txt.findings.is_empty());
    assert_eq!(multiset(&pdf.findings), multiset(&txt.findings));
    assert_eq!(
        (pdf.items, pdf.annex_commitments, pdf.aligned),
        (txt.items, txt.annex_commitments, txt.aligned)
    );
}

/// Every finding side's (page, line, column) points at extracted text that starts with the quote.
#[test]
fn pdf_finding_positions_point_at_their_quotes() {
    let pdf = check(SAMPLE_PDF);
    let source = Source::read(&fixture(SAMPLE_PDF), &ReadOptions::default()).unwrap();
    // The lines of type as the position map tells them: (page, line) → characters by column.
    let mut lines: HashMap<(usize, usize), Vec<(usize, char)>> = HashMap::new();
    for (at, c) in source.text.char_indices().filter(|(_, c)| *c != '\n') {
        let loc = source.location(at);
        let page = loc.page.expect("every PDF position has a page");
        lines
            .entry((page, loc.line))
            .or_default()
            .push((loc.column, c));
    }
    for chars in lines.values_mut() {
        chars.sort_unstable();
        let columns: Vec<usize> = chars.iter().map(|c| c.0).collect();
        let expected: Vec<usize> = (1..=chars.len()).collect();
        assert_eq!(columns, expected, "columns run 1, 2, 3… on every line");
    }
    let mut sides = 0;
    for f in &pdf.findings {
        for side in [&f.annex, &f.body].into_iter().flatten() {
            sides += 1;
            let page = side.page.expect("a PDF finding has a page");
            let line = &lines[&(page, side.line)];
            let from: String = line[side.column - 1..].iter().map(|c| c.1).collect();
            // The quote may run on to the next line of type; its start is on this one.
            let start: String = side
                .text
                .chars()
                .take(from.chars().count().min(4))
                .collect();
            assert!(
                from.starts_with(&start),
                "{} {:?}: page {page} line {} column {}: {from:?} does not start with {:?}",
                f.rule,
                f.item,
                side.line,
                side.column,
                side.text
            );
        }
    }
    assert!(sides > 30, "{sides}");
}

#[test]
fn page_numbers_and_running_titles_are_left_out() {
    let source = Source::read(
        &fixture("tests/fixtures/pdf/footer.pdf"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert!(!source.text.contains("- 1 -"), "{}", source.text);
    assert!(
        !source.text.contains("某市人民政府工作报告"),
        "{}",
        source.text
    );
    let at = source.text.find("3. 改造").unwrap();
    assert_eq!(source.location(at).page, Some(3));
    let checked = check("tests/fixtures/pdf/footer.pdf");
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    assert_eq!((checked.items, checked.aligned), (3, 3));
}

/// Runs the CLI on `path`, expects exit 2 with one line naming the file and saying `needle`,
/// and that the file is unchanged.
fn fails_with(path: &Path, needle: &str) {
    let before = std::fs::read(path).unwrap();
    let out = hedui().arg("check").arg(path).assert().code(2).stdout("");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with(&format!("hedui: {}: ", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains(needle), "says {needle}: {stderr}");
    assert_eq!(std::fs::read(path).unwrap(), before, "input unchanged");
}

#[test]
fn a_scan_has_no_text_layer() {
    fails_with(
        &fixture("tests/fixtures/pdf/scan.pdf"),
        "the PDF has no text layer",
    );
}

#[test]
fn an_encrypted_pdf_is_refused() {
    fails_with(
        &fixture("tests/fixtures/pdf/encrypted.pdf"),
        "an encrypted PDF",
    );
}

#[test]
fn truncated_and_garbage_pdfs_are_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read(fixture(SAMPLE_PDF)).unwrap();
    let truncated = dir.path().join("truncated.pdf");
    std::fs::write(&truncated, &sample[..sample.len() / 2]).unwrap();
    fails_with(&truncated, "not a valid PDF file");
    let mut garbage = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    garbage.extend((0..4096).map(|_| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (x >> 16) as u8
    }));
    let garbage_path = dir.path().join("garbage.pdf");
    std::fs::write(&garbage_path, &garbage).unwrap();
    fails_with(&garbage_path, "not a valid PDF file");
}

#[test]
fn html_named_pdf_is_read_as_html() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    let html = "<!DOCTYPE html><html><body><p>某市2024年政府工作报告</p>\
                <p>(五)办好民生实事。新建幼儿园12所。</p><h2>附件</h2>\
                <p>1. 新建幼儿园12所(牵头单位:市教育局)。</p></body></html>";
    std::fs::write(&path, html).unwrap();
    let out = hedui()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["documents"][0]["format"], "html");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        html,
        "input unchanged"
    );
}

#[test]
fn the_cli_checks_the_sample_pdf() {
    let path = fixture(SAMPLE_PDF);
    let before = std::fs::read(&path).unwrap();
    let out = hedui()
        .args(["check", SAMPLE_PDF, "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["documents"][0]["format"], "pdf");
    let mismatch = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "number-mismatch" && f["item"] == "19")
        .expect("the 新增学位 mismatch");
    assert_eq!(mismatch["annex"]["value"], 66000);
    assert_eq!(mismatch["body"]["value"], 69000);
    assert!(mismatch["body"]["page"].as_u64().is_some(), "{mismatch}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "input unchanged");
}

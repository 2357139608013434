//! The HTML report in a real browser: headless Chromium loads the report of the sample and one
//! more document, runs its script without console errors, and shows every finding with annex and
//! body side by side; a screenshot is left at `target/report.png`. Without Chromium the test
//! fails (`apt-get install -y chromium fonts-noto-cjk`), unless `HEDUI_SKIP_BROWSER=1` says to
//! skip it; then it prints `SKIPPED` on the test output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command as Process;

mod common;

const DOCS: [&str; 2] = [
    "corpus/000_6f198439acdb62c0.txt",
    "corpus/pingchuan-city-2021.txt",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hedui(args: &[&str]) -> String {
    let out = common::hedui()
        .arg("check")
        .args(DOCS)
        .args(args)
        .assert()
        .code(1);
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn findings(lang: &str) -> Vec<serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_str(&hedui(&["--format", "json", "--lang", lang])).unwrap();
    json["findings"].as_array().unwrap().clone()
}

fn escape(s: &str) -> String {
    hedui::report::html::escape(s)
}

/// Writes the report of both documents in `lang` under `target/` and returns its path.
fn write_report(lang: &str) -> (PathBuf, String) {
    let html = hedui(&["--format", "html", "--lang", lang]);
    let dir = root().join("target");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("report-{lang}.html"));
    std::fs::write(&path, &html).unwrap();
    (path, html)
}

/// Every finding's message and both quotes are in `page`, side by side.
fn assert_shows_every_finding(page: &str, lang: &str) {
    let fs = findings(lang);
    assert_eq!(
        page.matches("<article class=\"finding ").count(),
        fs.len(),
        "one article per finding"
    );
    for f in &fs {
        let message = escape(f["message"].as_str().unwrap());
        assert!(page.contains(&message), "missing finding: {message}");
        for side in ["annex", "body"] {
            if f[side].is_object() {
                let at = format!(
                    "{}:{}:{}",
                    f[side]["path"].as_str().unwrap(),
                    f[side]["line"],
                    f[side]["column"]
                );
                assert!(
                    page.contains(&format!("<div class=\"loc\">{}", escape(&at))),
                    "missing {side} location {at}"
                );
            }
        }
    }
}

#[test]
fn the_page_is_self_contained_and_lists_every_finding() {
    for lang in ["en", "zh"] {
        let (_, html) = write_report(lang);
        for banned in ["http://", "https://", "<link", " src=", "@import", "url("] {
            assert!(!html.contains(banned), "external resource: {banned}");
        }
        assert!(html.contains("@media print"));
        assert!(html.contains("<mark>"));
        assert_shows_every_finding(&html, lang);
    }
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Process::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn chromium_renders_every_finding_side_by_side() {
    if !common::real_component(
        chromium().is_some(),
        "chromium",
        "HEDUI_SKIP_BROWSER",
        "apt-get install -y chromium fonts-noto-cjk",
    ) {
        return;
    }
    let script = root().join("scripts/html-screenshot.sh");
    for lang in ["zh", "en"] {
        let (path, _) = write_report(lang);
        let out = Process::new("bash")
            .arg(&script)
            .arg("--dump-dom")
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "chromium failed: {out:?}");
        let dom = String::from_utf8_lossy(&out.stdout);
        let log = String::from_utf8_lossy(&out.stderr);
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(
            console.is_empty(),
            "console messages:\n{}",
            console.join("\n")
        );
        assert!(dom.contains("data-ready=\"yes\""), "the script did not run");
        let n = findings(lang).len();
        assert!(
            dom.contains(&format!("<output id=\"f-shown\">{n}</output>")),
            "the filter shows all {n} findings at first"
        );
        assert_shows_every_finding(&dom, lang);
        let shot = root().join(format!("target/report-{lang}.png"));
        let status = Process::new("bash")
            .arg(&script)
            .arg(&path)
            .arg(&shot)
            .output()
            .unwrap();
        assert!(status.status.success(), "screenshot failed: {status:?}");
        assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
        if lang == "zh" {
            std::fs::copy(&shot, root().join("target/report.png")).unwrap();
        }
    }
}

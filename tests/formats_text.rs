//! Text formats: the bundled sample saved as GBK, Big5-free UTF-16 (LE and BE), HTML and
//! Markdown, and split into a body file and a separate annex file, gives the same findings as
//! the UTF-8 text, with positions that point at the quoted text in each file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use hedui::input::{ReadOptions, Source};
use hedui::tables::Tables;
use hedui::{Checked, Side};

const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";

fn sample_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)).unwrap()
}

fn check(path: &Path) -> Checked {
    hedui::check_path(path, &ReadOptions::default(), Tables::builtin().unwrap())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// What must not change between formats: rule, item, and both quotes with their numbers.
type Key = (String, Option<String>, Option<String>, Option<String>);

fn keys(c: &Checked) -> Vec<Key> {
    let mut keys: Vec<Key> = c
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.item.clone(),
                f.annex.as_ref().map(|s| s.text.clone()),
                f.body.as_ref().map(|s| s.text.clone()),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn sides(c: &Checked) -> impl Iterator<Item = &Side> {
    c.findings
        .iter()
        .flat_map(|f| f.annex.iter().chain(f.body.iter()))
}

/// The `line`-th line (1-based) of `text`, from character `column` (1-based) on.
fn from_column(text: &str, line: usize, column: usize) -> String {
    let l = text
        .lines()
        .nth(line - 1)
        .unwrap_or_else(|| panic!("no line {line}"));
    l.chars().skip(column - 1).collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn legacy_and_utf16_encodings_give_the_same_findings_and_lines() {
    let text = sample_text();
    let want = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE));
    assert!(!want.findings.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the sample fits in GBK");
    let le: Vec<u8> = b"\xFF\xFE"
        .iter()
        .copied()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = b"\xFE\xFF"
        .iter()
        .copied()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes, encoding) in [
        ("gbk.txt", gbk.as_ref(), "GBK"),
        ("utf16le.txt", le.as_slice(), "UTF-16LE"),
        ("utf16be.txt", be.as_slice(), "UTF-16BE"),
    ] {
        let path = write(dir.path(), name, bytes);
        let got = check(&path);
        assert_eq!(got.encoding, Some(encoding), "{name}");
        assert_eq!(keys(&got), keys(&want), "{name}");
        let lines =
            |c: &Checked| -> Vec<(usize, usize)> { sides(c).map(|s| (s.line, s.column)).collect() };
        assert_eq!(lines(&got), lines(&want), "{name}: same lines and columns");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} unchanged");
    }
}

/// Escapes text for HTML.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn html_gives_the_same_findings_with_positions_in_the_html() {
    let text = sample_text();
    let want = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE));
    let mut html = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>政府工作报告</title>\n\
         <style>p { text-indent: 2em }</style><script>var n = '<p>1. 假</p>';</script></head>\n<body>\n",
    );
    for line in text.lines() {
        // Inline markup inside the paragraph must not change the text.
        let line = escape(line).replacen("附件", "<b>附件</b>", 1);
        html.push_str(&format!("  <p class=\"para\">{line}</p>\n"));
    }
    html.push_str("</body></html>\n");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.html", html.as_bytes());
    let got = check(&path);
    assert_eq!(got.format, hedui::input::Format::Html);
    assert_eq!(keys(&got), keys(&want));
    for s in sides(&got) {
        // The source line holds the quote, unescaped and without tags, from the column on.
        let at = from_column(&html, s.line, s.column);
        let plain = at
            .replace("<b>", "")
            .replace("</b>", "")
            .replace("&amp;", "&");
        let first: String = s.text.chars().take(4).collect();
        assert!(
            plain.starts_with(&first),
            "{}:{} {:?} in {at:?}",
            s.line,
            s.column,
            s.text
        );
    }
}

#[test]
fn markdown_gives_the_same_findings_with_positions_in_the_markdown() {
    let text = sample_text();
    let want = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE));
    // One paragraph per line; item markers escaped (`19\.`) so that the numbers stay as
    // written: an unescaped list would be renumbered by Markdown, as a renderer shows it.
    let mut md = String::from("# 政府工作报告\n\n");
    let marker = regex::Regex::new(r"^(\d+)\.").unwrap();
    for line in text.lines() {
        md.push_str(&marker.replace(line, "$1\\."));
        md.push_str("\n\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.md", md.as_bytes());
    let got = check(&path);
    assert_eq!(got.format, hedui::input::Format::Markdown);
    assert_eq!(keys(&got), keys(&want));
    for s in sides(&got) {
        let at = from_column(&md, s.line, s.column).replace("\\.", ".");
        let first: String = s.text.chars().take(4).collect();
        assert!(
            at.starts_with(&first),
            "{}:{} {:?} in {at:?}",
            s.line,
            s.column,
            s.text
        );
    }
}

#[test]
fn a_separate_annex_file_gives_the_same_findings_pointing_into_each_file() {
    let text = sample_text();
    let want = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE));
    // Where the annex is, by the checker's own segmentation.
    let tables = Tables::builtin().unwrap();
    let src = Source::from_text(SAMPLE, text.clone());
    let seg = hedui::segment::segment(&src.text, &tables.annex).unwrap();
    let line_of = |para: usize| src.line_col(seg.paras[para].origin(0)).0;
    let first = line_of(seg.annex.paras.start);
    let last = line_of(seg.annex.paras.end - 1);
    let lines: Vec<&str> = text.lines().collect();
    let annex: Vec<&str> = lines[first - 1..last].to_vec();
    let body: Vec<&str> = lines[..first - 1]
        .iter()
        .chain(&lines[last..])
        .copied()
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let body_path = write(dir.path(), "body.txt", body.join("\n").as_bytes());
    let annex_path = write(dir.path(), "annex.txt", annex.join("\n").as_bytes());
    let got = hedui::check_with_annex(&body_path, &annex_path, &ReadOptions::default(), tables)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(keys(&got), keys(&want));
    for f in &got.findings {
        if let Some(a) = &f.annex {
            assert_eq!(a.path, annex_path);
            let at = from_column(&annex.join("\n"), a.line, a.column);
            assert!(at.starts_with(&a.text), "{a:?}");
        }
        if let Some(b) = &f.body {
            assert_eq!(b.path, body_path);
            let at = from_column(&body.join("\n"), b.line, b.column);
            let first: String = b.text.chars().take(4).collect();
            assert!(at.starts_with(&first), "{b:?} in {at:?}");
        }
    }
}

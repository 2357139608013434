//! .docx input: the corpus sample saved as Word documents three ways (made by
//! `scripts/make-docx-fixtures.py`) gives the same findings as the text, pointing at the right
//! paragraph and character; broken or hostile .docx files are one-line errors (exit 2) and are
//! never written to.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

mod common;

use common::{hedui, zip_of};
use hedui::input::{Format, ReadOptions};
use hedui::tables::Tables;
use hedui::{Finding, Side};

const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";
const FIXTURES: &str = "tests/fixtures/docx";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(kind: &str) -> PathBuf {
    root()
        .join(FIXTURES)
        .join(format!("000_6f198439acdb62c0.{kind}.docx"))
}

fn findings(path: &Path) -> Vec<Finding> {
    let checked = hedui::check_path(path, &ReadOptions::default(), Tables::builtin().unwrap())
        .unwrap_or_else(|e| panic!("{e}"));
    let docx = path.extension().is_some_and(|e| e == "docx");
    assert_eq!(
        checked.format,
        if docx { Format::Docx } else { Format::Text }
    );
    checked.findings
}

/// (rule, item, annex quote, body quote): what a finding says, wherever it points.
type Said = (String, Option<String>, Option<String>, Option<String>);

fn said(f: &Finding) -> Said {
    (
        f.rule.to_string(),
        f.item.clone(),
        f.annex.as_ref().map(|s| s.text.clone()),
        f.body.as_ref().map(|s| s.text.clone()),
    )
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

/// The text of each `w:p` of a fixture's body, in document order (index 0 = paragraph 1),
/// resolved independently of hedui: the fixtures are written with one `w:t` per paragraph.
fn paragraphs(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let p = regex::Regex::new(r"<w:p/>|<w:p>(.*?)</w:p>").unwrap();
    let t = regex::Regex::new(r"<w:t[^>]*>([^<]*)</w:t>").unwrap();
    p.captures_iter(&xml)
        .map(|c| {
            let inner = c.get(1).map_or("", |m| m.as_str());
            t.captures_iter(inner)
                .map(|t| {
                    t[1].replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&")
                })
                .collect()
        })
        .collect()
}

/// The first characters of a quote that are in the source as written (the quote is repaired:
/// full-width forms folded, stray spaces removed).
fn head(quote: &str) -> String {
    quote.chars().take(4).collect()
}

/// Checks that a side's (line, column) points at its quote in the paragraph texts.
fn assert_points_at_quote(side: &Side, paras: &[String], what: &str) {
    let para = paras
        .get(side.line - 1)
        .unwrap_or_else(|| panic!("{what}: no paragraph {}", side.line));
    let at: String = para.chars().skip(side.column - 1).collect();
    // A quote that starts with a number Word made (automatic numbering) or with a row's serial
    // cell points at column 1 of that paragraph.
    let marker = regex::Regex::new(r"^(\d+[.、]\s*|[一二三四五六七八九十]+、)").unwrap();
    let unnumbered = marker.replace(&side.text, "");
    let ok = at.starts_with(&head(&side.text))
        || side.column == 1 && at.starts_with(&head(&unnumbered))
        || side.column == 1 && !at.is_empty() && side.text.starts_with(at.as_str());
    assert!(
        ok,
        "{what}: paragraph {} column {} reads {:?}, quote is {:?}",
        side.line,
        side.column,
        at.chars().take(20).collect::<String>(),
        side.text
    );
}

#[test]
fn plain_paragraphs_give_the_text_findings_on_the_same_lines() {
    let txt = findings(&root().join(SAMPLE));
    let docx = findings(&fixture("plain"));
    assert!(!txt.is_empty());
    let key = |f: &Finding| {
        (
            said(f),
            f.annex.as_ref().map(|s| (s.line, s.column)),
            f.body.as_ref().map(|s| (s.line, s.column)),
        )
    };
    assert_eq!(
        sorted(docx.iter().map(key).collect()),
        sorted(txt.iter().map(key).collect()),
        "one paragraph per line: same findings, lines and columns"
    );
}

#[test]
fn numbered_paragraphs_give_the_text_findings_on_the_same_lines() {
    let txt = findings(&root().join(SAMPLE));
    let path = fixture("numbered");
    let docx = findings(&path);
    // Columns differ where the number is Word's: the paragraph text starts after it, and the
    // number itself maps to column 1.
    let key = |f: &Finding| {
        (
            said(f),
            f.annex.as_ref().map(|s| s.line),
            f.body.as_ref().map(|s| s.line),
        )
    };
    assert_eq!(
        sorted(docx.iter().map(key).collect()),
        sorted(txt.iter().map(key).collect())
    );
    let paras = paragraphs(&path);
    for f in &docx {
        for side in f.annex.iter().chain(&f.body) {
            assert_points_at_quote(side, &paras, f.rule);
        }
    }
    // The misnumbered heading's number is Word's: it points at the start of its paragraph.
    let heading = docx
        .iter()
        .find(|f| f.rule == "numbering")
        .and_then(|f| f.annex.as_ref())
        .expect("the numbering finding");
    assert_eq!((heading.line, heading.column), (47, 1));
    assert_eq!(paras[46], "优化基本公共服务15件");
}

#[test]
fn an_annex_table_gives_the_same_findings_pointing_into_its_cells() {
    let txt = findings(&root().join(SAMPLE));
    let path = fixture("table");
    let docx = findings(&path);
    assert_eq!(
        sorted(docx.iter().map(said).collect()),
        sorted(txt.iter().map(said).collect()),
        "same findings, quotes and items"
    );
    let paras = paragraphs(&path);
    for f in &docx {
        for side in f.annex.iter().chain(&f.body) {
            assert_points_at_quote(side, &paras, f.rule);
        }
    }
    // The table drops the annex's empty lines but has two paragraphs (cells) per item row, so
    // the body after it moves by the difference in paragraph count; a row's line is its first
    // cell paragraph's number, so text lines and paragraph numbers stay equal after the table.
    let body_lines = |fs: &[Finding]| {
        sorted(
            fs.iter()
                .filter_map(|f| f.body.as_ref().map(|s| (s.line, s.text.clone())))
                .collect::<Vec<_>>(),
        )
    };
    let txt_lines = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .trim_end_matches('\n')
        .split('\n')
        .count();
    let annex_table_paras = paras.len() as isize - txt_lines as isize;
    let shift = |fs: &[Finding]| -> Vec<(usize, String)> {
        body_lines(fs)
            .into_iter()
            .map(|(l, t)| ((l as isize + annex_table_paras) as usize, t))
            .collect()
    };
    assert_eq!(body_lines(&docx), shift(&txt));
}

/// Runs `hedui check` on a file and expects exit 2 with one line naming the file and saying
/// `needle`, and the file unchanged.
fn assert_one_line_error(path: &Path, needle: &str) {
    let before = std::fs::read(path).unwrap();
    let out = hedui().arg("check").arg(path).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with(&format!("hedui: {}: ", path.display())),
        "names the file: {stderr}"
    );
    assert!(stderr.contains(needle), "says {needle}: {stderr}");
    assert!(out.get_output().stdout.is_empty(), "no partial result");
    assert_eq!(std::fs::read(path).unwrap(), before, "input unchanged");
}

#[test]
fn broken_and_hostile_docx_files_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let good = std::fs::read(fixture("plain")).unwrap();
    assert_one_line_error(
        &write("truncated.docx", &good[..good.len() / 2]),
        "not a valid .docx file",
    );
    let sheet = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    assert_one_line_error(
        &write("sheet.docx", &sheet),
        "no word/document.xml; this is an Excel workbook (.xlsx)",
    );
    let no_document = zip_of(&[("word/styles.xml", b"<w:styles/>")]);
    assert_one_line_error(
        &write("no-document.docx", &no_document),
        "no word/document.xml; the Word document part is missing",
    );
    assert_one_line_error(
        &write("image.docx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        "PNG",
    );
    // 20 MB of one character packs into a few kilobytes: far over the ratio limit.
    let bomb = zip_of(&[("word/document.xml", &vec![b'a'; 20 << 20])]);
    assert!(bomb.len() < 200_000);
    assert_one_line_error(
        &write("bomb.docx", &bomb),
        "the archive entry word/document.xml unpacks to more than",
    );
}

//! Every corpus document has an expected-findings file next to it (`<name>.expected.toml`);
//! the tool's findings must equal it exactly (rule, annex line, body line, item): a missing
//! finding and a false alarm both fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use hedui::tables::Tables;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(default)]
    finding: Vec<ExpectedFinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFinding {
    rule: String,
    annex_line: Option<usize>,
    body_line: Option<usize>,
    item: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

type Key = (String, Option<usize>, Option<usize>, Option<String>);

/// The document formats a corpus document may be in (a .docx is built by
/// `scripts/make-table-docx.py` from its source under `corpus/docx-src/`).
const FORMATS: [&str; 4] = ["txt", "md", "html", "docx"];

/// Every corpus document: the files of `corpus/` and `corpus/layouts/` in a document format,
/// except the READMEs.
fn corpus_docs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs = Vec::new();
    for dir in [root.clone(), root.join("layouts")] {
        docs.extend(
            std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.extension()
                        .is_some_and(|e| FORMATS.iter().any(|f| e == *f))
                        && p.file_stem().is_some_and(|s| s != "README")
                }),
        );
    }
    docs.sort();
    docs
}

fn expected_path(doc: &Path) -> PathBuf {
    doc.with_extension("expected.toml")
}

/// The annex as it must be parsed (`<name>.annex.toml`, for the documents of real layouts).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedAnnex {
    title_line: usize,
    total: Option<u32>,
    items: usize,
    item_lines: Vec<usize>,
    #[serde(default)]
    section: Vec<ExpectedSection>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedSection {
    line: usize,
    count: Option<u32>,
    items: usize,
}

/// Every document of `corpus/layouts/` states how its annex must be read: the items, their
/// lines, the stated total and the sections.
#[test]
fn real_layouts_are_read_as_published() {
    let tables = Tables::builtin().unwrap();
    let docs: Vec<PathBuf> = corpus_docs()
        .into_iter()
        .filter(|d| d.parent().is_some_and(|p| p.ends_with("layouts")))
        .collect();
    assert!(docs.len() >= 30, "{} layout documents", docs.len());
    let mut failures = Vec::new();
    for doc in &docs {
        let path = doc.with_extension("annex.toml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: every layout document needs one: {e}", path.display()));
        let want: ExpectedAnnex =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(want.items, want.item_lines.len(), "{}", path.display());
        let view = hedui::annex_view_path(doc, &Default::default(), tables)
            .unwrap_or_else(|e| panic!("{e}"));
        let got_lines: Vec<usize> = view.items.iter().map(|i| i.line).collect();
        let got_sections: Vec<ExpectedSection> = view
            .sections
            .iter()
            .map(|s| ExpectedSection {
                line: s.line,
                count: s.count,
                items: s.items,
            })
            .collect();
        let mut wrong = Vec::new();
        if got_lines != want.item_lines {
            wrong.push(format!(
                "item lines {got_lines:?}, want {:?}",
                want.item_lines
            ));
        }
        if view.total != want.total {
            wrong.push(format!("total {:?}, want {:?}", view.total, want.total));
        }
        if view.title_line != Some(want.title_line) {
            wrong.push(format!(
                "title line {:?}, want {}",
                view.title_line, want.title_line
            ));
        }
        if got_sections != want.section {
            wrong.push(format!(
                "sections {got_sections:?}, want {:?}",
                want.section
            ));
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", doc.display(), wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn actual(doc: &Path) -> Vec<Key> {
    let tables = Tables::builtin().unwrap();
    let checked =
        hedui::check_path(doc, &Default::default(), tables).unwrap_or_else(|e| panic!("{e}"));
    let mut keys: Vec<Key> = checked
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.annex.as_ref().map(|s| s.line),
                f.body.as_ref().map(|s| s.line),
                f.item.clone(),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn expected(doc: &Path) -> Vec<Key> {
    let path = expected_path(doc);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: every corpus document needs an expected file: {e}",
            path.display()
        )
    });
    let exp: Expected = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut keys: Vec<Key> = exp
        .finding
        .into_iter()
        .map(|f| (f.rule, f.annex_line, f.body_line, f.item))
        .collect();
    keys.sort();
    keys
}

#[test]
fn corpus_findings_match_expected_exactly() {
    let docs = corpus_docs();
    let mut failures = Vec::new();
    for doc in &docs {
        let (want, got) = (expected(doc), actual(doc));
        if want != got {
            let missing = multiset_minus(&want, &got);
            let extra = multiset_minus(&got, &want);
            failures.push(format!(
                "{}:\n  missing: {missing:?}\n  unexpected: {extra:?}",
                doc.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        docs.len() >= 11,
        "the corpus holds the sample and at least ten documents"
    );
}

/// Elements of `a` not matched one-for-one in `b`.
fn multiset_minus(a: &[Key], b: &[Key]) -> Vec<Key> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for k in a {
        match rest.iter().position(|r| r == k) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(k.clone()),
        }
    }
    out
}

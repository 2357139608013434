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

fn corpus_docs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .collect();
    docs.sort();
    docs
}

fn expected_path(doc: &Path) -> PathBuf {
    doc.with_extension("expected.toml")
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

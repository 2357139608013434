//! Mutation tests over every clean corpus document and every aligned annex/body pair in it:
//! - change one digit of one side's number: exactly that pair must get a `number-mismatch`, and
//!   nothing else at warning or error level may appear;
//! - restate the body's number in an equal form (Chinese numerals, 百分之…, thousands
//!   separators): no finding may change.
//!
//! In a table annex, a changed cell also breaks the table's own arithmetic: `table-sum` and
//! `table-growth` may come with the mismatch. Pairs with a table's past figure (last year's result
//! restated in the review) are explanations, not commitments, and are not mutated.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hedui::align::{Link, PairKind};
use hedui::extract::Commitment;
use hedui::input::Source;
use hedui::quantity::to_chinese_numeral;
use hedui::segment::Segmented;
use hedui::tables::Tables;
use hedui::Severity;

fn clean_docs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| {
            let src = Source::read(p, &Default::default()).unwrap();
            let checked = hedui::check_source(&src, Tables::builtin().unwrap()).unwrap();
            checked
                .findings
                .iter()
                .all(|f| f.severity == Severity::Info)
        })
        .collect();
    docs.sort();
    docs
}

struct Pair {
    annex: Commitment,
    body: Commitment,
}

fn equal_pairs(text: &str) -> (Segmented, Vec<Pair>) {
    let tables = Tables::builtin().unwrap();
    let seg = hedui::segment::segment(text, &tables.annex).unwrap();
    let cs = hedui::extract::extract(&seg, tables);
    let al = hedui::align::align(&cs, tables);
    let pairs = al
        .links
        .iter()
        .filter_map(|l| match l {
            Link::Pair {
                annex,
                body,
                kind: PairKind::Equal,
                ..
            } if !cs[*annex].reference => Some(Pair {
                annex: cs[*annex].clone(),
                body: cs[*body].clone(),
            }),
            _ => None,
        })
        .collect();
    (seg, pairs)
}

/// Source byte range of commitment `c`'s numeral.
fn numeral_range(seg: &Segmented, text: &str, c: &Commitment) -> std::ops::Range<usize> {
    let p = &seg.paras[c.para];
    let start = p.origin(c.qty.number.start);
    let last_char = p.text[..c.qty.number.end].chars().next_back().unwrap();
    let last = p.origin(c.qty.number.end - last_char.len_utf8());
    // The source may hold a full-width form of the character (`０`): use its own length.
    let end = last + text[last..].chars().next().unwrap().len_utf8();
    start..end
}

type Key = (&'static str, Option<usize>, Option<usize>);

fn findings(path: &Path, text: &str) -> (BTreeSet<Key>, BTreeSet<Key>) {
    let src = Source::from_text(path, text);
    let checked = hedui::check_source(&src, Tables::builtin().unwrap()).unwrap();
    let key = |f: &hedui::Finding| {
        (
            f.rule,
            f.annex.as_ref().map(|s| s.line),
            f.body.as_ref().map(|s| s.line),
        )
    };
    let all = checked.findings.iter().map(key).collect();
    let serious = checked
        .findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .map(key)
        .collect();
    (all, serious)
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Changes the first digit of the numeral in `range` to another digit.
fn mutate_digit(text: &str, range: std::ops::Range<usize>) -> Option<String> {
    const CN: &str = "一二三四五六七八九";
    let slice = &text[range.clone()];
    for (i, c) in slice.char_indices() {
        let replacement = if c.is_ascii_digit() {
            let d = c.to_digit(10)?;
            char::from_digit(if d == 9 { 8 } else { d + 1 }, 10)
        } else if ('０'..='９').contains(&c) {
            let d = c as u32 - '０' as u32;
            char::from_u32('０' as u32 + if d == 9 { 8 } else { d + 1 })
        } else if let Some(pos) = CN.chars().position(|x| x == c) {
            CN.chars().nth(if pos == 8 { 7 } else { pos + 1 })
        } else {
            continue;
        };
        let at = range.start + i;
        let mut out = text.to_string();
        out.replace_range(at..at + c.len_utf8(), &replacement?.to_string());
        return Some(out);
    }
    None
}

#[test]
fn a_changed_digit_is_a_mismatch_at_exactly_that_pair() {
    let docs = clean_docs();
    assert!(
        !docs.is_empty(),
        "need clean corpus documents, found {docs:?}"
    );
    let mut checked_pairs = 0;
    let mut failures = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        let (seg, pairs) = equal_pairs(&text);
        let (_, base_serious) = findings(doc, &text);
        for pair in &pairs {
            // Findings point at the start of the quote (docs/json.md).
            let quote_line =
                |c: &Commitment| line_of(&text, seg.paras[c.para].origin(c.quote.start));
            let (a_line, b_line) = (quote_line(&pair.annex), quote_line(&pair.body));
            for (side, c) in [("annex", &pair.annex), ("body", &pair.body)] {
                let Some(mutated) = mutate_digit(&text, numeral_range(&seg, &text, c)) else {
                    continue;
                };
                checked_pairs += 1;
                let (_, serious) = findings(doc, &mutated);
                let want: Key = ("number-mismatch", Some(a_line), Some(b_line));
                let arithmetic = |k: &&Key| {
                    side == "annex"
                        && seg.annex.grid.is_some()
                        && matches!(k.0, "table-sum" | "table-growth")
                };
                let new: BTreeSet<_> = serious
                    .difference(&base_serious)
                    .filter(|k| !arithmetic(k))
                    .cloned()
                    .collect();
                if new != BTreeSet::from([want]) {
                    failures.push(format!(
                        "{}: {side} of {} ↔ {}: new findings {new:?}, want only {want:?}",
                        doc.display(),
                        pair.annex.subject,
                        pair.body.subject
                    ));
                }
            }
        }
    }
    eprintln!(
        "{checked_pairs} digit mutations over {} clean documents",
        docs.len()
    );
    assert!(checked_pairs > 100, "only {checked_pairs} mutations ran");
    assert!(
        failures.is_empty(),
        "{} of {checked_pairs} mutations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// An equal restatement of the body's number, or None when there is no other form to try.
fn restate(seg: &Segmented, text: &str, c: &Commitment) -> Option<String> {
    let range = numeral_range(seg, text, c);
    let written = &text[range.clone()];
    let mut out = text.to_string();
    if c.qty.unit == "%" && written.chars().all(|ch| ch.is_ascii_digit() || ch == '.') {
        let after = &text[range.end..];
        let pct = after.chars().next().filter(|&ch| ch == '%' || ch == '％')?;
        let cn = to_chinese_numeral(&c.qty.value)?;
        out.replace_range(
            range.start..range.end + pct.len_utf8(),
            &format!("百分之{cn}"),
        );
        return Some(out);
    }
    if written
        .chars()
        .all(|ch| ch.is_ascii_digit() || ch == '.' || "万亿千".contains(ch))
        && c.qty.unit != "%"
    {
        let cn = to_chinese_numeral(&c.qty.value)?;
        out.replace_range(range, &cn);
        return Some(out);
    }
    None
}

#[test]
fn an_equal_restatement_changes_nothing() {
    let docs = clean_docs();
    let mut tried = 0;
    let mut failures = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        let (seg, pairs) = equal_pairs(&text);
        let (base, _) = findings(doc, &text);
        for pair in &pairs {
            let Some(restated) = restate(&seg, &text, &pair.body) else {
                continue;
            };
            tried += 1;
            let (all, _) = findings(doc, &restated);
            if all != base {
                let line = line_of(&text, numeral_range(&seg, &text, &pair.body).start);
                failures.push(format!(
                    "{}:{line}: restating {} changed findings: +{:?} -{:?}",
                    doc.display(),
                    pair.body.subject,
                    all.difference(&base).collect::<Vec<_>>(),
                    base.difference(&all).collect::<Vec<_>>()
                ));
            }
        }
    }
    eprintln!("{tried} equal restatements");
    assert!(tried > 30, "only {tried} restatements ran");
    assert!(
        failures.is_empty(),
        "{} of {tried} restatements failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The body's bound written with a synonym (`5%以上` → `不少于5%`), or None without a bound.
fn restate_bound(seg: &Segmented, text: &str, c: &Commitment) -> Option<String> {
    use hedui::quantity::Qualifier;
    let p = &seg.paras[c.para];
    let span_text = p.text.get(c.qty.span.clone())?;
    let core_start = c.qty.number.start - c.qty.span.start;
    let mut core = span_text[core_start..].to_string();
    for suffix in ["以上", "以下", "以内", "左右", "上下"] {
        if let Some(stripped) = core.strip_suffix(suffix) {
            core = stripped.to_string();
        }
    }
    let new = match c.qty.qualifier? {
        Qualifier::AtLeast => format!("不少于{core}"),
        Qualifier::AtMost => format!("{core}以内"),
        Qualifier::About => format!("{core}左右"),
        Qualifier::MoreThan => format!("超过{core}"),
        Qualifier::LessThan => format!("不足{core}"),
    };
    if new == span_text {
        return None;
    }
    let start = p.origin(c.qty.span.start);
    let last = p.text[..c.qty.span.end].chars().next_back()?;
    let last_at = p.origin(c.qty.span.end - last.len_utf8());
    let end = last_at + text[last_at..].chars().next()?.len_utf8();
    let mut out = text.to_string();
    out.replace_range(start..end, &new);
    Some(out)
}

#[test]
fn a_synonymous_bound_changes_nothing() {
    let mut tried = 0;
    for doc in clean_docs() {
        let text = std::fs::read_to_string(&doc).unwrap();
        let (seg, pairs) = equal_pairs(&text);
        let (base, _) = findings(&doc, &text);
        for pair in &pairs {
            let Some(restated) = restate_bound(&seg, &text, &pair.body) else {
                continue;
            };
            tried += 1;
            let (all, _) = findings(&doc, &restated);
            assert_eq!(
                all,
                base,
                "{}: restating the bound of {}",
                doc.display(),
                pair.body.subject
            );
        }
    }
    assert!(tried >= 1, "no bounded pair in the clean corpus");
}

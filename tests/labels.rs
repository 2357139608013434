//! Labels: the phrase a message names a commitment by is taken whole from its quote — never a
//! character dropped in the middle, never a word cut — for every commitment of every corpus
//! document, annex and body.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hedui::input::{ReadOptions, Source};
use hedui::tables::Tables;

/// Punctuation a label may end at.
fn separator(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | '、' | ':' | '：' | '。' | '!' | '！' | '?' | '？' | '\n'
    )
}

/// Characters a label's edge may be trimmed of (spaces, brackets, quotes, joining words).
fn trimmed(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')'
                | '（'
                | '）'
                | '和'
                | '及'
                | '与'
                | '—'
                | '…'
                | '·'
                | '*'
                | '"'
                | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '「'
                | '」'
                | '『'
                | '』'
        )
}

/// Checks `label` against the quote it names; returns a description of what is wrong.
///
/// `shared`: the label is a bare number's, shared with the quantity before it in the sentence, so
/// it may end where any quantity starts.
fn problem(label: &str, quote: &str, qty: std::ops::Range<usize>, shared: bool) -> Option<String> {
    if label.is_empty() {
        return Some(format!("empty label for quote {quote:?}"));
    }
    // Whole: one contiguous piece of the quote, on one side of the quantity.
    let candidates: Vec<usize> = quote.match_indices(label).map(|(i, _)| i).collect();
    let Some(&at) = candidates
        .iter()
        .find(|&&i| i + label.len() <= qty.start || i >= qty.end)
        .or(candidates.first())
    else {
        return Some(format!("label {label:?} is not a piece of quote {quote:?}"));
    };
    let end = at + label.len();
    // No word cut: each end of the label is an end of the quote, the quantity or punctuation,
    // perhaps past trimmed characters (brackets, spaces, joining words).
    let left = quote[..at].trim_end_matches(trimmed);
    let left_ok = left.is_empty() || left.ends_with(separator) || left.len() == qty.end;
    let right = quote[end..].trim_start_matches(trimmed);
    let numeral = |c: char| c.is_ascii_digit() || "零一二三四五六七八九十百两".contains(c);
    let right_ok = right.is_empty()
        || right.starts_with(separator)
        || quote.len() - right.len() == qty.start
        || (shared && right.starts_with(numeral));
    (!left_ok || !right_ok).then(|| format!("label {label:?} cuts a word of quote {quote:?}"))
}

#[test]
fn every_label_is_a_whole_phrase_of_its_quote() {
    use hedui::finding::Message as M;
    let tables = Tables::builtin().unwrap();
    let mut dir: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    dir.sort();
    assert!(dir.len() >= 20, "the corpus is there");
    let (mut checked, mut commitments, mut problems) = (0, 0, Vec::new());
    for path in dir {
        let src = Source::read(&path, &ReadOptions::default()).unwrap();
        // Every commitment's label, annex and body.
        if let Ok(seg) = hedui::segmented(&src, tables) {
            for cm in hedui::extract::extract(&seg, tables) {
                if cm.label.is_empty() {
                    continue; // no word beside it and none before it: named by `name()`
                }
                // A cell of a table of figures is named by its row and column, not by a phrase
                // beside it.
                if cm.part == hedui::extract::Part::Annex && seg.annex.grid.is_some() {
                    continue;
                }
                // A bare number (`分别提高到90元和100元`) shares the label of the quote before
                // it in its sentence: checked against the sentence.
                let quote = cm.quote_text(&seg);
                let (text, start, shared) = if quote.contains(cm.label.as_str()) {
                    (quote, cm.quote.start, false)
                } else {
                    let para = &seg.paras[cm.para].text;
                    let sentence = para.get(cm.sentence.clone()).unwrap_or("");
                    (sentence, cm.sentence.start, true)
                };
                let qty =
                    cm.qty.span.start.saturating_sub(start)..cm.qty.span.end.saturating_sub(start);
                commitments += 1;
                if let Some(p) = problem(&cm.label, text, qty, shared) {
                    problems.push(format!("{}: {p}", path.display()));
                }
            }
        }
        // And the names the messages print (a table of figures names a pair by its row).
        if hedui::segmented(&src, tables).is_ok_and(|s| s.annex.grid.is_some()) {
            continue;
        }
        let Ok(c) = hedui::check_source(&src, tables) else {
            continue;
        };
        for f in &c.findings {
            let (name, side) = match &f.what {
                M::NumberMismatch { name, .. }
                | M::UnitMismatch { name, .. }
                | M::QualifierMismatch { name, .. }
                | M::AnnexOnly { name, .. } => (name, f.annex.as_ref()),
                M::BodyOnly { name, .. } | M::SumMatch { name, .. } => (name, f.body.as_ref()),
                _ => continue,
            };
            let side = side.unwrap();
            if !side.text.contains(name.as_str()) {
                continue; // a bare number's shared label, checked above against its sentence
            }
            let qty = side.highlight.first().cloned().unwrap_or(0..0);
            checked += 1;
            if let Some(p) = problem(name, &side.text, qty, false) {
                problems.push(format!("{} ({}): {p}", path.display(), f.rule));
            }
        }
    }
    assert!(checked > 100, "{checked} names in messages");
    assert!(commitments > 1000, "{commitments} commitments");
    assert!(
        problems.is_empty(),
        "{} of {checked} labels:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

//! `wording-mismatch`: the name of an aligned commitment differs in a way that looks like a slip
//! rather than a paraphrase.
//!
//! A slip is a short substitution inside a name (`京蒙合作医院` ↔ `蒙蒙合作医院`, `老旧管道` ↔
//! `老化管道`, `便民服务站` ↔ `便民服务圈`). Not slips: words dropped or added, words moved
//! (`改造危房` ↔ `危房改造`), a different leading verb (`为…` ↔ `完成…`), long rewrites, and
//! words listed as equivalent in `rules/equivalences.toml`. The decision is made on the
//! names with equivalent words folded; the character diff comes from `similar`.

use rustc_hash::FxHashMap;
use similar::{DiffOp, TextDiff};

use super::Context;
use crate::align::Link;
use crate::extract::Part;
use crate::find;
use crate::finding::{Finding, Hint, Message};
use crate::tables::WordingTable;

/// Longest substituted run, in characters, that can still be a slip.
const MAX_SLIP: usize = 2;
/// Minimum similarity of the two names for them to be the same name mistyped.
const MIN_RATIO: f32 = 0.5;

/// Longest side, in characters, that [`char_ops`] diffs itself: `similar` diffs longer texts
/// another way (tokens numbered, common ends trimmed first), so those go through it.
const DIRECT_DIFF_MAX: usize = 100;

/// The ops of `TextDiff::from_chars(a, b)`, for `a` and `b` given also as characters. Up to
/// [`DIRECT_DIFF_MAX`] characters a side, `TextDiff` runs Myers (with its compaction and
/// replace hooks) on the one-character strings; run here on the characters themselves, which
/// are equal exactly when those strings are, it gives the same ops without a token list per
/// text or a string comparison per step.
fn char_ops(a: &str, b: &str, ac: &[char], bc: &[char]) -> Vec<DiffOp> {
    if ac.len() > DIRECT_DIFF_MAX || bc.len() > DIRECT_DIFF_MAX {
        return TextDiff::from_chars(a, b).ops().to_vec();
    }
    similar::capture_diff_slices(similar::Algorithm::Myers, ac, bc)
}

/// `TextDiff::ratio` of a diff of `old_len` and `new_len` characters with `ops`.
fn ratio(ops: &[DiffOp], old_len: usize, new_len: usize) -> f32 {
    similar::diff_ratio(ops, old_len, new_len)
}

/// One edit between two strings, in character indexes.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    Equal(usize, usize, usize),
    Delete(usize, usize),
    Insert(usize, usize),
    Replace(usize, usize, usize, usize),
}

/// The edits of a char diff of `a` into `b`, given by its ops.
fn edits(a: &[char], b: &[char], ops: &[DiffOp]) -> Vec<Edit> {
    let mut out: Vec<Edit> = ops
        .iter()
        .map(|op| match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => Edit::Equal(old_index, new_index, len),
            DiffOp::Delete {
                old_index, old_len, ..
            } => Edit::Delete(old_index, old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => Edit::Insert(new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => Edit::Replace(old_index, old_len, new_index, new_len),
        })
        .collect();
    // Myers may write a substitution next to a repeated character as delete, equal, insert
    // (`京蒙` → `蒙蒙` as `-京 =蒙 +蒙`); fold that back into a substitution.
    let mut i = 0;
    while i + 2 < out.len() {
        match (out[i].clone(), out[i + 1].clone(), out[i + 2].clone()) {
            (Edit::Delete(ao, al), Edit::Equal(_, bo, el), Edit::Insert(bi, bl))
                if el == bl && b[bo..bo + el] == b[bi..bi + bl] =>
            {
                out.splice(
                    i..i + 3,
                    [
                        Edit::Replace(ao, al, bo, bl),
                        Edit::Equal(ao + al, bo + bl, el),
                    ],
                );
            }
            (Edit::Insert(bi, bl), Edit::Equal(ao, _, el), Edit::Delete(ad, al))
                if el == al && a[ao..ao + el] == a[ad..ad + al] =>
            {
                out.splice(
                    i..i + 3,
                    [
                        Edit::Replace(ao, al, bi, bl),
                        Edit::Equal(ao + al, bi + bl, el),
                    ],
                );
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The substitutions between two names that look like slips, as (annex part, body part).
pub fn slips(a: &str, b: &str, wording: &WordingTable) -> Vec<(String, String)> {
    changes(a, b, wording).slips
}

/// What differs between two names.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// Short substitutions inside a name (`京蒙` ↔ `蒙蒙`), as (annex part, body part).
    pub slips: Vec<(String, String)>,
    /// Changed modifiers of a long named thing (`内蒙古` ↔ `国家` before
    /// `智慧教育公共服务平台`), as (annex part, body part).
    pub modifiers: Vec<(String, String)>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        self.slips.is_empty() && self.modifiers.is_empty()
    }

    /// Every change, slips first.
    fn all(self) -> Vec<(String, String)> {
        let mut out = self.slips;
        out.extend(self.modifiers);
        out
    }
}

/// Minimum length, in characters, of the shared name after a changed modifier.
const MIN_NAMED: usize = 6;
/// Longest modifier, in characters, whose change is reported.
const MAX_MODIFIER: usize = 4;

/// How many characters at the start of `s[at..at + len]` belong to listed words (`建设内蒙古`
/// → 2): a verb before a modifier is a choice of words, the modifier after it is not.
fn listed_lead(wording: &WordingTable, s: &[char], at: usize, len: usize) -> usize {
    (0..len)
        .find(|&k| !wording.touches_listed_word(s, at + k..at + len))
        .unwrap_or(len)
}

/// The edit `ops[k]`, a substitution, as a changed modifier right before a long shared name,
/// once verbs and other listed words at its start are set aside (`建设内蒙古|智慧教育公共服务平台`
/// ↔ `国家|智慧教育…`): only a scope or a place (`国家`, `内蒙古`, `临江市`) on one side at least;
/// other words before a name (`推广` ↔ `普及`) are a choice of words.
fn changed_modifier(
    wording: &WordingTable,
    a: &[char],
    b: &[char],
    ops: &[Edit],
    k: usize,
) -> Option<(String, String)> {
    let Edit::Replace(ao, al, bo, bl) = ops[k] else {
        return None;
    };
    let named_after = matches!(ops.get(k + 1), Some(Edit::Equal(_, _, len)) if *len >= MIN_NAMED);
    let (la, lb) = (
        listed_lead(wording, a, ao, al),
        listed_lead(wording, b, bo, bl),
    );
    let modifier = |len: usize| (2..=MAX_MODIFIER).contains(&len);
    if !named_after || !modifier(al - la) || !modifier(bl - lb) {
        return None;
    }
    let old: String = a[ao + la..ao + al].iter().collect();
    let new: String = b[bo + lb..bo + bl].iter().collect();
    let han = old.chars().chain(new.chars()).all(is_han);
    (han && (wording.is_scope(&old) || wording.is_scope(&new))).then_some((old, new))
}

/// The slips and changed modifiers between two names (equivalent words already folded).
pub fn changes(a: &str, b: &str, wording: &WordingTable) -> Changes {
    if a == b {
        return Changes::default();
    }
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let diff = char_ops(a, b, &ac, &bc);
    if ratio(&diff, ac.len(), bc.len()) < MIN_RATIO {
        return Changes::default();
    }
    let (a, b) = (ac, bc);
    let ops = edits(&a, &b, &diff);
    let text = |s: &[char], at: usize, len: usize| s[at..at + len].iter().collect::<String>();
    let deleted: Vec<String> = ops
        .iter()
        .filter_map(|e| match *e {
            Edit::Delete(at, len) | Edit::Replace(at, len, _, _) => Some(text(&a, at, len)),
            _ => None,
        })
        .collect();
    let inserted: Vec<String> = ops
        .iter()
        .filter_map(|e| match *e {
            Edit::Insert(at, len) | Edit::Replace(_, _, at, len) => Some(text(&b, at, len)),
            _ => None,
        })
        .collect();
    let mut out = Changes::default();
    for (k, e) in ops.iter().enumerate() {
        let Edit::Replace(ao, al, bo, bl) = *e else {
            continue;
        };
        let (old, new) = (text(&a, ao, al), text(&b, bo, bl));
        let after_equal = k > 0 && matches!(ops[k - 1], Edit::Equal(..));
        let short = al <= MAX_SLIP && bl <= MAX_SLIP;
        let all_han = old.chars().chain(new.chars()).all(is_han);
        // A run that reappears on the other side elsewhere was moved, not mistyped.
        let moved = (old.chars().count() >= 2 && inserted.contains(&old))
            || (new.chars().count() >= 2 && deleted.contains(&new));
        // A swapped particle (`的` → `供水`, `和` → `、`) is phrasing, not a mistyped name.
        let wording_choice = wording.touches_listed_word(&a, ao..ao + al)
            || wording.touches_listed_word(&b, bo..bo + bl)
            || wording.is_particles(&a[ao..ao + al])
            || wording.is_particles(&b[bo..bo + bl]);
        if let Some(modifier) = changed_modifier(wording, &a, &b, &ops, k).filter(|_| !moved) {
            out.modifiers.push(modifier);
        } else if ao > 0 && bo > 0 && after_equal && short && all_han && !moved && !wording_choice {
            out.slips.push((old, new));
        }
    }
    out
}

/// Byte ranges of `text` that a char diff against `other` marks as replaced.
fn replaced_ranges(text: &str, other: &str) -> Vec<std::ops::Range<usize>> {
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let (tc, oc): (Vec<char>, Vec<char>) = (text.chars().collect(), other.chars().collect());
    char_ops(text, other, &tc, &oc)
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Replace {
                old_index, old_len, ..
            }
            | DiffOp::Delete {
                old_index, old_len, ..
            } => Some(offsets[old_index]..offsets[(old_index + old_len).min(offsets.len() - 1)]),
            _ => None,
        })
        .collect()
}

/// Characters that end a clause of a name: punctuation, and `、` between enumerated things.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | '。' | ':' | '：' | '、' | '!' | '！' | '?' | '？' | '\n'
    )
}

/// The clauses of `text[range]` as byte ranges of `text`, without responsibility notes and
/// without leading or trailing spaces.
fn clauses(cx: &Context, text: &str, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let Some(region) = text.get(range.clone()) else {
        return Vec::new();
    };
    // A note opens with a parenthesis: without one there is none to look for.
    if !region.as_bytes().contains(&b'(') && !region.contains('（') {
        return split_clauses(text, range);
    }
    let notes: Vec<std::ops::Range<usize>> = cx
        .tables
        .annex
        .responsibility_notes(region)
        .map(|r| r.start + range.start..r.end + range.start)
        .collect();
    split_between_notes(text, range, &notes)
}

/// Adds `text[from..to]` without leading or trailing spaces to `out`, unless nothing is left.
fn push_clause(text: &str, from: usize, to: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let Some(piece) = text.get(from..to) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if from + lead < to - trail {
        out.push(from + lead..to - trail);
    }
}

/// [`clauses`] of a region without responsibility notes: what [`split_around_notes`] gives with
/// none.
fn split_clauses(text: &str, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    split_between_notes(text, range, &[])
}

/// Adds to `out` the clauses that end in `text[from..to]` (a region without notes), starting
/// the first at `start`, and moves `start` past the last clause end. Clause ends are found
/// from their UTF-8 lead bytes (ASCII, or 0xE3 and 0xEF for `。、` and the full-width marks),
/// most characters never decoded.
fn scan_clause_ends(
    text: &str,
    from: usize,
    to: usize,
    start: &mut usize,
    out: &mut Vec<std::ops::Range<usize>>,
) {
    let Some(region) = text.get(from..to) else {
        return;
    };
    let bytes = region.as_bytes();
    let mut i = 0;
    // `i` is at a character: its lead byte gives its length.
    while let Some(&b) = bytes.get(i) {
        let (len, c) = match b {
            0..0x80 => (1, Some(char::from(b))),
            0xE3 | 0xEF => (3, region.get(i..).and_then(|t| t.chars().next())),
            0x80..0xE0 => (2, None),
            0xE0..0xF0 => (3, None),
            _ => (4, None),
        };
        if let Some(c) = c.filter(|&c| ends_clause(c)) {
            let at = from + i;
            push_clause(text, *start, at, out);
            *start = at + c.len_utf8();
        }
        i += len;
    }
}

/// [`clauses`] of `text[range]` around the responsibility notes `notes` (sorted, disjoint byte
/// ranges of `text` inside `range`, as [`crate::tables::AnnexTable::responsibility_notes`]
/// gives them): the text before a note ends a clause, the note is left out and the next clause
/// starts after it. The same as [`split_around_notes`], scanning between the notes only.
fn split_between_notes(
    text: &str,
    range: std::ops::Range<usize>,
    notes: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    if text.get(range.clone()).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = range.start;
    let mut at = range.start;
    for note in notes {
        scan_clause_ends(text, at, note.start, &mut start, &mut out);
        push_clause(text, start, note.start, &mut out);
        start = note.end;
        at = note.end;
    }
    scan_clause_ends(text, at, range.end, &mut start, &mut out);
    push_clause(text, start.min(range.end), range.end, &mut out);
    out
}

/// [`clauses`] of `text[range]` around the responsibility notes `notes` (byte ranges of
/// `text`), character by character: the oracle for [`split_between_notes`].
#[cfg(test)]
fn split_around_notes(
    text: &str,
    range: std::ops::Range<usize>,
    notes: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let Some(region) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = range.start;
    for (i, c) in region.char_indices() {
        let at = range.start + i;
        if notes.iter().any(|r| r.start == at) {
            push_clause(text, start, at, &mut out);
        }
        if let Some(r) = notes.iter().find(|r| r.contains(&at)) {
            start = r.end;
            continue;
        }
        if ends_clause(c) {
            push_clause(text, start, at, &mut out);
            start = at + c.len_utf8();
        }
    }
    push_clause(text, start.min(range.end), range.end, &mut out);
    out
}

/// A clause as names compare: Han characters and letters only, equivalent words folded.
fn name_text(wording: &WordingTable, clause: &str) -> String {
    wording.canonical_owned(name_chars(clause))
}

/// The characters of `clause` that names compare: Han characters and letters. Runs of them are
/// copied whole; Han characters from U+4E00 to U+9FFF are known by their first bytes and kept
/// without decoding them.
fn name_chars(clause: &str) -> String {
    let bytes = clause.as_bytes();
    let mut kept = String::with_capacity(clause.len());
    // `clause[run..at]` is kept and not yet copied.
    let (mut run, mut at) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        // 0xE4 0xB8 and above: U+4E00 to U+4FFF.
        let han = (0xE5..=0xE9).contains(&b)
            || b == 0xE4 && bytes.get(at + 1).is_some_and(|&b1| b1 >= 0xB8);
        if han {
            at += 3;
            continue;
        }
        let Some(c) = clause.get(at..).and_then(|t| t.chars().next()) else {
            break;
        };
        if !(is_han(c) || c.is_alphanumeric() && !c.is_numeric()) {
            kept.push_str(&clause[run..at]);
            run = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    kept.push_str(&clause[run..]);
    kept
}

/// The changes between an annex clause without a figure and its body counterpart: changed
/// modifiers, and slips of one character (a longer substitution in a clause of free prose is
/// a choice of words: `推广` ↔ `普及`).
fn figureless_changes(a: &str, b: &str, wording: &WordingTable) -> Changes {
    let mut found = changes(a, b, wording);
    found
        .slips
        .retain(|(x, y)| x.chars().count() == 1 && y.chars().count() == 1);
    found
}

/// A clause of a body paragraph that restates an item.
struct BodyClause {
    para: usize,
    range: std::ops::Range<usize>,
    /// See [`name_text`].
    name: String,
    /// The name's characters, sorted: made when a name is searched for (most are found
    /// written as they are).
    sorted: std::cell::OnceCell<Sorted>,
}

impl BodyClause {
    fn new(para: usize, wording: &WordingTable, text: &str, range: std::ops::Range<usize>) -> Self {
        BodyClause {
            para,
            range,
            name: name_text(wording, text),
            sorted: std::cell::OnceCell::new(),
        }
    }
}

/// A text's characters, sorted, and the set of their [`char_bit`]s.
struct Sorted {
    chars: Vec<char>,
    bits: u64,
}

impl Sorted {
    fn new(s: &str) -> Sorted {
        let chars = sorted_chars(s);
        let bits = chars.iter().fold(0, |bits, &c| bits | char_bit(c));
        Sorted { chars, bits }
    }
}

/// A character's bit in a 64-bit set of characters (many characters share one).
fn char_bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

fn sorted_chars(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().collect();
    v.sort_unstable();
    v
}

/// Whether two texts, given as sorted characters, may reach a diff ratio of `min`: the ratio is
/// at most twice the characters they share (as multisets) over their total length. The
/// reference for [`may_reach_sorted`].
#[cfg(test)]
fn may_reach(a: &[char], b: &[char], min: f32) -> bool {
    let total = a.len() + b.len();
    if total == 0 {
        return false;
    }
    // They share at most the shorter one's characters: texts of too different lengths are
    // ruled out without comparing them.
    let reach = |common: usize| 2.0 * common as f32 / total as f32 >= min;
    reach(a.len().min(b.len())) && reach(crate::align::similarity::common(a, b))
}

/// Whether two texts, given as sorted characters, may reach a diff ratio of `min`: the ratio is
/// at most twice the characters they share (as multisets) over their total length. Pairs are
/// first ruled out by bounds on what they share: the shorter text, then the characters of `a`
/// whose [`char_bit`] `b` has, a count made without walking `b` (most clauses of a passage share
/// too little with a name to be compared at all).
fn may_reach_sorted(a: &[char], b: &Sorted, min: f32) -> bool {
    let total = a.len() + b.chars.len();
    let reach = |common: usize| 2.0 * common as f32 / total as f32 >= min;
    total > 0
        && reach(a.len().min(b.chars.len()))
        && reach(a.iter().filter(|&&c| b.bits & char_bit(c) != 0).count())
        && reach(crate::align::similarity::common(a, &b.chars))
}

/// Shortest run of characters two names share around a slip for [`name_slip`].
const MIN_SLIP_RUN: usize = 4;

/// A slip of one character inside a run that two clauses in other words share (annex
/// `实施背街小巷整治工程`, body `治理背街小港`: `背街小巷` ↔ `背街小港`), for an annex clause that names
/// what the figure of the next clause counts. The run is at least [`MIN_SLIP_RUN`] characters,
/// at least two of them before the slip; neither side's run is written as it is in the other
/// clause, the changed character is Han and no part of a listed word, and the body's two
/// characters at it are no word of the annex item's clauses (`item`). `b` marks the body
/// figure's place with `#`. Returns the slip (annex character, body character) and the body's
/// run.
fn name_slip(
    a: &str,
    b: &str,
    item: &[&str],
    wording: &WordingTable,
) -> Option<((String, String), String)> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // (run length, start in a, start in b, offset of the changed character)
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for i in 0..a.len() {
        for j in 0..b.len() {
            if i > 0 && j > 0 && a[i - 1] == b[j - 1] {
                continue; // not the start of a run
            }
            let mut changed = None;
            let mut k = 0;
            while i + k < a.len() && j + k < b.len() {
                if a[i + k] != b[j + k] {
                    if changed.is_some() {
                        break;
                    }
                    changed = Some(k);
                }
                k += 1;
            }
            let Some(at) = changed else { continue };
            // Inside a name the run goes on after the changed character, or the body's name
            // ends there, at its figure (`背街小港#`); else two names part there (`棚户区改造项目`
            // ↔ `棚户区改造开工`).
            let inside = k > at + 1 || b.get(j + at + 1) == Some(&'#');
            if at < 2 || k < MIN_SLIP_RUN || !inside || best.is_some_and(|(len, ..)| len >= k) {
                continue;
            }
            best = Some((k, i, j, at));
        }
    }
    let (len, i, j, at) = best?;
    let (x, y) = (a[i + at], b[j + at]);
    let listed = wording.touches_listed_word(&a, i + at..i + at + 1)
        || wording.touches_listed_word(&b, j + at..j + at + 1);
    if !is_han(x) || !is_han(y) || listed {
        return None;
    }
    let run_a: String = a[i..i + len].iter().collect();
    let run_b: String = b[j..j + len].iter().collect();
    let (whole_a, whole_b): (String, String) = (a.iter().collect(), b.iter().collect());
    if whole_b.contains(&run_a) || whole_a.contains(&run_b) {
        return None;
    }
    // The body's word at the change written in the item itself (annex `实施农村饮水…工程，新增和
    // 改善供水人口`, body `农村供水人口`) is the item's own word, not a slip.
    let word = |from: usize| -> String { b[from..(from + 2).min(b.len())].iter().collect() };
    if [word(j + at - 1), word(j + at)]
        .iter()
        .any(|w| w.chars().count() == 2 && item.iter().any(|n| n.contains(w.as_str())))
    {
        return None;
    }
    Some(((x.to_string(), y.to_string()), run_b))
}

/// Minimum Han characters of an annex clause for its name to be compared: shorter ones
/// (`新建公园` ↔ `新建公厕`) are as often two different things as one mistyped.
const MIN_NAME: usize = 6;
/// Minimum similarity of an annex clause and its body counterpart.
const MIN_CLAUSE_RATIO: f32 = 0.7;

/// Slips in the names of aligned items that no commitment carries: the clauses of an item
/// without a figure (`建成滨江湿地公园一期`) against the most similar clause of the body
/// paragraphs that restate the item.
fn figureless(cx: &Context, out: &mut Vec<Finding>) {
    let wording = &cx.tables.wording;
    let cs = cx.commitments;
    let items = cx.seg.annex.items.len();
    let mut restating: Vec<Vec<usize>> = vec![Vec::new(); items];
    for link in &cx.alignment.links {
        let (annex, body): (&[usize], usize) = match link {
            Link::Pair { annex, body, .. } => (std::slice::from_ref(annex), *body),
            Link::Sum { annex, body } => (annex.as_slice(), *body),
        };
        for &a in annex {
            if let Some(list) = cs[a].item.and_then(|i| restating.get_mut(i)) {
                list.push(cs[body].para);
            }
        }
    }
    // The body counterpart of each annex figure of a pair.
    let mut counterpart: FxHashMap<usize, usize> = FxHashMap::default();
    for link in &cx.alignment.links {
        if let Link::Pair { annex, body, .. } = link {
            counterpart.insert(*annex, *body);
        }
    }
    // Where the figures of each item start: (paragraph, byte, commitment).
    let mut figures: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); items];
    for (k, c) in cs.iter().enumerate() {
        if let Some(list) = c.item.and_then(|i| figures.get_mut(i)) {
            list.push((c.para, c.qty.span.start, k));
        }
    }
    // Every clause of the annex: a body clause the annex states as it is restates that, not a
    // mistyped other one (`新建城市公厕` of another item vs `新建城市公园`).
    // Each item's clauses as (paragraph, range, name), made once.
    let item_clauses: Vec<Vec<(usize, std::ops::Range<usize>, String)>> = cx
        .seg
        .annex
        .items
        .iter()
        .map(|item| {
            item.paras
                .iter()
                .enumerate()
                .flat_map(|(k, &p)| {
                    let text = &cx.seg.paras[p].text;
                    let start = if k == 0 { item.marker.len } else { 0 };
                    clauses(cx, text, start.min(text.len())..text.len())
                        .into_iter()
                        .map(move |r| (p, r.clone(), name_text(wording, &text[r])))
                })
                .collect()
        })
        .collect();
    let annex_names: Vec<&str> = item_clauses
        .iter()
        .flatten()
        .map(|(_, _, name)| name.as_str())
        .collect();
    // Whether some annex clause's name holds `text`: one search in the names joined by
    // `\u{1}`, which no name holds (see `sets` below).
    let annex_joined = annex_names.join("\u{1}");
    let in_annex_name = |text: &str| !annex_names.is_empty() && find::contains(&annex_joined, text);
    // The item's clauses that hold no figure and name something: an item without one needs
    // nothing of the body (an annex of thousands of items restated in one paragraph would
    // otherwise gather that paragraph's clauses once per item).
    let named = |ii: usize, p: usize, clause: &std::ops::Range<usize>, name: &str| {
        !figures[ii]
            .iter()
            .any(|&(fp, at, _)| fp == p && clause.contains(&at))
            && name.chars().filter(|&c| is_han(c)).count() >= MIN_NAME
    };
    // The body paragraphs of the livelihood passages that restate the annex (those with a
    // figure between the first and the last restated one): where an item that states no figure
    // (`完成城镇老旧小区改造项目（三期）`) is restated, if anywhere.
    let mut passage_paras: Vec<usize> = cs
        .iter()
        .enumerate()
        .filter(|&(k, c)| c.part == Part::Body && cx.alignment.in_passage[k])
        .map(|(_, c)| c.para)
        .collect();
    passage_paras.sort_unstable();
    passage_paras.dedup();
    // Each item's restating paragraphs, sorted, when it has a name to compare.
    let wanted: Vec<Option<Vec<usize>>> = (0..items)
        .map(|ii| {
            let mut paras = std::mem::take(&mut restating[ii]);
            if paras.is_empty() && figures[ii].is_empty() {
                paras.clone_from(&passage_paras);
            }
            let any = item_clauses[ii].iter().any(|(p, c, n)| named(ii, *p, c, n));
            if paras.is_empty() || !any {
                return None;
            }
            paras.sort_unstable();
            paras.dedup();
            Some(paras)
        })
        .collect();
    // The clauses of each restating paragraph, made once: most items share a few paragraphs.
    let mut made: FxHashMap<usize, Vec<BodyClause>> = FxHashMap::default();
    for &p in wanted.iter().flatten().flatten() {
        made.entry(p).or_insert_with(|| {
            let text = &cx.seg.paras[p].text;
            clauses(cx, text, 0..text.len())
                .into_iter()
                .map(|range| BodyClause::new(p, wording, &text[range.clone()], range))
                .collect()
        });
    }
    // The restating paragraphs' clauses, gathered once per set of paragraphs (the items of a
    // list are mostly restated in the same few), with their names joined for the containment
    // test: `\u{1}` is in no name, so a name is in the joined text exactly when it is in one
    // clause's name.
    let mut sets: FxHashMap<&[usize], (Vec<&BodyClause>, String)> = FxHashMap::default();
    for (ii, item) in cx.seg.annex.items.iter().enumerate() {
        let Some(paras) = wanted[ii].as_deref() else {
            continue;
        };
        let set = sets.entry(paras).or_insert_with(|| {
            let clauses: Vec<&BodyClause> =
                paras.iter().filter_map(|p| made.get(p)).flatten().collect();
            let joined = clauses
                .iter()
                .map(|b| b.name.as_str())
                .collect::<Vec<_>>()
                .join("\u{1}");
            (clauses, joined)
        });
        let (body, joined) = (&set.0, &set.1);
        for (ci, (p, clause, name)) in item_clauses[ii].iter().enumerate() {
            if !named(ii, *p, clause, name) {
                continue;
            }
            let (p, clause, name) = (*p, clause.clone(), name.as_str());
            // The name written the same somewhere in the restating paragraphs.
            if find::contains(joined, name) {
                continue;
            }
            let sorted = sorted_chars(name);
            let best = body
                .iter()
                .filter(|b| {
                    let theirs = b.sorted.get_or_init(|| Sorted::new(&b.name));
                    may_reach_sorted(&sorted, theirs, MIN_CLAUSE_RATIO)
                })
                .map(|b| {
                    let (x, y): (Vec<char>, Vec<char>) =
                        (name.chars().collect(), b.name.chars().collect());
                    (
                        ratio(&char_ops(name, &b.name, &x, &y), x.len(), y.len()),
                        *b,
                    )
                })
                .filter(|(r, _)| *r >= MIN_CLAUSE_RATIO)
                .max_by(|x, y| x.0.total_cmp(&y.0));
            let found = match best {
                Some((_, best)) => {
                    let b = best.name.as_str();
                    if in_annex_name(b) {
                        continue;
                    }
                    Some((best, figureless_changes(name, b, wording)))
                }
                // The clause names what the figure of the next clause counts (`实施背街小巷
                // 整治工程，完成治理20条`): its name is compared with the clause that holds the
                // figure's body counterpart (`治理背街小港20条`), in whatever words surround it.
                None => {
                    let text = &cx.seg.paras[p].text;
                    item_clauses[ii]
                        .get(ci + 1)
                        .filter(|(np, next, _)| {
                            *np == p
                                && !text
                                    .get(clause.end..next.start)
                                    .unwrap_or("。")
                                    .contains(['。', ';', '；', '!', '?'])
                        })
                        .and_then(|(_, next, _)| {
                            figures[ii].iter().find_map(|&(fp, at, a)| {
                                (fp == p && next.contains(&at))
                                    .then(|| counterpart.get(&a))
                                    .flatten()
                            })
                        })
                        .and_then(|&b| {
                            let cb = &cs[b];
                            let bc = made
                                .get(&cb.para)?
                                .iter()
                                .find(|bc| bc.range.contains(&cb.qty.span.start))?;
                            // The body's name with its figure's place.
                            let named: String = wording
                                .canonical(&cb.subject)
                                .chars()
                                .filter(|&c| is_han(c) || c == '#')
                                .collect();
                            Some((bc, named))
                        })
                        .and_then(|(bc, named)| {
                            let own: Vec<&str> =
                                item_clauses[ii].iter().map(|c| c.2.as_str()).collect();
                            let slip = name_slip(name, &named, &own, wording)?;
                            // The body's words are another item's name, written as it is.
                            (!in_annex_name(slip.1.as_str())).then(|| {
                                (
                                    bc,
                                    Changes {
                                        slips: vec![slip.0],
                                        modifiers: Vec::new(),
                                    },
                                )
                            })
                        })
                }
            };
            let Some((best, found)) = found else {
                continue;
            };
            let (bp, br) = (best.para, &best.range);
            if found.is_empty() {
                continue;
            }
            let typo = !found.slips.is_empty();
            let annex_side = cx.text_side(p, clause.clone());
            let body_side = cx.text_side(bp, br.clone());
            let message = Message::Wording {
                annex: annex_side.text.clone(),
                body: body_side.text.clone(),
                changes: found.all(),
            };
            let mut f = Finding::new(
                "wording-mismatch",
                message,
                p * 1000 + clause.start.min(999),
                Some(annex_side),
                Some(body_side),
            );
            f.item = Some(item.marker.number.to_string());
            out.push(marked(f, typo));
        }
    }
}

/// A wording finding with the replaced characters of both quotes highlighted, and the typo hint
/// when a slip was found.
fn marked(mut f: Finding, typo: bool) -> Finding {
    if typo {
        f.set_hint(Hint::Typo);
    }
    if let (Some(sa), Some(sb)) = (f.annex.as_mut(), f.body.as_mut()) {
        sa.highlight = replaced_ranges(&sa.text, &sb.text);
        sb.highlight = replaced_ranges(&sb.text, &sa.text);
    }
    f
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let start = out.len();
    pairs(cx, out);
    // A slip already reported on a figure pair is not reported again from the clause holding
    // the name (`建成建筑垃圾转运综合体1座` and `新建市建筑垃圾转运综合体` against one body clause).
    let reported: Vec<(usize, Message)> = out[start..]
        .iter()
        .filter_map(|f| Some((f.body.as_ref()?.line, changes_of(&f.what)?)))
        .collect();
    let mut names = Vec::new();
    figureless(cx, &mut names);
    out.extend(names.into_iter().filter(|f| {
        let key = f.body.as_ref().map(|b| b.line).zip(changes_of(&f.what));
        !key.is_some_and(|k| reported.contains(&k))
    }));
}

/// The changes a wording finding reports, as a comparable message.
fn changes_of(what: &Message) -> Option<Message> {
    match what {
        Message::Wording { changes, .. } => Some(Message::Wording {
            annex: String::new(),
            body: String::new(),
            changes: changes.clone(),
        }),
        _ => None,
    }
}

/// Wording slips between the names of aligned figure pairs.
fn pairs(cx: &Context, out: &mut Vec<Finding>) {
    let wording = &cx.tables.wording;
    for link in &cx.alignment.links {
        let Link::Pair {
            annex: a, body: b, ..
        } = *link
        else {
            continue;
        };
        let (ca, cb) = (&cx.commitments[a], &cx.commitments[b]);
        // A table's total row is named by the table's title, not by words of its own.
        let total_row = cx.seg.annex.grid.as_deref().is_some_and(|g| {
            ca.item
                .and_then(|i| g.rows.get(i))
                .is_some_and(|r| r.kind == crate::segment::table::RowKind::Total)
        });
        if ca.reference || total_row {
            continue;
        }
        // A pair in incompatible units gets a unit-mismatch; the words naming the unit's
        // thing (`户…家庭` vs `人…对象`) change with it and are not a separate slip.
        let units = &cx.tables.quantity.units;
        if !(ca.qty.unit == cb.qty.unit || units.compatible(&ca.qty.unit, &cb.qty.unit)) {
            continue;
        }
        // The same subject makes the same name: nothing changed.
        if ca.subject == cb.subject {
            continue;
        }
        // Where the number sits (`建设15个X站` vs `建设X圈15个`) is not part of the name.
        let name = |subject: &str| wording.canonical_owned(subject.replace('#', ""));
        let found = changes(&name(&ca.subject), &name(&cb.subject), wording);
        if found.is_empty() {
            continue;
        }
        let typo = !found.slips.is_empty();
        let message = Message::Wording {
            annex: ca.quote_text(cx.seg).to_string(),
            body: cb.quote_text(cx.seg).to_string(),
            changes: found.all(),
        };
        let f = cx.finding("wording-mismatch", message, Some(a), Some(b));
        out.push(marked(f, typo));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Names copied by runs are the characters a filter keeps.
        #[test]
        fn name_chars_equal_a_character_filter(
            text in "[，,。1２a Ａé建设园\u{4DB0}-\u{4E10}\u{4FF0}-\u{5010}\u{9FF0}-\u{A010}\u{3000}-\u{3010}\u{10000}\u{20000}]{0,40}",
        ) {
            let filtered: String = text
                .chars()
                .filter(|&c| is_han(c) || c.is_alphanumeric() && !c.is_numeric())
                .collect();
            proptest::prop_assert_eq!(name_chars(&text), filtered);
        }

        /// Clauses found between notes from lead bytes are those of the character scan.
        #[test]
        fn clauses_between_notes_equal_the_character_scan(
            text in "[，,。；;：:、！!？?\n 　a1新建幼儿园（）()\u{3000}-\u{3003}\u{FF00}-\u{FF20}\u{10000}é]{0,40}",
            from in 0usize..20,
            len in 0usize..50,
            cuts in proptest::collection::vec(0usize..60, 0..6),
        ) {
            // Char boundaries of `text` inside the range, as sorted disjoint notes.
            let range = from..(from + len).min(text.len());
            let mut bounds: Vec<usize> = cuts
                .iter()
                .map(|&c| range.start + c)
                .filter(|&b| b < range.end && text.is_char_boundary(b))
                .collect();
            bounds.sort_unstable();
            bounds.dedup();
            let notes: Vec<std::ops::Range<usize>> =
                bounds.chunks_exact(2).map(|w| w[0]..w[1]).collect();
            proptest::prop_assert_eq!(
                split_between_notes(&text, range.clone(), &notes),
                split_around_notes(&text, range, &notes)
            );
        }

        /// Clauses found from lead bytes are those of the character scan without notes.
        #[test]
        fn byte_scan_clauses_equal_the_character_scan(
            text in "[，,。；;：:、！!？?\n 　a1新建幼儿园（）()\u{3000}-\u{3003}\u{FF00}-\u{FF20}\u{10000}é]{0,40}",
            from in 0usize..50,
            len in 0usize..50,
        ) {
            let range = from..from + len;
            proptest::prop_assert_eq!(
                split_clauses(&text, range.clone()),
                split_around_notes(&text, range, &[])
            );
        }

        /// The ops and ratio of a diff of characters are those of `TextDiff::from_chars`,
        /// up to and past the length where `similar` diffs another way.
        #[test]
        fn char_diff_equals_similar(
            a in "[京蒙合作医院建设老旧化管道a、 ]{0,120}",
            b in "[京蒙合作医院建设老旧化管道a、 ]{0,120}",
        ) {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let ops = char_ops(&a, &b, &ac, &bc);
            let diff = TextDiff::from_chars(a.as_str(), b.as_str());
            proptest::prop_assert_eq!(&ops[..], diff.ops());
            proptest::prop_assert_eq!(
                ratio(&ops, ac.len(), bc.len()).to_bits(),
                diff.ratio().to_bits()
            );
        }
    }

    fn table() -> WordingTable {
        WordingTable::from_toml(crate::tables::EQUIVALENCES_TOML).unwrap()
    }

    fn slips(a: &str, b: &str) -> Vec<(String, String)> {
        let t = table();
        super::slips(&t.canonical(a), &t.canonical(b), &t)
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn substitutions_inside_names_are_slips() {
        assert_eq!(
            slips("建设京蒙合作医院#", "建设蒙蒙合作医院#"),
            pairs(&[("京", "蒙")])
        );
        assert_eq!(
            slips("建设蒙蒙合作医院#", "建设京蒙合作医院#"),
            pairs(&[("蒙", "京")])
        );
        assert_eq!(
            slips("改造燃气供水等老旧管道#", "改造燃气供水等老化管道#"),
            pairs(&[("旧", "化")])
        );
        assert_eq!(
            slips("打造#医保便民服务站", "全面打造#医便民服务圈"),
            pairs(&[("站", "圈")])
        );
    }

    fn changes(a: &str, b: &str) -> Changes {
        let t = table();
        super::changes(&t.canonical(a), &t.canonical(b), &t)
    }

    fn figureless(a: &str, b: &str) -> Changes {
        let t = table();
        figureless_changes(&t.canonical(a), &t.canonical(b), &t)
    }

    #[test]
    fn slips_in_names_without_figures() {
        for (a, b, old, new) in [
            ("建成滨江湿地公园一期", "建成滨河湿地公园一期", "江", "河"),
            ("改造工人体育场", "改造工人体育馆", "场", "馆"),
            ("提升改造长安路街区", "提升改造长宁路街区", "安", "宁"),
        ] {
            assert_eq!(slips(a, b), pairs(&[(old, new)]), "{a} / {b}");
            assert_eq!(figureless(a, b).slips, pairs(&[(old, new)]), "{a} / {b}");
        }
    }

    #[test]
    fn changed_scopes_of_long_names_are_modifiers() {
        for (a, b, old, new) in [
            (
                "加快建设内蒙古智慧教育公共服务平台试点建设",
                "加快国家智慧教育公共服务平台试点建设",
                "内蒙古",
                "国家",
            ),
            (
                "建设临江市智慧养老服务平台",
                "建设丰源县智慧养老服务平台",
                "临江市",
                "丰源县",
            ),
            (
                "推广省级数字健康档案平台",
                "推广国家数字健康档案平台",
                "省级",
                "国家",
            ),
        ] {
            let found = changes(a, b);
            assert_eq!(found.modifiers, pairs(&[(old, new)]), "{a} / {b}");
            assert!(found.slips.is_empty(), "{a} / {b}");
        }
    }

    #[test]
    fn other_words_before_names_are_no_modifiers() {
        for (a, b) in [
            // verbs, listed or not
            (
                "加快推广智慧教育公共服务平台",
                "加快普及智慧教育公共服务平台",
            ),
            ("建设智慧教育公共服务平台", "打造智慧教育公共服务平台"),
            ("持续加强社区居家养老服务", "持续增强社区居家养老服务"),
            ("进一步完善社区便民服务设施", "进一步健全社区便民服务设施"),
            // a scope added or dropped, a short shared name
            ("建设智慧教育公共服务平台", "建设国家智慧教育公共服务平台"),
            ("建设国家智慧教育公共服务平台", "建设智慧教育公共服务平台"),
            ("建设国家平台", "建设省级平台"),
            // reordered, a generic word dropped
            ("建设智慧教育公共服务平台", "智慧教育公共服务平台建设"),
            ("建成滨江湿地公园一期工程", "建成滨江湿地公园一期"),
        ] {
            assert_eq!(figureless(a, b), Changes::default(), "{a} / {b}");
        }
    }

    /// The wording findings of a document: (item, annex quote, body quote, changes).
    /// (item, annex quote, body quote, changes).
    type Found = (String, String, String, Vec<(String, String)>);

    fn findings(text: &str) -> Vec<Found> {
        let tables = crate::tables::Tables::builtin().unwrap();
        let src = crate::input::Source::from_text("t.txt", text);
        crate::check_source(&src, tables)
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.rule == "wording-mismatch")
            .map(|f| {
                let changes = match f.what {
                    Message::Wording { changes, .. } => changes,
                    _ => Vec::new(),
                };
                (
                    f.item.unwrap_or_default(),
                    f.annex.map(|s| s.text).unwrap_or_default(),
                    f.body.map(|s| s.text).unwrap_or_default(),
                    changes,
                )
            })
            .collect()
    }

    #[test]
    fn names_without_figures_of_aligned_items() {
        let found = findings(
            "（六）办好民生实事。建成滨河湿地公园一期,新增绿地50公顷;改造工人体育馆,新增步道12公里。\n\
             附件\n1. 建成滨江湿地公园一期,新增绿地50公顷。\n2. 改造工人体育场,新增步道12公里。\n\
             3. 建成鹿鸣湖生态公园。\n",
        );
        let want = vec![
            (
                "1".to_string(),
                "建成滨江湿地公园一期".to_string(),
                "建成滨河湿地公园一期".to_string(),
                pairs(&[("江", "河")]),
            ),
            (
                "2".to_string(),
                "改造工人体育场".to_string(),
                "改造工人体育馆".to_string(),
                pairs(&[("场", "馆")]),
            ),
        ];
        assert_eq!(found, want);
    }

    #[test]
    fn a_name_in_the_clause_before_the_figure() {
        // The annex names the thing in the clause before its figure, the body beside the figure.
        let found = findings(
            "（四）办好民生实事。新建和改扩建中小学20所;治理背街小港20条;拆除收费站5个。\n\
             附件\n1. 新建和改扩建中小学20所。\n2. 实施背街小巷整治工程,完成治理20条,畅通街巷微循环。\n\
             3. 实施收费站合并整治工程,拆除收费站5个。\n",
        );
        assert_eq!(
            found,
            vec![(
                "2".to_string(),
                "实施背街小巷整治工程".to_string(),
                "治理背街小港20条".to_string(),
                pairs(&[("巷", "港")]),
            )]
        );
    }

    #[test]
    fn names_in_the_clause_before_the_figure_that_are_not_slips() {
        for text in [
            // Two names part at the changed character: another word, not a slip.
            "（四）办好民生实事。棚户区改造开工1万户;新建学校3所。\n\
             附件\n1. 实施棚户区改造项目,开工建设1万户。\n2. 新建学校3所。\n",
            // The body's word at the change is the item's own (供水 in the figure's clause).
            "（四）办好民生实事。新增和改善农村供水人口1.2万人;新建学校3所。\n\
             附件\n1. 实施农村饮水安全巩固提升工程,新增和改善供水人口1.2万人。\n2. 新建学校3所。\n",
            // The name written as it is.
            "（四）办好民生实事。治理背街小巷20条;新建学校3所。\n\
             附件\n1. 实施背街小巷整治工程,完成治理20条。\n2. 新建学校3所。\n",
        ] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn the_run_around_a_slip() {
        let t = table();
        let slip = |a: &str, b: &str| name_slip(a, b, &[], &t).map(|s| s.0);
        assert_eq!(
            slip("实施背街小巷整治工程", "治理背街小港#"),
            Some(("巷".to_string(), "港".to_string()))
        );
        // Inside the run: the same words go on after it.
        assert_eq!(
            slip("实施城市书房扩容工程", "城市书坊扩容#"),
            Some(("房".to_string(), "坊".to_string()))
        );
        // Where the two names part, not inside one.
        assert_eq!(slip("建设城市书房项目", "打造城市书坊阅读#"), None);
        assert_eq!(slip("实施棚户区改造项目", "棚户区改造开工#"), None);
        // Too short a run, a changed first character, or no change.
        assert_eq!(slip("实施公园建设", "新建公厕#"), None);
        assert_eq!(slip("背街小巷整治", "后街小巷#"), None);
        assert_eq!(slip("背街小巷整治", "治理背街小巷#"), None);
    }

    #[test]
    fn names_without_figures_that_are_not_compared() {
        for text in [
            // The item has a figure, but no aligned one.
            "（六）办好民生实事。建成滨河湿地公园一期,新建幼儿园3所。\n\
             附件\n1. 建成滨江湿地公园一期,新增绿地50公顷。\n2. 新建幼儿园3所。\n",
            // An item without any figure, restated unchanged or in other words.
            "（六）办好民生实事。建成滨江湿地公园一期,新建幼儿园3所。\n\
             附件\n1. 建成滨江湿地公园一期。\n2. 新建幼儿园3所。\n",
            "（六）办好民生实事。滨江湿地公园一期年内建成,新建幼儿园3所。\n\
             附件\n1. 建成滨江湿地公园一期。\n2. 新建幼儿园3所。\n",
            // The body writes the name unchanged elsewhere in the restating paragraph.
            "（六）办好民生实事。建成滨江湿地公园一期,新增绿地50公顷,滨河湿地公园二期开工。\n\
             附件\n1. 建成滨江湿地公园一期,新增绿地50公顷。\n",
            // Too short to be a name.
            "（六）办好民生实事。新建公厕,新增绿地50公顷。\n附件\n1. 新建公园,新增绿地50公顷。\n",
            // The body clause restates another annex clause as it is.
            "（六）办好民生实事。新建城市公厕20座,新增绿地50公顷。\n\
             附件\n1. 新建城市公园,新增绿地50公顷。\n2. 新建城市公厕20座。\n",
            // Paraphrase: a verb, a word added, reordered, traditional characters.
            "（六）办好民生实事。普及家庭医生签约服务,签约8万人;县级智慧教育云平台升级上线,\
             新增学位900个;新建县人民医院門診綜合樓,新增床位200张。\n\
             附件\n1. 推广家庭医生签约服务,签约8万人。\n2. 升级县智慧教育云平台,新增学位900个。\n\
             3. 新建县人民医院门诊综合楼,新增床位200张。\n",
        ] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    /// An item that states no figure has no pair to say where it is restated: it is compared
    /// with the passage that restates the list.
    #[test]
    fn an_item_without_any_figure_is_compared_with_the_passage() {
        let text = "（六）办好民生实事。建成滨河湿地公园一期,新建幼儿园3所。\n\
                    附件\n1. 建成滨江湿地公园一期。\n2. 新建幼儿园3所。\n";
        assert_eq!(
            findings(text),
            vec![(
                "1".to_string(),
                "建成滨江湿地公园一期".to_string(),
                "建成滨河湿地公园一期".to_string(),
                vec![("江".to_string(), "河".to_string())]
            )],
            "{text}"
        );
    }

    proptest::proptest! {
        /// The bound by character bits never rules out a pair that [`may_reach`] lets through.
        #[test]
        fn the_bit_bound_answers_as_may_reach(
            a in "[新建公园改造一二a甲]{0,12}",
            b in "[新建公园改造路a乙]{0,12}",
            min in 0.0f32..1.0,
        ) {
            let (x, y) = (sorted_chars(&a), Sorted::new(&b));
            proptest::prop_assert_eq!(may_reach_sorted(&x, &y, min), may_reach(&x, &y.chars, min));
        }
    }

    #[test]
    fn the_ratio_bound_holds() {
        for (a, b) in [
            ("建成滨江湿地公园一期", "建成滨河湿地公园一期"),
            ("改造危房", "危房改造"),
            ("甲乙丙", "丙乙甲"),
            ("", "新建"),
            ("新建公园", "新建公园"),
        ] {
            let ratio = TextDiff::from_chars(a, b).ratio();
            assert!(
                may_reach(&sorted_chars(a), &sorted_chars(b), ratio),
                "{a} / {b}"
            );
        }
        assert!(!may_reach(
            &sorted_chars("新建公园"),
            &sorted_chars("改造道路"),
            0.1
        ));
    }

    #[test]
    fn paraphrases_are_not_slips() {
        for (a, b) in [
            ("改造农村牧区危房#", "实施农村牧区危房改造#"),
            ("新建扩建农村牧区集中供水工程#", "新建改扩建供水保障工程#"),
            (
                "为#困难重度残疾人家庭实施无障碍改造",
                "完成困难重度残疾人家庭无障碍改造#",
            ),
            (
                "选派#城区优秀教师到乡村薄弱学校开展结对帮扶",
                "选派#优秀教师到乡村薄弱学校开展结对帮扶",
            ),
            ("增幅#", "孤儿保障金增幅#"),
            ("新建改造农村牧区户厕#", "卫生户厕#"),
            ("新增学位#", "新增学位#"),
            ("全县新增城镇就业#", "全年新增城镇就业#"),
            (
                "家庭医生签约服务覆盖率达到#",
                "家庭医生签约服务覆盖率提高到#",
            ),
            ("行政村生活污水治理率达到#", "行政村生活污水治理率提高到#"),
            ("维修更换农村#的机泵阀门", "维修更换#农村供水机泵和阀门"),
            ("建设城市的书房#", "建设城市智慧书房#"),
        ] {
            assert_eq!(slips(a, b), vec![], "{a} / {b}");
        }
    }
}

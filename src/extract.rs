//! Commitments: a subject phrase, a quantity and where both are, from every annex item and every
//! body paragraph. Several per item are normal: an enumeration such as
//! `新建改扩建体育公园36个、全民健身中心32个、滑冰场103个` gives one commitment per number.

use std::ops::Range;

use crate::quantity::{self, Quantity};
use crate::segment::Segmented;
use crate::tables::Tables;

/// Which part of the document a commitment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The numbered annex.
    Annex,
    /// The narrative body.
    Body,
}

/// One numeric commitment.
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    /// Annex or body.
    pub part: Part,
    /// Paragraph index in [`Segmented::paras`].
    pub para: usize,
    /// Annex item index, for annex commitments.
    pub item: Option<usize>,
    /// Body section index, for body commitments.
    pub section: Option<usize>,
    /// The quantity; its spans are byte ranges in the paragraph's text.
    pub qty: Quantity,
    /// Byte range of the quoted commitment (its enumeration element) in the paragraph's text.
    pub quote: Range<usize>,
    /// Byte range of the sentence (up to `。`, `!`, `?` or `;`) holding the commitment.
    pub sentence: Range<usize>,
    /// The quote with the quantity replaced by `#` and punctuation dropped: what it is about.
    pub subject: String,
    /// The clause before and the clause holding the quantity, numbers and punctuation dropped.
    pub context: String,
    /// What messages call it: a phrase of the quote taken whole (see [`crate::label`]).
    pub label: String,
    /// A figure of a table's past column (last year's actual, 执行数): a reference that explains
    /// a body figure equal to it (last year's result in the review), never a commitment to check.
    pub reference: bool,
    /// The year the figure is for: a table cell's column year (`2024年预算数`), or for a body
    /// figure the last year its paragraph (or an earlier paragraph of its section) names before
    /// it (`2023年，全市…`). A body figure is never compared with a table column of another year.
    pub year: Option<u32>,
    /// A body figure in the review of last year (see [`crate::segment::BodySection::review`]):
    /// last year's result, which only a table's past figure may explain.
    pub review: bool,
}

impl Commitment {
    /// The quoted text.
    pub fn quote_text<'a>(&self, seg: &'a Segmented) -> &'a str {
        seg.paras[self.para]
            .text
            .get(self.quote.clone())
            .unwrap_or("")
    }

    /// The quantity as written (`不低于5%`).
    pub fn qty_text<'a>(&self, seg: &'a Segmented) -> &'a str {
        seg.paras[self.para]
            .text
            .get(self.qty.span.clone())
            .unwrap_or("")
    }

    /// A short name of what the commitment counts, for messages: its label, a phrase of the
    /// quote next to the number; for a bare number, the Chinese text around it.
    pub fn name(&self) -> String {
        if !self.label.is_empty() {
            return self.label.clone();
        }
        let (before, after) = self.subject.split_once('#').unwrap_or((&self.subject, ""));
        let han = |s: &str| -> Vec<char> { s.chars().filter(|c| !c.is_ascii()).collect() };
        let (before, after) = (han(before), han(after));
        let name: Vec<char> = if before.len() >= 3 || after.is_empty() {
            before[before.len().saturating_sub(16)..].to_vec()
        } else {
            after[..after.len().min(16)].to_vec()
        };
        name.into_iter().collect()
    }
}

/// Characters that end a clause.
fn is_clause_end(c: char) -> bool {
    matches!(c, ',' | ';' | '。' | '!' | '?' | ':' | '\n')
}

/// Words that join enumeration elements (`6%和8%`); trimmed from the ends of quotes.
fn is_connector(c: char) -> bool {
    matches!(c, '和' | '及' | '与')
}

/// Characters dropped from subjects and contexts.
fn is_noise(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';'
                | '。'
                | '!'
                | '?'
                | ':'
                | '、'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '"'
                | '\''
                | '《'
                | '》'
                | '「'
                | '」'
                | '『'
                | '』'
                | '('
                | ')'
                | '—'
                | '…'
                | '·'
                | '*'
        )
}

/// The byte length of the UTF-8 char whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The chars of `text` whose first byte `want` accepts, with their byte offsets, in order: a
/// walk from lead byte to lead byte that decodes only the chars asked for.
fn chars_led_by<'t>(
    text: &'t str,
    want: impl Fn(u8) -> bool + 't,
) -> impl Iterator<Item = (usize, char)> + 't {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&x) = b.get(i) {
            let at = i;
            i += utf8_len(x);
            if want(x) {
                return text
                    .get(at..)
                    .and_then(|s| s.chars().next())
                    .map(|c| (at, c));
            }
        }
        None
    })
}

/// Whether a char led by byte `b` may be a quote mark, a clause end or a sentence end (see
/// [`Marks::read`]): `"`, `,;!?:`, newline, and the marks led by `E2` (`“”`) or `E3` (`。「」『』《》`).
fn may_be_mark(b: u8) -> bool {
    matches!(
        b,
        b'"' | b',' | b';' | b'!' | b'?' | b':' | b'\n' | 0xE2 | 0xE3
    )
}

/// Whether a char led by byte `b` may be noise (see [`is_noise`]): ASCII, or led by `C2`, `E1`,
/// `E2` or `E3` (every non-ASCII noise char is; a test checks every char).
fn may_be_noise(b: u8) -> bool {
    b < 0x80 || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Reads the marks the scan of a region needs in one walk: quoted ranges, clause ends and
/// sentence ends, all as byte offsets shifted by `base`.
#[derive(Default)]
struct Marks {
    /// Byte ranges of quoted text (`“三支一扶”`): numbers inside are names, not commitments.
    quoted: Vec<Range<usize>>,
    /// The byte after every clause end.
    cuts: Vec<usize>,
    /// Sentence ends: (position of the mark, position after it).
    stops: Vec<(usize, usize)>,
}

impl Marks {
    /// Clears the lists and reads `text` (shifted by `base`) into them.
    fn read(&mut self, text: &str, base: usize) {
        self.quoted.clear();
        self.cuts.clear();
        self.stops.clear();
        let mut open: Option<(usize, char)> = None;
        for (i, c) in chars_led_by(text, may_be_mark) {
            if let Some(q) = pair_quote(&mut open, i, c) {
                self.quoted.push(base + q.start..base + q.end);
            }
            if is_clause_end(c) {
                self.cuts.push(base + i + c.len_utf8());
            }
            if matches!(c, '。' | '!' | '?' | ';') {
                self.stops.push((base + i, base + i + c.len_utf8()));
            }
        }
    }
}

/// Pairs quote marks at char `c` (at byte `i`): an opening mark outside a quote opens one; its
/// closing mark closes it and gives the quoted range, marks included.
fn pair_quote(open: &mut Option<(usize, char)>, i: usize, c: char) -> Option<Range<usize>> {
    match (*open, c) {
        (None, '“' | '「' | '『' | '《' | '"') => {
            *open = Some((i, c));
            None
        }
        (Some((s, '“')), '”')
        | (Some((s, '「')), '」')
        | (Some((s, '『')), '』')
        | (Some((s, '《')), '》')
        | (Some((s, '"')), '"') => {
            *open = None;
            Some(s..i + c.len_utf8())
        }
        _ => None,
    }
}

/// Byte ranges of quoted text (`“三支一扶”`), read char by char: the reference for [`Marks`].
#[cfg(test)]
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        out.extend(pair_quote(&mut open, i, c));
    }
    out
}

/// Appends `text` to `out` without noise characters and, when `digits` is false, without ASCII
/// digits. The kept runs are copied whole.
fn strip_into(out: &mut String, text: &str, digits: bool) {
    out.reserve(text.len());
    let mut run = 0;
    for (i, c) in chars_led_by(text, may_be_noise) {
        if is_noise(c) || (!digits && c.is_ascii_digit()) {
            out.push_str(&text[run..i]);
            run = i + c.len_utf8();
        }
    }
    out.push_str(&text[run..]);
}

/// [`strip_into`] (digits dropped) of `text[range]` outside `spans` (sorted, disjoint ranges of
/// `text`, which may reach past `range`).
fn strip_outside(out: &mut String, text: &str, range: Range<usize>, spans: &[Quantity]) {
    let mut at = range.start;
    for span in spans.iter().map(|q| &q.span) {
        let start = span.start.clamp(at, range.end);
        strip_into(out, text.get(at..start).unwrap_or(""), false);
        at = at.max(span.end.min(range.end));
    }
    strip_into(out, text.get(at..range.end).unwrap_or(""), false);
}

fn strip(text: &str) -> String {
    let mut out = String::new();
    strip_into(&mut out, text, true);
    out
}

/// `strip(before)#strip(after)`: a subject.
fn subject_of(before: &str, after: &str) -> String {
    let mut out = String::with_capacity(before.len() + after.len() + 1);
    strip_into(&mut out, before, true);
    out.push('#');
    strip_into(&mut out, after, true);
    out
}

/// Whether `at` lies in one of `ranges` (sorted by start; `reach[i]` is the largest end among the
/// first `i + 1` ranges).
fn in_any(ranges: &[Range<usize>], reach: &[usize], at: usize) -> bool {
    let n = ranges.partition_point(|r| r.start <= at);
    n > 0 && reach[n - 1] > at
}

/// The things a distributive figure states, when `before` (the quote up to the number) ends
/// in `各` after an enumeration: `新建中小学、幼儿园各` → `新建中小学`, `幼儿园`; the last
/// element may be joined by `和`/`及`/`与` (`城市书房和农家书屋各`). `None` otherwise.
fn distributed(before: &str) -> Option<Vec<&str>> {
    let list = before.trim_end().strip_suffix('各')?;
    let mut parts: Vec<&str> = list.split('、').collect();
    if let Some(last) = parts.pop() {
        // Only the last element may hold a joining word; split it at the last one.
        match last.rfind(['和', '及', '与']) {
            Some(at) if at > 0 => {
                let (x, y) = last.split_at(at);
                parts.push(x);
                parts.push(y.get(3..).unwrap_or(""));
            }
            _ => parts.push(last),
        }
    }
    let named = |p: &&str| p.chars().filter(|c| !c.is_ascii() && !is_noise(*c)).count() >= 2;
    (parts.len() >= 2 && parts.iter().all(named)).then_some(parts)
}

/// Buffers [`extract_text`] reuses from one stretch of text to the next.
#[derive(Default)]
struct Scratch {
    marks: Marks,
    masked: Vec<Range<usize>>,
    masked_reach: Vec<usize>,
    resp: Vec<Range<usize>>,
    clauses: Vec<Range<usize>>,
    bounds: Vec<usize>,
    context: String,
}

/// The responsibility notes of `text` (as [`crate::tables::AnnexTable::responsibility_notes`]),
/// shifted by `base`, into `out`.
fn responsibility_notes_into(
    tables: &Tables,
    text: &str,
    base: usize,
    out: &mut Vec<Range<usize>>,
) {
    out.clear();
    out.extend(
        tables
            .annex
            .responsibility_notes(text)
            .map(|m| m.start + base..m.end + base),
    );
}

/// Extracts the commitments of one stretch of text (`range` of paragraph `para`). `years` are
/// the years of the paragraph's whole text when `range` covers all of it (read once by the
/// caller), else `None`.
#[allow(clippy::too_many_arguments)]
fn extract_text(
    seg: &Segmented,
    tables: &Tables,
    para: usize,
    range: Range<usize>,
    template: (Part, Option<usize>, Option<usize>),
    year_before: Option<u32>,
    years: Option<&Years>,
    scratch: &mut Scratch,
    out: &mut Vec<Commitment>,
) {
    let text = &seg.paras[para].text;
    let Some(region) = text.get(range.clone()) else {
        return;
    };
    let review = template
        .2
        .and_then(|s| seg.body.get(s))
        .is_some_and(|s| s.review);
    let base = range.start;
    let mut quantities = quantity::scan(region, &tables.quantity);
    if quantities.is_empty() {
        return;
    }
    let Scratch {
        marks,
        masked,
        masked_reach,
        resp,
        clauses,
        bounds,
        context,
    } = scratch;
    marks.read(region, base);
    responsibility_notes_into(tables, region, base, resp);
    masked.clear();
    masked.extend(marks.quoted.iter().cloned());
    masked.extend(resp.iter().cloned());
    // Stated totals (`办好十件民生实事`) are counts of the list, checked by count-mismatch.
    masked.extend(
        seg.body_totals
            .iter()
            .filter(|(_, c)| c.para == para)
            .map(|(_, c)| c.span.clone()),
    );
    // So are the counts of a table's rows or categories (`主要指标共18项`).
    masked.extend(
        seg.table_counts
            .iter()
            .filter(|c| c.para == para)
            .map(|c| c.span.clone()),
    );
    masked.sort_by_key(|r| r.start);
    masked_reach.clear();
    let mut reach = 0;
    for r in masked.iter() {
        reach = reach.max(r.end);
        masked_reach.push(reach);
    }
    for q in &mut quantities {
        q.span = q.span.start + base..q.span.end + base;
        q.number = q.number.start + base..q.number.end + base;
    }
    quantities.retain(|q| !in_any(masked, masked_reach, q.number.start));
    if quantities.is_empty() {
        return;
    }
    let own_years;
    let years = match years {
        Some(y) => y,
        None => {
            own_years = Years::new(region);
            &own_years
        }
    };
    // Clause boundaries: punctuation, and responsibility notes.
    let cuts = &mut marks.cuts;
    cuts.push(base);
    // Sentence ends: (position of the mark, position after it).
    let stops = &marks.stops;
    for r in resp.iter() {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    cuts.push(range.end);
    cuts.sort_unstable();
    cuts.dedup();
    clauses.clear();
    clauses.extend(cuts.windows(2).map(|w| w[0]..w[1]));
    out.reserve(quantities.len());

    for (ci, clause) in clauses.iter().enumerate() {
        if resp
            .iter()
            .any(|r| r.start <= clause.start && clause.end <= r.end)
        {
            continue;
        }
        let first = quantities.partition_point(|q| q.number.start < clause.start);
        let last = quantities.partition_point(|q| q.number.start < clause.end);
        let qs = &quantities[first..last.max(first)];
        if qs.is_empty() {
            continue;
        }
        // Enumeration elements: split between consecutive quantities at the first `、`, else at
        // the first `和`/`及`, else right after the earlier quantity.
        bounds.clear();
        bounds.push(clause.start);
        for pair in qs.windows(2) {
            let gap = pair[0].span.end..pair[1].span.start.max(pair[0].span.end);
            let gap_text = text.get(gap.clone()).unwrap_or("");
            let cut = gap_text
                .find('、')
                .map(|i| gap.start + i + '、'.len_utf8())
                .or_else(|| gap_text.find(['和', '及']).map(|i| gap.start + i + 3))
                .unwrap_or(gap.start);
            bounds.push(cut);
        }
        bounds.push(clause.end);
        // The clause before, within the same sentence.
        let previous = ci.checked_sub(1).and_then(|p| clauses.get(p)).filter(|p| {
            let t = text.get((*p).clone()).unwrap_or("");
            !t.trim_end().ends_with(['。', '!', '?', ';'])
        });
        // The clause before, the clause without its quantities, and the clause after when it
        // carries no number of its own, which often names the purpose
        // (`全年培训农民三千人次,提高农村实用技术水平`): the same for every quantity of the clause.
        context.clear();
        if let Some(p) = previous {
            strip_into(context, text.get(p.clone()).unwrap_or(""), false);
        }
        strip_outside(context, text, clause.clone(), qs);
        if let Some(next) = clauses.get(ci + 1) {
            let n0 = quantities.partition_point(|q| q.number.start < next.start);
            let bare = quantities
                .get(n0)
                .is_none_or(|q| q.number.start >= next.end);
            let inside_resp = resp
                .iter()
                .any(|r| r.start <= next.start && next.end <= r.end);
            if bare && !inside_resp {
                let next_text = text.get(next.clone()).unwrap_or("");
                strip_into(context, next_text, false);
            }
        }
        for (k, q) in qs.iter().enumerate() {
            let mut quote = bounds[k]..bounds[k + 1];
            // Trim separators and clause punctuation from both ends.
            while let Some(c) = text.get(quote.clone()).and_then(|s| s.chars().next()) {
                if (is_noise(c) || is_connector(c)) && quote.start < q.span.start {
                    quote.start += c.len_utf8();
                } else {
                    break;
                }
            }
            while let Some(c) = text.get(quote.clone()).and_then(|s| s.chars().next_back()) {
                if (is_noise(c) || is_connector(c))
                    && !matches!(c, '”' | '》' | ')')
                    && quote.end > q.span.end
                {
                    quote.end -= c.len_utf8();
                } else {
                    break;
                }
            }
            let before = text.get(quote.start..q.span.start).unwrap_or("");
            let after = text.get(q.span.end..quote.end).unwrap_or("");
            let k = stops.partition_point(|&(at, _)| at < q.span.start);
            let sentence_start = k.checked_sub(1).map_or(base, |j| stops[j].1).max(base);
            let k = stops.partition_point(|&(at, _)| at < q.span.end);
            let sentence_end = stops.get(k).map_or(range.end, |&(at, _)| at);
            let label = crate::label::label(
                text.get(quote.clone()).unwrap_or(""),
                q.span.start.saturating_sub(quote.start)..q.span.end.saturating_sub(quote.start),
            );
            let year = years
                .before(q.span.start.saturating_sub(base))
                .or(year_before);
            let commitment = |subject: String, label: String| Commitment {
                sentence: sentence_start..sentence_end,
                part: template.0,
                para,
                item: template.1,
                section: template.2,
                qty: (*q).clone(),
                quote: quote.clone(),
                subject,
                context: context.clone(),
                label,
                reference: false,
                year,
                review,
            };
            match distributed(before) {
                // `新建中小学、幼儿园各5所`: the figure states each named thing, one commitment
                // each.
                Some(parts) => {
                    for part in parts {
                        out.push(commitment(subject_of(part, after), label.clone()));
                    }
                }
                None => {
                    let mut subject = subject_of(before, after);
                    let mut label = label;
                    // `分别增长6%和8%`: a bare number shares the subject of the one before it.
                    if subject.chars().filter(|c| !c.is_ascii()).count() < 2 {
                        if let Some(prev) = out.last().filter(|p: &&Commitment| {
                            p.para == para && clause.contains(&p.quote.start)
                        }) {
                            subject = prev.subject.clone();
                            label = prev.label.clone();
                        }
                    }
                    out.push(commitment(subject, label));
                }
            }
        }
    }
}

/// The years a text names, read once, so that the last year before each of its quantities is
/// a look-up (reading the text up to each quantity again would cost the square of its length).
struct Years {
    /// (byte after `年`, year, byte after the reference-point word that follows, if one
    /// does), in text order; years of comparison are left out.
    found: Vec<(usize, u32, Option<usize>)>,
}

impl Years {
    fn new(text: &str) -> Years {
        let b = text.as_bytes();
        let mut found = Vec::new();
        // A year is four ASCII digits, with no digit before them, right before a `年`: look at
        // the bytes before every `年` (found by a substring search, not char by char).
        static YEAR: crate::find::Word = crate::find::Word::new("年");
        for at in YEAR.find_iter(text) {
            let Some(i) = at.checked_sub(4) else {
                continue;
            };
            let digits =
                b[i..at].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit());
            if !digits {
                continue;
            }
            let before = text[..i].chars().next_back();
            let end = at + '年'.len_utf8();
            let after = &text[end..];
            let compared = before.is_some_and(|c| matches!(c, '比' | '较' | '与' | '同'));
            let point = ["以来", "底", "末", "基础上"]
                .iter()
                .find(|w| after.starts_with(*w))
                .map(|w| end + w.len());
            if let (false, Ok(year)) = (compared, text[i..at].parse()) {
                found.push((end, year, point));
            }
        }
        Years { found }
    }

    /// The last year named in `text[..at]`, leaving out years of comparison (`比2023年`, `较…`,
    /// `与…`) and of reference points (`2020年以来`, `2023年底`); a year whose `年` or
    /// reference-point word `at` cuts is read as the slice `text[..at]` reads it.
    fn before(&self, at: usize) -> Option<u32> {
        let n = self.found.partition_point(|&(end, _, _)| end <= at);
        self.found[..n]
            .iter()
            .rev()
            .find(|&&(_, _, point)| point.is_none_or(|p| p > at))
            .map(|&(_, year, _)| year)
    }
}

/// The quantity of a table cell (`range` of `text`), read with the unit the table gives it
/// when the cell states none: `6左右` in a `%` row is `6%左右`, `42,100` under `单位：万元` is
/// 42100万元. Spans are byte ranges of `text`.
fn cell_quantity(
    text: &str,
    range: Range<usize>,
    unit: Option<&str>,
    tables: &Tables,
) -> Option<Quantity> {
    let cell = text.get(range.clone())?;
    let shift = |mut q: Quantity, number_end: Option<usize>| {
        q.number = range.start + q.number.start
            ..range.start + number_end.map_or(q.number.end, |e| q.number.end.min(e));
        q.span = range.clone();
        q
    };
    let plain = quantity::scan(cell, &tables.quantity).into_iter().next();
    if let Some(q) = plain.clone().filter(|q| !q.unit.is_empty()) {
        return Some(shift(q, None));
    }
    let unit = unit.filter(|u| !u.is_empty())?;
    let start = cell.find(|c: char| c.is_ascii_digit())?;
    let len = cell[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(cell.len() - start);
    let end = start + len;
    let written = format!("{}{unit}{}", &cell[..end], &cell[end..]);
    let q = quantity::scan(&written, &tables.quantity)
        .into_iter()
        .find(|q| q.number.start <= start && q.number.end >= end)?;
    Some(shift(q, Some(end)))
}

/// Extracts the commitments of a table annex: per row, the figures of its target and growth
/// columns, and (as references) of its past columns, each with the unit the table gives it.
fn extract_table(seg: &Segmented, tables: &Tables, out: &mut Vec<Commitment>) {
    use crate::segment::table::{Role, RowKind};
    let Some(grid) = seg.annex.grid.as_deref() else {
        return;
    };
    let title = seg
        .annex
        .evidence
        .title
        .and_then(|p| seg.paras.get(p))
        .map(|p| strip(&p.text));
    for (ii, row) in grid.rows.iter().enumerate() {
        let text = &seg.paras[row.para].text;
        let mut name = strip(text.get(row.name.clone()).unwrap_or(""));
        // A total row is the total of what the table's title names (`一般公共预算支出表`).
        if row.kind == RowKind::Total {
            if let Some(t) = &title {
                name = format!("{}{name}", t.trim_end_matches('表'));
            }
        }
        // A subtotal is the subtotal of its category (`一、民生类支出` … `小计`).
        if row.kind == RowKind::Subtotal {
            if let Some(c) = row.category.and_then(|c| grid.categories.get(c)) {
                let heading = &seg.paras[c.para].text;
                let skip = crate::segment::marker::parse(heading).map_or(0, |m| m.len);
                name = format!("{}{name}", strip(heading.get(skip..).unwrap_or("")));
            }
        }
        for (col, cell) in row.cells.iter().enumerate() {
            let (Some(cell), Some(column)) = (cell, grid.columns.get(col)) else {
                continue;
            };
            let reference = match column.role {
                Role::Target | Role::Growth => false,
                Role::Reference => true,
                _ => continue,
            };
            let unit = grid.unit_of(row, col);
            let Some(qty) = cell_quantity(text, cell.clone(), unit.as_deref(), tables) else {
                continue;
            };
            // A negative growth (`-3.1`) is a fall: `城乡社区支出下降3.1%` in the body.
            let cell_text = text.get(cell.clone()).unwrap_or("");
            let falls = column.role == Role::Growth && cell_text.starts_with(['-', '−', '－']);
            let grows = column.role == Role::Growth && !name.ends_with("增长");
            let subject = if falls {
                format!("{}下降#", name.trim_end_matches("增长"))
            } else {
                format!("{name}{}#", if grows { "增长" } else { "" })
            };
            // The year of a growth column is the year of the figure it compares.
            let year = crate::segment::table::year_of(&column.header).or_else(|| {
                (column.role == Role::Growth)
                    .then(|| grid.column(Role::Target))
                    .flatten()
                    .and_then(|k| crate::segment::table::year_of(&grid.columns[k].header))
            });
            out.push(Commitment {
                part: Part::Annex,
                para: row.para,
                item: Some(ii),
                section: None,
                qty,
                quote: 0..text.len(),
                sentence: 0..text.len(),
                context: subject.replace('#', ""),
                label: subject.replace('#', ""),
                subject,
                reference,
                year,
                review: false,
            });
        }
    }
}

/// Extracts all commitments: annex ones in item order, then body ones in document order.
pub fn extract(seg: &Segmented, tables: &Tables) -> Vec<Commitment> {
    // Room for the commitments of most reports: the list is not copied as it grows, a dozen
    // times for a few hundred large entries.
    let mut out = Vec::with_capacity(256);
    extract_table(seg, tables, &mut out);
    let listed = if seg.annex.grid.is_some() {
        &[][..]
    } else {
        &seg.annex.items[..]
    };
    let mut scratch = Scratch::default();
    for (ii, item) in listed.iter().enumerate() {
        let first = out.len();
        for (k, &p) in item.paras.iter().enumerate() {
            let start = if k == 0 { item.marker.len } else { 0 };
            let end = seg.paras[p].text.len();
            extract_text(
                seg,
                tables,
                p,
                start..end,
                (Part::Annex, Some(ii), None),
                None,
                None,
                &mut scratch,
                &mut out,
            );
        }
        drop_restated_heading_figures(item.paras.first().copied(), &mut out, first);
    }
    for (si, section) in seg.body.iter().enumerate() {
        let mut year = None;
        for &p in &section.paras {
            let text = &seg.paras[p].text;
            // The years of the whole text: for its figures, and for the paragraphs after it.
            let years = Years::new(text);
            extract_text(
                seg,
                tables,
                p,
                0..text.len(),
                (Part::Body, None, Some(si)),
                year,
                Some(&years),
                &mut scratch,
                &mut out,
            );
            year = years.before(text.len()).or(year);
        }
    }
    out
}

/// An item whose heading line states a figure that its content states again
/// (`4、开展巡回义诊活动30场次` / `项目内容：在15个乡镇开展巡回义诊活动30场次`) commits to it once:
/// each heading figure absorbs the content figure with the same value, unit and bound that
/// shares the most of its words (at least two characters), which is dropped from `out[from..]`.
fn drop_restated_heading_figures(heading: Option<usize>, out: &mut Vec<Commitment>, from: usize) {
    let Some(heading) = heading else {
        return;
    };
    let shared = |a: &str, b: &str| {
        let mut x: Vec<char> = a.chars().filter(|c| !c.is_ascii()).collect();
        let mut y: Vec<char> = b.chars().filter(|c| !c.is_ascii()).collect();
        x.sort_unstable();
        x.dedup();
        y.sort_unstable();
        y.dedup();
        crate::align::similarity::common(&x, &y)
    };
    let mut dropped: Vec<usize> = Vec::new();
    for h in from..out.len() {
        if out[h].para != heading {
            continue;
        }
        let best = (from..out.len())
            .filter(|&c| out[c].para != heading && !dropped.contains(&c))
            .filter(|&c| {
                let (a, b) = (&out[h].qty, &out[c].qty);
                a.value == b.value
                    && a.upper == b.upper
                    && a.unit == b.unit
                    && a.qualifier == b.qualifier
            })
            .map(|c| (shared(&out[h].subject, &out[c].subject), c))
            .filter(|&(n, _)| n >= 2)
            .max_by_key(|&(n, c)| (n, std::cmp::Reverse(c)));
        if let Some((_, c)) = best {
            dropped.push(c);
        }
    }
    if dropped.is_empty() {
        return;
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !dropped.contains(&(i - 1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    /// The last year of a text read from its start, as before [`Years`]: the reference.
    fn last_year_by_scan(text: &str) -> Option<u32> {
        let b = text.as_bytes();
        let mut found = None;
        let mut i = 0;
        while i + 4 <= b.len() {
            let digits = b[i..i + 4].iter().all(u8::is_ascii_digit)
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && text[i + 4..].starts_with('年');
            if digits {
                let before = text[..i].chars().next_back();
                let after = &text[i + 4 + '年'.len_utf8()..];
                let compared = before.is_some_and(|c| matches!(c, '比' | '较' | '与' | '同'));
                let point = ["以来", "底", "末", "基础上"]
                    .iter()
                    .any(|w| after.starts_with(w));
                if !compared && !point {
                    found = text[i..i + 4].parse().ok();
                }
                i += 4;
            } else {
                i += 1;
            }
        }
        found
    }

    proptest::proptest! {
        /// The year before every position is the one a scan of the text up to it finds.
        #[test]
        fn years_read_once_equal_a_scan_up_to_each_position(
            pieces in proptest::collection::vec(0usize..14, 0..30),
        ) {
            const PIECES: [&str; 14] = [
                "2023", "2024", "年", "以来", "底", "末", "基础上", "比", "较", "1", "新建",
                "基础", "以", ",",
            ];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let years = Years::new(&text);
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                proptest::prop_assert_eq!(years.before(at), last_year_by_scan(&text[..at]), "{} at {}", text, at);
            }
        }
    }

    /// The context of a clause as it was built before [`strip_outside`]: char by char, every
    /// char tested against every span, digits dropped afterwards.
    fn strip_outside_by_chars(text: &str, range: Range<usize>, spans: &[Range<usize>]) -> String {
        let mut out: String = text[range.clone()]
            .char_indices()
            .filter(|(i, _)| !spans.iter().any(|r| r.contains(&(range.start + i))))
            .map(|(_, c)| c)
            .filter(|&c| !is_noise(c))
            .collect();
        out.retain(|c| !c.is_ascii_digit());
        out
    }

    proptest::proptest! {
        /// Stripping the pieces between the spans drops what the char-by-char filter drops.
        #[test]
        fn strip_outside_equals_a_filter_by_chars(
            pieces in proptest::collection::vec(0usize..8, 0..24),
            cuts in proptest::collection::vec(0usize..40, 0..8),
        ) {
            const PIECES: [&str; 8] = ["新建", "12", "个", ",", "、", "“", "。", " "];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let mut at: Vec<usize> = cuts
                .iter()
                .map(|&c| c.min(text.len()))
                .filter(|&c| text.is_char_boundary(c))
                .collect();
            at.sort_unstable();
            at.dedup();
            // The first and last points bound the range; pairs in between are spans.
            let range = match (at.first(), at.last()) {
                (Some(&a), Some(&b)) => a..b,
                _ => 0..text.len(),
            };
            let spans: Vec<Range<usize>> = at.chunks_exact(2).map(|w| w[0]..w[1]).collect();
            let quantities: Vec<Quantity> = spans
                .iter()
                .map(|r| Quantity {
                    value: quantity::Decimal::ZERO,
                    upper: None,
                    precision: quantity::Decimal::ZERO,
                    unit: String::new(),
                    qualifier: None,
                    span: r.clone(),
                    number: r.clone(),
                })
                .collect();
            let mut got = String::new();
            strip_outside(&mut got, &text, range.clone(), &quantities);
            proptest::prop_assert_eq!(got, strip_outside_by_chars(&text, range, &spans));
        }
    }

    /// [`strip_into`] as it was: every char decoded and tested.
    fn strip_by_chars(text: &str, digits: bool) -> String {
        text.chars()
            .filter(|&c| !(is_noise(c) || (!digits && c.is_ascii_digit())))
            .collect()
    }

    /// Clause ends and sentence ends as they were read: every char decoded and tested.
    fn marks_by_chars(text: &str, base: usize) -> (Vec<usize>, Vec<(usize, usize)>) {
        let mut cuts = Vec::new();
        let mut stops = Vec::new();
        for (i, c) in text.char_indices() {
            if is_clause_end(c) {
                cuts.push(base + i + c.len_utf8());
            }
            if matches!(c, '。' | '!' | '?' | ';') {
                stops.push((base + i, base + i + c.len_utf8()));
            }
        }
        (cuts, stops)
    }

    #[test]
    fn every_noise_and_mark_char_has_a_lead_byte_that_is_looked_at() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert_eq!(utf8_len(lead), c.len_utf8(), "{c:?}");
            if is_noise(c) || c.is_ascii_digit() {
                assert!(may_be_noise(lead), "{c:?}");
            }
            let mark = is_clause_end(c)
                || matches!(
                    c,
                    '。' | '!' | '?' | ';' | '“' | '”' | '「' | '」' | '『' | '』'
                )
                || matches!(c, '《' | '》' | '"');
            if mark {
                assert!(may_be_mark(lead), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        /// The walk by lead bytes finds what decoding every char finds.
        #[test]
        fn marks_and_strips_equal_a_walk_over_every_char(
            pieces in proptest::collection::vec(0usize..32, 0..40),
            base in 0usize..50,
        ) {
            const PIECES: [&str; 32] = [
                "新建", "12", "个", ",", "、", "“", "”", "。", " ", "「", "」", "『", "』", "《",
                "》", "\"", ";", "!", "?", ":", "\n", "\u{3000}", "·", "—", "…", "é", "\u{a0}",
                "\u{1680}", "😀", "(", "（牵头单位:市局）", "(责任单位:县局)",
            ];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let mut marks = Marks::default();
            marks.read(&text, base);
            let quoted: Vec<Range<usize>> = quoted_ranges(&text)
                .into_iter()
                .map(|r| r.start + base..r.end + base)
                .collect();
            proptest::prop_assert_eq!(&marks.quoted, &quoted);
            let (cuts, stops) = marks_by_chars(&text, base);
            proptest::prop_assert_eq!(&marks.cuts, &cuts);
            proptest::prop_assert_eq!(&marks.stops, &stops);
            for digits in [false, true] {
                let mut got = String::from("x");
                strip_into(&mut got, &text, digits);
                proptest::prop_assert_eq!(got, format!("x{}", strip_by_chars(&text, digits)));
            }
            let tables = Tables::builtin().unwrap();
            let mut notes = Vec::new();
            responsibility_notes_into(tables, &text, base, &mut notes);
            let want: Vec<Range<usize>> = tables
                .annex
                .responsibility_notes(&text)
                .map(|m| m.start + base..m.end + base)
                .collect();
            proptest::prop_assert_eq!(notes, want);
        }
    }

    fn commitments(text: &str) -> Vec<(Part, String, String)> {
        let tables = Tables::builtin().unwrap();
        let src = Source::from_text("t.txt", text);
        let seg = crate::segment::segment(&src.text, &tables.annex).unwrap();
        extract(&seg, tables)
            .into_iter()
            .map(|c| {
                let qty = seg.paras[c.para].text[c.qty.span.clone()].to_string();
                (c.part, c.subject, qty)
            })
            .collect()
    }

    #[test]
    fn a_distributive_figure_states_each_thing() {
        let cs = commitments(
            "（六）办好民生实事。新建中小学、幼儿园各5所，建设城市书房和农家书屋各20个。\n\
             附件\n1. 新建中小学5所、幼儿园5所。\n2. 建设城市书房、农家书屋、社区书屋各20个。\n",
        );
        let subjects = |part: Part| -> Vec<(String, String)> {
            cs.iter()
                .filter(|c| c.0 == part)
                .map(|c| (c.1.clone(), c.2.clone()))
                .collect()
        };
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            subjects(Part::Body),
            pairs(&[
                ("新建中小学#", "5所"),
                ("幼儿园#", "5所"),
                ("建设城市书房#", "20个"),
                ("农家书屋#", "20个"),
            ])
        );
        assert_eq!(
            subjects(Part::Annex),
            pairs(&[
                ("新建中小学#", "5所"),
                ("幼儿园#", "5所"),
                ("建设城市书房#", "20个"),
                ("农家书屋#", "20个"),
                ("社区书屋#", "20个"),
            ])
        );
    }

    #[test]
    fn not_distributive() {
        for (text, subject) in [
            (
                "（六）民生实事。全市各5所。\n附件\n1. 新建学校5所。\n",
                "全市各#",
            ),
            (
                "（六）民生实事。各类学校5所。\n附件\n1. 新建学校5所。\n",
                "各类学校#",
            ),
            (
                "（六）民生实事。新建中小学、幼儿园5所。\n附件\n1. 新建学校5所。\n",
                "新建中小学幼儿园#",
            ),
        ] {
            let body: Vec<_> = commitments(text)
                .into_iter()
                .filter(|c| c.0 == Part::Body)
                .map(|c| c.1)
                .collect();
            assert_eq!(body, vec![subject.to_string()], "{text}");
        }
    }

    #[test]
    fn a_heading_figure_restated_in_the_content_is_one_commitment() {
        let got = commitments(
            "正文新增学位1000个。\n附件\n两件实事\n1、开展义诊活动30场次\n项目内容：在15个乡镇开展义诊活动30场次。\n\
             2、新建幼儿园2所\n项目内容：新建小学2所、幼儿园2所。\n",
        );
        let annex: Vec<&str> = got
            .iter()
            .filter(|c| c.0 == Part::Annex)
            .map(|c| c.2.as_str())
            .collect();
        // 30场次 once; 15个; 2所 of the heading absorbs the content's 幼儿园2所, not 小学2所.
        assert_eq!(annex.len(), 4, "{got:?}");
        assert!(got.iter().any(|c| c.1.contains("小学")), "{got:?}");
    }
}

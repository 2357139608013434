//! The scanner: finds every quantity in a paragraph — numeral, scale, range, bound words and unit
//! — and skips numbers that are dates, ages, ordinals, versions or parts of words.
//!
//! It works on the text's chars with full-width forms folded (`１５００` reads as `1500`) and
//! maps every position back to a byte offset of the original text, so spans always fall on char
//! boundaries of the text given. Also home of [`QuantityTables::builtin`] and
//! [`QuantityTables::from_toml`].

use std::sync::LazyLock;

use super::numeral::{cn_digit, fold, multiplier, parse_folded, pow10};
use super::unit::UnitMatch;
use super::{BoundTable, Decimal, Qualifier, Quantity, QuantityTables, UnitTable};
use crate::TableError;

static BUILTIN: LazyLock<QuantityTables> = LazyLock::new(|| QuantityTables {
    units: UnitTable::builtin().clone(),
    bounds: BoundTable::builtin().clone(),
});

impl QuantityTables {
    /// The built-in tables (`rules/units.toml`, `rules/bounds.toml`), parsed once.
    pub fn builtin() -> &'static QuantityTables {
        &BUILTIN
    }

    /// Tables from the text of a user's `units.toml` and `bounds.toml`.
    pub fn from_toml(units: &str, bounds: &str) -> Result<QuantityTables, TableError> {
        Ok(QuantityTables {
            units: UnitTable::from_toml(units)?,
            bounds: BoundTable::from_toml(bounds)?,
        })
    }
}

const PERCENT_WORD: [char; 3] = ['百', '分', '之'];

/// Separators of a range: `3-5个`, `3～5个` (folded to `~`), `3—5个`, `3至5个`, `3到5个`.
fn is_range_separator(c: char) -> bool {
    matches!(c, '-' | '~' | '—' | '–' | '至' | '到')
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || multiplier(c).is_some()
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || is_cn_numeral(c)
}

/// Every numeral char: ASCII digits, Chinese digits and multipliers (as [`is_numeral_char`]).
const NUMERAL_CHARS: &str =
    "0123456789零〇一壹二两贰貳兩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億";

/// Bit `c % 4096` is set for every numeral char: all but about one in a hundred other chars
/// are ruled out by one look-up.
const NUMERAL_LOW_BITS: [u64; 64] = {
    let mut bits = [0u64; 64];
    let b = NUMERAL_CHARS.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Decode one UTF-8 char (at most three bytes here).
        let (c, len) = if b[i] < 0x80 {
            (b[i] as u32, 1)
        } else if b[i] < 0xE0 {
            (((b[i] as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else {
            let c = ((b[i] as u32 & 0x0F) << 12)
                | ((b[i + 1] as u32 & 0x3F) << 6)
                | (b[i + 2] as u32 & 0x3F);
            (c, 3)
        };
        let low = (c & 0xFFF) as usize;
        bits[low / 64] |= 1 << (low % 64);
        i += len;
    }
    bits
};

/// [`is_numeral_char`], with a quick answer for most chars that are none.
fn may_be_numeral(c: char) -> bool {
    let low = (c as u32 & 0xFFF) as usize;
    NUMERAL_LOW_BITS[low / 64] & (1 << (low % 64)) != 0 && is_numeral_char(c)
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// One numeral with its scale, in chars.
#[derive(Debug, Clone, Copy)]
struct Numeral {
    end: usize,
    value: Decimal,
    precision: Decimal,
    /// Whether it has any multiplier (`十百千万亿`).
    has_multiplier: bool,
    /// The product of its trailing multipliers (`5万` → 10^4, `3.5千万` → 10^7), else 1.
    trailing_scale: Decimal,
}

/// The end of the Arabic literal starting at `chars[k]`: digits, `,ddd` groups, `.` decimals.
fn arabic_end(chars: &[char], mut k: usize) -> usize {
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    while digit(k) {
        k += 1;
    }
    while chars.get(k) == Some(&',') && (1..=3).all(|d| digit(k + d)) && !digit(k + 4) {
        k += 4;
    }
    if chars.get(k) == Some(&'.') && digit(k + 1) {
        k += 1;
        while digit(k) {
            k += 1;
        }
    }
    k
}

/// The ends of a numeral's prefixes, in order: the first few kept inline, the rest (a
/// numeral of many parts) in a vector.
#[derive(Default)]
struct Ends {
    inline: [usize; 16],
    len: usize,
    more: Vec<usize>,
}

impl Ends {
    fn push(&mut self, end: usize) {
        match self.inline.get_mut(self.len) {
            Some(slot) => {
                *slot = end;
                self.len += 1;
            }
            None => self.more.push(end),
        }
    }

    /// The ends, last first.
    fn rev(&self) -> impl Iterator<Item = usize> + '_ {
        let inline = self.inline.get(..self.len).unwrap_or(&[]);
        self.more.iter().rev().chain(inline.iter().rev()).copied()
    }
}

/// The longest well-formed numeral starting at `chars[s]`. Multipliers that begin a unit
/// (`千米`, `千瓦`, `百分点`) end the numeral.
fn numeral_at(chars: &[char], s: usize, units: &UnitTable) -> Option<Numeral> {
    let &first = chars.get(s)?;
    if !(first.is_ascii_digit() || cn_digit(first).is_some() || matches!(first, '十' | '拾')) {
        return None;
    }
    let mut ends = Ends::default();
    let mut j = s;
    while let Some(&c) = chars.get(j) {
        if c.is_ascii_digit() {
            j = arabic_end(chars, j);
            ends.push(j);
        } else if cn_digit(c).is_some() {
            j += 1;
            ends.push(j);
        } else if c == '点'
            && j > s
            && is_cn_numeral(chars[j - 1])
            && chars.get(j + 1).is_some_and(|&n| cn_digit(n).is_some())
        {
            j += 1;
        } else if multiplier(c).is_some()
            && units.match_at(chars, j).is_none()
            && !chars[j..].starts_with(&PERCENT_WORD)
        {
            j += 1;
            ends.push(j);
        } else {
            break;
        }
    }
    let found = ends.rev().find_map(|end| {
        let written = &chars[s..end];
        // `written` is folded, starts with a digit and holds no space, `百分之` or `%`.
        let (value, precision) = parse_folded(written)?;
        let trailing = written.iter().rev().map_while(|&c| multiplier(c));
        Some(Numeral {
            end,
            value,
            precision,
            has_multiplier: written.iter().any(|&c| multiplier(c).is_some()),
            trailing_scale: pow10(trailing.map(|(exp, _)| exp).sum()),
        })
    });
    found
}

/// Whether the number at `chars[i]` is an ordinal: `第7`, and the later members of `第3、4` or
/// `第一至三`.
fn is_ordinal(chars: &[char], i: usize) -> bool {
    let Some(mut k) = i.checked_sub(1) else {
        return false;
    };
    if chars[k] == '第' {
        return true;
    }
    if !(chars[k] == '、' || chars[k] == ',' || is_range_separator(chars[k])) {
        return false;
    }
    let sep = k;
    while k > 0 && is_numeral_char(chars[k - 1]) {
        k -= 1;
    }
    k < sep && k > 0 && chars[k - 1] == '第'
}

/// Whether the numeral `chars[s..end]` is a lone `一` that counts nothing: in a parallel phrase
/// (`一户一策`, `一分一厘`, `一件一件`), after `每` (`每一件实事`, `每一户`), or before a doubled
/// classifier (`一件件`, `一项项`, `一个个`).
pub(crate) fn lone_one_idiom(chars: &[char], s: usize, end: usize) -> bool {
    if chars.get(s) != Some(&'一') || end != s + 1 {
        return false;
    }
    let parallel = chars.get(s + 2) == Some(&'一') || (s >= 2 && chars[s - 2] == '一');
    let after_each = s >= 1 && chars[s - 1] == '每';
    let doubled = chars
        .get(s + 1)
        .is_some_and(|&c| !is_numeral_char(c) && chars.get(s + 2) == Some(&c));
    parallel || after_each || doubled
}

/// Whether the numeral at byte range `number` of `text` is a lone `一` in an idiom (`每一件`,
/// `一件件`, `一件一件`): a count of nothing, neither a commitment nor a stated total.
pub fn is_idiomatic_one(text: &str, number: std::ops::Range<usize>) -> bool {
    let (Some(before), Some(numeral), Some(after)) = (
        text.get(..number.start),
        text.get(number.clone()),
        text.get(number.end..),
    ) else {
        return false;
    };
    // Only a lone `一` can be one (no other char folds to it).
    if numeral != "一" {
        return false;
    }
    // The two chars before, the `一` and the two chars after (folded), without allocating.
    let mut chars = ['\0'; 5];
    let mut len = 0;
    let mut back = before.chars().rev();
    let (last, second_last) = (back.next(), back.next());
    let after = after.chars().take(2).map(fold);
    for c in [second_last, last]
        .into_iter()
        .flatten()
        .chain(['一'])
        .chain(after)
    {
        if let Some(slot) = chars.get_mut(len) {
            *slot = c;
            len += 1;
        }
    }
    let s = usize::from(last.is_some()) + usize::from(second_last.is_some());
    lone_one_idiom(chars.get(..len).unwrap_or(&[]), s, s + 1)
}

/// [`is_idiomatic_one`] as it was, with the chars collected into a vector: the reference.
#[cfg(test)]
fn is_idiomatic_one_by_vec(text: &str, number: std::ops::Range<usize>) -> bool {
    let (Some(before), Some(numeral), Some(after)) = (
        text.get(..number.start),
        text.get(number.clone()),
        text.get(number.end..),
    ) else {
        return false;
    };
    let mut chars: Vec<char> = before.chars().rev().take(2).collect();
    chars.reverse();
    let s = chars.len();
    chars.extend(numeral.chars().map(fold));
    let end = chars.len();
    chars.extend(after.chars().take(2).map(fold));
    lone_one_idiom(&chars, s, end)
}

/// Whether a number may start at `chars[i]`, judging by what precedes it.
fn may_start(chars: &[char], i: usize, units: &UnitTable) -> bool {
    let c = chars[i];
    if !(c.is_ascii_digit() || cn_digit(c).is_some() || matches!(c, '十' | '拾')) {
        return false;
    }
    if let Some(&p) = i.checked_sub(1).and_then(|k| chars.get(k)) {
        // Inside a longer numeral, an ASCII word (`H7N9`), a dotted code, or a vague number
        // (`数十万`, `几十个`: Chinese numerals only; `户数381户`, `人数120人` state a count).
        let dotted = matches!(p, '.' | ',') && i >= 2 && chars[i - 2].is_ascii_digit();
        // A numeral char that ends an idiom (`唯一一家`) does not count.
        let numeral_before = is_numeral_char(p) && !units.in_idiom(chars, i - 1);
        let vague = matches!(p, '数' | '几') && !c.is_ascii_digit();
        if numeral_before || is_ascii_word(p) || dotted || vague {
            return false;
        }
    }
    !is_ordinal(chars, i) && (c.is_ascii_digit() || !units.in_idiom(chars, i))
}

/// Whether a numeral has a big scale `万`/`亿`, which makes it a quantity even without a unit.
fn has_big_scale(written: &[char]) -> bool {
    written
        .iter()
        .any(|c| matches!(c, '万' | '亿' | '萬' | '億'))
}

/// A quantity found, in chars.
struct Found {
    span: (usize, usize),
    number: (usize, usize),
    value: Decimal,
    upper: Option<Decimal>,
    precision: Decimal,
    unit: String,
    qualifier: Option<Qualifier>,
}

impl Found {
    /// The quantity found, its character positions turned into byte offsets by `byte`.
    fn into_quantity(self, byte: impl Fn(usize) -> usize) -> Quantity {
        Quantity {
            value: self.value,
            upper: self.upper,
            precision: self.precision,
            unit: self.unit,
            qualifier: self.qualifier,
            span: byte(self.span.0)..byte(self.span.1),
            number: byte(self.number.0)..byte(self.number.1),
        }
    }
}

/// The numerals from `chars[s]` on: one, or the two ends of a range (`3-5个`, `3万-5万个`,
/// `3-5万个` where the scale applies to both ends, `百分之三至百分之五`).
/// The result has no unit yet; `number.1` is the end of the last numeral.
fn numerals(chars: &[char], s: usize, percent: bool, units: &UnitTable) -> Option<Found> {
    let first = if percent
        && chars.get(s) == Some(&'百')
        && !chars.get(s + 1).is_some_and(|&c| is_numeral_char(c))
    {
        // `百分之百`
        let hundred = Decimal::ONE_HUNDRED;
        Numeral {
            end: s + 1,
            value: hundred,
            precision: Decimal::ZERO,
            has_multiplier: true,
            trailing_scale: Decimal::ONE,
        }
    } else {
        numeral_at(chars, s, units)?
    };
    // `一户一策`, `一分一厘`, `每一件`, `一件件`: a lone 一 in an idiom.
    if lone_one_idiom(chars, s, first.end) {
        return None;
    }
    let mut found = Found {
        span: (s, first.end),
        number: (s, first.end),
        value: first.value,
        upper: None,
        precision: first.precision,
        unit: String::new(),
        qualifier: None,
    };
    if !chars.get(first.end).is_some_and(|&c| is_range_separator(c)) {
        return Some(found);
    }
    let mut s2 = first.end + 1;
    if percent && chars[s2..].starts_with(&PERCENT_WORD) {
        s2 += PERCENT_WORD.len();
    }
    let Some(second) = numeral_at(chars, s2, units) else {
        return Some(found);
    };
    let (mut low, mut low_precision) = (first.value, first.precision);
    if !first.has_multiplier && second.trailing_scale > Decimal::ONE {
        let scale = second.trailing_scale;
        if let (Some(v), Some(p)) = (low.checked_mul(scale), low_precision.checked_mul(scale)) {
            if v < second.value {
                (low, low_precision) = (v, p);
            }
        }
    }
    if low < second.value {
        found.value = low;
        found.upper = Some(second.value);
        found.precision = low_precision.max(second.precision);
        found.number.1 = second.end;
    }
    Some(found)
}

/// A unit after a numeral, with the qualifier of a `余`/`多` before it.
struct UnitPart {
    name: String,
    between: Option<Qualifier>,
    end: usize,
}

/// A unit written `人(次)`: the unit `chars[p..p + len]` followed by a parenthesis of one or two
/// characters that, appended to it, spell a longer unit of the table. Its name and the end of
/// the closing parenthesis.
fn parenthesised_unit(
    chars: &[char],
    p: usize,
    len: usize,
    units: &UnitTable,
) -> Option<(String, usize)> {
    let open = p + len;
    if chars.get(open) != Some(&'(') {
        return None;
    }
    let close = (open + 2..=open + 3).find(|&k| chars.get(k) == Some(&')'))?;
    let mut joined: Vec<char> = chars[p..open].to_vec();
    joined.extend_from_slice(&chars[open + 1..close]);
    match units.match_at(&joined, 0) {
        Some(UnitMatch::Unit { name, len }) if len == joined.len() => {
            Some((name.to_string(), close + 1))
        }
        _ => None,
    }
}

/// The unit (possibly none) after a numeral ending at `chars[p]`. `None` when the number is no
/// quantity: a date, age or version, `一次性`, or part of an ASCII word.
fn unit_after(chars: &[char], mut p: usize, scaled: bool, t: &QuantityTables) -> Option<UnitPart> {
    let (units, bounds) = (&t.units, &t.bounds);
    let mut between = None;
    // `70余种`, `1万多人`: only before a unit, or after a scale.
    if let Some((q, len)) = bounds.between_at(chars, p) {
        if scaled || units.match_at(chars, p + len).is_some() {
            between = Some(q);
            p += len;
        }
    }
    match units.match_at(chars, p) {
        Some(UnitMatch::Skip { .. }) => None,
        Some(UnitMatch::Unit { name, len }) => {
            // `800人(次)`, `800人（次）`: the end of a longer unit put in parentheses.
            if let Some((name, end)) = parenthesised_unit(chars, p, len, units) {
                return Some(UnitPart { name, between, end });
            }
            let after = chars.get(p + len).copied();
            // `5min` is no `5m`; `一次性` is no count of 次.
            let ascii_end = chars.get(p + len - 1).is_some_and(|&c| is_ascii_word(c));
            if (ascii_end && after.is_some_and(is_ascii_word)) || after == Some('性') {
                return None;
            }
            // `3个多月` is a duration, not 3 个.
            if let Some((_, l)) = bounds.between_at(chars, p + len) {
                if let Some(UnitMatch::Skip { .. }) = units.match_at(chars, p + len + l) {
                    return None;
                }
            }
            let name = name.to_string();
            Some(UnitPart {
                name,
                between,
                end: p + len,
            })
        }
        None => {
            // `5G`, `3D`, `1.2.3`: a number inside an ASCII word or code.
            let next = chars.get(p).copied();
            let dotted = next == Some('.') && chars.get(p + 1).is_some_and(char::is_ascii_digit);
            if next.is_some_and(|c| c.is_ascii_alphabetic() || c == '_') || dotted {
                return None;
            }
            Some(UnitPart {
                name: String::new(),
                between,
                end: p,
            })
        }
    }
}

/// The quantity whose numeral starts at `chars[i]` (with `百分之` when present). `floor` is the
/// end of the previous quantity: bound words before the number may not reach back past it.
fn quantity_at(chars: &[char], i: usize, floor: usize, t: &QuantityTables) -> Option<Found> {
    let (units, bounds) = (&t.units, &t.bounds);
    let percent = chars[i..].starts_with(&PERCENT_WORD);
    if !percent && !may_start(chars, i, units) {
        return None;
    }
    let s = if percent { i + PERCENT_WORD.len() } else { i };
    let mut q = numerals(chars, s, percent, units)?;
    q.number.0 = i;
    let mut scaled = has_big_scale(&chars[s..q.number.1]);
    let mut p = q.number.1;
    let mut between = None;
    // `30余万户`, `10多万人`: the bound word sits between the numeral and its scale.
    if !percent && q.upper.is_none() {
        if let Some((qualifier, len)) = bounds.between_at(chars, p) {
            let mut k = p + len;
            let mut factor = Decimal::ONE;
            while let Some(f) = chars.get(k).and_then(|c| match c {
                '万' => Some(Decimal::from(10_000)),
                '亿' => Some(Decimal::from(100_000_000)),
                _ => None,
            }) {
                factor = factor.checked_mul(f).unwrap_or(factor);
                k += 1;
            }
            if factor > Decimal::ONE {
                if let (Some(v), Some(pr)) =
                    (q.value.checked_mul(factor), q.precision.checked_mul(factor))
                {
                    q.value = v;
                    q.precision = pr;
                    q.number.1 = k;
                    p = k;
                    scaled = true;
                    between = Some(qualifier);
                }
            }
        }
    }
    if percent {
        q.unit.push('%');
    } else {
        let part = unit_after(chars, p, scaled, t)?;
        (q.unit, p) = (part.name, part.end);
        between = between.or(part.between);
        // `3%-5%`, `3个-5个`: a range with the unit on both ends.
        let sep = chars.get(p).is_some_and(|&c| is_range_separator(c));
        // The second numeral is read only after a separator (`numeral_at` has no effects).
        let second = (sep && q.upper.is_none())
            .then(|| numeral_at(chars, p + 1, units))
            .flatten();
        if let Some(second) = second {
            if let Some(UnitMatch::Unit { name, len }) = units.match_at(chars, second.end) {
                if name == q.unit && q.value < second.value {
                    q.upper = Some(second.value);
                    q.precision = q.precision.max(second.precision);
                    p = second.end + len;
                }
            }
        }
    }
    if q.unit.is_empty() && !scaled {
        return None;
    }
    let mut after = None;
    if let Some((qualifier, len)) = bounds.after_at(chars, p) {
        after = Some(qualifier);
        p += len;
    }
    // A bound word right before the number, one space allowed: `不低于5%`, `约 3万人`.
    let mut start = i;
    let mut before = None;
    let b = if i > floor && chars[i - 1] == ' ' {
        i - 1
    } else {
        i
    };
    if let Some((Some(qualifier), len)) = bounds
        .before_at(chars, b)
        .filter(|&(_, len)| b >= floor + len)
    {
        before = Some(qualifier);
        start = b - len;
    }
    q.span = (start, p);
    q.qualifier = before.or(after).or(between);
    q.value = q.value.normalize();
    q.upper = q.upper.map(|u| u.normalize());
    q.precision = q.precision.normalize();
    Some(q)
}

/// The byte offset of char `k` of `text`, walking by lead bytes from char `from.0` at byte
/// `from.1` (the text's length for `k` at or past its end).
fn byte_of(text: &str, from: (usize, usize), k: usize) -> usize {
    let b = text.as_bytes();
    let (mut char_at, mut byte_at) = from;
    while char_at < k && byte_at < b.len() {
        byte_at += match b[byte_at] {
            0x00..=0x7F => 1,
            0x80..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        char_at += 1;
    }
    while char_at > k && byte_at > 0 {
        byte_at -= 1;
        while byte_at > 0 && b[byte_at] & 0xC0 == 0x80 {
            byte_at -= 1;
        }
        char_at -= 1;
    }
    byte_at.min(b.len())
}

/// The buffers [`scan`] reuses from one call to the next (per thread).
#[derive(Default)]
struct Buffers {
    /// The text's chars, folded.
    chars: Vec<char>,
    /// Where a quantity may start: (char index, byte offset) of every numeral char.
    starts: Vec<(usize, usize)>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

/// Finds every quantity in `text`, in order of position, non-overlapping. Spans are byte
/// ranges of `text`. A number counts when it has a unit from the table, is a percentage, or has
/// a scale `万`/`亿`; dates, ages, ordinals, versions and numerals inside words are skipped.
pub fn scan(text: &str, tables: &QuantityTables) -> Vec<Quantity> {
    BUFFERS
        .try_with(|cell| match cell.try_borrow_mut() {
            Ok(mut buffers) => {
                let out = scan_with(text, tables, &mut buffers);
                // A very long text's buffers are not kept.
                if buffers.chars.capacity() > 1 << 16 {
                    *buffers = Buffers::default();
                }
                out
            }
            Err(_) => scan_with(text, tables, &mut Buffers::default()),
        })
        .unwrap_or_else(|_| scan_with(text, tables, &mut Buffers::default()))
}

/// [`scan`] with the buffers given.
fn scan_with(text: &str, tables: &QuantityTables, buffers: &mut Buffers) -> Vec<Quantity> {
    let Buffers { chars, starts } = buffers;
    chars.clear();
    starts.clear();
    chars.reserve(text.len());
    for (b, c) in text.char_indices() {
        let c = fold(c);
        // A quantity starts with a numeral char (`百` of `百分之` is one).
        if may_be_numeral(c) {
            starts.push((chars.len(), b));
        }
        chars.push(c);
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut floor = 0;
    for &(at, at_byte) in starts.iter() {
        if at < i {
            continue;
        }
        match quantity_at(chars, at, floor, tables) {
            Some(f) if f.span.1 > at => {
                i = f.span.1;
                floor = i;
                out.push(f.into_quantity(|k| byte_of(text, (at, at_byte), k)));
            }
            _ => i = at + 1,
        }
    }
    out
}

/// [`scan`] as it was: every char visited, byte offsets read forward from the text's start.
#[cfg(test)]
fn scan_by_chars(text: &str, tables: &QuantityTables) -> Vec<Quantity> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let byte = |k: usize| -> usize { text.char_indices().nth(k).map_or(text.len(), |(b, _)| b) };
    let mut out = Vec::new();
    let mut i = 0;
    let mut floor = 0;
    while i < chars.len() {
        if !is_numeral_char(chars[i]) {
            i += 1;
            continue;
        }
        match quantity_at(&chars, i, floor, tables) {
            Some(f) if f.span.1 > i => {
                i = f.span.1;
                floor = i;
                out.push(f.into_quantity(byte));
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Quantity> {
        scan(text, QuantityTables::builtin())
    }

    #[test]
    fn the_quick_test_keeps_every_numeral_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(may_be_numeral(c), is_numeral_char(c), "{c}");
            assert_eq!(NUMERAL_CHARS.contains(c), is_numeral_char(c), "{c}");
        }
    }

    proptest::proptest! {
        /// The scan by numeral chars and lead bytes finds what a visit of every char finds.
        #[test]
        fn scan_equals_a_visit_of_every_char(
            pieces in proptest::collection::vec(0usize..40, 0..30),
        ) {
            const PIECES: [&str; 40] = [
                "1", "2", "5", "0", ".", ",", "%", "万", "亿", "千", "百", "分", "之", "十", "一",
                "两", "三", "个", "人", "人次", "余", "多", "以上", "不低于", "约", " ", "第", "、",
                "-", "~", "至", "年", "新建", "１", "５", "％", "～", "😀", "(次)", "每",
            ];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let t = QuantityTables::builtin();
            proptest::prop_assert_eq!(scan(&text, t), scan_by_chars(&text, t), "{}", text);
        }
    }

    #[test]
    fn the_buffers_hold_the_folded_chars_and_numeral_positions() {
        let text: String = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .chain("１２３４５６７８９０％．～〜新建12个".chars())
            .collect();
        let mut buffers = Buffers::default();
        scan_with(&text, QuantityTables::builtin(), &mut buffers);
        let want: Vec<char> = text.chars().map(fold).collect();
        assert_eq!(buffers.chars, want);
        let starts: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| is_numeral_char(fold(*c)))
            .map(|(k, (b, _))| (k, b))
            .collect();
        assert_eq!(buffers.starts, starts);
    }

    proptest::proptest! {
        /// The idiom test without a vector answers as the one with it, at every range.
        #[test]
        fn idiomatic_one_equals_the_test_with_a_vector(
            pieces in proptest::collection::vec(0usize..12, 0..10),
            a in 0usize..30,
            b in 0usize..30,
        ) {
            const PIECES: [&str; 12] =
                ["一", "每", "件", "户", "策", "二", "１", "个", "项", "😀", "壹", " "];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            // Mostly char boundaries, so that the numeral is often a lone char.
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = |k: usize| starts.get(k).copied().unwrap_or(k.min(text.len()));
            let (a, b) = (at(a), at(a + b % 3));
            proptest::prop_assert_eq!(
                is_idiomatic_one(&text, a..b),
                is_idiomatic_one_by_vec(&text, a..b),
                "{} {}..{}", text, a, b
            );
        }
    }

    #[test]
    fn idiomatic_ones() {
        let one = |t: &str| {
            let at = t.find('一').unwrap_or(0);
            is_idiomatic_one(t, at..at + '一'.len_utf8())
        };
        for t in ["把每一件实事", "一件件实事", "一户一策", "一分一厘"] {
            assert!(one(t), "{t}");
        }
        for t in ["办好一件实事", "一", "新建一所"] {
            assert!(!one(t), "{t}");
        }
    }

    #[test]
    fn ends_come_back_last_first_however_many() {
        for n in [0, 1, 15, 16, 17, 40] {
            let mut ends = Ends::default();
            for k in 0..n {
                ends.push(k * 3);
            }
            let want: Vec<usize> = (0..n).rev().map(|k| k * 3).collect();
            assert_eq!(ends.rev().collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn genre_examples() {
        for case in [
            "新增学位6.6万个|66000|个|-|6.6万个",
            "招募7500名项目人员|7500|名|-|7500名",
            "促进19.62万名脱贫人口|196200|名|-|19.62万名",
            "增幅不低于5%|5|%|at-least|不低于5%",
            "城乡低保增幅5%以上|5|%|at-least|5%以上",
            "演出1万场次以上|10000|场次|at-least|1万场次以上",
            "开展政府补贴性职业技能培训25万人次|250000|人次|-|25万人次",
            "总数达到1733万人|17330000|人|-|1733万人",
            "完成投资16.4亿元|1640000000|元|-|16.4亿元",
            "孤儿保障金增幅百分之八点三|8.3|%|-|百分之八点三",
            "增幅不低于百分之五|5|%|at-least|不低于百分之五",
            "增长百分之五以上|5|%|at-least|百分之五以上",
            "实现百分之百覆盖|100|%|-|百分之百",
            "新建1,500个|1500|个|-|1,500个",
            "新增就业八千人|8000|人|-|八千人",
            "托位两万个|20000|个|-|两万个",
            "托位2万个|20000|个|-|2万个",
            "至少建设一处零工市场|1|处|-|一处",
            "新建三所学校|3|所|-|三所",
            "唯一一家|1|家|-|一家",
            "为41.3万0-59周岁残疾人|413000||-|41.3万",
            "培育高素质农牧民1.5万人以上|15000|人|at-least|1.5万人以上",
            "培训十九万六千二百名|196200|名|-|十九万六千二百名",
            "新增六点九万个|69000|个|-|六点九万个",
            "新建一百零五所|105|所|-|一百零五所",
        ] {
            crate::quantity::expect_quantity(case);
        }
    }

    /// Every quantity in `text`, shown as `span=value[~upper][/precision]unit[ qualifier]`.
    fn show(text: &str) -> String {
        let show = |q: &Quantity| {
            let upper = q.upper.map(|u| format!("~{u}")).unwrap_or_default();
            let p = Some(q.precision)
                .filter(|p| !p.is_zero())
                .map(|p| format!("/{p}"));
            let qualifier = q
                .qualifier
                .map(|x| format!(" {}", x.as_str()))
                .unwrap_or_default();
            let span = &text[q.span.clone()];
            format!(
                "{span}={}{upper}{}{}{qualifier}",
                q.value,
                p.unwrap_or_default(),
                q.unit
            )
        };
        all(text).iter().map(show).collect::<Vec<_>>().join(", ")
    }

    #[test]
    fn precision_and_number_span() {
        let text = "新增学位6.6万个,新增学位6.9万个,新增69000个,新增六万九千个";
        let want = "6.6万个=66000/500个, 6.9万个=69000/500个, 69000个=69000个, 六万九千个=69000个";
        assert_eq!(show(text), want);
        assert_eq!(show("惠及居民30余万户"), "30余万户=300000户 more-than");
        let texts = [
            ("增幅8.3%以上", "8.3"),
            ("增幅百分之八点三", "百分之八点三"),
            ("达70余种", "70"),
            ("惠及居民30余万户", "30余万"),
            ("带动10多万人就业", "10多万"),
        ];
        for (text, number) in texts {
            assert_eq!(&text[all(text)[0].number.clone()], number);
        }
    }

    #[test]
    fn full_width_spans_point_into_the_original() {
        let want = "１５００个=1500个, ８．３％以上=8.3/0.05% at-least";
        assert_eq!(show("新建１５００个，增长８．３％以上"), want);
    }

    #[test]
    fn equal_writings() {
        let v = |t: &str| {
            all(t)
                .iter()
                .map(|q| (q.value, q.unit.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(v("八千人"), v("8000人"));
        assert_eq!(v("两万个"), v("2万个"));
        assert_eq!(v("两万个"), v("20,000个"));
        assert_eq!(v("百分之八点三"), v("8.3%"));
        assert_eq!(v("百分之八点三"), v("８．３％"));
    }

    #[test]
    fn not_quantities() {
        let texts = "2022年1~11月 居全国第7位 第十五届 第3、4批 优化营商环境3.0版本 5G基站 H7N9 BDO产能 \
                     3D打印 版本1.2.3发布 统一个人账户 一次性补贴 “十四五”时期 0-59周岁 每个旗县 个别地区 \
                     6个月 3个多月 一户一策 一分一厘都不能拖欠 实施一批工程项目 党委十一届五次全会 \
                     2023-2025年 坚持“五位一体” 开展“两癌”筛查 新增就业8000 数十万群众 二〇二三年 5岁以下 \
                     好商好量一块办 三四个 十几个 把每一件实事办好 一件件实事 一项项任务 一个个项目 \
                     每一户家庭";
        for text in texts.split_whitespace() {
            assert_eq!(show(text), "", "{text}");
        }
    }

    #[test]
    fn a_count_after_a_word_ending_in_shu_is_read() {
        // `数` before a Chinese numeral makes it vague (`数十万` is in `not_quantities`); before
        // Arabic digits it ends a word (`户数`, `人数`) and the count stands.
        assert_eq!(show("涉及户数381户"), "381户=381户");
        assert_eq!(show("参训人数120人"), "120人=120人");
        assert_eq!(show("数十个"), "");
        assert_eq!(show("几十个"), "");
    }

    #[test]
    fn idioms_with_one_leave_counts_alone() {
        assert_eq!(show("办好一件实事"), "一件=1件");
        assert_eq!(show("每万人拥有5个"), "5个=5个");
        assert_eq!(show("新建一个个"), "");
        assert_eq!(show("一项一项抓落实,新建3个"), "3个=3个");
    }

    #[test]
    fn a_unit_ending_in_parentheses() {
        assert_eq!(show("培训800人(次)"), "800人(次)=800人次");
        assert_eq!(
            show("培训800人（次）以上"),
            "800人（次）以上=800人次 at-least"
        );
        assert_eq!(show("培训2.5万人(次)"), "2.5万人(次)=25000/500人次");
        // Not a unit: the parenthesis says something else.
        assert_eq!(show("培训800人(含教师)"), "800人=800人");
        assert_eq!(show("救助800人(户)"), "800人=800人");
    }

    #[test]
    fn dates_leave_the_rest_alone() {
        assert_eq!(show("内蒙古自治区2023年43件民生实事"), "43件=43件");
        assert_eq!(show("为41.3万0-59周岁残疾人购买保险"), "41.3万=413000/500");
        assert_eq!(
            show("2022年1~11月完成投资16.4亿元"),
            "16.4亿元=1640000000/5000000元"
        );
    }

    #[test]
    fn ranges() {
        for t in "3-5个 3～5个 3~5个 3—5个 3至5个 3到5个".split(' ') {
            assert_eq!(show(&format!("新建{t}")), format!("{t}=3~5个"));
        }
        assert_eq!(show("新建三至五个"), "三至五个=3~5个");
        assert_eq!(show("新增3万-5万人"), "3万-5万人=30000~50000人");
        assert_eq!(show("新增3-5万人"), "3-5万人=30000~50000人");
        assert_eq!(show("下降3-5个百分点"), "3-5个百分点=3~5百分点");
        assert_eq!(show("增长3%-5%左右"), "3%-5%左右=3~5% about");
        assert_eq!(show("百分之三至百分之五"), "百分之三至百分之五=3~5%");
        // Not a range when the second end is smaller.
        assert_eq!(show("编号12-3个"), "3个=3个");
    }

    #[test]
    fn several_in_order_without_overlap() {
        let text = "将全市14家焦化企业整合重组为5家,整合后规模均在300万吨以上、焦炉6.25米以上,\
                    新建改扩建幼儿园204所、中小学676所";
        let want = "14家=14家, 5家=5家, 300万吨以上=3000000吨 at-least, \
                    6.25米以上=6.25/0.005米 at-least, 204所=204所, 676所=676所";
        assert_eq!(show(text), want);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let texts = "万 百分之 百分之% 第 1 １ 一 - 3- 3至 约 5%以上以上 1,2,3,4 1. .5个 点五个 零点 一点一滴 \
                     99999999999999999999999999999999999999个 9999999999999999999亿亿亿亿元 \
                     \u{FF10}\u{FF0E}\u{FF05} 😀3个😀 3😀个";
        for t in texts.split(' ').chain([""]) {
            for q in all(t) {
                assert!(
                    t.get(q.span.clone()).is_some() && t.get(q.number.clone()).is_some(),
                    "{t}"
                );
            }
        }
    }
}

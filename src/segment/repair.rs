//! Layout repair: turn raw lines into clean paragraphs while keeping, for every byte of the clean
//! text, the byte offset of the character it came from in the original file.
//!
//! Repairs, in order: full-width ASCII forms folded to ASCII (`１５` → `15`, `，` → `,`), stray
//! spaces inside Chinese text removed (`服 务圈` → `服务圈`), lines broken mid-sentence by a page
//! break or blank line rejoined (`以\n\n上` → `以上`), traditional characters converted to
//! simplified.

use std::sync::LazyLock;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

/// One paragraph of repaired text with its map back to the source.
#[derive(Debug, Clone, Default)]
pub struct Para {
    /// The repaired text.
    pub text: String,
    /// For each byte of `text`, the byte offset in the source of the character it came from
    /// (`u32`: half the memory of `usize`; offsets past 4 GiB, far beyond any size limit,
    /// would saturate).
    map: Vec<u32>,
}

impl Para {
    fn with_capacity(bytes: usize) -> Para {
        Para {
            text: String::with_capacity(bytes),
            map: Vec::with_capacity(bytes),
        }
    }

    /// Appends `c`, which came from the source byte `at`.
    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        self.map.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// Appends `src[range]` (on char boundaries) as it is, each byte mapped to the source offset
    /// `base` plus the offset in `src` of the character it belongs to.
    fn push_run(&mut self, src: &str, range: std::ops::Range<usize>, base: usize) {
        let Some(part) = src.get(range.clone()) else {
            return;
        };
        self.text.push_str(part);
        let start = base + range.start;
        match (u32::try_from(start), u32::try_from(start + part.len())) {
            (Ok(from), Ok(_)) => {
                let mut at = from;
                self.map.extend(part.bytes().zip(from..).map(|(b, k)| {
                    if b & 0xC0 != 0x80 {
                        at = k;
                    }
                    at
                }));
            }
            _ => {
                let mut at = 0;
                self.map.extend(part.bytes().enumerate().map(|(k, b)| {
                    if b & 0xC0 != 0x80 {
                        at = u32::try_from(start + k).unwrap_or(u32::MAX);
                    }
                    at
                }));
            }
        }
    }

    /// Appends the bytes `range` of `other` (on char boundaries), with their map.
    fn push_part(&mut self, other: &Para, range: std::ops::Range<usize>) {
        self.text.push_str(&other.text[range.clone()]);
        self.map.extend_from_slice(&other.map[range]);
    }

    /// The source offset of the first character, or of the last.
    fn first_origin(&self) -> Option<usize> {
        self.map.first().map(|&o| o as usize)
    }

    fn last_origin(&self) -> Option<usize> {
        self.map.last().map(|&o| o as usize)
    }

    /// The part of the paragraph in `range` (byte offsets of `text`, on char boundaries), with
    /// its map: a list written in one paragraph becomes one paragraph per item.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Option<Para> {
        Some(Para {
            text: self.text.get(range.clone())?.to_string(),
            map: self.map.get(range)?.to_vec(),
        })
    }

    /// Inserts synthetic text at byte `at` (a char boundary), pointing at the character before it,
    /// or with `at_next` at the character after it.
    pub fn insert(&mut self, at: usize, s: &str, at_next: bool) {
        if !self.text.is_char_boundary(at) {
            return;
        }
        let before = at.checked_sub(1).and_then(|b| self.map.get(b));
        let after = self.map.get(at);
        let origin = if at_next {
            after.or(before)
        } else {
            before.or(after)
        }
        .copied()
        .unwrap_or(0);
        self.text.insert_str(at, s);
        let at = at.min(self.map.len());
        self.map
            .splice(at..at, std::iter::repeat_n(origin, s.len()));
    }

    /// The source byte offset of the clean-text byte `at` (clamped to the paragraph).
    pub fn origin(&self, at: usize) -> usize {
        let o = match self.map.get(at) {
            Some(&o) => o,
            None => self.map.last().copied().unwrap_or(0),
        };
        o as usize
    }
}

/// Whether `c` is a Han character or CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{2014}'..='\u{2026}'
        | '\u{00B7}' | '\u{2460}'..='\u{2473}')
}

/// Folds full-width ASCII forms and the ideographic space to their ASCII counterparts.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\t' => ' ',
        _ => c,
    }
}

/// `line` with each run of two or more spaces between text made one tab, the other characters
/// kept at their byte offsets (a run of n spaces becomes a tab and n-1 spaces, which the
/// cleaning then drops).
fn cells_by_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let is_space = |c: char| c == ' ' || c == '\u{3000}' || c == '\u{00A0}';
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            let start = i;
            while i < chars.len() && is_space(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() >= 2 && start > 0 && i < chars.len() {
                // Keep byte lengths: the tab takes the first space's bytes, padded by spaces.
                let bytes: usize = run.iter().map(|c| c.len_utf8()).sum();
                out.push('\t');
                out.extend(std::iter::repeat_n(' ', bytes - 1));
            } else {
                out.extend(run.iter());
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Whether a raw line is a table row whose cells are apart by tabs or by runs of spaces: a tab
/// between two cells, or at least two runs of two or more spaces between text.
fn is_cell_row(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    if crate::find::has_byte(t, b'\t') {
        return true;
    }
    let mut runs = 0;
    let mut run = 0;
    for c in t.chars() {
        if c == ' ' || c == '\u{3000}' || c == '\u{00A0}' {
            run += 1;
        } else {
            runs += usize::from(run >= 2);
            run = 0;
        }
    }
    runs >= 2
}

/// A row of a table pasted as text, its cells separated by tabs (`1\t新建幼儿园\t市教育局`),
/// becomes one clause per cell, as a Word or HTML table row does: cells joined by `;` (at the
/// tab's offset), a serial first cell (`1`) kept as the row's item number. A line without a tab
/// between two cells is returned as it is.
fn cells(raw: Vec<(char, usize)>) -> Vec<(char, usize)> {
    let is_space = |c: char| c == ' ' || c == '\t' || c == '\u{3000}';
    let inner_tab = raw.iter().enumerate().any(|(i, &(c, _))| {
        c == '\t'
            && raw[..i].iter().any(|&(p, _)| !is_space(p))
            && raw[i + 1..].iter().any(|&(n, _)| !is_space(n))
    });
    if !inner_tab {
        return raw;
    }
    let mut out: Vec<(char, usize)> = Vec::with_capacity(raw.len() + 8);
    let mut i = 0;
    let mut cell = 0;
    while i < raw.len() {
        if is_space(raw[i].0) {
            let start = i;
            while i < raw.len() && is_space(raw[i].0) {
                i += 1;
            }
            let run = &raw[start..i];
            let tab = run.iter().find(|(c, _)| *c == '\t');
            match tab {
                Some(&(_, at)) if !out.is_empty() && i < raw.len() => {
                    let serial = cell == 0 && out.iter().all(|(c, _)| c.is_ascii_digit());
                    if serial {
                        // As Word and HTML rows read: `1. 名称;…`.
                        out.push(('.', at));
                        out.push((' ', at));
                    } else {
                        // One separator per tab: empty cells stay cells.
                        let tabs = run.iter().filter(|(c, _)| *c == '\t').count();
                        out.extend(std::iter::repeat_n((';', at), tabs));
                    }
                    cell += 1;
                }
                // Leading empty cells stay cells (a header's second line under the year columns).
                Some(&(_, at)) if out.is_empty() && i < raw.len() => {
                    let tabs = run.iter().filter(|(c, _)| *c == '\t').count();
                    out.extend(std::iter::repeat_n((';', at), tabs));
                    cell += tabs;
                }
                Some(_) => {}
                None => out.extend_from_slice(run),
            }
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

/// Whether `c` is a toned pinyin letter (`ā`, `ǚ`).
fn is_toned(c: char) -> bool {
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê";
    // Every toned letter lies in U+00E0..=U+01DC: most characters are ruled out by a compare.
    ('\u{E0}'..='\u{1DC}').contains(&c) && TONED.contains(c)
}

/// Drops pinyin left in the text by a converter (`實(shí)事`, `萬(wàn)元`): a parenthesis of one to six
/// Latin letters, toned or not, right after a Chinese character.
fn drop_pinyin(chars: Vec<(char, usize)>) -> Vec<(char, usize)> {
    let toned = is_toned;
    let is_pinyin = |c: char| c.is_ascii_lowercase() || toned(c);
    if !chars.iter().any(|&(c, _)| toned(c)) {
        return chars;
    }
    let mut out: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let after_han = out
            .last()
            .is_some_and(|&(p, _)| ('\u{4E00}'..='\u{9FFF}').contains(&p));
        if after_han && matches!(chars[i].0, '(' | '（') {
            let len = chars[i + 1..]
                .iter()
                .take_while(|&&(c, _)| is_pinyin(c))
                .count();
            let close = chars.get(i + 1 + len).map(|&(c, _)| c);
            let has_tone = chars[i + 1..i + 1 + len].iter().any(|&(c, _)| toned(c));
            if (1..=6).contains(&len) && has_tone && matches!(close, Some(')' | '）')) {
                i += len + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// For each first byte of a character, its length when the character is plain whatever follows
/// (printable ASCII, most of the Basic Multilingual Plane, the planes above), else 0.
const PLAIN_LEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i {
            0x21..=0x7E => 1,
            0xC8..=0xDF => 2,
            0xE0 | 0xE4..=0xEE => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// What [`clean_plain`] does with a character of a line.
enum Kind {
    /// Kept as it is.
    Plain,
    /// Dropped (`\r`, a byte-order mark, a zero-width space).
    Dropped,
    /// Whitespace; `true` for the spaces [`is_cell_row`] counts.
    Space(bool),
    /// A full-width form, folded to this ASCII byte.
    Folded(u8),
}

/// The fast path of [`clean_line`], over the bytes of a line: runs of characters that need no
/// repair are copied whole. It handles a line without a tab, without a character that may be a
/// toned letter (U+00C0..=U+01FF) and without two runs of two or more spaces (so not a cell
/// row), as `fold_and_collapse` does; `false` (with `out` partly written) for any other line.
fn clean_plain(line: &str, base: usize, out: &mut Para) -> bool {
    let b = line.as_bytes();
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    // The start of the run of plain characters not yet copied.
    let mut plain = 0;
    // The offset of the first whitespace character since the last other character.
    let mut space: Option<usize> = None;
    // Spaces in a row, and the runs of two or more of them followed by another character (an
    // upper bound of what `is_cell_row` counts: it trims the line first).
    let mut spaces = 0u32;
    let mut runs = 0u32;
    let mut i = 0;
    while i < b.len() {
        let c0 = b[i];
        let (len, kind) = match c0 {
            b'\t' | 0xC3..=0xC7 => return false,
            b'\r' => (1, Kind::Dropped),
            b' ' => (1, Kind::Space(true)),
            0x0B | 0x0C => (1, Kind::Space(false)),
            0..=0x7F => (1, Kind::Plain),
            0xC2 => match at(i + 1) {
                0xA0 => (2, Kind::Space(true)),
                0x85 => (2, Kind::Space(false)),
                _ => (2, Kind::Plain),
            },
            0xC0..=0xDF => (2, Kind::Plain),
            0xE1 if at(i + 1) == 0x9A && at(i + 2) == 0x80 => (3, Kind::Space(false)),
            0xE2 => match (at(i + 1), at(i + 2)) {
                (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F) => (3, Kind::Space(false)),
                (0x80, 0x8B) => (3, Kind::Dropped),
                _ => (3, Kind::Plain),
            },
            0xE3 if at(i + 1) == 0x80 && at(i + 2) == 0x80 => (3, Kind::Space(true)),
            0xEF => match (at(i + 1), at(i + 2)) {
                (0xBB, 0xBF) => (3, Kind::Dropped),
                (0xBC, c @ 0x81..=0xBF) => (3, Kind::Folded(c - 0x80 + 0x20)),
                (0xBD, c @ 0x80..=0x9E) => (3, Kind::Folded(c - 0x80 + 0x60)),
                _ => (3, Kind::Plain),
            },
            0xE0..=0xEF => (3, Kind::Plain),
            _ => (4, Kind::Plain),
        };
        if !matches!(kind, Kind::Space(true)) && spaces > 0 {
            runs += u32::from(spaces >= 2);
            if runs >= 2 {
                return false;
            }
            spaces = 0;
        }
        match kind {
            Kind::Plain => {
                if let Some(s) = space.take() {
                    let prev = out.text.chars().next_back();
                    let c = line.get(i..).and_then(|r| r.chars().next());
                    if let (Some(prev), Some(c)) = (prev, c) {
                        if !(is_cjk(prev) && is_cjk(c)) {
                            out.push(' ', base + s);
                        }
                    }
                }
                i += len;
                // The plain characters after it, quickly.
                while let Some(&c) = b.get(i) {
                    let n = PLAIN_LEN[usize::from(c)];
                    if n == 0 {
                        break;
                    }
                    i += usize::from(n);
                }
                continue;
            }
            Kind::Dropped => {}
            Kind::Space(like) => {
                spaces += u32::from(like);
                space = space.or(Some(i));
            }
            Kind::Folded(a) => {
                out.push_run(line, plain..i, base);
                let c = char::from(a);
                if let (Some(s), Some(prev)) = (space.take(), out.text.chars().next_back()) {
                    if !(is_cjk(prev) && is_cjk(c)) {
                        out.push(' ', base + s);
                    }
                }
                out.push(c, base + i);
                i += len;
                plain = i;
                continue;
            }
        }
        out.push_run(line, plain..i, base);
        i += len;
        plain = i;
    }
    out.push_run(line, plain..b.len(), base);
    true
}

/// Cleans one line: folds, drops spaces next to Chinese text, collapses others, trims.
fn clean_line(line: &str, base: usize) -> Para {
    let mut out = Para::with_capacity(line.len());
    if clean_plain(line, base, &mut out) {
        return out;
    }
    out.text.clear();
    out.map.clear();
    // Cells apart by runs of spaces (`新增就业  3万人  3.2万人`) are apart by tabs.
    let spaced;
    let line = if is_cell_row(line) && !crate::find::has_byte(line.trim(), b'\t') {
        spaced = cells_by_spaces(line);
        spaced.as_str()
    } else {
        line
    };
    let chars = line
        .char_indices()
        .map(|(i, c)| (c, base + i))
        .filter(|(c, _)| *c != '\r' && *c != '\u{FEFF}' && *c != '\u{200B}');
    // Only a line with a tab (table cells) or a toned letter (pinyin) needs the passes over its
    // characters before folding; any other line is folded and collapsed as it is read.
    if crate::find::has_byte(line, b'\t') || line.contains(is_toned) {
        fold_and_collapse(drop_pinyin(cells(chars.collect())), &mut out);
    } else {
        fold_and_collapse(chars, &mut out);
    }
    out
}

/// Appends `chars` to `out` with full-width forms folded, the whitespace between two Chinese
/// characters dropped and any other run of whitespace made one space (at the offset of the
/// run's first character), none at either end.
fn fold_and_collapse(chars: impl IntoIterator<Item = (char, usize)>, out: &mut Para) {
    // The offset of the first whitespace character since the last other character.
    let mut space: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (c, at) in chars {
        let c = fold(c);
        if c.is_whitespace() {
            space = space.or(Some(at));
            continue;
        }
        if let (Some(space), Some(prev)) = (space.take(), prev) {
            if !(is_cjk(prev) && is_cjk(c)) {
                out.push(' ', space);
            }
        }
        out.push(c, at);
        prev = Some(c);
    }
}

/// Characters that end a sentence or a clause-final bracket: a line ending in one is complete.
fn ends_complete(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '?' | ';' | ':' | '”' | '’' | '」' | '』' | ')' | '…' | '》' | '.' | '*'
    )
}

/// The first `n` characters of `text` (all of it when shorter).
fn prefix(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// Whether `text` holds more than `n` characters.
fn longer_than(text: &str, n: usize) -> bool {
    !chars_at_most(text, n)
}

/// Whether `text` holds at most `n` characters (`text.chars().count() <= n`), told by its length
/// when that is enough (a character is one to four bytes).
pub(crate) fn chars_at_most(text: &str, n: usize) -> bool {
    if text.len() <= n {
        return true;
    }
    if text.len() / 4 > n {
        return false;
    }
    text.bytes().filter(|&b| b & 0xC0 != 0x80).count() <= n
}

/// Whether a line starts like a list item or a heading (`1.`, `(一)`, `一、`, `①`, `第…`).
fn starts_like_marker(text: &str) -> bool {
    if !text.starts_with(super::marker::may_open) {
        return false;
    }
    let text = prefix(text, 8);
    super::marker::parse(text).is_some() || text.starts_with('第')
}

/// Whether a line is a short title: no clause punctuation at all.
pub fn is_title_like(text: &str) -> bool {
    chars_at_most(text, 40)
        && !text
            .chars()
            .any(|c| matches!(c, '。' | ',' | ';' | '!' | '?' | '、' | '“' | '”'))
}

/// Whether two lines are rows of one Word, HTML or Markdown table (cells joined by `;`): the same
/// number of cells, at least three, and no sentence end.
fn same_cells(a: &str, b: &str) -> bool {
    let cells = |l: &str| memchr::memchr_iter(b';', l.as_bytes()).count();
    let n = cells(b);
    n >= 2 && n == cells(a) && !a.contains('。') && !b.contains('。')
}

/// Whether line `a` was cut mid-sentence and line `b` continues it; `page_break` when page
/// furniture stood between them.
fn continues(a: &str, b: &str, page_break: bool) -> bool {
    let Some(last) = a.chars().next_back() else {
        return false;
    };
    // Rows of one table are never joined: a row of cells ends at its line.
    if same_cells(a, b) {
        return false;
    }
    if starts_like_marker(b) {
        return false;
    }
    // A parenthesis left open (`（牵头单位：` / `县卫健局）。`) is closed on the next line.
    let depth = || {
        a.bytes().fold(0i32, |d, c| match c {
            b'(' => d + 1,
            b')' => d - 1,
            _ => d,
        })
    };
    if last != ')' && b.contains(')') && depth() > 0 {
        return true;
    }
    if ends_complete(last) {
        return false;
    }

    // A numbered item hard-wrapped over two lines (`1. 新建幼儿园20所,新增学位` / `5000个…`).
    // These marker styles fit in the first 16 characters; `a` may be a long paragraph already.
    let head = super::marker::parse(prefix(a, 16));
    let item_line = head.as_ref().is_some_and(|m| {
        matches!(
            m.style,
            super::marker::Style::Arabic
                | super::marker::Style::ArabicParen
                | super::marker::Style::Circled
                | super::marker::Style::Bullet
                | super::marker::Style::Shi
                | super::marker::Style::Ordinal
        )
    });
    // `a` after its marker (the marker's punctuation does not make a heading prose).
    let marker_chars = head.map_or(0, |m| m.label.chars().count());
    let rest = &a[prefix(a, marker_chars).len()..];
    // A wrapped item's second line may be short (`●新建…中心70个、农村老年` / `人互助中心30个`):
    // it continues when it states a figure after words, as no heading line does.
    let figure_after_words = || {
        let first_digit = b.find(|c: char| c.is_ascii_digit());
        first_digit.is_some_and(|i| i > 0) && !b.contains(['件', '项'])
    };
    // A short heading line of an item (`01.发展普惠性学前教育`), its content below: not cut.
    let heading_only = !longer_than(rest, 20)
        && !rest
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, ',' | '。' | ';' | '、'));
    let b_figure_first = b.starts_with(|c: char| c.is_ascii_digit());
    if item_line
        && (!heading_only || page_break || b_figure_first)
        && longer_than(a, 5)
        && (b_figure_first || !is_title_like(b) || figure_after_words())
    {
        return true;
    }
    // Prose (a line with clause punctuation, or a long one) cut mid-sentence; a short line
    // without punctuation is a title.
    let prose = longer_than(a, 40)
        || rest.contains(',')
        || rest.contains('。')
        || rest.contains('、')
        || rest.contains(';');
    if !prose {
        return false;
    }
    !is_title_like(b) || b.ends_with('。') || !longer_than(b, 2) && b.chars().all(is_cjk)
}

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Every character OpenCC's t2s conversion can change (generated by
/// `scripts/gen_t2s_chars.py` from OpenCC's TSCharacters and TSPhrases), as a bitset over the
/// Basic Multilingual Plane, and the others sorted.
static T2S_CHARS: LazyLock<(Box<[u64; 1024]>, Vec<char>)> = LazyLock::new(|| {
    let mut bmp = Box::new([0u64; 1024]);
    let mut astral = Vec::new();
    for c in include_str!("t2s_chars.txt").trim().chars() {
        let n = c as usize;
        match bmp.get_mut(n / 64) {
            Some(word) => *word |= 1 << (n % 64),
            None => astral.push(c),
        }
    }
    astral.sort_unstable();
    (bmp, astral)
});

/// The phrases of OpenCC's TSPhrases that change a text holding no character TSCharacters
/// changes (`t2s_phrases.txt`, checked against the dictionaries by a test). The listed
/// characters (in `t2s_chars.txt`) they hold are changed by these phrases only (`覆` of `答覆`,
/// not of `覆盖`): each such character with its byte offset in a phrase and the phrase, sorted
/// by character.
static T2S_PHRASES: LazyLock<Vec<(char, usize, &'static str)>> = LazyLock::new(|| {
    let mut out: Vec<(char, usize, &str)> = include_str!("t2s_phrases.txt")
        .lines()
        .flat_map(|p| p.char_indices().map(move |(i, c)| (c, i, p)))
        .filter(|&(c, _, _)| listed_in(&c.to_string(), |_, _| true))
        .collect();
    out.sort_unstable();
    out
});

/// Calls `found` on each character of `text` listed in `t2s_chars.txt`, with its byte offset,
/// until it returns `true`: whether it did.
fn listed_in(text: &str, mut found: impl FnMut(usize, char) -> bool) -> bool {
    let (bmp, astral) = &*T2S_CHARS;
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&b0) = b.get(i) {
        // Characters below U+3400 are one to three bytes led by less than 0xE3; above
        // U+FFFF, four bytes.
        match b0 {
            0..=0xE2 => i += 1,
            0xE3..=0xEF => {
                let Some(&[b1, b2]) = b.get(i + 1..i + 3) else {
                    break;
                };
                // The character's word in the bitset is its bits 6 and up, its bit the rest.
                let word = usize::from(b0 & 0x0F) << 6 | usize::from(b1 & 0x3F);
                if bmp[word & 1023] >> (b2 & 0x3F) & 1 != 0 {
                    let n = u32::from(b0 & 0x0F) << 12
                        | u32::from(b1 & 0x3F) << 6
                        | u32::from(b2 & 0x3F);
                    if n >= 0x3400 && char::from_u32(n).is_some_and(|c| found(i, c)) {
                        return true;
                    }
                }
                i += 3;
            }
            _ => {
                let c = text.get(i..).and_then(|r| r.chars().next());
                if c.is_some_and(|c| astral.binary_search(&c).is_ok() && found(i, c)) {
                    return true;
                }
                i += 4;
            }
        }
    }
    false
}

/// Whether t2s conversion may change `text`: it holds a character TSCharacters changes, or one
/// of the phrases that change the others. Most simplified text holds none, and is neither
/// converted nor makes hedui build the converter.
fn may_be_traditional(text: &str) -> bool {
    let phrases = &*T2S_PHRASES;
    listed_in(text, |i, c| {
        let from = phrases.partition_point(|p| p.0 < c);
        let to = phrases.partition_point(|p| p.0 <= c);
        // A character no phrase holds may be changed on its own; one the phrases hold, only
        // by a phrase around it.
        from == to
            || phrases[from..to].iter().any(|&(_, o, p)| {
                i.checked_sub(o)
                    .and_then(|start| text.get(start..))
                    .is_some_and(|t| t.starts_with(p))
            })
    })
}

/// Clause punctuation, which no key of OpenCC's t2s dictionaries holds (`scripts/gen_t2s_chars.py`
/// checks): the converter matches keys forward from each position, so no match spans one of
/// these and a text converts clause by clause exactly as it converts whole.
fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '。' | '，' | '；' | '：' | '！' | '？' | '、' | ',' | ';' | ':' | '!' | '?'
    )
}

/// Converts traditional characters to simplified, one for one, keeping the offsets. Only the
/// clauses that hold a character the conversion may change are converted, each on its own; a
/// clause whose conversion changes its length (in characters) is left as it is.
fn to_simplified(para: &mut Para) {
    if !may_be_traditional(&para.text) {
        return;
    }
    let Some(cc) = T2S.as_ref() else { return };
    let mut out = Para::with_capacity(para.text.len());
    let mut at = 0;
    // Each clause with the mark that ends it (the last may have none).
    for piece in para.text.split_inclusive(is_clause_mark) {
        let clause = piece.strip_suffix(is_clause_mark).unwrap_or(piece);
        let converted = Some(clause)
            .filter(|c| may_be_traditional(c))
            .map(|c| cc.convert(c))
            .filter(|s| s.chars().count() == clause.chars().count());
        match converted {
            Some(s) => {
                for ((i, _), c) in clause.char_indices().zip(s.chars()) {
                    out.push(c, para.map[at + i] as usize);
                }
                out.push_part(para, at + clause.len()..at + piece.len());
            }
            None => out.push_part(para, at..at + piece.len()),
        }
        at += piece.len();
    }
    *para = out;
}

/// Splits `text` into repaired paragraphs. Each non-blank line is a paragraph unless it
/// continues the previous one (a sentence cut by a page break).
pub fn paragraphs(text: &str) -> Vec<Para> {
    let mut lines: Vec<Para> = Vec::new();
    let mut base = 0;
    // Cells of a table written one cell per line (`1 |`, `新增托位400个。 |`), and whether
    // the row being collected has begun (the header's cells come before the first serial).
    let mut row: Vec<Para> = Vec::new();
    // A table row is complete: the line after it never continues it.
    let mut sealed = usize::MAX;
    let mut after_page_number = false;
    let mut dropped_before = false;
    let mut titles: std::collections::HashSet<String> = std::collections::HashSet::new();
    let bare = bare_cells(text);
    for (n, raw) in crate::find::lines(text).enumerate() {
        let line = clean_line(raw, base);
        let tab_row = crate::find::has_byte(raw, b'\t') && crate::find::has_byte(raw.trim(), b'\t');
        base += raw.len() + 1;
        if line.text.is_empty() {
            continue;
        }
        let bare_cell = if bare.is_empty() {
            None
        } else {
            bare.get(&n).copied()
        };
        let cell = cell_line(&line).or_else(|| bare_cell.map(|_| line.clone()));
        if let Some(cell) = cell {
            // A bare cell opens a row where the table's shape says so (a figure may be a bare
            // number too).
            let serial = bare_cell.unwrap_or_else(|| {
                !cell.text.is_empty() && cell.text.bytes().all(|b| b.is_ascii_digit())
            });
            if serial && !row.is_empty() {
                lines.push(join_cells(std::mem::take(&mut row)));
                sealed = lines.len() - 1;
            }
            row.push(cell);
            continue;
        }
        if !row.is_empty() {
            lines.push(join_cells(std::mem::take(&mut row)));
            sealed = lines.len() - 1;
        }
        // Page furniture (a page number, a running head, `（下转第三版）`) is dropped, so the
        // paragraph it interrupts is joined again.
        // Furniture and running heads are short lines (40 characters at most): longer lines
        // are neither checked nor remembered.
        if !longer_than(&line.text, 40) {
            let text = line.text.as_str();
            // A short title under a dropped page number that repeats an earlier line is the
            // page's running head (`— 4 —` / `政府工作报告`).
            let short_title = !longer_than(text, 20) && is_title_like(text);
            let head_under = after_page_number && short_title && titles.contains(text);
            let page_number = super::furniture::is_page_number(text);
            after_page_number = page_number;
            if page_number || is_other_furniture(text) || head_under {
                dropped_before = true;
                continue;
            }
            if short_title {
                titles.insert(text.to_string());
            }
        } else {
            after_page_number = false;
        }
        let last = lines.len().wrapping_sub(1);
        let dropped = std::mem::take(&mut dropped_before);
        // A row whose first cells are empty continues the row above (its content split over
        // two rows of the table).
        let data_row_above = lines
            .last()
            .is_some_and(|l| l.text.starts_with(|c: char| c.is_ascii_digit()));
        if raw.starts_with('\t') && last == sealed && last != usize::MAX && data_row_above {
            if let (Some(prev), Some(at)) = (lines.last_mut(), line.first_origin()) {
                prev.push(';', at);
                prev.push_part(&line, 0..line.text.len());
                continue;
            }
        }
        match lines.last_mut() {
            Some(prev)
                if last != sealed && !tab_row && continues(&prev.text, &line.text, dropped) =>
            {
                prev.push_part(&line, 0..line.text.len())
            }
            _ => lines.push(line),
        }
        if tab_row {
            sealed = lines.len() - 1;
        }
    }
    if !row.is_empty() {
        lines.push(join_cells(row));
    }
    for line in &mut lines {
        to_simplified(line);
    }
    lines
}

/// Furniture that interrupts text: page numbers, running heads, page-continuation marks and
/// newspaper credit lines (`责任编辑：…`). A news agency's `本报讯` opens a paragraph and stays.
#[cfg(test)]
fn is_page_furniture(text: &str) -> bool {
    super::furniture::is_page_number(text) || is_other_furniture(text)
}

/// Page furniture other than a page number.
fn is_other_furniture(text: &str) -> bool {
    use super::furniture;
    let credit = chars_at_most(text, 40)
        && [
            "责任编辑",
            "美术编辑",
            "版式设计",
            "校对:",
            "校对：",
            "本版编辑",
        ]
        .iter()
        .any(|w| text.starts_with(w));
    credit
        || furniture::is_running_head(text)
        || furniture::is_continuation_mark(text) && !text.starts_with("本报讯")
}

/// Whether a raw line is a category row of a table (`一、经济发展`, `（二）民生福祉`): short, a
/// Chinese heading marker, no figure.
fn is_category_line(t: &str) -> bool {
    chars_at_most(t, 30)
        && !t.contains(|c: char| c.is_ascii_digit())
        && super::marker::parse(t).is_some_and(|m| {
            matches!(
                m.style,
                super::marker::Style::Chinese | super::marker::Style::ChineseParen
            )
        })
}

/// The raw lines (by index) that are cells of a table written one cell per line with nothing to
/// mark the cells, as some PDF viewers copy it: a `序号` line and the header cells under it (one
/// per column), then rows that each open with a serial number followed by one line per other
/// column, with category rows (`一、经济发展`) on their own lines between them. They are read
/// as the cells ending with `|` are. Each is mapped to whether it opens a row.
fn bare_cells(text: &str) -> std::collections::HashMap<usize, bool> {
    static SERIAL: crate::find::Word = crate::find::Word::new("序号");
    let mut out = std::collections::HashMap::new();
    if SERIAL.find(text).is_none() {
        return out;
    }
    // Non-empty raw lines, trimmed, with their index.
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let serial = |t: &str| (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    let mut i = 0;
    while i < lines.len() {
        if lines[i].1 != "序号" {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < lines.len()
            && !is_category_line(lines[j].1)
            && super::table::header_like(lines[j].1)
        {
            j += 1;
        }
        let ncols = j - i;
        let mut marked: Vec<(usize, bool)> = (i..j).map(|k| (k, k == i)).collect();
        let mut rows = 0;
        while ncols >= 3 && j < lines.len() {
            let t = lines[j].1;
            if is_category_line(t) {
                j += 1;
                continue;
            }
            let cells_ok = j + ncols <= lines.len()
                && lines[j + 1..j + ncols]
                    .iter()
                    .all(|(_, c)| chars_at_most(c, 40) && !c.contains('\t') && !c.ends_with('。'));
            if !serial(t) || !cells_ok {
                break;
            }
            marked.extend((j..j + ncols).map(|k| (k, k == j)));
            rows += 1;
            j += ncols;
        }
        if rows >= 2 {
            out.extend(marked.into_iter().map(|(k, opens)| (lines[k].0, opens)));
        }
        i = j.max(i + 1);
    }
    out
}

/// The cell of a line that is one table cell ending with `|` (`新增学位2700个。 |`).
fn cell_line(line: &Para) -> Option<Para> {
    let rest = line.text.strip_suffix('|')?;
    if rest.contains('|') {
        return None;
    }
    line.slice(0..rest.trim_end().len())
}

/// One row of cells as one line: the serial first cell kept as the item number, the others
/// joined by `;` (at the offset of the `|` that ended the cell before).
fn join_cells(cells: Vec<Para>) -> Para {
    let mut out = Para::default();
    for cell in cells.iter().filter(|c| !c.text.is_empty()) {
        if let Some(at) = out.last_origin() {
            let serial = out.text.bytes().all(|b| b.is_ascii_digit());
            out.push(if serial { ' ' } else { ';' }, at);
        }
        out.push_part(cell, 0..cell.text.len());
    }
    out
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(s: &str) -> Vec<String> {
        paragraphs(s).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn rejoins_words_split_by_page_breaks() {
        let s = "开展过敏性鼻炎综合防治。组织乌兰牧骑下基层演出1万场次以\n\n上。实现350项政务服务事项。\n";
        assert_eq!(
            texts(s),
            vec!["开展过敏性鼻炎综合防治。组织乌兰牧骑下基层演出1万场次以上。实现350项政务服务事项。"]
        );
        // A hard-wrapped item is one paragraph.
        assert_eq!(
            texts("1. 新建幼儿园20所,新增学位\n5000个(牵头单位:市教育局)。\n2. 新建公园3个。"),
            vec![
                "1. 新建幼儿园20所,新增学位5000个(牵头单位:市教育局)。",
                "2. 新建公园3个。"
            ]
        );
        // A title is not joined to the paragraph after it.
        assert_eq!(
            texts("乌海:绿色转型发展探路\n\n立足服务本地,辐射周边。").len(),
            2
        );
    }

    #[test]
    fn a_heading_is_not_joined_to_the_paragraph_after_it() {
        assert_eq!(
            texts("一、2023年工作回顾\n\n过去一年,全市地区生产总值增长5.2%。"),
            vec!["一、2023年工作回顾", "过去一年,全市地区生产总值增长5.2%。"]
        );
        // A heading whose own words hold a comma is prose cut by a page break.
        assert_eq!(texts("一、坚持创新驱动,推动产业\n升级。").len(), 1);
    }

    #[test]
    fn table_rows_pasted_as_text_keep_their_cells() {
        // A row whose first cells are empty continues the row above.
        assert_eq!(
            texts("序号\t项目名称\t牵头单位\n1\t新建幼儿园3所\t县教育局\n\t\t新增学位360个\n2\t改造小区\t县住建局"),
            vec![
                "序号;项目名称;牵头单位",
                "1. 新建幼儿园3所;县教育局;新增学位360个",
                "2. 改造小区;县住建局"
            ]
        );
        // An indented line outside a table is a line.
        assert_eq!(
            texts("正文。\n\t缩进的一行。"),
            vec!["正文。", "缩进的一行。"]
        );
    }

    #[test]
    fn one_cell_per_line_tables_become_rows() {
        let got = texts("序号 |\n项目 |\n单位 |\n1 |\n新增托位400个。 |\n县教育局 |\n2 |\n新建学校3所。 |\n县住建局 |\n正文。");
        assert_eq!(
            got,
            vec![
                "序号;项目;单位",
                "1 新增托位400个。;县教育局",
                "2 新建学校3所。;县住建局",
                "正文。"
            ]
        );
    }

    #[test]
    fn one_cell_per_line_tables_without_bars_become_rows() {
        let got = texts(
            "附件\n主要指标\n序号\n指标\n单位\n2025年计划\n一、经济发展\n1\n地区生产总值增长\n%\n6左右\n\
             2\n城镇新增就业\n万人\n\n1.2\n二、民生福祉\n3\n居民收入增长\n%\n6\n正文又开始了。\n",
        );
        assert_eq!(
            got,
            vec![
                "附件",
                "主要指标",
                "序号;指标;单位;2025年计划",
                "一、经济发展",
                "1 地区生产总值增长;%;6左右",
                "2 城镇新增就业;万人;1.2",
                "二、民生福祉",
                "3 居民收入增长;%;6",
                "正文又开始了。"
            ]
        );
        // A 序号 line with no rows of as many cells under it stays as it is.
        let got = texts("序号\n指标\n单位\n1\n地区生产总值增长\n");
        assert!(got.iter().all(|t| !t.contains(';')), "{got:?}");
    }

    #[test]
    fn page_furniture_is_dropped_and_the_paragraph_rejoined() {
        assert_eq!(
            texts("6. 新建社区嵌入式养老服务\n(下转A03版)\n\n海口日报 2023年1月16日 星期一 A03 要闻\n责任编辑:陈晓\n(上接A02版)\n中心10个。"),
            vec!["6. 新建社区嵌入式养老服务中心10个。"]
        );
        assert_eq!(
            texts("6. 改造老旧小\n— 4 —\n区136个。"),
            vec!["6. 改造老旧小区136个。"]
        );
    }

    #[test]
    fn drops_pinyin_left_by_a_converter() {
        assert_eq!(
            texts("十件民生實(shí)事，投資9530萬(wàn)元(含2020年)"),
            vec!["十件民生实事,投资9530万元(含2020年)"]
        );
    }

    #[test]
    fn keeps_headings_and_items_apart() {
        let s = "一、促进群众就业增收7件\n\n1. 实施帮扶行动,确保就业率达到90%以上\n2. 招募7500名项目人员。\n乌海日报\n";
        assert_eq!(texts(s).len(), 4);
    }

    #[test]
    fn removes_stray_spaces_and_folds_full_width() {
        assert_eq!(
            texts("全面打造15分钟医便民服 务圈，新增１２个 and more"),
            vec!["全面打造15分钟医便民服务圈,新增12个 and more"]
        );
        assert_eq!(texts("18. 优化基本公共服务"), vec!["18. 优化基本公共服务"]);
    }

    #[test]
    fn maps_back_to_source_offsets() {
        let s = "ab\n\n打造 服务圈";
        let p = &paragraphs(s)[1];
        let at = p.text.find('服').unwrap();
        assert_eq!(&s[p.origin(at)..p.origin(at) + 3], "服");
    }

    #[test]
    fn converts_traditional() {
        assert_eq!(texts("實施一批工程項目"), vec!["实施一批工程项目"]);
        // Changed only by a phrase (`瞭` alone stays): still converted.
        assert_eq!(texts("瞭解民生需求"), vec!["了解民生需求"]);
    }

    /// Converting clause by clause gives what converting a whole line gives.
    #[test]
    fn clause_by_clause_equals_whole() {
        let Some(cc) = T2S.as_ref() else { return };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut lines: Vec<String> = vec![
            "實施一批工程項目，瞭解民生需求；覆蓋全區：發展壯大。".into(),
            "後來，乾隆年間的麵包、髮型與頭髮！".into(),
        ];
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            lines.extend(
                text.lines()
                    .map(|l| l.chars().map(fold).collect::<String>()),
            );
        }
        let mut converted = 0;
        for line in &lines {
            let whole = cc.convert(line);
            let mut para = Para {
                text: line.clone(),
                map: vec![0; line.len()],
            };
            to_simplified(&mut para);
            let by_clause = para.text;
            if whole.chars().count() == line.chars().count() {
                assert_eq!(by_clause, whole, "{line}");
            }
            converted += usize::from(by_clause != *line);
        }
        assert!(converted >= 2, "{converted}");
    }

    /// Text without any listed character is exactly what the converter would return.
    #[test]
    fn skipped_text_converts_to_itself() {
        let Some(cc) = T2S.as_ref() else { return };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for line in text.lines() {
                if !may_be_traditional(line) {
                    assert_eq!(cc.convert(line), line, "{}", path.display());
                }
            }
        }
    }

    /// The byte scan of `listed_in` finds every listed character, and no other.
    #[test]
    fn listed_in_reads_every_character() {
        let (bmp, astral) = &*T2S_CHARS;
        let listed = |c: char| {
            let n = c as usize;
            n >= 0x3400
                && match bmp.get(n / 64) {
                    Some(word) => word & (1 << (n % 64)) != 0,
                    None => astral.binary_search(&c).is_ok(),
                }
        };
        let mut found = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}·");
            assert_eq!(listed_in(&text, |_, _| true), listed(c), "{c:?}");
            found += usize::from(listed(c));
        }
        assert!(found > 1000, "{found}");
    }

    /// `t2s_phrases.txt` is every TSPhrases entry that changes its key and holds no character
    /// TSCharacters changes (as `scripts/gen_t2s_chars.py` reads the dictionaries), when the
    /// dictionaries of the ferrous-opencc crate are at hand.
    #[test]
    fn t2s_phrases_are_the_dictionary_s() {
        let home = std::env::var_os("CARGO_HOME")
            .map(std::path::PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")));
        let Some(registry) = home.map(|h| h.join("registry").join("src")) else {
            return;
        };
        let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&registry)
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|index| {
                std::fs::read_dir(index.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("ferrous-opencc-0.4."))
            })
            .map(|p| p.join("assets").join("dictionaries"))
            .filter(|d| d.join("TSPhrases.txt").exists())
            .collect();
        dirs.sort();
        let Some(dir) = dirs.last() else {
            eprintln!("ferrous-opencc dictionaries not found: t2s_phrases.txt not checked");
            return;
        };
        let entries = |name: &str| -> Vec<(String, String)> {
            std::fs::read_to_string(dir.join(name))
                .unwrap()
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .map(|(k, v)| (k.to_string(), v.split(' ').next().unwrap().to_string()))
                .collect()
        };
        let changed: std::collections::HashSet<char> = entries("TSCharacters.txt")
            .into_iter()
            .filter(|(k, v)| k != v)
            .flat_map(|(k, _)| k.chars().collect::<Vec<_>>())
            .collect();
        let mut want: Vec<String> = entries("TSPhrases.txt")
            .into_iter()
            .filter(|(k, v)| k != v && !k.chars().any(|c| changed.contains(&c)))
            .map(|(k, _)| k)
            .collect();
        want.sort();
        let want = want.join("\n") + "\n";
        assert_eq!(include_str!("t2s_phrases.txt"), want);
    }

    /// A phrase-only character converts alone to itself, each phrase to something else, and a
    /// text holding such a character but none of the phrases is not converted.
    #[test]
    fn phrase_only_characters() {
        let only: Vec<char> = T2S_PHRASES.iter().map(|p| p.0).collect();
        assert!(only.contains(&'覆'), "{only:?}");
        assert!(!may_be_traditional("实现全覆盖,覆盖率提高"));
        assert!(may_be_traditional("及时答覆群众"));
        assert!(may_be_traditional("覆盖項目"));
        let Some(cc) = T2S.as_ref() else { return };
        for c in &only {
            assert_eq!(cc.convert(&c.to_string()), c.to_string());
        }
        for p in include_str!("t2s_phrases.txt").lines() {
            assert_ne!(cc.convert(p), *p);
            assert!(may_be_traditional(p), "{p}");
            assert!(may_be_traditional(&format!("覆盖{p}。")), "{p}");
        }
        assert_eq!(
            texts("及时答覆群众,实现全覆盖"),
            ["及时答复群众,实现全覆盖"]
        );
    }

    /// The paragraphs as text with the source offset of every byte.
    fn dump(paras: &[Para]) -> Vec<(String, Vec<u32>)> {
        paras
            .iter()
            .map(|p| (p.text.clone(), p.map.clone()))
            .collect()
    }

    /// Over the corpus, the repair gives what the reference (the repair before it read lines as
    /// text) gives, offsets included.
    #[test]
    fn corpus_repairs_as_the_reference_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = 0;
        for dir in [dir.clone(), dir.join("layouts")] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "txt") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                assert_eq!(
                    dump(&paragraphs(&text)),
                    dump(&reference::paragraphs(&text)),
                    "{}",
                    path.display()
                );
                files += 1;
            }
        }
        assert!(files >= 10, "{files}");
    }

    /// Pieces of lines the repair treats specially: table cells, furniture, markers, pinyin,
    /// traditional characters, full-width forms, stray spaces.
    const PIECES: &[&str] = &[
        "新建幼儿园",
        "20所",
        "。",
        ",",
        "，",
        "；",
        ";",
        "、",
        ":",
        "：",
        "(",
        ")",
        "（",
        "）",
        " ",
        "  ",
        "\u{3000}",
        "\u{a0}",
        "\t",
        "\n",
        "\n\n",
        "\r",
        "\u{feff}",
        "|",
        " |",
        "1",
        "12",
        "1. ",
        "2、",
        "(一)",
        "一、",
        "二是",
        "①",
        "●",
        "第3页",
        "— 4 —",
        "政府工作报告",
        "(下转A03版)",
        "责任编辑:陈晓",
        "乌海日报 2023年1月16日 星期一",
        "實(shí)事",
        "萬(wàn)",
        "瞭解",
        "項目",
        "１５",
        "序号",
        "指标",
        "单位",
        "2025年计划",
        "一、经济发展",
        "%",
        "牵头单位:市教育局",
        "以上",
        "a",
        "abc",
        "件",
        "项",
        // Other whitespace, dropped and special characters the byte scan tells apart.
        "\u{2002}",
        "\u{200a}",
        "\u{200b}",
        "\u{200c}",
        "\u{2028}",
        "\u{202f}",
        "\u{205f}",
        "\u{1680}",
        "\u{85}",
        "\u{b}",
        "\u{c}",
        "·",
        "—",
        "“",
        "”",
        "é",
        "ǜ",
        "ÿ",
        "ȁ",
        "！",
        "～",
        "｀",
        "｟",
        "＿",
        "\u{ff00}",
        "𠀀",
        "\u{3001}",
        "  新增就业  3万人  3.2万人",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// `chars_at_most` counts as `chars().count()` does.
        #[test]
        fn chars_at_most_counts(
            picks in proptest::collection::vec(0..PIECES.len(), 0..30),
            n in 0usize..120,
        ) {
            let text: String = picks.iter().map(|&k| PIECES[k]).collect();
            prop_assert_eq!(chars_at_most(&text, n), text.chars().count() <= n);
        }

        /// Any text of those pieces is repaired as the reference repairs it.
        #[test]
        fn repairs_as_the_reference_does(
            picks in proptest::collection::vec(0..PIECES.len(), 0..60)
        ) {
            let text: String = picks.iter().map(|&k| PIECES[k]).collect();
            prop_assert_eq!(dump(&paragraphs(&text)), dump(&reference::paragraphs(&text)));
        }
    }
}

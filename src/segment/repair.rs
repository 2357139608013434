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
    fn from_chars(chars: &[(char, usize)]) -> Para {
        let mut text = String::with_capacity(chars.len() * 3);
        let mut map = Vec::with_capacity(chars.len() * 3);
        for &(c, at) in chars {
            text.push(c);
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            map.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
        Para { text, map }
    }

    /// The part of the paragraph in `range` (byte offsets of `text`, on char boundaries), with
    /// its map: a list written in one paragraph becomes one paragraph per item.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Option<Para> {
        Some(Para {
            text: self.text.get(range.clone())?.to_string(),
            map: self.map.get(range)?.to_vec(),
        })
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

/// Whether a raw line is a table row whose cells are apart by tabs or by runs of spaces: a tab
/// between two cells, or at least two runs of two or more spaces between text.
fn is_cell_row(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    if t.contains('\t') {
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

/// Cleans one line: folds, drops spaces next to Chinese text, collapses others, trims. In a
/// table row (see [`is_cell_row`]) the gaps between cells become one tab each, so the cells
/// stay apart (`segment::table`).
fn clean_line(line: &str, base: usize) -> Vec<(char, usize)> {
    let cell_row = is_cell_row(line);
    let chars: Vec<(char, usize)> = line
        .char_indices()
        .map(|(i, c)| (if c == '\t' { c } else { fold(c) }, base + i))
        .filter(|(c, _)| *c != '\r' && *c != '\u{FEFF}' && *c != '\u{200B}')
        .collect();
    let mut out: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].0.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].0.is_whitespace() {
                i += 1;
            }
            let prev = out.last().map(|p| p.0);
            let next = chars.get(i).map(|p| p.0);
            let gap = &chars[start..i];
            if cell_row && (gap.len() >= 2 || gap.iter().any(|c| c.0 == '\t')) {
                // Empty cells between tabs are kept as empty cells; leading ones are dropped.
                if prev.is_some() && next.is_some() {
                    let tabs = gap.iter().filter(|c| c.0 == '\t').count().max(1);
                    out.extend(std::iter::repeat_n(('\t', chars[start].1), tabs));
                }
                continue;
            }
            let keep = match (prev, next) {
                (Some(p), Some(n)) => !(is_cjk(p) && is_cjk(n)),
                _ => false,
            };
            if keep {
                out.push((' ', chars[start].1));
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Characters that end a sentence or a clause-final bracket: a line ending in one is complete.
fn ends_complete(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '?' | ';' | ':' | '”' | '’' | '」' | '』' | ')' | '…' | '》' | '.' | '*'
    )
}

/// Whether a line starts like a list item or a heading (`1.`, `(一)`, `一、`, `①`, `第…`).
fn starts_like_marker(chars: &[(char, usize)]) -> bool {
    let text: String = chars.iter().take(8).map(|c| c.0).collect();
    super::marker::parse(&text).is_some() || text.starts_with('第')
}

/// Whether a line is a short title: no clause punctuation at all.
pub fn is_title_like(text: &str) -> bool {
    text.chars().count() <= 40
        && !text
            .chars()
            .any(|c| matches!(c, '。' | ',' | ';' | '!' | '?' | '、' | '“' | '”'))
}

/// Whether two lines are rows of one Word, HTML or Markdown table (cells joined by `;`): the same
/// number of cells, at least three, and no sentence end.
fn same_cells(a: &[(char, usize)], b: &[(char, usize)]) -> bool {
    let cells = |l: &[(char, usize)]| l.iter().filter(|c| c.0 == ';').count();
    let prose = |l: &[(char, usize)]| l.iter().any(|c| c.0 == '。');
    cells(a) >= 2 && cells(a) == cells(b) && !prose(a) && !prose(b)
}

/// Whether line `a` was cut mid-sentence and line `b` continues it.
fn continues(a: &[(char, usize)], b: &[(char, usize)]) -> bool {
    let Some(&(last, _)) = a.last() else {
        return false;
    };
    // Table rows are never joined: a row of cells ends at its line.
    if [a, b].iter().any(|l| l.iter().any(|c| c.0 == '\t')) || same_cells(a, b) {
        return false;
    }
    if ends_complete(last) {
        return false;
    }
    let b_text: String = b.iter().map(|c| c.0).collect();
    if starts_like_marker(b) {
        return false;
    }
    // A numbered item hard-wrapped over two lines (`1. 新建幼儿园20所,新增学位` / `5000个…`).
    // These marker styles fit in the first 16 characters; `a` may be a long paragraph already.
    let head: String = a.iter().take(16).map(|c| c.0).collect();
    let item_line = super::marker::parse(&head).is_some_and(|m| {
        matches!(
            m.style,
            super::marker::Style::Arabic
                | super::marker::Style::ArabicParen
                | super::marker::Style::Circled
        )
    });
    if item_line
        && a.len() >= 6
        && (b_text.starts_with(|c: char| c.is_ascii_digit()) || !is_title_like(&b_text))
    {
        return true;
    }
    // Prose (a line with clause punctuation, or a long one) cut mid-sentence; a short line
    // without punctuation is a title.
    // The punctuation of a heading's own marker (`一、`) does not make it prose.
    let marker_len = super::marker::parse(&head).map_or(0, |m| m.label.chars().count());
    let prose = a.len() > 40
        || a.iter()
            .skip(marker_len)
            .any(|c| matches!(c.0, ',' | '。' | '、' | ';'));
    if !prose {
        return false;
    }
    !is_title_like(&b_text) || b_text.ends_with('。') || b.len() <= 2 && b_text.chars().all(is_cjk)
}

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Every character OpenCC's t2s conversion can change (generated by
/// `scripts/gen_t2s_chars.py` from OpenCC's TSCharacters and TSPhrases), as a bitset over the
/// Basic Multilingual Plane, and the others sorted.
static T2S_CHARS: LazyLock<(Vec<u64>, Vec<char>)> = LazyLock::new(|| {
    let mut bmp = vec![0u64; 1024];
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

/// Whether t2s conversion may change a text holding these characters: most simplified text
/// holds none, and is neither converted nor makes hedui build the converter.
fn may_be_traditional(chars: &[(char, usize)]) -> bool {
    let (bmp, astral) = &*T2S_CHARS;
    chars.iter().any(|&(c, _)| {
        let n = c as usize;
        n >= 0x3400
            && match bmp.get(n / 64) {
                Some(word) => word & (1 << (n % 64)) != 0,
                None => astral.binary_search(&c).is_ok(),
            }
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
/// clause whose conversion changes its length is left as it is.
fn to_simplified(chars: &mut [(char, usize)]) {
    for clause in chars.split_mut(|&(c, _)| is_clause_mark(c)) {
        if !may_be_traditional(clause) {
            continue;
        }
        let Some(cc) = T2S.as_ref() else { return };
        let text: String = clause.iter().map(|c| c.0).collect();
        let converted = cc.convert(&text);
        if converted.chars().count() == clause.len() {
            for (slot, c) in clause.iter_mut().zip(converted.chars()) {
                slot.0 = c;
            }
        }
    }
}

/// Splits `text` into repaired paragraphs. Each non-blank line is a paragraph unless it
/// continues the previous one (a sentence cut by a page break).
pub fn paragraphs(text: &str) -> Vec<Para> {
    let mut lines: Vec<Vec<(char, usize)>> = Vec::new();
    let mut base = 0;
    for raw in text.split('\n') {
        let line = clean_line(raw, base);
        base += raw.len() + 1;
        if line.is_empty() {
            continue;
        }
        match lines.last_mut() {
            Some(prev) if continues(prev, &line) => prev.extend(line),
            _ => lines.push(line),
        }
    }
    lines
        .into_iter()
        .map(|mut chars| {
            to_simplified(&mut chars);
            Para::from_chars(&chars)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let mut chars: Vec<(char, usize)> = line.chars().map(|c| (c, 0)).collect();
            to_simplified(&mut chars);
            let by_clause: String = chars.iter().map(|c| c.0).collect();
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
                let chars: Vec<(char, usize)> = line.chars().map(|c| (c, 0)).collect();
                if !may_be_traditional(&chars) {
                    assert_eq!(cc.convert(line), line, "{}", path.display());
                }
            }
        }
    }
}

//! The layout repair as it was before it worked on paragraphs (text and offsets) instead of
//! vectors of characters with their offsets: the reference the faster one is tested against.

use super::{
    bare_cells, cells, cells_by_spaces, drop_pinyin, ends_complete, fold, is_cell_row, is_cjk,
    is_clause_mark, is_page_furniture, is_title_like, Para, T2S, T2S_CHARS,
};

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

/// Cleans one line: folds, drops spaces next to Chinese text, collapses others, trims.
fn clean_line(line: &str, base: usize) -> Vec<(char, usize)> {
    // Cells apart by runs of spaces (`新增就业  3万人  3.2万人`) are apart by tabs.
    let spaced;
    let line = if is_cell_row(line) && !line.trim().contains('\t') {
        spaced = cells_by_spaces(line);
        spaced.as_str()
    } else {
        line
    };
    let mut raw: Vec<(char, usize)> = Vec::with_capacity(line.len());
    raw.extend(
        line.char_indices()
            .map(|(i, c)| (c, base + i))
            .filter(|(c, _)| *c != '\r' && *c != '\u{FEFF}' && *c != '\u{200B}'),
    );
    let mut chars = drop_pinyin(cells(raw));
    for c in &mut chars {
        c.0 = fold(c.0);
    }
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

/// Whether a line starts like a list item or a heading (`1.`, `(一)`, `一、`, `①`, `第…`).
fn starts_like_marker(chars: &[(char, usize)]) -> bool {
    let text: String = chars.iter().take(8).map(|c| c.0).collect();
    crate::segment::marker::parse(&text).is_some() || text.starts_with('第')
}

/// Whether two lines are rows of one Word, HTML or Markdown table (cells joined by `;`): the same
/// number of cells, at least three, and no sentence end.
fn same_cells(a: &[(char, usize)], b: &[(char, usize)]) -> bool {
    let cells = |l: &[(char, usize)]| l.iter().filter(|c| c.0 == ';').count();
    let prose = |l: &[(char, usize)]| l.iter().any(|c| c.0 == '。');
    cells(a) >= 2 && cells(a) == cells(b) && !prose(a) && !prose(b)
}

/// Whether line `a` was cut mid-sentence and line `b` continues it; `page_break` when page
/// furniture stood between them.
fn continues(a: &[(char, usize)], b: &[(char, usize)], page_break: bool) -> bool {
    let Some(&(last, _)) = a.last() else {
        return false;
    };
    // Rows of one table are never joined: a row of cells ends at its line.
    if same_cells(a, b) {
        return false;
    }
    let b_text: String = b.iter().map(|c| c.0).collect();
    if starts_like_marker(b) {
        return false;
    }
    // A parenthesis left open (`（牵头单位：` / `县卫健局）。`) is closed on the next line.
    let depth = a.iter().fold(0i32, |d, c| match c.0 {
        '(' => d + 1,
        ')' => d - 1,
        _ => d,
    });
    if depth > 0 && last != ')' && b_text.contains(')') {
        return true;
    }
    if ends_complete(last) {
        return false;
    }

    // A numbered item hard-wrapped over two lines (`1. 新建幼儿园20所,新增学位` / `5000个…`).
    // These marker styles fit in the first 16 characters; `a` may be a long paragraph already.
    let head: String = a.iter().take(16).map(|c| c.0).collect();
    let item_line = crate::segment::marker::parse(&head).is_some_and(|m| {
        matches!(
            m.style,
            crate::segment::marker::Style::Arabic
                | crate::segment::marker::Style::ArabicParen
                | crate::segment::marker::Style::Circled
                | crate::segment::marker::Style::Bullet
                | crate::segment::marker::Style::Shi
                | crate::segment::marker::Style::Ordinal
        )
    });
    // A wrapped item's second line may be short (`●新建…中心70个、农村老年` / `人互助中心30个`):
    // it continues when it states a figure after words, as no heading line does.
    let figure_after_words = || {
        let first_digit = b_text.find(|c: char| c.is_ascii_digit());
        first_digit.is_some_and(|i| i > 0) && !b_text.contains(['件', '项'])
    };
    // A short heading line of an item (`01.发展普惠性学前教育`), its content below: not cut.
    let heading_only = {
        let rest: String = a
            .iter()
            .skip(crate::segment::marker::parse(&head).map_or(0, |m| m.label.chars().count()))
            .map(|c| c.0)
            .collect();
        rest.chars().count() <= 20
            && !rest
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, ',' | '。' | ';' | '、'))
    };
    if item_line
        && (!heading_only || page_break || b_text.starts_with(|c: char| c.is_ascii_digit()))
        && a.len() >= 6
        && (b_text.starts_with(|c: char| c.is_ascii_digit())
            || !is_title_like(&b_text)
            || figure_after_words())
    {
        return true;
    }
    // Prose (a line with clause punctuation, or a long one) cut mid-sentence; a short line
    // without punctuation is a title.
    // The punctuation of a heading's own marker (`一、`) does not make it prose.
    let marker_len = crate::segment::marker::parse(&head).map_or(0, |m| m.label.chars().count());
    let prose = a.len() > 40
        || a.iter()
            .skip(marker_len)
            .any(|c| matches!(c.0, ',' | '。' | '、' | ';'));
    if !prose {
        return false;
    }
    !is_title_like(&b_text) || b_text.ends_with('。') || b.len() <= 2 && b_text.chars().all(is_cjk)
}

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
pub(super) fn paragraphs(text: &str) -> Vec<Para> {
    let mut lines: Vec<Vec<(char, usize)>> = Vec::new();
    let mut base = 0;
    // Cells of a table written one cell per line (`1 |`, `新增托位400个。 |`), and whether
    // the row being collected has begun (the header's cells come before the first serial).
    let mut row: Vec<Vec<(char, usize)>> = Vec::new();
    // A table row is complete: the line after it never continues it.
    let mut sealed = usize::MAX;
    let mut after_page_number = false;
    let mut dropped_before = false;
    let mut titles: std::collections::HashSet<String> = std::collections::HashSet::new();
    let bare = bare_cells(text);
    for (n, raw) in text.split('\n').enumerate() {
        let line = clean_line(raw, base);
        let tab_row = raw.trim().contains('\t');
        base += raw.len() + 1;
        if line.is_empty() {
            continue;
        }
        let bare_cell = bare.get(&n).copied();
        let cell = cell_line(&line).or_else(|| bare_cell.map(|_| line.clone()));
        if let Some(cell) = cell {
            // A bare cell opens a row where the table's shape says so (a figure may be a bare
            // number too).
            let serial = bare_cell.unwrap_or_else(|| {
                !cell.is_empty() && cell.iter().all(|(c, _)| c.is_ascii_digit())
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
        if line.len() <= 40 {
            let text: String = line.iter().map(|c| c.0).collect();
            // A short title under a dropped page number that repeats an earlier line is the
            // page's running head (`— 4 —` / `政府工作报告`).
            let short_title = line.len() <= 20 && is_title_like(&text);
            let head_under = after_page_number && short_title && titles.contains(&text);
            after_page_number = crate::segment::furniture::is_page_number(&text);
            if is_page_furniture(&text) || head_under {
                dropped_before = true;
                continue;
            }
            if short_title {
                titles.insert(text);
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
            .and_then(|l| l.first())
            .is_some_and(|(c, _)| c.is_ascii_digit());
        if raw.starts_with('\t') && last == sealed && last != usize::MAX && data_row_above {
            if let (Some(prev), Some(&(_, at))) = (lines.last_mut(), line.first()) {
                prev.push((';', at));
                prev.extend(line);
                continue;
            }
        }
        match lines.last_mut() {
            Some(prev) if last != sealed && !tab_row && continues(prev, &line, dropped) => {
                prev.extend(line)
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
    lines
        .into_iter()
        .map(|mut chars| {
            to_simplified(&mut chars);
            from_chars(&chars)
        })
        .collect()
}

/// The cell of a line that is one table cell ending with `|` (`新增学位2700个。 |`).
fn cell_line(line: &[(char, usize)]) -> Option<Vec<(char, usize)>> {
    let (&(last, _), rest) = line.split_last()?;
    if last != '|' || rest.iter().any(|(c, _)| *c == '|') {
        return None;
    }
    let mut cell = rest.to_vec();
    while cell.last().is_some_and(|(c, _)| c.is_whitespace()) {
        cell.pop();
    }
    Some(cell)
}

/// One row of cells as one line: the serial first cell kept as the item number, the others
/// joined by `;` (at the offset of the `|` that ended the cell before).
fn join_cells(cells: Vec<Vec<(char, usize)>>) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::new();
    for cell in cells.into_iter().filter(|c| !c.is_empty()) {
        if let Some(&(_, at)) = out.last() {
            let serial = out.iter().all(|(c, _)| c.is_ascii_digit());
            out.push((if serial { ' ' } else { ';' }, at));
        }
        out.extend(cell);
    }
    out
}

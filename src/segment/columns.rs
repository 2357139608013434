//! A unit stated once in a table's column header (`年度投资（万元）`) applies to the bare numbers
//! of that column (`1800` = 1800万元). Rows arrive as one paragraph each, cells separated by `;`
//! (from Word, HTML, tab-separated or one-cell-per-line text; see `repair` and `input`), the
//! serial cell as the row's item number. The unit is appended to each bare number of that column
//! as synthetic text that points at the number, so quotes and positions stay the file's.

use super::marker::{self, Style};
use super::repair::{chars_at_most, Para};

/// Units a column header may state in parentheses.
const UNITS: [&str; 14] = [
    "万元",
    "亿元",
    "元",
    "个",
    "人",
    "户",
    "所",
    "公里",
    "平方米",
    "万平方米",
    "亩",
    "张",
    "处",
    "座",
];

/// The cells of a row: the serial number (if any) counts as a cell.
fn cells(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    if let Some(m) = marker::parse(text).filter(|m| m.style == Style::Arabic) {
        out.push(&text[..m.label.len()]);
        rest = &text[m.len..];
    }
    out.extend(rest.split(';'));
    out
}

/// The unit a header cell states: `年度投资（万元）`, `投资(万元)`.
fn header_unit(cell: &str) -> Option<&'static str> {
    let open = cell.find('(')?;
    let inner = cell[open + 1..].strip_suffix(')')?;
    UNITS.iter().find(|u| **u == inner).copied()
}

/// Whether a cell is a bare number (`1800`, `1,350`, `12.5`).
fn bare_number(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Appends header units to the bare numbers of their columns, in every table of `paras`.
pub fn apply(paras: &mut [Para]) {
    let mut i = 0;
    while i < paras.len() {
        // A header has three cells or more (so a `;`) and a unit in parentheses: most
        // paragraphs are ruled out without reading their cells.
        let t = &paras[i].text;
        if !crate::find::has_byte(t, b';') || !crate::find::has_byte(t, b'(') {
            i += 1;
            continue;
        }
        let header_text = paras[i].text.clone();
        let header = cells(&header_text);
        let units: Vec<(usize, &str)> = header
            .iter()
            .enumerate()
            .filter_map(|(k, c)| header_unit(c).map(|u| (k, u)))
            .collect();
        i += 1;
        if header.len() < 3 || units.is_empty() {
            continue;
        }
        while let Some(p) = paras.get_mut(i) {
            let text = p.text.clone();
            let row = cells(&text);
            if row.len() == 1 && chars_at_most(&p.text, 60) {
                // A category row spanning the table.
                i += 1;
                continue;
            }
            // A numbered row of another width stays in the table: a row whose content went on in
            // a row below has that row's cells appended (`…;4930;县农业农村局;新建田间道路…`), a
            // cell that holds a `；` reads as two. Anything else ends the table.
            let numbered = marker::parse(&text).is_some_and(|m| m.style == Style::Arabic);
            if row.len() != header.len() && !(numbered && row.len() > 2) {
                break;
            }
            // The column's cell, counted from the left (cells appended at the end) or from the
            // right (a cell split in two before it): the one that is a bare number.
            let extra = row.len().saturating_sub(header.len());
            let column_cell = |k: usize| -> Option<usize> {
                if row.len() < header.len() {
                    return None;
                }
                [k, k + extra]
                    .into_iter()
                    .find(|&c| row.get(c).is_some_and(|cell| bare_number(cell)))
            };
            // Byte offsets of each cell's end, then insert from the right so earlier offsets stay.
            let mut ends = Vec::new();
            let mut at = 0;
            for c in &row {
                let start = text[at..].find(c).map_or(at, |k| at + k);
                ends.push((start, start + c.len()));
                at = start + c.len();
            }
            let mut targets: Vec<(usize, usize, &str)> = units
                .iter()
                .filter_map(|&(k, unit)| column_cell(k).map(|c| (c, k, unit)))
                .collect();
            targets.sort_unstable_by_key(|t| std::cmp::Reverse(t.0));
            targets.dedup_by_key(|t| t.0);
            for (c, k, unit) in targets {
                if let (Some(cell), Some(&(start, _))) = (row.get(c), ends.get(c)) {
                    if bare_number(cell) {
                        p.insert(start + cell.trim_end().len(), unit, false);
                        // The column's name says what the number counts (`年度投资`).
                        let name = header
                            .get(k)
                            .and_then(|h| h.split('(').next())
                            .unwrap_or("")
                            .trim();
                        if !name.is_empty() {
                            p.insert(start, name, true);
                        }
                    }
                }
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::repair::paragraphs;

    #[test]
    fn header_units_reach_bare_numbers() {
        let mut paras =
            paragraphs("序号\t项目\t投资(万元)\t单位\n1\t新建幼儿园1所\t1800\t区教育局\n一、城市更新\n2\t改造小区24个\t4,600\t区住建局\n正文。");
        apply(&mut paras);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "序号;项目;投资(万元);单位",
                "1. 新建幼儿园1所;投资1800万元;区教育局",
                "一、城市更新",
                "2. 改造小区24个;投资4,600万元;区住建局",
                "正文。"
            ]
        );
        // The unit points at the number it follows, the name at the number.
        let p = &paras[1];
        let at = p.text.find("万元").unwrap_or(0);
        assert_eq!(p.origin(at), p.origin(at - 1));
        let name = p.text.find("投资").unwrap_or(0);
        assert_eq!(p.origin(name), p.origin(name + "投资".len()));
    }

    #[test]
    fn a_continuation_row_does_not_end_the_column() {
        // Row 1's content goes on in a row with an empty serial, appended to row 1 as an extra
        // cell: the rows below it keep their unit, and so does row 1.
        let mut paras = paragraphs(
            "序号\t项目\t内容\t投资(万元)\t单位\n1\t农田\t整治500亩\t4930\t县农业局\n\t\t新建道路3.8公里\t\t\n2\t学校\t改造1.2万平方米\t1500\t县教体局",
        );
        apply(&mut paras);
        assert_eq!(
            paras[1].text,
            "1. 农田;整治500亩;投资4930万元;县农业局;新建道路3.8公里"
        );
        assert_eq!(
            paras[2].text,
            "2. 学校;改造1.2万平方米;投资1500万元;县教体局"
        );
    }

    #[test]
    fn a_cell_split_by_a_semicolon_is_counted_from_the_right() {
        let mut paras = paragraphs(
            "序号\t项目\t投资(万元)\t单位\n1\t新建幼儿园1所；新增学位360个\t1800\t区教育局\n2\t改造小区24个\t4600\t区住建局",
        );
        apply(&mut paras);
        assert_eq!(
            paras[1].text,
            "1. 新建幼儿园1所;新增学位360个;投资1800万元;区教育局"
        );
        assert_eq!(paras[2].text, "2. 改造小区24个;投资4600万元;区住建局");
    }

    #[test]
    fn rows_of_another_width_and_numbers_with_units_are_left() {
        let mut paras = paragraphs("序号\t项目\t投资(万元)\n1\t新建1所\t300万元\n2\t改造\n");
        apply(&mut paras);
        assert_eq!(paras[1].text, "1. 新建1所;300万元");
        assert_eq!(paras[2].text, "2. 改造");
    }
}

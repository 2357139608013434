//! Tables of figures (plan indicator tables, budget tables): a header over one to three lines
//! that gives every column a role, then one row per line.
//!
//! Cells arrive split in one of three ways: by tabs (a table copied out of Word or a PDF; layout
//! repair turns runs of spaces between cells into tabs too), by `;` (a .docx, HTML or Markdown
//! table row, whose cells the readers join with `；`), or by `|` (a Markdown row pasted as text).
//! A serial cell may have become a list marker (`3. 地区生产总值`).
//!
//! Column roles come from the header words: the item name (`指标`, `项目`, `科目`), a unit
//! (`单位`), this year's plan or budget (`计划`, `预算`, `目标`), last year's actual (`实际`,
//! `执行`, `完成`, `决算`), growth (`增长`, `增幅`). A year column without such a word is this
//! year's target when it is the latest year, else a past figure. A unit for the whole table is
//! stated above it (`单位：万元`) or in a header (`预算数（万元）`); a `单位` column gives one per row.
//! Rows are data rows, category rows (`一、经济发展`, no figures), parts (`其中：义务教育`, never added
//! again into a total), and totals (`合计`, `总计`) or subtotals (`小计`).

use std::ops::Range;

use super::marker::{self, Style};
use super::repair::Para;

/// `。`, searched in every line that may be a row.
static FULL_STOP: crate::find::Word = crate::find::Word::new("。");

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A serial number (`序号`).
    Serial,
    /// The item's name.
    Name,
    /// The unit of the row's figures.
    Unit,
    /// This year's plan, budget or target: what the body commits to.
    Target,
    /// A figure already reached (last year's actual, 执行数, 决算数): a reference, never a
    /// commitment.
    Reference,
    /// A growth rate in percent.
    Growth,
    /// Anything else (remarks).
    Other,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its role.
    pub role: Role,
    /// Its header text, the header lines joined.
    pub header: String,
    /// A unit the header states (`预算数（万元）`, `增长（%）`).
    pub unit: Option<String>,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// An ordinary row of figures.
    Data,
    /// A part of the row above (`其中：…`): never added again into a total.
    Part,
    /// A sum of the rows since the last subtotal or category (`小计`).
    Subtotal,
    /// A sum of the whole table (`合计`, `总计`).
    Total,
}

/// One row of figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The paragraph.
    pub para: usize,
    /// Its kind.
    pub kind: RowKind,
    /// The serial number, if the row has one.
    pub serial: Option<u32>,
    /// Byte range of the name in the paragraph's text (`其中：` and markers left out).
    pub name: Range<usize>,
    /// The row's unit (from a `单位` column), if any.
    pub unit: Option<String>,
    /// Per column: the byte range of its cell, `None` when empty or `—`.
    pub cells: Vec<Option<Range<usize>>>,
    /// Index into [`Grid::categories`] of the category the row is under.
    pub category: Option<usize>,
    /// Whether the name opens with a heading marker (`一、`, `（一）`): a row of figures that heads
    /// the rows after it.
    pub heading: bool,
}

/// A category row (`一、经济发展`) and the rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The paragraph.
    pub para: usize,
    /// Indexes into [`Grid::rows`].
    pub rows: Range<usize>,
}

/// A table of figures as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The paragraph of a `单位：万元` line above the table, if any.
    pub unit_para: Option<usize>,
    /// The unit of the whole table, if stated.
    pub unit: Option<String>,
    /// The header paragraphs.
    pub header: Range<usize>,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// Category rows.
    pub categories: Vec<Category>,
    /// Rows of figures, in order.
    pub rows: Vec<Row>,
    /// Paragraphs from the header to the last row.
    pub paras: Range<usize>,
}

impl Grid {
    /// The index of the first column with role `role`.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// The unit of a figure in column `col` of `row`: the row's `单位` cell, else the column
    /// header's, else the table's (`%` for a growth column).
    pub fn unit_of(&self, row: &Row, col: usize) -> Option<String> {
        let column = self.columns.get(col)?;
        if column.role == Role::Growth {
            return Some(column.unit.clone().unwrap_or_else(|| "%".to_string()));
        }
        row.unit
            .clone()
            .or_else(|| column.unit.clone())
            .or_else(|| self.unit.clone())
    }
}

/// Byte ranges of the cells of a row, trimmed, or `None` when the line is not split into cells.
pub fn cells(text: &str) -> Option<Vec<Range<usize>>> {
    let t = text.trim();
    let sep: &[char] = if crate::find::has_byte(text, b'\t') {
        &['\t']
    } else if t.starts_with('|') && t.ends_with('|') && t.len() > 1 {
        &['|']
    } else if crate::find::has_byte(text, b';') && FULL_STOP.find(text).is_none() {
        &[';']
    } else {
        return None;
    };
    let mut out = Vec::new();
    let mut start = 0;
    let push = |out: &mut Vec<Range<usize>>, r: Range<usize>| {
        let s = &text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead + trail < s.len() {
            out.push(r.start + lead..r.end - trail);
        }
    };
    for (i, c) in text.char_indices() {
        if sep.contains(&c) {
            push(&mut out, start..i);
            start = i + c.len_utf8();
        }
    }
    push(&mut out, start..text.len());
    // A serial cell the reader turned into a list marker (`3. 地区生产总值`).
    if let Some(first) = out.first().cloned() {
        if let Some(m) = marker::parse(&text[first.clone()]) {
            let rest = first.start + m.len..first.end;
            if m.style == Style::Arabic && !rest.is_empty() && m.label.len() < first.len() {
                out[0] = first.start..first.start + m.label.len();
                out.insert(1, rest);
            }
        }
    }
    (out.len() >= 2).then_some(out)
}

/// Words of a header cell naming the item column.
const NAME_WORDS: &[&str] = &["指标", "项目", "名称", "科目", "类别", "内容"];
/// Words of a header cell naming this year's figure.
const TARGET_WORDS: &[&str] = &["计划", "预算", "目标", "预期", "安排"];
/// Words of a header cell naming a figure already reached.
const REFERENCE_WORDS: &[&str] = &["实际", "执行", "完成", "决算", "预计", "上年", "实绩"];
/// Words of a header cell naming a growth rate.
const GROWTH_WORDS: &[&str] = &["增长", "增幅", "增减", "比上年", "同比", "增速"];

/// A four-digit year in a header cell (`2024年`).
pub fn year_of(cell: &str) -> Option<u32> {
    let chars: Vec<char> = cell.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

/// Whether a cell holds a number other than a year.
fn has_number(cell: &str) -> bool {
    let mut rest = cell;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let tail = &rest[i..];
        let n = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(tail.len());
        if !(n == 4 && tail[n..].starts_with('年')) {
            return true;
        }
        rest = &tail[n..];
    }
    false
}

/// Whether a cell reads as a header word.
pub(crate) fn header_like(cell: &str) -> bool {
    !has_number(cell)
        && cell.chars().count() <= 16
        && (year_of(cell).is_some()
            || [NAME_WORDS, TARGET_WORDS, REFERENCE_WORDS, GROWTH_WORDS]
                .iter()
                .any(|ws| ws.iter().any(|w| cell.contains(w)))
            || ["序号", "单位", "备注", "数", "金额", "%", "（", "("]
                .iter()
                .any(|w| cell.contains(w)))
}

/// The unit a header states in brackets (`预算数（万元）`, `增长（%）`, `(亿元)`).
fn bracket_unit(cell: &str) -> Option<String> {
    let open = cell.find(['(', '（'])?;
    let inner = &cell[open + cell[open..].chars().next()?.len_utf8()..];
    let inner = inner.trim_end_matches([')', '）']);
    let inner = inner.strip_prefix("单位:").unwrap_or(inner);
    let inner = inner.strip_prefix("单位：").unwrap_or(inner).trim();
    let ok = !inner.is_empty()
        && inner.chars().count() <= 4
        && inner.chars().all(|c| {
            c == '%' || "万亿千百元人户吨个平方米公里亩标准煤千瓦时辆张所家项次".contains(c)
        });
    ok.then(|| inner.to_string())
}

/// A `单位：万元` line (the whole line, or its end: `2024年预算表  单位：万元`).
pub fn unit_line(text: &str) -> Option<String> {
    let i = text.rfind("单位")?;
    let rest = text[i + "单位".len()..].trim_start_matches([':', '：', ' ', '\t']);
    let rest = rest.trim_end_matches([')', '）', ' ']);
    let ok = !rest.is_empty()
        && rest.chars().count() <= 4
        && rest.chars().all(|c| "万亿千百元人户吨个%".contains(c));
    ok.then(|| rest.to_string())
}

fn role_of(header: &str) -> Role {
    let has = |ws: &[&str]| ws.iter().any(|w| header.contains(w));
    if header.contains("序号") {
        Role::Serial
    } else if header == "单位" || header.ends_with("单位") && header.chars().count() <= 4 {
        Role::Unit
    } else if has(GROWTH_WORDS) {
        Role::Growth
    } else if has(REFERENCE_WORDS) {
        Role::Reference
    } else if has(TARGET_WORDS) {
        Role::Target
    } else if has(NAME_WORDS) {
        Role::Name
    } else {
        Role::Other
    }
}

/// Reads the header starting at paragraph `at`: its columns and the first paragraph after it.
fn header(paras: &[Para], at: usize) -> Option<(Vec<Column>, usize)> {
    let text = &paras.get(at)?.text;
    let first = cells(text)?;
    let heads: Vec<&str> = first.iter().map(|r| &text[r.clone()]).collect();
    if heads.len() < 3 || !heads.iter().all(|h| header_like(h)) {
        return None;
    }
    let mut headers: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
    let mut next = at + 1;
    // Header lines below the first: under cells that span several columns (`2023年 2024年` over
    // `实际 计划 实际 计划`), else right-aligned under it (`2023年 2024年` over `实际 计划`).
    while next < at + 3 {
        let Some(p) = paras.get(next) else { break };
        let Some(cs) = cells(&p.text) else { break };
        let hs: Vec<&str> = cs.iter().map(|r| &p.text[r.clone()]).collect();
        if !hs.iter().all(|h| header_like(h)) {
            break;
        }
        if let Some(spread) = data_width(paras, next + 1).and_then(|w| spread(&headers, &hs, w)) {
            headers = spread;
        } else if hs.len() <= headers.len() {
            let off = headers.len() - hs.len();
            for (k, h) in hs.iter().enumerate() {
                headers[off + k].push_str(h);
            }
        } else {
            break;
        }
        next += 1;
    }
    let mut columns: Vec<Column> = headers
        .iter()
        .map(|h| Column {
            role: role_of(h),
            header: h.clone(),
            unit: bracket_unit(h),
        })
        .collect();
    // Year columns without a role word: the latest year is the target, earlier ones references.
    let latest = headers.iter().filter_map(|h| year_of(h)).max();
    for c in &mut columns {
        if c.role == Role::Other {
            if let Some(y) = year_of(&c.header) {
                c.role = if Some(y) == latest {
                    Role::Target
                } else {
                    Role::Reference
                };
            }
        }
    }
    // A plan or budget column of an earlier year (`2023年计划` beside `2024年计划`) is last
    // year's: a reference.
    for c in &mut columns {
        if c.role == Role::Target && year_of(&c.header).is_some_and(|y| Some(y) < latest) {
            c.role = Role::Reference;
        }
    }
    // A target year's column named `2024年预计` is this year's estimate of last year's figure
    // only when a later target exists; otherwise the latest year's column is the target.
    if !columns.iter().any(|c| c.role == Role::Target) {
        if let Some(c) = columns
            .iter_mut()
            .filter(|c| c.role == Role::Reference && year_of(&c.header) == latest)
            .last()
        {
            c.role = Role::Target;
        }
    }
    if !columns.iter().any(|c| c.role == Role::Name) {
        if let Some(c) = columns.iter_mut().find(|c| c.role == Role::Other) {
            c.role = Role::Name;
        }
    }
    let figures = columns
        .iter()
        .any(|c| matches!(c.role, Role::Target | Role::Growth));
    (figures && columns.iter().any(|c| c.role == Role::Name)).then_some((columns, next))
}

/// The number of cells of the widest of the (up to three) rows of figures from paragraph `from`.
fn data_width(paras: &[Para], from: usize) -> Option<usize> {
    paras
        .iter()
        .skip(from)
        .take(4)
        .filter_map(|p| {
            let cs = cells(&p.text)?;
            cs.iter()
                .any(|r| has_number(&p.text[r.clone()]))
                .then_some(cs.len())
        })
        .take(3)
        .max()
}

/// The header after a lower header line whose cells sit under the last `m` cells of the line
/// above, `k` under each (a `2023年` cell spanning `实际` and `计划`): the one spread whose width
/// is the rows' `width`.
fn spread(upper: &[String], lower: &[&str], width: usize) -> Option<Vec<String>> {
    let n = upper.len();
    if lower.iter().any(|h| year_of(h).is_some()) {
        return None;
    }
    (1..n).find_map(|m| {
        let k = lower.len() / m;
        (k >= 2 && k * m == lower.len() && n + (k - 1) * m == width).then(|| {
            let mut out = upper[..n - m].to_vec();
            for (j, head) in upper[n - m..].iter().enumerate() {
                out.extend(
                    lower[j * k..(j + 1) * k]
                        .iter()
                        .map(|h| format!("{head}{h}")),
                );
            }
            out
        })
    })
}

/// Whether a cell is an explicit empty (`—`, `-`, `/`).
fn is_empty_cell(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .chars()
            .all(|c| matches!(c, '—' | '-' | '–' | '/' | '─' | '－'))
}

/// Reads the table whose header starts at paragraph `at`.
pub fn read(paras: &[Para], at: usize) -> Option<Grid> {
    let (columns, mut next) = header(paras, at)?;
    columns.iter().position(|c| c.role == Role::Name)?;
    let unit_col = columns.iter().position(|c| c.role == Role::Unit);
    let serial_col = columns.iter().position(|c| c.role == Role::Serial);
    let figure_cols: Vec<usize> = (0..columns.len())
        .filter(|&k| {
            matches!(
                columns[k].role,
                Role::Target | Role::Reference | Role::Growth
            )
        })
        .collect();
    let unit_para = (at.saturating_sub(3)..at)
        .rev()
        .find(|&p| unit_line(&paras[p].text).is_some());
    let mut grid = Grid {
        unit_para,
        unit: unit_para.and_then(|p| unit_line(&paras[p].text)),
        header: at..next,
        columns,
        categories: Vec::new(),
        rows: Vec::new(),
        paras: at..next,
    };
    let ncols = grid.columns.len();
    while let Some(p) = paras.get(next) {
        let text = &p.text;
        let Some(cs) = cells(text) else {
            // A category row on its own (`一、经济发展`), no cells.
            let m = marker::parse(text);
            if text.chars().count() <= 30
                && !text.contains('。')
                && !super::annex::has_figure(text)
                && m.is_some_and(|m| matches!(m.style, Style::Chinese | Style::ChineseParen))
            {
                open_category(&mut grid, next);
                next += 1;
                continue;
            }
            break;
        };
        let texts: Vec<&str> = cs.iter().map(|r| &text[r.clone()]).collect();
        // A Markdown rule under the header (`|---|:---:|`).
        if texts
            .iter()
            .all(|t| t.chars().all(|c| matches!(c, '-' | ':' | '—')))
        {
            next += 1;
            continue;
        }
        let numeric = texts
            .iter()
            .filter(|t| has_number(t) || is_empty_cell(t))
            .count();
        if numeric == 0 {
            // A category row in cells (`一、;经济发展` or `一、经济发展;;`).
            let label = texts.first().copied().unwrap_or("");
            if marker::parse(label).is_some() && texts.len() <= 3 {
                open_category(&mut grid, next);
                next += 1;
                continue;
            }
            break;
        }
        // Assign cells: serial, name, unit from the left; figures right-aligned on the figure
        // columns.
        let mut k = 0;
        let mut serial = None;
        if serial_col.is_some() || texts.len() > figure_cols.len() + 1 {
            let t = texts[0].trim_end_matches(['.', '、']);
            if !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()) {
                serial = t.parse().ok();
                k = 1;
            }
        }
        if serial.is_none() && serial_col.is_some() && texts.len() >= ncols {
            k = 1;
        }
        let Some(name_range) = cs.get(k).cloned() else {
            break;
        };
        if has_number(&text[name_range.clone()]) && !text[name_range.clone()].contains("其中") {
            // A name that is a figure: not a row of this table.
            if has_number_only(&text[name_range.clone()]) {
                break;
            }
        }
        k += 1;
        let mut unit = None;
        if unit_col.is_some() {
            if let Some(r) = cs.get(k) {
                let t = &text[r.clone()];
                if !has_number(t) && !is_empty_cell(t) || t == "%" {
                    unit = Some(t.to_string());
                    k += 1;
                } else if is_empty_cell(t) && cs.len() - k > figure_cols.len() {
                    k += 1;
                }
            }
        }
        let rest = &cs[k..];
        let mut row_cells = vec![None; ncols];
        let n = rest.len().min(figure_cols.len());
        let skip = figure_cols.len() - n;
        for (j, r) in rest.iter().take(n).enumerate() {
            let col = figure_cols[skip + j];
            if !is_empty_cell(&text[r.clone()]) {
                row_cells[col] = Some(r.clone());
            }
        }
        let heading = marker::parse(&text[name_range.clone()])
            .is_some_and(|m| matches!(m.style, Style::Chinese | Style::ChineseParen));
        let (kind, name) = row_name(text, name_range);
        grid.rows.push(Row {
            para: next,
            kind,
            serial,
            name,
            unit,
            cells: row_cells,
            category: grid.categories.len().checked_sub(1),
            heading,
        });
        next += 1;
    }
    close_category(&mut grid);
    grid.paras = at..next;
    (!grid.rows.is_empty()).then_some(grid)
}

fn has_number_only(cell: &str) -> bool {
    cell.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-'))
}

/// Closes the open category and opens one at paragraph `para`, with no rows yet.
fn open_category(grid: &mut Grid, para: usize) {
    close_category(grid);
    let n = grid.rows.len();
    grid.categories.push(Category { para, rows: n..n });
}

fn close_category(grid: &mut Grid) {
    let n = grid.rows.len();
    if let Some(c) = grid.categories.last_mut() {
        c.rows.end = n;
    }
}

/// The kind of a row from its name cell, and the name without `其中：` or a marker.
fn row_name(text: &str, range: Range<usize>) -> (RowKind, Range<usize>) {
    let cell = &text[range.clone()];
    let squeezed: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let kind = if squeezed.starts_with("其中") {
        RowKind::Part
    } else if squeezed.starts_with("小计") {
        RowKind::Subtotal
    } else if ["合计", "总计", "支出合计", "收入合计", "总合计"]
        .iter()
        .any(|w| squeezed.starts_with(w) || squeezed.ends_with(w) && squeezed.chars().count() <= 8)
    {
        RowKind::Total
    } else {
        RowKind::Data
    };
    let mut start = range.start;
    if kind == RowKind::Part {
        let after = cell.find("其中").map_or(0, |i| i + "其中".len());
        start += after;
        let rest = &text[start..range.end];
        start += rest.len() - rest.trim_start_matches([':', '：', ' ']).len();
    } else if let Some(m) = marker::parse(cell) {
        if m.len < cell.len() {
            start += m.len;
        }
    }
    (kind, start..range.end)
}

#[cfg(test)]
mod tests {
    use super::super::repair::paragraphs;
    use super::*;

    fn grid(text: &str) -> (Vec<Para>, Grid) {
        let paras = paragraphs(text);
        let at = (0..paras.len())
            .find(|&i| read(&paras, i).is_some())
            .unwrap();
        let g = read(&paras, at).unwrap();
        (paras, g)
    }

    fn cell<'a>(paras: &'a [Para], g: &Grid, row: usize, col: usize) -> Option<&'a str> {
        let r = &g.rows[row];
        r.cells[col].clone().map(|c| &paras[r.para].text[c])
    }

    #[test]
    fn splits_cells_by_tabs_bars_and_semicolons() {
        let t = "1\t地区生产总值\t%\t5.2\t6左右";
        assert_eq!(cells(t).unwrap().len(), 5);
        let t = "| 指标 | 单位 | 2024年计划 |";
        assert_eq!(cells(t).unwrap().len(), 3);
        // A serial the reader turned into a marker is its own cell.
        let t = "3. 地区生产总值;%;5.2;6左右";
        let cs = cells(t).unwrap();
        assert_eq!(&t[cs[0].clone()], "3.");
        assert_eq!(&t[cs[1].clone()], "地区生产总值");
        assert!(cells("新增就业1万人;培训5000人次。").is_none());
    }

    #[test]
    fn plan_table_with_categories_and_two_header_lines() {
        let (paras, g) = grid(
            "附件：2024年主要指标计划表\n序号\t指标\t单位\t2023年\t2024年\n\t\t\t实际\t计划\n\
             一、经济发展\n1\t地区生产总值增长\t%\t5.8\t6左右\n2\t规模以上工业增加值增长\t%\t7.1\t7以上\n\
             二、民生福祉\n3\t城镇新增就业\t万人\t5.3\t5\n4\t居民消费价格涨幅\t%\t0.4\t—\n",
        );
        assert_eq!(
            g.columns.iter().map(|c| c.role).collect::<Vec<_>>(),
            [
                Role::Serial,
                Role::Name,
                Role::Unit,
                Role::Reference,
                Role::Target
            ]
        );
        assert_eq!(g.rows.len(), 4);
        assert_eq!(g.categories.len(), 2);
        assert_eq!(g.categories[1].rows, 2..4);
        assert_eq!(cell(&paras, &g, 0, 4), Some("6左右"));
        assert_eq!(cell(&paras, &g, 3, 4), None);
        assert_eq!(g.rows[2].unit.as_deref(), Some("万人"));
        assert_eq!(g.rows[1].serial, Some(2));
        assert_eq!(
            &paras[g.rows[1].para].text[g.rows[1].name.clone()],
            "规模以上工业增加值增长"
        );
    }

    #[test]
    fn budget_table_with_unit_line_parts_and_total() {
        // Runs of spaces between cells, as a PDF copy gives them.
        let (paras, g) = grid(
            "单位：万元\n支出项目    2023年执行数    2024年预算数    增长（%）\n\
             教育支出    12,300    13,050    6.1\n其中：义务教育    8,200    8,600    4.9\n\
             卫生健康支出    5,400    5,650    4.6\n合计    17,700    18,700    5.6\n",
        );
        assert_eq!(g.unit.as_deref(), Some("万元"));
        assert_eq!(
            g.columns.iter().map(|c| c.role).collect::<Vec<_>>(),
            [Role::Name, Role::Reference, Role::Target, Role::Growth]
        );
        assert_eq!(
            g.rows.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [RowKind::Data, RowKind::Part, RowKind::Data, RowKind::Total]
        );
        assert_eq!(
            &paras[g.rows[1].para].text[g.rows[1].name.clone()],
            "义务教育"
        );
        assert_eq!(cell(&paras, &g, 0, 2), Some("13,050"));
        assert_eq!(g.unit_of(&g.rows[0], 3).as_deref(), Some("%"));
        assert_eq!(g.unit_of(&g.rows[0], 2).as_deref(), Some("万元"));
    }

    #[test]
    fn word_table_rows_and_header_units() {
        let (_, g) = grid(
            "项目;2023年决算数（亿元）;2024年预算数（亿元）\n1. 一般公共服务支出;3.12;3.30\n\
             2. 教育支出;12.5;13.1\n",
        );
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[1].serial, Some(2));
        assert_eq!(g.unit_of(&g.rows[1], 2).as_deref(), Some("亿元"));
    }

    #[test]
    fn header_cells_that_span_columns() {
        // `2023年` and `2024年` each over `实际` and `计划`, as a Word or PDF copy gives them.
        let (paras, g) = grid(
            "序号\t指标\t单位\t2023年\t2024年\n\t\t\t实际\t计划\t实际\t计划\n\
             1\t地区生产总值增长\t%\t5.5\t5.2\t6左右\t5.6\n2\t城镇新增就业\t万人\t5\t5.3\t5\t—\n",
        );
        assert_eq!(
            g.columns
                .iter()
                .map(|c| c.header.as_str())
                .collect::<Vec<_>>(),
            [
                "序号",
                "指标",
                "单位",
                "2023年实际",
                "2023年计划",
                "2024年实际",
                "2024年计划"
            ]
        );
        assert_eq!(
            g.columns.iter().map(|c| c.role).collect::<Vec<_>>(),
            [
                Role::Serial,
                Role::Name,
                Role::Unit,
                Role::Reference,
                Role::Reference,
                Role::Reference,
                Role::Target
            ]
        );
        assert_eq!(cell(&paras, &g, 0, 6), Some("5.6"));
        assert_eq!(cell(&paras, &g, 1, 6), None);
        // One cell over two: this year's budget and its growth.
        let (paras, g) = grid(
            "单位：万元\n支出项目\t2024年执行数\t2025年预算\n\t\t金额\t增长（%）\n\
             教育支出\t100\t110\t10.0\n卫生健康支出\t50\t55\t10.0\n",
        );
        assert_eq!(
            g.columns.iter().map(|c| c.role).collect::<Vec<_>>(),
            [Role::Name, Role::Reference, Role::Target, Role::Growth]
        );
        assert_eq!(cell(&paras, &g, 1, 2), Some("55"));
        // Cells under as many cells above stay right-aligned.
        let (_, g) = grid("指标\t2024年\t2025年\n\t预计\t计划\n地区生产总值增长\t5\t6\n");
        assert_eq!(
            g.columns
                .iter()
                .map(|c| c.header.as_str())
                .collect::<Vec<_>>(),
            ["指标", "2024年预计", "2025年计划"]
        );
    }

    #[test]
    fn a_livelihood_list_table_is_not_a_table_of_figures() {
        let paras = paragraphs(
            "序号\t项目名称\t主要内容\t牵头单位\n1\t学位建设\t新增学位1000个\t市教育局\n",
        );
        assert!(read(&paras, 0).is_none());
    }
}

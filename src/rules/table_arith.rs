//! `table-sum` and `table-growth`: the arithmetic inside a table of figures (see
//! [`crate::segment::table`]), with the rounding of the printed figures taken into account.
//!
//! - `table-sum`: a 合计/总计 row (or a 小计 row) that is not the sum of the rows it closes.
//!   `其中` rows are parts of the row above and are never added again; when some rows open with a
//!   heading marker (`一、`), only those are summed (the others are their sub-rows). A total adds
//!   the rows themselves, not the subtotals, so a wrong subtotal is reported once.
//! - `table-growth`: a growth cell that does not follow from the row's past figure and this
//!   year's figure: `(this / past − 1) × 100`. Not on a total that `table-sum` reports (its
//!   rate was computed from the true total).
//!
//! A printed figure stands for any value that rounds to it (`13.1` for 13.05 up to 13.15), so a
//! sum is wrong only when no choice of such values gives the printed total, and a growth rate
//! only when no choice gives the printed rate.

use super::Context;
use crate::finding::{Finding, Message};
use crate::quantity::Decimal;
use crate::segment::table::{Grid, Role, Row, RowKind};

/// A printed figure: its value and half a unit of its last digit.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Printed {
    value: Decimal,
    half: Decimal,
}

/// Reads a printed figure (`12,300`, `6.1`, `-2.5`, `8.6%`); `None` for anything else.
fn printed(cell: &str) -> Option<Printed> {
    let t = cell.trim().trim_end_matches('%');
    let (negative, t) = match t.strip_prefix(['-', '−', '－']) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let digits: String = t.chars().filter(|&c| c != ',').collect();
    let mut value: Decimal = digits.parse().ok()?;
    if negative {
        value = -value;
    }
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len());
    let half = Decimal::new(5, u32::try_from(decimals + 1).ok()?);
    Some(Printed { value, half })
}

fn cell_text<'a>(
    cx: &'a Context,
    row: &Row,
    col: usize,
) -> Option<(&'a str, std::ops::Range<usize>)> {
    let range = row.cells.get(col)?.clone()?;
    Some((cx.seg.paras[row.para].text.get(range.clone())?, range))
}

fn row_name(cx: &Context, row: &Row) -> String {
    cx.seg.paras[row.para]
        .text
        .get(row.name.clone())
        .unwrap_or("")
        .to_string()
}

fn finding(cx: &Context, rule: &'static str, row: &Row, col: usize, what: Message) -> Finding {
    let range = row.cells[col].clone().unwrap_or(0..0);
    let mut side = cx.text_side(row.para, 0..cx.seg.paras[row.para].text.len());
    side.highlight.push(range);
    Finding::new(rule, what, row.para * 1000, Some(side), None)
}

/// The rows a total or subtotal at `at` adds up.
fn members(grid: &Grid, at: usize) -> Vec<usize> {
    let kind = grid.rows[at].kind;
    let mut from = 0;
    for k in (0..at).rev() {
        let r = &grid.rows[k];
        let closes = match kind {
            RowKind::Total => r.kind == RowKind::Total,
            _ => matches!(r.kind, RowKind::Total | RowKind::Subtotal),
        };
        let other_category = kind == RowKind::Subtotal && r.category != grid.rows[at].category;
        if closes || other_category {
            from = k + 1;
            break;
        }
    }
    // A total adds up the rows themselves, so a wrong subtotal is reported once, on itself.
    let range: Vec<usize> = (from..at).collect();
    let data: Vec<usize> = range
        .into_iter()
        .filter(|&k| grid.rows[k].kind == RowKind::Data)
        .collect();
    if data.iter().any(|&k| grid.rows[k].heading) {
        return data.into_iter().filter(|&k| grid.rows[k].heading).collect();
    }
    data
}

/// The sum of the rows that the total or subtotal row `at` closes, in column `col`, and how
/// many rows it adds, when it misses the printed total by more than the rounding explains.
fn wrong_sum(cx: &Context, grid: &Grid, at: usize, col: usize) -> Option<(Decimal, usize)> {
    let row = &grid.rows[at];
    if !matches!(row.kind, RowKind::Total | RowKind::Subtotal) {
        return None;
    }
    let total = cell_text(cx, row, col).and_then(|(t, _)| printed(t))?;
    let figures: Vec<Printed> = members(grid, at)
        .iter()
        .filter_map(|&k| cell_text(cx, &grid.rows[k], col).and_then(|(t, _)| printed(t)))
        .collect();
    if figures.len() < 2 {
        return None;
    }
    let sum: Decimal = figures.iter().map(|p| p.value).sum();
    let slack: Decimal = figures.iter().map(|p| p.half).sum::<Decimal>() + total.half;
    ((sum - total.value).abs() > slack).then_some((sum, figures.len()))
}

/// `table-sum`.
pub fn check_sum(cx: &Context, out: &mut Vec<Finding>) {
    let Some(grid) = cx.seg.annex.grid.as_deref() else {
        return;
    };
    for (at, row) in grid.rows.iter().enumerate() {
        for (col, column) in grid.columns.iter().enumerate() {
            if !matches!(column.role, Role::Target | Role::Reference) {
                continue;
            }
            let Some((sum, rows)) = wrong_sum(cx, grid, at, col) else {
                continue;
            };
            let what = Message::TableSum {
                name: row_name(cx, row),
                column: column.header.clone(),
                stated: cell_text(cx, row, col).map_or(String::new(), |(t, _)| t.to_string()),
                sum: sum.normalize().to_string(),
                rows,
            };
            out.push(finding(cx, "table-sum", row, col, what));
        }
    }
}

/// `table-growth`.
pub fn check_growth(cx: &Context, out: &mut Vec<Finding>) {
    let Some(grid) = cx.seg.annex.grid.as_deref() else {
        return;
    };
    let Some(growth) = grid.column(Role::Growth) else {
        return;
    };
    let Some(this) = grid.column(Role::Target) else {
        return;
    };
    // The past figure: the last reference column before this year's.
    let Some(past) = (0..this)
        .rev()
        .find(|&k| grid.columns[k].role == Role::Reference)
        .or_else(|| grid.column(Role::Reference))
    else {
        return;
    };
    let hundred = Decimal::from(100);
    for (at, row) in grid.rows.iter().enumerate() {
        // A total that table-sum reports gives a wrong rate too: reported once, by table-sum.
        if wrong_sum(cx, grid, at, this).is_some() || wrong_sum(cx, grid, at, past).is_some() {
            continue;
        }
        // A row of rates (`%`) grows in points, not in percent of itself.
        if grid.unit_of(row, this).as_deref() == Some("%") {
            continue;
        }
        let get = |col| cell_text(cx, row, col).and_then(|(t, _)| printed(t));
        let (Some(g), Some(t), Some(p)) = (get(growth), get(this), get(past)) else {
            continue;
        };
        if p.value - p.half <= Decimal::ZERO || t.value - t.half < Decimal::ZERO {
            continue;
        }
        let low = ((t.value - t.half) / (p.value + p.half) - Decimal::ONE) * hundred;
        let high = ((t.value + t.half) / (p.value - p.half) - Decimal::ONE) * hundred;
        if g.value + g.half >= low && g.value - g.half <= high {
            continue;
        }
        let computed = ((t.value / p.value - Decimal::ONE) * hundred).round_dp(1);
        let what = Message::TableGrowth {
            name: row_name(cx, row),
            stated: cell_text(cx, row, growth)
                .map_or(String::new(), |(s, _)| s.trim_end_matches('%').to_string()),
            past: cell_text(cx, row, past).map_or(String::new(), |(s, _)| s.to_string()),
            this: cell_text(cx, row, this).map_or(String::new(), |(s, _)| s.to_string()),
            computed: computed.normalize().to_string(),
        };
        out.push(finding(cx, "table-growth", row, growth, what));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_figures_and_their_rounding() {
        let p = printed("12,300").unwrap();
        assert_eq!(p.value, Decimal::from(12300));
        assert_eq!(p.half, Decimal::new(5, 1));
        let p = printed("-2.35").unwrap();
        assert_eq!(p.value, Decimal::new(-235, 2));
        assert_eq!(p.half, Decimal::new(5, 3));
        assert!(printed("6左右").is_none());
        assert!(printed("—").is_none());
    }
}

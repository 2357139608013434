//! `number-mismatch`: an aligned annex/body pair states different values for the same thing.
//! Explains two likely causes in the hint: the body figure is the rounded sum of several annex
//! figures, or the wrong figure repeats a neighbouring commitment's figure (a copy slip).

use super::Context;
use crate::align::{same_value, PairKind};
use crate::extract::Part;
use crate::finding::Finding;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let units = &cx.tables.quantity.units;
    for (a, b, rounded) in cx.pairs(PairKind::Differ) {
        let (qa, qb) = (&cx.commitments[a].qty, &cx.commitments[b].qty);
        if same_value(qa, qb) || !(qa.unit == qb.unit || units.compatible(&qa.unit, &qb.unit)) {
            continue;
        }
        let name = cx.commitments[a].name();
        let message = format!("{name}: annex {}, body {}", cx.qty_text(a), cx.qty_text(b));
        let mut f = cx.finding("number-mismatch", message, Some(a), Some(b));
        f.hint = rounded_sum_hint(cx, a, b, rounded).or_else(|| copy_slip_hint(cx, a, b));
        out.push(f);
    }
}

fn rounded_sum_hint(cx: &Context, a: usize, b: usize, rounded: &[usize]) -> Option<String> {
    if rounded.is_empty() {
        return None;
    }
    let mut parts = vec![cx.qty_text(a).to_string()];
    parts.extend(rounded.iter().map(|&o| cx.qty_text(o).to_string()));
    let sum = cx.commitments[a].qty.value
        + rounded
            .iter()
            .map(|&o| cx.commitments[o].qty.value)
            .sum::<crate::quantity::Decimal>();
    Some(format!(
        "body {} looks like the rounded sum of annex {} (= {}): the body may count them together",
        cx.qty_text(b),
        parts.join(" + "),
        sum.normalize()
    ))
}

/// The wrong figure equals a neighbouring commitment's figure in the same item or the next (annex),
/// or the same paragraph or the next (body).
fn copy_slip_hint(cx: &Context, a: usize, b: usize) -> Option<String> {
    let cs = cx.commitments;
    for (this, side) in [(a, "annex"), (b, "body")] {
        let c = &cs[this];
        let neighbour = cs.iter().enumerate().find(|(i, n)| {
            *i != this
                && n.part == c.part
                && n.qty.value == c.qty.value
                && n.qty.unit == c.qty.unit
                && match c.part {
                    Part::Annex => n
                        .item
                        .zip(c.item)
                        .is_some_and(|(x, y)| x == y || x == y + 1),
                    Part::Body => n.para == c.para || n.para == c.para + 1,
                }
        });
        if let Some((n, _)) = neighbour {
            return Some(format!(
                "{side} {} repeats the figure of “{}” beside it: likely a copy slip in the {side}",
                cx.qty_text(this),
                cs[n].quote_text(cx.seg)
            ));
        }
    }
    None
}

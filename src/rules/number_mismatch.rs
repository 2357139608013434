//! `number-mismatch`: an aligned annex/body pair states different values for the same thing.
//! Explains two likely causes in the hint: the body figure is the rounded sum of several annex
//! figures, or the wrong figure repeats a neighbouring commitment's figure (a copy slip).

use super::Context;
use crate::align::{same_value, PairKind};
use crate::extract::Part;
use crate::finding::{Finding, Hint, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let units = &cx.tables.quantity.units;
    for (a, b, rounded) in cx.pairs(PairKind::Differ) {
        let (qa, qb) = (&cx.commitments[a].qty, &cx.commitments[b].qty);
        if same_value(qa, qb) || !(qa.unit == qb.unit || units.compatible(&qa.unit, &qb.unit)) {
            continue;
        }
        let message = Message::NumberMismatch {
            name: cx.commitments[a].name(),
            annex: cx.qty_text(a).to_string(),
            body: cx.qty_text(b).to_string(),
        };
        let mut f = cx.finding("number-mismatch", message, Some(a), Some(b));
        if let Some(hint) = rounded_sum_hint(cx, a, b, rounded).or_else(|| copy_slip_hint(cx, a, b))
        {
            f.set_hint(hint);
        }
        out.push(f);
    }
}

fn rounded_sum_hint(cx: &Context, a: usize, b: usize, rounded: &[usize]) -> Option<Hint> {
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
    Some(Hint::RoundedSum {
        body: cx.qty_text(b).to_string(),
        parts,
        sum: sum.normalize().to_string(),
    })
}

/// The wrong figure equals a neighbouring commitment's figure in the same item or the next (annex),
/// or the same paragraph or the next (body).
fn copy_slip_hint(cx: &Context, a: usize, b: usize) -> Option<Hint> {
    let cs = cx.commitments;
    for (this, side) in [
        (a, crate::finding::Part::Annex),
        (b, crate::finding::Part::Body),
    ] {
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
            return Some(Hint::CopySlip {
                side,
                qty: cx.qty_text(this).to_string(),
                neighbour: cs[n].quote_text(cx.seg).to_string(),
            });
        }
    }
    None
}

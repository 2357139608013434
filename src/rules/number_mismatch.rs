//! `number-mismatch`: an aligned annex/body pair states different values for the same thing.
//! Explains two likely causes in the hint: the body figure is the rounded sum of several annex
//! figures, or the wrong figure repeats a neighbouring commitment's figure (a copy slip).

use super::Context;
use crate::align::{same_value, PairKind};
use crate::extract::{Commitment, Part};
use crate::finding::{Finding, Hint, Message};
use rustc_hash::FxHashMap;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let units = &cx.tables.quantity.units;
    let mut places: Option<Places> = None;
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
        let places = places.get_or_insert_with(|| Places::new(cx.commitments));
        if let Some(hint) =
            rounded_sum_hint(cx, a, b, rounded).or_else(|| copy_slip_hint(cx, places, a, b))
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

/// Commitments by where they sit: annex ones by item, body ones by paragraph, each list
/// ascending, so that a commitment's neighbours are found without a pass over all of them.
struct Places(FxHashMap<(bool, usize), Vec<usize>>);

impl Places {
    fn new(cs: &[Commitment]) -> Places {
        let mut map: FxHashMap<(bool, usize), Vec<usize>> = FxHashMap::default();
        for (i, c) in cs.iter().enumerate() {
            if let Some(place) = place(c) {
                map.entry(place).or_default().push(i);
            }
        }
        Places(map)
    }

    /// The commitments at `c`'s place and the next one (the same item or the next, the same
    /// paragraph or the next), ascending.
    fn around(&self, c: &Commitment) -> Vec<usize> {
        let Some((annex, at)) = place(c) else {
            return Vec::new();
        };
        let mut out: Vec<usize> = [at, at + 1]
            .iter()
            .filter_map(|k| self.0.get(&(annex, *k)))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out
    }
}

/// An annex commitment's item, a body commitment's paragraph.
fn place(c: &Commitment) -> Option<(bool, usize)> {
    match c.part {
        Part::Annex => c.item.map(|item| (true, item)),
        Part::Body => Some((false, c.para)),
    }
}

/// The wrong figure equals a neighbouring commitment's figure in the same item or the next (annex),
/// or the same paragraph or the next (body).
fn copy_slip_hint(cx: &Context, places: &Places, a: usize, b: usize) -> Option<Hint> {
    let cs = cx.commitments;
    for (this, side) in [
        (a, crate::finding::Part::Annex),
        (b, crate::finding::Part::Body),
    ] {
        let c = &cs[this];
        let neighbour = places.around(c).into_iter().find(|&i| {
            let n = &cs[i];
            i != this && n.qty.value == c.qty.value && n.qty.unit == c.qty.unit
        });
        if let Some(n) = neighbour {
            return Some(Hint::CopySlip {
                side,
                qty: cx.qty_text(this).to_string(),
                neighbour: cs[n].quote_text(cx.seg).to_string(),
            });
        }
    }
    None
}

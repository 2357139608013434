//! `number-mismatch`: an aligned annex/body pair states different values for the same thing.
//! Explains two likely causes in the hint: the body figure is the rounded sum of several annex
//! figures, or the wrong figure repeats a neighbouring commitment's figure (a copy slip).

use super::Context;
use crate::align::{same_value, PairKind};
use crate::extract::{Commitment, Part};
use crate::finding::{Finding, Hint, Message};
use crate::quantity::Decimal;
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

/// Commitments by where they sit (annex ones by item, body ones by paragraph) and what they
/// state (value and unit): the first two of each, in document order, so that a commitment's
/// first neighbour with the same figure is two look-ups away.
struct Places<'c>(FxHashMap<(bool, usize, Decimal, &'c str), [Option<usize>; 2]>);

impl<'c> Places<'c> {
    fn new(cs: &'c [Commitment]) -> Places<'c> {
        let mut map: FxHashMap<_, [Option<usize>; 2]> =
            FxHashMap::with_capacity_and_hasher(cs.len(), Default::default());
        for (i, c) in cs.iter().enumerate() {
            if let Some((annex, at)) = place(c) {
                let first = map.entry((annex, at, c.qty.value.normalize(), c.qty.unit.as_str()));
                if let Some(free) = first.or_default().iter_mut().find(|x| x.is_none()) {
                    *free = Some(i);
                }
            }
        }
        Places(map)
    }

    /// The first commitment other than `this` with `this`'s value and unit at its place or the
    /// next one (the same item or the next, the same paragraph or the next).
    fn neighbour(&self, cs: &[Commitment], this: usize) -> Option<usize> {
        let c = &cs[this];
        let (annex, at) = place(c)?;
        let value = c.qty.value.normalize();
        [at, at + 1]
            .iter()
            .filter_map(|&k| self.0.get(&(annex, k, value, c.qty.unit.as_str())))
            .filter_map(|first| first.iter().flatten().copied().find(|&i| i != this))
            .min()
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
        if let Some(n) = places.neighbour(cs, this) {
            return Some(Hint::CopySlip {
                side,
                qty: cx.qty_text(this).to_string(),
                neighbour: cs[n].quote_text(cx.seg).to_string(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{ReadOptions, Source};
    use crate::tables::Tables;
    use std::path::Path;

    /// The first commitment, in document order, at the same or the next place with the same
    /// value and unit: every commitment compared.
    fn neighbour_by_search(cs: &[Commitment], this: usize) -> Option<usize> {
        let c = &cs[this];
        (0..cs.len()).find(|&i| {
            let n = &cs[i];
            i != this
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
        })
    }

    #[test]
    fn places_find_the_neighbour_a_search_finds() {
        let tables = Tables::builtin().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_6f198439acdb62c0.txt");
        let written = Source::from_text(
            "t.txt",
            "（六）办好民生实事。新建幼儿园3所,改造幼儿园3所,新增学位3.0万个。\n\
             新建公园3个,新增学位3万个。\n\
             附件\n1. 新建幼儿园3所,改造幼儿园3所。\n2. 新增学位3万个,新增学位30000个。\n\
             3. 新建公园3个。\n",
        );
        let sources = [
            Source::read(&sample, &ReadOptions::default()).unwrap(),
            written,
        ];
        let mut compared = 0;
        for source in &sources {
            let seg = crate::segment::segment(&source.text, &tables.annex).unwrap();
            let cs = crate::extract::extract(&seg, tables);
            let places = Places::new(&cs);
            for this in 0..cs.len() {
                let expected = neighbour_by_search(&cs, this);
                assert_eq!(
                    places.neighbour(&cs, this),
                    expected,
                    "{}",
                    cs[this].subject
                );
                compared += usize::from(expected.is_some());
            }
        }
        assert!(
            compared >= 6,
            "only {compared} commitments have a neighbour"
        );
    }
}

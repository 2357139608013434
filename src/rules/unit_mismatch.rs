//! `unit-mismatch`: an aligned pair states the same thing in incompatible units (万人 vs 万人次).
//! Units listed together in a group of `rules/units.toml` (个/所, 人/名) are synonyms.

use super::Context;
use crate::align::PairKind;
use crate::finding::{Finding, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let units = &cx.tables.quantity.units;
    for (a, b, _) in cx.pairs(PairKind::Differ) {
        let (qa, qb) = (&cx.commitments[a].qty, &cx.commitments[b].qty);
        if qa.unit == qb.unit || units.compatible(&qa.unit, &qb.unit) {
            continue;
        }
        let message = Message::UnitMismatch {
            name: cx.commitments[a].name(),
            annex: cx.qty_text(a).to_string(),
            body: cx.qty_text(b).to_string(),
            annex_unit: qa.unit.clone(),
            body_unit: qb.unit.clone(),
        };
        out.push(cx.finding("unit-mismatch", message, Some(a), Some(b)));
    }
}

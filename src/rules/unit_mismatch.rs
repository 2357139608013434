//! `unit-mismatch`: an aligned pair states the same thing in incompatible units (万人 vs 万人次).
//! Units listed together in a group of `rules/units.toml` (个/所, 人/名) are synonyms.

use super::Context;
use crate::align::PairKind;
use crate::finding::Finding;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let units = &cx.tables.quantity.units;
    for (a, b, _) in cx.pairs(PairKind::Differ) {
        let (qa, qb) = (&cx.commitments[a].qty, &cx.commitments[b].qty);
        if qa.unit == qb.unit || units.compatible(&qa.unit, &qb.unit) {
            continue;
        }
        let show = |u: &str| {
            if u.is_empty() {
                "none".to_string()
            } else {
                u.to_string()
            }
        };
        let message = format!(
            "{}: annex {}, body {} (unit {} vs {})",
            cx.commitments[a].name(),
            cx.qty_text(a),
            cx.qty_text(b),
            show(&qa.unit),
            show(&qb.unit)
        );
        out.push(cx.finding("unit-mismatch", message, Some(a), Some(b)));
    }
}

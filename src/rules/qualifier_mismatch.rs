//! `qualifier-mismatch`: an aligned pair states the same value with different bounds: `以上` vs
//! `左右`, or a bound on one side only. Synonyms (`不低于5%` and `5%以上`) are the same bound.

use super::Context;
use crate::align::PairKind;
use crate::finding::{Finding, Hint, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (a, b, _) in cx.pairs(PairKind::Equal) {
        let (qa, qb) = (
            cx.commitments[a].qty.qualifier,
            cx.commitments[b].qty.qualifier,
        );
        if qa == qb {
            continue;
        }
        let message = Message::QualifierMismatch {
            name: cx.commitments[a].name(),
            annex: cx.qty_text(a).to_string(),
            annex_bound: qa,
            body: cx.qty_text(b).to_string(),
            body_bound: qb,
        };
        let mut f = cx.finding("qualifier-mismatch", message, Some(a), Some(b));
        f.set_hint(match (qa, qb) {
            (Some(_), None) | (None, Some(_)) => Hint::BoundDropped,
            _ => Hint::BoundsDiffer,
        });
        out.push(f);
    }
}

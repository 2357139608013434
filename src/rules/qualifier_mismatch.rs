//! `qualifier-mismatch`: an aligned pair states the same value with different bounds: `以上` vs
//! `左右`, or a bound on one side only. Synonyms (`不低于5%` and `5%以上`) are the same bound.

use super::Context;
use crate::align::PairKind;
use crate::finding::Finding;
use crate::quantity::Qualifier;

fn describe(q: Option<Qualifier>) -> &'static str {
    q.map_or("no bound", Qualifier::as_str)
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (a, b, _) in cx.pairs(PairKind::Equal) {
        let (qa, qb) = (
            cx.commitments[a].qty.qualifier,
            cx.commitments[b].qty.qualifier,
        );
        if qa == qb {
            continue;
        }
        let message = format!(
            "{}: annex {} ({}), body {} ({})",
            cx.commitments[a].name(),
            cx.qty_text(a),
            describe(qa),
            cx.qty_text(b),
            describe(qb)
        );
        let mut f = cx.finding("qualifier-mismatch", message, Some(a), Some(b));
        f.hint = Some(match (qa, qb) {
            (Some(_), None) | (None, Some(_)) => {
                "one side drops the bound; state it on both or on neither".to_string()
            }
            _ => "the two bounds mean different ranges; pick one".to_string(),
        });
        out.push(f);
    }
}

//! `sum-match`: a body figure equals the exact sum of several annex figures of one item
//! (`350个 + 2000个 = 2350个`). Not a defect: shown so an editor can confirm the merge.

use super::Context;
use crate::align::Link;
use crate::finding::{Finding, Hint, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for link in &cx.alignment.links {
        let Link::Sum { annex, body } = link else {
            continue;
        };
        let Some(&first) = annex.first() else {
            continue;
        };
        let message = Message::SumMatch {
            name: cx.commitments[*body].name(),
            body: cx.qty_text(*body).to_string(),
            parts: annex.iter().map(|&a| cx.qty_text(a).to_string()).collect(),
        };
        let mut f = cx.finding("sum-match", message, Some(first), Some(*body));
        let quotes = annex
            .iter()
            .map(|&a| cx.commitments[a].quote_text(cx.seg).to_string())
            .collect();
        f.set_hint(Hint::Merges { quotes });
        out.push(f);
    }
}

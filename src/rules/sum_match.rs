//! `sum-match`: a body figure equals the exact sum of several annex figures of one item
//! (`350个 + 2000个 = 2350个`). Not a defect: shown so an editor can confirm the merge.

use super::Context;
use crate::align::Link;
use crate::finding::Finding;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for link in &cx.alignment.links {
        let Link::Sum { annex, body } = link else {
            continue;
        };
        let Some(&first) = annex.first() else {
            continue;
        };
        let parts: Vec<&str> = annex.iter().map(|&a| cx.qty_text(a)).collect();
        let message = format!(
            "{}: body {} = annex {}",
            cx.commitments[*body].name(),
            cx.qty_text(*body),
            parts.join(" + ")
        );
        let mut f = cx.finding("sum-match", message, Some(first), Some(*body));
        let quotes: Vec<&str> = annex
            .iter()
            .map(|&a| cx.commitments[a].quote_text(cx.seg))
            .collect();
        f.hint = Some(format!("the body merges: {}", quotes.join("; ")));
        out.push(f);
    }
}

//! `annex-only`: an annex commitment that no body sentence restates.

use super::Context;
use crate::extract::Part;
use crate::finding::Finding;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (i, c) in cx.commitments.iter().enumerate() {
        if c.part != Part::Annex || cx.alignment.linked[i] {
            continue;
        }
        let message = format!(
            "{}: annex states {}; the body does not",
            c.name(),
            cx.qty_text(i)
        );
        out.push(cx.finding("annex-only", message, Some(i), None));
    }
}

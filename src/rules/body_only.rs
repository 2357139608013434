//! `body-only`: a body commitment inside a livelihood passage (a body section that restates the
//! annex, from its first restating sentence to its last) that no annex item states. Numbers
//! elsewhere in the body are not commitments of the annex and are never reported.

use super::Context;
use crate::extract::Part;
use crate::finding::{Finding, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (i, c) in cx.commitments.iter().enumerate() {
        if c.part != Part::Body || cx.alignment.linked[i] || !cx.alignment.in_passage[i] {
            continue;
        }
        // A distributive figure (`A、B各5个`) is one commitment per thing, all at one place:
        // reported once.
        let reported = |j: usize| {
            let o = &cx.commitments[j];
            o.para == c.para
                && o.qty.span == c.qty.span
                && !cx.alignment.linked[j]
                && cx.alignment.in_passage[j]
        };
        if i.checked_sub(1).is_some_and(reported) {
            continue;
        }
        let message = Message::BodyOnly {
            name: c.name(),
            qty: cx.qty_text(i).to_string(),
        };
        out.push(cx.finding("body-only", message, None, Some(i)));
    }
}

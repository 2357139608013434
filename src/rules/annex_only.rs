//! `annex-only`: an annex commitment that no body sentence restates.

use super::Context;
use crate::extract::Part;
use crate::finding::{Finding, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (i, c) in cx.commitments.iter().enumerate() {
        if c.part != Part::Annex || cx.alignment.linked[i] {
            continue;
        }
        let message = Message::AnnexOnly {
            name: c.name(),
            qty: cx.qty_text(i).to_string(),
        };
        out.push(cx.finding("annex-only", message, Some(i), None));
    }
}

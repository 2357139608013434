//! `annex-only`: an annex commitment that no body sentence restates. Not for a table of figures
//! (a plan's indicator table, a budget table): the body restates a selection of its rows by
//! design, so a row it leaves out is no discrepancy.

use super::Context;
use crate::extract::Part;
use crate::finding::{Finding, Message};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.seg.annex.grid.is_some() {
        return;
    }
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

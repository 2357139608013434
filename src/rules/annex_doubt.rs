//! `annex-unread` and `annex-unsure`: hedui says so when it is not sure it read the annex.
//!
//! A run that silently checks the wrong list is the worst outcome, so the list taken for the
//! annex is judged twice: by the evidence it was chosen with (a `附件` line or a title naming it,
//! a stated total that agrees, items that state figures, items that do not read like report
//! prose, no rival list nearly as good), and by the body (at least half of the annex's figures
//! restated). `annex-unread` (an error by default) fires when the list was not announced by any
//! line and the evidence or the body speaks against it, when it stops far short of its stated
//! total, or when the body restates none of it; `annex-unsure` (a warning) for any other doubt.
//! Both name the lines read as the annex, the item count and every reason.

use super::Context;
use crate::extract::Part;
use crate::finding::{Doubt, Finding, Message};
use crate::segment::Segmented;

/// The doubts about the list itself, before the body is compared with it (what `hedui annex`
/// marks as unsure), and whether they amount to "not read". A list short of its stated total by
/// less than half is not doubted here: `count-mismatch` reports it. `figures`: the annex
/// commitments extracted.
pub(crate) fn list_doubts(
    seg: &Segmented,
    figures: usize,
    line_of: impl Fn(usize) -> usize,
) -> (bool, Vec<Doubt>) {
    let a = &seg.annex;
    let e = &a.evidence;
    let items = a.items.len();
    let mut doubts = Vec::new();
    let mut unread = false;
    if !a.anchored() {
        doubts.push(Doubt::NotAnnounced);
    }
    if let Some(t) = &a.total {
        let stated = t.value as usize;
        if items * 2 < stated {
            doubts.push(Doubt::FarShort {
                stated,
                listed: items,
            });
            unread = true;
        }
    }
    if figures > 0 && e.with_figures * 2 < items {
        doubts.push(Doubt::FewFigures {
            with: e.with_figures,
            items,
        });
    }
    if e.prose_items * 2 >= items {
        doubts.push(Doubt::ProseItems {
            prose: e.prose_items,
            items,
        });
    }
    if let Some((para, listed)) = e.rival {
        doubts.push(Doubt::Rival {
            line: line_of(para),
            items: listed,
        });
    }
    if figures == 0 {
        if names_only(seg) && doubts.is_empty() {
            doubts.push(Doubt::NamesOnly { items });
        } else {
            doubts.push(Doubt::NoFigures);
            unread = true;
        }
    }
    (unread, doubts)
}

/// Whether the annex is plainly a list of names without figures (a 人大 announcement of the
/// projects voted for): announced, at least three items, each a short name (one clause), and a
/// stated total, if any, equal to the items read.
fn names_only(seg: &Segmented) -> bool {
    let a = &seg.annex;
    let items = a.items.len();
    a.anchored()
        && items >= 3
        && a.grid.is_none()
        && a.total.as_ref().is_none_or(|t| t.value as usize == items)
        && a.items.iter().all(|it| {
            let [p] = it.paras[..] else {
                return false;
            };
            let text = seg.paras.get(p).map_or("", |p| p.text.as_str());
            let name = text
                .get(it.marker.len..)
                .unwrap_or(text)
                .trim_end_matches(['。', ';', ',', '.']);
            name.chars().count() <= 40 && !name.contains(['。', ';', ',', ':'])
        })
}

/// The doubts about the annex as read, and whether they amount to "not read".
pub(crate) fn assess(cx: &Context) -> (bool, Vec<Doubt>) {
    let a = &cx.seg.annex;
    let annex: Vec<usize> = (0..cx.commitments.len())
        .filter(|&i| cx.commitments[i].part == Part::Annex && !cx.commitments[i].reference)
        .collect();
    let aligned = annex.iter().filter(|&&i| cx.alignment.linked[i]).count();
    let (mut unread, mut doubts) = list_doubts(cx.seg, annex.len(), |p| cx.text_side(p, 0..0).line);
    // An annex without figures has its doubt (NoFigures or NamesOnly) from the list already.
    if !annex.is_empty() && aligned * 2 < annex.len() && (a.grid.is_none() || aligned == 0) {
        // A table of figures is restated in part by design (a plan's indicator table has many
        // rows the body never names): only a body that restates none of it is a doubt.
        doubts.push(Doubt::FewRestated {
            aligned,
            figures: annex.len(),
        });
        unread |= aligned == 0;
    }
    if !a.anchored() && doubts.len() > 1 {
        unread = true;
    }
    (unread, doubts)
}

fn finding(cx: &Context, rule: &'static str, doubts: Vec<Doubt>) -> Finding {
    let a = &cx.seg.annex;
    let first = a.paras.start;
    let last = a.paras.end.saturating_sub(1).max(first);
    let side = cx.text_side(first, 0..cx.seg.paras[first].text.len());
    let last_line = {
        let p = &cx.seg.paras[last];
        cx.source
            .location(p.origin(p.text.len().saturating_sub(1)))
            .line
    };
    let what = Message::AnnexDoubt {
        unread: rule == "annex-unread",
        first: side.line,
        last: last_line.max(side.line),
        items: a.items.len(),
        layout: a.layout.as_str().to_string(),
        doubts,
    };
    Finding::new(rule, what, 0, Some(side), None)
}

/// `annex-unread`.
pub fn check_unread(cx: &Context, out: &mut Vec<Finding>) {
    let (unread, doubts) = assess(cx);
    if unread {
        out.push(finding(cx, "annex-unread", doubts));
    }
}

/// `annex-unsure`.
pub fn check_unsure(cx: &Context, out: &mut Vec<Finding>) {
    let (unread, doubts) = assess(cx);
    if !unread && !doubts.is_empty() {
        out.push(finding(cx, "annex-unsure", doubts));
    }
}

//! `count-mismatch`: a stated total (the title's `43件`, a section heading's `7件`) differs from
//! the number of items actually listed under it; or the body's count of an annex table's
//! indicators or categories (`主要指标共18项`, `10类重点支出`) differs from the table's rows or
//! category rows.

use super::Context;
use crate::finding::{Finding, Hint, Message};
use crate::segment::table_count::Counted;
use crate::segment::Count;

fn count_finding(cx: &Context, count: &Count, what: Message) -> Finding {
    let para = &cx.seg.paras[count.para];
    let mut annex = cx.text_side(count.para, 0..para.text.len());
    annex.value = Some(count.value.into());
    annex.unit = para.text.get(count.span.clone()).and_then(|s| {
        s.chars()
            .find(|c| !c.is_ascii_digit() && !"零〇一二两三四五六七八九十百共计".contains(*c))
            .map(String::from)
    });
    annex.highlight = vec![count.span.clone()];
    Finding::new("count-mismatch", what, count.para * 1000, Some(annex), None)
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let annex = &cx.seg.annex;
    let misnumbered: Vec<u32> = annex
        .sections
        .iter()
        .filter(|s| s.misnumbered)
        .filter_map(|s| s.marker.as_ref().map(|m| m.number))
        .collect();
    if let Some(total) = &annex.total {
        let listed = annex.items.len();
        if total.value as usize != listed {
            let what = Message::TitleCount {
                stated: total.value,
                listed,
            };
            let mut f = count_finding(cx, total, what);
            if total.value as usize == listed + misnumbered.len() && !misnumbered.is_empty() {
                f.set_hint(Hint::HeadingCounted {
                    numbers: misnumbered.clone(),
                });
            }
            out.push(f);
        }
    }
    // A total stated in a livelihood passage of the body.
    for (section, count) in &cx.seg.body_totals {
        // A body total equal to the title's is covered by the title's finding.
        let same_as_title = annex.total.as_ref().is_some_and(|t| t.value == count.value);
        // `五大惠民工程` counts the annex's categories, not its items.
        let counts_sections = annex.sections.len() > 1
            && count.value as usize == annex.sections.len()
            && cx.seg.paras[count.para]
                .text
                .get(count.span.clone())
                .is_some_and(|t| t.contains('大'));
        if !cx.alignment.passages.contains(section)
            || count.value as usize == annex.items.len()
            || same_as_title
            || counts_sections
        {
            continue;
        }
        let mut side = cx.text_side(count.para, count.span.clone());
        side.value = Some(count.value.into());
        side.highlight.push(0..side.text.len());
        let what = Message::BodyCount {
            stated: count.value,
            listed: annex.items.len(),
        };
        out.push(Finding::new(
            "count-mismatch",
            what,
            usize::MAX / 2,
            None,
            Some(side),
        ));
    }
    table_counts(cx, out);
    for s in &annex.sections {
        let Some(count) = &s.count else { continue };
        let listed = s.items.len();
        if count.value as usize == listed {
            continue;
        }
        let what = Message::SectionCount {
            stated: count.value,
            listed,
        };
        let mut f = count_finding(cx, count, what);
        let numbers: Vec<u32> = annex.items[s.items.clone()]
            .iter()
            .map(|i| i.marker.number)
            .collect();
        if let (Some(first), Some(last)) = (numbers.first(), numbers.last()) {
            f.set_hint(Hint::ItemsUnder {
                first: *first,
                last: *last,
            });
        }
        out.push(f);
    }
}

/// The body's counts of an annex table's indicators or categories: reported when the count equals
/// none of the table's readings of it, against the nearest (the table's title line on the annex
/// side).
fn table_counts(cx: &Context, out: &mut Vec<Finding>) {
    let annex = &cx.seg.annex;
    for count in &cx.seg.table_counts {
        let stated = count.value as usize;
        let Some(&listed) = count.candidates.iter().min_by_key(|&&n| n.abs_diff(stated)) else {
            continue;
        };
        if listed == stated {
            continue;
        }
        let mut body = cx.text_side(count.para, count.span.clone());
        body.value = Some(count.value.into());
        body.highlight.push(0..body.text.len());
        let title = annex
            .evidence
            .title
            .or(annex.evidence.opener)
            .unwrap_or(annex.paras.start);
        let mut side = cx.text_side(title, 0..cx.seg.paras[title].text.len());
        side.value = Some(listed.into());
        let what = Message::TableCount {
            stated: count.value,
            listed,
            categories: count.counted == Counted::Categories,
        };
        out.push(Finding::new(
            "count-mismatch",
            what,
            title * 1000,
            Some(side),
            Some(body),
        ));
    }
}

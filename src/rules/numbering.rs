//! `numbering`: item numbers skip, repeat or go backwards; a section heading carries an item
//! number (`18. 优化基本公共服务15件` instead of `三、…`); heading numbers skip or repeat.
//! Numbering that restarts at 1 in every section is recognised as a style, not a defect. Not for
//! an annex that is a table of figures (its serial column is not checked).

use super::Context;
use crate::finding::{Finding, Hint, Message};
use crate::segment::{Marker, Style};

fn finding(
    cx: &Context,
    para: usize,
    marker: &Marker,
    what: Message,
    why: Option<Hint>,
) -> Finding {
    let text_len = cx.seg.paras[para].text.len();
    let mut annex = cx.text_side(para, 0..text_len);
    annex.highlight.push(0..marker.label.len());
    let mut f = Finding::new("numbering", what, para * 1000, Some(annex), None);
    f.item = Some(marker.number.to_string());
    if let Some(why) = why {
        f.set_hint(why);
    }
    f
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let annex = &cx.seg.annex;
    // A table's serial column skips its 其中, 小计 and 合计 rows by design; rows are not items of a
    // numbered list.
    if annex.grid.is_some() {
        return;
    }
    let restarts = annex.sections.iter().skip(1).any(|s| {
        annex
            .items
            .get(s.items.start)
            .is_some_and(|i| i.marker.number == 1)
            && !s.items.is_empty()
    });

    // Walk headings and items in document order.
    enum Entry<'a> {
        Heading(usize, &'a crate::segment::Section),
        Item(usize, &'a crate::segment::Item),
    }
    let mut entries: Vec<Entry> = annex
        .sections
        .iter()
        .map(|s| Entry::Heading(s.para, s))
        .chain(
            annex
                .items
                .iter()
                .filter_map(|i| i.paras.first().map(|&p| Entry::Item(p, i))),
        )
        .collect();
    entries.sort_by_key(|e| match e {
        Entry::Heading(p, _) | Entry::Item(p, _) => *p,
    });

    // Items without numbers (bullets, unnumbered lines) have no numbering to check.
    if matches!(annex.item_style, Style::Bullet | Style::Unnumbered) {
        return;
    }
    let mut prev: u32 = 0;
    let mut after_fault: Option<u32> = None;
    let mut prev_heading: u32 = 0;
    let heading_style = annex
        .sections
        .iter()
        .find(|s| !s.misnumbered)
        .and_then(|s| s.marker.as_ref())
        .map(|m| m.style);
    for entry in entries {
        match entry {
            Entry::Heading(para, s) => {
                let Some(m) = &s.marker else {
                    // A heading without a marker (a second list's own title) restarts too.
                    if restarts {
                        prev = 0;
                    }
                    continue;
                };
                if s.misnumbered {
                    let expected = prev_heading + 1;
                    out.push(finding(
                        cx,
                        para,
                        m,
                        Message::HeadingCarriesItem { number: m.number },
                        Some(Hint::HeadingNumber {
                            suggestion: chinese_digit(expected),
                        }),
                    ));
                    if !restarts && m.number == prev + 1 {
                        prev = m.number;
                    }
                    prev_heading += 1;
                } else if Some(m.style) == heading_style {
                    if m.number != prev_heading + 1 {
                        out.push(finding(
                            cx,
                            para,
                            m,
                            Message::HeadingOrder {
                                label: m.label.clone(),
                                back: m.number <= prev_heading,
                                expected: prev_heading + 1,
                            },
                            None,
                        ));
                    }
                    prev_heading = m.number;
                }
                if restarts {
                    prev = 0;
                }
            }
            Entry::Item(para, item) => {
                let n = item.marker.number;
                // After a repeated or backward number, the next may follow the number that item
                // should have had (`8, 8, 10`: the second 8 was meant to be 9).
                let meant = after_fault.take();
                let problem = if n == prev + 1 || meant.is_some_and(|m| n == m + 1) {
                    None
                } else if n == prev {
                    Some(Message::ItemRepeats { number: n })
                } else if n < prev {
                    Some(Message::ItemBackwards {
                        number: n,
                        previous: prev,
                    })
                } else {
                    Some(Message::ItemSkips {
                        number: n,
                        previous: prev,
                        first: prev + 1,
                        last: n - 1,
                    })
                };
                if let Some(message) = problem {
                    // `4` after `13`: a dropped digit of `14`.
                    let expected = prev + 1;
                    let digits = 10u32.pow(n.to_string().len() as u32);
                    let hint = (n != expected && expected % digits == n)
                        .then_some(Hint::LostDigit { expected });
                    if n <= prev {
                        after_fault = Some(prev + 1);
                    }
                    out.push(finding(cx, para, &item.marker, message, hint));
                }
                prev = n;
            }
        }
    }
}

fn chinese_digit(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

//! The numbered-list recogniser: items that open with a marker (`1.` `1、` `（1）` `①` `１．`
//! `1 ` `第一项` `一是` `一、`), under optional category headings, with responsibility tails
//! inline or on their own lines, page furniture between items skipped, and items whose marker
//! line is only a heading (`一、加强学位宿位建设。`) with the content on the lines after it.

use super::{has_figure, heading_count, is_tail_line, Annex, Item, Layout, Section};
use crate::segment::furniture::is_furniture;
use crate::segment::marker::{self, Marker, Style};
use crate::segment::repair::{chars_at_most, is_title_like, Para};
use crate::tables::AnnexTable;

/// Whether an item-style paragraph is really a section heading: a short line with no clause
/// punctuation that ends with a count, like the other headings.
fn looks_like_heading(table: &AnnexTable, rest: &str) -> bool {
    let Some(count) = table.heading_count(rest) else {
        return false;
    };
    // The words before the count (`提升公共服务` in `提升公共服务(3件)`): a short title.
    let title = rest[..count.all.start].trim_end_matches(['(', '（', ' ']);
    !title.is_empty()
        && chars_at_most(rest, 40)
        && !title.contains([',', '。', ';', ':', '、', '(', '（'])
}

/// Whether a paragraph without a marker continues the item before it (a responsibility note, or
/// its content under a label: `项目内容：…`).
fn is_continuation(table: &AnnexTable, text: &str) -> bool {
    chars_at_most(text, 80)
        && (text.starts_with(['(', '（']) || table.has_responsibility_note(text))
        || is_tail_line(table, text)
        || is_labelled_content(table, text)
}

/// Whether a paragraph is an item's content under a label (`项目内容：…`, `content_labels` in
/// `rules/annex.toml`).
fn is_labelled_content(table: &AnnexTable, text: &str) -> bool {
    chars_at_most(text, 400) && table.content_label_end(text).is_some()
}

/// Whether a marker paragraph at heading level is prose (body text), which ends the annex.
fn is_prose(text: &str) -> bool {
    !chars_at_most(text, 60) || text.contains('。')
}

/// Whether a marked paragraph is only a heading for its item (`一、加强学位宿位建设。`): short,
/// one clause at most, no figure (a short item with a figure is a whole item).
fn is_item_heading(rest: &str) -> bool {
    let t = rest.trim_end_matches(['。', '.', ':', '：']);
    chars_at_most(t, 30) && !t.contains(['。', ';', ',']) && !has_figure(t)
}

/// A paragraph of an item's content after a heading-only marker line: not a title, not a
/// marker, not furniture, at most a few hundred characters.
fn is_content(text: &str) -> bool {
    marker::parse(text).is_none()
        && !is_furniture(text)
        && (!is_title_like(text) || has_figure(text))
        && chars_at_most(text, 400)
}

/// A category heading without a marker that states a count (`科教惠民工程（项目6个）`), or the
/// title of a second list with its own total (`为城镇居民办好十件实事` after the ten items of
/// `为农民办好十件实事`).
fn unmarked_heading(table: &AnnexTable, text: &str) -> bool {
    marker::parse(text).is_none()
        && chars_at_most(text, 40)
        && !text.contains(['。', ',', ';'])
        && section_count(table, 0, text).is_some()
}

/// The count a section heading states: as a heading does (`…（3件）`), or as a list's title
/// does (`为城镇居民办好十件实事`).
fn section_count(table: &AnnexTable, para: usize, text: &str) -> Option<super::Count> {
    heading_count(table, para, text).or_else(|| {
        (marker::parse(text).is_none()
            && !(text.contains('。') || text.contains(',') || text.contains(';')))
        .then(|| super::total_count(table, para, text))
        .flatten()
    })
}

/// A group number on a line of its own, above the group's heading (`01`, `02`).
fn is_group_number(text: &str) -> bool {
    text.len() == 2 && text.starts_with('0') && text.chars().all(|c| c.is_ascii_digit())
}

/// The heading of a group of items: a short line without a sentence or a figure.
fn is_group_heading(text: &str) -> bool {
    chars_at_most(text, 30)
        && !text.contains(['。', ';'])
        && !has_figure(text)
        && marker::parse(text).is_none()
}

/// Whether paragraph `i` repeats one shortly before the list or inside it (a table's header row
/// printed again on every page).
fn repeats_earlier(paras: &[Para], start: usize, i: usize) -> bool {
    let text = &paras[i].text;
    marker::parse(text).is_none()
        && paras[start.saturating_sub(6)..i]
            .iter()
            .any(|p| p.text == *text)
}

/// One paragraph of the candidate region.
enum Entry {
    Marked(Marker),
    /// A heading without a marker.
    Heading,
    /// Content or a tail of the item before it.
    Part,
}

/// Reads a numbered list whose first paragraph is `start`. Only a list that a line announced
/// (`anchored`) may have items whose content follows their heading line: elsewhere that shape is
/// the report's own outline.
pub(super) fn scan(
    table: &AnnexTable,
    paras: &[Para],
    start: usize,
    anchored: bool,
) -> Option<Annex> {
    let mut region: Vec<(usize, Entry)> = Vec::new();
    let mut seen_item_like = false;
    let mut heading_styles: Vec<Style> = Vec::new();
    // The style and number of the last marker of each style, to judge continuations.
    let mut last: Vec<(Style, u32)> = Vec::new();
    // Whether the last item's marker line was only a heading (its content follows).
    let mut open_heading_item = false;
    let mut content_lines = 0;
    // Whether groups of items are headed by `01`-style numbers (a later group's number may
    // have been dropped as a page number).
    let mut grouped = false;
    let mut i = start;
    while let Some(p) = paras.get(i) {
        let text = p.text.as_str();
        let m = marker::parse(text);
        if let Some(m) = m {
            let heading_level = matches!(m.style, Style::Chinese | Style::ChineseParen);
            // After items, a heading of a style the list has not used (`三、2023年重点工作`
            // after `(一)…(三)` sections) belongs to the report, not to the list.
            if heading_level && seen_item_like && !heading_styles.contains(&m.style) {
                break;
            }
            let prev = last.iter().find(|(s, _)| *s == m.style).map(|(_, n)| *n);
            if heading_level && is_prose(text) && !is_item_heading(&text[m.len..]) {
                // A report section such as "(六)办好民生实事……。" after the list ends it, unless
                // it continues a list of that style.
                let continues = match prev {
                    Some(n) => n + 1 == m.number,
                    None => m.number == 1,
                };
                if !continues {
                    break;
                }
            }
            if heading_level {
                heading_styles.push(m.style);
            } else {
                seen_item_like = true;
            }
            match last.iter_mut().find(|(s, _)| *s == m.style) {
                Some(slot) => slot.1 = m.number,
                None => last.push((m.style, m.number)),
            }
            open_heading_item = is_item_heading(&text[m.len..]);
            content_lines = 0;
            region.push((i, Entry::Marked(m)));
        } else if is_group_number(text)
            && paras.get(i + 1).is_some_and(|q| is_group_heading(&q.text))
        {
            // `01` above a group's heading: the heading (next paragraph) opens a section.
            region.push((i + 1, Entry::Heading));
            grouped = true;
            open_heading_item = false;
            i += 2;
            continue;
        } else if region.is_empty() {
            return None;
        } else if is_continuation(table, text) {
            region.push((i, Entry::Part));
        } else if anchored && open_heading_item && content_lines < 6 && is_content(text) {
            content_lines += 1;
            region.push((i, Entry::Part));
        } else if is_furniture(text)
            || unmarked_heading(table, text)
            || grouped && is_group_heading(text)
            || repeats_earlier(paras, start, i)
        {
            // Furniture or a heading between items: the list goes on only if an item follows.
            let next = paras[i + 1..]
                .iter()
                .position(|q| !is_furniture(&q.text))
                .map(|k| i + 1 + k);
            let item_follows = next.is_some_and(|n| {
                marker::parse(&paras[n].text).is_some_and(|nm| {
                    if nm.style == Style::Bullet {
                        return true;
                    }
                    let prev = last.iter().find(|(s, _)| *s == nm.style).map(|(_, n)| *n);
                    prev.map_or(nm.number == 1, |pn| nm.number == pn + 1 || nm.number == 1)
                })
            });
            if !item_follows {
                break;
            }
            if !is_furniture(text) && !repeats_earlier(paras, start, i) {
                region.push((i, Entry::Heading));
            }
            open_heading_item = false;
        } else {
            break;
        }
        i += 1;
    }
    build(table, paras, region)
}

/// Turns the region into sections and items.
fn build(table: &AnnexTable, paras: &[Para], region: Vec<(usize, Entry)>) -> Option<Annex> {
    // The item style: the most common marker style, ties going to the deeper level.
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for (_, e) in &region {
        if let Entry::Marked(m) = e {
            match counts.iter_mut().find(|(s, _)| *s == m.style) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.style, 1)),
            }
        }
    }
    let item_style = counts
        .iter()
        .max_by_key(|(s, n)| (*n, *s))
        .map(|(s, _)| *s)?;
    let first = region.first().map(|(i, _)| *i)?;
    let mut annex = Annex::new(first..first + 1, item_style, Layout::Numbered);
    let mut heading_items = 0;
    for (i, e) in region {
        let text = &paras[i].text;
        annex.paras.end = i + 1;
        // A section heading at this paragraph, its items to come.
        let n = annex.items.len();
        let section = |marker, misnumbered| Section {
            para: i,
            count: section_count(table, i, text),
            marker,
            misnumbered,
            items: n..n,
        };
        match e {
            Entry::Marked(m) if m.style < item_style => {
                annex.sections.push(section(Some(m), false));
            }
            Entry::Heading => annex.sections.push(section(None, false)),
            Entry::Marked(m)
                if m.style == item_style && looks_like_heading(table, &text[m.len..]) =>
            {
                annex.sections.push(section(Some(m), true));
            }
            Entry::Marked(m) if m.style == item_style => {
                let labelled = paras
                    .get(i + 1)
                    .is_some_and(|q| is_labelled_content(table, &q.text));
                heading_items += usize::from(labelled || is_item_heading(&text[m.len..]));
                let section = annex.sections.len().checked_sub(1);
                annex.items.push(Item {
                    paras: vec![i],
                    marker: m,
                    section,
                });
                if let Some(s) = annex.sections.last_mut() {
                    s.items.end = annex.items.len();
                }
            }
            // A count on the line after its heading (`一、城建综合治理类` / `（4件）`).
            Entry::Part
                if annex.sections.last().is_some_and(|s| {
                    s.items.is_empty() && s.count.is_none() && s.para + 1 == i
                }) && heading_count(table, i, text).is_some() =>
            {
                if let Some(s) = annex.sections.last_mut() {
                    s.count = heading_count(table, i, text);
                }
            }
            // Sub-items, content and tails belong to the current item.
            _ => {
                if let Some(item) = annex.items.last_mut() {
                    item.paras.push(i);
                }
            }
        }
    }
    if item_style == Style::Bullet {
        for (k, it) in annex.items.iter_mut().enumerate() {
            it.marker.number = u32::try_from(k + 1).unwrap_or(u32::MAX);
        }
    }
    if heading_items * 2 > annex.items.len()
        && annex.items.iter().filter(|it| it.paras.len() > 1).count() * 2 > annex.items.len()
    {
        annex.layout = Layout::HeadingItems;
    }
    (!annex.items.is_empty()).then_some(annex)
}

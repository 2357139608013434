//! The unnumbered-list recogniser: after a list's title, one item per paragraph without any
//! marker (`新增幼儿园学位1500个……`), each stating a figure, under optional category headings;
//! a list written as one paragraph of `；`-separated items arrives here already split (see
//! [`crate::segment::split`]).

use super::{has_figure, heading_count, is_tail_line, Annex, Item, Layout, Section};
use crate::segment::furniture::is_furniture;
use crate::segment::marker::{self, Marker, Style};
use crate::segment::repair::{chars_at_most, Para};
use crate::tables::AnnexTable;

/// Whether a paragraph can be a line of an unnumbered list: no marker, not furniture, at most
/// 200 characters.
fn is_plain_line(text: &str) -> bool {
    marker::parse(text).is_none() && !is_furniture(text) && chars_at_most(text, 200)
}

/// Whether a paragraph can be an unnumbered item: a plain line with a figure, and not report
/// prose (a long paragraph of several sentences).
fn is_item(text: &str) -> bool {
    let sentences = text.matches('。').count();
    is_plain_line(text) && has_figure(text) && sentences <= 2
}

/// Whether a paragraph without a figure still is an item: the item before it ended with `；`, so
/// the list goes on (`……；全面启动城乡居民大病保险工作。`).
fn follows_semicolon(annex: &Annex, paras: &[Para], text: &str) -> bool {
    annex
        .items
        .last()
        .and_then(|it| it.paras.last())
        .is_some_and(|&p| paras[p].text.ends_with(';'))
        && is_plain_line(text)
}

/// How far a run of items without figures may go before an item with one.
const OPENING_RUN: usize = 20;

/// Whether paragraph `i`, before any item was read, opens a `；`-separated list with items that
/// state no figure (`完成城镇老旧小区改造项目（三期）；` / `推进城市管网改造提升；` /
/// `实施51.5公里…`): it and the lines after it end with `；` until an item with a figure, at most
/// [`OPENING_RUN`] lines on.
pub(super) fn opens_semicolon_list(paras: &[Para], i: usize) -> bool {
    let plain = |text: &str| text.ends_with(';') && !text.contains('。') && is_plain_line(text);
    paras.get(i).is_some_and(|p| plain(&p.text))
        && paras
            .iter()
            .skip(i + 1)
            .take(OPENING_RUN)
            .find(|p| !plain(&p.text) || has_figure(&p.text))
            .is_some_and(|p| is_item(&p.text))
}

/// A category heading of an unnumbered list: `一、就业增收（3件）` or a short line with a count.
fn is_heading(table: &AnnexTable, text: &str) -> bool {
    chars_at_most(text, 40)
        && !text.contains('。')
        && (marker::parse(text)
            .is_some_and(|m| matches!(m.style, Style::Chinese | Style::ChineseParen))
            || heading_count(table, 0, text).is_some())
}

/// Adds paragraph `i` as the next item, numbered by its position.
fn push_item(annex: &mut Annex, i: usize, section: Option<usize>) {
    let number = u32::try_from(annex.items.len() + 1).unwrap_or(u32::MAX);
    annex.items.push(Item {
        paras: vec![i],
        marker: Marker {
            style: Style::Unnumbered,
            number,
            label: String::new(),
            len: 0,
        },
        section,
    });
}

/// Reads an unnumbered list whose first item or heading is paragraph `start`.
pub(super) fn scan(table: &AnnexTable, paras: &[Para], start: usize) -> Option<Annex> {
    let mut annex = Annex::new(start..start, Style::Unnumbered, Layout::Unnumbered);
    let mut i = start;
    while let Some(p) = paras.get(i) {
        let text = p.text.as_str();
        if is_heading(table, text) && paras.get(i + 1).is_some_and(|q| is_item(&q.text)) {
            annex.sections.push(Section {
                para: i,
                count: heading_count(table, i, text),
                marker: marker::parse(text),
                misnumbered: false,
                items: annex.items.len()..annex.items.len(),
            });
        } else if is_item(text)
            || follows_semicolon(&annex, paras, text)
            || annex.items.is_empty() && opens_semicolon_list(paras, i)
        {
            let section = annex.sections.len().checked_sub(1);
            push_item(&mut annex, i, section);
            if let Some(s) = annex.sections.last_mut() {
                s.items.end = annex.items.len();
            }
        } else if !annex.items.is_empty()
            && (is_tail_line(table, text)
                || chars_at_most(text, 80)
                    && text.starts_with(['(', '（'])
                    && table.has_responsibility_note(text))
        {
            if let Some(item) = annex.items.last_mut() {
                item.paras.push(i);
            }
        } else if is_furniture(text) && paras.get(i + 1).is_some_and(|q| is_item(&q.text)) {
            // Page furniture between two items.
        } else {
            break;
        }
        annex.paras.end = i + 1;
        i += 1;
    }
    fold_heading_items(&mut annex);
    (annex.items.len() >= 2).then_some(annex)
}

/// Headings that are the items' own names (`一、集中供热扩建工程` / `铺设…主管网4.3公里…`): when
/// every item sits alone right under a heading without a count, and there are at least three,
/// the headings are no categories but the items' heading lines, numbered by their markers.
fn fold_heading_items(annex: &mut Annex) {
    let alone = annex.sections.len() >= 3
        && annex.sections.len() == annex.items.len()
        && annex.sections.iter().zip(&annex.items).all(|(s, it)| {
            s.count.is_none()
                && s.marker.is_some()
                && s.items.len() == 1
                && it.paras.first() == Some(&(s.para + 1))
        });
    if !alone {
        return;
    }
    for (s, it) in annex.sections.drain(..).zip(annex.items.iter_mut()) {
        let Some(marker) = s.marker else { continue };
        it.paras.insert(0, s.para);
        it.marker = marker;
        it.section = None;
    }
    if let Some(first) = annex.items.first().and_then(|it| it.paras.first()) {
        annex.paras.start = annex.paras.start.min(*first);
    }
    if let Some(m) = annex.items.first().map(|it| it.marker.style) {
        annex.item_style = m;
    }
    annex.layout = Layout::HeadingItems;
}

/// The name a paragraph opens with, as a short sentence of its own (`强化就业服务保障。举办…`):
/// at most 30 characters, one clause, and followed by the item's content (or the whole
/// paragraph, a name without content).
fn opening_name(text: &str) -> Option<&str> {
    if marker::parse(text).is_some() || is_furniture(text) || !chars_at_most(text, 400) {
        return None;
    }
    let end = text.find('。')?;
    let name = &text[..end];
    let n = name.chars().count();
    ((4..=30).contains(&n) && !name.contains([',', ';', ':']) && !has_figure(name)).then_some(name)
}

/// Reads a list of paragraphs that each open with the item's name as a sentence of its own
/// (`实施青少年健康促进工程。免费为1000名脊柱侧弯学生……`), from paragraph `start` or, when `start`
/// introduces them (a paragraph that is no such item), from the paragraph after it. At least
/// three items, most of them stating a figure.
pub(super) fn scan_named(paras: &[Para], start: usize) -> Option<Annex> {
    let first = if paras
        .get(start)
        .is_some_and(|p| opening_name(&p.text).is_some())
    {
        start
    } else {
        start + 1
    };
    let mut annex = Annex::new(start..first, Style::Unnumbered, Layout::Unnumbered);
    let mut with_figures = 0;
    for (i, p) in paras.iter().enumerate().skip(first) {
        if opening_name(&p.text).is_none() {
            break;
        }
        with_figures += usize::from(has_figure(&p.text));
        push_item(&mut annex, i, None);
        annex.paras.end = i + 1;
    }
    let n = annex.items.len();
    (n >= 3 && with_figures * 2 > n).then_some(annex)
}

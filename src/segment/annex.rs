//! Finding the annex: where it starts and ends, its stated total, its section headings and their
//! counts, and its numbered items.

use std::ops::Range;

use super::marker::{self, Marker, Style};
use super::repair::{is_title_like, Para};
use crate::tables::{AnnexTable, CountMatch};

/// A number of items a line says a list holds (`43件`, `7件`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Paragraph of the statement.
    pub para: usize,
    /// The number stated.
    pub value: u32,
    /// Byte range of the count in the paragraph's text.
    pub span: Range<usize>,
}

/// A section heading of the annex and the items under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Paragraph of the heading.
    pub para: usize,
    /// Its marker (`三、`), if any.
    pub marker: Option<Marker>,
    /// Whether the heading carries an item-style number (`18. 优化基本公共服务15件`).
    pub misnumbered: bool,
    /// The count the heading states, if any.
    pub count: Option<Count>,
    /// Indexes into [`Annex::items`] of the items under this heading.
    pub items: Range<usize>,
}

/// One numbered item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Paragraphs of the item: the numbered one first, then continuations.
    pub paras: Vec<usize>,
    /// Its marker.
    pub marker: Marker,
    /// Index into [`Annex::sections`], if the item is under a heading.
    pub section: Option<usize>,
}

/// The annex of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annex {
    /// Paragraphs the annex covers.
    pub paras: Range<usize>,
    /// The stated total of the whole list, if a title states one.
    pub total: Option<Count>,
    /// Section headings, in order.
    pub sections: Vec<Section>,
    /// Numbered items, in order.
    pub items: Vec<Item>,
    /// The marker style of items.
    pub item_style: Style,
}

/// Reads a count numeral (`43`, `十五`).
pub(crate) fn count_value(s: &str) -> Option<u32> {
    s.parse()
        .ok()
        .or_else(|| marker::chinese_ordinal(s))
        .or_else(|| crate::quantity::parse_numeral(s).and_then(|(v, _)| v.try_into().ok()))
}

/// A count of `text` (paragraph `para`) found by `m`.
pub(crate) fn count(para: usize, text: &str, m: CountMatch) -> Option<Count> {
    Some(Count {
        para,
        value: count_value(text.get(m.n.clone())?)?,
        span: m.n.start..m.all.end,
    })
}

fn heading_count(table: &AnnexTable, para: usize, text: &str) -> Option<Count> {
    count(para, text, table.heading_count(text)?)
}

fn total_count(table: &AnnexTable, para: usize, text: &str) -> Option<Count> {
    count(para, text, table.total(text)?)
}

/// Whether an item-style paragraph is really a section heading: a short line with no clause
/// punctuation that ends with a count, like the other headings.
fn looks_like_heading(table: &AnnexTable, rest: &str) -> bool {
    let Some(count) = table.heading_count(rest) else {
        return false;
    };
    // The words before the count (`提升公共服务` in `提升公共服务(3件)`): a short title.
    let title = rest[..count.all.start].trim_end_matches(['(', '（', ' ']);
    !title.is_empty()
        && rest.chars().count() <= 40
        && !title.contains([',', '。', ';', ':', '、', '(', '（'])
}

/// Whether a paragraph without a marker continues the item before it (a responsibility note).
fn is_continuation(table: &AnnexTable, text: &str) -> bool {
    text.chars().count() <= 80
        && (text.starts_with(['(', '（']) || table.has_responsibility_note(text))
}

/// Whether a marker paragraph at heading level is prose (body text), which ends the annex.
fn is_prose(text: &str) -> bool {
    text.chars().count() > 60 || text.contains('。')
}

/// Builds an annex from `start` (the paragraph after the opener or title).
fn scan_from(table: &AnnexTable, paras: &[Para], anchor: usize) -> Option<Annex> {
    let mut total = None;
    if let Some(p) = paras.get(anchor) {
        let rest = table.opener_rest(&p.text).unwrap_or(p.text.as_str());
        if !rest.is_empty() {
            total = total_count(table, anchor, &p.text);
        }
    }
    // Collect the candidate region: title lines, marker paragraphs, continuations.
    let mut region: Vec<(usize, Option<Marker>)> = Vec::new();
    let mut seen_marker = false;
    let mut seen_item_like = false;
    let mut heading_styles: Vec<Style> = Vec::new();
    let mut preamble = 0;
    for (i, p) in paras.iter().enumerate().skip(anchor + 1) {
        let m = marker::parse(&p.text);
        if let Some(m) = m {
            let heading_level = matches!(m.style, Style::Chinese | Style::ChineseParen);
            // After items, a heading of a style the list has not used (`三、2023年重点工作`
            // after `(一)…(三)` sections) belongs to the report, not to the list.
            if heading_level && seen_item_like && !heading_styles.contains(&m.style) {
                break;
            }
            if heading_level {
                heading_styles.push(m.style);
            } else {
                seen_item_like = true;
            }
            if heading_level && is_prose(&p.text) {
                // A report section such as "(六)办好民生实事……。" after the list ends it, unless
                // it continues a list of that style.
                let prev = region
                    .iter()
                    .rev()
                    .filter_map(|(_, pm)| pm.as_ref())
                    .find(|pm| pm.style == m.style);
                let continues = match prev {
                    Some(pm) => pm.number + 1 == m.number,
                    None => m.number == 1,
                };
                if !continues {
                    break;
                }
            }
            seen_marker = true;
            region.push((i, Some(m)));
        } else if !seen_marker
            && preamble < 4
            && p.text.chars().count() <= 80
            && !p.text.contains('。')
        {
            preamble += 1;
            if total.is_none() {
                total = total_count(table, i, &p.text);
            }
        } else if seen_marker && is_continuation(table, &p.text) {
            region.push((i, None));
        } else {
            break;
        }
    }
    // The item style: the most common marker style, ties going to the deeper level.
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for m in region.iter().filter_map(|(_, m)| m.as_ref()) {
        match counts.iter_mut().find(|(s, _)| *s == m.style) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.style, 1)),
        }
    }
    let item_style = counts
        .iter()
        .max_by_key(|(s, n)| (*n, *s))
        .map(|(s, _)| *s)?;

    let mut annex = Annex {
        paras: anchor..anchor + 1,
        total,
        sections: Vec::new(),
        items: Vec::new(),
        item_style,
    };
    for (i, m) in region {
        let text = &paras[i].text;
        annex.paras.end = i + 1;
        match m {
            Some(m) if m.style < item_style => {
                annex.sections.push(Section {
                    para: i,
                    count: heading_count(table, i, text),
                    marker: Some(m),
                    misnumbered: false,
                    items: annex.items.len()..annex.items.len(),
                });
            }
            Some(m) if m.style == item_style && looks_like_heading(table, &text[m.len..]) => {
                annex.sections.push(Section {
                    para: i,
                    count: heading_count(table, i, text),
                    marker: Some(m),
                    misnumbered: true,
                    items: annex.items.len()..annex.items.len(),
                });
            }
            Some(m) if m.style == item_style => {
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
            // Sub-items and continuations belong to the current item.
            _ => {
                if let Some(item) = annex.items.last_mut() {
                    item.paras.push(i);
                }
            }
        }
    }
    (!annex.items.is_empty()).then_some(annex)
}

/// Finds the annex: after an opener line (`附件`) or a title stating a total, or failing both,
/// the longest run of numbered items starting at 1.
/// With `from`, only paragraphs from index `from` on can open the annex (the annex is a separate
/// file appended after the body).
pub fn find(table: &AnnexTable, paras: &[Para], from: Option<usize>) -> Option<Annex> {
    let from = from.unwrap_or(0);
    let mut best: Option<Annex> = None;
    fn consider(best: &mut Option<Annex>, annex: Option<Annex>) {
        if let Some(a) = annex {
            if best.as_ref().is_none_or(|b| a.items.len() > b.items.len()) {
                *best = Some(a);
            }
        }
    }
    for (i, p) in paras.iter().enumerate().skip(from) {
        let short = p.text.chars().count() <= 80 && !p.text.contains('。');
        if !short {
            continue;
        }
        if table.is_opener(&p.text) || table.total(&p.text).is_some() {
            consider(&mut best, scan_from(table, paras, i));
        }
    }
    if best.is_none() {
        for (i, p) in paras.iter().enumerate().skip(from) {
            let starts_list = marker::parse(&p.text).is_some_and(|m| m.number == 1);
            if starts_list && i > from {
                consider(
                    &mut best,
                    scan_from(table, paras, i - 1).filter(|a| a.items.len() >= 3),
                );
            }
        }
    }
    best
}

/// Whether a body paragraph is a short title line (an article title, a masthead, a sub-heading
/// without punctuation).
pub fn is_title(text: &str) -> bool {
    is_title_like(text) && !text.contains(['(', '（']) || is_furniture(text)
}

/// Newspaper furniture: `(上接第二版)`, `(下转第三版)`, bylines.
pub fn is_furniture(text: &str) -> bool {
    let t = text.trim_matches(|c| matches!(c, '(' | ')' | '（' | '）'));
    (t.starts_with("上接") || t.starts_with("下转") || t.starts_with("转第"))
        && t.chars().count() <= 12
        || text.starts_with("本报讯")
}

#[cfg(test)]
mod tests {
    use super::super::repair::paragraphs;
    use super::*;
    use crate::tables::Tables;

    fn annex_of(text: &str) -> Annex {
        let t = Tables::builtin().unwrap();
        find(&t.annex, &paragraphs(text), None).unwrap()
    }

    #[test]
    fn sections_items_counts_and_misnumbered_heading() {
        let a = annex_of(
            "正文。\n附件\n某市2024年5件民生实事\n一、就业2件\n1. 新增就业1万人。\n2. 培训5000人次。\n\
             3. 公共服务3件\n4. 新建学校2所。\n5. 新增床位300张(牵头单位:市卫健委)。\n(配合单位:各区)\n",
        );
        assert_eq!(a.total.as_ref().map(|c| c.value), Some(5));
        assert_eq!(a.sections.len(), 2);
        assert!(a.sections[1].misnumbered);
        assert_eq!(a.sections[1].count.as_ref().map(|c| c.value), Some(3));
        assert_eq!(a.items.len(), 4);
        assert_eq!(a.sections[1].items, 2..4);
        assert_eq!(a.items[3].paras.len(), 2);
    }

    #[test]
    fn annex_ends_at_body_prose() {
        let a = annex_of(
            "附件\n十件实事\n(一)新增就业1万人。\n(二)培训5000人次。\n乌海日报\n(六)办好民生实事,努力让老百姓的日子过得更好。今年要办好十件实事。\n",
        );
        assert_eq!(a.items.len(), 2);
        assert_eq!(a.total.as_ref().map(|c| c.value), Some(10));
    }

    #[test]
    fn list_without_opener() {
        let a = annex_of("报告正文。\n\n1. 新增就业1万人。\n2. 培训5000人次。\n3. 新建学校2所。\n");
        assert_eq!(a.items.len(), 3);
    }
}

//! Segmentation: repair the layout, then find the annex (its total, headings and items) and the
//! body sections around it.

pub mod annex;
pub mod columns;
pub mod furniture;
pub mod marker;
pub mod repair;
pub mod split;
pub mod table;
pub mod table_count;

pub use annex::{Annex, Count, Evidence, Item, Layout, Section};
pub use marker::{Marker, Style};
pub use repair::Para;

use crate::tables::AnnexTable;

/// A run of body paragraphs under one heading, up to the next heading, title or article break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySection {
    /// The paragraphs, in order.
    pub paras: Vec<usize>,
    /// Whether the section is in the review of last year: under a top-level heading that names
    /// an earlier year than the annex's title (`一、2020年工作回顾` before `2021年…民心工程`) or
    /// has a review word (`回顾`, `完成情况`; `review_words` in `rules/annex.toml`), and does not
    /// name the annex's year. Its figures are last year's results, never this year's commitments.
    pub review: bool,
}

/// A document cut into its parts.
#[derive(Debug, Clone)]
pub struct Segmented {
    /// Repaired paragraphs of the whole document.
    pub paras: Vec<Para>,
    /// The annex.
    pub annex: Annex,
    /// Body sections (everything outside the annex that is prose).
    pub body: Vec<BodySection>,
    /// Totals the body states (`办好十件民生实事`), with the body section they are in.
    pub body_totals: Vec<(usize, Count)>,
    /// Counts the body states of an annex table's rows or categories (`主要指标共18项`,
    /// `10类重点支出`).
    pub table_counts: Vec<table_count::TableCount>,
}

/// Whether a body paragraph whose marker has this style starts a new section.
fn breaks_section(style: Style) -> bool {
    matches!(style, Style::Chinese | Style::ChineseParen)
}

/// The four-digit years a text names (`2024年`), in order.
pub(crate) fn years(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.match_indices('年').filter_map(|(i, _)| {
        let head = text.get(i.checked_sub(4)?..i)?;
        let before = text[..i - 4].chars().next_back();
        (head.bytes().all(|b| b.is_ascii_digit()) && !before.is_some_and(|c| c.is_ascii_digit()))
            .then(|| head.parse().ok())
            .flatten()
    })
}

/// Whether a top-level heading (its first sentence) opens the review of last year: it names a
/// year before `year` (the annex's) or has a review word, and does not name `year` itself.
fn looks_back(table: &AnnexTable, heading: &str, year: Option<u32>) -> bool {
    let head = heading.split(['。', '：', ':']).next().unwrap_or(heading);
    let named: Vec<u32> = years(head).collect();
    if year.is_some_and(|y| named.contains(&y)) {
        return false;
    }
    year.is_some_and(|y| named.iter().any(|&n| n < y))
        || table.review_words.iter().any(|w| head.contains(w.as_str()))
}

/// Segments repaired text. `None` when there is no annex.
pub fn segment(text: &str, table: &AnnexTable) -> Option<Segmented> {
    segment_from(text, table, None).ok()
}

/// Why no annex could be segmented: `para` is the paragraph that announces an annex that cannot
/// be read (`usize::MAX` when nothing announces one), in `paras`.
#[derive(Debug)]
pub struct Unreadable {
    /// The announcing paragraph.
    pub para: usize,
    /// The paragraphs of the document.
    pub paras: Vec<Para>,
}

/// Segments repaired text whose annex starts at or after byte `annex_from` (a separate annex
/// file appended to the body).
pub fn segment_from(
    text: &str,
    table: &AnnexTable,
    annex_from: Option<usize>,
) -> Result<Segmented, Unreadable> {
    let mut paras = split::lists(repair::paragraphs(text), table);
    columns::apply(&mut paras);
    let from = annex_from.map(|at| paras.partition_point(|p| p.origin(0) < at));
    let annex = annex::find(table, &paras, from);
    // A plainly announced annex that cannot be read is never replaced by a list nobody announced.
    if annex.as_ref().is_none_or(|a| !a.anchored()) {
        if let Some(line) = annex::unreadable_announcement(table, &paras, from) {
            return Err(Unreadable { para: line, paras });
        }
    }
    let annex = annex.ok_or(Unreadable {
        para: usize::MAX,
        paras: Vec::new(),
    })?;
    let mut body: Vec<BodySection> = Vec::new();
    let mut open = false;
    let year = annex
        .evidence
        .title
        .and_then(|t| paras.get(t))
        .and_then(|t| years(&t.text).next());
    // Whether the paragraphs so far are under a top-level heading of the review.
    let mut review = false;
    for (i, p) in paras.iter().enumerate() {
        if annex.paras.contains(&i) || annex::is_title(&p.text) {
            open = false;
            review = false;
            continue;
        }
        let style = marker::parse(&p.text).map(|m| m.style);
        if style == Some(Style::Chinese) {
            review = looks_back(table, &p.text, year);
        }
        if !open || style.is_some_and(breaks_section) {
            body.push(BodySection {
                paras: Vec::new(),
                review,
            });
            open = true;
        }
        if let Some(s) = body.last_mut() {
            s.paras.push(i);
        }
    }
    let mut body_totals = Vec::new();
    for (si, section) in body.iter().enumerate() {
        for &p in &section.paras {
            let text = &paras[p].text;
            for m in table.totals(text).filter(|m| annex::plain_total(text, m)) {
                if let Some(count) = annex::count(p, text, m) {
                    body_totals.push((si, count));
                }
            }
        }
    }
    let table_counts = table_count::find(table, &paras, &annex, &body);
    Ok(Segmented {
        paras,
        annex,
        body,
        body_totals,
        table_counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Tables;

    /// Per body section: its first paragraph and whether it is in the review.
    fn reviews(text: &str) -> Vec<(String, bool)> {
        let tables = Tables::builtin().unwrap();
        let seg = segment(text, &tables.annex).unwrap();
        seg.body
            .iter()
            .map(|s| (seg.paras[s.paras[0]].text.clone(), s.review))
            .collect()
    }

    #[test]
    fn sections_under_a_review_heading_are_the_review() {
        let got = reviews(
            "一、2020年工作回顾\n过去一年,新建幼儿园16所。\n(一)民生改善。新增学位3000个。\n\
             二、2021年重点工作\n(一)办好民生实事。新建幼儿园20所。\n\
             附件\n2021年2件民生实事\n1. 新建幼儿园20所。\n2. 新增学位4000个。\n",
        );
        let flags: Vec<bool> = got.iter().map(|g| g.1).collect();
        assert_eq!(flags, [true, true, false, false], "{got:?}");
        // Without a year, a review word says so; a year before the annex's says so too.
        let got = reviews(
            "一、过去一年工作回顾\n新建幼儿园16所。\n二、2020年主要成绩\n新增学位3000个。\n\
             三、今年工作安排\n新建幼儿园20所。\n附件\n2021年2件民生实事\n1. 新建幼儿园20所。\n2. 新增学位4000个。\n",
        );
        let flags: Vec<bool> = got.iter().map(|g| g.1).collect();
        assert_eq!(flags, [true, true, false], "{got:?}");
    }

    #[test]
    fn a_heading_that_names_the_annex_year_is_not_the_review() {
        // The annex lists the year the heading reports on: its results are the annex's.
        let got = reviews(
            "一、2021年民生实事完成情况\n新建幼儿园20所,新增学位4000个。\n\
             附件\n2021年2件民生实事完成情况\n1. 新建幼儿园20所。\n2. 新增学位4000个。\n",
        );
        assert!(got.iter().all(|g| !g.1), "{got:?}");
        // Nor is a heading without a year or a review word.
        let got = reviews(
            "一、推进民生实事\n新建幼儿园20所,新增学位4000个。\n\
             附件\n2件民生实事\n1. 新建幼儿园20所。\n2. 新增学位4000个。\n",
        );
        assert!(got.iter().all(|g| !g.1), "{got:?}");
    }
}

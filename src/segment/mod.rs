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

/// Whether a body paragraph starts a new section.
fn breaks_section(text: &str) -> bool {
    marker::parse(text).is_some_and(|m| matches!(m.style, Style::Chinese | Style::ChineseParen))
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
    for (i, p) in paras.iter().enumerate() {
        if annex.paras.contains(&i) {
            open = false;
            continue;
        }
        if annex::is_title(&p.text) {
            open = false;
            continue;
        }
        if !open || breaks_section(&p.text) {
            body.push(BodySection { paras: Vec::new() });
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

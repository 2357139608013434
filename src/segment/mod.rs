//! Segmentation: repair the layout, then find the annex (its total, headings and items) and the
//! body sections around it.

pub mod annex;
pub mod furniture;
pub mod marker;
pub mod repair;
pub mod split;
pub mod table;

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
}

/// Whether a body paragraph starts a new section.
fn breaks_section(text: &str) -> bool {
    marker::parse(text).is_some_and(|m| matches!(m.style, Style::Chinese | Style::ChineseParen))
}

/// Segments repaired text. `None` when there is no annex.
pub fn segment(text: &str, table: &AnnexTable) -> Option<Segmented> {
    segment_from(text, table, None)
}

/// Segments repaired text whose annex starts at or after byte `annex_from` (a separate annex
/// file appended to the body). `None` when there is no annex.
pub fn segment_from(
    text: &str,
    table: &AnnexTable,
    annex_from: Option<usize>,
) -> Option<Segmented> {
    let paras = split::lists(repair::paragraphs(text), table);
    let from = annex_from.map(|at| paras.partition_point(|p| p.origin(0) < at));
    let annex = annex::find(table, &paras, from)?;
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
            for m in table.totals(text) {
                if let Some(count) = annex::count(p, text, m) {
                    body_totals.push((si, count));
                }
            }
        }
    }
    Some(Segmented {
        paras,
        annex,
        body,
        body_totals,
    })
}

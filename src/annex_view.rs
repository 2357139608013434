//! The annex as hedui read it, for an editor to see (`hedui annex FILE`, the HTML report): its
//! title, stated total, layout, sections with their counts, and every item with its number, line
//! and commitments. Nothing here checks anything.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::extract::{self, Part};
use crate::input::{ReadOptions, Source};
use crate::segment::Segmented;
use crate::tables::Tables;
use crate::Error;

/// One commitment of an item.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    /// The quantity as written (`6.6万个`).
    pub qty: String,
    /// The quoted commitment.
    pub quote: String,
    /// Its line.
    pub line: usize,
}

/// One item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Its number (its position when the list is unnumbered).
    pub number: u32,
    /// Its marker as written (empty when unnumbered).
    pub label: String,
    /// The line it starts on.
    pub line: usize,
    /// Its text (all its paragraphs, joined).
    pub text: String,
    /// Its commitments.
    pub commitments: Vec<CommitmentView>,
}

/// One section heading.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Its line.
    pub line: usize,
    /// Its text.
    pub text: String,
    /// The count it states.
    pub count: Option<u32>,
    /// The items under it.
    pub items: usize,
}

/// The annex as read.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexView {
    /// The document.
    pub path: PathBuf,
    /// The line of the title naming the list (or of the `附件` line when no title names it).
    pub title_line: Option<usize>,
    /// The text of that line.
    pub title: Option<String>,
    /// The line of the `附件` line, if any.
    pub opener_line: Option<usize>,
    /// The stated total.
    pub total: Option<u32>,
    /// The line stating it.
    pub total_line: Option<usize>,
    /// How the items are laid out (`numbered`, `heading-items`, `unnumbered`).
    pub layout: &'static str,
    /// First and last line read as the annex.
    pub lines: (usize, usize),
    /// Whether hedui is sure of the list: no `annex-unsure` or `annex-unread` doubt (by `hedui
    /// annex`, the doubts about the list itself; in a check's report, all of them).
    pub convincing: bool,
    /// Section headings.
    pub sections: Vec<SectionView>,
    /// Items.
    pub items: Vec<ItemView>,
}

/// Reads a document and describes its annex.
pub fn annex_view_path(
    path: &Path,
    options: &ReadOptions,
    tables: &Tables,
) -> Result<AnnexView, Error> {
    annex_view(&Source::read(path, options)?, tables)
}

/// Describes the annex of a document already read.
pub fn annex_view(source: &Source, tables: &Tables) -> Result<AnnexView, Error> {
    let seg = crate::segmented(source, tables)?;
    let commitments = extract::extract(&seg, tables);
    Ok(describe(source, &seg, &commitments))
}

/// Describes the annex of a document already segmented and extracted.
pub(crate) fn describe(
    source: &Source,
    seg: &Segmented,
    commitments: &[extract::Commitment],
) -> AnnexView {
    let a = &seg.annex;
    let line = |para: usize| source.location(seg.paras[para].origin(0)).line;
    let text = |para: usize| seg.paras[para].text.clone();
    let title_para = a.evidence.title.or(a.evidence.opener);
    let last = a.paras.end.saturating_sub(1).max(a.paras.start);
    // Each item's commitments, found in one pass (not a pass per item).
    let mut by_item: Vec<Vec<&extract::Commitment>> = vec![Vec::new(); a.items.len()];
    for c in commitments.iter().filter(|c| c.part == Part::Annex) {
        if let Some(list) = c.item.and_then(|i| by_item.get_mut(i)) {
            list.push(c);
        }
    }
    let items = a
        .items
        .iter()
        .enumerate()
        .map(|(ii, it)| ItemView {
            number: it.marker.number,
            label: it.marker.label.clone(),
            line: it.paras.first().map_or(0, |&p| line(p)),
            text: it
                .paras
                .iter()
                .map(|&p| seg.paras[p].text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            commitments: by_item[ii]
                .iter()
                .map(|c| CommitmentView {
                    qty: c.qty_text(seg).to_string(),
                    quote: seg.paras[c.para]
                        .text
                        .get(c.quote.clone())
                        .unwrap_or("")
                        .to_string(),
                    line: source
                        .location(seg.paras[c.para].origin(c.qty.span.start))
                        .line,
                })
                .collect(),
        })
        .collect();
    AnnexView {
        path: source.path.clone(),
        title_line: title_para.map(line),
        title: title_para.map(text),
        opener_line: a.evidence.opener.map(line),
        total: a.total.as_ref().map(|t| t.value),
        total_line: a.total.as_ref().map(|t| line(t.para)),
        layout: a.layout.as_str(),
        lines: (line(a.paras.start), line(last)),
        convincing: {
            let figures = commitments
                .iter()
                .filter(|c| c.part == Part::Annex && !c.reference)
                .count();
            crate::rules::list_doubts(seg, figures, line).1.is_empty()
        },
        sections: a
            .sections
            .iter()
            .map(|s| SectionView {
                line: line(s.para),
                text: text(s.para),
                count: s.count.as_ref().map(|c| c.value),
                items: s.items.len(),
            })
            .collect(),
        items,
    }
}

impl AnnexView {
    /// The view as text for a terminal, in `lang`.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        use std::fmt::Write;
        let zh = lang == crate::i18n::Lang::Zh;
        let mut out = String::new();
        let (first, last) = self.lines;
        let _ = writeln!(out, "{}", self.path.display());
        match (&self.title, self.title_line) {
            (Some(t), Some(l)) if zh => {
                let _ = writeln!(out, "  标题（第{l}行）：{t}");
            }
            (Some(t), Some(l)) => {
                let _ = writeln!(out, "  title (line {l}): {t}");
            }
            _ if zh => {
                let _ = writeln!(out, "  标题：无（没有“附件”行或清单标题）");
            }
            _ => {
                let _ = writeln!(out, "  title: none (no 附件 line or list title)");
            }
        }
        let total = match (self.total, self.total_line) {
            (Some(n), Some(l)) if zh => format!("{n}（第{l}行）"),
            (Some(n), Some(l)) => format!("{n} (line {l})"),
            _ if zh => "未写明".to_string(),
            _ => "not stated".to_string(),
        };
        if zh {
            let _ = writeln!(
                out,
                "  所称总数：{total}；读出{}项；版式：{}；第{first}–{last}行{}",
                self.items.len(),
                self.layout,
                if self.convincing { "" } else { "（存疑）" }
            );
        } else {
            let _ = writeln!(
                out,
                "  stated total: {total}; {} items read; layout: {}; lines {first}–{last}{}",
                self.items.len(),
                self.layout,
                if self.convincing { "" } else { " (unsure)" }
            );
        }
        let mut sections = self.sections.iter().peekable();
        for it in &self.items {
            while let Some(s) = sections.next_if(|s| s.line <= it.line) {
                let count = match s.count {
                    Some(c) if zh => format!("，称{c}项"),
                    Some(c) => format!(", states {c}"),
                    None => String::new(),
                };
                if zh {
                    let _ = writeln!(
                        out,
                        "  L{} [分组{count}，列出{}项] {}",
                        s.line, s.items, s.text
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "  L{} [section{count}, {} listed] {}",
                        s.line, s.items, s.text
                    );
                }
            }
            let head: String = it.text.chars().take(40).collect();
            let more = if it.text.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            let _ = writeln!(out, "    L{} #{} {head}{more}", it.line, it.number);
            if !it.commitments.is_empty() {
                let qs: Vec<&str> = it.commitments.iter().map(|c| c.qty.as_str()).collect();
                let _ = writeln!(out, "        {}", qs.join(" · "));
            }
        }
        for s in sections {
            let _ = writeln!(out, "  L{} [{}] {}", s.line, s.items, s.text);
        }
        out
    }
}

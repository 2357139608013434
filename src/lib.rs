//! hedui (核对) proof-checks Chinese government work reports: it finds the narrative body and the
//! numbered annex of commitments, aligns the numbers the two state, and reports every discrepancy.
//!
//! The pipeline is a straight line, one module each:
//! [`input`] → [`segment`] → [`quantity`] → [`extract`] → [`align`] → [`rules`] → [`report`].
//!
//! ```no_run
//! let tables = hedui::tables::Tables::builtin()?;
//! let options = hedui::input::ReadOptions::default();
//! let checked = hedui::check_path(std::path::Path::new("report.docx"), &options, tables)?;
//! for f in &checked.findings {
//!     println!("{} {}", f.rule, f.message);
//! }
//! # Ok::<(), hedui::Error>(())
//! ```

pub mod align;
pub mod annex_view;
pub mod annotate;
pub mod baseline;
#[cfg(feature = "cli")]
pub mod batch;
#[cfg(feature = "cli")]
pub mod config;
pub mod error;
pub mod extract;
pub mod find;
pub mod finding;
pub mod i18n;
pub mod input;
pub mod label;
pub mod memory;
#[cfg(feature = "cli")]
pub mod output;
pub mod quantity;
pub mod report;
pub mod rules;
pub mod segment;
pub mod tables;
pub mod web;

use std::path::Path;

pub use annex_view::{annex_view, annex_view_path, AnnexView};
pub use error::{Error, TableError};
pub use finding::{Finding, Severity, Side};
use input::{ReadOptions, Source};
use tables::Tables;

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The document's path.
    pub path: std::path::PathBuf,
    /// The files read: the document, then a separate annex file if any.
    pub files: Vec<std::path::PathBuf>,
    /// The format the document was read as.
    pub format: input::Format,
    /// The text encoding, for text formats.
    pub encoding: Option<&'static str>,
    /// Things the user should know about how the document was read (replaced bytes…).
    pub notes: Vec<String>,
    /// Findings in annex order.
    pub findings: Vec<Finding>,
    /// Annex commitments found.
    pub annex_commitments: usize,
    /// Annex commitments aligned with the body (equal, different, or part of a sum).
    pub aligned: usize,
    /// Numbered annex items found.
    pub items: usize,
    /// The annex as read (title, total, sections, items with their figures).
    pub annex: AnnexView,
}

/// A document that could not be checked.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The document's path.
    pub path: std::path::PathBuf,
    /// The error, as one line (it names the file).
    pub error: String,
}

/// What became of one document: checked, or failed with an error.
pub type Outcome = Result<Checked, Failure>;

/// Reads and checks one document.
pub fn check_path(path: &Path, options: &ReadOptions, tables: &Tables) -> Result<Checked, Error> {
    let source = Source::read(path, options)?;
    check_source(&source, tables)
}

/// Reads and checks a body document whose annex is a separate file.
pub fn check_with_annex(
    body: &Path,
    annex: &Path,
    options: &ReadOptions,
    tables: &Tables,
) -> Result<Checked, Error> {
    let source = Source::read(body, options)?.with_annex(Source::read(annex, options)?);
    check_source(&source, tables)
}

/// Segments a source, honouring a separate annex file. Refuses it first when checking its text
/// would take more than its memory ceiling.
pub fn segmented(source: &Source, tables: &Tables) -> Result<segment::Segmented, Error> {
    let text_bytes = source.text.len() as u64;
    memory::ensure(
        &source.path,
        memory::checking(text_bytes),
        source.max_memory,
    )?;
    let from = source.annex.as_ref().map(|r| r.start);
    segment::segment_from(&source.text, &tables.annex, from).map_err(|u| {
        match u.paras.get(u.para) {
            Some(p) => {
                let at = source.location(p.origin(0));
                Error::AnnexUnreadable {
                    path: at.path.to_path_buf(),
                    line: at.line,
                    heading: p.text.chars().take(40).collect(),
                }
            }
            None => Error::NoAnnex {
                path: source.annex_path().to_path_buf(),
            },
        }
    })
}

/// Checks a document already read.
pub fn check_source(source: &Source, tables: &Tables) -> Result<Checked, Error> {
    let seg = segmented(source, tables)?;
    let commitments = extract::extract(&seg, tables);
    if !commitments.iter().any(|c| c.part == extract::Part::Body) {
        // A list nobody announced, with nothing left to compare it with, was never an annex.
        if !seg.annex.anchored() {
            return Err(Error::NoAnnex {
                path: source.annex_path().to_path_buf(),
            });
        }
        return Err(Error::NoBody {
            path: source.path.clone(),
        });
    }
    let annex_commitments = commitments
        .iter()
        .filter(|c| c.part == extract::Part::Annex)
        .count();
    memory::ensure(
        &source.path,
        memory::aligning(
            source.text.len() as u64,
            commitments.len() as u64,
            annex_commitments as u64,
        ),
        source.max_memory,
    )?;
    let alignment = align::align(&commitments, tables);
    let cx = rules::Context {
        source,
        seg: &seg,
        commitments: &commitments,
        alignment: &alignment,
        tables,
    };
    let findings = rules::check(&cx);
    let sure = rules::annex_doubts(&cx).1.is_empty();
    // A table's past figures are references, not commitments.
    let annex: Vec<usize> = (0..commitments.len())
        .filter(|&i| commitments[i].part == extract::Part::Annex && !commitments[i].reference)
        .collect();
    let mut notes = source.notes.clone();
    if !alignment.capped.is_empty() {
        notes.push(format!(
            "{}: {} figure(s) had more look-alike candidates than hedui compares (see \
             docs/performance.md, Bounds); each was compared with the likeliest only, so a \
             counterpart missed among the rest shows as annex-only or body-only",
            source.path.display(),
            alignment.capped.len(),
        ));
    }
    Ok(Checked {
        path: source.path.clone(),
        files: source.files.clone(),
        format: source.format,
        encoding: source.encoding,
        notes,
        findings,
        annex_commitments: annex.len(),
        aligned: annex.iter().filter(|&&i| alignment.linked[i]).count(),
        items: seg.annex.items.len(),
        annex: annex_view::AnnexView {
            convincing: sure,
            ..annex_view::describe(source, &seg, &commitments)
        },
    })
}

/// A plain-text dump of the intermediate stages (annex structure, commitments, links), for
/// debugging and for the stage snapshots in `tests/stages.rs`.
pub fn dump_stages(source: &Source, tables: &Tables) -> Result<String, Error> {
    use std::fmt::Write;
    let seg = segmented(source, tables)?;
    let cs = extract::extract(&seg, tables);
    let al = align::align(&cs, tables);
    let line = |para: usize, at: usize| source.line_col(seg.paras[para].origin(at)).0;
    let mut out = String::new();
    let a = &seg.annex;
    let _ = writeln!(
        out,
        "annex: total {:?}, {} sections, {} items",
        a.total.as_ref().map(|c| c.value),
        a.sections.len(),
        a.items.len()
    );
    let _ = writeln!(
        out,
        "  layout {}, items {:?}, opener {:?}, title {:?}, figures {}/{}, tails {}, prose {}, score {}, rival {:?}, convincing {}",
        a.layout.as_str(),
        a.item_style,
        a.evidence.opener.map(|p| line(p, 0)),
        a.evidence.title.map(|p| line(p, 0)),
        a.evidence.with_figures,
        a.items.len(),
        a.evidence.with_tails,
        a.evidence.prose_items,
        a.evidence.score,
        a.evidence.rival.map(|(p, n)| (line(p, 0), n)),
        a.convincing()
    );
    for s in &a.sections {
        let _ = writeln!(
            out,
            "  section L{} {:?} count {:?} items {:?}{}",
            line(s.para, 0),
            s.marker.as_ref().map(|m| &m.label),
            s.count.as_ref().map(|c| c.value),
            s.items,
            if s.misnumbered { " (misnumbered)" } else { "" }
        );
    }
    for c in &seg.table_counts {
        let _ = writeln!(
            out,
            "  body count L{} {} of {:?}, the table gives {:?}",
            line(c.para, c.span.start),
            c.value,
            c.counted,
            c.candidates
        );
    }
    let _ = writeln!(out, "passages: {:?}", al.passages);
    let describe = |i: usize| {
        let c = &cs[i];
        format!(
            "L{} {}{} [{}] {} {}{}",
            line(c.para, c.quote.start),
            if c.part == extract::Part::Annex {
                "A"
            } else {
                "B"
            },
            c.item
                .map(|it| format!("#{}", a.items[it].marker.number))
                .or(c.section.map(|s| format!("§{s}")))
                .unwrap_or_default(),
            c.subject,
            c.qty.value.normalize(),
            c.qty.unit,
            c.qty
                .qualifier
                .map(|q| format!(" {}", q.as_str()))
                .unwrap_or_default()
        )
    };
    for (i, _) in cs.iter().enumerate() {
        let link = al.links.iter().find_map(|l| match l {
            align::Link::Pair {
                annex, body, kind, ..
            } if *annex == i || *body == i => {
                let other = if *annex == i { *body } else { *annex };
                Some(format!(
                    "{kind:?} ↔ L{}",
                    line(cs[other].para, cs[other].quote.start)
                ))
            }
            align::Link::Sum { annex, body } if annex.contains(&i) || *body == i => {
                Some("Sum".to_string())
            }
            _ => None,
        });
        let _ = writeln!(
            out,
            "{} {}",
            describe(i),
            link.unwrap_or_else(|| if al.linked[i] {
                "(explained)".into()
            } else {
                "-".into()
            })
        );
    }
    Ok(out)
}

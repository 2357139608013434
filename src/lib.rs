//! hedui (核对) proof-checks Chinese government work reports: it finds the narrative body and the
//! numbered annex of commitments, aligns the numbers the two state, and reports every discrepancy.
//!
//! The pipeline is a straight line, one module each:
//! [`input`] → [`segment`] → [`quantity`] → [`extract`] → [`align`] → [`rules`] → [`report`].
//!
//! ```no_run
//! let tables = hedui::tables::Tables::builtin()?;
//! let checked = hedui::check_path(std::path::Path::new("report.txt"), tables)?;
//! for f in &checked.findings {
//!     println!("{} {}", f.rule, f.message);
//! }
//! # Ok::<(), hedui::Error>(())
//! ```

pub mod align;
pub mod error;
pub mod extract;
pub mod finding;
pub mod input;
pub mod quantity;
pub mod report;
pub mod rules;
pub mod segment;
pub mod tables;

use std::path::Path;

pub use error::{Error, TableError};
pub use finding::{Finding, Severity, Side};
use input::Source;
use tables::Tables;

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The document's path.
    pub path: std::path::PathBuf,
    /// Findings in annex order.
    pub findings: Vec<Finding>,
    /// Annex commitments found.
    pub annex_commitments: usize,
    /// Annex commitments aligned with the body (equal, different, or part of a sum).
    pub aligned: usize,
    /// Numbered annex items found.
    pub items: usize,
}

/// Reads and checks one document.
pub fn check_path(path: &Path, tables: &Tables) -> Result<Checked, Error> {
    let source = Source::read(path)?;
    check_source(&source, tables)
}

/// Checks a document already read.
pub fn check_source(source: &Source, tables: &Tables) -> Result<Checked, Error> {
    let seg = segment::segment(&source.text, &tables.annex).ok_or_else(|| Error::NoAnnex {
        path: source.path.clone(),
    })?;
    let commitments = extract::extract(&seg, tables);
    let alignment = align::align(&commitments, tables);
    let cx = rules::Context {
        source,
        seg: &seg,
        commitments: &commitments,
        alignment: &alignment,
        tables,
    };
    let findings = rules::check(&cx);
    let annex: Vec<usize> = (0..commitments.len())
        .filter(|&i| commitments[i].part == extract::Part::Annex)
        .collect();
    Ok(Checked {
        path: source.path.clone(),
        findings,
        annex_commitments: annex.len(),
        aligned: annex.iter().filter(|&&i| alignment.linked[i]).count(),
        items: seg.annex.items.len(),
    })
}

/// A plain-text dump of the intermediate stages (annex structure, commitments, links), for
/// debugging and for the stage snapshots in `tests/stages.rs`.
pub fn dump_stages(source: &Source, tables: &Tables) -> Result<String, Error> {
    use std::fmt::Write;
    let seg = segment::segment(&source.text, &tables.annex).ok_or_else(|| Error::NoAnnex {
        path: source.path.clone(),
    })?;
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

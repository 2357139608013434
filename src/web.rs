//! Checking a document already in memory, for front ends without files or a terminal: the
//! offline page (`web/`, built by `scripts/build-web.sh`, see `docs/web.md`) calls this through
//! the WebAssembly build of the library. Everything here is what the command line does with a
//! file, minus the file: the same reader ([`Source::from_bytes`]), the same check with the
//! built-in tables, the same reporters and the same annotator, so the page shows what
//! `hedui check --format html` and writes what `hedui annotate` writes.

use std::path::Path;

use crate::i18n::Lang;
use crate::input::{Format, ReadOptions, Source};
use crate::report;
use crate::tables::Tables;
use crate::{Checked, Error};

/// A checked document and what is needed to render its reports and annotate it.
#[derive(Debug, Clone)]
pub struct Session {
    checked: Checked,
    /// The findings in annex order, as `hedui annotate` places its comments.
    in_annex_order: Vec<crate::Finding>,
    /// The document's bytes, kept when it is a Word document without a separate annex file:
    /// the only case `hedui annotate` handles.
    docx: Option<Vec<u8>>,
}

/// Reads and checks a document given as bytes and its file name (which names it in reports
/// and error messages, and breaks format ties as the extension does on the command line),
/// optionally with its annex as a separate file. An error is the line the command line prints
/// after `hedui: `.
pub fn check(name: &str, bytes: &[u8], annex: Option<(&str, &[u8])>) -> Result<Session, String> {
    check_inner(name, bytes, annex).map_err(|e| e.to_string())
}

fn check_inner(name: &str, bytes: &[u8], annex: Option<(&str, &[u8])>) -> Result<Session, Error> {
    let tables = Tables::builtin()?;
    let options = ReadOptions::default();
    let mut source = Source::from_bytes(Path::new(name), bytes, &options)?;
    let single_docx = source.format == Format::Docx && annex.is_none();
    if let Some((annex_name, annex_bytes)) = annex {
        source = source.with_annex(Source::from_bytes(
            Path::new(annex_name),
            annex_bytes,
            &options,
        )?);
    }
    let mut checked = crate::check_source(&source, tables)?;
    // Comments follow the document (annex order), as `hedui annotate` writes them; reports are
    // arranged as the command line arranges every format (errors first, each in annex order).
    let in_annex_order = checked.findings.clone();
    report::arrange(&mut checked.findings, crate::Severity::Info);
    Ok(Session {
        in_annex_order,
        checked,
        docx: single_docx.then(|| bytes.to_vec()),
    })
}

/// A tiny report with a body and an annex, checked once by [`warm_up`].
const WARM_UP: &str = "今年新增学位6.6万个，新建公园10个。\n附件\n2024年民生实事\n\
                       1.新增学位6.9万个。\n2.新建公园10个。\n";

/// Builds what the check builds on first use (the tables, the dictionaries, the segmenter's
/// state) by checking a tiny document, so a front end can do that while the user is still
/// choosing a file and the first real document is checked as fast as the next one.
pub fn warm_up() {
    let _ = check("warm-up.txt", WARM_UP.as_bytes(), None);
}

impl Session {
    /// The checked document.
    pub fn checked(&self) -> &Checked {
        &self.checked
    }

    fn outcomes(&self) -> [crate::Outcome; 1] {
        [Ok(self.checked.clone())]
    }

    /// The report as `hedui check --format html` prints it.
    pub fn html(&self, lang: Lang) -> String {
        report::html::render(&self.outcomes(), lang)
    }

    /// The report as `hedui check --format markdown` prints it.
    pub fn markdown(&self, lang: Lang) -> String {
        report::markdown::render(&self.outcomes(), lang)
    }

    /// The report as `hedui check --format json` prints it.
    pub fn json(&self, lang: Lang) -> String {
        report::json::render(&self.outcomes(), lang)
    }

    /// The summary line (counts by severity, how much was aligned).
    pub fn summary(&self, lang: Lang) -> String {
        report::summary(&self.checked, lang)
    }

    /// Whether [`Session::annotated`] can annotate: a Word document without a separate annex.
    pub fn can_annotate(&self) -> bool {
        self.docx.is_some()
    }

    /// The annotated copy `hedui annotate` writes with `SOURCE_DATE_EPOCH=secs`, comments in
    /// `lang`; `None` when the document cannot be annotated (see [`Session::can_annotate`]).
    pub fn annotated(&self, lang: Lang, secs: u64) -> Option<Result<Vec<u8>, String>> {
        let bytes = self.docx.as_deref()?;
        let options = crate::annotate::Options {
            lang,
            limits: ReadOptions::default().limits,
            date: crate::annotate::iso_date(secs),
        };
        Some(
            crate::annotate::annotate(&self.checked.path, bytes, &self.in_annex_order, &options)
                .map(|a| a.bytes)
                .map_err(|e| e.to_string()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn same_findings_as_a_file() {
        let bytes = std::fs::read(root().join(SAMPLE)).unwrap();
        let tables = Tables::builtin().unwrap();
        let from_file =
            crate::check_path(&root().join(SAMPLE), &ReadOptions::default(), tables).unwrap();
        let name = "000_6f198439acdb62c0.txt";
        let session = check(name, &bytes, None).unwrap();
        // The same findings, named by the file name instead of the path.
        let mut expected = from_file.findings.clone();
        crate::report::arrange(&mut expected, crate::Severity::Info);
        for f in &mut expected {
            for side in [&mut f.annex, &mut f.body].into_iter().flatten() {
                side.path = name.into();
            }
        }
        assert_eq!(session.checked().findings, expected);
        assert!(!session.checked().findings.is_empty());
        assert!(!session.can_annotate(), "plain text is not annotated");
        assert!(session.annotated(Lang::Zh, 0).is_none());
        let html = session.html(Lang::Zh);
        assert!(
            html.contains("000_6f198439acdb62c0.txt"),
            "named by the file name"
        );
        assert!(session.json(Lang::En).contains("\"findings\""));
    }

    #[test]
    fn the_warm_up_document_is_checked() {
        let session = check("warm-up.txt", WARM_UP.as_bytes(), None).unwrap();
        assert!(
            !session.checked().findings.is_empty(),
            "the warm-up exercises alignment and the rules"
        );
    }

    #[test]
    fn errors_are_the_command_line_s_lines() {
        let err = check("broken.docx", b"PK\x03\x04 not really a zip", None).unwrap_err();
        assert!(err.starts_with("broken.docx: "), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = check("empty.txt", b"", None).unwrap_err();
        assert!(err.starts_with("empty.txt: "), "{err}");
    }
}

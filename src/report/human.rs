//! The human report: one block per finding, severity and rule first, both quotes with
//! `path:line:col`, the differing part highlighted, then a summary per document.

use std::fmt::Write;

use crate::finding::{Finding, Severity, Side};
use crate::i18n::{self, Lang};
use crate::Checked;

/// The ANSI styles of the report, or empty strings when it is printed without colour (so a
/// batch's plain output is not styled and then stripped again, character by character).
#[derive(Clone, Copy)]
struct Paint {
    reset: &'static str,
    bold: &'static str,
    dim: &'static str,
    highlight: &'static str,
    styled: bool,
}

impl Paint {
    fn new(styled: bool) -> Paint {
        let on = |code: &'static str| if styled { code } else { "" };
        Paint {
            reset: on("\x1b[0m"),
            bold: on("\x1b[1m"),
            dim: on("\x1b[2m"),
            highlight: on("\x1b[1;4;31m"),
            styled,
        }
    }

    fn severity(self, s: Severity) -> &'static str {
        if !self.styled {
            return "";
        }
        match s {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Info => "\x1b[1;36m",
        }
    }
}

/// Writes `text` with the byte ranges in `highlight` styled.
fn quote(out: &mut String, p: Paint, text: &str, highlight: &[std::ops::Range<usize>]) {
    if !p.styled {
        out.push_str(text);
        return;
    }
    for (run, marked) in super::runs(text, highlight) {
        if marked {
            let _ = write!(out, "{}{run}{}", p.highlight, p.reset);
        } else {
            out.push_str(run);
        }
    }
}

fn side(out: &mut String, p: Paint, label: &str, s: &Side, item: Option<&str>, lang: Lang) {
    let item = item
        .map(|i| format!(" {}", i18n::item(i, lang)))
        .unwrap_or_default();
    let at = match i18n::position(s, lang) {
        Some(words) => format!("{} {words}", s.path.display()),
        None => format!("{}:{}:{}", s.path.display(), s.line, s.column),
    };
    let _ = write!(out, "  {}{label}{} {at}{item}\n        ", p.dim, p.reset);
    quote(out, p, &s.text, &s.highlight);
    out.push('\n');
}

fn finding(out: &mut String, p: Paint, f: &Finding, lang: Lang) {
    let _ = writeln!(
        out,
        "{}{}{}[{}] {}{}{}",
        p.severity(f.severity),
        i18n::severity(f.severity, lang),
        p.reset,
        f.rule,
        p.bold,
        i18n::message(f, lang),
        p.reset
    );
    let l = i18n::labels(lang);
    // Labels padded to one width: `annex`/`body ` in English, `附件`/`正文` in Chinese.
    let (annex, body) = match lang {
        Lang::En => (format!("{:<5}", l.annex), format!("{:<5}", l.body)),
        Lang::Zh => (l.annex.to_string(), l.body.to_string()),
    };
    if let Some(a) = &f.annex {
        side(out, p, &annex, a, f.item.as_deref(), lang);
    }
    if let Some(b) = &f.body {
        side(out, p, &body, b, None, lang);
    }
    if let Some(h) = i18n::hint(f, lang) {
        let sep = lang.pick(": ", "：");
        let _ = writeln!(out, "  {}{}{sep}{}{h}", p.dim, l.hint, p.reset);
    }
    out.push('\n');
}

/// Renders checked documents, with ANSI styles when `styled`.
pub fn render(checked: &[Checked], lang: Lang, styled: bool) -> String {
    checked
        .iter()
        .map(|c| render_one(c, lang, styled))
        .collect()
}

/// Renders one checked document: its findings, then its summary line; with ANSI styles when
/// `styled` (the caller still strips or translates them for the terminal it writes to).
pub fn render_one(c: &Checked, lang: Lang, styled: bool) -> String {
    let p = Paint::new(styled);
    let mut out = String::new();
    for f in &c.findings {
        finding(&mut out, p, f, lang);
    }
    let _ = writeln!(
        out,
        "{}{}{}{}{}",
        p.bold,
        c.path.display(),
        p.reset,
        lang.pick(": ", "："),
        super::summary(c, lang)
    );
    out
}

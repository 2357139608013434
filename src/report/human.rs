//! The human report: one block per finding, severity and rule first, both quotes with
//! `path:line:col`, the differing part highlighted, then a summary per document.

use std::fmt::Write;

use crate::finding::{Finding, Severity, Side};
use crate::i18n::{self, Lang};
use crate::Checked;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const HIGHLIGHT: &str = "\x1b[1;4;31m";

fn severity_style(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

/// Writes `text` with the byte ranges in `highlight` styled (ANSI; stripped later when colour
/// is off).
fn quote(out: &mut String, text: &str, highlight: &[std::ops::Range<usize>]) {
    for (run, marked) in super::runs(text, highlight) {
        if marked {
            let _ = write!(out, "{HIGHLIGHT}{run}{RESET}");
        } else {
            out.push_str(run);
        }
    }
}

fn side(out: &mut String, label: &str, s: &Side, item: Option<&str>, lang: Lang) {
    let item = item
        .map(|i| format!(" {}", i18n::item(i, lang)))
        .unwrap_or_default();
    let at = match i18n::position(s, lang) {
        Some(words) => format!("{} {words}", s.path.display()),
        None => format!("{}:{}:{}", s.path.display(), s.line, s.column),
    };
    let _ = write!(out, "  {DIM}{label}{RESET} {at}{item}\n        ");
    quote(out, &s.text, &s.highlight);
    out.push('\n');
}

fn finding(out: &mut String, f: &Finding, lang: Lang) {
    let _ = writeln!(
        out,
        "{}{}{RESET}[{}] {BOLD}{}{RESET}",
        severity_style(f.severity),
        i18n::severity(f.severity, lang),
        f.rule,
        i18n::message(f, lang)
    );
    let l = i18n::labels(lang);
    // Labels padded to one width: `annex`/`body ` in English, `附件`/`正文` in Chinese.
    let (annex, body) = match lang {
        Lang::En => (format!("{:<5}", l.annex), format!("{:<5}", l.body)),
        Lang::Zh => (l.annex.to_string(), l.body.to_string()),
    };
    if let Some(a) = &f.annex {
        side(out, &annex, a, f.item.as_deref(), lang);
    }
    if let Some(b) = &f.body {
        side(out, &body, b, None, lang);
    }
    if let Some(h) = i18n::hint(f, lang) {
        let sep = lang.pick(": ", "：");
        let _ = writeln!(out, "  {DIM}{}{sep}{RESET}{h}", l.hint);
    }
    out.push('\n');
}

/// Renders checked documents; the caller strips the ANSI styling when colour is off.
pub fn render(checked: &[Checked], lang: Lang) -> String {
    checked.iter().map(|c| render_one(c, lang)).collect()
}

/// Renders one checked document: its findings, then its summary line.
pub fn render_one(c: &Checked, lang: Lang) -> String {
    let mut out = String::new();
    for f in &c.findings {
        finding(&mut out, f, lang);
    }
    let _ = writeln!(
        out,
        "{BOLD}{}{RESET}{}{}",
        c.path.display(),
        lang.pick(": ", "："),
        super::summary(c, lang)
    );
    out
}

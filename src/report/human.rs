//! The human report: one block per finding, severity and rule first, both quotes with
//! `path:line:col`, the differing part highlighted, then a summary per document.

use std::fmt::Write;

use crate::finding::{Finding, Severity, Side};
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
    let mut at = 0;
    let mut ranges: Vec<_> = highlight
        .iter()
        .filter(|r| {
            r.start < r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .cloned()
        .collect();
    ranges.sort_by_key(|r| r.start);
    for r in ranges {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        let _ = write!(out, "{HIGHLIGHT}{}{RESET}", &text[r.clone()]);
        at = r.end;
    }
    out.push_str(&text[at..]);
}

fn side(out: &mut String, label: &str, s: &Side, item: Option<&str>) {
    let item = item.map(|i| format!(" item {i}")).unwrap_or_default();
    let page = s.page.map(|p| format!(" (page {p})")).unwrap_or_default();
    let _ = write!(
        out,
        "  {DIM}{label:<5}{RESET} {}:{}:{}{page}{item}\n        ",
        s.path.display(),
        s.line,
        s.column
    );
    quote(out, &s.text, &s.highlight);
    out.push('\n');
}

fn finding(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "{}{}{RESET}[{}] {BOLD}{}{RESET}",
        severity_style(f.severity),
        f.severity.as_str(),
        f.rule,
        f.message
    );
    if let Some(a) = &f.annex {
        side(out, "annex", a, f.item.as_deref());
    }
    if let Some(b) = &f.body {
        side(out, "body", b, None);
    }
    if let Some(h) = &f.hint {
        let _ = writeln!(out, "  {DIM}hint:{RESET} {h}");
    }
    out.push('\n');
}

/// Renders checked documents; the caller strips the ANSI styling when colour is off.
pub fn render(checked: &[Checked]) -> String {
    checked.iter().map(render_one).collect()
}

/// Renders one checked document: its findings, then its summary line.
pub fn render_one(c: &Checked) -> String {
    let mut out = String::new();
    {
        for f in &c.findings {
            finding(&mut out, f);
        }
        let count = |s: Severity| c.findings.iter().filter(|f| f.severity == s).count();
        let _ = writeln!(
            out,
            "{BOLD}{}{RESET}: {} errors, {} warnings, {} info; aligned {} of {} annex commitments ({} items)",
            c.path.display(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            c.aligned,
            c.annex_commitments,
            c.items
        );
    }
    out
}

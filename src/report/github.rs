//! GitHub Actions workflow commands (`--format github`): one annotation per finding side,
//! `::error file=…,line=…,col=…,title=…::message`, `warning` and `notice` for lower severities.
//! The annotation on one side names the other side's location.

use crate::finding::{Finding, Part, Severity};
use crate::i18n::{self, Lang};
use crate::Outcome;

/// Escapes a command's message: `%`, `\r`, `\n`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, and also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn finding(out: &mut String, f: &Finding, lang: Lang) {
    let l = i18n::labels(lang);
    let label = |p: Part| match p {
        Part::Annex => l.annex,
        Part::Body => l.body,
    };
    let sides = super::sides(f);
    let sep = lang.pick(": ", "：");
    for (i, (part, side)) in sides.iter().enumerate() {
        let mut message = i18n::message(f, lang);
        for (j, (other, s)) in sides.iter().enumerate() {
            if i != j {
                message.push_str(&format!(
                    "\n{}{sep}{}:{}:{} {}",
                    label(*other),
                    super::display_path(&s.path),
                    s.line,
                    s.column,
                    s.text
                ));
            }
        }
        if let Some(h) = i18n::hint(f, lang) {
            message.push_str(&format!("\n{}{sep}{h}", l.hint));
        }
        let title = match &f.item {
            Some(item) if *part == Part::Annex => {
                format!(
                    "hedui {} ({}, {})",
                    f.rule,
                    label(*part),
                    i18n::item(item, lang)
                )
            }
            _ => format!("hedui {} ({})", f.rule, label(*part)),
        };
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            command(f.severity),
            escape_property(&super::display_path(&side.path)),
            side.line,
            side.column,
            escape_property(&title),
            escape_data(&message)
        ));
    }
}

/// Renders one document's findings as workflow commands; a document that could not be read is
/// one `::error` naming it.
pub fn render_one(outcome: &Outcome, lang: Lang) -> String {
    let mut out = String::new();
    match outcome {
        Ok(c) => {
            for f in &c.findings {
                finding(&mut out, f, lang);
            }
        }
        Err(f) => out.push_str(&format!(
            "::error file={},title=hedui::{}\n",
            escape_property(&super::display_path(&f.path)),
            escape_data(&f.error)
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50%\r\nx: y, z"), "50%25%0D%0Ax: y, z");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}

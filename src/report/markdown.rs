//! The Markdown report (`--format markdown`), for a pull-request comment or an editor: a
//! summary table (rule → count), then per document one table row per finding with both quotes
//! and their locations, the differing part in bold.

use std::fmt::Write;

use crate::finding::{Finding, Side};
use crate::i18n::{self, Lang};
use crate::rules::RULES;
use crate::Outcome;

/// Escapes text for a table cell: Markdown punctuation is backslash-escaped, `|` included,
/// and line breaks become `<br>`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

fn quote(s: &Side) -> String {
    super::runs(&s.text, &s.highlight)
        .into_iter()
        .map(|(run, marked)| {
            if marked {
                format!("**{}**", escape(run))
            } else {
                escape(run)
            }
        })
        .collect()
}

fn cell(s: Option<&Side>, lang: Lang) -> String {
    let Some(s) = s else {
        return "—".to_string();
    };
    format!(
        "{}<br>`{}`",
        quote(s),
        super::location(s, lang)
            .replace('`', "'")
            .replace('|', "\\|"),
    )
}

fn row(out: &mut String, n: usize, f: &Finding, lang: Lang) {
    let l = i18n::labels(lang);
    let mut message = escape(&i18n::message(f, lang));
    if let Some(h) = i18n::hint(f, lang) {
        let _ = write!(
            message,
            "<br>*{}*{}{}",
            l.hint,
            lang.pick(": ", "："),
            escape(&h)
        );
    }
    let _ = writeln!(
        out,
        "| {n} | {} | `{}` | {} | {} | {} | {} |",
        i18n::severity(f.severity, lang),
        f.rule,
        f.item.as_deref().map(escape).unwrap_or_default(),
        message,
        cell(f.annex.as_ref(), lang),
        cell(f.body.as_ref(), lang),
    );
}

/// Renders documents (checked or failed) as one Markdown report.
pub fn render(outcomes: &[Outcome], lang: Lang) -> String {
    let l = i18n::labels(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(l.title));
    let all: Vec<&Finding> = outcomes
        .iter()
        .flatten()
        .flat_map(|c| &c.findings)
        .collect();
    let _ = writeln!(out, "| {} | {} | {} |", l.rule, l.severity, l.count);
    out.push_str("|---|---|---:|\n");
    for r in RULES {
        let of_rule: Vec<&&Finding> = all.iter().filter(|f| f.rule == r.id).collect();
        if let Some(first) = of_rule.first() {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                r.id,
                i18n::severity(first.severity, lang),
                of_rule.len()
            );
        }
    }
    let _ = writeln!(out, "| **{}** | | **{}** |", l.total, all.len());
    for outcome in outcomes {
        match outcome {
            Err(f) => {
                let _ = writeln!(
                    out,
                    "\n## {}\n\n> {}",
                    escape(&super::display_path(&f.path)),
                    escape(&f.error)
                );
            }
            Ok(c) => {
                let _ = writeln!(
                    out,
                    "\n## {}\n\n{}\n",
                    escape(&super::display_path(&c.path)),
                    escape(&super::summary(c, lang))
                );
                if c.findings.is_empty() {
                    let _ = writeln!(out, "{}", l.no_findings);
                    continue;
                }
                let _ = writeln!(
                    out,
                    "| # | {} | {} | {} | {} | {} | {} |",
                    l.severity, l.rule, l.item, l.message, l.annex, l.body
                );
                out.push_str("|---:|---|---|---|---|---|---|\n");
                for (i, f) in c.findings.iter().enumerate() {
                    row(&mut out, i + 1, f, lang);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("x\ny"), "x<br>y");
        assert_eq!(escape("新增学位6.6万个"), "新增学位6.6万个");
    }
}

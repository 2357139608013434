//! Reporters: render findings. No checking logic lives here; the words of messages and labels
//! in each language come from [`crate::i18n`].

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use std::path::{Component, Path};

use crate::finding::{Finding, Severity, Side};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable blocks with both quotes, for editors.
    Human,
    /// One JSON document (see `docs/json.md`).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown report for a pull-request comment.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Splits `text` into runs, each marked highlighted or not, by the byte ranges in `highlight`.
/// Ranges that are empty, out of bounds, not on character boundaries or overlapping an earlier
/// one are ignored.
pub fn runs<'a>(text: &'a str, highlight: &[std::ops::Range<usize>]) -> Vec<(&'a str, bool)> {
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
    let mut out = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at {
            continue;
        }
        if r.start > at {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.clone()], true));
        at = r.end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

/// The sides of a finding, primary first: the annex if present, else the body.
pub fn sides(f: &Finding) -> Vec<(crate::finding::Part, &Side)> {
    use crate::finding::Part;
    let mut out = Vec::new();
    if let Some(a) = &f.annex {
        out.push((Part::Annex, a));
    }
    if let Some(b) = &f.body {
        out.push((Part::Body, b));
    }
    out
}

/// Arranges findings for reporting, the same in every format: only those at or above `show`,
/// errors first, then warnings, then info, each group in annex order. Returns how many were
/// left out.
pub fn arrange(findings: &mut Vec<Finding>, show: Severity) -> usize {
    let before = findings.len();
    findings.retain(|f| f.severity >= show);
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    before - findings.len()
}

/// The summary line of checked document `c`: counts by severity and how much was aligned.
pub fn summary(c: &crate::Checked, lang: crate::i18n::Lang) -> String {
    crate::i18n::summary(
        counts(&c.findings),
        c.aligned,
        c.annex_commitments,
        c.items,
        lang,
    )
}

/// Counts of findings by severity: `[error, warning, info]`.
pub fn counts<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> [usize; 3] {
    let mut c = [0; 3];
    for f in findings {
        c[match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    c
}

/// Where a side is, as the human, Markdown and HTML reports show it: `path:line:column` for text
/// formats, the path and the position in words for Word and PDF (see [`crate::i18n::position`]).
pub fn location(s: &Side, lang: crate::i18n::Lang) -> String {
    let path = display_path(&s.path);
    match crate::i18n::position(s, lang) {
        Some(words) => format!("{path} {words}"),
        None => format!("{path}:{}:{}", s.line, s.column),
    }
}

/// A path as reports show it: relative to the working directory when it is under it, with `/`
/// separators.
pub fn display_path(path: &Path) -> String {
    let rel = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let parts: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    // The root component is `/` itself, so joining gives `//…`.
    match joined.strip_prefix("//") {
        Some(rest) => format!("/{rest}"),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn runs_split_on_highlights() {
        assert_eq!(
            runs("新增学位6.6万个", &[12..21]),
            vec![("新增学位", false), ("6.6万个", true)]
        );
        // Out of bounds or inside a character: ignored.
        assert_eq!(runs("学位", &[1..2, 0..99]), vec![("学位", false)]);
        assert_eq!(runs("", &[]), Vec::<(&str, bool)>::new());
    }

    #[test]
    fn arranged_by_severity_then_annex_order() {
        let doc = "附件\n青石市2024年3件民生实事项目\n\
                   1. 新建改扩建幼儿园12所,新增学位3600个。\n\
                   2. 新建城市公园5个。\n\
                   3. 新建户外劳动者驿站30个。\n\
                   4. 建设口袋公园40个。\n\n\
                   (六)办好民生实事。新建改扩建幼儿园12所,新增学位3900个;\
                   新建城市公园5个;新建户外劳动者译站30个。\n";
        let src = crate::input::Source::from_text("r.txt", doc);
        let c = crate::check_source(&src, crate::tables::Tables::builtin().unwrap()).unwrap();
        let all = c.findings.clone();
        assert!(
            all.iter().any(|f| f.severity == Severity::Info)
                && all.iter().any(|f| f.severity == Severity::Error),
            "{all:?}"
        );
        let mut shown = all.clone();
        assert_eq!(arrange(&mut shown, Severity::Info), 0);
        assert!(shown.windows(2).all(|w| w[0].severity > w[1].severity
            || (w[0].severity == w[1].severity && w[0].order <= w[1].order)));
        let mut some = all.clone();
        let left_out = arrange(&mut some, Severity::Warning);
        assert_eq!(
            left_out,
            all.iter().filter(|f| f.severity == Severity::Info).count()
        );
        assert!(some.iter().all(|f| f.severity >= Severity::Warning));
    }

    #[test]
    fn paths_are_shown_relative() {
        assert_eq!(display_path(Path::new("./corpus/a.txt")), "corpus/a.txt");
        assert_eq!(
            display_path(Path::new("/elsewhere/a.txt")),
            "/elsewhere/a.txt"
        );
        let cwd = std::env::current_dir().unwrap_or_default();
        assert_eq!(display_path(&cwd.join("x").join("a.txt")), "x/a.txt");
    }
}

//! Baselines: an editor who has judged today's findings correct records them
//! (`--write-baseline FILE`), and later runs (`--baseline FILE`) report only findings that are
//! not in it.
//!
//! A finding is identified by a fingerprint of its document, rule, annex item and both quotes
//! with whitespace removed — not by line numbers, so a baseline survives text inserted above.
//! The same fingerprint may occur several times; a baseline hides as many as it recorded.
//! The file is JSON, one entry per finding with the readable parts beside the fingerprint, so
//! it can be reviewed and diffed.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::{Checked, Error};

/// The baseline format version.
const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 16 hex digits identifying the finding.
    pub fingerprint: String,
    /// The rule id.
    pub rule: String,
    /// The document, as it was given.
    pub path: String,
    /// The annex item number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The annex quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex: Option<String>,
    /// The body quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// A set of recorded findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// The findings, in report order.
    pub findings: Vec<Entry>,
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// FNV-1a, 64 bits: small, and stable across Rust versions and platforms (unlike `std`'s
/// hasher), which a file kept for months needs.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The entry for finding `f` of document `path`.
pub fn entry(path: &Path, f: &Finding) -> Entry {
    let annex = f.annex.as_ref().map(|s| squash(&s.text));
    let body = f.body.as_ref().map(|s| squash(&s.text));
    let path = path.display().to_string();
    let key = [
        f.rule,
        &path,
        f.item.as_deref().unwrap_or(""),
        annex.as_deref().unwrap_or(""),
        body.as_deref().unwrap_or(""),
    ]
    .join("\u{1f}");
    Entry {
        fingerprint: format!("{:016x}", fnv1a(key.as_bytes())),
        rule: f.rule.to_string(),
        path,
        item: f.item.clone(),
        annex,
        body,
    }
}

impl Baseline {
    /// Records every finding of `checked`.
    pub fn record<'a>(checked: impl IntoIterator<Item = &'a Checked>) -> Baseline {
        Baseline {
            version: VERSION,
            findings: checked
                .into_iter()
                .flat_map(|c| c.findings.iter().map(|f| entry(&c.path, f)))
                .collect(),
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| Error::Baseline {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if b.version != VERSION {
            return Err(Error::Baseline {
                path: path.to_path_buf(),
                message: format!("version {} (this hedui reads {VERSION})", b.version),
            });
        }
        Ok(b)
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// A filter that hides this baseline's findings.
    pub fn filter(&self) -> Filter {
        let mut left = HashMap::new();
        for e in &self.findings {
            *left.entry(e.fingerprint.clone()).or_insert(0usize) += 1;
        }
        Filter { left }
    }
}

/// Hides recorded findings, each as many times as it was recorded.
#[derive(Debug, Clone)]
pub struct Filter {
    left: HashMap<String, usize>,
}

impl Filter {
    /// Removes recorded findings from `checked`; returns how many were hidden.
    pub fn apply(&mut self, checked: &mut Checked) -> usize {
        let before = checked.findings.len();
        let path = checked.path.clone();
        checked.findings.retain(|f| {
            let fp = entry(&path, f).fingerprint;
            match self.left.get_mut(&fp) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - checked.findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::tables::Tables;

    fn check(text: &str) -> Checked {
        let src = Source::from_text("report.txt", text);
        crate::check_source(&src, Tables::builtin().unwrap()).unwrap()
    }

    const DOC: &str = "附件\n青石市2024年2件民生实事项目\n\
                       1. 新建改扩建幼儿园12所,新增学位3600个。\n\
                       2. 新建城市公园5个。\n\n\
                       (六)办好民生实事。新建改扩建幼儿园12所,新增学位3900个;新建城市公园5个。\n";

    #[test]
    fn survives_inserted_lines_and_still_shows_new_findings() {
        let today = check(DOC);
        assert_eq!(today.findings.len(), 1, "{:?}", today.findings);
        let baseline = Baseline::record([&today]);
        let text = baseline.to_json();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        std::fs::write(&file, &text).unwrap();
        let loaded = Baseline::load(&file).unwrap();
        assert_eq!(loaded, baseline);

        // Tomorrow: lines inserted above, and a new discrepancy.
        let tomorrow = format!("政府工作报告\n\n前言一段。\n{}", {
            let at = DOC.rfind("公园5个").unwrap();
            format!("{}公园8个{}", &DOC[..at], &DOC[at + "公园5个".len()..])
        });
        let mut later = check(&tomorrow);
        assert_eq!(later.findings.len(), 2);
        let hidden = loaded.filter().apply(&mut later);
        assert_eq!(hidden, 1);
        assert_eq!(later.findings.len(), 1);
        assert_eq!(
            later.findings[0].item.as_deref(),
            Some("2"),
            "{:?}",
            later.findings
        );
    }

    #[test]
    fn bad_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        std::fs::write(&file, "{\"version\": 9, \"findings\": []}").unwrap();
        assert!(Baseline::load(&file)
            .unwrap_err()
            .to_string()
            .contains("version 9"));
        std::fs::write(&file, "not json").unwrap();
        assert!(Baseline::load(&file)
            .unwrap_err()
            .to_string()
            .contains("not a hedui baseline"));
    }
}

//! Baselines: an editor who has judged today's findings correct records them
//! (`--write-baseline FILE`), and later runs (`--baseline FILE`) report only findings that are
//! not in it.
//!
//! A finding is identified by a fingerprint of its document, rule, annex item and both quotes
//! with whitespace removed — not by line numbers, so a baseline survives text inserted above.
//! The same fingerprint may occur several times; a baseline hides as many as it recorded.
//! The file is JSON, one entry per finding with the readable parts beside the fingerprint, so
//! it can be reviewed and diffed.
//!
//! The document is recorded by a normalised path: relative to the root of the repository the
//! baseline file is in (the nearest parent directory with a `.git`), or to the baseline file's
//! own directory when it is in none, with `/` separators. So `report.txt`, `./report.txt`,
//! `in/report.txt` from the parent, the absolute path and a directory walk that reaches the file
//! all name the same document. Version 1 files recorded the path as it was typed; they are still
//! read, taking those paths relative to the current directory.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::{Checked, Error};

/// The baseline format version this hedui writes.
const VERSION: u32 = 2;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 16 hex digits identifying the finding.
    pub fingerprint: String,
    /// The rule id.
    pub rule: String,
    /// The document, relative to the baseline's root (see the module documentation).
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

/// A quote without whitespace and with full-width forms folded (`附件：` as `附件:`), so quotes
/// recorded by hedui 0.1 (which folded them) still match the file's own characters.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            f @ 0xFF01..=0xFF5E => char::from_u32(f - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// FNV-1a, 64 bits: small, and stable across Rust versions and platforms (unlike `std`'s
/// hasher), which a file kept for months needs.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `path` made absolute (against the current directory) with `.` and `..` resolved; symbolic
/// links are resolved too when the path exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `root` (both absolute and normalised), `..` where it lies outside, with
/// `/` separators. On another drive (Windows) it stays absolute.
fn relative(path: &Path, root: &Path) -> String {
    let p: Vec<Component> = path.components().collect();
    let r: Vec<Component> = root.components().collect();
    if p.first() != r.first() {
        return path.display().to_string().replace('\\', "/");
    }
    let common = p.iter().zip(&r).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// What recorded paths are relative to: the root of the repository the baseline file is in,
/// else the baseline file's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    root: PathBuf,
}

impl Anchor {
    /// The anchor for the baseline file `file` (which need not exist yet; its directory must).
    pub fn for_file(file: &Path) -> Anchor {
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => absolute(d),
            _ => absolute(Path::new(".")),
        };
        let root = dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&dir)
            .to_path_buf();
        Anchor { root }
    }

    /// The directory recorded paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Document `doc`'s recorded path, however it was given.
    pub fn key(&self, doc: &Path) -> String {
        relative(&absolute(doc), &self.root)
    }
}

/// The fingerprint of a finding of the document recorded as `path`.
fn fingerprint(rule: &str, path: &str, item: &str, annex: &str, body: &str) -> String {
    let key = [rule, path, item, annex, body].join("\u{1f}");
    format!("{:016x}", fnv1a(key.as_bytes()))
}

/// The entry for finding `f` of the document recorded as `path` (see [`Anchor::key`]).
pub fn entry(path: &str, f: &Finding) -> Entry {
    let annex = f.annex.as_ref().map(|s| squash(&s.text));
    let body = f.body.as_ref().map(|s| squash(&s.text));
    Entry {
        fingerprint: fingerprint(
            f.rule,
            path,
            f.item.as_deref().unwrap_or(""),
            annex.as_deref().unwrap_or(""),
            body.as_deref().unwrap_or(""),
        ),
        rule: f.rule.to_string(),
        path: path.to_string(),
        item: f.item.clone(),
        annex,
        body,
    }
}

impl Baseline {
    /// Records every finding of `checked`, paths relative to `anchor`.
    pub fn record<'a>(anchor: &Anchor, checked: impl IntoIterator<Item = &'a Checked>) -> Baseline {
        Baseline {
            version: VERSION,
            findings: checked
                .into_iter()
                .flat_map(|c| {
                    let path = anchor.key(&c.path);
                    c.findings
                        .iter()
                        .map(|f| entry(&path, f))
                        .collect::<Vec<_>>()
                })
                .collect(),
        }
    }

    /// Reads a baseline file. Version 1 entries (paths as typed) are brought to this version:
    /// their paths are taken relative to the current directory.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut b: Baseline = serde_json::from_str(&text).map_err(|e| Error::Baseline {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        match b.version {
            VERSION => {}
            1 => {
                let anchor = Anchor::for_file(path);
                for e in &mut b.findings {
                    e.path = anchor.key(Path::new(&e.path));
                    e.fingerprint = fingerprint(
                        &e.rule,
                        &e.path,
                        e.item.as_deref().unwrap_or(""),
                        e.annex.as_deref().unwrap_or(""),
                        e.body.as_deref().unwrap_or(""),
                    );
                }
                b.version = VERSION;
            }
            v => {
                return Err(Error::Baseline {
                    path: path.to_path_buf(),
                    message: format!("version {v} (this hedui reads 1 and {VERSION})"),
                })
            }
        }
        Ok(b)
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// A filter that hides this baseline's findings; `anchor` is the baseline file's.
    pub fn filter(&self, anchor: Anchor) -> Filter {
        let mut left = HashMap::new();
        let mut per_path: HashMap<String, usize> = HashMap::new();
        for e in &self.findings {
            *left.entry(e.fingerprint.clone()).or_insert(0usize) += 1;
            *per_path.entry(e.path.clone()).or_insert(0) += 1;
        }
        Filter {
            anchor,
            left,
            per_path,
            hidden: 0,
            seen: HashSet::new(),
        }
    }
}

/// Hides recorded findings, each as many times as it was recorded, and counts what it did.
#[derive(Debug, Clone)]
pub struct Filter {
    anchor: Anchor,
    left: HashMap<String, usize>,
    /// Recorded findings per document, not yet hidden.
    per_path: HashMap<String, usize>,
    hidden: usize,
    /// The recorded paths of the documents checked.
    seen: HashSet<String>,
}

/// What a baseline did over a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Findings hidden.
    pub hidden: usize,
    /// Recorded findings of checked documents that no longer occur.
    pub stale: usize,
    /// Checked documents the baseline records findings for.
    pub documents_matched: usize,
    /// Findings the baseline records, for every document.
    pub recorded: usize,
}

impl Filter {
    /// Removes recorded findings from `checked`; returns how many were hidden.
    pub fn apply(&mut self, checked: &mut Checked) -> usize {
        let before = checked.findings.len();
        let path = self.anchor.key(&checked.path);
        checked.findings.retain(|f| {
            let fp = entry(&path, f).fingerprint;
            match self.left.get_mut(&fp) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    if let Some(m) = self.per_path.get_mut(&path) {
                        *m = m.saturating_sub(1);
                    }
                    false
                }
                _ => true,
            }
        });
        self.seen.insert(path);
        let hidden = before - checked.findings.len();
        self.hidden += hidden;
        hidden
    }

    /// The directory recorded paths are relative to.
    pub fn root(&self) -> &Path {
        self.anchor.root()
    }

    /// What the filter did so far.
    pub fn tally(&self) -> Tally {
        let mut stale = 0;
        let mut documents_matched = 0;
        for p in &self.seen {
            if let Some(left) = self.per_path.get(p) {
                stale += left;
                documents_matched += 1;
            }
        }
        Tally {
            hidden: self.hidden,
            stale,
            documents_matched,
            recorded: self.left.values().sum::<usize>() + self.hidden,
        }
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
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        let anchor = Anchor::for_file(&file);
        let baseline = Baseline::record(&anchor, [&today]);
        let text = baseline.to_json();
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
        let mut filter = loaded.filter(anchor);
        let hidden = filter.apply(&mut later);
        assert_eq!(hidden, 1);
        let tally = filter.tally();
        assert_eq!((tally.hidden, tally.stale, tally.recorded), (1, 0, 1));
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

    #[test]
    fn relative_paths() {
        let r = Path::new("/a/b");
        assert_eq!(relative(Path::new("/a/b/c/d.txt"), r), "c/d.txt");
        assert_eq!(relative(Path::new("/a/x.txt"), r), "../x.txt");
        assert_eq!(relative(Path::new("/q/x.txt"), r), "../../q/x.txt");
    }

    #[test]
    fn a_document_has_one_key_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("in/sub")).unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("in/report.txt"), "x").unwrap();
        let anchor = Anchor::for_file(&root.join("out/b.json"));
        assert_eq!(anchor.root(), root.join("out"));
        let want = "../in/report.txt";
        for spelling in [
            root.join("in/report.txt"),
            root.join("in/./report.txt"),
            root.join("in/sub/../report.txt"),
            root.join("out/../in/report.txt"),
        ] {
            assert_eq!(anchor.key(&spelling), want, "{}", spelling.display());
        }
        // In a repository the root is the repository's, wherever the baseline file is.
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let anchor = Anchor::for_file(&root.join("out/b.json"));
        assert_eq!(anchor.root(), root);
        assert_eq!(anchor.key(&root.join("in/report.txt")), "in/report.txt");
    }

    #[test]
    fn stale_and_unmatched_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        let anchor = Anchor::for_file(&file);
        let today = check(DOC);
        let baseline = Baseline::record(&anchor, [&today]);
        // Fixed: the document no longer has the discrepancy.
        let mut fixed = check(&DOC.replace("学位3900个", "学位3600个"));
        assert!(fixed.findings.is_empty(), "{:?}", fixed.findings);
        let mut filter = baseline.filter(anchor.clone());
        assert_eq!(filter.apply(&mut fixed), 0);
        let t = filter.tally();
        assert_eq!((t.hidden, t.stale, t.documents_matched), (0, 1, 1));
        // Another document: nothing recorded for it matches, nothing is stale.
        let mut other = check(DOC);
        other.path = "elsewhere/other.txt".into();
        let mut filter = baseline.filter(anchor);
        assert_eq!(filter.apply(&mut other), 0);
        let t = filter.tally();
        assert_eq!(
            (t.hidden, t.stale, t.documents_matched, t.recorded),
            (0, 0, 0, 1)
        );
    }

    #[test]
    fn version_1_files_are_read_with_paths_from_the_current_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.json");
        let today = check(DOC);
        // What hedui 0.1 wrote: the path as typed, relative to where it ran (here: the tests'
        // working directory), and a fingerprint over it.
        let old = Baseline {
            version: 1,
            findings: today
                .findings
                .iter()
                .map(|f| entry("report.txt", f))
                .collect(),
        };
        std::fs::write(&file, old.to_json()).unwrap();
        let loaded = Baseline::load(&file).unwrap();
        let anchor = Anchor::for_file(&file);
        let mut again = check(DOC);
        again.path = std::env::current_dir().unwrap().join("report.txt");
        assert_eq!(loaded.filter(anchor).apply(&mut again), 1);
    }
}

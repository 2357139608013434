//! Project configuration: a `hedui.toml` found in the document's directory or the nearest parent
//! (or given with `--config`). It switches rules off or changes their severity, adds wording
//! equivalences, units and annex words to the built-in tables, and lists paths a directory walk
//! skips. Everything is checked: an unknown key or rule id is an error naming the file.
//!
//! ```toml
//! ignore = ["drafts/", "*.old.docx"]   # gitignore syntax, relative to this file
//!
//! [rules]
//! wording-mismatch = "off"             # error | warning | info | off
//! annex-only = "warning"
//!
//! [equivalences]
//! groups = [["驿站", "服务站"]]          # added to rules/equivalences.toml
//!
//! [annex]
//! openers = ["附表二"]                  # added to rules/annex.toml (also count_classifiers,
//!                                       # total_words, responsibility_words)
//! [[units.unit]]                        # added to rules/units.toml, same shape
//! name = "台"
//! kinds = ["设备"]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::tables::{TableTexts, Tables};
use crate::Error;

/// The file name looked for.
pub const FILE_NAME: &str = "hedui.toml";

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    /// Report at error level.
    Error,
    /// Report at warning level.
    Warning,
    /// Report at info level.
    Info,
    /// Do not run the rule.
    Off,
}

/// Words added to `annex.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexWords {
    /// Lines that open an annex.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub openers: Vec<String>,
    /// Classifiers of stated totals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub count_classifiers: Vec<String>,
    /// Words that make a count the total of the list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub total_words: Vec<String>,
    /// Words of responsibility notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibility_words: Vec<String>,
}

/// Groups added to `equivalences.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Equivalences {
    /// Groups of interchangeable words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Vec<String>>,
}

/// Units added to `units.toml` (each checked by that table's own rules).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    /// `[[units.unit]]` entries: `name`, `aliases`, `kinds`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit: Vec<toml::Table>,
}

/// A parsed `hedui.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Paths (gitignore syntax, relative to the config file) that directory walks skip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Rule id → setting.
    #[serde(default)]
    pub rules: BTreeMap<String, Setting>,
    /// Extra wording equivalences.
    #[serde(default, skip_serializing_if = "is_default")]
    pub equivalences: Equivalences,
    /// Extra annex words.
    #[serde(default, skip_serializing_if = "is_default")]
    pub annex: AnnexWords,
    /// Extra units.
    #[serde(default, skip_serializing_if = "is_default")]
    pub units: Units,
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

fn config_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

impl Config {
    /// Parses a config file's text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|span| {
                    let o = crate::input::Source::from_text(path, text).origin(span.start);
                    format!("line {}, column {}: ", o.line, o.column)
                })
                .unwrap_or_default();
            config_error(
                path,
                format!("{at}{}", e.message().trim().replace('\n', " ")),
            )
        })?;
        for id in config.rules.keys() {
            if !crate::rules::RULES.iter().any(|r| r.id == id) {
                let known: Vec<&str> = crate::rules::RULES.iter().map(|r| r.id).collect();
                return Err(config_error(
                    path,
                    format!(
                        "unknown rule `{id}` in [rules] (rules: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        Ok(config)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// The tables `texts` describe, extended and adjusted by this config (read from `path`).
    pub fn apply(&self, texts: &TableTexts, path: &Path) -> Result<Tables, Error> {
        let mut texts = texts.clone();
        let extend = |text: &str, key: &str, extra: Vec<toml::Value>| -> Result<String, Error> {
            if extra.is_empty() {
                return Ok(text.to_string());
            }
            let mut table: toml::Table = toml::from_str(text)
                .map_err(|e| config_error(path, format!("cannot extend {key}: {e}")))?;
            match table
                .entry(key.to_string())
                .or_insert_with(|| toml::Value::Array(Vec::new()))
            {
                toml::Value::Array(list) => list.extend(extra),
                _ => return Err(config_error(path, format!("`{key}` is not a list"))),
            }
            toml::to_string(&table).map_err(|e| config_error(path, e.to_string()))
        };
        let strings = |v: &[String]| v.iter().cloned().map(toml::Value::String).collect();
        let a = &self.annex;
        texts.annex = extend(&texts.annex, "openers", strings(&a.openers))?;
        texts.annex = extend(
            &texts.annex,
            "count_classifiers",
            strings(&a.count_classifiers),
        )?;
        texts.annex = extend(&texts.annex, "total_words", strings(&a.total_words))?;
        texts.annex = extend(
            &texts.annex,
            "responsibility_words",
            strings(&a.responsibility_words),
        )?;
        let groups = self
            .equivalences
            .groups
            .iter()
            .map(|g| toml::Value::Array(strings(g)))
            .collect();
        texts.equivalences = extend(&texts.equivalences, "groups", groups)?;
        let units = self
            .units
            .unit
            .iter()
            .cloned()
            .map(toml::Value::Table)
            .collect();
        texts.units = extend(&texts.units, "unit", units)?;
        let mut tables = texts.parse().map_err(|e| match e {
            Error::Table(t) => config_error(path, t.to_string()),
            other => other,
        })?;
        for (id, setting) in &self.rules {
            let severity = match setting {
                Setting::Error => Severity::Error,
                Setting::Warning => Severity::Warning,
                Setting::Info => Severity::Info,
                Setting::Off => {
                    tables.off.insert(id.clone());
                    continue;
                }
            };
            tables.severities.insert(id.clone(), severity);
        }
        Ok(tables)
    }
}

/// The nearest `hedui.toml` in `dir` or its parents.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The directory a document's config is searched from.
fn start_dir(doc: &Path) -> PathBuf {
    match doc.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A config with its tables and ignore matcher, built once per file.
#[derive(Debug)]
pub struct Resolved {
    /// The config file, if any.
    pub path: Option<PathBuf>,
    /// Its settings.
    pub config: Config,
    /// The tables to check with.
    pub tables: Arc<Tables>,
    ignore: Option<ignore::gitignore::Gitignore>,
}

impl Resolved {
    /// Whether a file found in a directory walk is ignored by the config.
    pub fn ignores(&self, file: &Path) -> bool {
        let Some(gi) = &self.ignore else {
            return false;
        };
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        gi.matched_path_or_any_parents(&file, false).is_ignore()
    }
}

/// Finds and caches the configuration of each document: `--config FILE` for all, or each
/// document's nearest `hedui.toml`, applied on top of the built-in (or `--rules`) tables.
#[derive(Debug)]
pub struct Resolver {
    texts: TableTexts,
    forced: Option<Arc<Resolved>>,
    cache: Mutex<HashMap<Option<PathBuf>, Arc<Resolved>>>,
    /// The configuration found for each directory a document was in: the search up the tree
    /// (a `stat` per level) is made once per directory, not once per document.
    by_dir: Mutex<HashMap<PathBuf, Arc<Resolved>>>,
}

impl Resolver {
    /// A resolver over `texts`; with `config`, that file is used for every document (and any
    /// error in it is returned now).
    pub fn new(texts: TableTexts, config: Option<&Path>) -> Result<Resolver, Error> {
        let mut r = Resolver {
            texts,
            forced: None,
            cache: Mutex::new(HashMap::new()),
            by_dir: Mutex::new(HashMap::new()),
        };
        if let Some(path) = config {
            r.forced = Some(r.build(Some(path.to_path_buf()))?);
        }
        Ok(r)
    }

    fn build(&self, path: Option<PathBuf>) -> Result<Arc<Resolved>, Error> {
        let Some(p) = path else {
            let tables = if self.texts.dir.is_none() {
                Tables::builtin()?.clone()
            } else {
                self.texts.parse()?
            };
            return Ok(Arc::new(Resolved {
                path: None,
                config: Config::default(),
                tables: Arc::new(tables),
                ignore: None,
            }));
        };
        let config = Config::load(&p)?;
        let tables = config.apply(&self.texts, &p)?;
        let ignore = if config.ignore.is_empty() {
            None
        } else {
            let base = std::path::absolute(start_dir(&p)).unwrap_or_else(|_| start_dir(&p));
            let mut b = ignore::gitignore::GitignoreBuilder::new(base);
            for pattern in &config.ignore {
                b.add_line(None, pattern).map_err(|e| {
                    config_error(&p, format!("bad ignore pattern {pattern:?}: {e}"))
                })?;
            }
            Some(b.build().map_err(|e| config_error(&p, e.to_string()))?)
        };
        Ok(Arc::new(Resolved {
            path: Some(p),
            config,
            tables: Arc::new(tables),
            ignore,
        }))
    }

    /// The configuration that applies to document `doc`.
    pub fn resolve(&self, doc: &Path) -> Result<Arc<Resolved>, Error> {
        if let Some(forced) = &self.forced {
            return Ok(forced.clone());
        }
        let dir = start_dir(doc);
        if let Some(hit) = lock(&self.by_dir).get(&dir) {
            return Ok(hit.clone());
        }
        let path = discover(&dir);
        let hit = lock(&self.cache).get(&path).cloned();
        let resolved = match hit {
            Some(hit) => hit,
            None => {
                let built = self.build(path.clone())?;
                lock(&self.cache).insert(path, built.clone());
                built
            }
        };
        lock(&self.by_dir).insert(dir, resolved.clone());
        Ok(resolved)
    }
}

/// A cache's map. A panic while holding the lock cannot leave a cache inconsistent: entries
/// are inserted whole.
fn lock<K, V>(cache: &Mutex<HashMap<K, V>>) -> std::sync::MutexGuard<'_, HashMap<K, V>> {
    cache.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn unknown_keys_and_rules_are_errors_naming_the_file() {
        let err = Config::parse(
            Path::new("x/hedui.toml"),
            "[rules]\nnumber-mismatch = \"info\"\n\n[rulez]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("x/hedui.toml: line 4"), "{err}");
        assert!(err.contains("rulez"), "{err}");
        let err = Config::parse(
            Path::new("hedui.toml"),
            "[rules]\nnumber-mismatchh = \"off\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown rule `number-mismatchh`"), "{err}");
        let err = Config::parse(Path::new("hedui.toml"), "[rules]\nnumbering = \"loud\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("loud"), "{err}");
    }

    #[test]
    fn settings_change_tables() {
        let config = Config::parse(
            Path::new("hedui.toml"),
            "[rules]\nwording-mismatch = \"off\"\nannex-only = \"warning\"\n\
             [equivalences]\ngroups = [[\"驿站\", \"服务站\"]]\n\
             [annex]\nopeners = [\"附录\"]\n\
             [[units.unit]]\nname = \"樘\"\nkinds = [\"门窗\"]\n",
        )
        .unwrap();
        let t = config
            .apply(&TableTexts::builtin(), Path::new("hedui.toml"))
            .unwrap();
        assert!(t.off.contains("wording-mismatch"));
        assert_eq!(t.severities["annex-only"], Severity::Warning);
        assert!(t.annex.is_opener("附录"));
        assert_eq!(t.wording.canonical("服务站"), "驿站");
        let bad = Config::parse(
            Path::new("hedui.toml"),
            "[[units.unit]]\nname = \"樘\"\nkindz = [\"x\"]\n",
        )
        .unwrap();
        let err = bad
            .apply(&TableTexts::builtin(), Path::new("hedui.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("hedui.toml: ") && err.contains("kindz"),
            "{err}"
        );
    }

    #[test]
    fn documents_of_one_directory_share_one_search() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "hedui.toml", "[rules]\nsum-match = \"off\"\n");
        let a = write(dir.path(), "sub/a.txt", "x");
        let b = write(dir.path(), "sub/b.txt", "x");
        let c = write(dir.path(), "c.txt", "x");
        let r = Resolver::new(TableTexts::builtin(), None).unwrap();
        let (ra, rb, rc) = (
            r.resolve(&a).unwrap(),
            r.resolve(&b).unwrap(),
            r.resolve(&c).unwrap(),
        );
        assert!(ra.tables.off.contains("sum-match"));
        // One search per directory, one build per config file.
        assert!(Arc::ptr_eq(&ra, &rb) && Arc::ptr_eq(&ra, &rc));
        assert_eq!(lock(&r.by_dir).len(), 2);
        assert_eq!(lock(&r.cache).len(), 1);
    }

    #[test]
    fn discovered_from_the_document_upwards_and_ignores_paths() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "hedui.toml",
            "ignore = [\"old/\"]\n[rules]\nsum-match = \"off\"\n",
        );
        let doc = write(dir.path(), "a/b/report.txt", "x");
        let old = write(dir.path(), "old/report.txt", "x");
        let r = Resolver::new(TableTexts::builtin(), None).unwrap();
        let got = r.resolve(&doc).unwrap();
        assert!(got.path.as_ref().unwrap().ends_with("hedui.toml"));
        assert!(got.tables.off.contains("sum-match"));
        assert!(got.ignores(&old));
        assert!(!got.ignores(&doc));
        let other = tempfile::tempdir().unwrap();
        let lone = write(other.path(), "r.txt", "x");
        // Outside the tree, no config applies (unless a parent of the temp dir has one).
        if discover(other.path()).is_none() {
            assert!(r.resolve(&lone).unwrap().path.is_none());
        }
    }
}

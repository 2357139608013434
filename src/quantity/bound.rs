//! Bound words (`rules/bounds.toml`): `不低于`, `以上`, `左右`, `余`… and the qualifier each states.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::Qualifier;
use crate::TableError;

/// The built-in `rules/bounds.toml`.
pub const BOUNDS_TOML: &str = include_str!("../../rules/bounds.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundsToml {
    #[serde(default)]
    before: BTreeMap<Qualifier, Vec<String>>,
    #[serde(default)]
    after: BTreeMap<Qualifier, Vec<String>>,
    #[serde(default)]
    inner: BTreeMap<Qualifier, Vec<String>>,
}

/// Bound words by position, longest first.
#[derive(Debug, Clone, Default)]
pub struct BoundTable {
    before: Vec<(String, Qualifier)>,
    after: Vec<(String, Qualifier)>,
    inner: Vec<(String, Qualifier)>,
}

fn flatten(map: BTreeMap<Qualifier, Vec<String>>) -> Vec<(String, Qualifier)> {
    let mut v: Vec<(String, Qualifier)> = map
        .into_iter()
        .flat_map(|(q, words)| {
            words
                .into_iter()
                .filter(|w| !w.is_empty())
                .map(move |w| (w, q))
        })
        .collect();
    v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    v
}

static BUILTIN: LazyLock<Result<BoundTable, TableError>> =
    LazyLock::new(|| BoundTable::from_toml(BOUNDS_TOML));

impl BoundTable {
    /// The built-in table, parsed once (empty if the built-in file were broken; a test guards).
    pub fn builtin() -> &'static BoundTable {
        static EMPTY: BoundTable = BoundTable {
            before: Vec::new(),
            after: Vec::new(),
            inner: Vec::new(),
        };
        BUILTIN.as_ref().unwrap_or(&EMPTY)
    }

    /// Parses a bounds table.
    pub fn from_toml(text: &str) -> Result<BoundTable, TableError> {
        let t: BoundsToml = crate::tables::parse_table("bounds.toml", text)?;
        Ok(BoundTable {
            before: flatten(t.before),
            after: flatten(t.after),
            inner: flatten(t.inner),
        })
    }

    /// A bound word ending exactly at the end of `text`: (qualifier, byte length).
    pub fn before_end(&self, text: &str) -> Option<(Qualifier, usize)> {
        self.before
            .iter()
            .find(|(w, _)| text.ends_with(w.as_str()))
            .map(|(w, q)| (*q, w.len()))
    }

    /// A bound word at the start of `text` (after a unit).
    pub fn after_start(&self, text: &str) -> Option<(Qualifier, usize)> {
        self.after
            .iter()
            .find(|(w, _)| text.starts_with(w.as_str()))
            .map(|(w, q)| (*q, w.len()))
    }

    /// A bound word between a number and its unit (`余`, `多`).
    pub fn inner_start(&self, text: &str) -> Option<(Qualifier, usize)> {
        self.inner
            .iter()
            .find(|(w, _)| text.starts_with(w.as_str()))
            .map(|(w, q)| (*q, w.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses() {
        let t = BoundTable::from_toml(BOUNDS_TOML).unwrap();
        assert_eq!(
            t.before_end("增幅不低于"),
            Some((Qualifier::AtLeast, "不低于".len()))
        );
        assert_eq!(
            t.after_start("以上,"),
            Some((Qualifier::AtLeast, "以上".len()))
        );
        assert_eq!(t.before_end("超过").map(|b| b.0), Some(Qualifier::MoreThan));
        assert!(BoundTable::from_toml("[before]\nbogus = [\"x\"]\n").is_err());
    }
}

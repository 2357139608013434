//! Units and classifiers (`rules/units.toml`): their spellings, which are synonyms, and which
//! words after a number make it a date or an age rather than a commitment.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::TableError;

/// The built-in `rules/units.toml`.
pub const UNITS_TOML: &str = include_str!("../../rules/units.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsToml {
    skip: Vec<String>,
    unit: Vec<UnitEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kinds: Vec<String>,
}

/// The unit table, ready for longest-match lookups.
#[derive(Debug, Clone)]
pub struct UnitTable {
    /// (spelling, index into `units`), longest spelling first.
    spellings: Vec<(String, usize)>,
    /// (normalised name, kinds).
    units: Vec<(String, Vec<String>)>,
    /// Words that make a number a date, age, ordinal or version, longest first.
    skip: Vec<String>,
}

static BUILTIN: LazyLock<Result<UnitTable, TableError>> =
    LazyLock::new(|| UnitTable::from_toml(UNITS_TOML));

impl UnitTable {
    /// The built-in table, parsed once. Falls back to an empty table if the built-in file were
    /// broken (a test guards against that).
    pub fn builtin() -> &'static UnitTable {
        static EMPTY: UnitTable = UnitTable {
            spellings: Vec::new(),
            units: Vec::new(),
            skip: Vec::new(),
        };
        BUILTIN.as_ref().unwrap_or(&EMPTY)
    }

    /// Parses a units table.
    pub fn from_toml(text: &str) -> Result<UnitTable, TableError> {
        let t: UnitsToml = crate::tables::parse_table("units.toml", text)?;
        let invalid = |message: String| TableError::Invalid {
            name: "units.toml".into(),
            message,
        };
        let mut spellings: Vec<(String, usize)> = Vec::new();
        let mut units = Vec::new();
        for (i, u) in t.unit.into_iter().enumerate() {
            if u.name.trim().is_empty() {
                return Err(invalid(format!("unit {} has an empty name", i + 1)));
            }
            if u.kinds.is_empty() {
                return Err(invalid(format!("unit “{}” has no kinds", u.name)));
            }
            for s in std::iter::once(&u.name).chain(&u.aliases) {
                if s.is_empty() {
                    return Err(invalid(format!("unit “{}” has an empty alias", u.name)));
                }
                if spellings.iter().any(|(x, _)| x == s) {
                    return Err(invalid(format!("“{s}” is listed twice")));
                }
                spellings.push((s.clone(), i));
            }
            units.push((u.name, u.kinds));
        }
        spellings.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let mut skip = t.skip;
        skip.retain(|s| !s.is_empty());
        skip.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Ok(UnitTable {
            spellings,
            units,
            skip,
        })
    }

    /// Whether two normalised units count the same kind of thing.
    pub fn compatible(&self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        let kinds = |n: &str| {
            self.units
                .iter()
                .find(|(name, _)| name == n)
                .map(|(_, k)| k)
        };
        match (kinds(a), kinds(b)) {
            (Some(ka), Some(kb)) => ka.iter().any(|k| kb.contains(k)),
            _ => false,
        }
    }

    /// The unit spelled at the start of `text`: (normalised name, byte length), longest first.
    pub fn unit_at(&self, text: &str) -> Option<(&str, usize)> {
        self.spellings
            .iter()
            .find(|(s, _)| text.starts_with(s.as_str()))
            .and_then(|(s, i)| self.units.get(*i).map(|(name, _)| (name.as_str(), s.len())))
    }

    /// The byte length of a skip word (`年`, `周岁`) at the start of `text`.
    pub fn skip_at(&self, text: &str) -> Option<usize> {
        self.skip
            .iter()
            .find(|s| text.starts_with(s.as_str()))
            .map(String::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_groups() {
        let t = UnitTable::from_toml(UNITS_TOML).unwrap();
        assert!(t.compatible("个", "所"));
        assert!(t.compatible("人", "名"));
        assert!(t.compatible("个", "名"));
        assert!(!t.compatible("人", "人次"));
        assert!(!t.compatible("%", "百分点"));
        assert!(!t.compatible("户", "人"));
        assert_eq!(
            t.unit_at("个百分点以上"),
            Some(("百分点", "个百分点".len()))
        );
        assert_eq!(t.unit_at("千米"), Some(("公里", 6)));
        assert_eq!(t.skip_at("周岁残疾人"), Some(6));
    }

    #[test]
    fn rejects_unknown_keys_and_duplicates() {
        assert!(UnitTable::from_toml("skip = []\nextra = 1\n").is_err());
        let dup = "skip = []\n[[unit]]\nname = \"个\"\nkinds = [\"count\"]\n[[unit]]\nname = \"个\"\nkinds = [\"count\"]\n";
        assert!(UnitTable::from_toml(dup)
            .unwrap_err()
            .to_string()
            .contains("twice"));
    }
}

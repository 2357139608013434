//! Bound words (`rules/bounds.toml`): words before a number (`不低于`, `约`), between a numeral
//! and its unit (`余`, `多`) and after it (`以上`, `左右`), each with the [`Qualifier`] it states.
//! Lookups take the longest matching word, so `不超过` (at-most) wins over `超过` (more-than).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::numeral::fold;
use super::Qualifier;
use crate::TableError;

/// The built-in `rules/bounds.toml`.
pub const BOUNDS_TOML: &str = include_str!("../../rules/bounds.toml");

const NAME: &str = "bounds.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundsToml {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    bound: Vec<BoundEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundEntry {
    qualifier: Qualifier,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    between: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
}

/// One bound word: its text as written, folded chars, and its qualifier (`None` for `ignore`).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    chars: Vec<char>,
    qualifier: Option<Qualifier>,
}

/// Bound words by position, longest first. Built from `rules/bounds.toml`
/// ([`BoundTable::builtin`]) or a user's copy ([`BoundTable::from_toml`]).
#[derive(Debug, Clone, Default)]
pub struct BoundTable {
    before: Vec<Word>,
    between: Vec<Word>,
    after: Vec<Word>,
}

static BUILTIN: LazyLock<BoundTable> =
    LazyLock::new(|| BoundTable::from_toml(BOUNDS_TOML).unwrap_or_default());

fn invalid(message: String) -> TableError {
    TableError::Invalid {
        name: NAME.into(),
        message,
    }
}

/// Adds `words` to `list`; a word already there with another qualifier is an error.
fn add(
    list: &mut Vec<Word>,
    words: &[String],
    qualifier: Option<Qualifier>,
    place: &str,
) -> Result<(), TableError> {
    for w in words {
        let chars: Vec<char> = w.trim().chars().map(fold).collect();
        if chars.is_empty() {
            return Err(invalid(format!("an empty word in `{place}`")));
        }
        match list.iter().find(|x| x.chars == chars) {
            Some(x) if x.qualifier == qualifier => {}
            Some(_) => {
                return Err(invalid(format!(
                    "“{w}” is listed in `{place}` with two meanings"
                )))
            }
            None => list.push(Word {
                text: w.trim().to_string(),
                chars,
                qualifier,
            }),
        }
    }
    Ok(())
}

fn longest(list: &mut [Word]) {
    list.sort_by_key(|w| std::cmp::Reverse(w.chars.len()));
}

impl BoundTable {
    /// The built-in table, parsed once. (Were the built-in file broken this would be an empty
    /// table; the unit test `builtin_table_parses` guarantees it is not.)
    pub fn builtin() -> &'static BoundTable {
        &BUILTIN
    }

    /// Parses a `bounds.toml`. Unknown keys, unknown qualifiers, empty words and a word with two
    /// meanings in one position are errors naming the file.
    pub fn from_toml(text: &str) -> Result<BoundTable, TableError> {
        let t: BoundsToml = crate::tables::parse_table(NAME, text)?;
        let mut table = BoundTable::default();
        let mut seen: HashMap<Qualifier, usize> = HashMap::new();
        for (i, b) in t.bound.iter().enumerate() {
            if let Some(other) = seen.insert(b.qualifier, i) {
                let q = b.qualifier.as_str();
                return Err(invalid(format!(
                    "qualifier {q} has two [[bound]] entries ({} and {})",
                    other + 1,
                    i + 1
                )));
            }
            add(&mut table.before, &b.before, Some(b.qualifier), "before")?;
            add(&mut table.between, &b.between, Some(b.qualifier), "between")?;
            add(&mut table.after, &b.after, Some(b.qualifier), "after")?;
        }
        add(&mut table.before, &t.ignore, None, "ignore")?;
        longest(&mut table.before);
        longest(&mut table.between);
        longest(&mut table.after);
        Ok(table)
    }

    /// The qualifier of the bound word that ends `text` (`增幅不低于` → at-least); `None` when
    /// no bound word ends it, or an `ignore` word does (`附近`).
    pub fn qualifier_before(&self, text: &str) -> Option<Qualifier> {
        let chars: Vec<char> = text.chars().map(fold).collect();
        self.before_at(&chars, chars.len()).and_then(|(q, _)| q)
    }

    /// The qualifier of the bound word that starts `text` after a number (`以上` → at-least).
    pub fn qualifier_after(&self, text: &str) -> Option<Qualifier> {
        let chars: Vec<char> = text.chars().map(fold).collect();
        self.after_at(&chars, 0).map(|(q, _)| q)
    }

    /// The qualifier of a word between a numeral and its unit (`余` → more-than).
    pub fn qualifier_between(&self, text: &str) -> Option<Qualifier> {
        let chars: Vec<char> = text.chars().map(fold).collect();
        self.between_at(&chars, 0).map(|(q, _)| q)
    }

    /// Every `before` word with its qualifier (`ignore` words left out).
    pub fn before_words(&self) -> Vec<(&str, Qualifier)> {
        Self::listing(&self.before)
    }

    /// Every `between` word with its qualifier.
    pub fn between_words(&self) -> Vec<(&str, Qualifier)> {
        Self::listing(&self.between)
    }

    /// Every `after` word with its qualifier.
    pub fn after_words(&self) -> Vec<(&str, Qualifier)> {
        Self::listing(&self.after)
    }

    fn listing(list: &[Word]) -> Vec<(&str, Qualifier)> {
        list.iter()
            .filter_map(|w| Some((w.text.as_str(), w.qualifier?)))
            .collect()
    }

    /// The longest `before` (or `ignore`) word ending at `chars[end]`: (qualifier, length in
    /// chars).
    pub(crate) fn before_at(
        &self,
        chars: &[char],
        end: usize,
    ) -> Option<(Option<Qualifier>, usize)> {
        let head = chars.get(..end)?;
        let last = head.last()?;
        // Comparing the last chars first rules out nearly every word without a slice compare.
        self.before
            .iter()
            .find(|w| w.chars.last() == Some(last) && head.ends_with(&w.chars))
            .map(|w| (w.qualifier, w.chars.len()))
    }

    /// The longest `between` word starting at `chars[at]`.
    pub(crate) fn between_at(&self, chars: &[char], at: usize) -> Option<(Qualifier, usize)> {
        Self::starting(&self.between, chars, at)
    }

    /// The longest `after` word starting at `chars[at]`.
    pub(crate) fn after_at(&self, chars: &[char], at: usize) -> Option<(Qualifier, usize)> {
        Self::starting(&self.after, chars, at)
    }

    fn starting(list: &[Word], chars: &[char], at: usize) -> Option<(Qualifier, usize)> {
        let rest = chars.get(at..)?;
        let first = rest.first()?;
        list.iter()
            .find(|w| w.chars.first() == Some(first) && rest.starts_with(&w.chars))
            .and_then(|w| Some((w.qualifier?, w.chars.len())))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use Qualifier::*;

    #[test]
    fn builtin_table_parses() {
        let t = BoundTable::from_toml(BOUNDS_TOML).unwrap();
        assert!(t.before.len() > 20);
        assert_eq!(BoundTable::builtin().before.len(), t.before.len());
    }

    #[test]
    fn lookups() {
        let t = BoundTable::builtin();
        assert_eq!(t.qualifier_before("增幅不低于"), Some(AtLeast));
        assert_eq!(t.qualifier_after("以上,"), Some(AtLeast));
        assert_eq!(t.qualifier_before("超过"), Some(MoreThan));
        assert_eq!(t.qualifier_before("不超过"), Some(AtMost));
        assert_eq!(t.qualifier_before("收入低于"), Some(LessThan));
        assert_eq!(t.qualifier_before("不低于"), Some(AtLeast));
        assert_eq!(t.qualifier_before("将近"), Some(About));
        assert_eq!(t.qualifier_before("附近"), None);
        assert_eq!(t.qualifier_before("建设"), None);
        assert_eq!(t.qualifier_before(""), None);
        assert_eq!(t.qualifier_after("左右"), Some(About));
        assert_eq!(t.qualifier_after("以内"), Some(AtMost));
        assert_eq!(t.qualifier_between("余种"), Some(MoreThan));
        assert_eq!(t.qualifier_between("多人"), Some(MoreThan));
        let chars: Vec<char> = "增幅不低于5%".chars().collect();
        assert_eq!(t.before_at(&chars, 5), Some((Some(AtLeast), 3)));
        assert_eq!(t.before_at(&chars, 99), None);
        assert_eq!(t.after_at(&chars, 99), None);
    }

    #[test]
    fn every_word_is_listed_with_its_qualifier() {
        let t = BoundTable::builtin();
        assert!(t.before_words().contains(&("至少", AtLeast)));
        assert!(!t.before_words().iter().any(|(w, _)| *w == "附近"));
        assert_eq!(t.between_words().len(), 2);
        assert!(t.after_words().contains(&("上下", About)));
    }

    #[test]
    fn bad_tables_are_errors() {
        let typo = "[[bound]]\nqualifier = \"at-least\"\nbefor = [\"至少\"]\n";
        assert!(BoundTable::from_toml(typo)
            .unwrap_err()
            .to_string()
            .contains("befor"));
        let unknown = "[[bound]]\nqualifier = \"roughly\"\n";
        assert!(BoundTable::from_toml(unknown).is_err());
        let twice = "[[bound]]\nqualifier = \"about\"\n[[bound]]\nqualifier = \"about\"\n";
        assert!(BoundTable::from_toml(twice)
            .unwrap_err()
            .to_string()
            .contains("two"));
        let clash = "[[bound]]\nqualifier = \"about\"\nbefore = [\"近\"]\n\
                     [[bound]]\nqualifier = \"at-most\"\nbefore = [\"近\"]\n";
        assert!(BoundTable::from_toml(clash)
            .unwrap_err()
            .to_string()
            .contains("two meanings"));
        let empty = "[[bound]]\nqualifier = \"about\"\nafter = [\" \"]\n";
        assert!(BoundTable::from_toml(empty)
            .unwrap_err()
            .to_string()
            .contains("empty"));
    }

    #[test]
    fn bounds_in_context() {
        for case in [
            "口岸货运量增长30%左右|30|%|about|30%左右",
            "欠账资金近1亿元|100000000|元|about|近1亿元",
            "退税缓税超36亿元|3600000000|元|more-than|超36亿元",
            "精细化工产品达70余种|70|种|more-than|70余种",
            "惠及1万多人|10000|人|more-than|1万多人",
            "控制在3%以内|3|%|at-most|3%以内",
            "不超过3万元|30000|元|at-most|不超过3万元",
            "超过3万元|30000|元|more-than|超过3万元",
            "约 3万人|30000|人|about|约 3万人",
            "不足100人|100|人|less-than|不足100人",
            "附近3个村|3|个|-|3个",
        ] {
            crate::quantity::expect_quantity(case);
        }
    }
}

//! Units and classifiers (`rules/units.toml`): their spellings, which of them count the same
//! thing, the words after a number that make it a date, age, ordinal or version rather than a
//! quantity (`skip`), and fixed words that contain a numeral but state no quantity (`idioms`).
//!
//! The scanner works on `char` slices of text whose full-width forms are already folded, so
//! every spelling is folded the same way when the table is built.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::numeral::fold;
use crate::TableError;

/// The built-in `rules/units.toml`.
pub const UNITS_TOML: &str = include_str!("../../rules/units.toml");

const NAME: &str = "units.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsToml {
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    idioms: Vec<String>,
    #[serde(default)]
    unit: Vec<UnitEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    kinds: Vec<String>,
}

/// What a spelling stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Index into `UnitTable::units`.
    Unit(usize),
    /// A date, age, ordinal or version word.
    Skip,
}

/// A spelling found in the text by [`UnitTable::match_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitMatch<'a> {
    /// A unit: its normalised name and the spelling's length in chars.
    Unit { name: &'a str, len: usize },
    /// A word that makes the number no quantity (`年`, `周岁`), with its length in chars.
    Skip { len: usize },
}

/// Units and classifiers with their spellings and synonym groups, ready for longest-match
/// lookups. Built from `rules/units.toml` ([`UnitTable::builtin`]) or a user's copy
/// ([`UnitTable::from_toml`]).
#[derive(Debug, Clone, Default)]
pub struct UnitTable {
    /// (normalised name, kinds).
    units: Vec<(String, Vec<String>)>,
    /// (folded spelling, what it stands for).
    spellings: Vec<(Vec<char>, Target)>,
    /// First char → indices into `spellings`, longest spelling first.
    by_first: HashMap<char, Vec<usize>>,
    /// Folded idioms.
    idioms: Vec<Vec<char>>,
    /// (char, the idiom's next char) → (idiom index, position of the char in the idiom), for
    /// every char of every idiom but its last.
    idiom_pairs: HashMap<(char, char), Vec<(usize, usize)>>,
    /// Char → (idiom index, position), for the last char of every idiom.
    idiom_lasts: HashMap<char, Vec<(usize, usize)>>,
}

static BUILTIN: LazyLock<UnitTable> =
    LazyLock::new(|| UnitTable::from_toml(UNITS_TOML).unwrap_or_default());

fn folded(s: &str) -> Vec<char> {
    s.chars().map(fold).collect()
}

fn invalid(message: String) -> TableError {
    TableError::Invalid {
        name: NAME.into(),
        message,
    }
}

impl UnitTable {
    /// The built-in table, parsed once. (Were the built-in file broken this would be an empty
    /// table; the unit test `builtin_table_parses` guarantees it is not.)
    pub fn builtin() -> &'static UnitTable {
        &BUILTIN
    }

    /// Parses a `units.toml`. Unknown keys, empty names or spellings, and a spelling used for
    /// two different things are errors naming the file.
    pub fn from_toml(text: &str) -> Result<UnitTable, TableError> {
        let t: UnitsToml = crate::tables::parse_table(NAME, text)?;
        let mut table = UnitTable::default();
        let mut seen: HashMap<Vec<char>, Target> = HashMap::default();
        let mut add = |spelling: &str, target: Target, owner: &str| -> Result<(), TableError> {
            let chars = folded(spelling.trim());
            if chars.is_empty() {
                return Err(invalid(format!("{owner} has an empty spelling")));
            }
            match seen.get(&chars) {
                Some(&t) if t == target => Ok(()),
                Some(_) => Err(invalid(format!(
                    "“{spelling}” is listed for two different units"
                ))),
                None => {
                    seen.insert(chars.clone(), target);
                    table.spellings.push((chars, target));
                    Ok(())
                }
            }
        };
        for (i, u) in t.unit.iter().enumerate() {
            let name = u.name.trim();
            if name.is_empty() {
                return Err(invalid(format!(
                    "[[unit]] number {} has an empty name",
                    i + 1
                )));
            }
            if table.units.iter().any(|(n, _)| n == name) {
                return Err(invalid(format!("unit “{name}” is listed twice")));
            }
            let owner = format!("unit “{name}”");
            for spelling in std::iter::once(&u.name).chain(&u.aliases) {
                add(spelling, Target::Unit(i), &owner)?;
            }
            table.units.push((name.to_string(), u.kinds.clone()));
        }
        for word in &t.skip {
            add(word, Target::Skip, "`skip`")?;
        }
        for idiom in &t.idioms {
            let chars = folded(idiom.trim());
            if chars.is_empty() {
                return Err(invalid("`idioms` has an empty word".into()));
            }
            for (k, &c) in chars.iter().enumerate() {
                let place = (table.idioms.len(), k);
                match chars.get(k + 1) {
                    Some(&next) => table.idiom_pairs.entry((c, next)).or_default().push(place),
                    None => table.idiom_lasts.entry(c).or_default().push(place),
                }
            }
            table.idioms.push(chars);
        }
        for (i, (chars, _)) in table.spellings.iter().enumerate() {
            if let Some(&first) = chars.first() {
                table.by_first.entry(first).or_default().push(i);
            }
        }
        let spellings = &table.spellings;
        for list in table.by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(spellings[i].0.len()));
        }
        Ok(table)
    }

    /// Whether two normalised unit names count the same thing: equal, or sharing a kind.
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

    /// The normalised name of a unit spelling (`千米` → `公里`, `个百分点` → `百分点`); `None`
    /// for skip words and unknown words.
    pub fn normalise(&self, spelling: &str) -> Option<&str> {
        let chars = folded(spelling);
        self.spellings
            .iter()
            .find(|(s, _)| *s == chars)
            .and_then(|(_, t)| match *t {
                Target::Unit(i) => self.units.get(i).map(|(n, _)| n.as_str()),
                Target::Skip => None,
            })
    }

    /// Whether a word after a number makes it no quantity (`年`, `周岁`, `版本`).
    pub fn is_skip(&self, word: &str) -> bool {
        let chars = folded(word);
        self.spellings
            .iter()
            .any(|(s, t)| *s == chars && *t == Target::Skip)
    }

    /// Every unit spelling with its normalised name, names included.
    pub fn spellings(&self) -> impl Iterator<Item = (String, &str)> + '_ {
        self.spellings.iter().filter_map(|(s, t)| match *t {
            Target::Unit(i) => self
                .units
                .get(i)
                .map(|(n, _)| (s.iter().collect(), n.as_str())),
            Target::Skip => None,
        })
    }

    /// The longest unit or skip spelling starting at `chars[at]`.
    pub(crate) fn match_at(&self, chars: &[char], at: usize) -> Option<UnitMatch<'_>> {
        let rest = chars.get(at..)?;
        let candidates = self.by_first.get(rest.first()?)?;
        let &i = candidates
            .iter()
            .find(|&&i| rest.starts_with(&self.spellings[i].0))?;
        let (spelling, target) = &self.spellings[i];
        Some(match *target {
            Target::Unit(u) => UnitMatch::Unit {
                name: self.units.get(u).map_or("", |(n, _)| n.as_str()),
                len: spelling.len(),
            },
            Target::Skip => UnitMatch::Skip {
                len: spelling.len(),
            },
        })
    }

    /// Whether the char at `chars[at]` lies inside one of the idioms (`统一`, `一批`, `三番五次`).
    pub(crate) fn in_idiom(&self, chars: &[char], at: usize) -> bool {
        // Only the idioms holding `chars[at]`, each placed so that it covers `at` with that char:
        // those where it is followed by `chars[at + 1]`, and those it ends.
        let Some(&c) = chars.get(at) else {
            return false;
        };
        let pairs = chars
            .get(at + 1)
            .and_then(|&next| self.idiom_pairs.get(&(c, next)));
        let lasts = self.idiom_lasts.get(&c);
        pairs.into_iter().chain(lasts).flatten().any(|&(i, k)| {
            let w = &self.idioms[i];
            // Compared char by char: most places differ at their first char.
            at.checked_sub(k)
                .and_then(|s| chars.get(s..s + w.len()))
                .is_some_and(|window| window.iter().zip(w).all(|(a, b)| a == b))
        })
    }

    /// [`UnitTable::in_idiom`] by trying every idiom at every place: the reference.
    #[cfg(test)]
    fn in_idiom_by_trying_all(&self, chars: &[char], at: usize) -> bool {
        self.idioms.iter().any(|w| {
            (0..w.len()).any(|k| {
                at.checked_sub(k)
                    .and_then(|s| chars.get(s..s + w.len()))
                    .is_some_and(|window| window == w.as_slice())
            })
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn builtin_table_parses() {
        let t = UnitTable::from_toml(UNITS_TOML).unwrap();
        assert!(t.units.len() > 40);
        assert_eq!(UnitTable::builtin().units.len(), t.units.len());
    }

    #[test]
    fn compatibility() {
        let t = UnitTable::builtin();
        assert!(t.compatible("个", "所"));
        assert!(t.compatible("人", "名"));
        assert!(t.compatible("个", "名"));
        assert!(t.compatible("场", "场次"));
        assert!(t.compatible("人", "人"));
        assert!(t.compatible("", ""));
        assert!(!t.compatible("人", "个"));
        assert!(!t.compatible("人", "人次"));
        assert!(!t.compatible("%", "百分点"));
        assert!(!t.compatible("户", "人"));
        assert!(!t.compatible("户", "套"));
        assert!(!t.compatible("公里", "米"));
        assert!(!t.compatible("分钟", "小时"));
        assert!(!t.compatible("亩", "公顷"));
        assert!(!t.compatible("个", ""));
        assert!(!t.compatible("不存在", "个"));
    }

    #[test]
    fn spellings_normalise() {
        let t = UnitTable::builtin();
        assert_eq!(t.normalise("千米"), Some("公里"));
        assert_eq!(t.normalise("km"), Some("公里"));
        assert_eq!(t.normalise("个百分点"), Some("百分点"));
        assert_eq!(t.normalise("千克"), Some("公斤"));
        assert_eq!(t.normalise("％"), Some("%"));
        assert_eq!(t.normalise("年"), None);
        assert!(t.is_skip("周岁"));
        assert!(t.is_skip("年"));
        assert!(!t.is_skip("小时"));
        assert!(t.spellings().any(|(s, n)| s == "千瓦时" && n == "千瓦时"));
    }

    #[test]
    fn longest_match_wins() {
        let t = UnitTable::builtin();
        let m = |s: &str| t.match_at(&chars(s), 0);
        assert_eq!(
            m("个百分点以上"),
            Some(UnitMatch::Unit {
                name: "百分点",
                len: 4
            })
        );
        assert_eq!(
            m("个村"),
            Some(UnitMatch::Unit {
                name: "个", len: 1
            })
        );
        assert_eq!(m("个月"), Some(UnitMatch::Skip { len: 2 }));
        assert_eq!(
            m("人次"),
            Some(UnitMatch::Unit {
                name: "人次",
                len: 2
            })
        );
        assert_eq!(
            m("千米"),
            Some(UnitMatch::Unit {
                name: "公里",
                len: 2
            })
        );
        assert_eq!(
            m("千瓦时"),
            Some(UnitMatch::Unit {
                name: "千瓦时",
                len: 3
            })
        );
        assert_eq!(m("周岁残疾人"), Some(UnitMatch::Skip { len: 2 }));
        assert_eq!(
            m("小时"),
            Some(UnitMatch::Unit {
                name: "小时",
                len: 2
            })
        );
        assert_eq!(m("时"), Some(UnitMatch::Skip { len: 1 }));
        assert_eq!(
            m("场次以上"),
            Some(UnitMatch::Unit {
                name: "场次",
                len: 2
            })
        );
        assert_eq!(
            m("平方公里"),
            Some(UnitMatch::Unit {
                name: "平方公里",
                len: 4
            })
        );
        assert_eq!(m("千"), None);
        assert_eq!(m(""), None);
        assert_eq!(t.match_at(&chars("个"), 5), None);
    }

    proptest::proptest! {
        /// The idiom test by char pairs answers as trying every idiom everywhere.
        #[test]
        fn in_idiom_equals_trying_every_idiom(
            pieces in proptest::collection::vec(0usize..16, 0..16),
            at in 0usize..20,
        ) {
            const PIECES: [char; 16] = [
                '一', '统', '批', '唯', '进', '步', '三', '番', '五', '次', '同', '张', '个', '万', '1', ' ',
            ];
            let text: Vec<char> = pieces.iter().map(|&i| PIECES[i]).collect();
            let t = UnitTable::builtin();
            proptest::prop_assert_eq!(
                t.in_idiom(&text, at),
                t.in_idiom_by_trying_all(&text, at),
                "{:?} {}", text, at
            );
        }
    }

    #[test]
    fn every_idiom_is_found_at_each_of_its_chars() {
        let t = UnitTable::builtin();
        for w in &t.idioms {
            let text: Vec<char> = ['x']
                .into_iter()
                .chain(w.iter().copied())
                .chain(['y'])
                .collect();
            for at in 0..text.len() {
                assert_eq!(
                    t.in_idiom(&text, at),
                    t.in_idiom_by_trying_all(&text, at),
                    "{w:?} {at}"
                );
            }
            assert!(t.in_idiom(&text, 1), "{w:?}");
        }
    }

    #[test]
    fn idioms() {
        let t = UnitTable::builtin();
        let text = chars("统一规划");
        assert!(t.in_idiom(&text, 1));
        let text = chars("唯一一家");
        assert!(t.in_idiom(&text, 1));
        assert!(!t.in_idiom(&text, 2));
        assert!(!t.in_idiom(&chars("一"), 0));
    }

    #[test]
    fn bad_tables_are_errors() {
        let err = UnitTable::from_toml("skip = []\nextra = 1\n").unwrap_err();
        assert!(err.to_string().contains("extra"), "{err}");
        let dup = "[[unit]]\nname = \"个\"\n[[unit]]\nname = \"个\"\n";
        assert!(UnitTable::from_toml(dup)
            .unwrap_err()
            .to_string()
            .contains("twice"));
        let clash = "skip = [\"年\"]\n[[unit]]\nname = \"年\"\n";
        assert!(UnitTable::from_toml(clash)
            .unwrap_err()
            .to_string()
            .contains("two different"));
        let empty = "[[unit]]\nname = \"个\"\naliases = [\"\"]\n";
        assert!(UnitTable::from_toml(empty)
            .unwrap_err()
            .to_string()
            .contains("empty"));
        let typo = "[[unit]]\nname = \"个\"\nkind = [\"count\"]\n";
        assert!(UnitTable::from_toml(typo)
            .unwrap_err()
            .to_string()
            .contains("kind"));
        // Full-width and ASCII spellings of the same unit fold together.
        let t = UnitTable::from_toml("[[unit]]\nname = \"%\"\naliases = [\"％\"]\n").unwrap();
        assert_eq!(t.normalise("％"), Some("%"));
    }

    #[test]
    fn units_in_context() {
        for case in [
            "改造老旧管道1500公里|1500|公里|-|1500公里",
            "打造15分钟医保便民服务站|15|分钟|-|15分钟",
            "提高3个百分点|3|百分点|-|3个百分点",
            "装机100万千瓦|1000000|千瓦|-|100万千瓦",
            "步道3千米|3|公里|-|3千米",
            "电商10km范围|10|公里|-|10km",
            "焦炉6.25米以上|6.25|米|at-least|6.25米以上",
            "复明手术1000例以上|1000|例|at-least|1000例以上",
            "增长2倍|2|倍|-|2倍",
        ] {
            crate::quantity::expect_quantity(case);
        }
    }
}

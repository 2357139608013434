//! The data tables under `rules/`, embedded at build time with `include_str!`, parsed once and
//! passed explicitly to every stage that reads them.
//!
//! Every table is deserialised with `deny_unknown_fields`, so a typo in a user's copy is an
//! error naming the file, not a silently ignored key.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::finding::Severity;
use crate::quantity::{BoundTable, QuantityTables, UnitTable, BOUNDS_TOML, UNITS_TOML};
use crate::TableError;

mod annex;
pub(crate) use annex::is_total_numeral;
pub use annex::{AnnexTable, CountMatch};

/// The built-in `rules/annex.toml`.
pub const ANNEX_TOML: &str = include_str!("../../rules/annex.toml");
/// The built-in `rules/equivalences.toml`.
pub const EQUIVALENCES_TOML: &str = include_str!("../../rules/equivalences.toml");
/// The built-in `rules/severities.toml`.
pub const SEVERITIES_TOML: &str = include_str!("../../rules/severities.toml");

/// All tables the pipeline reads.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Units, classifiers and bound words.
    pub quantity: QuantityTables,
    /// How annexes, titles, counts and responsibility notes look.
    pub annex: AnnexTable,
    /// Interchangeable wordings.
    pub wording: WordingTable,
    /// Default severity per rule id.
    pub severities: BTreeMap<String, Severity>,
    /// Rules switched off (by a `hedui.toml`).
    pub off: std::collections::BTreeSet<String>,
}

static BUILTIN: LazyLock<Result<Tables, TableError>> = LazyLock::new(|| {
    Ok(Tables {
        quantity: QuantityTables::builtin().clone(),
        annex: AnnexTable::from_toml(ANNEX_TOML)?,
        wording: WordingTable::from_toml(EQUIVALENCES_TOML)?,
        severities: severities_from_toml(SEVERITIES_TOML)?,
        off: std::collections::BTreeSet::new(),
    })
});

/// The text of each table file, before parsing: the built-in files, some of them replaced by a
/// user's copies (`--rules DIR`), and then extended by a `hedui.toml`.
#[derive(Debug, Clone)]
pub struct TableTexts {
    /// `units.toml`.
    pub units: String,
    /// `bounds.toml`.
    pub bounds: String,
    /// `annex.toml`.
    pub annex: String,
    /// `equivalences.toml`.
    pub equivalences: String,
    /// `severities.toml`.
    pub severities: String,
    /// Where user copies came from, for error messages.
    pub dir: Option<std::path::PathBuf>,
}

impl TableTexts {
    /// The built-in files.
    pub fn builtin() -> TableTexts {
        TableTexts {
            units: UNITS_TOML.to_string(),
            bounds: BOUNDS_TOML.to_string(),
            annex: ANNEX_TOML.to_string(),
            equivalences: EQUIVALENCES_TOML.to_string(),
            severities: SEVERITIES_TOML.to_string(),
            dir: None,
        }
    }

    /// The built-in files, each replaced by the user's copy when `dir` has one.
    pub fn from_dir(dir: &std::path::Path) -> Result<TableTexts, crate::Error> {
        let read = |name: &str, builtin: &'static str| -> Result<String, crate::Error> {
            let path = dir.join(name);
            if path.exists() {
                std::fs::read_to_string(&path).map_err(|source| crate::Error::Read { path, source })
            } else {
                Ok(builtin.to_string())
            }
        };
        Ok(TableTexts {
            units: read("units.toml", UNITS_TOML)?,
            bounds: read("bounds.toml", BOUNDS_TOML)?,
            annex: read("annex.toml", ANNEX_TOML)?,
            equivalences: read("equivalences.toml", EQUIVALENCES_TOML)?,
            severities: read("severities.toml", SEVERITIES_TOML)?,
            dir: Some(dir.to_path_buf()),
        })
    }

    /// Parses every table. Errors name the file (with the `--rules` directory when it came
    /// from there).
    pub fn parse(&self) -> Result<Tables, crate::Error> {
        let named = |name: &str, e: TableError| match e {
            TableError::Parse { message, .. } | TableError::Invalid { message, .. } => {
                TableError::Invalid {
                    name: self
                        .dir
                        .as_ref()
                        .map_or(name.to_string(), |d| d.join(name).display().to_string()),
                    message,
                }
            }
        };
        let quantity = QuantityTables {
            units: UnitTable::from_toml(&self.units).map_err(|e| named("units.toml", e))?,
            bounds: BoundTable::from_toml(&self.bounds).map_err(|e| named("bounds.toml", e))?,
        };
        let severities =
            severities_from_toml(&self.severities).map_err(|e| named("severities.toml", e))?;
        for id in severities.keys() {
            if !crate::rules::RULES.iter().any(|r| r.id == id) {
                return Err(named(
                    "severities.toml",
                    TableError::Invalid {
                        name: String::new(),
                        message: format!("unknown rule id `{id}`"),
                    },
                )
                .into());
            }
        }
        let mut all = severities_from_toml(SEVERITIES_TOML)?;
        all.extend(severities);
        Ok(Tables {
            quantity,
            annex: AnnexTable::from_toml(&self.annex).map_err(|e| named("annex.toml", e))?,
            wording: WordingTable::from_toml(&self.equivalences)
                .map_err(|e| named("equivalences.toml", e))?,
            severities: all,
            off: std::collections::BTreeSet::new(),
        })
    }
}

impl Tables {
    /// The built-in tables with any of the five files found in `dir` (`units.toml`,
    /// `bounds.toml`, `annex.toml`, `equivalences.toml`, `severities.toml`) used instead of the
    /// built-in one. Errors name the file.
    pub fn with_overrides(dir: &std::path::Path) -> Result<Tables, crate::Error> {
        TableTexts::from_dir(dir)?.parse()
    }

    /// The built-in tables, parsed once.
    pub fn builtin() -> Result<&'static Tables, TableError> {
        match &*BUILTIN {
            Ok(t) => Ok(t),
            Err(e) => Err(TableError::Invalid {
                name: "built-in tables".into(),
                message: e.to_string(),
            }),
        }
    }
}

/// The built-in tables as JSON, made by `build.rs` from the same files: each with the TOML text
/// it was made from.
const BUILTIN_JSON: [(&str, &str); 5] = [
    (
        UNITS_TOML,
        include_str!(concat!(env!("OUT_DIR"), "/units.json")),
    ),
    (
        BOUNDS_TOML,
        include_str!(concat!(env!("OUT_DIR"), "/bounds.json")),
    ),
    (
        ANNEX_TOML,
        include_str!(concat!(env!("OUT_DIR"), "/annex.json")),
    ),
    (
        EQUIVALENCES_TOML,
        include_str!(concat!(env!("OUT_DIR"), "/equivalences.json")),
    ),
    (
        SEVERITIES_TOML,
        include_str!(concat!(env!("OUT_DIR"), "/severities.json")),
    ),
];

/// Deserialises one table, naming it in the error. A built-in table is read from its JSON form
/// (about 1.2 M instructions less per process than parsing its TOML); anything else, and a
/// built-in table whose JSON would not fit `T`, is parsed as TOML, with TOML's errors.
pub fn parse_table<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
) -> Result<T, TableError> {
    if let Some((_, json)) = BUILTIN_JSON.iter().find(|(toml, _)| *toml == text) {
        if let Ok(t) = serde_json::from_str(json) {
            return Ok(t);
        }
    }
    toml::from_str(text).map_err(|e| {
        let at = e.span().map(|span| {
            let o = crate::input::Source::from_text(name, text).origin(span.start);
            let (line, column) = (o.line, o.column);
            format!("line {line}, column {column}: ")
        });
        TableError::Parse {
            name: name.to_string(),
            message: format!(
                "{}{}",
                at.unwrap_or_default(),
                e.message().trim().replace('\n', " ")
            ),
        }
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordingToml {
    groups: Vec<Vec<String>>,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    place_suffixes: Vec<String>,
    #[serde(default)]
    particles: Vec<String>,
}

/// See `WordingTable::start_slots`.
const SEVERAL: u16 = u16::MAX;

/// Interchangeable words, each mapped to its group's first word.
#[derive(Debug, Clone)]
pub struct WordingTable {
    /// (word, canonical), longest words first.
    words: Vec<(String, String)>,
    /// Per first character (sorted; most characters start none), the indexes into `words` of
    /// the words starting with it, longest first.
    starts: Vec<(char, Vec<usize>)>,
    /// Bit `c % 4096` set for every first character `c`: a quick test that rules out almost
    /// every other character (see [`WordingTable::may_start`]).
    start_bits: [u64; 64],
    /// Per `c % 4096`: 0 when no first character has it, `k + 1` when `starts[k]`'s alone has,
    /// [`SEVERAL`] when more than one has (then `starts` is searched): the rewrite looks a first
    /// character up without a search.
    start_slots: Box<[u16; 4096]>,
    /// Words that say whose or where a named thing is (`国家`, `内蒙古`).
    scopes: Vec<String>,
    /// Endings that make a word a place name (`临江市`).
    place_suffixes: Vec<String>,
    /// Particles and joining words (`的`, `和`): a run of them is phrasing, not a name.
    particles: Vec<char>,
}

impl WordingTable {
    /// Parses `equivalences.toml`; a word in two groups is an error.
    pub fn from_toml(text: &str) -> Result<WordingTable, TableError> {
        let t: WordingToml = parse_table("equivalences.toml", text)?;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut words = Vec::new();
        for (g, group) in t.groups.iter().enumerate() {
            let Some(canonical) = group.first() else {
                continue;
            };
            for w in group {
                if w.is_empty() {
                    continue;
                }
                if let Some(other) = seen.insert(w, g) {
                    if other != g {
                        return Err(TableError::Invalid {
                            name: "equivalences.toml".into(),
                            message: format!(
                                "“{w}” is in two groups ({} and {})",
                                other + 1,
                                g + 1
                            ),
                        });
                    }
                }
                words.push((w.clone(), canonical.clone()));
            }
        }
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        let mut starts: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, (w, _)) in words.iter().enumerate() {
            let Some(c) = w.chars().next() else { continue };
            match starts.iter_mut().find(|(s, _)| *s == c) {
                Some((_, list)) => list.push(i),
                None => starts.push((c, vec![i])),
            }
        }
        starts.sort_unstable();
        let mut start_bits = [0u64; 64];
        let mut start_slots = Box::new([0u16; 4096]);
        for (i, (c, _)) in starts.iter().enumerate() {
            let k = *c as usize % 4096;
            start_bits[k / 64] |= 1 << (k % 64);
            let slot = &mut start_slots[k];
            *slot = match u16::try_from(i + 1) {
                Ok(n) if *slot == 0 && n < SEVERAL => n,
                _ => SEVERAL,
            };
        }
        Ok(WordingTable {
            words,
            starts,
            start_bits,
            start_slots,
            scopes: t.scopes.into_iter().filter(|w| !w.is_empty()).collect(),
            place_suffixes: t
                .place_suffixes
                .into_iter()
                .filter(|w| !w.is_empty())
                .collect(),
            particles: t.particles.iter().flat_map(|w| w.chars()).collect(),
        })
    }

    /// Whether every character of `run` is a listed particle or joining word (`的`, `和`).
    pub fn is_particles(&self, run: &[char]) -> bool {
        !run.is_empty() && run.iter().all(|c| self.particles.contains(c))
    }

    /// Whether `word` says whose or where a thing is: a listed scope (`国家`, `内蒙古`) or a
    /// longer word with a place ending (`临江市`).
    pub fn is_scope(&self, word: &str) -> bool {
        self.scopes.iter().any(|w| w == word)
            || self
                .place_suffixes
                .iter()
                .any(|s| word.ends_with(s.as_str()) && word.chars().count() > s.chars().count())
    }

    /// Whether the characters `range` (char indexes) of `text` touch an occurrence of a listed
    /// word: such a change is a choice of words (`达到` vs `提高到`), not a slip.
    pub fn touches_listed_word(&self, text: &[char], range: std::ops::Range<usize>) -> bool {
        // Every occurrence starts with a listed first character: look only there, and compare
        // the words listed under it.
        (0..text.len().min(range.end)).any(|at| {
            let c = text[at];
            if !self.may_start(c) {
                return false;
            }
            let Ok(k) = self.starts.binary_search_by_key(&c, |(s, _)| *s) else {
                return false;
            };
            self.starts[k].1.iter().any(|&i| {
                let word = &self.words[i].0;
                let mut len = 0;
                let found = word.chars().all(|w| {
                    len += 1;
                    text.get(at + len - 1) == Some(&w)
                });
                found && range.start < at + len
            })
        })
    }

    /// Whether a listed word may start with `c` (false for most characters that start none).
    fn may_start(&self, c: char) -> bool {
        let k = c as usize % 4096;
        self.start_bits[k / 64] >> (k % 64) & 1 == 1
    }

    /// Replaces every listed word in `text` by its group's first word, longest match first.
    pub fn canonical(&self, text: &str) -> String {
        self.rewrite(text).unwrap_or_else(|| text.to_string())
    }

    /// [`WordingTable::canonical`] of `text`, or `None` when no listed word is in it (the
    /// text is then its own canonical form).
    pub fn rewrite(&self, text: &str) -> Option<String> {
        let bytes = text.as_bytes();
        let byte = |i: usize| u32::from(bytes.get(i).copied().unwrap_or(0) & 0x3F);
        // Made at the first listed word.
        let mut out: Option<String> = None;
        // `text[..copied]` is in `out`; unchanged runs are copied whole.
        let mut copied = 0;
        let mut at = 0;
        'outer: while let Some(&lead) = bytes.get(at) {
            // The character at `at`, whose UTF-8 bytes give its length and its `c % 4096` for
            // the quick test (the low 12 bits of the code point are the last two bytes' 6 each
            // in a 3- or 4-byte character; 1- and 2-byte ones are below 4096) without decoding.
            let (len, key) = match lead {
                0..0x80 => (1, u32::from(lead)),
                0x80..0xE0 => (2, (u32::from(lead) & 0x1F) << 6 | byte(at + 1)),
                0xE0..0xF0 => (3, byte(at + 1) << 6 | byte(at + 2)),
                _ => (4, byte(at + 2) << 6 | byte(at + 3)),
            };
            let slot = self.start_slots[key as usize % 4096];
            if slot != 0 {
                let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                    break;
                };
                let k = match usize::from(slot) {
                    n if slot != SEVERAL => {
                        self.starts.get(n - 1).filter(|s| s.0 == c).map(|_| n - 1)
                    }
                    _ => self.starts.binary_search_by_key(&c, |(s, _)| *s).ok(),
                };
                if let Some(k) = k {
                    for &i in &self.starts[k].1 {
                        let (w, canon) = &self.words[i];
                        if text[at..].starts_with(w.as_str()) {
                            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                            out.push_str(&text[copied..at]);
                            out.push_str(canon);
                            at += w.len();
                            copied = at;
                            continue 'outer;
                        }
                    }
                }
            }
            at += len;
        }
        let mut out = out?;
        out.push_str(&text[copied..]);
        Some(out)
    }

    /// [`WordingTable::canonical`] of an owned text: the text itself when no listed word is
    /// in it (most names), without copying it.
    pub fn canonical_owned(&self, text: String) -> String {
        self.rewrite(&text).unwrap_or(text)
    }

    /// [`WordingTable::canonical`] as it was written first, decoding every character: the
    /// oracle for the tests.
    #[cfg(test)]
    fn canonical_reference(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        // `text[..copied]` is in `out`; unchanged runs are copied whole.
        let mut copied = 0;
        let mut at = 0;
        'outer: while let Some(c) = text[at..].chars().next() {
            if self.may_start(c) {
                if let Ok(k) = self.starts.binary_search_by_key(&c, |(s, _)| *s) {
                    for &i in &self.starts[k].1 {
                        let (w, canon) = &self.words[i];
                        if text[at..].starts_with(w.as_str()) {
                            out.push_str(&text[copied..at]);
                            out.push_str(canon);
                            at += w.len();
                            copied = at;
                            continue 'outer;
                        }
                    }
                }
            }
            at += c.len_utf8();
        }
        out.push_str(&text[copied..]);
        out
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeveritiesToml {
    severity: BTreeMap<String, Severity>,
}

/// Parses `severities.toml`.
pub fn severities_from_toml(text: &str) -> Result<BTreeMap<String, Severity>, TableError> {
    Ok(parse_table::<SeveritiesToml>("severities.toml", text)?.severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse() {
        Tables::builtin().unwrap();
    }

    #[test]
    fn builtin_json_holds_what_the_toml_holds() {
        for (toml_text, json) in BUILTIN_JSON {
            let from_toml: toml::Value = toml::from_str(toml_text).unwrap();
            let from_json: toml::Value = serde_json::from_str(json).unwrap();
            assert_eq!(from_toml, from_json);
        }
        // The same tables either way: a text that differs from the built-in one only by a
        // trailing newline is parsed as TOML.
        fn both_ways<T: std::fmt::Debug, E: std::fmt::Debug>(
            parse: impl Fn(&str) -> Result<T, E>,
            builtin: &str,
        ) {
            assert_eq!(
                format!("{:?}", parse(builtin).unwrap()),
                format!("{:?}", parse(&format!("{builtin}\n")).unwrap())
            );
        }
        both_ways(UnitTable::from_toml, UNITS_TOML);
        both_ways(BoundTable::from_toml, BOUNDS_TOML);
        both_ways(AnnexTable::from_toml, ANNEX_TOML);
        both_ways(WordingTable::from_toml, EQUIVALENCES_TOML);
        assert_eq!(
            severities_from_toml(SEVERITIES_TOML).unwrap(),
            severities_from_toml(&format!("{SEVERITIES_TOML}\n")).unwrap()
        );
    }

    #[test]
    fn severities_cover_exactly_the_registered_rules() {
        let t = Tables::builtin().unwrap();
        let table: Vec<&str> = t.severities.keys().map(String::as_str).collect();
        let mut registry: Vec<&str> = crate::rules::RULES.iter().map(|r| r.id).collect();
        registry.sort_unstable();
        assert_eq!(
            table, registry,
            "rules/severities.toml and the rule registry drifted"
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = AnnexTable::from_toml(&format!("{ANNEX_TOML}\nopenerz = []")).unwrap_err();
        assert!(err.to_string().contains("openerz"), "{err}");
    }

    proptest::proptest! {
        /// The indexed search finds exactly the occurrences a scan of every listed word at
        /// every position finds.
        #[test]
        fn touching_a_listed_word_is_found_as_by_a_full_scan(
            picks in proptest::collection::vec(0usize..64, 0..24),
            start in 0usize..30,
            len in 0usize..8,
        ) {
            let w = WordingTable::from_toml(EQUIVALENCES_TOML).unwrap();
            // Text made of whole listed words, their characters and other characters.
            let alphabet: Vec<char> = w.words.iter().take(40).flat_map(|(x, _)| x.chars())
                .chain("的新建个".chars()).collect();
            let text: Vec<char> = picks
                .iter()
                .flat_map(|&i| match i % 2 {
                    0 => w.words[i % w.words.len()].0.chars().collect::<Vec<_>>(),
                    _ => vec![alphabet[i % alphabet.len()]],
                })
                .collect();
            let range = start..start + len;
            let brute = w.words.iter().any(|(word, _)| {
                let word: Vec<char> = word.chars().collect();
                text.windows(word.len().max(1)).enumerate().any(|(at, win)| {
                    win == word.as_slice() && at < range.end && range.start < at + word.len()
                })
            });
            proptest::prop_assert_eq!(w.touches_listed_word(&text, range.clone()), brute);
        }
    }

    /// The quick test never rules out a listed word's first character.
    #[test]
    fn every_listed_word_may_start_where_it_starts() {
        let w = WordingTable::from_toml(EQUIVALENCES_TOML).unwrap();
        for (word, _) in &w.words {
            assert!(
                word.chars().next().is_some_and(|c| w.may_start(c)),
                "{word}"
            );
        }
    }

    proptest::proptest! {
        /// The byte-level scan rewrites exactly as the character-level one, on text made of
        /// listed words, their characters, characters that share their quick-test bits, and
        /// characters of every UTF-8 length.
        #[test]
        fn canonical_equals_the_character_scan(
            picks in proptest::collection::vec(0usize..400, 0..30),
        ) {
            let w = WordingTable::from_toml(EQUIVALENCES_TOML).unwrap();
            let mut alphabet: Vec<char> = w.words.iter().flat_map(|(x, _)| x.chars()).collect();
            // Characters 4096 apart from a first character hit the same quick-test bit.
            alphabet.extend(w.starts.iter().filter_map(|(c, _)| char::from_u32(*c as u32 ^ 4096)));
            alphabet.extend("a#1 ，。é€\u{10000}\u{20001}\u{1F600}的".chars());
            let text: String = picks
                .iter()
                .map(|&i| match i % 3 {
                    0 => w.words[i % w.words.len()].0.clone(),
                    _ => alphabet[i % alphabet.len()].to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(w.canonical(&text), w.canonical_reference(&text));
            proptest::prop_assert_eq!(w.canonical_owned(text.clone()), w.canonical_reference(&text));
        }
    }

    /// Two first characters with the same slot (4096 apart) are both found: the slot sends the
    /// rewrite to the search.
    #[test]
    fn first_characters_sharing_a_slot_are_both_rewritten() {
        let base = WordingTable::from_toml(EQUIVALENCES_TOML).unwrap();
        let (c, _) = base.starts[0];
        let d = char::from_u32(c as u32 ^ 4096).unwrap();
        let toml = EQUIVALENCES_TOML.replacen(
            "groups = [",
            &format!("groups = [\n  [\"{d}甲\", \"{d}乙乙\"],"),
            1,
        );
        let w = WordingTable::from_toml(&toml).unwrap();
        assert_eq!(w.start_slots[c as usize % 4096], SEVERAL);
        let first = base.starts[0].1[0];
        let text = format!("{d}乙乙和{}，{d}甲", base.words[first].0);
        assert_eq!(w.canonical(&text), w.canonical_reference(&text));
        assert!(
            w.canonical(&text).starts_with(&format!("{d}甲和")),
            "{text}"
        );
    }

    #[test]
    fn wording_canonical_prefers_longest() {
        let w = WordingTable::from_toml(EQUIVALENCES_TOML).unwrap();
        assert_eq!(w.canonical("新建改扩建幼儿园"), w.canonical("建设幼儿园"));
        assert_eq!(w.canonical("医保服务站"), "医疗保障服务站");
        assert_ne!(w.canonical("老旧管道"), w.canonical("老化管道"));
    }
}

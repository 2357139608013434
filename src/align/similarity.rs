//! How alike two phrases are: character bigrams (robust to word order and to jieba's choices)
//! and jieba-rs words (robust to long shared prefixes such as 新建改扩建).
//!
//! Words come from jieba's full dictionary (`dict.txt`, 349,045 words, compiled by `build.rs`
//! into an FST embedded in the binary). Building `Jieba::new()` costs about 100 ms and 35 MB, so
//! instead a [`Words`] segmenter is built per document from only the dictionary words that occur
//! in the phrases it will cut, with the full dictionary's total frequency: jieba's
//! route through a phrase only ever uses words found in it, so the words are exactly those of
//! `Jieba::new()` (checked by a test below).

use std::sync::LazyLock;

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

/// jieba's dictionary as an FST map from word to frequency (see `build.rs`).
static DICT_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.fst"));
/// The sum of all frequencies in the dictionary.
const DICT_TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/dict_total.rs"));
/// A private-use character no Chinese text holds: carries the frequency of the dictionary words
/// not loaded, so that every document's segmenter has the full dictionary's total.
const FILLER: &str = "\u{F8FF}";

static DICT: LazyLock<Option<fst::raw::Fst<&'static [u8]>>> =
    LazyLock::new(|| fst::raw::Fst::new(DICT_BYTES).ok());

/// A dictionary word's number: its rank in the sorted dictionary, the same in every document.
pub type WordId = u32;

/// Where the dictionary walk is after one character: (node address, output so far).
type Step = Option<(fst::raw::CompiledAddr, u64)>;

thread_local! {
    /// Per character, the FST state after it: every walk starts with a character's 2 to 4
    /// bytes from the root, and a document (or a batch) repeats its characters.
    static AFTER_CHAR: std::cell::RefCell<FxHashMap<char, Step>> = Default::default();
}

/// Walks `bytes` from `node` (with `out` so far): where it ends, or `None` off the dictionary.
fn walk<'f>(
    fst: &'f fst::raw::Fst<&'static [u8]>,
    mut node: fst::raw::Node<'f>,
    mut out: u64,
    bytes: &[u8],
) -> Step {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        out += t.out.value();
        node = fst.node(t.addr);
    }
    Some((node.addr(), out))
}

/// Calls `found(word, id, freq)` for every dictionary word that occurs in `text`.
fn dictionary_words<'t>(text: &'t str, mut found: impl FnMut(&'t str, WordId, u64)) {
    let Some(fst) = DICT.as_ref() else { return };
    let bytes = text.as_bytes();
    let mut report = |node: &fst::raw::Node, out: u64, word: &'t str| {
        if node.is_final() {
            let value = out + node.final_output().value();
            found(word, (value >> 32) as WordId, value & 0xFFFF_FFFF);
        }
    };
    AFTER_CHAR.with_borrow_mut(|after_char| {
        for (start, c) in text.char_indices() {
            let first = *after_char.entry(c).or_insert_with(|| {
                let mut buf = [0; 4];
                walk(fst, fst.root(), 0, c.encode_utf8(&mut buf).as_bytes())
            });
            let Some((addr, mut out)) = first else {
                continue;
            };
            let mut node = fst.node(addr);
            let mut end = start + c.len_utf8();
            report(&node, out, &text[start..end]);
            while let Some(&b) = bytes.get(end) {
                let Some(k) = node.find_input(b) else { break };
                let t = node.transition(k);
                out += t.out.value();
                node = fst.node(t.addr);
                end += 1;
                if text.is_char_boundary(end) {
                    report(&node, out, &text[start..end]);
                }
            }
        }
    });
}

/// A jieba segmenter loaded with the dictionary words of some phrases.
pub struct Words<'t> {
    jieba: Jieba,
    /// The number of each loaded word.
    ids: FxHashMap<&'t str, WordId>,
}

impl<'t> Words<'t> {
    /// A segmenter for `texts` (and any text made of their substrings).
    pub fn for_texts(texts: impl IntoIterator<Item = &'t str>) -> Words<'t> {
        let mut texts: Vec<&str> = texts.into_iter().collect();
        texts.sort_unstable();
        texts.dedup();
        let mut words: FxHashMap<&str, (WordId, u64)> = FxHashMap::default();
        for text in texts {
            dictionary_words(text, |w, id, f| {
                words.insert(w, (id, f));
            });
        }
        let mut jieba = Jieba::empty();
        let mut sum = 0;
        let mut ids = FxHashMap::default();
        ids.reserve(words.len());
        for (w, (id, f)) in words {
            sum += f;
            jieba.add_word(w, Some(f as usize), None);
            ids.insert(w, id);
        }
        jieba.add_word(
            FILLER,
            Some(DICT_TOTAL.saturating_sub(sum).max(1) as usize),
            None,
        );
        Words { jieba, ids }
    }

    /// The words of two characters or more in `text`: dictionary words by number, others (runs
    /// of Latin letters) as text; each sorted, without repeats.
    fn cut(&self, text: &str) -> (Vec<WordId>, Vec<String>) {
        let (mut ids, mut other) = (Vec::new(), Vec::new());
        for t in self.jieba.cut(text, false) {
            if t.word.chars().nth(1).is_none() {
                continue;
            }
            match self.ids.get(t.word) {
                Some(&id) => ids.push(id),
                None => other.push(t.word.to_string()),
            }
        }
        ids.sort_unstable();
        ids.dedup();
        other.sort_unstable();
        other.dedup();
        (ids, other)
    }
}

/// How many elements two sorted, repeat-free slices share.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A phrase prepared for comparison.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Character bigrams, sorted, without repeats.
    bigrams: Vec<(char, char)>,
    /// Dictionary words of two characters or more, sorted, without repeats.
    words: Vec<WordId>,
    /// Other words of two characters or more (Latin letters), sorted, without repeats.
    other: Vec<String>,
}

impl Profile {
    /// Profiles `text`; `#` (a masked number) and ASCII digits are ignored.
    pub fn new(text: &str) -> Profile {
        let clean = Profile::clean(text);
        Profile::with(&Words::for_texts([clean.as_str()]), text)
    }

    /// The text a profile compares: `text` without `#` and ASCII digits.
    pub fn clean(text: &str) -> String {
        text.chars()
            .filter(|c| *c != '#' && !c.is_ascii_digit())
            .collect()
    }

    /// Profiles `text` with a segmenter built for it (from [`Profile::clean`] texts).
    pub fn with(words: &Words, text: &str) -> Profile {
        let clean = Profile::clean(text);
        let mut chars = clean.chars();
        let mut bigrams: Vec<(char, char)> = Vec::with_capacity(clean.len() / 3);
        if let Some(mut prev) = chars.next() {
            for c in chars {
                bigrams.push((prev, c));
                prev = c;
            }
            if bigrams.is_empty() {
                bigrams.push((prev, prev));
            }
        }
        bigrams.sort_unstable();
        bigrams.dedup();
        let (words, other) = words.cut(&clean);
        Profile {
            bigrams,
            words,
            other,
        }
    }

    /// The character bigrams of the phrase.
    pub fn bigrams(&self) -> impl Iterator<Item = &(char, char)> {
        self.bigrams.iter()
    }

    /// Whether the profile holds nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.bigrams.is_empty()
    }

    /// Share of the smaller phrase's bigrams found in the other (1.0 when one phrase is inside
    /// the other).
    pub fn containment(&self, other: &Profile) -> f64 {
        let common = common(&self.bigrams, &other.bigrams);
        let smaller = self.bigrams.len().min(other.bigrams.len());
        if smaller == 0 {
            0.0
        } else {
            common as f64 / smaller as f64
        }
    }

    /// Share of `self`'s bigrams found in `other`.
    pub fn covered_by(&self, other: &Profile) -> f64 {
        if self.bigrams.is_empty() {
            return 0.0;
        }
        common(&self.bigrams, &other.bigrams) as f64 / self.bigrams.len() as f64
    }

    /// A similarity in 0..=1 mixing bigram overlap, containment and shared words.
    pub fn similarity(&self, other: &Profile) -> f64 {
        let dice = |a: usize, b: usize, common: usize| {
            if a + b == 0 {
                0.0
            } else {
                2.0 * common as f64 / (a + b) as f64
            }
        };
        let bi = dice(
            self.bigrams.len(),
            other.bigrams.len(),
            common(&self.bigrams, &other.bigrams),
        );
        let words = dice(
            self.words.len() + self.other.len(),
            other.words.len() + other.other.len(),
            common(&self.words, &other.words) + common(&self.other, &other.other),
        );
        0.4 * bi + 0.3 * self.containment(other) + 0.3 * words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_total_matches_jieba() {
        assert_eq!(DICT_TOTAL, 60_101_964);
        let mut found = Vec::new();
        dictionary_words("新建改扩建幼儿园", |w, _, f| found.push((w, f)));
        assert!(found.contains(&("幼儿园", 405)), "{found:?}");
        assert!(found.iter().any(|(w, _)| *w == "改扩建"));
    }

    /// The per-document segmenter cuts every clause of the corpus exactly as `Jieba::new()`.
    #[test]
    fn words_equal_full_dictionary_segmentation_on_the_corpus() {
        let full = Jieba::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut clauses = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let parts: Vec<String> = text
                .split(|c: char| "，。；：、,;:\n（）()“”".contains(c))
                .map(Profile::clean)
                .filter(|c| !c.trim().is_empty())
                .collect();
            let words = Words::for_texts(parts.iter().map(String::as_str));
            let names: FxHashMap<WordId, &str> =
                words.ids.iter().map(|(w, id)| (*id, *w)).collect();
            assert_eq!(names.len(), words.ids.len(), "two words with one number");
            for part in &parts {
                let mut expected: Vec<String> = full
                    .cut(part, false)
                    .into_iter()
                    .filter(|t| t.word.chars().count() >= 2)
                    .map(|t| t.word.to_string())
                    .collect();
                expected.sort_unstable();
                expected.dedup();
                let (ids, other) = words.cut(part);
                let mut got: Vec<String> = ids.iter().map(|id| names[id].to_string()).collect();
                got.extend(other);
                got.sort_unstable();
                assert_eq!(got, expected, "{}: {part}", path.display());
                clauses += 1;
            }
        }
        assert!(clauses > 1000, "{clauses}");
    }

    #[test]
    fn same_thing_scores_high_different_things_low() {
        let a = Profile::new("新增学位#");
        assert!(a.similarity(&Profile::new("新增学位#")) > 0.9);
        let rink = Profile::new("滑冰场#");
        assert!(rink.similarity(&Profile::new("多功能运动场#")) < 0.3);
        let rent = Profile::new("发放城镇住房保障家庭租赁补贴#");
        assert!(rent.similarity(&Profile::new("完成特殊困难老年人家庭适老化改造#")) < 0.3);
    }
}

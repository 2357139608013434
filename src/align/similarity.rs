//! How alike two phrases are: character bigrams (robust to word order and to jieba's choices)
//! and jieba words (robust to long shared prefixes such as 新建改扩建).
//!
//! Words come from jieba's full dictionary (`dict.txt`, 349,045 words, compiled by `build.rs`
//! into a double-array trie embedded in the binary, with each word's frequency). Building
//! `Jieba::new()` costs about 100 ms and 35 MB, and even a `Jieba` holding only a document's
//! words cost a tenth of a check, so phrases are cut here by jieba's own algorithm (see
//! [`cut`]) walking the embedded trie: nothing is built per document, and the words are exactly
//! those of jieba-rs's `Jieba::new().cut(text, false)` (a test checks every clause of the
//! corpus).

use std::rc::Rc;

use rustc_hash::FxHashMap;

/// jieba's dictionary as a double-array trie from word to rank, in yada's format (see
/// `build.rs`).
static DICT_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.da"));
/// The frequency of each word, by rank, as little-endian `u32`s (the tests' reference for
/// [`DICT_LOGP`]).
#[cfg(test)]
static DICT_FREQ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.freq"));
/// `ln(frequency) - ln(total)` of each word, by rank, as little-endian `f64` bits.
static DICT_LOGP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.logp"));
/// The sum of all frequencies in the dictionary.
const DICT_TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/dict_total.rs"));

/// A dictionary word's number: its rank in the sorted dictionary, the same in every document.
pub type WordId = u32;

/// Unit `i` of the trie. yada's own reader needs either `unsafe` or a validation pass over all
/// 6 MB at start-up (about 3 ms, a third of a whole run); this one checks bounds at each step
/// instead, so a damaged array could only give wrong words, never undefined behaviour. The
/// format (32-bit units, see `yada::unit::Unit`) is pinned by the version in `Cargo.toml` and
/// checked against yada's reader in the tests.
fn unit(i: u32) -> Option<u32> {
    let at = usize::try_from(i).ok()?.checked_mul(4)?;
    let b = DICT_TRIE.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A non-leaf unit's child offset (21 bits, times 256 when the extension bit is set).
fn offset(u: u32) -> u32 {
    (u >> 10) << ((u & (1 << 9)) >> 6)
}

/// Where a walk stands after each character of U+3400..=U+9FFF, from `build.rs`
/// (`first_steps`): three little-endian `u32`s per character, the unit's index (`u32::MAX` when
/// no word starts with the character) and value and the rank of the one-character word
/// (`u32::MAX` for none).
static DICT_FIRST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.first"));
/// The first character [`DICT_FIRST`] holds.
const FIRST_FROM: u32 = 0x3400;

/// The walk over the first character of `key` from [`DICT_FIRST`], when it holds it: `None` to
/// walk from the root, `Some(None)` when no word starts with the character, else where the walk
/// stands after it and the rank of the one-character word, if it is one.
#[allow(clippy::type_complexity)]
fn first_step(key: &[u8]) -> Option<Option<((u32, u32), Option<WordId>)>> {
    // A three-byte character of U+3400..=U+9FFF starts with 0xE3..=0xE9.
    let &[b0 @ 0xE3..=0xE9, b1 @ 0x80..=0xBF, b2 @ 0x80..=0xBF, ..] = key else {
        return None;
    };
    let code = u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
    let (entries, _) = DICT_FIRST.as_chunks::<12>();
    let e = entries.get(usize::try_from(code.checked_sub(FIRST_FROM)?).ok()?)?;
    let word = |k: usize| u32::from_le_bytes([e[k], e[k + 1], e[k + 2], e[k + 3]]);
    let (at, u, leaf) = (word(0), word(4), word(8));
    Some((at != u32::MAX).then_some(((at, u), (leaf != u32::MAX).then_some(leaf))))
}

/// Calls `found(rank, len)` for every dictionary word that `key` starts with, shortest first
/// (yada's common-prefix search). A walk over a common Han character starts where
/// [`DICT_FIRST`] says it stands after that character: three steps fewer, and the table is far
/// smaller than the trie.
fn prefixes(key: &[u8], mut found: impl FnMut(WordId, usize)) {
    match first_step(key) {
        Some(None) => {}
        Some(Some((state, word))) => {
            if let Some(id) = word {
                found(id, 3);
            }
            walk(key, 3, state, found);
        }
        None => {
            if let Some(root) = unit(0) {
                walk(key, 0, (0, root), found);
            }
        }
    }
}

/// Walks the trie over `key[from..]` from `state` (a unit's index and value: where the walk
/// over `key[..from]` stands), calling `found(rank, len)` at each word that ends.
fn walk(key: &[u8], from: usize, state: (u32, u32), mut found: impl FnMut(WordId, usize)) {
    let (mut at, mut u) = state;
    for (i, &c) in key.iter().enumerate().skip(from) {
        at = offset(u) ^ at ^ u32::from(c);
        let Some(next) = unit(at) else { return };
        // The label, or more than 255 for a leaf.
        if next & ((1 << 31) | 0xFF) != u32::from(c) {
            return;
        }
        if next >> 8 & 1 == 1 {
            if let Some(leaf) = unit(offset(next) ^ at) {
                found(leaf & 0x7FFF_FFFF, i + 1);
            }
        }
        u = next;
    }
}

/// `ln(frequency) - ln(total)` of word `id`, from the table `build.rs` computes with the same
/// operations the cut once did at run time (so the same bits, a test checks every word).
fn log_probability(id: WordId) -> f64 {
    let at = id as usize * 8;
    DICT_LOGP.get(at..at + 8).map_or(f64::NEG_INFINITY, |b| {
        f64::from_bits(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]))
    })
}

/// The frequency of word `id`.
#[cfg(test)]
fn frequency(id: WordId) -> u64 {
    let at = id as usize * 4;
    DICT_FREQ.get(at..at + 4).map_or(0, |b| {
        u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    })
}

/// Calls `found(word, id, freq)` for every dictionary word that occurs in `text`.
#[cfg(test)]
fn dictionary_words<'t>(text: &'t str, mut found: impl FnMut(&'t str, WordId, u64)) {
    let bytes = text.as_bytes();
    for (start, _) in text.char_indices() {
        prefixes(&bytes[start..], |id, len| {
            // Keys are whole UTF-8 words, so `len` ends on a character boundary.
            if let Some(word) = text.get(start..start + len) {
                found(word, id, frequency(id));
            }
        });
    }
}

/// The rank of `word` if it is a dictionary word.
fn rank(word: &str) -> Option<WordId> {
    let mut found = None;
    prefixes(word.as_bytes(), |id, len| {
        if len == word.len() {
            found = Some(id);
        }
    });
    found
}

/// The characters jieba cuts with its dictionary (its `RE_HAN_DEFAULT` class): Han characters,
/// ASCII letters and digits, and `+#&._%-`. Runs of other characters are cut one by one.
fn is_han_default(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}' | '\u{2A700}'..='\u{2B73F}' | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}' | '\u{2CEB0}'..='\u{2EBEF}' | '\u{2F800}'..='\u{2FA1F}')
        || c.is_ascii_alphanumeric()
        || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

/// Calls `word(text, rank)` for every word of two characters or more that jieba-rs's
/// `Jieba::new().cut(text, false)` gives (its dictionary, no HMM), in order: `rank` is the
/// dictionary rank, `None` for a word the dictionary lacks (a run of Latin letters).
///
/// This is jieba's algorithm, read from jieba-rs 0.11 and run on the embedded trie instead of
/// a `Jieba` built per document: the text is split into runs of [`is_han_default`] characters
/// and others; in a run, every dictionary word starting at each character is an edge, and the
/// route from the end keeps, at each character, the edge of highest `ln freq − ln total +
/// route[end]` (ties to the longer word; a character starting no word is a word of frequency
/// 1); single ASCII letters or digits left by the route are joined into one word. Outside the
/// runs every character is a word of its own, `\r\n` one word. A test checks every clause of
/// the corpus against `Jieba::new()`.
fn cut(text: &str, scratch: &mut Scratch, mut word: impl FnMut(&str, Option<WordId>)) {
    let log_total = (DICT_TOTAL as f64).ln();
    let Scratch { chars, route } = scratch;
    chars.clear();
    chars.extend(text.char_indices());
    let mut i = 0;
    while i < chars.len() {
        let han = is_han_default(chars[i].1);
        let mut j = i + 1;
        while j < chars.len() && is_han_default(chars[j].1) == han {
            j += 1;
        }
        let run_end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let run = &chars[i..j];
        if !han {
            for pair in run.windows(2) {
                if pair[0].1 == '\r' && pair[1].1 == '\n' {
                    word("\r\n", rank("\r\n"));
                }
            }
            i = j;
            continue;
        }
        let n = run.len();
        let byte_at = |k: usize| run.get(k).map_or(run_end, |&(b, _)| b);
        route.clear();
        route.resize(n + 1, (0.0, n, None));
        for x in (0..n).rev() {
            let start = run[x].0;
            let mut best: Option<(f64, usize, Option<WordId>)> = None;
            // Words come shortest first, so their ends (in characters) only move forward.
            let mut end = x;
            prefixes(&text.as_bytes()[start..run_end], |id, len| {
                while end < n && run[end].0 < start + len {
                    end += 1;
                }
                let prob = log_probability(id) + route[end].0;
                if best.is_none_or(|(p, e, _)| prob > p || prob == p && end > e) {
                    best = Some((prob, end, Some(id)));
                }
            });
            route[x] = best.unwrap_or((0.0 - log_total + route[x + 1].0, x + 1, None));
        }
        let mut emit = |a: usize, b: usize, id: Option<WordId>| {
            if b - a >= 2 {
                let w = &text[byte_at(a)..byte_at(b)];
                word(w, id.or_else(|| rank(w)));
            }
        };
        let (mut x, mut left) = (0, None);
        while x < n {
            let (_, y, id) = route[x];
            if y - x == 1 && run[x].1.is_ascii_alphanumeric() {
                left.get_or_insert(x);
            } else {
                if let Some(l) = left.take() {
                    emit(l, x, None);
                }
                emit(x, y, id);
            }
            x = y;
        }
        if let Some(l) = left {
            emit(l, n, None);
        }
        i = j;
    }
}

/// Buffers [`cut`] reuses from one phrase to the next.
#[derive(Default)]
struct Scratch {
    /// The characters of the phrase, with their byte offsets.
    chars: Vec<(usize, char)>,
    /// (probability, end, rank) per character of a run.
    route: Vec<(f64, usize, Option<WordId>)>,
}

/// Cuts phrases into words and remembers the profiles it made for a document.
#[derive(Default)]
pub struct Words {
    /// Profiles made so far, by text: the quantities of one clause share its context.
    made: std::cell::RefCell<FxHashMap<String, Rc<Profile>>>,
    /// Buffers for [`cut`].
    scratch: std::cell::RefCell<Scratch>,
}

impl Words {
    /// A new cutter, with no profiles made.
    pub fn new() -> Words {
        Words::default()
    }

    /// The words of two characters or more in `text`: dictionary words by number, others (runs
    /// of Latin letters) as text; each sorted, without repeats.
    fn cut(&self, text: &str) -> (Vec<WordId>, Vec<String>) {
        // Mostly a word every few characters: one allocation, not several.
        let (mut ids, mut other) = (Vec::with_capacity(text.len() / 6), Vec::new());
        cut(text, &mut self.scratch.borrow_mut(), |w, id| match id {
            Some(id) => ids.push(id),
            None => other.push(w.to_string()),
        });
        ids.sort_unstable();
        ids.dedup();
        other.sort_unstable();
        other.dedup();
        (ids, other)
    }
}

/// How many elements two sorted slices share (as multisets: with repeats, each pairs once).
pub(crate) fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    // Without branches on the comparison (which side steps is a coin toss the processor
    // mispredicts): equal steps both and counts, otherwise the smaller side steps.
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Bigram `(x, y)` as a number: numbers sort as the pairs do.
pub fn bigram(x: char, y: char) -> u64 {
    u64::from(x) << 32 | u64::from(y)
}

/// A phrase prepared for comparison.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Character bigrams, sorted, without repeats, each as [`bigram`] numbers it.
    bigrams: Vec<u64>,
    /// Dictionary words of two characters or more, sorted, without repeats.
    words: Vec<WordId>,
    /// Other words of two characters or more (Latin letters), sorted, without repeats.
    other: Vec<String>,
}

impl Profile {
    /// Profiles `text`; `#` (a masked number) and ASCII digits are ignored.
    pub fn new(text: &str) -> Profile {
        Profile::make(&Words::new(), text)
    }

    /// The text a profile compares: `text` without `#` and ASCII digits.
    pub fn clean(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        // `#` and digits are ASCII, so each is one byte and a character boundary: the runs
        // between them are copied whole.
        let mut from = 0;
        for (at, b) in text.bytes().enumerate() {
            if Profile::dropped(b) {
                out.push_str(&text[from..at]);
                from = at + 1;
            }
        }
        out.push_str(&text[from..]);
        out
    }

    /// Whether [`Profile::clean`] drops byte `b`.
    pub(crate) fn dropped(b: u8) -> bool {
        b == b'#' || b.is_ascii_digit()
    }

    /// Profiles `text` with a segmenter built for it (from [`Profile::clean`] texts), shared
    /// with every other commitment of the document that has the same text.
    pub fn with(words: &Words, text: &str) -> Rc<Profile> {
        if let Some(made) = words.made.borrow().get(text) {
            return Rc::clone(made);
        }
        let profile = Rc::new(Profile::make(words, text));
        words
            .made
            .borrow_mut()
            .insert(text.to_string(), Rc::clone(&profile));
        profile
    }

    /// Profiles `text` with `words`, without looking for a profile made before.
    pub(crate) fn make(words: &Words, text: &str) -> Profile {
        if text.bytes().any(Profile::dropped) {
            Profile::of_clean(words, &Profile::clean(text))
        } else {
            Profile::of_clean(words, text)
        }
    }

    /// [`Profile::make`] of a text [`Profile::clean`] has cleaned already (it holds no `#`
    /// and no digit), without looking for them again.
    pub(crate) fn of_clean(words: &Words, clean: &str) -> Profile {
        debug_assert!(!clean.bytes().any(Profile::dropped));
        let mut chars = clean.chars();
        let mut bigrams: Vec<u64> = Vec::with_capacity(clean.len() / 3);
        if let Some(mut prev) = chars.next() {
            for c in chars {
                bigrams.push(bigram(prev, c));
                prev = c;
            }
            if bigrams.is_empty() {
                bigrams.push(bigram(prev, prev));
            }
        }
        bigrams.sort_unstable();
        bigrams.dedup();
        let (words, other) = words.cut(clean);
        Profile {
            bigrams,
            words,
            other,
        }
    }

    /// The character bigrams of the phrase as [`bigram`] numbers them, sorted, without
    /// repeats.
    pub fn bigrams(&self) -> &[u64] {
        &self.bigrams
    }

    /// The words of the phrase as numbers: dictionary words by rank, other words by a hash (two
    /// different words may share a number, the same word always has one).
    pub fn word_numbers(&self) -> impl Iterator<Item = u64> + '_ {
        use std::hash::BuildHasher;
        let other = rustc_hash::FxBuildHasher;
        self.words
            .iter()
            .map(|&id| u64::from(id))
            .chain(self.other.iter().map(move |w| other.hash_one(w) | 1 << 63))
    }

    /// Whether the profile holds nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.bigrams.is_empty()
    }

    /// Share of the smaller phrase's bigrams found in the other (1.0 when one phrase is inside
    /// the other).
    pub fn containment(&self, other: &Profile) -> f64 {
        self.contained(other, common(&self.bigrams, &other.bigrams))
    }

    /// [`Profile::containment`] given the bigrams the two share.
    fn contained(&self, other: &Profile, shared: usize) -> f64 {
        let smaller = self.bigrams.len().min(other.bigrams.len());
        if smaller == 0 {
            0.0
        } else {
            shared as f64 / smaller as f64
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
        // The shared bigrams, counted once for the Dice and the containment.
        let shared = common(&self.bigrams, &other.bigrams);
        let bi = dice(self.bigrams.len(), other.bigrams.len(), shared);
        let words = dice(
            self.words.len() + self.other.len(),
            other.words.len() + other.other.len(),
            common(&self.words, &other.words) + common(&self.other, &other.other),
        );
        0.4 * bi + 0.3 * self.contained(other, shared) + 0.3 * words
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

    /// The table of log probabilities holds, bit for bit, what the cut computed at run time
    /// from each word's frequency before there was a table.
    #[test]
    fn log_probabilities_are_the_runtime_logarithms() {
        let words = DICT_FREQ.len() / 4;
        assert_eq!(DICT_LOGP.len(), words * 8);
        let log_total = (DICT_TOTAL as f64).ln();
        for id in 0..WordId::try_from(words).unwrap_or(WordId::MAX) {
            let runtime = (frequency(id) as f64).ln() - log_total;
            assert_eq!(
                log_probability(id).to_bits(),
                runtime.to_bits(),
                "word {id}"
            );
        }
        assert_eq!(log_probability(WordId::MAX), f64::NEG_INFINITY);
    }

    /// [`cut`] cuts every clause of the corpus exactly as `Jieba::new()`.
    #[test]
    fn words_equal_full_dictionary_segmentation_on_the_corpus() {
        let full = jieba_rs::Jieba::new();
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
            let words = Words::new();
            let mut names: FxHashMap<WordId, &str> = FxHashMap::default();
            for part in &parts {
                dictionary_words(part, |w, id, _| {
                    assert_eq!(
                        *names.entry(id).or_insert(w),
                        w,
                        "two words with one number"
                    );
                });
            }
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

    /// The trie reader finds exactly what yada's own reader finds, at every position of the
    /// corpus (and of text with bytes no word holds).
    #[test]
    fn trie_reader_equals_yada() {
        let trie = yada::DoubleArray::new(DICT_TRIE).unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts = vec!["a\0b\u{7f}\u{F8FF}新建改扩建幼儿园".to_string()];
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            // Text files only (a .docx corpus document is a zip).
            if path.is_file() && path.extension().is_none_or(|e| e != "docx") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let mut words = 0;
        for text in &texts {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                let mut ours = Vec::new();
                prefixes(&bytes[start..], |id, len| ours.push((id, len)));
                let theirs: Vec<(u32, usize)> =
                    trie.common_prefix_search(&bytes[start..]).collect();
                assert_eq!(ours, theirs, "at byte {start}");
                words += ours.len();
            }
        }
        assert!(words > 10_000, "{words}");
        let mut found = Vec::new();
        dictionary_words("幼儿园", |w, id, f| found.push((w, id, f)));
        let names: Vec<(&str, u64)> = found.iter().map(|&(w, _, f)| (w, f)).collect();
        // Frequencies as in `dict.txt`.
        assert_eq!(
            names,
            [
                ("幼", 856),
                ("幼儿", 263),
                ("幼儿园", 405),
                ("儿", 15411),
                ("园", 1914)
            ]
        );
        assert!(found
            .iter()
            .all(|&(w, id, _)| trie.exact_match_search(w) == Some(id)));
    }

    proptest::proptest! {
        /// [`Profile::clean`] copies runs between dropped bytes: the same text as filtering
        /// every character.
        #[test]
        fn clean_equals_a_character_filter(text in "[#0-9a新建幼儿园、 \u{10000}-\u{10010}]{0,40}") {
            let filtered: String = text.chars().filter(|c| *c != '#' && !c.is_ascii_digit()).collect();
            proptest::prop_assert_eq!(Profile::clean(&text), filtered);
        }

        /// [`common`] counts the multiset intersection of two sorted slices, as counting each
        /// value's copies on both sides does.
        #[test]
        fn common_counts_the_shared_elements(
            mut a in proptest::collection::vec(0u64..12, 0..30),
            mut b in proptest::collection::vec(0u64..12, 0..30),
        ) {
            a.sort_unstable();
            b.sort_unstable();
            let expected: usize = (0..12)
                .map(|v| {
                    let count = |s: &[u64]| s.iter().filter(|&&x| x == v).count();
                    count(&a).min(count(&b))
                })
                .sum();
            proptest::prop_assert_eq!(common(&a, &b), expected);
            let strings = |s: &[u64]| s.iter().map(|x| format!("{x:02}")).collect::<Vec<_>>();
            proptest::prop_assert_eq!(common(&strings(&a), &strings(&b)), expected);
        }
    }

    /// The walk from the root, as [`prefixes`] was before [`DICT_FIRST`].
    fn prefixes_from_root(key: &[u8]) -> Vec<(WordId, usize)> {
        let mut found = Vec::new();
        if let Some(root) = unit(0) {
            walk(key, 0, (0, root), |id, len| found.push((id, len)));
        }
        found
    }

    /// Every character the first-step table holds starts the same walk as from the root: alone,
    /// and followed by characters that make longer words with many of them.
    #[test]
    fn first_steps_walk_as_the_root_does() {
        let mut with_table = Vec::new();
        for code in FIRST_FROM..=0x9FFF {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for tail in ["", "民", "业", "设施", "\u{3400}"] {
                let key = format!("{c}{tail}");
                with_table.clear();
                prefixes(key.as_bytes(), |id, len| with_table.push((id, len)));
                assert_eq!(with_table, prefixes_from_root(key.as_bytes()), "{key}");
            }
        }
        // Bytes that are not a character are never read from the table.
        assert_eq!(first_step(&[0xE4, 0x41, 0x80]), None);
    }

    /// Profiles made with one cutter (its buffers reused) equal those made afresh.
    #[test]
    fn a_reused_cutter_profiles_as_a_new_one() {
        let words = Words::new();
        for text in [
            "新建改扩建幼儿园#所",
            "AI和GDP1",
            "",
            "完成特殊困难老年人家庭适老化改造",
            "新建幼儿园",
        ] {
            let (a, b) = (Profile::make(&words, text), Profile::new(text));
            assert_eq!((a.bigrams, a.words, a.other), (b.bigrams, b.words, b.other));
        }
    }

    /// The similarity with the shared bigrams counted once is bit for bit the one that
    /// counted them again for the containment.
    #[test]
    fn similarity_equals_its_parts() {
        let texts = [
            "新增学位#",
            "滑冰场#",
            "多功能运动场#",
            "发放城镇住房保障家庭租赁补贴#",
            "完成特殊困难老年人家庭适老化改造#",
            "",
            "园",
            "AI和GDP",
        ];
        for a in texts {
            for b in texts {
                let (x, y) = (Profile::new(a), Profile::new(b));
                let dice = |a: usize, b: usize, common: usize| {
                    if a + b == 0 {
                        0.0
                    } else {
                        2.0 * common as f64 / (a + b) as f64
                    }
                };
                let bi = dice(
                    x.bigrams.len(),
                    y.bigrams.len(),
                    common(&x.bigrams, &y.bigrams),
                );
                let words = dice(
                    x.words.len() + x.other.len(),
                    y.words.len() + y.other.len(),
                    common(&x.words, &y.words) + common(&x.other, &y.other),
                );
                let old = 0.4 * bi + 0.3 * x.containment(&y) + 0.3 * words;
                assert_eq!(x.similarity(&y).to_bits(), old.to_bits(), "{a} {b}");
            }
        }
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

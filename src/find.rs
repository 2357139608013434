//! Searches for a line break, a character or a short word, by the memchr crate's SIMD
//! searchers. std's `str::split('\n')` and `str::find(char)` read a word at a time, and for a
//! character of Chinese text they look for its last byte and check each hit: `（` (U+FF08) ends
//! in 0x88, the last byte of one Chinese character in 64, so a paragraph without one stops at
//! every few dozen characters. memchr's searchers look for two bytes at once, 32 bytes a step.

use std::sync::OnceLock;

use memchr::memmem::Finder;

/// `text.split('\n')`: the lines of `text` without their `\n`, the last one possibly empty.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    let mut breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let start = from;
        if start > text.len() {
            return None;
        }
        let end = breaks.next().unwrap_or(text.len());
        from = end + 1;
        // `\n` is ASCII, so both ends are character boundaries.
        text.get(start..end)
    })
}

/// Whether `text` holds the ASCII byte `b` (as `text.contains(b as char)`): memchr's SIMD
/// search, where std's reads a word at a time.
pub fn has_byte(text: &str, b: u8) -> bool {
    debug_assert!(
        b.is_ascii(),
        "a byte of a multi-byte character is no character"
    );
    memchr::memchr(b, text.as_bytes()).is_some()
}

/// Whether `text` holds `word` (as `text.contains(word)`). std searches a word of up to 32
/// bytes (ten Chinese characters) by SIMD with nothing to set up, and a longer one by Two-Way,
/// set up anew at every call; memchr sets up Two-Way for every word, short or long, but finds
/// a long one faster.
pub fn contains(text: &str, word: &str) -> bool {
    if word.len() <= 32 {
        return text.contains(word);
    }
    // A long word: its first 32 bytes (or fewer, to end on a character) by std first, which
    // answers most searches without setting anything up.
    let mut cut = 32;
    while !word.is_char_boundary(cut) {
        cut -= 1;
    }
    text.contains(&word[..cut]) && memchr::memmem::find(text.as_bytes(), word.as_bytes()).is_some()
}

/// A searcher for one fixed word (or character), built once, for a word searched in every
/// paragraph.
pub struct Word {
    word: &'static str,
    finder: OnceLock<Finder<'static>>,
}

impl Word {
    /// A searcher for `word`, built at its first search.
    pub const fn new(word: &'static str) -> Word {
        Word {
            word,
            finder: OnceLock::new(),
        }
    }

    fn finder(&self) -> &Finder<'static> {
        self.finder.get_or_init(|| Finder::new(self.word))
    }

    /// The byte offset of the first `word` in `text`.
    pub fn find(&self, text: &str) -> Option<usize> {
        self.finder().find(text.as_bytes())
    }

    /// The byte offsets of every `word` in `text`, left to right, not overlapping.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        self.finder().find_iter(text.as_bytes())
    }
}

/// A screen for a list of words: whether a text holds any of them. Only the words that hold
/// no other listed word are searched (a text holds `牵头单位` only if it holds `牵头`), each by
/// a searcher built once.
#[derive(Debug, Clone)]
pub struct AnyWord {
    finders: Vec<Finder<'static>>,
    /// An empty word is listed: every text holds it.
    empty: bool,
}

impl AnyWord {
    /// A screen for `words`.
    pub fn new(words: &[String]) -> AnyWord {
        let finders = words
            .iter()
            .filter(|w| {
                !w.is_empty()
                    && !words
                        .iter()
                        .any(|v| !v.is_empty() && v.len() < w.len() && w.contains(v.as_str()))
            })
            .map(|w| Finder::new(w.as_bytes()).into_owned())
            .collect();
        let empty = words.iter().any(String::is_empty);
        AnyWord { finders, empty }
    }

    /// Whether `text` holds one of the words.
    pub fn any_in(&self, text: &str) -> bool {
        self.empty
            || self
                .finders
                .iter()
                .any(|f| f.find(text.as_bytes()).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// [`lines`] splits as `split('\n')` does, empty lines and the last one included.
        #[test]
        fn lines_split_as_std_does(text in "[a一\n（年]{0,30}") {
            let ours: Vec<&str> = lines(&text).collect();
            let std: Vec<&str> = text.split('\n').collect();
            proptest::prop_assert_eq!(ours, std);
        }

        /// [`AnyWord`] answers as asking every word does.
        #[test]
        fn any_word_answers_as_every_word_does(
            text in "[牵头单位责任部门a]{0,12}",
            words in proptest::collection::vec("[牵头单位责任]{0,4}", 0..5),
        ) {
            let expected = words.iter().any(|w| text.contains(w.as_str()));
            proptest::prop_assert_eq!(AnyWord::new(&words).any_in(&text), expected);
        }

        /// [`Word`] finds what `match_indices` finds.
        #[test]
        fn words_are_found_as_std_finds_them(text in "[a一（年\u{10000}]{0,30}") {
            static YEAR: Word = Word::new("年");
            static PAREN: Word = Word::new("（一");
            let std = |w: &str| text.match_indices(w).map(|(i, _)| i).collect::<Vec<_>>();
            proptest::prop_assert_eq!(YEAR.find_iter(&text).collect::<Vec<_>>(), std("年"));
            proptest::prop_assert_eq!(PAREN.find_iter(&text).collect::<Vec<_>>(), std("（一"));
            proptest::prop_assert_eq!(PAREN.find(&text), text.find("（一"));
            for word in ["", "年", "一（", "a年a", "一一一一一一一一一一一一一一一一"] {
                proptest::prop_assert_eq!(contains(&text, word), text.contains(word));
            }
            // A long word in the text, whole or cut (its first 32 bytes found, the rest not).
            let long = "一".repeat(16);
            for (at, keep) in [(0, 16), (text.len() / 2, 16), (text.len(), 11), (0, 15)] {
                if let Some(start) = text.get(..at) {
                    let t = format!("{start}{}{}", "一".repeat(keep), &text[at..]);
                    proptest::prop_assert_eq!(contains(&t, &long), t.contains(&long));
                }
            }
            for b in [b'a', b'\t', 0] {
                proptest::prop_assert_eq!(has_byte(&text, b), text.contains(char::from(b)));
            }
        }
    }
}

//! How alike two phrases are: character bigrams (robust to word order and to jieba's choices)
//! and jieba-rs words (robust to long shared prefixes such as 新建改扩建).

use std::collections::HashSet;
use std::sync::LazyLock;

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// A phrase prepared for comparison.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    bigrams: HashSet<(char, char)>,
    words: HashSet<String>,
}

impl Profile {
    /// Profiles `text`; `#` (a masked number) and ASCII digits are ignored.
    pub fn new(text: &str) -> Profile {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| *c != '#' && !c.is_ascii_digit())
            .collect();
        let mut bigrams: HashSet<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        if chars.len() == 1 {
            bigrams.insert((chars[0], chars[0]));
        }
        let clean: String = chars.iter().collect();
        let words = JIEBA
            .cut(&clean, false)
            .into_iter()
            .filter(|t| t.word.chars().count() >= 2)
            .map(|t| t.word.to_string())
            .collect();
        Profile { bigrams, words }
    }

    /// Whether the profile holds nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.bigrams.is_empty()
    }

    /// Share of the smaller phrase's bigrams found in the other (1.0 when one phrase is inside
    /// the other).
    pub fn containment(&self, other: &Profile) -> f64 {
        let common = self.bigrams.intersection(&other.bigrams).count();
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
        self.bigrams.intersection(&other.bigrams).count() as f64 / self.bigrams.len() as f64
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
            self.bigrams.intersection(&other.bigrams).count(),
        );
        let words = dice(
            self.words.len(),
            other.words.len(),
            self.words.intersection(&other.words).count(),
        );
        0.4 * bi + 0.3 * self.containment(other) + 0.3 * words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! How annexes, titles, counts and responsibility notes look (`rules/annex.toml`), and the
//! matchers that find them.
//!
//! The four shapes are matched by hand, not with `regex`. As regular expressions they need
//! Unicode classes (`\s`, `.`, `[^。,;、]`, `[^()（）]`), and compiling those four patterns at
//! start-up, then growing the lazy DFA's cache while scanning, cost about 6 M instructions and
//! half of the page faults of a one-document run: more than segmenting the whole document. Each
//! matcher below names the regular expression it implements (`WORDS` being the alternation of a
//! word list, longest first), with the same leftmost-first, greedy or lazy semantics; the tests
//! compare every matcher with that expression compiled by `regex` on generated text.

use std::ops::Range;

use serde::Deserialize;

use super::parse_table;
use crate::find::AnyWord;
use crate::TableError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnexToml {
    openers: Vec<String>,
    count_classifiers: Vec<String>,
    total_words: Vec<String>,
    responsibility_words: Vec<String>,
    // The lists below came later: a user's copy without them keeps the built-in ones.
    table_row_nouns: Option<Vec<String>>,
    table_category_words: Option<Vec<String>>,
    table_category_subjects: Option<Vec<String>>,
    review_words: Option<Vec<String>>,
    content_labels: Option<Vec<String>>,
}

/// The words of `annex.toml`, each list longest first.
#[derive(Debug, Clone)]
pub struct AnnexTable {
    openers: Vec<String>,
    classifiers: Vec<String>,
    total_words: Vec<String>,
    responsibility_words: Vec<String>,
    /// Nouns of a count of a table's rows (`主要指标共18项`).
    pub table_row_nouns: Vec<String>,
    /// Words after a numeral that make it a count of categories (`类`, `个方面`).
    pub table_category_words: Vec<String>,
    /// What a count of categories may be about (`支出`, `指标`).
    pub table_category_subjects: Vec<String>,
    /// Words of a heading that looks back at last year (`执行情况`).
    pub review_words: Vec<String>,
    /// Labels of an item's content line (`项目内容`).
    content_labels: Vec<String>,
    /// The first characters of `content_labels`: a line opening with none of them has no label
    /// (asked of every line of a list).
    content_label_firsts: Vec<char>,
    /// Whether a text holds one of `total_words`: asked of every paragraph.
    total_screen: AnyWord,
    /// Whether a text holds one of `responsibility_words`: asked of every parenthetical.
    responsibility_screen: AnyWord,
}

/// A count found in a heading or a title: the numeral, and the whole phrase (`43件民生实事`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountMatch {
    /// Byte range of the numeral.
    pub n: Range<usize>,
    /// Byte range of the whole match.
    pub all: Range<usize>,
}

/// The non-empty words, longest first (as a regex alternation of them would prefer).
fn longest_first(words: &[String]) -> Vec<String> {
    let mut words: Vec<String> = words.iter().filter(|w| !w.is_empty()).cloned().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

/// `[0-9]+|[零〇一二两三四五六七八九十百]+`: the two classes of a count numeral.
fn numeral_class(c: char) -> Option<bool> {
    if c.is_ascii_digit() {
        Some(true)
    } else if matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
    ) {
        Some(false)
    } else {
        None
    }
}

/// Whether `c` is a numeral character of a count or a stated total (`43件`, `十五件`): an ASCII
/// digit or one of `零〇一二两三四五六七八九十百`.
pub(crate) fn is_total_numeral(c: char) -> bool {
    numeral_class(c).is_some()
}

/// The char boundaries of `text` in `from..=to`, last first (the choices of a greedy `*`/`+`).
fn ends_back(text: &str, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    (from..=to).rev().filter(|&i| text.is_char_boundary(i))
}

/// The ends of the numerals starting at `at`, longest first (a greedy `+`).
fn numeral_ends(text: &str, at: usize) -> impl Iterator<Item = usize> + '_ {
    let rest = &text[at..];
    let class = rest.chars().next().and_then(numeral_class);
    let run = rest
        .char_indices()
        .find(|(_, c)| class.is_none() || numeral_class(*c) != class)
        .map_or(rest.len(), |(i, _)| i);
    // Nothing when no numeral starts at `at`.
    ends_back(text, at + 1, at + run).filter(move |_| run > 0)
}

/// The ends of `\s*` from `at`, longest first.
fn space_ends(text: &str, at: usize) -> impl Iterator<Item = usize> + '_ {
    ends_back(text, at, skip_space(text, at))
}

/// `\s*` from `at`, greedy: where it ends.
fn skip_space(text: &str, at: usize) -> usize {
    text.len() - text[at..].trim_start().len()
}

/// The first of `words` (longest first) that `text[at..]` starts with: where it ends.
fn word_at(words: &[String], text: &str, at: usize) -> Option<usize> {
    words
        .iter()
        .find(|w| text[at..].starts_with(w.as_str()))
        .map(|w| at + w.len())
}

/// Where the next `(` or `（` (with `closing`, also `)` or `）`) in `text` from byte `from`
/// starts. Found over bytes by memchr (`（` is EF BC 88, `）` EF BC 89), not by decoding every
/// character: it is asked of every paragraph.
fn next_paren(text: &str, from: usize, closing: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(k) = bytes.get(i..).and_then(|rest| match closing {
        true => memchr::memchr3(b'(', b')', 0xEF, rest),
        false => memchr::memchr2(b'(', 0xEF, rest),
    }) {
        let at = i + k;
        if bytes[at] != 0xEF {
            return Some(at);
        }
        match bytes.get(at + 1..at + 3) {
            Some([0xBC, 0x88]) => return Some(at),
            Some([0xBC, 0x89]) if closing => return Some(at),
            _ => i = at + 1,
        }
    }
    None
}

/// Positions in `text` from `from` where a character satisfying `pred` starts.
fn starts<'t>(
    text: &'t str,
    from: usize,
    pred: impl Fn(char) -> bool + 't,
) -> impl Iterator<Item = usize> + 't {
    text[from..]
        .char_indices()
        .filter(move |(_, c)| pred(*c))
        .map(move |(i, _)| from + i)
}

impl AnnexTable {
    /// Parses `annex.toml`; each list needs at least one word.
    pub fn from_toml(text: &str) -> Result<AnnexTable, TableError> {
        let t: AnnexToml = parse_table("annex.toml", text)?;
        for (key, list) in [
            ("openers", &t.openers),
            ("count_classifiers", &t.count_classifiers),
            ("total_words", &t.total_words),
            ("responsibility_words", &t.responsibility_words),
        ] {
            if list.iter().all(|w| w.trim().is_empty()) {
                return Err(TableError::Invalid {
                    name: "annex.toml".into(),
                    message: format!("`{key}` must list at least one word"),
                });
            }
        }
        // The built-in file has every list; a user's older copy may lack the table lists.
        let builtin = |key: &str, list: Option<Vec<String>>| -> Result<Vec<String>, TableError> {
            match list {
                Some(l) => Ok(longest_first(&l)),
                None if text == super::ANNEX_TOML => Err(TableError::Invalid {
                    name: "annex.toml".into(),
                    message: format!("`{key}` is missing"),
                }),
                None => {
                    let b: AnnexToml = parse_table("annex.toml", super::ANNEX_TOML)?;
                    let l = match key {
                        "table_row_nouns" => b.table_row_nouns,
                        "table_category_words" => b.table_category_words,
                        "table_category_subjects" => b.table_category_subjects,
                        "content_labels" => b.content_labels,
                        _ => b.review_words,
                    };
                    Ok(longest_first(&l.unwrap_or_default()))
                }
            }
        };
        let content_labels = builtin("content_labels", t.content_labels)?;
        let mut content_label_firsts: Vec<char> = content_labels
            .iter()
            .filter_map(|w| w.chars().next())
            .collect();
        content_label_firsts.sort_unstable();
        content_label_firsts.dedup();
        Ok(AnnexTable {
            total_screen: AnyWord::new(&t.total_words),
            responsibility_screen: AnyWord::new(&t.responsibility_words),
            openers: longest_first(&t.openers),
            classifiers: longest_first(&t.count_classifiers),
            total_words: longest_first(&t.total_words),
            responsibility_words: longest_first(&t.responsibility_words),
            table_row_nouns: builtin("table_row_nouns", t.table_row_nouns)?,
            table_category_words: builtin("table_category_words", t.table_category_words)?,
            table_category_subjects: builtin("table_category_subjects", t.table_category_subjects)?,
            review_words: builtin("review_words", t.review_words)?,
            content_labels,
            content_label_firsts,
        })
    }

    /// What follows the opener when `line` opens an annex (`附件2：十件实事` gives `十件实事`):
    /// `^(?:OPENERS)\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*(?P<rest>.*)$`.
    pub fn opener_rest<'t>(&self, line: &'t str) -> Option<&'t str> {
        let end = word_at(&self.openers, line, 0)?;
        let mut at = skip_space(line, end);
        at = line.len()
            - line[at..]
                .trim_start_matches(|c: char| {
                    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
                })
                .len();
        at = skip_space(line, at);
        if let Some(rest) = line[at..].strip_prefix([':', '：']) {
            at = line.len() - rest.len();
        }
        let rest = &line[skip_space(line, at)..];
        // `.` stops at a line break and `$` is the end of the text (every choice above only
        // makes the rest longer, so no other opener or shorter run helps).
        (!rest.contains('\n')).then_some(rest)
    }

    /// Whether `line` opens an annex.
    pub fn is_opener(&self, line: &str) -> bool {
        self.opener_rest(line).is_some()
    }

    /// A count at the end of a heading (`…7件`, `(7件)`, `(共7项)`):
    /// `(?:共|计)?(?P<n>[0-9]+|[零〇一二两三四五六七八九十百]+)\s*(?:CLASSIFIERS)\s*[)）]?\s*$`.
    pub fn heading_count(&self, text: &str) -> Option<CountMatch> {
        let tail_ok = |at: usize| {
            let rest = text[at..].trim_start();
            let rest = rest.strip_prefix([')', '）']).unwrap_or(rest);
            rest.trim_start().is_empty()
        };
        // A classifier must end where only `\s*[)）]?\s*` is left: most lines have none.
        let tail = text.trim_end();
        let tail = tail
            .strip_suffix([')', '）'])
            .unwrap_or(tail)
            .trim_end()
            .len();
        if !ends_back(text, tail, text.len()).any(|e| {
            self.classifiers
                .iter()
                .any(|c| text[..e].ends_with(c.as_str()))
        }) {
            return None;
        }
        starts(text, 0, |c| {
            c == '共' || c == '计' || numeral_class(c).is_some()
        })
        .find_map(|start| {
            // `共`/`计` can only be the optional prefix; a numeral cannot start with it.
            let n_start = match text[start..].chars().next() {
                Some(c @ ('共' | '计')) => start + c.len_utf8(),
                _ => start,
            };
            numeral_ends(text, n_start).into_iter().find_map(|n_end| {
                space_ends(text, n_end).into_iter().find_map(|at| {
                    self.classifiers
                        .iter()
                        .filter(|c| text[at..].starts_with(c.as_str()))
                        .any(|c| tail_ok(at + c.len()))
                        .then_some(CountMatch {
                            n: n_start..n_end,
                            all: start..text.len(),
                        })
                })
            })
        })
    }

    /// The first stated total of a whole list in `text` from byte `from` (`43件民生实事`):
    /// `(?P<n>[0-9]+|[零〇一二两三四五六七八九十百]+)\s*(?:CLASSIFIERS)[^。,;、]{0,4}?(?:TOTAL_WORDS)`.
    pub fn total_from(&self, text: &str, from: usize) -> Option<CountMatch> {
        // Most paragraphs hold none of the words.
        if !self.has_title_word(text.get(from..)?) {
            return None;
        }
        starts(text, from, |c| numeral_class(c).is_some()).find_map(|start| {
            numeral_ends(text, start).find_map(|n_end| {
                // `把每一件实事办好`, `一件件实事`: an idiom, not a count of the list.
                if crate::quantity::is_idiomatic_one(text, start..n_end) {
                    return None;
                }
                space_ends(text, n_end).find_map(|at| {
                    self.classifiers.iter().find_map(|c| {
                        let mut at = at + text[at..].strip_prefix(c.as_str()).map(|_| c.len())?;
                        // The lazy `{0,4}?`: as few characters as possible before the word.
                        for _ in 0..=4 {
                            if let Some(end) = word_at(&self.total_words, text, at) {
                                return Some(CountMatch {
                                    n: start..n_end,
                                    all: start..end,
                                });
                            }
                            match text[at..].chars().next() {
                                Some(ch) if !matches!(ch, '。' | ',' | ';' | '、') => {
                                    at += ch.len_utf8()
                                }
                                _ => return None,
                            }
                        }
                        None
                    })
                })
            })
        })
    }

    /// The first stated total in `text`.
    pub fn total(&self, text: &str) -> Option<CountMatch> {
        self.total_from(text, 0)
    }

    /// Every stated total in `text`, left to right, not overlapping.
    pub fn totals<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = CountMatch> + use<'s, 't> {
        let mut from = 0;
        std::iter::from_fn(move || {
            let m = self.total_from(text, from)?;
            from = m.all.end;
            Some(m)
        })
    }

    /// Every responsibility note in `text` (`(牵头单位:市教育局)`), left to right:
    /// `[(（][^()（）]*?(?:RESPONSIBILITY_WORDS)[^()（）]*[)）]`.
    pub fn responsibility_notes<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = Range<usize>> + use<'s, 't> {
        let mut from = 0;
        std::iter::from_fn(move || {
            let mut at = from;
            while let Some(open) = next_paren(text, at, false) {
                at = open + 1;
                let inner = open + text[open..].chars().next()?.len_utf8();
                // No parenthesis inside: the note can only end at the next one.
                let close = next_paren(text, inner, true)?;
                if text[close..].starts_with([')', '）'])
                    && self.responsibility_screen.any_in(&text[inner..close])
                {
                    let end = close + text[close..].chars().next()?.len_utf8();
                    from = end;
                    return Some(open..end);
                }
            }
            from = text.len();
            None
        })
    }

    /// Whether `text` names a list (`民生实事`, `民心工程`): a title needs one of the total words.
    pub fn has_title_word(&self, text: &str) -> bool {
        self.total_screen.any_in(text)
    }

    /// Where the leftmost total word in `text` ends (`民生实事项目10项` → after `民生实事`).
    pub fn title_word_end(&self, text: &str) -> Option<usize> {
        self.total_words
            .iter()
            .filter_map(|w| text.find(w.as_str()).map(|at| (at, at + w.len())))
            .min()
            .map(|(_, end)| end)
    }

    /// Whether `text` opens with a responsibility word and a colon (`牵头单位：市教育局`,
    /// `责任领导:张三  责任单位:市教育局`): a tail line that names who is responsible.
    pub fn starts_with_responsibility(&self, text: &str) -> bool {
        let t = text.trim_start_matches(['(', '（', ' ']);
        self.responsibility_words.iter().any(|w| {
            t.strip_prefix(w.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with([':', '：']))
        })
    }

    /// Where the content of an item starts when `text` opens with a content label and a colon
    /// (`项目内容：完成…`, `建设内容:`): the byte after the colon.
    pub fn content_label_end(&self, text: &str) -> Option<usize> {
        let first = text.chars().next()?;
        if !self.content_label_firsts.contains(&first) {
            return None;
        }
        self.content_labels.iter().find_map(|w| {
            let rest = text.strip_prefix(w.as_str())?;
            let after = rest.trim_start();
            let colon = after.chars().next().filter(|c| matches!(c, ':' | '：'))?;
            Some(text.len() - after.len() + colon.len_utf8())
        })
    }

    /// Whether `text` holds a responsibility note.
    pub fn has_responsibility_note(&self, text: &str) -> bool {
        self.responsibility_notes(text).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::ANNEX_TOML;
    use proptest::prelude::*;

    /// A numeral's class is that of the listed characters (as written before it was a `match`).
    #[test]
    fn numeral_classes_are_the_listed_characters() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let listed = if c.is_ascii_digit() {
                Some(true)
            } else {
                "零〇一二两三四五六七八九十百".contains(c).then_some(false)
            };
            assert_eq!(numeral_class(c), listed, "{c:?}");
        }
    }
    use regex::Regex;

    fn table() -> AnnexTable {
        AnnexTable::from_toml(ANNEX_TOML).unwrap()
    }

    #[test]
    fn a_copy_without_the_table_lists_keeps_the_built_in_ones() {
        let old = "openers = [\"附件\"]\ncount_classifiers = [\"件\"]\ntotal_words = [\"实事\"]\n\
                   responsibility_words = [\"牵头单位\"]\ntable_row_nouns = [\"指标\"]\n";
        let a = AnnexTable::from_toml(old).unwrap();
        assert_eq!(a.table_row_nouns, ["指标"]);
        assert_eq!(a.table_category_words, table().table_category_words);
        assert!(a.review_words.iter().any(|w| w == "执行情况"));
        assert_eq!(
            a.content_label_end("项目内容:完成"),
            Some("项目内容:".len())
        );
    }

    #[test]
    fn content_labels_open_a_line_with_a_colon() {
        let a = table();
        assert_eq!(
            a.content_label_end("建设内容 ：新建"),
            Some("建设内容 ：".len())
        );
        assert_eq!(a.content_label_end("项目内容包括新建"), None);
        assert_eq!(a.content_label_end("完成项目内容:"), None);
    }

    #[test]
    fn annex_shapes() {
        let a = table();
        let t = a
            .total("内蒙古自治区2023年43件民生实事项目及牵头责任单位")
            .unwrap();
        let text = "内蒙古自治区2023年43件民生实事项目及牵头责任单位";
        assert_eq!(&text[t.n.clone()], "43");
        assert_eq!(&text[t.all], "43件民生实事");
        let h = "一、促进群众就业增收7件";
        assert_eq!(&h[a.heading_count(h).unwrap().n], "7");
        let h = "（二）加强社会保障（共10项）";
        let m = a.heading_count(h).unwrap();
        assert_eq!((&h[m.n], &h[m.all]), ("10", "共10项）"));
        assert!(a.heading_count("新增就业8000人").is_none());
        assert_eq!(a.opener_rest("附件2：十件实事"), Some("十件实事"));
        assert_eq!(a.opener_rest("附件"), Some(""));
        assert_eq!(a.opener_rest("见附件"), None);
        assert!(a.has_responsibility_note("(牵头责任单位:自治区教育厅、自治区红十字会)"));
        assert!(!a.has_responsibility_note("中(蒙)医药"));
        let notes: Vec<_> = a
            .responsibility_notes("甲(乙)丙（牵头单位：丁）戊(配合单位:己")
            .collect();
        assert_eq!(notes, vec![11..35]);
    }

    #[test]
    fn idioms_with_one_are_no_totals() {
        let a = table();
        for text in [
            "坚持把每一件实事办到群众心坎上",
            "一件件民生实事落地见效",
            "一项项惠民工程加快推进",
            "一件一件抓好民生实事",
        ] {
            assert_eq!(a.totals(text).count(), 0, "{text}");
        }
        let text = "把每一件实事办好,办好十件民生实事";
        let found: Vec<_> = a.totals(text).map(|m| &text[m.n]).collect();
        assert_eq!(found, vec!["十"]);
        assert!(a.total("办好一件实事").is_some());
    }

    /// The regular expressions the matchers implement, compiled with `regex`.
    struct Oracle {
        opener: Regex,
        heading_count: Regex,
        total: Regex,
        responsibility: Regex,
    }

    fn alternation(words: &[String]) -> String {
        longest_first(words)
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    }

    fn oracle(a: &AnnexTable) -> Oracle {
        const NUMERAL: &str = r"[0-9]+|[零〇一二两三四五六七八九十百]+";
        let classifiers = alternation(&a.classifiers);
        Oracle {
            opener: Regex::new(&format!(
                r"^(?:{})\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*(?P<rest>.*)$",
                alternation(&a.openers)
            ))
            .unwrap(),
            heading_count: Regex::new(&format!(
                r"(?:共|计)?(?P<n>{NUMERAL})\s*(?:{classifiers})\s*[)）]?\s*$"
            ))
            .unwrap(),
            total: Regex::new(&format!(
                r"(?P<n>{NUMERAL})\s*(?:{classifiers})[^。,;、]{{0,4}}?(?:{})",
                alternation(&a.total_words)
            ))
            .unwrap(),
            responsibility: Regex::new(&format!(
                r"[(（][^()（）]*?(?:{})[^()（）]*[)）]",
                alternation(&a.responsibility_words)
            ))
            .unwrap(),
        }
    }

    /// Text made of the pieces the patterns care about, so that matches are frequent.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "附件",
            "附表",
            "附",
            "1",
            "23",
            "二",
            "十",
            "百",
            "共",
            "计",
            "件",
            "项",
            "个项",
            " ",
            "\u{3000}",
            "\n",
            ":",
            "：",
            "(",
            ")",
            "（",
            "）",
            "。",
            ",",
            ";",
            "、",
            "民生",
            "实事",
            "民生实事",
            "为民办实事",
            "牵头",
            "单位",
            "牵头单位",
            "配合单位",
            "市",
            "甲",
        ])
    }

    fn texts() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..16).prop_map(|v| v.concat())
    }

    fn with_extra_classifier() -> AnnexTable {
        let toml = ANNEX_TOML.replace(
            "count_classifiers = [\"件\", \"项\", \"大\"]",
            "count_classifiers = [\"件\", \"项\", \"大\", \"个项\", \" 件\"]",
        );
        assert_ne!(toml, ANNEX_TOML);
        AnnexTable::from_toml(&toml).unwrap()
    }

    /// The built-in table and one with odd classifiers, each with its oracle (compiled once).
    static TABLES: std::sync::LazyLock<[(AnnexTable, Oracle); 2]> =
        std::sync::LazyLock::new(|| {
            [table(), with_extra_classifier()].map(|a| {
                let o = oracle(&a);
                (a, o)
            })
        });

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn matchers_equal_their_regular_expressions(text in texts(), extra in any::<bool>()) {
            let (a, o) = &TABLES[usize::from(extra)];
            let rest = o.opener.captures(&text).and_then(|c| c.name("rest")).map(|m| m.as_str());
            prop_assert_eq!(a.opener_rest(&text), rest);
            let count = |c: regex::Captures| Some(CountMatch {
                n: c.name("n")?.range(),
                all: c.get(0)?.range(),
            });
            prop_assert_eq!(a.heading_count(&text), o.heading_count.captures(&text).and_then(count));
            let totals: Vec<CountMatch> = o.total.captures_iter(&text).filter_map(count).collect();
            prop_assert_eq!(a.totals(&text).collect::<Vec<_>>(), totals);
            let notes: Vec<Range<usize>> =
                o.responsibility.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(a.responsibility_notes(&text).collect::<Vec<_>>(), notes);
        }
    }
}

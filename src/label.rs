//! The headline label of a commitment: what a message names (`新增学位: annex 6.6万个, body
//! 6.9万个`). A label is one piece of the quote taken whole — the words before the quantity or
//! the words after it, up to the nearest punctuation — never characters picked out of it, so it
//! reads as the document wrote it and can be searched for.

use std::ops::Range;

/// Punctuation that separates the clauses of a quote; a label never crosses one. `、` does not:
/// it lists the parts of one name (`燃气、供水、排水、供热等老旧管道`), and the quote already
/// ends where a list of quantities is split.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | ':' | '：' | '。' | '!' | '！' | '?' | '？' | '\n'
    )
}

/// Characters trimmed from a label's ends: spaces and brackets left open by the cut.
fn is_edge(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '（' | '）' | '—' | '…' | '·' | '*' | '"' | '\''
        )
}

/// Words joining enumerated items (`6%和8%`), trimmed from a phrase's outer end only: next to
/// the quantity they belong to the phrase (`惠及`).
fn is_connector(c: char) -> bool {
    matches!(c, '和' | '及' | '与')
}

/// Characters that carry meaning (Chinese characters, letters), not digits or punctuation.
fn words(s: &str) -> usize {
    s.chars().filter(|&c| is_word_char(c)).count()
}

/// `char::is_alphabetic`, with the common CJK ideographs (all alphabetic) answered without the
/// Unicode table.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphabetic()
}

/// `s` without the edge characters at its ends, as a range of `s`; a closing quote or bracket
/// stays when its opening one is inside.
fn trimmed(s: &str) -> Range<usize> {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if is_edge(c) || matches!(c, '”' | '’' | '》' | '」' | '』') {
            start = i + c.len_utf8();
        } else {
            break;
        }
    }
    let mut end = s.len();
    for (i, c) in s[start..].char_indices().rev() {
        let open = match c {
            '”' => Some('“'),
            '’' => Some('‘'),
            '》' => Some('《'),
            '」' => Some('「'),
            '』' => Some('『'),
            ')' => Some('('),
            '）' => Some('（'),
            _ => None,
        };
        let keep = open.is_some_and(|o| s[start..start + i].contains(o));
        if !keep && (is_edge(c) || matches!(c, '“' | '‘' | '《' | '「' | '『')) {
            end = start + i;
        } else {
            break;
        }
    }
    start..end.max(start)
}

/// The label of the quantity at byte range `qty` of `quote`: the phrase just before it when that
/// names something, else the phrase just after it (`改造提升11个边境旗县广播电视传输网络覆盖能力`
/// counts 边境旗县…, not 改造提升). Empty when neither side has a word.
pub fn label(quote: &str, qty: Range<usize>) -> String {
    let (Some(before), Some(after)) = (quote.get(..qty.start), quote.get(qty.end..)) else {
        return String::new();
    };
    let before = before.rfind(is_separator).map_or(before, |i| {
        &before[i + before[i..].chars().next().map_or(1, char::len_utf8)..]
    });
    let after = after.find(is_separator).map_or(after, |i| &after[..i]);
    let before = before.trim_start_matches(is_connector);
    let after = after.trim_end_matches(is_connector);
    let before = &before[trimmed(before)];
    let after = &after[trimmed(after)];
    let (b, a) = (words(before), words(after));
    // A short verb before a longer object (`改造提升` 11个 `边境旗县…`, `为` 6500名 `残疾人…`,
    // `惠及` 3万户 `居民`) names the object.
    if (a >= 3 && (b < 3 || (b <= 4 && a > b))) || (a >= 2 && b <= 2) {
        after.to_string()
    } else if b > 0 {
        before.to_string()
    } else {
        after.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(quote: &str, qty: &str) -> String {
        let s = quote.find(qty).unwrap_or(0);
        label(quote, s..s + qty.len())
    }

    #[test]
    fn cjk_ideographs_are_alphabetic() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(c.is_alphabetic(), "{c}");
        }
    }

    #[test]
    fn labels_are_whole_phrases_of_the_quote() {
        assert_eq!(at("新增学位6.6万个", "6.6万个"), "新增学位");
        assert_eq!(
            at("为全市65岁以上老年人免费健康体检12万人次", "12万人次"),
            "为全市65岁以上老年人免费健康体检"
        );
        assert_eq!(
            at(
                "促进19.62万名脱贫人口和防止返贫致贫监测对象实现务工就业",
                "19.62万名"
            ),
            "脱贫人口和防止返贫致贫监测对象实现务工就业"
        );
        assert_eq!(
            at("为41.3万0-59周岁残疾人购买意外伤害保险", "41.3万"),
            "0-59周岁残疾人购买意外伤害保险"
        );
        assert_eq!(
            at("改造提升11个边境旗县广播电视传输网络覆盖能力", "11个"),
            "边境旗县广播电视传输网络覆盖能力"
        );
        assert_eq!(at("新建城市“口袋公园”150个", "150个"), "新建城市“口袋公园”");
        assert_eq!(
            at("培养中(蒙)医药全科人才120名", "120名"),
            "培养中(蒙)医药全科人才"
        );
        assert_eq!(at("开展培训,新增就业8000人", "8000人"), "新增就业");
        assert_eq!(
            at("为6500名智力、精神和重度肢体残疾人提供托养服务", "6500名"),
            "智力、精神和重度肢体残疾人提供托养服务"
        );
        assert_eq!(
            at("改造燃气、供水、排水、供热等老旧管道1500公里", "1500公里"),
            "改造燃气、供水、排水、供热等老旧管道"
        );
        assert_eq!(at("8000人", "8000人"), "");
        assert_eq!(at("惠及超过3万户居民", "超过3万户"), "居民");
        assert_eq!(at("招募7500名项目人员", "7500名"), "项目人员");
    }
}

//! The scanner: finds every quantity in a paragraph, with its bound words and unit, and skips
//! numbers that are dates, ages, ordinals, versions or parts of words.

use std::sync::LazyLock;

use super::numeral::{cn_digit, parse_numeral};
use super::{BoundTable, Decimal, Quantity, QuantityTables, UnitTable};
use crate::TableError;

static BUILTIN: LazyLock<QuantityTables> = LazyLock::new(|| QuantityTables {
    units: UnitTable::builtin().clone(),
    bounds: BoundTable::builtin().clone(),
});

impl QuantityTables {
    /// The built-in tables.
    pub fn builtin() -> &'static QuantityTables {
        &BUILTIN
    }

    /// Tables from user-supplied `units.toml` and `bounds.toml` text.
    pub fn from_toml(units: &str, bounds: &str) -> Result<QuantityTables, TableError> {
        Ok(QuantityTables {
            units: UnitTable::from_toml(units)?,
            bounds: BoundTable::from_toml(bounds)?,
        })
    }
}

fn is_arabic(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some()
        || matches!(
            c,
            '十' | '拾' | '百' | '佰' | '千' | '仟' | '万' | '亿' | '点'
        )
}

/// Characters before a Chinese digit that make it part of a word (`统一`, `唯一`, `之一`).
const WORD_BEFORE_CN: &str = "统唯之逐专划同周星万第初单";
/// Characters after a unit that make the number part of a word (`一次性`).
const WORD_AFTER_UNIT: &str = "性";

/// Length in bytes of the Arabic numeral at the start of `s` (digits, thousands separators, one
/// decimal point).
fn arabic_len(s: &str) -> usize {
    let mut end = 0;
    let mut seen_dot = false;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if is_arabic(c) {
            end = at + c.len_utf8();
        } else if (c == ',' || c == '，') && i + 3 < chars.len() + 1 {
            // A thousands separator only when exactly three digits follow.
            let next: Vec<char> = chars[i + 1..].iter().take(4).map(|x| x.1).collect();
            let three = next.len() >= 3 && next[..3].iter().all(|c| is_arabic(*c));
            let fourth_digit = next.get(3).is_some_and(|c| is_arabic(*c));
            if !three || fourth_digit || end == 0 {
                break;
            }
        } else if (c == '.' || c == '．')
            && !seen_dot
            && chars.get(i + 1).is_some_and(|x| is_arabic(x.1))
        {
            seen_dot = true;
        } else {
            break;
        }
        i += 1;
    }
    end
}

/// Length in bytes of the longest Chinese numeral at the start of `s` that parses.
fn chinese_len(s: &str) -> usize {
    let ends: Vec<usize> = s
        .char_indices()
        .take_while(|(_, c)| is_cn_numeral(*c))
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    for &end in ends.iter().rev() {
        let cand = &s[..end];
        if !cand.ends_with('点') && parse_numeral(cand).is_some() {
            return end;
        }
    }
    0
}

/// Scale characters after an Arabic numeral (`万`, `亿`, and `千`/`百` when not a unit's
/// first character such as `千米`).
fn scale_len(s: &str, units: &UnitTable) -> usize {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let rest = &s[i..];
        let is_scale = match c {
            '万' | '亿' => units.unit_at(rest).is_none_or(|(_, l)| l <= c.len_utf8()),
            '千' | '百' => units.unit_at(rest).is_none() && !rest.starts_with("百分"),
            _ => false,
        };
        if !is_scale {
            break;
        }
        end = i + c.len_utf8();
    }
    end
}

/// One numeral with its scale: (byte length, value, precision).
fn numeral_at(s: &str, units: &UnitTable) -> Option<(usize, Decimal, Decimal)> {
    let first = s.chars().next()?;
    let len = if is_arabic(first) {
        let n = arabic_len(s);
        if n == 0 {
            return None;
        }
        n + scale_len(&s[n..], units)
    } else if is_cn_numeral(first) && first != '点' {
        chinese_len(s)
    } else {
        return None;
    };
    if len == 0 {
        return None;
    }
    let (v, p) = parse_numeral(&s[..len])?;
    Some((len, v, p))
}

/// Finds every quantity in `text`, in order, non-overlapping. Byte ranges refer to `text`.
pub fn scan(text: &str, tables: &QuantityTables) -> Vec<Quantity> {
    let units = &tables.units;
    let bounds = &tables.bounds;
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let percent_word = text[i..].starts_with("百分之");
        if !(is_arabic(c) || is_cn_numeral(c) && c != '点' || percent_word) {
            i += c.len_utf8();
            continue;
        }
        match quantity_at(text, i, units, bounds) {
            Ok(q) => {
                i = q.span.end.max(i + c.len_utf8());
                out.push(q);
            }
            Err(skip_to) => i = skip_to.max(i + c.len_utf8()),
        }
    }
    out
}

/// The quantity starting at byte `start`, or the byte offset to resume scanning from.
fn quantity_at(
    text: &str,
    start: usize,
    units: &UnitTable,
    bounds: &BoundTable,
) -> Result<Quantity, usize> {
    let before = &text[..start];
    let prev = before.chars().next_back();
    let first = text[start..].chars().next().unwrap_or(' ');
    let percent_word = text[start..].starts_with("百分之");
    let skip_numeral = |from: usize| {
        let rest = &text[from..];
        from + rest
            .char_indices()
            .find(|(_, c)| !(is_arabic(*c) || is_cn_numeral(*c) || matches!(c, '.' | ',')))
            .map_or(rest.len(), |(i, _)| i)
    };
    // Ordinals, ASCII words (5G, H7N9), and Chinese digits inside words (统一, 之一).
    if prev == Some('第')
        || prev.is_some_and(|p| p.is_ascii_alphabetic() || p == '.' || p == '-')
        || (!is_arabic(first)
            && !percent_word
            && prev.is_some_and(|p| WORD_BEFORE_CN.contains(p) || is_cn_numeral(p)))
    {
        return Err(skip_numeral(start));
    }
    let num_start = start;
    let mut at = start + if percent_word { "百分之".len() } else { 0 };
    let (len, value, precision) = numeral_at(&text[at..], units).ok_or(at + 1)?;
    at += len;
    if text[at..].starts_with(|c: char| c.is_ascii_alphabetic())
        && !text[at..].starts_with(['k', 'K'])
    {
        return Err(at);
    }
    let mut value = value;
    let mut precision = precision;
    let mut upper = None;
    // Ranges: `3-5个`, `3至5个`, `3万-5万个`, `3-5万个`.
    for sep in ["-", "~", "～", "—", "–", "至", "到"] {
        if let Some(rest) = text[at..].strip_prefix(sep) {
            if let Some((l2, v2, p2)) = numeral_at(rest, units) {
                let first_scaled = text[num_start..at]
                    .chars()
                    .any(|c| matches!(c, '万' | '亿'));
                let second_scale: String = rest[..l2]
                    .chars()
                    .filter(|c| matches!(c, '万' | '亿'))
                    .collect();
                if !first_scaled && !second_scale.is_empty() {
                    if let Some((sv, _)) = parse_numeral(&format!("1{second_scale}")) {
                        value *= sv;
                        precision *= sv;
                    }
                }
                upper = Some(v2);
                precision = precision.max(p2);
                at += sep.len() + l2;
            }
            break;
        }
    }
    let number_end = at;
    // Bound words must touch the number (one space allowed): `不低于5%`.
    let mut qualifier = bounds
        .before_end(before.trim_end_matches(' '))
        .map(|(q, _)| q);
    let prefix_len = bounds
        .before_end(before.trim_end_matches(' '))
        .map_or(0, |(_, l)| {
            l + (before.len() - before.trim_end_matches(' ').len())
        });
    // Inner bound (`余`, `多`) only when a unit follows it.
    if let Some((q, l)) = bounds.inner_start(&text[at..]) {
        if units.unit_at(&text[at + l..]).is_some() {
            qualifier = qualifier.or(Some(q));
            at += l;
        }
    }
    // Unit, unless a skip word (date, age, ordinal) is longer.
    let rest = &text[at..];
    let unit = units.unit_at(rest);
    let skip = units.skip_at(rest);
    if skip.is_some_and(|s| unit.is_none_or(|(_, l)| s > l)) {
        return Err(at);
    }
    let mut unit_name = String::new();
    if percent_word {
        unit_name.push('%');
    } else if let Some((name, l)) = unit {
        unit_name = name.to_string();
        at += l;
        if units.skip_at(&text[at..]).is_some()
            || text[at..].starts_with(|c: char| WORD_AFTER_UNIT.contains(c))
        {
            return Err(at);
        }
    }
    let scaled = text[num_start..number_end].contains(['万', '亿']);
    if unit_name.is_empty() && !scaled {
        return Err(number_end);
    }
    if let Some((q, l)) = bounds.after_start(&text[at..]) {
        qualifier = Some(q);
        at += l;
    }
    Ok(Quantity {
        value: value.normalize(),
        upper: upper.map(|u| u.normalize()),
        precision: precision.normalize(),
        unit: unit_name,
        qualifier,
        span: num_start - prefix_len..at,
        number: num_start..number_end,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Qualifier;
    use super::*;
    use std::str::FromStr;

    fn one(text: &str) -> (String, String, Option<Qualifier>, String) {
        let qs = scan(text, QuantityTables::builtin());
        assert_eq!(qs.len(), 1, "{text}: {qs:?}");
        let q = &qs[0];
        (
            q.value.to_string(),
            q.unit.clone(),
            q.qualifier,
            text[q.span.clone()].to_string(),
        )
    }

    fn none(text: &str) {
        let qs = scan(text, QuantityTables::builtin());
        assert!(qs.is_empty(), "{text}: {qs:?}");
    }

    #[test]
    fn genre_examples() {
        use Qualifier::*;
        let cases: &[(&str, &str, &str, Option<Qualifier>, &str)] = &[
            ("新增学位6.6万个", "66000", "个", None, "6.6万个"),
            ("招募7500名项目人员", "7500", "名", None, "7500名"),
            ("促进19.62万名脱贫人口", "196200", "名", None, "19.62万名"),
            ("增幅不低于5%", "5", "%", Some(AtLeast), "不低于5%"),
            ("城乡低保增幅5%以上", "5", "%", Some(AtLeast), "5%以上"),
            (
                "演出1万场次以上",
                "10000",
                "场次",
                Some(AtLeast),
                "1万场次以上",
            ),
            (
                "开展政府补贴性职业技能培训25万人次",
                "250000",
                "人次",
                None,
                "25万人次",
            ),
            ("总数达到1733万人", "17330000", "人", None, "1733万人"),
            ("完成投资16.4亿元", "1640000000", "元", None, "16.4亿元"),
            ("口岸货运量增长30%左右", "30", "%", Some(About), "30%左右"),
            ("欠账资金近1亿元", "100000000", "元", Some(About), "近1亿元"),
            (
                "退税缓税超36亿元",
                "3600000000",
                "元",
                Some(MoreThan),
                "超36亿元",
            ),
            ("精细化工产品达70余种", "70", "种", Some(MoreThan), "70余种"),
            ("改造老旧管道1500公里", "1500", "公里", None, "1500公里"),
            ("打造15分钟医保便民服务站", "15", "分钟", None, "15分钟"),
            (
                "孤儿保障金增幅百分之八点三",
                "8.3",
                "%",
                None,
                "百分之八点三",
            ),
            ("新建1,500个", "1500", "个", None, "1,500个"),
            ("新建１５００个", "1500", "个", None, "１５００个"),
            ("新增就业八千人", "8000", "人", None, "八千人"),
            ("托位两万个", "20000", "个", None, "两万个"),
            ("至少建设一处零工市场", "1", "处", None, "一处"),
            ("提高3个百分点", "3", "百分点", None, "3个百分点"),
            ("为41.3万0-59周岁残疾人", "413000", "", None, "41.3万"),
            ("新建三所学校", "3", "所", None, "三所"),
        ];
        for (text, v, u, q, span) in cases {
            let got = one(text);
            assert_eq!(
                (got.0.as_str(), got.1.as_str(), got.2),
                (Decimal::from_str(v).unwrap().to_string().as_str(), *u, *q),
                "{text}"
            );
            assert_eq!(got.3, *span, "{text}");
        }
    }

    #[test]
    fn not_quantities() {
        for text in [
            "2022年1~11月",
            "居全国第7位",
            "优化营商环境3.0版本",
            "5G基站",
            "统一个人账户",
            "一次性补贴",
            "“十四五”时期",
            "0-59周岁",
            "每个旗县",
            "6个月",
        ] {
            none(text);
        }
        let qs = scan("内蒙古自治区2023年43件民生实事", QuantityTables::builtin());
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].value, Decimal::from(43));
    }

    #[test]
    fn ranges() {
        let r = |t: &str| {
            let q = &scan(t, QuantityTables::builtin())[0];
            (q.value, q.upper)
        };
        assert_eq!(r("新建3-5个"), (Decimal::from(3), Some(Decimal::from(5))));
        assert_eq!(r("新建3至5所"), (Decimal::from(3), Some(Decimal::from(5))));
        assert_eq!(
            r("新增3万-5万人"),
            (Decimal::from(30000), Some(Decimal::from(50000)))
        );
        assert_eq!(
            r("新增3-5万人"),
            (Decimal::from(30000), Some(Decimal::from(50000)))
        );
    }
}

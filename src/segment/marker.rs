//! List markers at the start of a paragraph: `1.` `1、` `(1)` `①` `一、` `(一)`.

/// The shape of a marker, from the outermost heading level to the innermost list level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// `一、`
    Chinese,
    /// `(一)` or `（一）`
    ChineseParen,
    /// `1.` `1、` `1．`
    Arabic,
    /// `(1)` or `（1）`
    ArabicParen,
    /// `①`
    Circled,
    /// `第一项`, `第1件`, `第十条`
    Ordinal,
    /// `一是`, `二是` (items that open with an ordinal and 是)
    Shi,
    /// `●` `▶` `■` `◆` `★` `·` `•`: a bullet, no number (items are numbered by position).
    Bullet,
    /// No marker: an item recognised by its place in an unnumbered list (its number is its
    /// position). Never produced by [`parse`].
    Unnumbered,
}

/// A marker found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Its shape.
    pub style: Style,
    /// Its number (`十九、` → 19).
    pub number: u32,
    /// The marker as written, without trailing spaces (`19.`).
    pub label: String,
    /// Byte length of the marker and the spaces after it.
    pub len: usize,
}

/// The digits of a Chinese ordinal (`零` … `九`) as numbers.
fn ordinal_digit(c: char) -> Option<u32> {
    match c {
        '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Whether `c` may be part of a Chinese ordinal (a digit or `十`).
pub fn is_ordinal_char(c: char) -> bool {
    c == '十' || ordinal_digit(c).is_some()
}

/// Parses a small Chinese ordinal (一 … 九十九).
pub fn chinese_ordinal(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    let a = chars.next()?;
    let b = chars.next();
    let c = chars.next();
    if chars.next().is_some() {
        return None;
    }
    match (a, b, c) {
        ('十', None, None) => Some(10),
        (d, None, None) => ordinal_digit(d).filter(|&n| n > 0),
        ('十', Some(d), None) => ordinal_digit(d).map(|n| 10 + n),
        (t, Some('十'), None) => ordinal_digit(t).map(|n| n * 10),
        (t, Some('十'), Some(d)) => Some(ordinal_digit(t)? * 10 + ordinal_digit(d)?),
        _ => None,
    }
}

/// The byte length of the run of ordinal characters (`一` … `十`) at the start of `text`, and
/// the character after it: a Chinese marker's number ends there, so no scan goes further (a
/// marker is parsed at every clause of a paragraph).
fn ordinal_run(text: &str) -> (usize, Option<char>) {
    match text.char_indices().find(|&(_, c)| !is_ordinal_char(c)) {
        Some((i, c)) => (i, Some(c)),
        None => (text.len(), None),
    }
}

/// Whether the text right after a bare number shows the number is a quantity or a date
/// (`3 个`, `2024 年`, `10公里`), not an item number.
fn quantity_follows(rest: &str) -> bool {
    const UNITS: &str = "年月日号时个万亿千百十元%％岁项件条类所家座名人次位台辆张套户场处间吨亩栋株棵米块床批期倍成周分秒小天届多余级篇部例只头匹轮栏";
    const WORDS: [&str; 4] = ["公里", "公顷", "平方", "平米"];
    rest.chars().next().is_some_and(|c| UNITS.contains(c))
        || WORDS.iter().any(|w| rest.starts_with(w))
}

/// A marker written as an ordinal word: `第一项`, `第12件`, or `一是`.
fn parse_word(text: &str) -> Option<(Style, u32, usize)> {
    if let Some(rest) = text.strip_prefix('第') {
        let n_len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || "零一二三四五六七八九十".contains(c)))
            .map_or(rest.len(), |(i, _)| i);
        let n = &rest[..n_len];
        let number = n.parse().ok().or_else(|| chinese_ordinal(n))?;
        let unit = rest[n_len..].chars().next()?;
        if !matches!(unit, '项' | '件' | '条') {
            return None;
        }
        let mut end = '第'.len_utf8() + n_len + unit.len_utf8();
        // `第一项：` / `第一项、`
        if let Some(sep) = text[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, ':' | '：' | '、' | ',' | '，'))
        {
            end += sep.len_utf8();
        }
        return Some((Style::Ordinal, number, end));
    }
    let (shi, after) = ordinal_run(text);
    if after != Some('是') {
        return None;
    }
    let number = chinese_ordinal(&text[..shi]).filter(|&n| n <= 20)?;
    let end = shi + '是'.len_utf8();
    // `一是一、二是二` and a bare `一是` say nothing.
    let next = text[end..].chars().next()?;
    if matches!(next, '一' | '二' | ',' | '，' | '。') {
        return None;
    }
    Some((Style::Shi, number, end))
}

/// Characters that open a bulleted item.
#[cfg(test)]
const BULLETS: &str = "●▶►■◆★☆•◇□○▪▸◎";

/// Whether `c` opens a bulleted item (one of `BULLETS`).
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '●' | '▶'
            | '►'
            | '■'
            | '◆'
            | '★'
            | '☆'
            | '•'
            | '◇'
            | '□'
            | '○'
            | '▪'
            | '▸'
            | '◎'
    )
}

/// Whether a marker may start with `c`: every marker [`parse`] finds starts with a digit, a
/// parenthesis, a bullet, a circled number, `第` or a Chinese ordinal character.
pub fn may_open(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, '(' | '（' | '第' | '\u{2460}'..='\u{2473}')
        || is_bullet(c)
        || is_ordinal_char(c)
}

/// The most digits an Arabic item number may have: any count of items a document of the input
/// size limit can hold (a 50 MB annex holds fewer than ten million items), and every such number
/// fits a `u32`. Longer digit runs are not item numbers.
pub const MAX_DIGITS: usize = 9;

/// Parses the marker at the start of `text`, if any.
pub fn parse(text: &str) -> Option<Marker> {
    let first = text.chars().next()?;
    if !may_open(first) {
        return None;
    }
    parse_from(text, first)
}

/// [`parse`] for a text that starts with `first`.
fn parse_from(text: &str, first: char) -> Option<Marker> {
    let (style, number, end) = if first.is_ascii_digit() {
        let digits = &text[..text.bytes().take_while(u8::is_ascii_digit).count()];
        if digits.len() > MAX_DIGITS {
            return None;
        }
        let rest = &text[digits.len()..];
        let sep = rest.chars().next()?;
        if ('\u{4E00}'..='\u{9FFF}').contains(&sep) {
            // `1开展…`: a short number run straight into Chinese text that is not a unit.
            if digits.len() > 2 || quantity_follows(rest) {
                return None;
            }
            (Style::Arabic, digits.parse().ok()?, digits.len())
        } else if sep == ' ' {
            // A bare number and a space: `1 新建幼儿园…`, as lists pasted from tables and PDFs
            // often are. Only short numbers before Chinese text that is not a unit.
            let after = rest.trim_start().chars().next()?;
            if digits.len() > 3
                || !super::repair::is_cjk(after)
                || quantity_follows(rest.trim_start())
                || !('\u{4E00}'..='\u{9FFF}').contains(&after)
            {
                return None;
            }
            (Style::Arabic, digits.parse().ok()?, digits.len())
        } else {
            if !matches!(sep, '.' | '、' | '．') {
                return None;
            }
            // `1.5万人` is a number, not a marker.
            if rest[sep.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            (
                Style::Arabic,
                digits.parse().ok()?,
                digits.len() + sep.len_utf8(),
            )
        }
    } else if first == '(' || first == '（' {
        let inner_start = first.len_utf8();
        // The inner text is digits or an ordinal between spaces: the first other character
        // must close it (searching further could only find an inner text that is neither).
        let (off, close_char) = text[inner_start..]
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c.is_whitespace() || is_ordinal_char(c)))?;
        if !matches!(close_char, ')' | '）') {
            return None;
        }
        let close = inner_start + off;
        let inner = text[inner_start..close].trim();
        let close_len = text[close..].chars().next()?.len_utf8();
        if !inner.is_empty()
            && inner.len() <= MAX_DIGITS
            && inner.chars().all(|c| c.is_ascii_digit())
        {
            (Style::ArabicParen, inner.parse().ok()?, close + close_len)
        } else {
            (
                Style::ChineseParen,
                chinese_ordinal(inner)?,
                close + close_len,
            )
        }
    } else if is_bullet(first) {
        (Style::Bullet, 0, first.len_utf8())
    } else if ('\u{2460}'..='\u{2473}').contains(&first) {
        (Style::Circled, first as u32 - 0x2460 + 1, first.len_utf8())
    } else if let Some(word) = parse_word(text) {
        word
    } else {
        // `一、`, and as some lists write it, `一，` or `一．`.
        let (end, sep) = ordinal_run(text);
        let sep = sep.filter(|c| matches!(c, '、' | ',' | '，' | '．'))?;
        let n = chinese_ordinal(&text[..end])?;
        // `一，` in prose (`一，二，三`) is not a heading: Chinese text must follow.
        if sep != '、'
            && !text[end + sep.len_utf8()..].starts_with(|c: char| {
                ('\u{4E00}'..='\u{9FFF}').contains(&c) && !"二三四五六七八九十".contains(c)
            })
        {
            return None;
        }
        (Style::Chinese, n, end + sep.len_utf8())
    };
    let label = text[..end].to_string();
    let spaces = text[end..].len() - text[end..].trim_start().len();
    Some(Marker {
        style,
        number,
        label,
        len: end + spaces,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_style() {
        let cases = [
            ("19. 新建", Style::Arabic, 19, "19."),
            ("12345. 新建", Style::Arabic, 12345, "12345."),
            ("999999999、新建", Style::Arabic, 999_999_999, "999999999、"),
            ("(10000)新建", Style::ArabicParen, 10000, "(10000)"),
            ("3、新建", Style::Arabic, 3, "3、"),
            ("(12)新建", Style::ArabicParen, 12, "(12)"),
            ("（4）新建", Style::ArabicParen, 4, "（4）"),
            ("⑦新建", Style::Circled, 7, "⑦"),
            ("十二、优化", Style::Chinese, 12, "十二、"),
            ("(六)办好", Style::ChineseParen, 6, "(六)"),
            ("1 新建幼儿园", Style::Arabic, 1, "1"),
            ("12  提升改造", Style::Arabic, 12, "12"),
            ("第三项：新建", Style::Ordinal, 3, "第三项："),
            ("第12件 改造", Style::Ordinal, 12, "第12件"),
            ("二是新增学位", Style::Shi, 2, "二是"),
            ("12345. 新建", Style::Arabic, 12345, "12345."),
            ("●新增公共停车位800个", Style::Bullet, 0, "●"),
            ("1开展学生“双减”计划", Style::Arabic, 1, "1"),
            ("一，教育品质提升工程", Style::Chinese, 1, "一，"),
        ];
        for (text, style, number, label) in cases {
            let m = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (m.style, m.number, m.label.as_str()),
                (style, number, label)
            );
        }
    }

    #[test]
    fn bullets_and_openers() {
        for c in BULLETS.chars() {
            assert!(is_bullet(c) && may_open(c), "{c}");
        }
        let bullets = BULLETS.chars().count();
        assert_eq!(
            (0..=0x10FFFF)
                .filter_map(char::from_u32)
                .filter(|&c| is_bullet(c))
                .count(),
            bullets
        );
        for (i, c) in "零一二三四五六七八九".chars().enumerate() {
            assert_eq!(ordinal_digit(c), Some(i as u32));
        }
        // No marker starts with a character `may_open` rules out.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if may_open(c) {
                continue;
            }
            for rest in [
                "",
                "、新建",
                "是新增",
                ")新建",
                "）",
                ". 新建",
                "十、",
                "项:",
                " 新",
            ] {
                let text = format!("{c}{rest}");
                assert_eq!(parse_from(&text, c), None, "{text}");
            }
        }
    }

    #[test]
    fn rejects_non_markers() {
        for text in [
            "1.5万人",
            "2023年",
            "(牵头单位)",
            "附件",
            "一是",
            "一是一、二是二",
            "一分一厘、",
            "2024 年",
            "3 个",
            "3个",
            "10万人",
            "一,二,三",
            "1000 新建",
            "第三章",
            "第一书记",
            "1234567890. 新建",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

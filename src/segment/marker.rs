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

/// Parses a small Chinese ordinal (一 … 九十九).
pub fn chinese_ordinal(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).filter(|&n| n > 0),
        ['十', d] => digit(*d).map(|n| 10 + n),
        [t, '十'] => digit(*t).map(|n| n * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// The most digits an Arabic item number may have: any count of items a document of the input
/// size limit can hold (a 50 MB annex holds fewer than ten million items), and every such number
/// fits a `u32`. Longer digit runs are not item numbers.
pub const MAX_DIGITS: usize = 9;

/// Parses the marker at the start of `text`, if any.
pub fn parse(text: &str) -> Option<Marker> {
    let mut chars = text.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    let (style, number, end) = if first.is_ascii_digit() {
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() > MAX_DIGITS {
            return None;
        }
        let rest = &text[digits.len()..];
        let sep = rest.chars().next()?;
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
    } else if first == '(' || first == '（' {
        let inner_start = first.len_utf8();
        let close = text[inner_start..].find([')', '）'])? + inner_start;
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
    } else if ('\u{2460}'..='\u{2473}').contains(&first) {
        (Style::Circled, first as u32 - 0x2460 + 1, first.len_utf8())
    } else {
        let end = text.find('、')?;
        let n = chinese_ordinal(&text[..end])?;
        (Style::Chinese, n, end + '、'.len_utf8())
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
    fn rejects_non_markers() {
        for text in [
            "1.5万人",
            "2023年",
            "(牵头单位)",
            "附件",
            "一是",
            "一分一厘、",
            "1234567890. 新建",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

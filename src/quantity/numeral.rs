//! Numerals: Arabic (`1,500`, `1.5`), Chinese (`七千五百`, `一千六百零二`, `两万`, `六点九万`),
//! mixed (`19.62万`), and `百分之…`, to an exact value and its stated precision.

use super::Decimal;

/// Value of a Chinese digit character.
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a small Chinese unit character (十, 百, 千).
pub(crate) fn cn_small_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Value of a scale character (万, 亿).
pub(crate) fn scale(c: char) -> Option<Decimal> {
    match c {
        '万' => Some(Decimal::from(10_000)),
        '亿' => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// Parses a Chinese integer below 10^4 (`七千五百`, `一千六百零二`, `十五`, `二十`).
fn cn_section(s: &[char]) -> Option<Decimal> {
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut digit: Option<u64> = None;
    let mut last_unit = 10_000u64;
    for &c in s {
        if let Some(d) = cn_digit(c) {
            if digit.is_some() && d != 0 {
                return None;
            }
            digit = if d == 0 { None } else { Some(u64::from(d)) };
        } else if let Some(u) = cn_small_unit(c) {
            let u = u64::from(u);
            if u >= last_unit {
                return None;
            }
            total += digit.unwrap_or(1) * u;
            digit = None;
            last_unit = u;
        } else {
            return None;
        }
    }
    // `三千五` means 3500: a trailing digit after a unit takes the next lower place.
    if let Some(d) = digit {
        let implied = if last_unit >= 100
            && !s.contains(&'零')
            && s.last().and_then(|c| cn_digit(*c)).is_some()
            && s.len() >= 2
            && cn_small_unit(s[s.len() - 2]).is_some()
        {
            last_unit / 10
        } else {
            1
        };
        total += d * implied;
    }
    Some(Decimal::from(total))
}

/// Parses a Chinese integer with 万/亿 scales (`十九万六千二百`, `两万`, `三亿五千万`).
fn cn_integer(s: &[char]) -> Option<Decimal> {
    if s.is_empty() {
        return None;
    }
    if let Some(pos) = s.iter().rposition(|&c| c == '亿') {
        let high = if pos == 0 {
            Decimal::ONE
        } else {
            cn_integer(&s[..pos])?
        };
        let low = if pos + 1 < s.len() {
            cn_integer(&s[pos + 1..])?
        } else {
            Decimal::ZERO
        };
        return Some(high * Decimal::from(100_000_000) + low);
    }
    if let Some(pos) = s.iter().rposition(|&c| c == '万') {
        let high = if pos == 0 {
            Decimal::ONE
        } else {
            cn_section(&s[..pos])?
        };
        let low = if pos + 1 < s.len() {
            cn_section(&s[pos + 1..])?
        } else {
            Decimal::ZERO
        };
        return Some(high * Decimal::from(10_000) + low);
    }
    cn_section(s)
}

/// Half of 10^-places.
fn half_unit(places: u32) -> Decimal {
    Decimal::new(5, places + 1)
}

/// Parses a whole numeral to (value, precision). Precision is half the place value of the last
/// stated digit for numbers with a fractional part (`6.9万` → 500), zero for integers.
pub fn parse_numeral(s: &str) -> Option<(Decimal, Decimal)> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("百分之") {
        return parse_numeral(rest);
    }
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            _ => c,
        })
        .filter(|c| *c != ',')
        .collect();
    let has_digit = chars
        .iter()
        .any(|&c| c.is_ascii_digit() || cn_digit(c).is_some() || matches!(c, '十' | '拾'));
    if !has_digit {
        return None;
    }
    // Trailing scales apply to the whole number: `6.6万`, `1.2万亿`, `六点九万`.
    let mut end = chars.len();
    let mut factor = Decimal::ONE;
    while end > 1 {
        match scale(chars[end - 1]) {
            Some(f) => {
                factor *= f;
                end -= 1;
            }
            None => break,
        }
    }
    // `三亿五千万` is one Chinese integer, not `三亿五千` × 万.
    if chars[..end].iter().any(|c| scale(*c).is_some()) {
        end = chars.len();
        factor = Decimal::ONE;
    }
    let head = &chars[..end];
    let (value, precision) = if head.iter().all(|c| c.is_ascii_digit() || *c == '.') {
        let text: String = head.iter().collect();
        if text.is_empty()
            || text.starts_with('.')
            || text.ends_with('.')
            || text.matches('.').count() > 1
        {
            return None;
        }
        let v: Decimal = text.parse().ok()?;
        let places = text.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        let p = if places > 0 {
            half_unit(places)
        } else {
            Decimal::ZERO
        };
        (v, p)
    } else if let Some(dot) = head.iter().position(|&c| c == '点') {
        let int = if dot == 0 {
            Decimal::ZERO
        } else {
            cn_integer(&head[..dot])?
        };
        let frac = &head[dot + 1..];
        if frac.is_empty() || frac.len() > 12 {
            return None;
        }
        let mut digits = String::new();
        for &c in frac {
            digits.push(char::from_digit(cn_digit(c)?, 10)?);
        }
        let f: Decimal = format!("0.{digits}").parse().ok()?;
        (int + f, half_unit(frac.len() as u32))
    } else {
        // Mixed Arabic and scales inside (`1万5千` is rare; not supported) or pure Chinese.
        if head.iter().any(|c| c.is_ascii_digit()) {
            return None;
        }
        (cn_integer(head)?, Decimal::ZERO)
    };
    Some((
        (value * factor).normalize(),
        (precision * factor).normalize(),
    ))
}

/// Writes a Chinese section below 10^4.
fn write_section(n: u64, out: &mut String, leading: bool) {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let places = [(1000, '千'), (100, '百'), (10, '十')];
    let mut zero = false;
    let mut started = false;
    for (p, u) in places {
        let d = (n / p) % 10;
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(leading && !started && p == 10 && d == 1) {
            out.push(D[d as usize]);
        }
        out.push(u);
        started = true;
    }
    let d = n % 10;
    if d != 0 {
        if zero || (started && n % 100 < 10) {
            out.push('零');
        }
        out.push(D[d as usize]);
    }
}

fn write_integer(n: u64, out: &mut String) {
    if n == 0 {
        out.push('零');
        return;
    }
    let yi = n / 100_000_000;
    let wan = (n / 10_000) % 10_000;
    let low = n % 10_000;
    let mut started = false;
    if yi > 0 {
        write_integer(yi, out);
        out.push('亿');
        started = true;
    }
    if wan > 0 {
        if started && wan < 1000 {
            out.push('零');
        }
        write_section(wan, out, !started);
        out.push('万');
        started = true;
    } else if started && low > 0 {
        out.push('零');
    }
    if low > 0 {
        if started && low < 1000 && wan > 0 {
            out.push('零');
        }
        write_section(low, out, !started);
    }
}

/// Writes a non-negative value in standard Chinese numerals (`8000` → `八千`, `8.3` → `八点三`).
pub fn to_chinese_numeral(value: &Decimal) -> Option<String> {
    let v = value.normalize();
    if v.is_sign_negative() || v > Decimal::from(10_000_000_000_000_000u64) {
        return None;
    }
    let int: u64 = v.trunc().try_into().ok()?;
    let mut out = String::new();
    write_integer(int, &mut out);
    let frac = v.fract();
    if !frac.is_zero() {
        out.push('点');
        let text = frac.to_string();
        for c in text.split_once('.')?.1.chars() {
            out.push(
                ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']
                    [c.to_digit(10)? as usize],
            );
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn parses_the_genres_numerals() {
        for (s, v, p) in [
            ("6.6万", "66000", "500"),
            ("16.4亿", "1640000000", "5000000"),
            ("19.62万", "196200", "50"),
            ("1,500", "1500", "0"),
            ("１５００", "1500", "0"),
            ("七千五百", "7500", "0"),
            ("一千六百零二", "1602", "0"),
            ("两万", "20000", "0"),
            ("十五", "15", "0"),
            ("二十", "20", "0"),
            ("一百零五", "105", "0"),
            ("三千零五十", "3050", "0"),
            ("十九万六千二百", "196200", "0"),
            ("六点九万", "69000", "500"),
            ("八点三", "8.3", "0.05"),
            ("百分之八点三", "8.3", "0.05"),
            ("三千五", "3500", "0"),
            ("一万", "10000", "0"),
            ("三亿五千万", "350000000", "0"),
        ] {
            assert_eq!(
                parse_numeral(s),
                Some((d(v).normalize(), d(p).normalize())),
                "{s}"
            );
        }
        for s in ["", "万", "1.2.3", "点", "abc", "十十"] {
            assert_eq!(parse_numeral(s), None, "{s}");
        }
    }

    #[test]
    fn writes_chinese_numerals_that_parse_back() {
        for (n, s) in [
            ("8000", "八千"),
            ("20000", "二万"),
            ("1602", "一千六百零二"),
            ("196200", "十九万六千二百"),
            ("8.3", "八点三"),
            ("15", "十五"),
            ("105", "一百零五"),
            ("100005", "十万零五"),
            ("1000000", "一百万"),
        ] {
            assert_eq!(to_chinese_numeral(&d(n)).as_deref(), Some(s), "{n}");
            assert_eq!(parse_numeral(s).map(|x| x.0), Some(d(n).normalize()), "{s}");
        }
    }
}

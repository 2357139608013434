//! Numerals: reading a whole numeral string to an exact value with its stated precision
//! ([`parse_numeral`]), and writing a value back in Chinese numerals ([`to_chinese_numeral`]).
//!
//! Arabic (`1500`, `1,500`, `1.5`, full-width `１５００`), Chinese (`七千五百`, `一千六百零二`,
//! `两万`, `六点九万`, formal `壹仟`), mixed (`19.62万`, `1亿5000万`) and `百分之八点三` are read
//! with one positional algorithm over tokens; values are `rust_decimal` throughout, never floats.
//! Every arithmetic step is checked, so no input can overflow into a panic.

use rust_decimal::Decimal;

/// Folds a full-width ASCII form (`１`, `．`, `％`, `～`) to its ASCII counterpart.
pub(crate) fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{301C}' => '~',
        _ => c,
    }
}

/// The value of a Chinese digit (`零`/`〇` are 0; `两` is 2; formal forms included).
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '貳' | '兩' => 2,
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

/// A Chinese multiplier: (power of ten, whether it is a big unit `万`/`亿` closing a group).
pub(crate) fn multiplier(c: char) -> Option<(u32, bool)> {
    Some(match c {
        '十' | '拾' => (1, false),
        '百' | '佰' => (2, false),
        '千' | '仟' => (3, false),
        '万' | '萬' => (4, true),
        '亿' | '億' => (8, true),
        _ => return None,
    })
}

/// `10^exp` as an exact decimal (`exp` is capped at 28, the largest power a `Decimal` holds).
pub(crate) fn pow10(exp: u32) -> Decimal {
    // 10^28 is below 2^96, so every power up to it fits (scale 0, as repeated products give).
    Decimal::try_from_i128_with_scale(10i128.pow(exp.min(28)), 0)
        .unwrap_or_else(|_| pow10_by_products(exp))
}

/// [`pow10`] by repeated products: the reference, and the answer should the shortcut fail.
fn pow10_by_products(exp: u32) -> Decimal {
    let mut v = Decimal::ONE;
    for _ in 0..exp.min(28) {
        v = v.checked_mul(Decimal::TEN).unwrap_or(v);
    }
    v
}

#[derive(Debug, Clone, Copy)]
enum Tok {
    /// A digit or an Arabic literal; `frac` counts its decimal places.
    Num {
        value: Decimal,
        frac: u32,
        chinese: bool,
    },
    /// `零`/`〇` between places.
    Zero,
    /// A multiplier `十百千` (small) or `万亿` (big), as a power of ten.
    Mul { exp: u32, big: bool },
}

/// Reads an Arabic literal at `chars[k..]`: digits, `,` thousands groups, `.` decimals.
/// Returns the token and the index after it.
fn arabic(chars: &[char], mut k: usize) -> Option<(Tok, usize)> {
    let start = k;
    let mut digits = String::new();
    while let Some(&c) = chars.get(k).filter(|c| c.is_ascii_digit()) {
        digits.push(c);
        k += 1;
    }
    let first_run = k - start;
    let mut grouped = false;
    while chars.get(k) == Some(&',')
        && (1..=3).all(|d| chars.get(k + d).is_some_and(char::is_ascii_digit))
        && !chars.get(k + 4).is_some_and(char::is_ascii_digit)
    {
        digits.extend(&chars[k + 1..k + 4]);
        grouped = true;
        k += 4;
    }
    if grouped && first_run > 3 {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    let mut frac = 0;
    if chars.get(k) == Some(&'.') && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
        digits.push('.');
        k += 1;
        while let Some(&c) = chars.get(k).filter(|c| c.is_ascii_digit()) {
            digits.push(c);
            frac += 1;
            k += 1;
        }
    }
    let value: Decimal = digits.parse().ok()?;
    Some((
        Tok::Num {
            value,
            frac,
            chinese: false,
        },
        k,
    ))
}

fn tokenize(chars: &[char]) -> Option<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut k = 0;
    while let Some(&c) = chars.get(k) {
        if c.is_ascii_digit() {
            // An Arabic literal after a multiplier (`3万5000`) must not start with 0 (`41.3万0`).
            if k > 0 && c == '0' {
                return None;
            }
            let (tok, next) = arabic(chars, k)?;
            toks.push(tok);
            k = next;
            continue;
        }
        if let Some(d) = cn_digit(c) {
            toks.push(if d == 0 {
                Tok::Zero
            } else {
                Tok::Num {
                    value: Decimal::from(d),
                    frac: 0,
                    chinese: true,
                }
            });
        } else if let Some((exp, big)) = multiplier(c) {
            toks.push(Tok::Mul { exp, big });
        } else {
            return None;
        }
        k += 1;
    }
    Some(toks)
}

/// The running state of [`eval`].
#[derive(Default)]
struct Acc {
    /// Completed `亿` groups.
    total: Decimal,
    /// What follows the last `亿` must stay below this (`3亿4亿` is no numeral).
    cap: Option<Decimal>,
    /// The completed `万` part of the current `亿` group, already multiplied.
    wan: Decimal,
    wan_done: bool,
    /// The current section below `万`.
    sec: Decimal,
    last_small: Option<u32>,
    /// A digit or literal not yet multiplied: (value, written as one Chinese digit).
    pending: Option<(Decimal, bool)>,
    after_zero: bool,
    last_mul: Option<u32>,
    /// Decimal places of the one fractional literal, if any.
    decimal: Option<u32>,
    /// Product of the multipliers after the fractional literal.
    scale_after: Option<Decimal>,
}

impl Acc {
    fn multiply(&mut self, exp: u32, big: bool) -> Option<()> {
        if self.decimal.is_some() {
            self.scale_after = Some(
                self.scale_after
                    .unwrap_or(Decimal::ONE)
                    .checked_mul(pow10(exp))?,
            );
        }
        if !big {
            let n = match self.pending.take() {
                Some((v, _)) => v,
                None if exp == 1 && self.sec.is_zero() => Decimal::ONE, // `十五`
                None => return None,
            };
            if self.last_small.is_some_and(|ls| exp >= ls) {
                return None;
            }
            self.sec = self.sec.checked_add(n.checked_mul(pow10(exp))?)?;
            self.last_small = Some(exp);
        } else {
            let g = self
                .sec
                .checked_add(self.pending.take().map_or(Decimal::ZERO, |p| p.0))?;
            if exp == 4 {
                if self.wan_done || g.is_zero() {
                    return None;
                }
                self.wan = g.checked_mul(pow10(4))?;
                self.wan_done = true;
            } else {
                if self.wan_done && g >= pow10(4) {
                    return None;
                }
                let group = self.wan.checked_add(g)?;
                let added = group.checked_mul(pow10(8))?;
                if group.is_zero() || self.cap.is_some_and(|c| added >= c) {
                    return None;
                }
                self.total = self.total.checked_add(added)?;
                self.cap = Some(if group >= pow10(4) {
                    pow10(12)
                } else {
                    pow10(8)
                });
                self.wan = Decimal::ZERO;
                self.wan_done = false;
            }
            self.sec = Decimal::ZERO;
            self.last_small = None;
        }
        self.last_mul = Some(exp);
        self.after_zero = false;
        Some(())
    }

    fn finish(self) -> Option<(Decimal, Decimal)> {
        let tail = match self.pending {
            // `一万五` = 15000, `三千五` = 3500: a last digit right after a multiplier above 十.
            Some((d, true)) if !self.after_zero && self.last_mul.is_some_and(|m| m > 1) => {
                d.checked_mul(pow10(self.last_mul.unwrap_or(1) - 1))?
            }
            Some((d, _)) => d,
            None => Decimal::ZERO,
        };
        let rest = self.sec.checked_add(tail)?;
        if self.wan_done && rest >= pow10(4) {
            return None;
        }
        let rest = self.wan.checked_add(rest)?;
        if self.cap.is_some_and(|c| rest >= c) {
            return None;
        }
        let value = self.total.checked_add(rest)?;
        let precision = match self.decimal {
            Some(frac) if frac <= 26 => {
                Decimal::new(5, frac + 1).checked_mul(self.scale_after.unwrap_or(Decimal::ONE))?
            }
            Some(_) => return None,
            None => Decimal::ZERO,
        };
        Some((value, precision))
    }
}

/// Evaluates integer-or-decimal tokens positionally. Returns (value, precision).
fn eval(toks: &[Tok]) -> Option<(Decimal, Decimal)> {
    match toks {
        [] => return None,
        [Tok::Zero] => return Some((Decimal::ZERO, Decimal::ZERO)),
        _ => {}
    }
    let mut acc = Acc::default();
    for tok in toks {
        match *tok {
            Tok::Num {
                value,
                frac,
                chinese,
            } => {
                if acc.pending.is_some() || acc.decimal.is_some() {
                    return None;
                }
                if frac > 0 {
                    acc.decimal = Some(frac);
                }
                acc.pending = Some((value, chinese));
            }
            Tok::Zero => {
                if acc.pending.is_some() || acc.decimal.is_some() {
                    return None;
                }
                acc.after_zero = true;
                acc.last_mul = None;
            }
            Tok::Mul { exp, big } => acc.multiply(exp, big)?,
        }
    }
    acc.finish()
}

/// Reads Chinese `左点右` (`六点九万`, `八点三`, `一万二千点五`).
fn eval_chinese_decimal(left: &[char], right: &[char]) -> Option<(Decimal, Decimal)> {
    let int_toks = tokenize(left)?;
    if int_toks
        .iter()
        .any(|t| matches!(t, Tok::Num { chinese: false, .. }))
    {
        return None;
    }
    let (int, _) = eval(&int_toks)?;
    let digits: Vec<u32> = right
        .iter()
        .map_while(|&c| cn_digit(c).filter(|_| c != '两'))
        .collect();
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let mut frac = Decimal::ZERO;
    let mut place = Decimal::ONE;
    for d in &digits {
        place = Decimal::new(1, 1).checked_mul(place)?;
        frac = frac.checked_add(Decimal::from(*d).checked_mul(place)?)?;
    }
    let scale_chars = &right[digits.len()..];
    let scale = if scale_chars.is_empty() {
        Decimal::ONE
    } else {
        if int >= pow10(4) {
            return None;
        }
        let mut toks = vec![Tok::Num {
            value: Decimal::ONE,
            frac: 0,
            chinese: false,
        }];
        for &c in scale_chars {
            let (exp, big) = multiplier(c)?;
            toks.push(Tok::Mul { exp, big });
        }
        eval(&toks)?.0
    };
    let value = int.checked_add(frac)?.checked_mul(scale)?;
    let precision = place.checked_mul(Decimal::new(5, 1))?.checked_mul(scale)?;
    Some((value, precision))
}

/// Parses a whole numeral string to `(value, precision)`.
///
/// Precision is half the place value of the last stated digit when the numeral has a fractional
/// part (`6.9万` → 500, `8.3` → 0.05, `19.62万` → 50) and 0 for integers (`2万`, `两万`, `69000`).
/// `百分之八点三` reads as 8.3 (the percent number, `百分之百` as 100); a trailing `%` is allowed.
/// Returns `None` for anything that is not exactly one well-formed numeral.
pub fn parse_numeral(s: &str) -> Option<(Decimal, Decimal)> {
    let folded: String = s.chars().map(fold).collect();
    let mut t = folded.trim();
    if let Some(rest) = t.strip_prefix("百分之") {
        if rest == "百" {
            return Some((Decimal::ONE_HUNDRED, Decimal::ZERO)); // `百分之百`
        }
        t = rest;
    } else if let Some(rest) = t.strip_suffix('%') {
        t = rest;
    }
    let chars: Vec<char> = t.chars().collect();
    parse_folded(&chars)
}

/// [`parse_numeral`] of a numeral already folded, trimmed and without `百分之` or `%`: the
/// scanner's numerals, read without building a string.
pub(crate) fn parse_folded(chars: &[char]) -> Option<(Decimal, Decimal)> {
    // Plain digits (`2023`, `7500`), the most frequent numeral, without tokens or strings: what
    // the general reading gives them (tested against it).
    if (1..=18).contains(&chars.len()) && chars.iter().all(char::is_ascii_digit) {
        if chars.len() > 1 && chars[0] == '0' {
            return None;
        }
        let n = chars
            .iter()
            .fold(0u64, |n, &c| n * 10 + u64::from(c as u32 - '0' as u32));
        return Some((Decimal::from(n), Decimal::ZERO));
    }
    // A lone Chinese digit (`一`, `三`): the digit, exact.
    if let [c] = chars {
        if let Some(d) = cn_digit(*c) {
            return Some((Decimal::from(d), Decimal::ZERO));
        }
    }
    if let Some(read) = plain_decimal(chars) {
        return Some(read);
    }
    parse_tokens(chars)
}

/// A plain decimal with at most one big scale (`19.62`, `19.62万`, `5亿`), read with integers
/// as the general reading reads it; `None` for anything else (grouped digits, a leading zero, a
/// zero before a scale, more than 18 digits), which is left to the general reading.
fn plain_decimal(chars: &[char]) -> Option<(Decimal, Decimal)> {
    let digit = |k: usize| {
        chars
            .get(k)
            .filter(|c| c.is_ascii_digit())
            .map(|&c| u64::from(c as u32 - '0' as u32))
    };
    let mut mantissa = 0u64;
    let mut k = 0;
    while let Some(d) = digit(k) {
        mantissa = mantissa * 10 + d;
        k += 1;
        if k > 18 {
            return None;
        }
    }
    if k == 0 || (k > 1 && chars[0] == '0') {
        return None;
    }
    let mut frac = 0u32;
    if chars.get(k) == Some(&'.') {
        k += 1;
        while let Some(d) = digit(k) {
            mantissa = mantissa * 10 + d;
            k += 1;
            frac += 1;
            if k > 19 {
                return None;
            }
        }
        if frac == 0 {
            return None;
        }
    }
    let exp = match chars.get(k..)? {
        [] => 0,
        [c] => match multiplier(*c) {
            Some((exp, true)) => exp,
            _ => return None,
        },
        _ => return None,
    };
    if exp == 0 && frac == 0 {
        return None;
    }
    if exp > 0 && mantissa == 0 {
        return None;
    }
    let scale = 10i128.pow(exp);
    let value = Decimal::try_from_i128_with_scale(i128::from(mantissa) * scale, frac).ok()?;
    let precision = if frac == 0 {
        Decimal::ZERO
    } else {
        Decimal::try_from_i128_with_scale(5 * scale, frac + 1).ok()?
    };
    Some((value.normalize(), precision.normalize()))
}

/// [`parse_folded`] without its shortcut for plain digits.
fn parse_tokens(chars: &[char]) -> Option<(Decimal, Decimal)> {
    if chars.is_empty() {
        return None;
    }
    let (value, precision) = match chars.iter().position(|&c| c == '点') {
        Some(p) => eval_chinese_decimal(&chars[..p], &chars[p + 1..])?,
        None => eval(&tokenize(chars)?)?,
    };
    Some((value.normalize(), precision.normalize()))
}

const CN_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes one section below 10^4; `leading` allows `十五` for 15 at the start of a number.
fn section(n: u64, leading: bool, out: &mut String) {
    const PLACES: [(u64, &str); 4] = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut started = false;
    let mut gap = false;
    for (place, name) in PLACES {
        let d = (n / place) % 10;
        if d == 0 {
            gap = started;
            continue;
        }
        if gap {
            out.push('零');
        }
        if !(leading && !started && place == 10 && d == 1) {
            out.push(CN_DIGITS[d as usize]);
        }
        out.push_str(name);
        started = true;
        gap = false;
    }
}

fn write_int(n: u64, leading: bool, out: &mut String) {
    const WAN: u64 = 10_000;
    const YI: u64 = 100_000_000;
    if n < WAN {
        section(n, leading, out);
        return;
    }
    let (unit, big, zero_below) = if n < YI {
        ('万', WAN, 1000)
    } else {
        ('亿', YI, 10_000_000)
    };
    write_int(n / big, leading, out);
    out.push(unit);
    let lo = n % big;
    if lo > 0 {
        if lo < zero_below {
            out.push('零');
        }
        write_int(lo, false, out);
    }
}

/// Writes a non-negative value in standard Chinese numerals: 8000 → `八千`, 20000 → `两万`,
/// 1602 → `一千六百零二`, 196200 → `十九万六千二百`, 8.3 → `八点三`, 15 → `十五`.
/// Returns `None` for negative values and values of 10^16 or more.
/// [`parse_numeral`] reads every string this writes back to the same value.
pub fn to_chinese_numeral(value: &Decimal) -> Option<String> {
    if value.is_sign_negative() && !value.is_zero() {
        return None;
    }
    let v = value.normalize();
    let int = v.trunc();
    if int >= pow10(16) {
        return None;
    }
    let n: u64 = int.try_into().ok()?;
    let mut out = String::new();
    if n == 0 {
        out.push('零');
    } else {
        write_int(n, true, &mut out);
    }
    // `两千`, `两万`, `两亿` at the start, the usual written form.
    let mut it = out.chars();
    if it.next() == Some('二') && matches!(it.next(), Some('千' | '万' | '亿')) {
        out.replace_range(..'二'.len_utf8(), "两");
    }
    let text = v.abs().to_string();
    if let Some((_, frac)) = text.split_once('.') {
        out.push('点');
        for c in frac.chars() {
            out.push(CN_DIGITS[c.to_digit(10)? as usize]);
        }
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Checks space-separated cases `numeral=value` or `numeral=value/precision` (precision 0
    /// when left out).
    fn check(cases: &str) {
        for case in cases.split_whitespace() {
            let (numeral, want) = case.split_once('=').unwrap();
            let (v, p) = want.split_once('/').unwrap_or((want, "0"));
            assert_eq!(parse_numeral(numeral), Some((d(v), d(p))), "{numeral}");
        }
    }

    /// Checks that none of the space-separated strings parses.
    fn check_bad(cases: &str) {
        for s in cases.split_whitespace() {
            assert_eq!(parse_numeral(s), None, "{s}");
        }
    }

    #[test]
    fn arabic() {
        check("1500=1500 1,500=1500 12,345,678=12345678 1.5=1.5/0.05 8.30=8.3/0.005 0=0");
        check("１５００=1500 ８．３=8.3/0.05 １，５００=1500");
        check_bad("15,00 1234,567 01 1. .5 1,5 3-5 abc 1.2.3 -5");
        assert_eq!(parse_numeral(""), None);
        assert_eq!(parse_numeral("1 2"), None);
    }

    #[test]
    fn arabic_with_scale() {
        check("6.6万=66000/500 6.9万=69000/500 16.4亿=1640000000/5000000 19.62万=196200/50");
        check("2万=20000 1733万=17330000 3千=3000 3百万=3000000 3.5千万=35000000/500000");
        check("1.2万亿=1200000000000/50000000000 1亿5000万=150000000 3万5000=35000");
        check("12000万=120000000 3万5千=35000");
        check_bad("41.3万0 4万0 3万50000 1.5万5000 万 3万4万 3亿4亿 1亿12000万");
    }

    #[test]
    fn chinese() {
        check("七千五百=7500 一千六百零二=1602 两万=20000 二万=20000 十五=15 二十=20 十=10");
        check("一百零五=105 一百一十=110 三千零五十=3050 十九万六千二百=196200");
        check("一千七百三十三万=17330000 三亿五千万=350000000 一万零五=10005 三万亿=3000000000000");
        check(
            "一亿零五万=100050000 一万五=15000 三千五=3500 〇=0 零=0 壹仟贰佰叁拾肆=1234 拾伍=15",
        );
        check("六点九万=69000/500 八点三=8.3/0.05 零点五=0.5/0.05 一万二千点五=12000.5/0.05");
        check("十二点三四万=123400/50");
        check_bad("二三 二〇二三 十四五 千 百 万一 一点 点五 百分之 三点两 一零 十十 两癌");
    }

    #[test]
    fn percent() {
        check("百分之八点三=8.3/0.05 百分之五=5 8.3%=8.3/0.05 ８．３％=8.3/0.05 百分之九十=90");
        check("百分之百=100");
    }

    #[test]
    fn overflow_is_none_not_panic() {
        check_bad("99999999999999999999999999999999 9999999999999999999999999亿亿");
        check_bad("9999999999999999999999999万亿 0.0000000000000000000000000001万亿");
        check_bad("九点九九九九九九九九九九九九九九九九九九九九九九九九九九万亿");
    }

    #[test]
    fn writes_chinese() {
        let cases = "8000=八千 20000=两万 2000=两千 200=二百 1602=一千六百零二 \
                     196200=十九万六千二百 8.3=八点三 15=十五 105=一百零五 110=一百一十 0=零 \
                     10005=一万零五 100005=十万零五 100050000=一亿零五万 150000=十五万 \
                     100150000=一亿零一十五万 8.05=八点零五 66000.00=六万六千 \
                     17330000=一千七百三十三万";
        for case in cases.split_whitespace() {
            let (v, s) = case.split_once('=').unwrap();
            assert_eq!(to_chinese_numeral(&d(v)).as_deref(), Some(s), "{v}");
            assert_eq!(parse_numeral(s).map(|x| x.0), Some(d(v)), "{s}");
        }
        assert_eq!(to_chinese_numeral(&d("-1")), None);
        assert_eq!(to_chinese_numeral(&d("10000000000000000")), None);
    }

    proptest::proptest! {
        /// The shortcut for plain digits reads them as the general reading does.
        #[test]
        fn plain_digits_read_as_tokens(digits in "[0-9]{1,20}") {
            let chars: Vec<char> = digits.chars().collect();
            proptest::prop_assert_eq!(parse_folded(&chars), parse_tokens(&chars));
        }

        /// The shortcuts for lone Chinese digits and plain decimals read them as the general
        /// reading does, to the bit (scale included).
        #[test]
        fn shortcuts_read_as_tokens(
            pieces in proptest::collection::vec(0usize..16, 1..24),
        ) {
            const PIECES: [char; 16] = [
                '0', '1', '2', '5', '9', '.', ',', '万', '亿', '萬', '億', '千', '一', '零', '两',
                '点',
            ];
            let chars: Vec<char> = pieces.iter().map(|&i| PIECES[i]).collect();
            let bits = |r: Option<(Decimal, Decimal)>| r.map(|(v, p)| (v.serialize(), p.serialize()));
            proptest::prop_assert_eq!(bits(parse_folded(&chars)), bits(parse_tokens(&chars)), "{:?}", chars);
        }
    }

    #[test]
    fn powers_of_ten_equal_repeated_products_to_the_bit() {
        for exp in 0..=40 {
            assert_eq!(
                pow10(exp).serialize(),
                pow10_by_products(exp).serialize(),
                "{exp}"
            );
        }
    }

    #[test]
    fn shortcuts_read_every_short_decimal_as_tokens() {
        let bits = |r: Option<(Decimal, Decimal)>| r.map(|(v, p)| (v.serialize(), p.serialize()));
        let mut cases: Vec<String> = Vec::new();
        for int in [
            "0",
            "1",
            "00",
            "01",
            "10",
            "19",
            "100",
            "999999999999999999",
            "1000000000000000000",
        ] {
            for frac in [
                "",
                ".",
                ".0",
                ".5",
                ".62",
                ".00",
                ".050",
                ".123456789012345678",
            ] {
                for scale in ["", "万", "亿", "萬", "億", "千", "十", "万万", "万亿"] {
                    cases.push(format!("{int}{frac}{scale}"));
                }
            }
        }
        for c in ["一", "零", "〇", "两", "贰", "十", "万", "x"] {
            cases.push(c.to_string());
        }
        for case in cases {
            let chars: Vec<char> = case.chars().collect();
            assert_eq!(
                bits(parse_folded(&chars)),
                bits(parse_tokens(&chars)),
                "{case}"
            );
        }
    }

    #[test]
    fn round_trip_small_integers() {
        for n in 0..20_000u64 {
            let v = Decimal::from(n);
            let s = to_chinese_numeral(&v).unwrap();
            assert_eq!(parse_numeral(&s), Some((v, Decimal::ZERO)), "{n} → {s}");
        }
    }
}

//! Property tests of the quantity parser: every supported way of writing a number reads back as
//! exactly that number, and every bound word in `rules/bounds.toml` means what its group's
//! canonical word means.

use hedui::quantity::{
    parse_numeral, scan, to_chinese_numeral, Decimal, Qualifier, QuantityTables,
};
use proptest::prelude::*;

fn tables() -> &'static QuantityTables {
    QuantityTables::builtin()
}

fn with_separators(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '.' | ',' | '%' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Every way hedui accepts to write the integer `n` before a classifier.
fn writings(n: u64) -> Vec<String> {
    let v = Decimal::from(n);
    let mut out = vec![
        n.to_string(),
        with_separators(n),
        full_width(&n.to_string()),
    ];
    if let Some(cn) = to_chinese_numeral(&v) {
        out.push(cn);
    }
    for (scale, word) in [(10_000u64, "万"), (100_000_000, "亿")] {
        if n >= scale {
            // `6.6万`, `19.62万`, `16.4亿`, and `2万` when divisible.
            out.push(format!("{}{word}", (v / Decimal::from(scale)).normalize()));
        }
    }
    out
}

/// The single quantity scanned from `text`.
fn single(text: &str) -> Result<(Decimal, String, Option<Qualifier>), TestCaseError> {
    let qs = scan(text, tables());
    prop_assert_eq!(qs.len(), 1, "{}: {:?}", text, qs);
    Ok((qs[0].value, qs[0].unit.clone(), qs[0].qualifier))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_writing_of_an_integer_reads_back(n in 0u64..1_000_000_000_000_000) {
        for w in writings(n) {
            let (value, _) = parse_numeral(&w).ok_or_else(|| TestCaseError::fail(format!("{w} did not parse")))?;
            prop_assert_eq!(value, Decimal::from(n), "parse {}", w);
            let text = format!("计划新建{w}个项目");
            let (value, unit, qualifier) = single(&text)?;
            prop_assert_eq!(value, Decimal::from(n), "scan {}", text);
            prop_assert_eq!(unit, "个");
            prop_assert_eq!(qualifier, None);
        }
    }

    #[test]
    fn small_integers_in_every_writing(n in 0u64..100_000) {
        for w in writings(n) {
            let text = format!("新增就业{w}人");
            prop_assert_eq!(single(&text)?.0, Decimal::from(n), "{}", text);
        }
    }

    #[test]
    fn chinese_numerals_round_trip(n in 0u64..10_000_000_000_000_000) {
        let v = Decimal::from(n);
        let cn = to_chinese_numeral(&v).ok_or_else(|| TestCaseError::fail("not written"))?;
        prop_assert_eq!(parse_numeral(&cn), Some((v, Decimal::ZERO)), "{}", cn);
    }

    #[test]
    fn decimals_with_scale_and_percent(int in 0u64..100_000, frac in 1u64..100) {
        // `6.6万` style: int.frac × 10^4 is exact.
        let written = format!("{int}.{frac:02}");
        let base: Decimal = written.parse().map_err(|_| TestCaseError::fail("bad decimal"))?;
        let text = format!("完成投资{written}亿元");
        let (value, unit, _) = single(&text)?;
        prop_assert_eq!(value, base * Decimal::from(100_000_000u64), "{}", text);
        prop_assert_eq!(unit, "元");
        // Percent in Arabic, full-width and `百分之…` forms.
        let cn = to_chinese_numeral(&base).ok_or_else(|| TestCaseError::fail("not written"))?;
        for text in [format!("增长{written}%"), full_width(&format!("增长{written}%")), format!("增长百分之{cn}")] {
            let (value, unit, _) = single(&text)?;
            prop_assert_eq!(value, base.normalize(), "{}", text);
            prop_assert_eq!(unit, "%", "{}", text);
        }
    }

    #[test]
    fn scanning_never_panics_and_spans_are_boundaries(text in "[0-9０-９一二两三四五六七八九十百千万亿点零〇.,%％~\\-至到第年个人次余多以上约近超 a-zA-Z]{0,24}") {
        let qs = scan(&text, tables());
        let mut last = 0;
        for q in &qs {
            prop_assert!(text.get(q.span.clone()).is_some() && text.get(q.number.clone()).is_some());
            prop_assert!(q.span.start >= last && q.span.start <= q.number.start && q.number.end <= q.span.end);
            last = q.span.end;
        }
    }
}

/// The canonical word of each qualifier, in the position it is written.
const CANONICAL: [(Qualifier, &str); 5] = [
    (Qualifier::AtLeast, "增幅不低于5%"),
    (Qualifier::AtMost, "增幅不超过5%"),
    (Qualifier::MoreThan, "增幅超过5%"),
    (Qualifier::LessThan, "增幅低于5%"),
    (Qualifier::About, "增幅约5%"),
];

/// The words the genre uses, with their meaning; the table must know each of them.
const KNOWN: &str = "at-least:不低于,不少于,至少,最少,不小于,以上 at-most:不超过,不高于,最多,至多,\
                     不多于,以内,以下 more-than:超过,多于,高于,大于,超,余,多 \
                     less-than:低于,少于,不足,不满,不到,小于 about:约,大约,近,接近,将近,大概,左右,上下";

fn qualifier_of(text: &str) -> Option<Qualifier> {
    single(text).ok().and_then(|s| s.2)
}

#[test]
fn every_bound_word_means_its_canonical_words_qualifier() {
    let bounds = &tables().bounds;
    let canonical = |q: Qualifier| {
        let text = CANONICAL
            .iter()
            .find(|c| c.0 == q)
            .map(|c| c.1)
            .unwrap_or_default();
        qualifier_of(text)
    };
    for (q, text) in CANONICAL {
        assert_eq!(qualifier_of(text), Some(q), "{text}");
    }
    let mut in_context = Vec::new();
    for (word, q) in bounds.before_words() {
        in_context.push((format!("增幅{word}5%"), q));
    }
    for (word, q) in bounds.after_words() {
        in_context.push((format!("增幅5%{word},"), q));
    }
    for (word, q) in bounds.between_words() {
        in_context.push((format!("精细化工产品达70{word}种"), q));
        in_context.push((format!("惠及1万{word}人"), q));
    }
    for (text, q) in &in_context {
        assert_eq!(
            qualifier_of(text),
            canonical(*q),
            "{text} vs the canonical word of {q:?}"
        );
    }
    // The table holds every word of the genre, with its meaning.
    let all: Vec<(String, Qualifier)> = [
        bounds.before_words(),
        bounds.after_words(),
        bounds.between_words(),
    ]
    .concat()
    .into_iter()
    .map(|(w, q)| (w.to_string(), q))
    .collect();
    for group in KNOWN.split_whitespace() {
        let (name, words) = group.split_once(':').unwrap_or_default();
        for word in words.split(',') {
            let found = all.iter().find(|(w, _)| w == word).map(|(_, q)| q.as_str());
            assert_eq!(found, Some(name), "{word}");
        }
    }
    assert_eq!(qualifier_of("增幅不低于5%"), qualifier_of("增幅5%以上"));
}

//! The checker must never panic, whatever text it is given: random mixtures of the genre's
//! building blocks (markers, numerals, scales, units, bounds, punctuation, page breaks).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hedui::input::Source;
use hedui::tables::Tables;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "附件",
    "\n",
    "\n\n",
    "1.",
    "2、",
    "(3)",
    "①",
    "一、",
    "(二)",
    "十二、",
    "18. ",
    "新建",
    "学位",
    "万",
    "亿",
    "千",
    "百分之",
    "点",
    "八",
    "两",
    "十",
    "零",
    "6.6",
    "1,500",
    "１５",
    "3-5",
    "至",
    "个",
    "名",
    "人次",
    "%",
    "个百分点",
    "以上",
    "不低于",
    "左右",
    "约",
    "余",
    "多",
    "年",
    "周岁",
    "第",
    "“",
    "”",
    "(牵头单位:市教育局)",
    "。",
    ",",
    "、",
    ";",
    " ",
    "件民生实事",
    "7件",
    "滑冰场",
    "京蒙",
    "服 务",
    "以\n\n上",
    "9",
    "0",
    "-",
    ".",
    "\r\n",
    "项",
    "共",
    "（",
    "）",
    "：",
];

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn never_panics(text in doc()) {
        let src = Source::from_text("fuzz.txt", text);
        let _ = hedui::check_source(&src, Tables::builtin().unwrap());
    }

    #[test]
    fn never_panics_on_any_unicode(text in "\\PC{0,300}") {
        let src = Source::from_text("fuzz.txt", format!("附件\n1. {text}\n2. 新建{text}10个"));
        let _ = hedui::check_source(&src, Tables::builtin().unwrap());
    }
}

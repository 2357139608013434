//! Quantities: numbers as Chinese reports write them, with their scale, unit and bound.
//!
//! This module is our own parser on purpose. The crates of the field (`chinese-number`,
//! `chinese2digits`) parse plain Chinese integers only: no `点` decimals, no `百分之`, no mixed
//! Arabic/Chinese forms such as `19.62万`, no units, bounds or ranges, and no stated precision.
//! Values are exact decimals (`rust_decimal`), never floats: `16.4亿` is `1640000000`.
//!
//! Input to [`scan`] is one paragraph of text that the segment stage already repaired (full-width
//! forms folded, stray spaces removed); spans are byte ranges into that text.

use std::ops::Range;

pub use rust_decimal::Decimal;

/// A bound stated around a number, with its legal meaning.
///
/// `以上`/`以下` include the number; `超过`/`不满` exclude it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// `以上`, `不低于`, `不少于`, `至少`: the value or more.
    AtLeast,
    /// `以内`, `不超过`, `以下`: the value or less.
    AtMost,
    /// `超过`, `多于`, `余`: strictly more than the value.
    MoreThan,
    /// `不足`, `不满`, `低于`: strictly less than the value.
    LessThan,
    /// `左右`, `约`, `近`, `大约`: approximately the value.
    About,
}

impl Qualifier {
    /// The kebab-case name used in JSON and config files.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::AtLeast => "at-least",
            Qualifier::AtMost => "at-most",
            Qualifier::MoreThan => "more-than",
            Qualifier::LessThan => "less-than",
            Qualifier::About => "about",
        }
    }
}

/// One number found in a text, with everything needed to compare it with another.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value in plain units: `6.6万` → 66000, `8.3%` → 8.3, `1733万人` → 17330000.
    /// For a range (`3-5个`) the lower end.
    pub value: Decimal,
    /// For a range, the upper end in plain units; `None` otherwise.
    pub upper: Option<Decimal>,
    /// Half the place value of the last stated digit, in plain units: `6.9万` → 500,
    /// `8.3%` → 0.05, an integer such as `69000` or `六万九千` → 0.
    pub precision: Decimal,
    /// The normalised unit or classifier: `个`, `%`, `人次` (for `万人次`), `元` (for `亿元`),
    /// `百分点` (for `个百分点`); empty when the number carries none.
    pub unit: String,
    /// The bound stated with the number, if any.
    pub qualifier: Option<Qualifier>,
    /// Byte range of the whole quantity in the scanned text: bound words, numeral, scale, unit.
    pub span: Range<usize>,
    /// Byte range of the numeral alone (with its scale and `百分之`), without bound words or unit.
    pub number: Range<usize>,
}

mod bound;
mod numeral;
mod scan;
mod unit;

pub use bound::{BoundTable, BOUNDS_TOML};
pub use numeral::{parse_numeral, to_chinese_numeral};
pub use scan::{is_idiomatic_one, scan};
pub use unit::{UnitTable, UNITS_TOML};

/// The data tables the quantity parser reads, from `rules/units.toml` and `rules/bounds.toml`.
#[derive(Debug, Clone)]
pub struct QuantityTables {
    /// Units and classifiers, their aliases and which of them are compatible.
    pub units: UnitTable,
    /// Bound words before and after numbers.
    pub bounds: BoundTable,
}

/// Checks `text|value|unit|qualifier|span`: `text` holds exactly one quantity, with that value
/// (as printed), normalised unit, qualifier (`-` for none) and span text.
#[cfg(test)]
pub(crate) fn expect_quantity(case: &str) {
    let f: Vec<&str> = case.split('|').collect();
    let qs = scan(f[0], QuantityTables::builtin());
    assert_eq!(qs.len(), 1, "{case}: {qs:?}");
    let q = &qs[0];
    let qualifier = q.qualifier.map_or("-", Qualifier::as_str);
    let got = (
        q.value.to_string(),
        q.unit.as_str(),
        qualifier,
        &f[0][q.span.clone()],
    );
    assert_eq!(got, (f[1].to_string(), f[2], f[3], f[4]), "{case}");
}

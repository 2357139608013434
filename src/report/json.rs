//! The JSON report. The shape is a public interface documented in `docs/json.md`: fields may be
//! added, never renamed or removed.

use serde::Serialize;
use serde_json::{Number, Value};

use crate::finding::{Finding, Side};
use crate::i18n::{self, Lang};
use crate::quantity::Decimal;
use crate::Outcome;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    documents: Vec<Document<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    annex_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    items: usize,
    annex_commitments: usize,
    aligned: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// One document with its findings: a line of `--format jsonl`.
#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    document: Document<'a>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: String,
    hint: Option<String>,
    item: Option<&'a str>,
    annex: Option<JsonSide<'a>>,
    body: Option<JsonSide<'a>>,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    path: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
    /// PDF: the line on `page` (added in 0.2; `line` stays the document's line).
    #[serde(skip_serializing_if = "Option::is_none")]
    line_on_page: Option<usize>,
    /// What `line` counts: `paragraph` (.docx) or `line` (added in 0.2).
    line_unit: &'static str,
    text: &'a str,
    value: Option<Value>,
    unit: Option<&'a str>,
    qualifier: Option<&'static str>,
}

/// A decimal as a JSON number: an integer when it is one, else the shortest float that prints
/// as the decimal does (`8.3`).
pub fn number(d: &Decimal) -> Value {
    let d = d.normalize();
    if d.fract().is_zero() {
        if let Ok(i) = i64::try_from(d) {
            return Value::Number(i.into());
        }
    }
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn side(s: &Side) -> JsonSide<'_> {
    JsonSide {
        path: s.path.display().to_string(),
        line: s.line,
        column: s.column,
        page: s.page,
        line_on_page: s.page_line,
        line_unit: if s.paragraph { "paragraph" } else { "line" },
        text: &s.text,
        value: s.value.as_ref().map(number),
        unit: s.unit.as_deref(),
        qualifier: s.qualifier.map(|q| q.as_str()),
    }
}

fn finding(f: &Finding, lang: Lang) -> JsonFinding<'_> {
    JsonFinding {
        rule: f.rule,
        severity: f.severity.as_str(),
        message: i18n::message(f, lang),
        hint: i18n::hint(f, lang),
        item: f.item.as_deref(),
        annex: f.annex.as_ref().map(side),
        body: f.body.as_ref().map(side),
    }
}

fn document(outcome: &Outcome) -> Document<'_> {
    match outcome {
        Ok(c) => Document {
            path: c.path.display().to_string(),
            annex_path: c.files.get(1).map(|p| p.display().to_string()),
            format: Some(c.format.as_str()),
            encoding: c.encoding,
            items: c.items,
            annex_commitments: c.annex_commitments,
            aligned: c.aligned,
            error: None,
        },
        Err(f) => Document {
            path: f.path.display().to_string(),
            annex_path: None,
            format: None,
            encoding: None,
            items: 0,
            annex_commitments: 0,
            aligned: 0,
            error: Some(&f.error),
        },
    }
}

fn findings(outcome: &Outcome, lang: Lang) -> impl Iterator<Item = JsonFinding<'_>> {
    outcome
        .iter()
        .flat_map(move |c| c.findings.iter().map(move |f| finding(f, lang)))
}

/// Renders documents (checked or failed) as one pretty-printed JSON document; messages and
/// hints in `lang`.
pub fn render(outcomes: &[Outcome], lang: Lang) -> String {
    let report = Report {
        version: 1,
        tool: Tool {
            name: "hedui",
            version: env!("CARGO_PKG_VERSION"),
        },
        documents: outcomes.iter().map(document).collect(),
        findings: outcomes.iter().flat_map(|o| findings(o, lang)).collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        + "\n"
}

/// Renders one document and its findings as a single line of JSON (`--format jsonl`).
pub fn render_line(outcome: &Outcome, lang: Lang) -> String {
    let line = Line {
        document: document(outcome),
        findings: findings(outcome, lang).collect(),
    };
    serde_json::to_string(&line).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn numbers_are_exact() {
        let n = |s: &str| number(&Decimal::from_str(s).unwrap()).to_string();
        assert_eq!(n("66000"), "66000");
        assert_eq!(n("1640000000.0"), "1640000000");
        assert_eq!(n("8.3"), "8.3");
        assert_eq!(n("0.05"), "0.05");
    }
}

//! SARIF 2.1.0 (`--format sarif`): one run; one `reportingDescriptor` per rule from the rule
//! documentation; one result per finding, located at its primary side (the annex if it has
//! one, else the body) with the other side as a related location. Columns count Unicode code
//! points (`columnKind`), as hedui's do; the page of a PDF goes in the physical location's
//! property bag. Documents that could not be read become tool execution notifications.

use serde_json::{json, Map, Value};

use crate::finding::{Finding, Part, Severity, Side};
use crate::i18n::{self, Lang};
use crate::rules::{docs, RULES};
use crate::tables::Tables;
use crate::Outcome;

/// The schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path into a URI reference: unreserved characters and `/` stay, every
/// other byte of the UTF-8 is `%XX`.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn location(s: &Side, label: &str, id: Option<usize>) -> Value {
    let mut physical = json!({
        "artifactLocation": { "uri": uri(&super::display_path(&s.path)) },
        "region": {
            "startLine": s.line,
            "startColumn": s.column,
            "snippet": { "text": s.text },
        },
    });
    if let Some(page) = s.page {
        physical["properties"] = json!({ "page": page });
        if let Some(pl) = s.page_line {
            physical["properties"]["lineOnPage"] = json!(pl);
        }
    }
    if s.paragraph {
        physical["properties"] = json!({ "paragraph": s.line, "characterInParagraph": s.column });
    }
    let mut loc = json!({
        "physicalLocation": physical,
        "message": { "text": label },
    });
    if let Some(id) = id {
        loc["id"] = json!(id);
    }
    loc
}

fn result(f: &Finding, lang: Lang) -> Value {
    let l = i18n::labels(lang);
    let label = |p: Part| match p {
        Part::Annex => l.annex,
        Part::Body => l.body,
    };
    let sides = super::sides(f);
    let mut text = i18n::message(f, lang);
    if let Some(h) = i18n::hint(f, lang) {
        text.push_str(&format!("\n{}{}{h}", l.hint, lang.pick(": ", "：")));
    }
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": text },
    });
    if let Some(index) = RULES.iter().position(|x| x.id == f.rule) {
        r["ruleIndex"] = json!(index);
    }
    if let Some((part, primary)) = sides.first() {
        r["locations"] = json!([location(primary, label(*part), None)]);
    }
    let related: Vec<Value> = sides
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, (part, s))| location(s, label(*part), Some(i + 1)))
        .collect();
    if !related.is_empty() {
        r["relatedLocations"] = Value::Array(related);
    }
    let mut props = Map::new();
    if let Some(item) = &f.item {
        props.insert("item".into(), json!(item));
    }
    for (key, side) in [("annexValue", &f.annex), ("bodyValue", &f.body)] {
        if let Some(v) = side.as_ref().and_then(|s| s.value.as_ref()) {
            props.insert(key.into(), super::json::number(v));
        }
    }
    if !props.is_empty() {
        r["properties"] = Value::Object(props);
    }
    r
}

fn descriptor(id: &str, tables: &Tables, lang: Lang) -> Value {
    let mut d = json!({
        "id": id,
        "defaultConfiguration": { "level": level(docs::severity(tables, id)) },
    });
    if let Some(doc) = docs::get(id) {
        d["shortDescription"] = json!({ "text": doc.summary(lang) });
        d["fullDescription"] = json!({ "text": doc.description(lang) });
        d["help"] = json!({
            "text": docs::help_text(doc, lang),
            "markdown": docs::help_markdown(doc, lang),
        });
    }
    d
}

/// Renders documents (checked or failed) as one SARIF log; texts in `lang`, default levels from
/// `tables`.
pub fn render(outcomes: &[Outcome], tables: &Tables, lang: Lang) -> String {
    let results: Vec<Value> = outcomes
        .iter()
        .flatten()
        .flat_map(|c| c.findings.iter().map(|f| result(f, lang)))
        .collect();
    let notifications: Vec<Value> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().err())
        .map(|f| {
            json!({
                "level": "error",
                "message": { "text": f.error },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&super::display_path(&f.path)) }
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hedui",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "language": lang.tag(),
                    "rules": RULES.iter().map(|r| descriptor(r.id, tables, lang)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("corpus/a b.txt"), "corpus/a%20b.txt");
        assert_eq!(uri("报告.txt"), "%E6%8A%A5%E5%91%8A.txt");
        assert_eq!(uri("/tmp/x.txt"), "file:///tmp/x.txt");
    }
}

//! Findings: what the rules produce and the reporters render. Plain data, no rendering here.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::quantity::{Decimal, Qualifier};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown so an editor can confirm; never a defect by itself.
    Info,
    /// Probably a defect; an editor should look.
    Warning,
    /// A discrepancy the document must not be published with.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One side of a finding: a quote from the annex or the body and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The file the quote is in.
    pub path: PathBuf,
    /// 1-based line in the original file.
    pub line: usize,
    /// 1-based column in the original file, counted in characters.
    pub column: usize,
    /// 1-based page, for formats with pages (PDF).
    pub page: Option<usize>,
    /// The quoted text (repaired: page breaks rejoined, stray spaces removed).
    pub text: String,
    /// The number in plain units, if the quote states one.
    pub value: Option<Decimal>,
    /// The normalised unit, if any.
    pub unit: Option<String>,
    /// The bound stated with the number, if any.
    pub qualifier: Option<Qualifier>,
    /// Byte ranges of `text` that differ from the other side, for highlighting.
    pub highlight: Vec<std::ops::Range<usize>>,
}

/// A discrepancy (or, at info level, an observation) about one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's stable kebab-case id.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// A likely cause, when hedui sees one; the editor decides.
    pub hint: Option<String>,
    /// The annex item's own number as written (`19`), if the finding concerns one.
    pub item: Option<String>,
    /// Position in annex order, for sorting; not part of the output.
    pub order: usize,
    /// The annex side, if any.
    pub annex: Option<Side>,
    /// The body side, if any.
    pub body: Option<Side>,
}

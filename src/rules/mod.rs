//! Rules: each turns the segmented document, its commitments and their alignment into findings
//! with a stable id. Ids are a public interface (config files, baselines, CI): never rename one.
//!
//! Adding a rule: a file here with a `check` function, a line in [`RULES`], its default in
//! `rules/severities.toml`, a corpus case where it fires and one where it must not, and its
//! documentation in `rules/docs.toml`, from which `docs/rules.md` is generated (see
//! `docs/new-rule.md`).

mod annex_doubt;
mod annex_only;
mod body_only;
mod count_mismatch;
pub mod docs;
mod number_mismatch;
mod numbering;
mod qualifier_mismatch;
mod sum_match;
mod table_arith;
mod unit_mismatch;
pub mod wording;

pub(crate) use annex_doubt::{assess as annex_doubts, list_doubts};

use crate::align::{Alignment, Link, PairKind};
use crate::extract::Commitment;
use crate::finding::{Finding, Message, Severity, Side};
use crate::input::Source;
use crate::segment::Segmented;
use crate::tables::Tables;

/// A rule's declaration.
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// The check.
    pub check: fn(&Context, &mut Vec<Finding>),
}

impl Rule {
    /// The rule's documentation (summary, description, example, help) from `rules/docs.toml`.
    pub fn doc(&self) -> Option<&'static docs::RuleDoc> {
        docs::get(self.id)
    }
}

/// Every rule, in the order findings of equal position are listed.
pub static RULES: &[Rule] = &[
    Rule {
        id: "number-mismatch",
        check: number_mismatch::check,
    },
    Rule {
        id: "unit-mismatch",
        check: unit_mismatch::check,
    },
    Rule {
        id: "qualifier-mismatch",
        check: qualifier_mismatch::check,
    },
    Rule {
        id: "wording-mismatch",
        check: wording::check,
    },
    Rule {
        id: "count-mismatch",
        check: count_mismatch::check,
    },
    Rule {
        id: "numbering",
        check: numbering::check,
    },
    Rule {
        id: "annex-only",
        check: annex_only::check,
    },
    Rule {
        id: "body-only",
        check: body_only::check,
    },
    Rule {
        id: "sum-match",
        check: sum_match::check,
    },
    Rule {
        id: "table-sum",
        check: table_arith::check_sum,
    },
    Rule {
        id: "table-growth",
        check: table_arith::check_growth,
    },
    Rule {
        id: "annex-unread",
        check: annex_doubt::check_unread,
    },
    Rule {
        id: "annex-unsure",
        check: annex_doubt::check_unsure,
    },
];

/// Everything a rule may read about one document.
pub struct Context<'a> {
    /// The document as read.
    pub source: &'a Source,
    /// Its segmentation.
    pub seg: &'a Segmented,
    /// Its commitments.
    pub commitments: &'a [Commitment],
    /// Their alignment.
    pub alignment: &'a Alignment,
    /// The data tables.
    pub tables: &'a Tables,
}

impl Context<'_> {
    /// The side of a finding for commitment `c`, with the quantity highlighted.
    pub fn side(&self, c: usize) -> Side {
        let cm = &self.commitments[c];
        let quote = cm.quote.clone();
        let hl = cm.qty.span.start.saturating_sub(quote.start)
            ..cm.qty.span.end.saturating_sub(quote.start);
        Side {
            value: Some(cm.qty.value),
            unit: (!cm.qty.unit.is_empty()).then(|| cm.qty.unit.clone()),
            qualifier: cm.qty.qualifier,
            highlight: vec![hl],
            ..self.text_side(cm.para, quote)
        }
    }

    /// A side quoting byte range `range` of paragraph `para`, with no number.
    pub fn text_side(&self, para: usize, range: std::ops::Range<usize>) -> Side {
        let p = &self.seg.paras[para];
        let at = self.source.location(p.origin(range.start));
        let text = p.text.get(range.clone()).unwrap_or("");
        // The file's own characters, when each character of the quote comes from one character
        // of the source, in order (full-width punctuation folded, say, but nothing removed or
        // joined).
        let src = &self.source.text;
        let mut next = p.origin(range.start);
        let one_to_one = text.char_indices().all(|(i, _)| {
            let o = p.origin(range.start + i);
            let ok = o == next;
            next = o + src
                .get(o..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            ok
        });
        let original = src
            .get(p.origin(range.start)..next)
            .filter(|o| one_to_one && !o.contains('\n') && *o != text)
            .map(str::to_string);
        Side {
            path: at.path.to_path_buf(),
            line: at.line,
            column: at.column,
            page: at.page,
            page_line: at.page_line,
            paragraph: at.format == crate::input::Format::Docx,
            text: text.to_string(),
            original,
            value: None,
            unit: None,
            qualifier: None,
            highlight: Vec::new(),
        }
    }

    /// The annex item label (`19`) of commitment `c`, or of the annex side it is linked to.
    pub fn item_label(&self, c: usize) -> Option<String> {
        let item = self.commitments[c].item?;
        Some(self.seg.annex.items[item].marker.number.to_string())
    }

    /// Sort key in annex order: the paragraph of the annex side, else the body paragraph after
    /// the annex.
    pub fn order_of(&self, c: usize) -> usize {
        let cm = &self.commitments[c];
        match cm.item {
            Some(_) => cm.para * 1000 + cm.quote.start.min(999),
            None => 1_000_000_000 + cm.para * 1000 + cm.quote.start.min(999),
        }
    }

    /// Pairs of the given kind: (annex, body, rounded-sum members).
    pub fn pairs(&self, kind: PairKind) -> impl Iterator<Item = (usize, usize, &[usize])> {
        self.alignment.links.iter().filter_map(move |l| match l {
            Link::Pair {
                annex,
                body,
                kind: k,
                rounded_sum,
            } if *k == kind && !self.commitments[*annex].reference => {
                Some((*annex, *body, rounded_sum.as_slice()))
            }
            _ => None,
        })
    }

    /// A finding with the usual fields filled; severity is set by [`check`].
    pub fn finding(
        &self,
        rule: &'static str,
        what: Message,
        annex: Option<usize>,
        body: Option<usize>,
    ) -> Finding {
        let anchor = annex.or(body).unwrap_or(0);
        let mut f = Finding::new(
            rule,
            what,
            self.order_of(anchor),
            annex.map(|a| self.side(a)),
            body.map(|b| self.side(b)),
        );
        f.item = annex.and_then(|a| self.item_label(a));
        f
    }

    /// The quantity of commitment `c` as written, with its unit (`6.6万个`).
    pub fn qty_text(&self, c: usize) -> &str {
        self.commitments[c].qty_text(self.seg)
    }
}

/// Runs every rule and sets severities from the tables; findings come sorted in annex order.
pub fn check(cx: &Context) -> Vec<Finding> {
    // Room for a report's usual findings (a few dozen): a finding is large, and growing the
    // list one doubling at a time copied them all again.
    let mut out = Vec::with_capacity(64);
    for rule in RULES {
        if cx.tables.off.contains(rule.id) {
            continue;
        }
        let start = out.len();
        (rule.check)(cx, &mut out);
        let severity = cx
            .tables
            .severities
            .get(rule.id)
            .copied()
            .unwrap_or(Severity::Warning);
        for f in &mut out[start..] {
            f.severity = severity;
        }
    }
    // The quotes as the file writes them.
    for f in &mut out {
        for s in [f.annex.as_mut(), f.body.as_mut()].into_iter().flatten() {
            s.use_original();
        }
    }
    let rank = |id: &str| RULES.iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    out.sort_by(|a, b| a.order.cmp(&b.order).then(rank(a.rule).cmp(&rank(b.rule))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !r.id.starts_with('-'),
                "{} is not kebab-case",
                r.id
            );
        }
    }
}

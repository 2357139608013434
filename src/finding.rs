//! Findings: what the rules produce and the reporters render. Plain data; the text of a
//! message in each language is rendered in one place, [`crate::i18n`].

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
    /// 1-based line on that page (PDF): the page's lines of text, running heads and page
    /// numbers left out.
    pub page_line: Option<usize>,
    /// Whether `line` is a paragraph number (.docx) rather than a line.
    pub paragraph: bool,
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
    /// The quote as the file writes it (`附件：` where `text` has `附件:`), when its characters
    /// correspond one to one with `text`'s; [`Side::use_original`] puts it in `text`.
    pub original: Option<String>,
}

impl Side {
    /// Makes `text` the file's own characters (so a search in the document finds it), moving the
    /// highlights with it. Rules compare the repaired text; this is done once they are done.
    pub fn use_original(&mut self) {
        let Some(original) = self.original.take() else {
            return;
        };
        let chars_before = |s: &str, b: usize| s.get(..b).map(|p| p.chars().count());
        let byte_of = |s: &str, c: usize| s.char_indices().nth(c).map_or(s.len(), |(i, _)| i);
        let mut moved = Vec::with_capacity(self.highlight.len());
        for r in &self.highlight {
            let (Some(a), Some(b)) = (
                chars_before(&self.text, r.start),
                chars_before(&self.text, r.end),
            ) else {
                return;
            };
            moved.push(byte_of(&original, a)..byte_of(&original, b));
        }
        self.text = original;
        self.highlight = moved;
    }
}

/// A discrepancy (or, at info level, an observation) about one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's stable kebab-case id.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// One line saying what is wrong, in English (`what` rendered with [`crate::i18n::Lang::En`]).
    pub message: String,
    /// A likely cause, when hedui sees one, in English; the editor decides.
    pub hint: Option<String>,
    /// What is wrong, as data: reporters render it in the language asked for.
    pub what: Message,
    /// The likely cause, as data.
    pub why: Option<Hint>,
    /// The annex item's own number as written (`19`), if the finding concerns one.
    pub item: Option<String>,
    /// Position in annex order, for sorting; not part of the output.
    pub order: usize,
    /// The annex side, if any.
    pub annex: Option<Side>,
    /// The body side, if any.
    pub body: Option<Side>,
}

impl Finding {
    /// A finding of `rule` saying `what`, sorted at `order` (annex order), with the sides it
    /// quotes; no hint and no item. Its severity is set from the tables once every rule has run
    /// (`rules::check`), so it starts as `Info`.
    pub fn new(
        rule: &'static str,
        what: Message,
        order: usize,
        annex: Option<Side>,
        body: Option<Side>,
    ) -> Finding {
        Finding {
            rule,
            severity: Severity::Info,
            message: what.render(crate::i18n::Lang::En),
            hint: None,
            what,
            why: None,
            item: None,
            order,
            annex,
            body,
        }
    }

    /// Sets the hint, keeping the English text and the data in step.
    pub fn set_hint(&mut self, hint: Hint) {
        self.hint = Some(hint.render(crate::i18n::Lang::En));
        self.why = Some(hint);
    }
}

/// Which side of the document a number is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The numbered annex of commitments.
    Annex,
    /// The narrative body.
    Body,
}

/// What a finding says, as data. Quantities are as written in the document (`6.6万个`).
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// `number-mismatch`: the pair states different values.
    NumberMismatch {
        /// The commitment's name.
        name: String,
        /// The annex quantity.
        annex: String,
        /// The body quantity.
        body: String,
    },
    /// `unit-mismatch`: the pair states incompatible units.
    UnitMismatch {
        /// The commitment's name.
        name: String,
        /// The annex quantity.
        annex: String,
        /// The body quantity.
        body: String,
        /// The annex's normalised unit (empty: none).
        annex_unit: String,
        /// The body's normalised unit (empty: none).
        body_unit: String,
    },
    /// `qualifier-mismatch`: the pair states different bounds.
    QualifierMismatch {
        /// The commitment's name.
        name: String,
        /// The annex quantity.
        annex: String,
        /// The annex bound.
        annex_bound: Option<Qualifier>,
        /// The body quantity.
        body: String,
        /// The body bound.
        body_bound: Option<Qualifier>,
    },
    /// `wording-mismatch`: the names differ by a slip.
    Wording {
        /// The annex quote.
        annex: String,
        /// The body quote.
        body: String,
        /// The substitutions, (annex part, body part).
        changes: Vec<(String, String)>,
    },
    /// `count-mismatch` on the annex title.
    TitleCount {
        /// The total stated.
        stated: u32,
        /// The items listed.
        listed: usize,
    },
    /// `count-mismatch` on a section heading.
    SectionCount {
        /// The total stated.
        stated: u32,
        /// The items listed.
        listed: usize,
    },
    /// `count-mismatch` on a total stated in the body.
    BodyCount {
        /// The total stated.
        stated: u32,
        /// The items the annex lists.
        listed: usize,
    },
    /// `count-mismatch` on a count of an annex table's rows or categories stated in the body.
    TableCount {
        /// The count stated.
        stated: u32,
        /// The rows or categories the table has (the nearest reading of the count).
        listed: usize,
        /// Whether categories are counted (else indicator rows).
        categories: bool,
    },
    /// `numbering`: a section heading carries an item number.
    HeadingCarriesItem {
        /// The number it carries.
        number: u32,
    },
    /// `numbering`: a heading number skips (`back` false) or repeats or goes back (`back` true).
    HeadingOrder {
        /// The heading's label as written (`五、`).
        label: String,
        /// Whether it repeats or goes back rather than skips.
        back: bool,
        /// The number expected.
        expected: u32,
    },
    /// `numbering`: an item repeats the number before it.
    ItemRepeats {
        /// The item number.
        number: u32,
    },
    /// `numbering`: an item number goes backwards.
    ItemBackwards {
        /// The item number.
        number: u32,
        /// The number before it.
        previous: u32,
    },
    /// `numbering`: item numbers `first..=last` are missing before `number`.
    ItemSkips {
        /// The item number.
        number: u32,
        /// The number before it.
        previous: u32,
        /// First missing number.
        first: u32,
        /// Last missing number.
        last: u32,
    },
    /// `annex-only`.
    AnnexOnly {
        /// The commitment's name.
        name: String,
        /// The quantity.
        qty: String,
    },
    /// `body-only`.
    BodyOnly {
        /// The commitment's name.
        name: String,
        /// The quantity.
        qty: String,
    },
    /// `annex-unread` / `annex-unsure`: hedui doubts it read the annex.
    AnnexDoubt {
        /// Whether the doubts amount to "not read" (`annex-unread`).
        unread: bool,
        /// First line read as the annex.
        first: usize,
        /// Last line read as the annex.
        last: usize,
        /// Items read.
        items: usize,
        /// The layout they were read as (`numbered`, `heading-items`, `unnumbered`).
        layout: String,
        /// Why hedui is unsure.
        doubts: Vec<Doubt>,
    },
    /// `table-sum`: a total row is not the sum of its rows.
    TableSum {
        /// The total row's name (`合计`).
        name: String,
        /// The column's header.
        column: String,
        /// The total as printed.
        stated: String,
        /// The sum of the rows as printed.
        sum: String,
        /// How many rows were summed.
        rows: usize,
    },
    /// `table-growth`: a growth rate does not follow from the row's two figures.
    TableGrowth {
        /// The row's name.
        name: String,
        /// The growth rate as printed.
        stated: String,
        /// The past figure as printed.
        past: String,
        /// This year's figure as printed.
        this: String,
        /// The growth the two figures give, to one decimal.
        computed: String,
    },
    /// `sum-match`.
    SumMatch {
        /// The body commitment's name.
        name: String,
        /// The body quantity.
        body: String,
        /// The annex quantities summed.
        parts: Vec<String>,
    },
}

/// One reason to doubt that the list read is the annex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// No `附件` line or title announces the list.
    NotAnnounced,
    /// The list stops far short of the total its title states.
    FarShort {
        /// The total stated.
        stated: usize,
        /// The items read.
        listed: usize,
    },
    /// Fewer than half of the items state a figure.
    FewFigures {
        /// Items with a figure.
        with: usize,
        /// Items read.
        items: usize,
    },
    /// Half of the items or more read like report prose.
    ProseItems {
        /// Items that read like prose.
        prose: usize,
        /// Items read.
        items: usize,
    },
    /// Another list was nearly as convincing.
    Rival {
        /// Its first line.
        line: usize,
        /// Its items.
        items: usize,
    },
    /// The list states no figure at all.
    NoFigures,
    /// The list is plainly a list of names without figures (announced, short names, its stated
    /// total agrees): read, but nothing in it can be compared with the body.
    NamesOnly {
        /// Items read.
        items: usize,
    },
    /// Fewer than half of the annex figures are restated in the body.
    FewRestated {
        /// Annex figures aligned with the body.
        aligned: usize,
        /// Annex figures.
        figures: usize,
    },
}

/// A likely cause, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    /// The body figure is the rounded sum of several annex figures.
    RoundedSum {
        /// The body quantity.
        body: String,
        /// The annex quantities.
        parts: Vec<String>,
        /// Their exact sum.
        sum: String,
    },
    /// The wrong figure repeats a neighbouring commitment's figure.
    CopySlip {
        /// The side with the wrong figure.
        side: Part,
        /// Its quantity.
        qty: String,
        /// The neighbour's quote.
        neighbour: String,
    },
    /// Headings numbered like items may have been counted as items.
    HeadingCounted {
        /// Their numbers.
        numbers: Vec<u32>,
    },
    /// The items listed under a heading.
    ItemsUnder {
        /// First item number.
        first: u32,
        /// Last item number.
        last: u32,
    },
    /// One side of a qualifier mismatch has no bound.
    BoundDropped,
    /// The two bounds mean different ranges.
    BoundsDiffer,
    /// A changed character inside a name.
    Typo,
    /// A heading should get a heading number such as `suggestion、`.
    HeadingNumber {
        /// The Chinese numeral suggested (`三`).
        suggestion: String,
    },
    /// An item number may have lost a digit.
    LostDigit {
        /// The number expected.
        expected: u32,
    },
    /// The body merges several annex commitments.
    Merges {
        /// The annex quotes.
        quotes: Vec<String>,
    },
}

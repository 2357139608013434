//! Languages: every message, hint and report label in English and Chinese, rendered here and
//! nowhere else. Rule ids stay English in both.

use crate::error::{Error, FormatError};
use crate::finding::{Finding, Hint, Message, Part, Severity};
use crate::quantity::Qualifier;

/// The language of messages and report labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language a locale name asks for: Chinese for `zh*` (`zh_CN.UTF-8`, `zh-TW`), else
    /// English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of the environment: the first set, non-empty one of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` (as POSIX orders them), English when none is.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    /// The BCP 47 tag (`en`, `zh-CN`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// The language of error lines the library writes itself (a batch's failed documents): set
/// once by the command line, English by default.
static PROCESS_LANG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets the language of the error lines the library writes itself.
pub fn set_process_lang(lang: Lang) {
    PROCESS_LANG.store(lang == Lang::Zh, std::sync::atomic::Ordering::Relaxed);
}

/// The language set with [`set_process_lang`].
pub fn process_lang() -> Lang {
    if PROCESS_LANG.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The finding's message in `lang`.
pub fn message(f: &Finding, lang: Lang) -> String {
    f.what.render(lang)
}

/// The finding's hint in `lang`, if it has one.
pub fn hint(f: &Finding, lang: Lang) -> Option<String> {
    f.why.as_ref().map(|h| h.render(lang))
}

/// A severity's name: `error` / `错误`.
pub fn severity(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (_, Lang::En) => s.as_str(),
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Info, Lang::Zh) => "信息",
    }
}

/// The labels the reports use.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// `annex`.
    pub annex: &'static str,
    /// `body`.
    pub body: &'static str,
    /// `hint`.
    pub hint: &'static str,
    /// `rule`.
    pub rule: &'static str,
    /// `severity`.
    pub severity: &'static str,
    /// `message`.
    pub message: &'static str,
    /// `count`.
    pub count: &'static str,
    /// `item`.
    pub item: &'static str,
    /// `location`.
    pub location: &'static str,
    /// `quote`.
    pub quote: &'static str,
    /// `total`.
    pub total: &'static str,
    /// `all`.
    pub all: &'static str,
    /// Report title.
    pub title: &'static str,
    /// Shown when there is nothing to report.
    pub no_findings: &'static str,
    /// `documents`.
    pub documents: &'static str,
    /// Label before an example in `hedui explain`.
    pub example: &'static str,
    /// Label before the help text in `hedui explain`.
    pub help: &'static str,
    /// `default severity`.
    pub default_severity: &'static str,
}

/// The report labels in `lang`.
pub fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::En => Labels {
            annex: "annex",
            body: "body",
            hint: "hint",
            rule: "rule",
            severity: "severity",
            message: "message",
            count: "count",
            item: "item",
            location: "location",
            quote: "quote",
            total: "total",
            all: "all",
            title: "hedui: body and annex discrepancies",
            no_findings: "No findings.",
            documents: "documents",
            example: "Example",
            help: "What to do",
            default_severity: "default severity",
        },
        Lang::Zh => Labels {
            annex: "附件",
            body: "正文",
            hint: "提示",
            rule: "规则",
            severity: "级别",
            message: "说明",
            count: "数量",
            item: "事项",
            location: "位置",
            quote: "原文",
            total: "合计",
            all: "全部",
            title: "hedui 核对报告：正文与附件不一致之处",
            no_findings: "未发现问题。",
            documents: "文档",
            example: "示例",
            help: "处理建议",
            default_severity: "默认级别",
        },
    }
}

/// `item 19` / `第19项`.
pub fn item(number: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("item {number}"),
        Lang::Zh => format!("第{number}项"),
    }
}

/// `page 3` / `第3页`.
pub fn page(number: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("page {number}"),
        Lang::Zh => format!("第{number}页"),
    }
}

/// Where a quote is, in words: `第21段第79字` / `paragraph 21, char 79` in a Word document,
/// `第2页第5行第25字` / `page 2, line 5, char 25` in a PDF; `None` for text formats, whose
/// `file:line:column` says it.
pub fn position(side: &crate::finding::Side, lang: Lang) -> Option<String> {
    let (l, c) = (side.line, side.column);
    if side.paragraph {
        return Some(match lang {
            Lang::En => format!("paragraph {l}, char {c}"),
            Lang::Zh => format!("第{l}段第{c}字"),
        });
    }
    let page = side.page?;
    Some(match (side.page_line, lang) {
        (Some(pl), Lang::En) => format!("page {page}, line {pl}, char {c}"),
        (Some(pl), Lang::Zh) => format!("第{page}页第{pl}行第{c}字"),
        (None, _) => self::page(page, lang),
    })
}

/// `n` and the English noun for it: `1 item`, `2 items`, `0 items`.
fn nouns<T: std::fmt::Display + PartialEq + From<u8> + Copy>(
    n: T,
    one: &str,
    many: &str,
) -> String {
    format!("{n} {}", agree(n, one, many))
}

/// The English word that agrees with `n`: `one` for exactly one, else `many`.
fn agree<'w, T: PartialEq + From<u8>>(n: T, one: &'w str, many: &'w str) -> &'w str {
    if n == T::from(1) {
        one
    } else {
        many
    }
}

/// The summary line of one document.
pub fn summary(
    counts: [usize; 3],
    aligned: usize,
    annex_commitments: usize,
    items: usize,
    lang: Lang,
) -> String {
    let [errors, warnings, info] = counts;
    match lang {
        Lang::En => format!(
            "{}, {}, {info} info; aligned {aligned} of {} ({})",
            nouns(errors, "error", "errors"),
            nouns(warnings, "warning", "warnings"),
            nouns(annex_commitments, "annex commitment", "annex commitments"),
            nouns(items, "item", "items")
        ),
        Lang::Zh => format!(
            "错误{errors}个，警告{warnings}个，信息{info}个；附件{annex_commitments}处数字承诺中{aligned}处与正文对上（共{items}个事项）"
        ),
    }
}

fn bound(q: Option<Qualifier>, lang: Lang) -> &'static str {
    match (lang, q) {
        (Lang::En, None) => "no bound",
        (Lang::En, Some(q)) => q.as_str(),
        (Lang::Zh, None) => "无限定",
        (Lang::Zh, Some(Qualifier::AtLeast)) => "不低于",
        (Lang::Zh, Some(Qualifier::AtMost)) => "不超过",
        (Lang::Zh, Some(Qualifier::MoreThan)) => "超过",
        (Lang::Zh, Some(Qualifier::LessThan)) => "不足",
        (Lang::Zh, Some(Qualifier::About)) => "约数",
    }
}

fn unit(u: &str, lang: Lang) -> &str {
    if u.is_empty() {
        lang.pick("none", "无")
    } else {
        u
    }
}

fn part(p: Part, lang: Lang) -> &'static str {
    match p {
        Part::Annex => labels(lang).annex,
        Part::Body => labels(lang).body,
    }
}

impl Message {
    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use Message as M;
        match (self, lang) {
            (M::NumberMismatch { name, annex, body }, Lang::En) => {
                format!("{name}: annex {annex}, body {body}")
            }
            (M::NumberMismatch { name, annex, body }, Lang::Zh) => {
                format!("{name}：附件为{annex}，正文为{body}")
            }
            (
                M::UnitMismatch {
                    name,
                    annex,
                    body,
                    annex_unit,
                    body_unit,
                },
                _,
            ) => {
                let (ua, ub) = (unit(annex_unit, lang), unit(body_unit, lang));
                match lang {
                    Lang::En => format!("{name}: annex {annex}, body {body} (unit {ua} vs {ub})"),
                    Lang::Zh => {
                        format!("{name}：附件为{annex}，正文为{body}（单位“{ua}”与“{ub}”不同）")
                    }
                }
            }
            (
                M::QualifierMismatch {
                    name,
                    annex,
                    annex_bound,
                    body,
                    body_bound,
                },
                _,
            ) => {
                let (qa, qb) = (bound(*annex_bound, lang), bound(*body_bound, lang));
                match lang {
                    Lang::En => format!("{name}: annex {annex} ({qa}), body {body} ({qb})"),
                    Lang::Zh => format!("{name}：附件为{annex}（{qa}），正文为{body}（{qb}）"),
                }
            }
            (
                M::Wording {
                    annex,
                    body,
                    changes,
                },
                _,
            ) => {
                let changes: Vec<String> = changes
                    .iter()
                    .map(|(x, y)| format!("“{x}” → “{y}”"))
                    .collect();
                match lang {
                    Lang::En => format!(
                        "name differs: annex “{annex}”, body “{body}” ({})",
                        changes.join(", ")
                    ),
                    Lang::Zh => format!(
                        "名称不一致：附件为“{annex}”，正文为“{body}”（{}）",
                        changes.join("，")
                    ),
                }
            }
            (
                M::AnnexDoubt {
                    unread,
                    first,
                    last,
                    items,
                    layout,
                    doubts,
                },
                _,
            ) => {
                let reasons: Vec<String> = doubts.iter().map(|d| d.render(lang)).collect();
                let names_only = doubts
                    .iter()
                    .all(|d| matches!(d, crate::finding::Doubt::NamesOnly { .. }));
                match (lang, unread) {
                    (Lang::En, false) if names_only => format!(
                        "hedui read the annex at lines {first}–{last} ({}, {layout} list) but checked nothing in it: {}",
                        nouns(*items, "item", "items"),
                        reasons.join("; ")
                    ),
                    (Lang::Zh, false) if names_only => format!(
                        "附件（第{first}–{last}行，{items}项，{}）已读出，但无从核对：{}",
                        layout_zh(layout),
                        reasons.join("；")
                    ),
                    (Lang::En, true) => format!(
                        "hedui could not read the annex with confidence: it took lines {first}–{last} ({}, {layout} list) for it, but {}",
                        nouns(*items, "item", "items"),
                        reasons.join("; ")
                    ),
                    (Lang::En, false) => format!(
                        "hedui is unsure it read the annex: lines {first}–{last} ({}, {layout} list) were read as the annex, but {}",
                        nouns(*items, "item", "items"),
                        reasons.join("; ")
                    ),
                    (Lang::Zh, true) => format!(
                        "未能可靠读出附件：第{first}–{last}行（{items}项，{}）被当作附件，但{}",
                        layout_zh(layout),
                        reasons.join("；")
                    ),
                    (Lang::Zh, false) => format!(
                        "附件读取存疑：第{first}–{last}行（{items}项，{}）被当作附件，但{}",
                        layout_zh(layout),
                        reasons.join("；")
                    ),
                }
            }
            (M::TitleCount { stated, listed }, Lang::En) => {
                format!(
                    "the annex title states {}, but {listed} {} listed",
                    nouns(*stated, "item", "items"),
                    agree(*listed, "is", "are")
                )
            }
            (M::TitleCount { stated, listed }, Lang::Zh) => {
                format!("附件标题称{stated}件，实际列出{listed}件")
            }
            (M::SectionCount { stated, listed }, Lang::En) => {
                format!(
                    "the section heading states {}, but {listed} {} listed",
                    nouns(*stated, "item", "items"),
                    agree(*listed, "is", "are")
                )
            }
            (M::SectionCount { stated, listed }, Lang::Zh) => {
                format!("分组标题称{stated}件，实际列出{listed}件")
            }
            (M::BodyCount { stated, listed }, Lang::En) => {
                format!(
                    "the body states {}, but the annex lists {listed}",
                    nouns(*stated, "item", "items")
                )
            }
            (M::BodyCount { stated, listed }, Lang::Zh) => {
                format!("正文称{stated}件，附件列出{listed}件")
            }
            (
                M::TableCount {
                    stated,
                    listed,
                    categories,
                },
                Lang::En,
            ) => {
                let what = if *categories {
                    "categories"
                } else {
                    "indicators"
                };
                format!("the body states {stated} {what}, but the annex table has {listed}")
            }
            (
                M::TableCount {
                    stated,
                    listed,
                    categories,
                },
                Lang::Zh,
            ) => {
                let what = if *categories { "类" } else { "项指标" };
                format!("正文称{stated}{what}，附表列出{listed}{what}")
            }
            (M::HeadingCarriesItem { number }, Lang::En) => {
                format!("section heading carries item number {number}")
            }
            (M::HeadingCarriesItem { number }, Lang::Zh) => {
                format!("分组标题带有事项序号{number}")
            }
            (
                M::HeadingOrder {
                    label,
                    back,
                    expected,
                },
                Lang::En,
            ) => {
                let what = if *back {
                    "repeats or goes back"
                } else {
                    "skips"
                };
                format!("heading {label} {what}: expected heading {expected}")
            }
            (
                M::HeadingOrder {
                    label,
                    back,
                    expected,
                },
                Lang::Zh,
            ) => {
                let what = if *back { "重复或倒退" } else { "跳号" };
                format!("分组标题“{label}”{what}：应为第{expected}个标题")
            }
            (M::ItemRepeats { number }, Lang::En) => {
                format!("item {number} repeats the number before it")
            }
            (M::ItemRepeats { number }, Lang::Zh) => {
                format!("事项序号{number}与前一项重复")
            }
            (M::ItemBackwards { number, previous }, Lang::En) => {
                format!("item {number} goes backwards after item {previous}")
            }
            (M::ItemBackwards { number, previous }, Lang::Zh) => {
                format!("事项序号{number}在事项{previous}之后倒退")
            }
            (
                M::ItemSkips {
                    number,
                    previous,
                    first,
                    last,
                },
                Lang::En,
            ) => {
                let missing = if first == last {
                    format!("{first} is missing")
                } else {
                    format!("{first}–{last} are missing")
                };
                format!("item {number} follows item {previous}: {missing}")
            }
            (
                M::ItemSkips {
                    number,
                    previous,
                    first,
                    last,
                },
                Lang::Zh,
            ) => {
                let missing = if first == last {
                    format!("{first}")
                } else {
                    format!("{first}–{last}")
                };
                format!("事项{number}紧接在事项{previous}之后：缺少第{missing}项")
            }
            (M::AnnexOnly { name, qty }, Lang::En) => {
                format!("{name}: annex states {qty}; the body does not")
            }
            (M::AnnexOnly { name, qty }, Lang::Zh) => {
                format!("{name}：附件为{qty}，正文未提及")
            }
            (M::BodyOnly { name, qty }, Lang::En) => {
                format!("{name}: body states {qty}; no annex item does")
            }
            (M::BodyOnly { name, qty }, Lang::Zh) => {
                format!("{name}：正文为{qty}，附件无对应事项")
            }
            (
                M::TableSum {
                    name,
                    column,
                    stated,
                    sum,
                    rows,
                },
                Lang::En,
            ) => {
                format!("{name} ({column}): table states {stated}, its {rows} rows add up to {sum}")
            }
            (
                M::TableSum {
                    name,
                    column,
                    stated,
                    sum,
                    rows,
                },
                Lang::Zh,
            ) => format!("{name}（{column}）：表中为{stated}，所列{rows}行相加为{sum}"),
            (
                M::TableGrowth {
                    name,
                    stated,
                    past,
                    this,
                    computed,
                },
                Lang::En,
            ) => format!("{name}: growth printed as {stated}%, but {past} → {this} is {computed}%"),
            (
                M::TableGrowth {
                    name,
                    stated,
                    past,
                    this,
                    computed,
                },
                Lang::Zh,
            ) => format!("{name}：增长率为{stated}%，但由{past}到{this}应为{computed}%"),
            (M::SumMatch { name, body, parts }, Lang::En) => {
                format!("{name}: body {body} = annex {}", parts.join(" + "))
            }
            (M::SumMatch { name, body, parts }, Lang::Zh) => {
                format!("{name}：正文{body} = 附件{}", parts.join(" + "))
            }
        }
    }
}

/// A layout name in Chinese.
fn layout_zh(layout: &str) -> &'static str {
    match layout {
        "heading-items" => "每项一个标题行",
        "unnumbered" => "无序号清单",
        "table" => "数据表格",
        _ => "编号清单",
    }
}

impl crate::finding::Doubt {
    /// The reason in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use crate::finding::Doubt as D;
        match (self, lang) {
            (D::NotAnnounced, Lang::En) => "no 附件 line or title announces this list".into(),
            (D::NotAnnounced, Lang::Zh) => "没有“附件”行或清单标题引出这份清单".into(),
            (D::FarShort { stated, listed }, Lang::En) => {
                format!(
                    "its title states {} and only {listed} {} read",
                    nouns(*stated, "item", "items"),
                    agree(*listed, "was", "were")
                )
            }
            (D::FarShort { stated, listed }, Lang::Zh) => {
                format!("标题称{stated}项，只读出{listed}项")
            }
            (D::FewFigures { with, items }, Lang::En) => {
                format!(
                    "only {with} of its {items} items {} a figure",
                    agree(*with, "states", "state")
                )
            }
            (D::FewFigures { with, items }, Lang::Zh) => {
                format!("{items}项中只有{with}项有数字")
            }
            (D::ProseItems { prose, items }, Lang::En) => {
                format!(
                    "{prose} of its {items} items {} like report prose, not commitments",
                    agree(*prose, "reads", "read")
                )
            }
            (D::ProseItems { prose, items }, Lang::Zh) => {
                format!("{items}项中有{prose}项像是报告正文而非承诺事项")
            }
            (D::Rival { line, items }, Lang::En) => {
                format!(
                    "another list at line {line} ({}) is nearly as likely",
                    nouns(*items, "item", "items")
                )
            }
            (D::Rival { line, items }, Lang::Zh) => {
                format!("第{line}行另有一份清单（{items}项）同样可能是附件")
            }
            (D::NoFigures, Lang::En) => "the list states no figure to check".into(),
            (D::NoFigures, Lang::Zh) => "清单中没有可核对的数字".into(),
            (D::NamesOnly { items }, Lang::En) => {
                format!("its {items} items are names without figures")
            }
            (D::NamesOnly { items }, Lang::Zh) => format!("清单{items}项只列名称、没有数字"),
            (D::FewRestated { aligned, figures }, Lang::En) => {
                format!(
                    "only {aligned} of its {figures} figures {} restated in the body",
                    agree(*aligned, "is", "are")
                )
            }
            (D::FewRestated { aligned, figures }, Lang::Zh) => {
                format!("{figures}个数字中只有{aligned}个在正文中找到对应")
            }
        }
    }
}

impl Hint {
    /// The hint in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use Hint as H;
        match (self, lang) {
            (H::RoundedSum { body, parts, sum }, Lang::En) => format!(
                "body {body} looks like the rounded sum of annex {} (= {sum}): the body may count them together",
                parts.join(" + ")
            ),
            (H::RoundedSum { body, parts, sum }, Lang::Zh) => format!(
                "正文{body}像是附件{}（= {sum}）相加后取整：正文可能把几项合在一起计算",
                parts.join(" + ")
            ),
            (
                H::CopySlip {
                    side,
                    qty,
                    neighbour,
                },
                _,
            ) => {
                let side = part(*side, lang);
                match lang {
                    Lang::En => format!(
                        "{side} {qty} repeats the figure of “{neighbour}” beside it: likely a copy slip in the {side}"
                    ),
                    Lang::Zh => format!(
                        "{side}的{qty}与相邻的“{neighbour}”数字相同：可能是{side}抄错"
                    ),
                }
            }
            (H::HeadingCounted { numbers }, _) => {
                let nums: Vec<String> = numbers.iter().map(u32::to_string).collect();
                match lang {
                    Lang::En => format!(
                        "a heading numbered as item {} may have been counted as an item",
                        nums.join(", ")
                    ),
                    Lang::Zh => format!(
                        "编为第{}项的分组标题可能被计入了事项数",
                        nums.join("、")
                    ),
                }
            }
            (H::ItemsUnder { first, last }, Lang::En) => {
                format!("items listed under it: {first}–{last}")
            }
            (H::ItemsUnder { first, last }, Lang::Zh) => {
                format!("其下列出的事项：{first}–{last}")
            }
            (H::BoundDropped, Lang::En) => {
                "one side drops the bound; state it on both or on neither".to_string()
            }
            (H::BoundDropped, Lang::Zh) => {
                "一处写了限定词、另一处没写；两处应都写或都不写".to_string()
            }
            (H::BoundsDiffer, Lang::En) => {
                "the two bounds mean different ranges; pick one".to_string()
            }
            (H::BoundsDiffer, Lang::Zh) => "两个限定词表示的范围不同；请统一为一种".to_string(),
            (H::Typo, Lang::En) => {
                "a changed character inside a name is usually a typo; check which side is right"
                    .to_string()
            }
            (H::Typo, Lang::Zh) => "名称中间改了个别字通常是笔误；请核对哪一处正确".to_string(),
            (H::HeadingNumber { suggestion }, Lang::En) => format!(
                "give it a heading number such as {suggestion}、 and keep item numbers for items"
            ),
            (H::HeadingNumber { suggestion }, Lang::Zh) => {
                format!("改用“{suggestion}、”这样的分组序号，事项序号只用于事项")
            }
            (H::LostDigit { expected }, Lang::En) => {
                format!("item {expected} may have lost a digit")
            }
            (H::LostDigit { expected }, Lang::Zh) => {
                format!("可能是事项{expected}漏写了一位数字")
            }
            (H::Merges { quotes }, Lang::En) => {
                format!("the body merges: {}", quotes.join("; "))
            }
            (H::Merges { quotes }, Lang::Zh) => {
                format!("正文合并了：{}", quotes.join("；"))
            }
        }
    }
}

/// What the command line says besides reports, by message id: notes, warnings and errors on
/// stderr and the comments of `hedui config --show`. Rendered with [`Note::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Findings a baseline hid.
    BaselineHidden { count: usize, baseline: String },
    /// Recorded findings of the checked documents that no longer occur.
    BaselineStale { count: usize, baseline: String },
    /// A baseline that records none of the checked documents.
    BaselineNoMatch { baseline: String, root: String },
    /// Findings written to a new baseline.
    BaselineRecorded { count: usize, baseline: String },
    /// Findings left out by `--show`.
    NotShown { count: usize, show: &'static str },
    /// A warning about how a document was read.
    ReadWarning { note: String },
    /// Ctrl-C.
    Interrupted,
    /// `hedui explain` of an unknown rule.
    UnknownRule { rule: String, rules: String },
    /// A bad `--encoding`.
    UnknownEncoding { label: String },
    /// `--annex` with several documents.
    AnnexOneBody,
    /// `--annex` with a directory.
    AnnexNotDirectory { path: String },
    /// A directory with no document.
    NoDocuments { paths: String },
    /// `annotate` of something else than a .docx.
    NotDocx { path: String },
    /// What `annotate` wrote.
    Annotated {
        path: String,
        comments: usize,
        findings: usize,
    },
    /// `config --show`: where the configuration comes from.
    ConfigFrom { path: String },
    /// `config --show`: no hedui.toml.
    ConfigBuiltin,
    /// `config --show`: built-in tables.
    TablesBuiltin,
    /// `config --show`: tables with the user's files.
    TablesFrom { dir: String },
    /// The configuration cannot be printed.
    ConfigUnprintable { detail: String },
}

impl Note {
    /// One of each message, for tests and for checking a translation is complete.
    pub fn examples() -> Vec<Note> {
        let s = |x: &str| x.to_string();
        let all = vec![
            Note::BaselineHidden {
                count: 2,
                baseline: s("b.json"),
            },
            Note::BaselineStale {
                count: 1,
                baseline: s("b.json"),
            },
            Note::BaselineNoMatch {
                baseline: s("b.json"),
                root: s("/repo"),
            },
            Note::BaselineRecorded {
                count: 3,
                baseline: s("b.json"),
            },
            Note::NotShown {
                count: 26,
                show: "warning",
            },
            Note::ReadWarning {
                note: s("x.txt: 2 bytes replaced"),
            },
            Note::Interrupted,
            Note::UnknownRule {
                rule: s("typo"),
                rules: s("number-mismatch, numbering"),
            },
            Note::UnknownEncoding {
                label: s("latin-9x"),
            },
            Note::AnnexOneBody,
            Note::AnnexNotDirectory { path: s("drafts") },
            Note::NoDocuments { paths: s("drafts") },
            Note::NotDocx { path: s("r.txt") },
            Note::Annotated {
                path: s("out.docx"),
                comments: 8,
                findings: 5,
            },
            Note::ConfigFrom {
                path: s("hedui.toml"),
            },
            Note::ConfigBuiltin,
            Note::TablesBuiltin,
            Note::TablesFrom { dir: s("my-rules") },
            Note::ConfigUnprintable { detail: s("x") },
        ];
        // Every id is listed above: adding one without an example does not compile here.
        for n in &all {
            match n {
                Note::BaselineHidden { .. }
                | Note::BaselineStale { .. }
                | Note::BaselineNoMatch { .. }
                | Note::BaselineRecorded { .. }
                | Note::NotShown { .. }
                | Note::ReadWarning { .. }
                | Note::Interrupted
                | Note::UnknownRule { .. }
                | Note::UnknownEncoding { .. }
                | Note::AnnexOneBody
                | Note::AnnexNotDirectory { .. }
                | Note::NoDocuments { .. }
                | Note::NotDocx { .. }
                | Note::Annotated { .. }
                | Note::ConfigFrom { .. }
                | Note::ConfigBuiltin
                | Note::TablesBuiltin
                | Note::TablesFrom { .. }
                | Note::ConfigUnprintable { .. } => {}
            }
        }
        all
    }

    /// The message in `lang`, without the `hedui: ` prefix.
    pub fn render(&self, lang: Lang) -> String {
        use Note as N;
        match (self, lang) {
            (N::BaselineHidden { count, baseline }, Lang::En) => {
                format!("{count} findings recorded in {baseline} not shown")
            }
            (N::BaselineHidden { count, baseline }, Lang::Zh) => {
                format!("{baseline} 中记录的 {count} 个问题未显示")
            }
            (N::BaselineStale { count, baseline }, Lang::En) => format!(
                "warning: {count} findings recorded in {baseline} no longer occur (stale); --write-baseline {baseline} records the current ones"
            ),
            (N::BaselineStale { count, baseline }, Lang::Zh) => format!(
                "警告：{baseline} 中记录的 {count} 个问题已不再出现（已过时）；用 --write-baseline {baseline} 重新记录当前问题"
            ),
            (N::BaselineNoMatch { baseline, root }, Lang::En) => format!(
                "warning: {baseline} records findings of none of the checked documents (its paths are relative to {root})"
            ),
            (N::BaselineNoMatch { baseline, root }, Lang::Zh) => format!(
                "警告：{baseline} 未记录任何被检查文档的问题（其中的路径相对于 {root}）"
            ),
            (N::BaselineRecorded { count, baseline }, Lang::En) => {
                format!("recorded {count} findings in {baseline}")
            }
            (N::BaselineRecorded { count, baseline }, Lang::Zh) => {
                format!("已将 {count} 个问题记录到 {baseline}")
            }
            (N::NotShown { count, show }, Lang::En) => {
                format!("{count} findings below {show} not shown (--show {show})")
            }
            (N::NotShown { count, show }, Lang::Zh) => format!(
                "低于{}级别的 {count} 个问题未显示（--show {show}）",
                severity_named(show, lang)
            ),
            (N::ReadWarning { note }, Lang::En) => format!("warning: {note}"),
            (N::ReadWarning { note }, Lang::Zh) => format!("警告：{note}"),
            (N::Interrupted, Lang::En) => "interrupted; nothing written".to_string(),
            (N::Interrupted, Lang::Zh) => "已中断；未写入任何文件".to_string(),
            (N::UnknownRule { rule, rules }, Lang::En) => {
                format!("unknown rule {rule:?} (rules: {rules})")
            }
            (N::UnknownRule { rule, rules }, Lang::Zh) => {
                format!("没有规则 {rule:?}（规则有：{rules}）")
            }
            (N::UnknownEncoding { label }, Lang::En) => format!(
                "unknown encoding {label:?} (try utf-8, gbk, gb18030, big5, utf-16le, utf-16be)"
            ),
            (N::UnknownEncoding { label }, Lang::Zh) => format!(
                "不认识的编码 {label:?}（可用 utf-8、gbk、gb18030、big5、utf-16le、utf-16be）"
            ),
            (N::AnnexOneBody, Lang::En) => "--annex takes exactly one body document".to_string(),
            (N::AnnexOneBody, Lang::Zh) => "--annex 只能配一个正文文档".to_string(),
            (N::AnnexNotDirectory { path }, Lang::En) => {
                format!("{path}: --annex needs a body document, not a directory")
            }
            (N::AnnexNotDirectory { path }, Lang::Zh) => {
                format!("{path}：--annex 需要一个正文文档，而不是目录")
            }
            (N::NoDocuments { paths }, Lang::En) => {
                format!("{paths}: no documents found (see --glob)")
            }
            (N::NoDocuments { paths }, Lang::Zh) => format!("{paths}：未找到文档（参见 --glob）"),
            (N::NotDocx { path }, Lang::En) => format!(
                "{path}: not a Word document (.docx); annotate writes comments into .docx files only"
            ),
            (N::NotDocx { path }, Lang::Zh) => {
                format!("{path}：不是 Word 文档（.docx）；annotate 只能在 .docx 文件中写批注")
            }
            (N::Annotated { path, comments, findings }, Lang::En) => {
                format!("wrote {path} with {comments} comments on {findings} findings")
            }
            (N::Annotated { path, comments, findings }, Lang::Zh) => {
                format!("已写入 {path}：{findings} 个问题，{comments} 条批注")
            }
            (N::ConfigFrom { path }, Lang::En) => format!("from {path}"),
            (N::ConfigFrom { path }, Lang::Zh) => format!("来自 {path}"),
            (N::ConfigBuiltin, Lang::En) => "no hedui.toml found: built-in defaults".to_string(),
            (N::ConfigBuiltin, Lang::Zh) => "未找到 hedui.toml：使用内置默认设置".to_string(),
            (N::TablesBuiltin, Lang::En) => "tables: built-in".to_string(),
            (N::TablesBuiltin, Lang::Zh) => "数据表：内置".to_string(),
            (N::TablesFrom { dir }, Lang::En) => {
                format!("tables: built-in, with the files in {dir}")
            }
            (N::TablesFrom { dir }, Lang::Zh) => format!("数据表：内置，并以 {dir} 中的文件替换"),
            (N::ConfigUnprintable { detail }, Lang::En) => {
                format!("cannot print the configuration: {detail}")
            }
            (N::ConfigUnprintable { detail }, Lang::Zh) => format!("无法输出配置：{detail}"),
        }
    }
}

/// A severity named by its English id (`warning`), in `lang`.
fn severity_named(id: &str, lang: Lang) -> &str {
    match id {
        "error" => severity(Severity::Error, lang),
        "warning" => severity(Severity::Warning, lang),
        "info" => severity(Severity::Info, lang),
        other => other,
    }
}

/// What an I/O error means, in Chinese, for the common cases; else the system's words.
fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在".to_string(),
        K::PermissionDenied => "没有权限".to_string(),
        K::IsADirectory => "这是一个目录".to_string(),
        K::InvalidData => "数据无效".to_string(),
        _ => e.to_string(),
    }
}

fn format_error_zh(e: &FormatError) -> String {
    match e {
        FormatError::Malformed { format, detail } => format!("不是有效的 {format} 文件：{detail}"),
        FormatError::NoTextLayer => {
            "PDF 没有文字层（可能是扫描图片）；请先做 OCR 文字识别".to_string()
        }
        FormatError::Unsupported { what } => what.clone(),
        FormatError::TooLarge { size, limit } => {
            format!("文件有 {size} 字节，超过 {limit} 字节的上限（可用 --max-size 调高）")
        }
        FormatError::ZipBomb { entry, limit } => {
            format!("压缩包中的 {entry} 解压后超过 {limit} 字节；疑为压缩炸弹，拒绝读取")
        }
    }
}

/// A library error as one line in `lang` (it names the file). Details that come from elsewhere
/// (a parser's message, the system's) stay as they are.
pub fn error(e: &Error, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let p = |path: &std::path::Path| path.display().to_string();
    match e {
        Error::Read { path, source } => format!("{}：无法读取文件：{}", p(path), io_zh(source)),
        Error::IsDirectory { path } => format!("{}：是目录，不是文档", p(path)),
        Error::Empty { path } => format!("{}：文档是空的", p(path)),
        Error::Undecodable {
            path,
            encoding,
            offset,
        } => format!(
            "{}：不是有效的 {encoding} 文本（第 {offset} 字节无效）；可用 --encoding 指定编码（无效字节将被替换）",
            p(path)
        ),
        Error::Format { path, source } => format!("{}：{}", p(path), format_error_zh(source)),
        Error::Binary { path, what } => format!("{}：不是文本文档（{what}）", p(path)),
        Error::Walk { path, message } => format!("{}：无法遍历目录：{message}", p(path)),
        Error::Write { path, message } => format!("{}：{message}", p(path)),
        Error::Baseline { path, message } => {
            format!("{}：不是 hedui 基线文件：{message}", p(path))
        }
        Error::Config { path, message } => format!("{}：{message}", p(path)),
        Error::NoAnnex { path } => format!(
            "{}：未找到附件（应有“附件”标题，或“1. …”这样编号的事项清单）",
            p(path)
        ),
        Error::AnnexUnreadable {
            path,
            line,
            heading,
        } => format!(
            "{}：第{line}行引出了附件（“{heading}”），但其后读不出事项清单（运行 `hedui annex` 查看读取结果；如果版式特殊，请报告）",
            p(path)
        ),
        Error::NoBody { path } => format!(
            "{}：找到了附件，但没有可与之对照数字的正文（如果正文在另一个文件里，请用 --annex 检查）",
            p(path)
        ),
        Error::TooMuchMemory {
            path,
            needed,
            limit,
        } => format!(
            "{}：检查此文档约需 {} 内存，超过 {} 的上限（可用 --max-memory 调高）",
            p(path),
            crate::memory::describe(*needed),
            crate::memory::describe(*limit)
        ),
        Error::Table(t) => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("en_US"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn the_issue_example_reads_naturally() {
        let m = Message::NumberMismatch {
            name: "新增学位".into(),
            annex: "6.6万个".into(),
            body: "6.9万个".into(),
        };
        assert_eq!(m.render(Lang::Zh), "新增学位：附件为6.6万个，正文为6.9万个");
        assert_eq!(m.render(Lang::En), "新增学位: annex 6.6万个, body 6.9万个");
    }

    /// Has Chinese characters.
    fn han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_message_id_in_both_languages() {
        for n in Note::examples() {
            let (en, zh) = (n.render(Lang::En), n.render(Lang::Zh));
            assert!(!en.is_empty() && !zh.is_empty(), "{n:?}");
            assert_ne!(en, zh, "{n:?} is not translated");
            assert!(!han(&en), "{n:?}: English has Chinese: {en}");
            assert!(han(&zh), "{n:?}: Chinese has none: {zh}");
        }
    }

    #[test]
    fn errors_in_both_languages() {
        use std::path::PathBuf;
        let path = || PathBuf::from("r.txt");
        let errors = vec![
            Error::Read {
                path: path(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
            Error::IsDirectory { path: path() },
            Error::Empty { path: path() },
            Error::Undecodable {
                path: path(),
                encoding: "GBK",
                offset: 3,
            },
            Error::Format {
                path: path(),
                source: FormatError::NoTextLayer,
            },
            Error::Format {
                path: path(),
                source: FormatError::TooLarge { size: 9, limit: 1 },
            },
            Error::Format {
                path: path(),
                source: FormatError::ZipBomb {
                    entry: "x".into(),
                    limit: 1,
                },
            },
            Error::Format {
                path: path(),
                source: FormatError::Malformed {
                    format: "Word",
                    detail: "x".into(),
                },
            },
            Error::Binary {
                path: path(),
                what: "PNG".into(),
            },
            Error::Walk {
                path: path(),
                message: "x".into(),
            },
            Error::Baseline {
                path: path(),
                message: "x".into(),
            },
            Error::NoAnnex { path: path() },
            Error::AnnexUnreadable {
                path: path(),
                line: 12,
                heading: "附件".into(),
            },
            Error::NoBody { path: path() },
            Error::TooMuchMemory {
                path: path(),
                needed: 3 << 20,
                limit: 1 << 20,
            },
        ];
        for e in &errors {
            let (en, zh) = (error(e, Lang::En), error(e, Lang::Zh));
            assert_eq!(en, e.to_string());
            assert!(zh.starts_with("r.txt："), "{zh}");
            assert!(han(&zh) && zh != en, "{e:?}: {zh}");
        }
    }
}

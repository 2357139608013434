//! Finding the annex: where it starts and ends, its stated total, its section headings and their
//! counts, and its numbered items.

use std::ops::Range;

mod numbered;
mod tabular;
mod unnumbered;

use super::furniture::is_furniture;
use super::marker::{self, Marker, Style};
use super::repair::{chars_at_most, is_title_like, Para};
use crate::tables::{is_total_numeral, AnnexTable, CountMatch};

/// A number of items a line says a list holds (`43件`, `7件`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Paragraph of the statement.
    pub para: usize,
    /// The number stated.
    pub value: u32,
    /// Byte range of the count in the paragraph's text.
    pub span: Range<usize>,
}

/// A section heading of the annex and the items under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Paragraph of the heading.
    pub para: usize,
    /// Its marker (`三、`), if any.
    pub marker: Option<Marker>,
    /// Whether the heading carries an item-style number (`18. 优化基本公共服务15件`).
    pub misnumbered: bool,
    /// The count the heading states, if any.
    pub count: Option<Count>,
    /// Indexes into [`Annex::items`] of the items under this heading.
    pub items: Range<usize>,
}

/// One numbered item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Paragraphs of the item: the numbered one first, then continuations.
    pub paras: Vec<usize>,
    /// Its marker.
    pub marker: Marker,
    /// Index into [`Annex::sections`], if the item is under a heading.
    pub section: Option<usize>,
}

/// Reads a count numeral (`43`, `十五`).
pub(crate) fn count_value(s: &str) -> Option<u32> {
    s.parse()
        .ok()
        .or_else(|| marker::chinese_ordinal(s))
        .or_else(|| crate::quantity::parse_numeral(s).and_then(|(v, _)| v.try_into().ok()))
}

/// A count of `text` (paragraph `para`) found by `m`.
pub(crate) fn count(para: usize, text: &str, m: CountMatch) -> Option<Count> {
    Some(Count {
        para,
        value: count_value(text.get(m.n.clone())?)?,
        span: m.n.start..m.all.end,
    })
}

/// A count at the start of `s` (`18个`, `十件`): its numeral's byte length and the classifier
/// after it, when that is one of `units`.
fn count_at(s: &str, units: &[char]) -> Option<(usize, char)> {
    let n_len = s
        .char_indices()
        .find(|&(_, c)| !is_total_numeral(c))
        .map_or(s.len(), |(i, _)| i);
    let unit = s[n_len..].chars().next()?;
    (n_len > 0 && units.contains(&unit)).then_some((n_len, unit))
}

/// The count a heading states: at its end (`…7件`, `(共7项)`) or opening its parenthetical
/// (`科教惠民工程（项目6个，其中基建工程类5个）`, `(6个项目)`).
pub(crate) fn heading_count(table: &AnnexTable, para: usize, text: &str) -> Option<Count> {
    table
        .heading_count(text)
        .and_then(|m| count(para, text, m))
        .or_else(|| paren_count(para, text))
}

/// `（项目6个，…）`, `（共6项）`, `（6个项目）`: the count opening a heading's parenthetical.
fn paren_count(para: usize, text: &str) -> Option<Count> {
    let open = text.find(['(', '（'])?;
    let inner_start = open + text[open..].chars().next()?.len_utf8();
    let inner = &text[inner_start..];
    let clause_end = inner
        .find([',', '，', ';', ')', '）'])
        .unwrap_or(inner.len());
    let clause = &inner[..clause_end];
    let lead = ["项目", "实事", "共", "计"]
        .iter()
        .find_map(|w| clause.strip_prefix(w).map(|_| w.len()))
        .unwrap_or(0);
    let rest = &clause[lead..];
    let (n_len, unit) = count_at(rest, &['个', '件', '项'])?;
    let after = rest[n_len + unit.len_utf8()..].trim_start_matches(['项', '目']);
    if !after.is_empty() && !["实事", "民生实事"].contains(&after) {
        return None;
    }
    let n = inner_start + lead..inner_start + lead + n_len;
    Some(Count {
        para,
        value: count_value(text.get(n.clone())?)?,
        span: n.start..inner_start + clause_end,
    })
}

/// Whether a count in the body states the list's total plainly: not a bound or an estimate
/// (`不少于2件实事`, `100件左右民生实事`), not per unit (`每个乡镇…2件实事`, `每一件实事`).
pub(crate) fn plain_total(text: &str, m: &CountMatch) -> bool {
    let before: String = text[..m.n.start]
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let bounded_before = [
        "不少于",
        "不低于",
        "至少",
        "超过",
        "约",
        "近",
        "逾",
        "每",
        "每个",
        "每一",
    ]
    .iter()
    .any(|w| before.ends_with(w));
    let per_unit = before.contains('每');
    let classifier_end = text[m.n.end..]
        .char_indices()
        .nth(1)
        .map_or(text.len(), |(i, _)| m.n.end + i);
    let after = &text[classifier_end..];
    let bounded_after = ["左右", "以上", "多", "余", "上下"]
        .iter()
        .any(|w| after.starts_with(w));
    !(bounded_before || per_unit || bounded_after)
}

fn total_count(table: &AnnexTable, para: usize, text: &str) -> Option<Count> {
    table
        .total(text)
        .and_then(|m| count(para, text, m))
        .or_else(|| total_after_words(table, para, text))
}

/// A total stated after the words naming the list: `民生实事项目10项`, `为民办实事项目共12件`.
fn total_after_words(table: &AnnexTable, para: usize, text: &str) -> Option<Count> {
    let end = table.title_word_end(text)?;
    let rest = &text[end..];
    let skip = rest
        .char_indices()
        .take(6)
        .find(|&(_, c)| !"项目清单共计为:：".contains(c))
        .map(|(i, _)| i)?;
    let n_start = end + skip;
    let rest = &text[n_start..];
    let (n_len, unit) = count_at(rest, &['件', '项'])?;
    // `民生实事项目10项工程建设` is not a total: the count ends the clause.
    let after = rest[n_len + unit.len_utf8()..].chars().next();
    if after.is_some_and(|c| !matches!(c, ':' | '：' | ',' | '，' | '。' | ';' | ')' | '）')) {
        return None;
    }
    Some(Count {
        para,
        value: count_value(&rest[..n_len])?,
        span: n_start..n_start + n_len + unit.len_utf8(),
    })
}

/// Whether a line is a tail naming who is responsible for the item above
/// (`牵头单位：市教育局`, `（牵头领导：张三，责任单位：市教育局）`).
pub(crate) fn is_tail_line(table: &AnnexTable, text: &str) -> bool {
    chars_at_most(text, 120) && table.starts_with_responsibility(text)
}

/// A Chinese numeral character that can start a figure in [`has_figure`].
fn is_count_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
    )
}

/// A classifier that makes a Chinese numeral before it a figure in [`has_figure`].
fn is_count_classifier(c: char) -> bool {
    matches!(
        c,
        '个' | '所'
            | '家'
            | '座'
            | '人'
            | '名'
            | '万'
            | '亿'
            | '处'
            | '条'
            | '公'
            | '里'
            | '张'
            | '套'
            | '户'
            | '场'
            | '次'
            | '项'
            | '件'
    )
}

/// Whether `text` states a figure: an Arabic number that is not a year or a date, or a Chinese
/// numeral before a common classifier.
pub(crate) fn has_figure(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            // The run of digits and points, and the character after it.
            let mut run = 1;
            let mut last = c;
            while let Some(d) = chars.next_if(|&d| d.is_ascii_digit() || d == '.') {
                run += 1;
                last = d;
            }
            let next = chars.peek().copied().unwrap_or(' ');
            let year = run == 4 && next == '年';
            if !year && !matches!(next, '月' | '日' | '号' | '时' | '岁' | '周') {
                return true;
            }
            prev = Some(last);
            continue;
        }
        if is_count_numeral(c)
            && chars.peek().copied().is_some_and(is_count_classifier)
            && prev.is_some_and(|p| !matches!(p, '第' | '每' | '一'))
        {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// What a short line says about a list that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    /// It opens an annex (`附件`, `附件1：…`).
    pub opener: bool,
    /// It names a list (`…民生实事项目`, `43件…`).
    pub titled: bool,
}

/// Whether `text` is a line that announces a list: an annex opener, or a short title naming a
/// list of livelihood projects (with or without a stated total).
pub(crate) fn anchor(table: &AnnexTable, text: &str) -> Option<Anchor> {
    // The length first: it is known at once for most paragraphs.
    let short = chars_at_most(text, 80) && !text.contains('。');
    if !short {
        return None;
    }
    let opener = table.is_opener(text);
    // A text without a total word states no total (`total_count` looks for one first).
    let titled = table.has_title_word(text)
        && (total_count(table, 0, text).is_some()
            || chars_at_most(text, 50)
                && marker::parse(text).is_none()
                && !text.contains([',', ';', '!', '?']));
    (opener || titled).then_some(Anchor { opener, titled })
}

/// How the items of an annex are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// One item per paragraph, each opening with a marker.
    Numbered,
    /// A heading line per item (`一、加强学位宿位建设。`), the content on the lines after it.
    HeadingItems,
    /// One item per paragraph without markers (or one paragraph of `；`-separated items).
    Unnumbered,
    /// A table of figures, one item per row (see [`super::table`]).
    Table,
}

impl Layout {
    /// A stable name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Numbered => "numbered",
            Layout::HeadingItems => "heading-items",
            Layout::Unnumbered => "unnumbered",
            Layout::Table => "table",
        }
    }
}

/// Why hedui took a list for the annex, and how sure it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    /// Paragraph of the `附件` line, if one opens the list.
    pub opener: Option<usize>,
    /// Paragraph of a title naming the list, if any.
    pub title: Option<usize>,
    /// Items that state a figure.
    pub with_figures: usize,
    /// Items with a responsibility tail.
    pub with_tails: usize,
    /// Items that read like report prose (several sentences, or very long).
    pub prose_items: usize,
    /// The score the list won with (tenths of a point).
    pub score: i64,
    /// Another list that scored nearly as well: its first paragraph and its item count.
    pub rival: Option<(usize, usize)>,
}

/// The annex of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annex {
    /// Paragraphs the annex covers.
    pub paras: Range<usize>,
    /// The stated total of the whole list, if a title states one.
    pub total: Option<Count>,
    /// Section headings, in order.
    pub sections: Vec<Section>,
    /// Numbered items, in order.
    pub items: Vec<Item>,
    /// The marker style of items.
    pub item_style: Style,
    /// How the items are laid out.
    pub layout: Layout,
    /// Why this list was taken for the annex.
    pub evidence: Evidence,
    /// The table of figures, when the annex is one ([`Layout::Table`]).
    pub grid: Option<Box<super::table::Grid>>,
}

impl Annex {
    fn new(paras: Range<usize>, item_style: Style, layout: Layout) -> Annex {
        Annex {
            paras,
            total: None,
            sections: Vec::new(),
            items: Vec::new(),
            item_style,
            layout,
            evidence: Evidence::default(),
            grid: None,
        }
    }

    /// Whether a line announced the list (`附件` or a title naming it).
    pub fn anchored(&self) -> bool {
        self.evidence.opener.is_some() || self.evidence.title.is_some()
    }

    /// Whether the list as read is convincing on its own: announced, its stated total (if any)
    /// agrees with the items, most items state a figure and few read like report prose.
    pub fn convincing(&self) -> bool {
        let n = self.items.len();
        let e = &self.evidence;
        self.anchored()
            && n >= 2
            && self
                .total
                .as_ref()
                .is_none_or(|t| total_close(t.value as usize, n))
            && e.with_figures * 2 >= n
            && e.prose_items * 2 < n
    }
}

/// Whether a stated total and the items counted are close enough for the list to be the one
/// the total describes (a miscount by an item or two is a `count-mismatch`, not another list).
fn total_close(stated: usize, listed: usize) -> bool {
    stated.abs_diff(listed) <= (stated / 5).max(2)
}

/// What an item's text shows, for the evidence of a candidate.
#[derive(Debug, Clone, Copy)]
struct ItemTraits {
    /// It states a figure.
    figure: bool,
    /// It has a responsibility tail.
    tail: bool,
    /// It reads like report prose (three sentences or more, or very long).
    prose: bool,
}

impl ItemTraits {
    fn of(table: &AnnexTable, paras: &[Para], it: &Item) -> ItemTraits {
        static PERIOD: crate::find::Word = crate::find::Word::new("。");
        let t: String = it
            .paras
            .iter()
            .filter_map(|&p| paras.get(p))
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("");
        ItemTraits {
            figure: has_figure(&t),
            tail: table.has_responsibility_note(&t)
                || it
                    .paras
                    .iter()
                    .any(|&p| is_tail_line(table, &paras[p].text)),
            prose: PERIOD.find_iter(&t).nth(2).is_some() || !chars_at_most(&t, 400),
        }
    }
}

/// Fills in the evidence and the score of a candidate. `known` holds the traits of the
/// one-paragraph items read so far, by paragraph: candidates that start at different lines
/// share most of their items.
fn weigh(table: &AnnexTable, paras: &[Para], a: &mut Annex, known: &mut [Option<ItemTraits>]) {
    let n = a.items.len();
    let mut e = std::mem::take(&mut a.evidence);
    e.with_figures = 0;
    e.with_tails = 0;
    e.prose_items = 0;
    for it in &a.items {
        let traits = match *it.paras.as_slice() {
            [p] if p < known.len() => {
                *known[p].get_or_insert_with(|| ItemTraits::of(table, paras, it))
            }
            _ => ItemTraits::of(table, paras, it),
        };
        e.with_figures += usize::from(traits.figure);
        e.with_tails += usize::from(traits.tail);
        e.prose_items += usize::from(traits.prose);
    }
    let share = |k: usize| (k * 100).checked_div(n).unwrap_or(0) as i64;
    let mut score = 0i64;
    if e.opener.is_some() {
        score += 30;
    }
    if e.title.is_some() {
        score += 20;
    }
    if let Some(t) = &a.total {
        let stated = t.value as usize;
        score += if stated == n {
            30
        } else if total_close(stated, n) {
            10
        } else {
            -20
        };
    } else if a.sections.len() >= 2
        && a.sections.iter().all(|s| {
            s.marker.is_none() && s.count.as_ref().map(|c| c.value as usize) == Some(s.items.len())
        })
    {
        // Lists that each state their own total (see `first_list_title`), all agreeing.
        score += 30;
    }
    score += 30 * share(e.with_figures) / 100;
    score += 10 * share(e.with_tails) / 100;
    score -= 30 * share(e.prose_items) / 100;
    score += n.min(10) as i64;
    if !a.anchored() && matches!(a.item_style, Style::Chinese | Style::ChineseParen) {
        score -= 10;
    }
    // A header that gives columns their roles is evidence of its own.
    if a.grid.is_some() {
        score += 40;
    }
    e.score = score;
    a.evidence = e;
}

/// Whether `text` states a figure besides the count `c` it states.
fn has_figure_besides(text: &str, c: &Count) -> bool {
    has_figure(&[&text[..c.span.start], &text[c.span.end..]].concat())
}

/// Builds the candidates that follow the anchor line `at`: its preamble (a title, a total on its
/// own line) is skipped, then each recogniser reads from the first line after it.
fn anchored_candidates(table: &AnnexTable, paras: &[Para], at: usize, a: Anchor) -> Vec<Annex> {
    let mut opener = a.opener.then_some(at);
    let mut title = a.titled.then_some(at);
    let mut total = stated_total(table, at, &paras[at].text);
    let mut start = at + 1;
    while let Some(p) = paras.get(start) {
        // A line ending with `；` is no title or total but the list's first item, even without
        // a figure (`完成城镇老旧小区改造项目（三期）；`).
        let preamble = start - at <= 4
            && marker::parse(&p.text).is_none()
            && chars_at_most(&p.text, 80)
            && !p.text.ends_with(';')
            && match total_count(table, start, &p.text) {
                // A sentence that states the list's total and no other figure introduces the
                // list, `。` and all (`今年继续集中力量办好十件民生实事，请各牵头单位抓好落实。`).
                Some(c) => !p.text.contains('。') || !has_figure_besides(&p.text, &c),
                None => {
                    !p.text.contains('。')
                        && (!has_figure(&p.text)
                            || p.text.ends_with([':', '：'])
                            || is_furniture(&p.text)
                            || p.text
                                .trim_matches(['(', ')', '（', '）'])
                                .starts_with('共'))
                }
            };
        if !preamble {
            break;
        }
        if let Some(an) = anchor(table, &p.text) {
            opener = opener.or(an.opener.then_some(start));
            title = title.or(an.titled.then_some(start));
        }
        if total.is_none() {
            total = stated_total(table, start, &p.text);
        }
        start += 1;
    }
    let mut out = Vec::new();
    let found = [
        numbered::scan(table, paras, start, true),
        unnumbered::scan(table, paras, start),
        unnumbered::scan_named(paras, start),
    ];
    for mut c in found.into_iter().flatten() {
        c.paras.start = at;
        c.total = total.clone();
        first_list_title(&mut c, title);
        c.evidence.opener = opener;
        c.evidence.title = title;
        out.push(c);
    }
    out
}

/// Two lists under one `附件`, each with a title and its own total (`为农民办好十件实事` ①…⑩,
/// `为城镇居民办好十件实事` ①…⑩): the second title was read as a section heading; the first, read
/// as the annex's title, is the heading of the items before it, and its total theirs, not the
/// whole annex's.
fn first_list_title(c: &mut Annex, title: Option<usize>) {
    let Some(second) = c.sections.first() else {
        return;
    };
    let before = second.items.start;
    let own_total = c
        .total
        .as_ref()
        .is_some_and(|t| Some(t.para) == title && t.value as usize == before && before > 0);
    if !own_total || second.marker.is_some() || second.count.is_none() {
        return;
    }
    let Some(t) = c.total.take() else {
        return;
    };
    c.sections.insert(
        0,
        Section {
            para: t.para,
            marker: None,
            misnumbered: false,
            count: Some(t),
            items: 0..before,
        },
    );
    for it in &mut c.items {
        it.section = Some(it.section.map_or(0, |s| s + 1));
    }
}

/// The total a title or preamble line states: a closing `（共18个）` wins over the words
/// (`五大惠民工程项目清单（共18个）`); elsewhere the count naming the list wins
/// (`候选项目（共13项）进行票决，产生以下10项民生实事项目：`).
fn stated_total(table: &AnnexTable, para: usize, text: &str) -> Option<Count> {
    let paren = paren_total(para, text);
    let closing = paren.as_ref().is_some_and(|c| {
        text[c.span.end..]
            .trim_matches(|ch: char| matches!(ch, ')' | '）' | ' ' | ':' | '：' | '。'))
            .is_empty()
    });
    if closing {
        paren
    } else {
        total_count(table, para, text).or(paren)
    }
}

/// A total written with 共 in a title or on its own line: `（共12项）`, `共10件`,
/// `…项目清单（共18个）`.
fn paren_total(para: usize, text: &str) -> Option<Count> {
    text.match_indices('共').find_map(|(at, _)| {
        let before = text[..at].trim_end().chars().next_back();
        let own_line = text[..at].trim_matches(['(', '（', ' ']).is_empty();
        if !own_line && !matches!(before, Some('(' | '（' | ',' | '，')) {
            return None;
        }
        let n_start = at + '共'.len_utf8();
        let rest = &text[n_start..];
        let (n_len, unit) = count_at(rest, &['件', '项', '个'])?;
        Some(Count {
            para,
            value: count_value(&rest[..n_len])?,
            span: n_start..n_start + n_len + unit.len_utf8(),
        })
    })
}

/// Finds the annex: every candidate list is read (after each line that announces a list, and
/// every numbered run starting at 1) and weighed; the best wins. With `from`, only paragraphs
/// from index `from` on can hold the annex (a separate annex file appended after the body).
pub fn find(table: &AnnexTable, paras: &[Para], from: Option<usize>) -> Option<Annex> {
    let from = from.unwrap_or(0);
    let mut candidates: Vec<Annex> = Vec::new();
    // The style of the previous paragraph's marker.
    let mut prev_style: Option<marker::Style> = None;
    for (i, p) in paras.iter().enumerate().skip(from) {
        if let Some(a) = anchor(table, &p.text) {
            candidates.extend(anchored_candidates(table, paras, i, a));
        }
        candidates.extend(tabular::scan(table, paras, i, from));
        let style = marker::parse(&p.text).map(|m| (m.style, m.number));
        let starts_list = style.is_some_and(|(_, n)| n == 1);
        let continues_list =
            i > from && prev_style.is_some_and(|s| style.is_some_and(|(t, _)| t == s));
        prev_style = style.map(|(s, _)| s);
        if starts_list && !continues_list {
            if let Some(mut c) =
                numbered::scan(table, paras, i, false).filter(|a| a.items.len() >= 3)
            {
                if i > from {
                    let prev = &paras[i - 1].text;
                    if chars_at_most(prev, 80) && !prev.contains('。') {
                        c.total = total_count(table, i - 1, prev);
                    }
                }
                candidates.push(c);
            }
        }
    }
    let mut known = vec![None; paras.len()];
    for c in &mut candidates {
        weigh(table, paras, c, &mut known);
    }
    // The best score; ties go to the earlier anchor, then to more items.
    let best = candidates
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.evidence.score, c.items.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)?;
    let mut annex = candidates.swap_remove(best);
    let overlaps = |c: &Annex| c.paras.start < annex.paras.end && annex.paras.start < c.paras.end;
    annex.evidence.rival = candidates
        .iter()
        .filter(|c| !overlaps(c) && c.anchored() && c.evidence.score + 10 >= annex.evidence.score)
        .max_by_key(|c| c.evidence.score)
        .map(|c| (c.paras.start, c.items.len()));
    Some(annex)
}

/// The first line from `from` on that announces an annex plainly (an `附件` line, or a title
/// without a marker that states a total) but after which no list can be read.
pub fn unreadable_announcement(
    table: &AnnexTable,
    paras: &[Para],
    from: Option<usize>,
) -> Option<usize> {
    let from = from.unwrap_or(0);
    paras.iter().enumerate().skip(from).find_map(|(i, p)| {
        let a = anchor(table, &p.text)?;
        let plain = a.opener
            || marker::parse(&p.text).is_none() && total_count(table, i, &p.text).is_some();
        (plain && anchored_candidates(table, paras, i, a).is_empty()).then_some(i)
    })
}

/// Whether a body paragraph is a short title line (an article title, a masthead, a sub-heading
/// without punctuation).
pub fn is_title(text: &str) -> bool {
    is_title_like(text) && !text.contains(['(', '（']) || is_furniture(text)
}

#[cfg(test)]
mod tests {
    use super::super::repair::paragraphs;
    use super::*;
    use crate::tables::Tables;

    fn annex_of(text: &str) -> Annex {
        let t = Tables::builtin().unwrap();
        find(&t.annex, &paragraphs(text), None).unwrap()
    }

    /// `anchor` asks for a total only of a text with a total word: a text without one states
    /// none (over every line and paragraph of the corpus, and some made up).
    #[test]
    fn no_total_without_a_total_word() {
        let t = Tables::builtin().unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = ["十件", "共10项", "民生10件", "10件实事", "办好十大工程"]
            .map(String::from)
            .to_vec();
        for dir in [dir.clone(), dir.join("layouts")] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
                texts.extend(paragraphs(&text).into_iter().map(|p| p.text));
                texts.extend(text.lines().map(String::from));
            }
        }
        let mut checked = 0;
        for text in &texts {
            if !t.annex.has_title_word(text) {
                assert_eq!(total_count(&t.annex, 0, text), None, "{text}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn a_sentence_stating_only_the_total_introduces_the_list() {
        let items = |intro: &str| {
            let text = format!(
                "正文。\n附件\n2025年三件民生实事\n{intro}\n新增就业5000人。\n新建幼儿园3所。\n新增学位2000个。\n"
            );
            annex_of(&text).items.len()
        };
        assert_eq!(
            items("今年继续集中力量办好三件民生实事，请各牵头单位抓好落实。"),
            3
        );
        // Another figure makes it read as an item, as before.
        assert_eq!(items("今年办好三件民生实事，总投资12亿元。"), 4);
    }

    #[test]
    fn a_semicolon_list_may_open_with_names_without_figures() {
        let text =
            "正文。\n附件\n四件实事\n完成老旧小区改造项目（三期）；\n启动引水渠更新改造项目；\n\
                    实施51.5公里农村公路提档升级；\n新增学位800个。\n";
        let paras = paragraphs(text);
        let a = annex_of(text);
        assert_eq!(a.total.as_ref().map(|c| c.value), Some(4));
        let firsts: Vec<&str> = a
            .items
            .iter()
            .map(|it| paras[it.paras[0]].text.as_str())
            .collect();
        assert_eq!(firsts.len(), 4, "{firsts:?}");
        assert!(firsts[0].starts_with("完成老旧小区"), "{firsts:?}");
        // Lines ending with `；` that lead to no item with a figure open nothing.
        let paras = paragraphs("附件\n四件实事\n完成改造项目；\n启动更新项目；\n以上项目由各部门分别牵头，抓好落实。\n");
        assert!(!unnumbered::opens_semicolon_list(&paras, 2));
        let paras = paragraphs(text);
        assert!(unnumbered::opens_semicolon_list(&paras, 3));
    }

    #[test]
    fn sections_items_counts_and_misnumbered_heading() {
        let a = annex_of(
            "正文。\n附件\n某市2024年5件民生实事\n一、就业2件\n1. 新增就业1万人。\n2. 培训5000人次。\n\
             3. 公共服务3件\n4. 新建学校2所。\n5. 新增床位300张(牵头单位:市卫健委)。\n(配合单位:各区)\n",
        );
        assert_eq!(a.total.as_ref().map(|c| c.value), Some(5));
        assert_eq!(a.sections.len(), 2);
        assert!(a.sections[1].misnumbered);
        assert_eq!(a.sections[1].count.as_ref().map(|c| c.value), Some(3));
        assert_eq!(a.items.len(), 4);
        assert_eq!(a.sections[1].items, 2..4);
        assert_eq!(a.items[3].paras.len(), 2);
    }

    #[test]
    fn annex_ends_at_body_prose() {
        let a = annex_of(
            "附件\n十件实事\n(一)新增就业1万人。\n(二)培训5000人次。\n乌海日报\n(六)办好民生实事,努力让老百姓的日子过得更好。今年要办好十件实事。\n",
        );
        assert_eq!(a.items.len(), 2);
        assert_eq!(a.total.as_ref().map(|c| c.value), Some(10));
    }

    /// `has_figure` as it was before it read the text without collecting its characters.
    fn has_figure_reference(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let next = chars.get(i).copied().unwrap_or(' ');
                let year = i - start == 4 && next == '年';
                if !year && !matches!(next, '月' | '日' | '号' | '时' | '岁' | '周') {
                    return true;
                }
            } else if is_count_numeral(chars[i])
                && chars.get(i + 1).copied().is_some_and(is_count_classifier)
                && i > 0
                && !matches!(chars[i - 1], '第' | '每' | '一')
            {
                return true;
            } else {
                i += 1;
                continue;
            }
            i += 1;
        }
        false
    }

    proptest::proptest! {
        /// `has_figure` answers as it did when it collected the characters first.
        #[test]
        fn has_figure_as_the_reference(
            picks in proptest::collection::vec(0..18usize, 0..12)
        ) {
            const PIECES: [&str; 18] = [
                "1", "2024", "年", "月", ".", "5", "一", "三", "个", "件", "第", "每", "公里",
                "新建", "号", "x", "万", "。",
            ];
            let text: String = picks.iter().map(|&k| PIECES[k]).collect();
            proptest::prop_assert_eq!(has_figure(&text), has_figure_reference(&text), "{}", text);
        }
    }

    #[test]
    fn two_titled_lists_under_one_opener_are_sections() {
        let a = annex_of(
            "正文。\n附件\n为农民办好三件实事\n①新建沼气20万座。\n②解决20万人饮水。\n③硬化道路3000公里。\n\
             为城镇居民办好三件实事\n①新增就业10万人。\n②新建游园12个。\n③新增泊位2000个。\n",
        );
        assert_eq!(a.items.len(), 6);
        assert_eq!(a.total, None);
        let counts: Vec<_> = a
            .sections
            .iter()
            .map(|s| (s.count.as_ref().map(|c| c.value), s.items.clone()))
            .collect();
        assert_eq!(counts, [(Some(3), 0..3), (Some(3), 3..6)]);
        // One list with a title: its total stays the annex's.
        let a = annex_of("正文。\n附件\n三件实事\n1. 新建沼气20万座。\n2. 解决20万人饮水。\n3. 硬化道路3000公里。\n");
        assert_eq!(a.total.as_ref().map(|c| c.value), Some(3));
        assert!(a.sections.is_empty());
    }

    #[test]
    fn paragraphs_that_open_with_their_name() {
        let paras = paragraphs(
            "正文。\n附件\n十件民生实事\n经票决，确定十件民生实事，具体包括实施健康工程、强化就业服务、改造供水管网。\n\
             实施健康工程。免费为1000名学生体检。\n强化就业服务。举办招聘会30场以上。\n\
             改造供水管网（一期）。改造管网60公里。\n（记者　王明）\n",
        );
        // From the intro paragraph: it introduces the items and is none of them.
        let a = unnumbered::scan_named(&paras, 3).unwrap();
        assert_eq!(a.items.len(), 3);
        assert_eq!(a.items[0].paras, [4]);
        // Body prose (sentences that are no names) is not such a list.
        let paras =
            paragraphs("附件\n十件实事\n今年要坚持稳中求进,推动高质量发展。新增就业1万人。\n");
        assert!(unnumbered::scan_named(&paras, 2).is_none());
    }

    #[test]
    fn headings_that_name_one_item_each_are_item_headings() {
        let a = annex_of(
            "正文。\n附件\n某县2025年三件民生实事\n一、2025年村内道路提升工程\n硬化道路10万平方米。\n\
             二、集中供热扩建工程\n铺设供热主管网4.3公里。\n三、老年助餐服务工程\n新建老年助餐点20个。\n",
        );
        assert_eq!(a.layout, Layout::HeadingItems);
        assert!(a.sections.is_empty());
        assert_eq!(a.items.len(), 3);
        assert_eq!(a.items[1].paras, [5, 6]);
        assert_eq!(a.items[2].marker.number, 3);
        // Category headings holding several items stay sections.
        let a = annex_of(
            "正文。\n附件\n某县2025年四件民生实事\n一、教育提升工程\n新建幼儿园3所。\n新增学位2000个。\n\
             二、健康惠民工程\n新增床位300张。\n免费体检1万人。\n",
        );
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.items.len(), 4);
    }

    #[test]
    fn list_without_opener() {
        let a = annex_of("报告正文。\n\n1. 新增就业1万人。\n2. 培训5000人次。\n3. 新建学校2所。\n");
        assert_eq!(a.items.len(), 3);
    }
}

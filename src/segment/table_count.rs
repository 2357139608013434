//! Counts the body states of an annex table: how many indicators it lists (`主要指标共18项`,
//! `18项主要指标`) or how many categories (`10类重点支出`, `重点支出围绕六个方面`).
//!
//! A count is taken only when it is plainly about this year's table:
//! - its clause names what the table lists (a row noun such as `指标` right next to the count, or
//!   for categories a subject such as `支出` anywhere in the clause), and the table names it too
//!   (title, header or rows): `新增就业岗位10类` names nothing a table of 支出 lists;
//! - it is a plain number: not a bound (`不少于10类`, `10类以上`), not per unit (`每个乡镇3类`), not a
//!   change or a part (`新增3项指标`, `其中2类`), not an ordinal (`第三类`);
//! - it is not in the review of last year: neither in a sentence that names an earlier year than the
//!   table's, nor under a top-level heading that does (`一、2024年预算执行情况`) or that has a review
//!   word (`执行情况`, `回顾`).
//!
//! What a count may mean is kept as candidates: a count of categories is the table's category rows
//! (`一、经济发展`), or its top-level rows when those name the subject themselves (a budget table's
//! `教育支出`, `卫生健康支出`: each row one category of 支出); a count of indicators is the rows with a
//! serial number, or the rows of figures with or without their `其中` parts. `count-mismatch`
//! reports a count that equals none of them.

use std::ops::Range;

use super::annex::{count_value, Annex};
use super::marker::{self, Style};
use super::repair::Para;
use super::table::{self, Grid, Role, RowKind};
use super::{years, BodySection};
use crate::tables::{is_total_numeral, AnnexTable};

/// What a count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// The table's indicator rows.
    Rows,
    /// The table's categories.
    Categories,
}

/// A count of a table's rows or categories stated in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    /// Paragraph of the statement.
    pub para: usize,
    /// The number stated.
    pub value: u32,
    /// Byte range of the count (numeral and classifier) in the paragraph's text.
    pub span: Range<usize>,
    /// What it counts.
    pub counted: Counted,
    /// The numbers the table gives for what it counts, under each reading (never empty).
    pub candidates: Vec<usize>,
}

/// Words right before a count that make it a bound, a change or a part, not the table's count.
const NOT_AFTER: &[&str] = &[
    "不少于",
    "不低于",
    "不超过",
    "至少",
    "超过",
    "多达",
    "约",
    "近",
    "逾",
    "第",
    "前",
    "其中",
    "新增",
    "增加",
    "增至",
    "减少",
    "调整",
    "删除",
    "取消",
    "压减",
    "合并",
];
/// Words right after a count's classifier that make it a bound.
const NOT_BEFORE: &[&str] = &["左右", "以上", "以下", "以内", "多", "余", "上下"];

/// This year's year of the table: the year of its target column (the latest year of its header).
fn target_year(grid: &Grid) -> Option<u32> {
    grid.columns
        .iter()
        .filter(|c| c.role == Role::Target)
        .filter_map(|c| table::year_of(&c.header))
        .max()
        .or_else(|| {
            grid.columns
                .iter()
                .filter_map(|c| table::year_of(&c.header))
                .max()
        })
}

/// Whether `text` looks back at an earlier year than `year` (and not at `year` itself).
fn past(text: &str, year: Option<u32>) -> bool {
    let Some(year) = year else { return false };
    let ys: Vec<u32> = years(text).collect();
    ys.iter().any(|&y| y < year) && !ys.contains(&year)
}

/// The body's counts of the annex table's rows or categories.
pub fn find(
    table: &AnnexTable,
    paras: &[Para],
    annex: &Annex,
    body: &[BodySection],
) -> Vec<TableCount> {
    let Some(grid) = annex.grid.as_deref() else {
        return Vec::new();
    };
    let year = target_year(grid);
    let in_table = |w: &str| annex.paras.clone().any(|p| paras[p].text.contains(w));
    let mut body_paras: Vec<usize> = body.iter().flat_map(|s| s.paras.iter().copied()).collect();
    body_paras.sort_unstable();
    let mut out = Vec::new();
    let mut review = false;
    for p in body_paras {
        let text = &paras[p].text;
        if marker::parse(text).is_some_and(|m| m.style == Style::Chinese) {
            let head = text.split(['。', '：', ':']).next().unwrap_or(text);
            review = past(head, year) || table.review_words.iter().any(|w| head.contains(w));
        }
        if review {
            continue;
        }
        let mut at = 0;
        for sentence in text.split_inclusive(['。', '；', ';', '！', '？']) {
            let base = at;
            at += sentence.len();
            if past(sentence, year) {
                continue;
            }
            let mut cat = 0;
            for clause in sentence.split_inclusive(['，', ',', '：', ':', '（', '）', '(', ')'])
            {
                let cbase = base + cat;
                cat += clause.len();
                counts_in(
                    table,
                    grid,
                    paras,
                    clause,
                    &in_table,
                    |span, value, counted, candidates| {
                        out.push(TableCount {
                            para: p,
                            value,
                            span: cbase + span.start..cbase + span.end,
                            counted,
                            candidates,
                        });
                    },
                );
            }
        }
    }
    out
}

/// The counts of one clause.
fn counts_in(
    table: &AnnexTable,
    grid: &Grid,
    paras: &[Para],
    clause: &str,
    in_table: &dyn Fn(&str) -> bool,
    mut push: impl FnMut(Range<usize>, u32, Counted, Vec<usize>),
) {
    let mut i = 0;
    while i < clause.len() {
        let Some(c) = clause[i..].chars().next() else {
            break;
        };
        if !is_total_numeral(c) {
            i += c.len_utf8();
            continue;
        }
        let ascii = c.is_ascii_digit();
        let end = clause[i..]
            .char_indices()
            .find(|&(_, d)| !is_total_numeral(d) || d.is_ascii_digit() != ascii)
            .map_or(clause.len(), |(k, _)| i + k);
        let (start, next) = (i, end);
        i = next;
        let before = &clause[..start];
        let after = &clause[end..];
        if before.ends_with(|d: char| d.is_ascii_digit() || d == '.')
            || after.starts_with(['.', '%'])
            || NOT_AFTER.iter().any(|w| before.ends_with(w))
            || before.contains('每')
        {
            continue;
        }
        let Some(value) = count_value(&clause[start..end]).filter(|v| (2..1000).contains(v)) else {
            continue;
        };
        let bounded = |cls_end: usize| NOT_BEFORE.iter().any(|w| clause[cls_end..].starts_with(w));
        // A count of categories.
        if let Some(w) = table
            .table_category_words
            .iter()
            .find(|w| after.starts_with(w.as_str()))
        {
            let cls_end = end + w.len();
            if bounded(cls_end) {
                continue;
            }
            let subject = table
                .table_category_subjects
                .iter()
                .filter(|s| in_table(s))
                .find(|s| names_category(clause, start, cls_end, s));
            if let Some(subject) = subject {
                let candidates = category_candidates(grid, paras, subject);
                if !candidates.is_empty() {
                    push(start..cls_end, value, Counted::Categories, candidates);
                }
            }
            continue;
        }
        // A count of indicators: `18项主要指标`, `主要指标共18项`.
        let Some(cls) = ['项', '个'].into_iter().find(|&k| after.starts_with(k)) else {
            continue;
        };
        let cls_end = end + cls.len_utf8();
        if bounded(cls_end) {
            continue;
        }
        let noun_after = (0..=4)
            .filter_map(|n| {
                clause[cls_end..]
                    .char_indices()
                    .nth(n)
                    .map(|(k, _)| cls_end + k)
            })
            .take_while(|&k| !clause[cls_end..k].contains(['、', '和', '及']))
            .any(|k| {
                table
                    .table_row_nouns
                    .iter()
                    .any(|w| clause[k..].starts_with(w.as_str()))
            });
        let lead = before.trim_end();
        let lead = ["共计", "合计", "总计", "共", "计", "为", "有"]
            .iter()
            .find_map(|w| lead.strip_suffix(w))
            .unwrap_or(lead);
        let noun_before = table
            .table_row_nouns
            .iter()
            .any(|w| lead.ends_with(w.as_str()))
            || lead.len() < before.trim_end().len()
                && table
                    .table_row_nouns
                    .iter()
                    .any(|w| lead.contains(w.as_str()));
        if (noun_after || noun_before) && table.table_row_nouns.iter().any(|w| in_table(w)) {
            let candidates = row_candidates(grid);
            if !candidates.is_empty() {
                push(start..cls_end, value, Counted::Rows, candidates);
            }
        }
    }
}

/// Words that may stand between a subject and its count (`重点支出分为10类`, `支出围绕六个方面`).
const LINKING: &[&str] = &[
    "主要", "共计", "合计", "共", "分为", "分成", "包括", "涉及", "围绕", "聚焦", "集中", "安排",
    "用于", "按", "为", "有", "在",
];

/// Whether the count `clause[start..cls_end]` counts categories of `subject`: the subject follows
/// within four characters (`10类重点支出`), or precedes with nothing between but linking words and
/// perhaps the categories' names (`重点支出分为10类`, `指标分为经济发展、民生福祉两大类`); not a part
/// of them (`重点支出中有三类增幅较高`).
fn names_category(clause: &str, start: usize, cls_end: usize, subject: &str) -> bool {
    let after = &clause[cls_end..];
    let follows = after
        .char_indices()
        .take(5)
        .any(|(k, _)| after[k..].starts_with(subject));
    if follows {
        return true;
    }
    let Some(at) = clause[..start].rfind(subject) else {
        return false;
    };
    let mut between = &clause[at + subject.len()..start];
    while let Some(rest) = LINKING.iter().find_map(|w| between.strip_prefix(w)) {
        between = rest;
    }
    let between = between.strip_suffix('等').unwrap_or(between);
    between.is_empty() || between.contains('、')
}

/// The numbers of categories a count about `subject` may mean.
fn category_candidates(grid: &Grid, paras: &[Para], subject: &str) -> Vec<usize> {
    let mut out = Vec::new();
    if !grid.categories.is_empty() {
        out.push(grid.categories.len());
    }
    let heading = grid.rows.iter().filter(|r| r.heading).count();
    if heading > 0 {
        out.push(heading);
    }
    // Top-level rows are categories themselves when they name the subject (`教育支出`).
    let top: Vec<&str> = grid
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Data)
        .map(|r| paras[r.para].text.get(r.name.clone()).unwrap_or(""))
        .collect();
    let naming = top.iter().filter(|n| n.contains(subject)).count();
    if !top.is_empty() && naming * 2 >= top.len() {
        out.push(top.len());
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The numbers of indicators a count of rows may mean.
fn row_candidates(grid: &Grid) -> Vec<usize> {
    let mut out = Vec::new();
    let mut serials: Vec<u32> = grid.rows.iter().filter_map(|r| r.serial).collect();
    serials.sort_unstable();
    serials.dedup();
    if !serials.is_empty() {
        out.push(serials.len());
    }
    let data = grid.rows.iter().filter(|r| r.kind == RowKind::Data).count();
    let parts = grid.rows.iter().filter(|r| r.kind == RowKind::Part).count();
    if data > 0 {
        out.push(data);
        out.push(data + parts);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Tables;

    fn counts(text: &str) -> Vec<(u32, Counted, Vec<usize>)> {
        let t = Tables::builtin().unwrap();
        let seg = super::super::segment(text, &t.annex).unwrap();
        seg.table_counts
            .iter()
            .map(|c| (c.value, c.counted, c.candidates.clone()))
            .collect()
    }

    const PLAN: &str = "附件\n2025年主要指标计划表\n序号\t指标\t单位\t2024年实际\t2025年计划\n\
        一、经济发展\n1\t地区生产总值增长\t%\t5.8\t6左右\n2\t规模以上工业增加值增长\t%\t7.1\t7以上\n\
        二、民生福祉\n3\t城镇新增就业\t万人\t5.3\t5\n";

    const BUDGET: &str = "附件：2025年重点支出预算表\n单位：万元\n\
        支出项目\t2024年执行数\t2025年预算数\t增长（%）\n教育支出\t100\t110\t10.0\n\
        其中：义务教育\t60\t66\t10.0\n卫生健康支出\t50\t55\t10.0\n农林水支出\t40\t44\t10.0\n\
        合计\t190\t209\t10.0\n";

    #[test]
    fn indicator_counts_before_and_after_the_noun() {
        let got = counts(&format!(
            "二、2025年主要预期目标\n2025年主要指标共4项，分为两大类指标。经济社会发展3项主要指标全部落实。\n{PLAN}"
        ));
        assert_eq!(
            got,
            [
                (4, Counted::Rows, vec![3]),
                (2, Counted::Categories, vec![2]),
                (3, Counted::Rows, vec![3]),
            ]
        );
    }

    #[test]
    fn budget_categories_are_the_rows_that_name_the_subject() {
        let got = counts(&format!(
            "二、2025年预算草案\n安排4类重点支出。重点支出围绕三个方面安排。\n{BUDGET}"
        ));
        assert_eq!(
            got,
            [
                (4, Counted::Categories, vec![3]),
                (3, Counted::Categories, vec![3])
            ]
        );
    }

    #[test]
    fn counts_about_something_else_are_not_taken() {
        for body in [
            // No subject the table names.
            "新增就业岗位10类，培训覆盖六个方面。",
            // Bounds, per unit, changes, ordinals.
            "重点支出不少于10类。重点支出10类以上。每个乡镇安排支出3类。",
            "新增3项指标。其中2类支出保持不变。第三类支出。",
            // A part of them, not their number.
            "重点支出中有三类增幅超过10%。",
            // Last year: the sentence names 2024, or the heading is the review.
            "2024年安排重点支出9类。",
        ] {
            let got = counts(&format!("二、2025年预算草案\n{body}\n{BUDGET}"));
            assert!(got.is_empty(), "{body}: {got:?}");
        }
        let got = counts(&format!(
            "一、2024年预算执行情况\n全年重点支出9类，主要指标共7项。\n（一）收入情况。重点支出8类。\n\
             二、2025年预算草案\n重点支出5类。\n{BUDGET}"
        ));
        assert_eq!(got, [(5, Counted::Categories, vec![3])]);
        // A plan table's indicators are counted as rows, never as categories of 支出.
        let got = counts(&format!("二、2025年计划\n安排民生支出6类。\n{PLAN}"));
        assert!(got.is_empty(), "{got:?}");
        // Categories of 指标 need category rows.
        let flat = "附件\n2025年主要指标计划表\n指标\t单位\t2025年计划\n地区生产总值增长\t%\t6\n\
                    城镇新增就业\t万人\t5\n";
        assert!(counts(&format!("二、目标\n主要指标分为三类。\n{flat}")).is_empty());
    }
}

//! Tables of figures as annexes (a plan's indicator table, a budget's expenditure table): the
//! rows of a [`Grid`] are the items, its category rows the sections.

use super::super::marker::{self, Marker, Style};
use super::super::repair::{chars_at_most, Para};
use super::super::table::{self, Grid};
use super::{anchor, Annex, Item, Layout, Section};
use crate::tables::AnnexTable;

/// Whether a short line titles a table (`2024年主要指标计划表`, `一般公共预算支出预算表`,
/// `2025年国民经济和社会发展主要指标`).
fn is_table_title(text: &str) -> bool {
    let t = text.trim_end_matches([')', '）', ' ']);
    let table_word = ["指标", "计划", "预算", "收支", "支出", "收入"]
        .iter()
        .any(|w| t.contains(w));
    chars_at_most(text, 50)
        && !text.contains(['。', ',', ';'])
        && (t.ends_with('表') || t.ends_with("表(草案)") || table_word)
}

/// The table whose header starts at paragraph `at`, as an annex candidate: announced by a
/// `附件` line or a table title among the four lines above its header.
pub(super) fn scan(table: &AnnexTable, paras: &[Para], at: usize, from: usize) -> Option<Annex> {
    let grid: Grid = table::read(paras, at)?;
    let mut start = at;
    let mut opener = None;
    let mut title = None;
    for p in (at.saturating_sub(4).max(from)..at).rev() {
        let text = &paras[p].text;
        let a = anchor(table, text);
        let is_opener = a.is_some_and(|a| a.opener);
        let is_title = is_table_title(text) || a.is_some_and(|a| a.titled);
        let unit = Some(p) == grid.unit_para;
        if !(is_opener || is_title || unit) {
            break;
        }
        if is_opener {
            opener = opener.or(Some(p));
        }
        if is_title {
            title = title.or(Some(p));
        }
        start = p;
    }
    let mut annex = Annex::new(start..grid.paras.end, Style::Arabic, Layout::Table);
    annex.evidence.opener = opener;
    annex.evidence.title = title;
    for c in &grid.categories {
        annex.sections.push(Section {
            para: c.para,
            marker: marker::parse(&paras[c.para].text),
            misnumbered: false,
            count: None,
            items: c.rows.clone(),
        });
    }
    for (k, row) in grid.rows.iter().enumerate() {
        let number = row
            .serial
            .unwrap_or(u32::try_from(k + 1).unwrap_or(u32::MAX));
        annex.items.push(Item {
            paras: vec![row.para],
            marker: Marker {
                style: Style::Arabic,
                number,
                label: row.serial.map(|s| s.to_string()).unwrap_or_default(),
                len: 0,
            },
            section: row.category,
        });
    }
    annex.grid = Some(Box::new(grid));
    Some(annex)
}

#[cfg(test)]
mod tests {
    use super::super::super::repair::paragraphs;
    use super::*;
    use crate::tables::Tables;

    #[test]
    fn a_plan_table_after_its_annex_line_is_the_annex() {
        let t = Tables::builtin().unwrap();
        let text = "正文。地区生产总值增长6%左右。\n附件\n2024年主要指标计划表\n\
                    序号\t指标\t单位\t2023年实际\t2024年计划\n一、经济发展\n\
                    1\t地区生产总值增长\t%\t5.8\t6左右\n2\t城镇新增就业\t万人\t5.3\t5\n";
        let a = super::super::find(&t.annex, &paragraphs(text), None).unwrap();
        assert_eq!(a.layout, Layout::Table);
        assert_eq!(a.items.len(), 2);
        assert_eq!(a.sections.len(), 1);
        assert_eq!(a.evidence.opener, Some(1));
        assert_eq!(a.evidence.title, Some(2));
        assert_eq!(a.paras, 1..7);
    }
}

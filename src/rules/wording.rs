//! `wording-mismatch`: the name of an aligned commitment differs in a way that looks like a slip
//! rather than a paraphrase.
//!
//! A slip is a short substitution inside a name (`京蒙合作医院` ↔ `蒙蒙合作医院`, `老旧管道` ↔
//! `老化管道`, `便民服务站` ↔ `便民服务圈`). Not slips: words dropped or added, words moved
//! (`改造危房` ↔ `危房改造`), a different leading verb (`为…` ↔ `完成…`), long rewrites, and
//! words listed as equivalent in `rules/equivalences.toml`. The decision is made on the
//! names with equivalent words folded; the character diff comes from `similar`.

use similar::{DiffOp, TextDiff};

use super::Context;
use crate::align::Link;
use crate::finding::{Finding, Hint, Message};
use crate::tables::WordingTable;

/// Longest substituted run, in characters, that can still be a slip.
const MAX_SLIP: usize = 2;
/// Minimum similarity of the two names for them to be the same name mistyped.
const MIN_RATIO: f32 = 0.5;

/// One edit between two strings, in character indexes.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    Equal(usize, usize, usize),
    Delete(usize, usize),
    Insert(usize, usize),
    Replace(usize, usize, usize, usize),
}

/// The edits of a char diff of `a` into `b`, given by its ops.
fn edits(a: &[char], b: &[char], ops: &[DiffOp]) -> Vec<Edit> {
    let mut out: Vec<Edit> = ops
        .iter()
        .map(|op| match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => Edit::Equal(old_index, new_index, len),
            DiffOp::Delete {
                old_index, old_len, ..
            } => Edit::Delete(old_index, old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => Edit::Insert(new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => Edit::Replace(old_index, old_len, new_index, new_len),
        })
        .collect();
    // Myers may write a substitution next to a repeated character as delete, equal, insert
    // (`京蒙` → `蒙蒙` as `-京 =蒙 +蒙`); fold that back into a substitution.
    let mut i = 0;
    while i + 2 < out.len() {
        match (out[i].clone(), out[i + 1].clone(), out[i + 2].clone()) {
            (Edit::Delete(ao, al), Edit::Equal(_, bo, el), Edit::Insert(bi, bl))
                if el == bl && b[bo..bo + el] == b[bi..bi + bl] =>
            {
                out.splice(
                    i..i + 3,
                    [
                        Edit::Replace(ao, al, bo, bl),
                        Edit::Equal(ao + al, bo + bl, el),
                    ],
                );
            }
            (Edit::Insert(bi, bl), Edit::Equal(ao, _, el), Edit::Delete(ad, al))
                if el == al && a[ao..ao + el] == a[ad..ad + al] =>
            {
                out.splice(
                    i..i + 3,
                    [
                        Edit::Replace(ao, al, bi, bl),
                        Edit::Equal(ao + al, bi + bl, el),
                    ],
                );
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The substitutions between two names that look like slips, as (annex part, body part).
pub fn slips(a: &str, b: &str, wording: &WordingTable) -> Vec<(String, String)> {
    let diff = TextDiff::from_chars(a, b);
    if diff.ratio() < MIN_RATIO {
        return Vec::new();
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let ops = edits(&a, &b, diff.ops());
    let text = |s: &[char], at: usize, len: usize| s[at..at + len].iter().collect::<String>();
    let deleted: Vec<String> = ops
        .iter()
        .filter_map(|e| match *e {
            Edit::Delete(at, len) | Edit::Replace(at, len, _, _) => Some(text(&a, at, len)),
            _ => None,
        })
        .collect();
    let inserted: Vec<String> = ops
        .iter()
        .filter_map(|e| match *e {
            Edit::Insert(at, len) | Edit::Replace(_, _, at, len) => Some(text(&b, at, len)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (k, e) in ops.iter().enumerate() {
        let Edit::Replace(ao, al, bo, bl) = *e else {
            continue;
        };
        let (old, new) = (text(&a, ao, al), text(&b, bo, bl));
        let after_equal = k > 0 && matches!(ops[k - 1], Edit::Equal(..));
        let short = al <= MAX_SLIP && bl <= MAX_SLIP;
        let all_han = old.chars().chain(new.chars()).all(is_han);
        // A run that reappears on the other side elsewhere was moved, not mistyped.
        let moved = (old.chars().count() >= 2 && inserted.contains(&old))
            || (new.chars().count() >= 2 && deleted.contains(&new));
        let wording_choice = wording.touches_listed_word(&a, ao..ao + al)
            || wording.touches_listed_word(&b, bo..bo + bl);
        if ao > 0 && bo > 0 && after_equal && short && all_han && !moved && !wording_choice {
            out.push((old, new));
        }
    }
    out
}

/// Byte ranges of `text` that a char diff against `other` marks as replaced.
fn replaced_ranges(text: &str, other: &str) -> Vec<std::ops::Range<usize>> {
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    TextDiff::from_chars(text, other)
        .ops()
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Replace {
                old_index, old_len, ..
            }
            | DiffOp::Delete {
                old_index, old_len, ..
            } => Some(offsets[old_index]..offsets[(old_index + old_len).min(offsets.len() - 1)]),
            _ => None,
        })
        .collect()
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let wording = &cx.tables.wording;
    for link in &cx.alignment.links {
        let Link::Pair {
            annex: a, body: b, ..
        } = *link
        else {
            continue;
        };
        let (ca, cb) = (&cx.commitments[a], &cx.commitments[b]);
        // A table's total row is named by the table's title, not by words of its own.
        let total_row = cx.seg.annex.grid.as_deref().is_some_and(|g| {
            ca.item
                .and_then(|i| g.rows.get(i))
                .is_some_and(|r| r.kind == crate::segment::table::RowKind::Total)
        });
        if ca.reference || total_row {
            continue;
        }
        // A pair in incompatible units gets a unit-mismatch; the words naming the unit's
        // thing (`户…家庭` vs `人…对象`) change with it and are not a separate slip.
        let units = &cx.tables.quantity.units;
        if !(ca.qty.unit == cb.qty.unit || units.compatible(&ca.qty.unit, &cb.qty.unit)) {
            continue;
        }
        // Where the number sits (`建设15个X站` vs `建设X圈15个`) is not part of the name.
        let name = |subject: &str| wording.canonical(&subject.replace('#', ""));
        let found = slips(&name(&ca.subject), &name(&cb.subject), wording);
        if found.is_empty() {
            continue;
        }
        let message = Message::Wording {
            annex: ca.quote_text(cx.seg).to_string(),
            body: cb.quote_text(cx.seg).to_string(),
            changes: found,
        };
        let mut f = cx.finding("wording-mismatch", message, Some(a), Some(b));
        f.set_hint(Hint::Typo);
        if let (Some(sa), Some(sb)) = (f.annex.as_mut(), f.body.as_mut()) {
            sa.highlight = replaced_ranges(&sa.text, &sb.text);
            sb.highlight = replaced_ranges(&sb.text, &sa.text);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> WordingTable {
        WordingTable::from_toml(crate::tables::EQUIVALENCES_TOML).unwrap()
    }

    fn slips(a: &str, b: &str) -> Vec<(String, String)> {
        let t = table();
        super::slips(&t.canonical(a), &t.canonical(b), &t)
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn substitutions_inside_names_are_slips() {
        assert_eq!(
            slips("建设京蒙合作医院#", "建设蒙蒙合作医院#"),
            pairs(&[("京", "蒙")])
        );
        assert_eq!(
            slips("建设蒙蒙合作医院#", "建设京蒙合作医院#"),
            pairs(&[("蒙", "京")])
        );
        assert_eq!(
            slips("改造燃气供水等老旧管道#", "改造燃气供水等老化管道#"),
            pairs(&[("旧", "化")])
        );
        assert_eq!(
            slips("打造#医保便民服务站", "全面打造#医便民服务圈"),
            pairs(&[("站", "圈")])
        );
    }

    #[test]
    fn paraphrases_are_not_slips() {
        for (a, b) in [
            ("改造农村牧区危房#", "实施农村牧区危房改造#"),
            ("新建扩建农村牧区集中供水工程#", "新建改扩建供水保障工程#"),
            (
                "为#困难重度残疾人家庭实施无障碍改造",
                "完成困难重度残疾人家庭无障碍改造#",
            ),
            (
                "选派#城区优秀教师到乡村薄弱学校开展结对帮扶",
                "选派#优秀教师到乡村薄弱学校开展结对帮扶",
            ),
            ("增幅#", "孤儿保障金增幅#"),
            ("新建改造农村牧区户厕#", "卫生户厕#"),
            ("新增学位#", "新增学位#"),
            ("全县新增城镇就业#", "全年新增城镇就业#"),
            (
                "家庭医生签约服务覆盖率达到#",
                "家庭医生签约服务覆盖率提高到#",
            ),
            ("行政村生活污水治理率达到#", "行政村生活污水治理率提高到#"),
        ] {
            assert_eq!(slips(a, b), vec![], "{a} / {b}");
        }
    }
}

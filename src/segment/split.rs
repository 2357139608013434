//! Lists written inside one paragraph, split into one paragraph per item before the annex is
//! looked for: an inline enumeration (`（1）……；（2）……；（3）……`, `①……②……`, `一是……；二是……`) or
//! a run of `；`-separated items, each with a figure. Only the first paragraphs after a line that
//! announces a list (see [`super::annex::anchor`]) are split: a body paragraph that enumerates
//! its points stays whole.

use super::annex::{anchor, has_figure};
use super::marker::{self, Style};
use super::repair::{chars_at_most, is_title_like, Para};
use crate::tables::AnnexTable;

/// `：`, searched in every paragraph.
static FULL_COLON: crate::find::Word = crate::find::Word::new("：");

/// The byte offsets after each `;`, `。`, `:`, `,`, `；` or `：` of `text`, each found by its last
/// byte (`。` is E3 80 82, `；` and `：` EF BC 9B and EF BC 9A).
fn clause_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Character by character, by the length its first byte tells.
        while let Some(&c) = b.get(i) {
            let (len, end) = match c {
                b';' | b':' | b',' => (1, true),
                0..=0xDF => (if c < 0xC0 { 1 } else { 2 }, false),
                0xE3 => (3, b.get(i + 1..i + 3) == Some(&[0x80, 0x82])),
                0xEF => (3, matches!(b.get(i + 1..i + 3), Some(&[0xBC, 0x9A | 0x9B]))),
                0xE0..=0xEF => (3, false),
                _ => (4, false),
            };
            i += len;
            if end {
                return Some(i);
            }
        }
        None
    })
}

/// Byte offsets where the items of an inline enumeration start, when `text` holds one: markers
/// of one style numbered 1, 2, 3… from the start or after a clause end or a colon.
fn inline_starts(text: &str, next: Option<&str>) -> Option<Vec<usize>> {
    let mut starts: Vec<usize> = Vec::new();
    let mut style: Option<Style> = None;
    let mut last: Option<u32> = None;
    let boundaries = std::iter::once(0).chain(clause_ends(text));
    for at in boundaries {
        let at = at + (text[at..].len() - text[at..].trim_start().len());
        // Only `(1)`, `①` and `一是` markers open inline items: other first characters are
        // ruled out before parsing.
        let opens = text[at..].chars().next().is_some_and(|c| {
            matches!(c, '(' | '（' | '\u{2460}'..='\u{2473}') || marker::is_ordinal_char(c)
        });
        if !opens {
            continue;
        }
        let Some(m) = marker::parse(&text[at..]) else {
            continue;
        };
        if !matches!(m.style, Style::ArabicParen | Style::Circled | Style::Shi) {
            continue;
        }
        // Numbered 1, 2, 3…, allowing the slips the `numbering` rule reports (a repeat, a
        // skipped number) once the list has begun.
        let next = last.map_or(1, |n: u32| n + 1);
        let fits = match style {
            None => m.number == 1,
            Some(s) => s == m.style && m.number + 1 >= next && m.number <= next + 1,
        };
        if fits {
            style = Some(m.style);
            last = Some(m.number);
            starts.push(at);
        }
    }
    // A paragraph that is an item of another style holds sub-items, not a list.
    let own = marker::parse(text).map(|m| m.style);
    // One marker is enough when the list goes on in the next paragraph (`……：一是……` then
    // `二是……` on its own line).
    let continued = style.is_some_and(|s| {
        next.and_then(marker::parse)
            .is_some_and(|m| m.style == s && m.number == 2)
    });
    let ok = (starts.len() >= 2 || starts.len() == 1 && continued && starts[0] > 0)
        && (own.is_none() || own == style);
    ok.then_some(starts)
}

/// Byte offsets where the items of a `；`-separated list start, when `text` is one: at least
/// three parts, nearly all with a figure, none long.
fn semicolon_starts(text: &str) -> Option<Vec<usize>> {
    if marker::parse(text).is_some() {
        return None;
    }
    let mut starts = vec![0];
    for (i, c) in text.char_indices() {
        if matches!(c, ';' | '；') && i + c.len_utf8() < text.len() {
            starts.push(i + c.len_utf8());
        }
    }
    let parts: Vec<&str> = starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&text.len())))
        .map(|(&a, &b)| &text[a..b])
        .collect();
    let with_figures = parts.iter().filter(|p| has_figure(p)).count();
    let ok = parts.len() >= 3
        && with_figures * 4 >= parts.len() * 3
        && parts.iter().all(|p| chars_at_most(p, 200));
    ok.then_some(starts)
}

/// Where the labelled content of an item starts when `text` is an item's heading run together
/// with its content (`1、完成2所基层学校能力提升建设项目内容:完成…`, the two lines joined as one
/// sentence): the heading is one short clause after the marker, then a content label and a
/// colon (`content_labels` in `rules/annex.toml`).
fn labelled_content(table: &AnnexTable, text: &str) -> Option<usize> {
    let m = marker::parse(text)?;
    let rest = text.get(m.len..)?;
    rest.char_indices()
        .take(60)
        .take_while(|(_, c)| !matches!(c, ',' | ';' | ':' | '。' | '，' | '；' | '：'))
        .find(|&(i, _)| i > 0 && table.content_label_end(&rest[i..]).is_some())
        .map(|(i, _)| m.len + i)
}

/// Splits `para` at `starts` (the text before the first start, if any, is a paragraph too).
fn split_at(para: &Para, starts: &[usize]) -> Vec<Para> {
    let mut cuts: Vec<usize> = starts.to_vec();
    if cuts.first() != Some(&0) {
        cuts.insert(0, 0);
    }
    let ends = cuts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(para.text.len()));
    cuts.iter()
        .zip(ends)
        .filter_map(|(&a, b)| {
            let part = &para.text[a..b];
            let lead = part.len() - part.trim_start().len();
            let trail = part.len() - part.trim_end().len();
            (a + lead < b - trail).then(|| para.slice(a + lead..b - trail))?
        })
        .collect()
}

/// Splits the list paragraphs that follow each anchor line.
pub fn lists(paras: Vec<Para>, table: &AnnexTable) -> Vec<Para> {
    // Which paragraphs to split, and where.
    let mut plan: Vec<(usize, Vec<usize>)> = Vec::new();
    for (a, p) in paras.iter().enumerate() {
        // An item's heading and its labelled content line, joined as one paragraph.
        if let Some(at) = labelled_content(table, &p.text) {
            plan.push((a, vec![0, at]));
            continue;
        }
        // A title that opens its own list (`…十大民生实事：①……；②……`): the title and each item
        // become paragraphs.
        // (Only a paragraph with a colon can be one.)
        // (One character at a time, each by a SIMD search.)
        let colon = crate::find::has_byte(&p.text, b':') || FULL_COLON.find(&p.text).is_some();
        if let Some(starts) = colon
            .then(|| inline_starts(&p.text, None))
            .flatten()
            .filter(|s| s[0] > 0)
        {
            let lead = p.text[..starts[0]].trim_end_matches([':', '：', ' ']);
            if p.text[..starts[0]].trim_end().ends_with([':', '：'])
                && anchor(table, lead).is_some()
            {
                plan.push((a, starts));
                continue;
            }
        }
        if anchor(table, &p.text).is_none() {
            continue;
        }
        // The first paragraph after the anchor and its short preamble lines (a title, a total).
        let Some(k) = paras[a + 1..]
            .iter()
            .take(3)
            .position(|q| !is_title_like(&q.text) || has_figure(&q.text))
        else {
            continue;
        };
        let at = a + 1 + k;
        let text = &paras[at].text;
        let next = paras.get(at + 1).map(|q| q.text.as_str());
        if let Some(starts) = inline_starts(text, next).or_else(|| semicolon_starts(text)) {
            if plan.last().is_none_or(|(last, _)| *last != at) {
                plan.push((at, starts));
            }
        }
    }
    if plan.is_empty() {
        return paras;
    }
    // An anchor plans the paragraph after it: keep the plan in paragraph order, one per paragraph.
    plan.sort_by_key(|(at, _)| *at);
    plan.dedup_by_key(|(at, _)| *at);
    let mut out = Vec::with_capacity(paras.len() + 16);
    let mut plan = plan.into_iter().peekable();
    for (i, p) in paras.into_iter().enumerate() {
        match plan.next_if(|(at, _)| *at == i) {
            Some((_, starts)) => out.extend(split_at(&p, &starts)),
            None => out.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::repair::paragraphs;
    use crate::tables::Tables;

    fn split(text: &str) -> Vec<String> {
        let t = Tables::builtin().unwrap();
        lists(paragraphs(text), &t.annex)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    proptest::proptest! {
        /// The byte scan finds the ends of the clause marks a scan of the characters finds.
        #[test]
        fn clause_ends_as_chars_find_them(
            picks in proptest::collection::vec(0..12usize, 0..40)
        ) {
            const PIECES: [&str; 12] =
                [";", "。", ":", ",", "；", "：", "，", "、", "a", "新", "（", "\u{ff1c}"];
            let text: String = picks.iter().map(|&k| PIECES[k]).collect();
            let want: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| matches!(c, ';' | '。' | ':' | ',' | '；' | '：'))
                .map(|(i, c)| i + c.len_utf8())
                .collect();
            proptest::prop_assert_eq!(clause_ends(&text).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn inline_enumeration_after_a_title() {
        let got = split(
            "正文。\n2024年三件民生实事\n（1）新增学位3000个；（2）改造老旧小区20个；（3）新建公园5个。\n",
        );
        assert_eq!(
            got,
            [
                "正文。",
                "2024年三件民生实事",
                "(1)新增学位3000个;",
                "(2)改造老旧小区20个;",
                "(3)新建公园5个。"
            ]
        );
    }

    #[test]
    fn a_title_that_opens_its_own_list() {
        let got = split("正文。\n某县2023年十大民生实事:①新建医保服务站120个;②改造农村公路85公里;③新增学位900个。\n");
        assert_eq!(
            got,
            [
                "正文。",
                "某县2023年十大民生实事:",
                "①新建医保服务站120个;",
                "②改造农村公路85公里;",
                "③新增学位900个。"
            ]
        );
        // A body sentence that lists points after a colon is not a title.
        let got = split("今年要做好三件事:①新增学位3000个;②改造小区20个;③新建公园5个。\n");
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn semicolon_list_after_a_title() {
        let got = split("附件\n2024年民生实事\n新增学位3000个；改造老旧小区20个；新建公园5个。\n");
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[3], "改造老旧小区20个;");
    }

    #[test]
    fn body_enumerations_and_sub_items_stay_whole() {
        // Not after an anchor.
        let got = split("今年重点做好三件事:(1)新增学位3000个;(2)改造小区20个;(3)新建公园5个。\n");
        assert_eq!(got.len(), 1);
        // An item holding sub-items.
        let got =
            split("附件\n十件民生实事\n1. 新建学校:(1)小学2所;(2)中学1所。\n2. 新建公园5个。\n");
        assert_eq!(got.len(), 4, "{got:?}");
        // Clauses without figures are not a list.
        let got = split("附件\n十件民生实事\n坚持人民至上;坚持问题导向;坚持系统观念。\n");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn a_heading_run_together_with_its_labelled_content_is_split() {
        let got = split(
            "附件\n2025年两件实事\n1、完成2所学校能力提升建设\n项目内容：完成二小宿舍建设。\n\
             2、开展义诊活动30场次\n建设内容 ：在15个乡镇开展义诊30场次。\n",
        );
        assert_eq!(
            got,
            [
                "附件",
                "2025年两件实事",
                "1、完成2所学校能力提升建设",
                "项目内容:完成二小宿舍建设。",
                "2、开展义诊活动30场次",
                "建设内容 :在15个乡镇开展义诊30场次。"
            ]
        );
        // A label inside a sentence, or one without a colon, is no content line.
        let got = split("1、完成学校建设,项目内容:新建宿舍。\n2、完成项目内容审核工作\n");
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn offsets_survive_the_split() {
        let t = Tables::builtin().unwrap();
        let src = "附件\n三件实事\n（1）新增学位3000个；（2）新建公园5个。\n";
        let paras = lists(paragraphs(src), &t.annex);
        let p = &paras[3];
        let at = p.text.find("新建").unwrap();
        assert_eq!(&src[p.origin(at)..p.origin(at) + 6], "新建");
    }
}

//! Page furniture: the lines a printed page adds between paragraphs (running heads, page numbers,
//! `（下转第三版）`), which belong to neither the body nor the annex.

use super::repair::{chars_at_most, is_title_like};

/// A page number on a line of its own: `3`, `- 3 -`, `— 12 —`, `第3页`, `第 3 页 共 10 页`, `3/10`.
pub fn is_page_number(text: &str) -> bool {
    let dash = |c: char| matches!(c, '-' | '—' | '－' | '–' | '·');
    // The number is what is left without spaces and the dashes around it: more than 12
    // characters rule a line out without reading it all (most lines are long paragraphs).
    let core = text.trim_matches(|c: char| c.is_whitespace() || dash(c));
    // Every page number starts with a digit or `第` (`3`, `3/10`, `第3页`).
    if !core.starts_with(|c: char| c.is_ascii_digit() || c == '第') {
        return false;
    }
    if core
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(12)
        .is_some()
    {
        return false;
    }
    // Without spaces, `core` is the line without spaces and without its end dashes.
    let t: String = core.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.as_str();
    if t.is_empty() {
        return false;
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        // `01` numbers a group of items, not a page.
        return t.len() <= 4 && !t.starts_with('0');
    }
    if let Some((a, b)) = t.split_once('/') {
        return !a.is_empty()
            && !b.is_empty()
            && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit());
    }
    // 第3页, 第3页共10页, 第三版
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    let body: String = rest
        .chars()
        .filter(|c| !(c.is_ascii_digit() || "零一二三四五六七八九十".contains(*c)))
        .collect();
    matches!(body.as_str(), "页" | "版" | "页共页")
}

/// `(上接第二版)`, `(下转第三版)`, `转第4版`, and a news agency's `本报讯` line.
pub fn is_continuation_mark(text: &str) -> bool {
    let t = text.trim_matches(|c| matches!(c, '(' | ')' | '（' | '）' | ' '));
    (t.starts_with("上接")
        || t.starts_with("下转")
        || t.starts_with("转第")
        || t.starts_with("接第"))
        && chars_at_most(t, 12)
        || text.starts_with("本报讯")
}

/// A running head: a short line naming the paper or the document with a date, a page or an
/// edition (`乌海日报 2023年1月20日 星期五 第3版`, `XX市人民政府公报 2024年第2期`).
pub fn is_running_head(text: &str) -> bool {
    if !is_title_like(text) || !chars_at_most(text, 40) {
        return false;
    }
    let dated = text.contains("星期")
        || text.contains('版') && text.contains('第')
        || text.contains('期') && text.contains('第') && text.contains('年');
    let paper = ["日报", "晚报", "报社", "公报"]
        .iter()
        .any(|w| text.contains(w));
    dated || paper && text.chars().any(|c| c.is_ascii_digit())
}

/// Any page furniture.
pub fn is_furniture(text: &str) -> bool {
    is_continuation_mark(text) || is_page_number(text) || is_running_head(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_and_not() {
        for t in [
            "(上接第二版)",
            "（下转第三版）",
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 10 页",
            "3/10",
            "17",
            "乌海日报 2023年1月20日 星期五",
            "2024年1月18日 星期四 第3版",
            "河西新闻 2022年第2期",
        ] {
            assert!(is_furniture(t), "{t}");
        }
        for t in [
            "新建幼儿园3所",
            "一、就业增收",
            "2024年十件民生实事",
            "附件",
            "第三章",
            "政府工作报告",
            "12345",
            "1. 新增学位3000个",
        ] {
            assert!(!is_furniture(t), "{t}");
        }
    }
}

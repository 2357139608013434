//! Markdown: the text as rendered (CommonMark with tables, by `pulldown-cmark`), one block per
//! line, mapped back to line and column in the Markdown source.
//!
//! Ordered lists are numbered as a renderer shows them (the list's start number, then one more
//! per item), the way Word's automatic numbering is read: that is the number a reader sees.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{cell_separator, Extracted, TextBuilder};

/// Extracts the rendered text of a Markdown document.
pub fn extract(src: &str) -> Extracted {
    let lines = Extracted::plain(src).map;
    let origin = |at: usize| lines.origin(src, at);

    let mut out = TextBuilder::new();
    // The next number of each open list (`None` for bullet lists).
    let mut lists: Vec<Option<u64>> = Vec::new();
    // The current line holds only a list marker hedui wrote.
    let mut label_only = false;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        let new_line = |out: &mut TextBuilder, label_only: &mut bool| {
            if !*label_only {
                out.end_line();
            }
        };
        match event {
            Event::Start(Tag::List(start)) => {
                new_line(&mut out, &mut label_only);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                new_line(&mut out, &mut label_only);
            }
            Event::Start(Tag::Item) => {
                new_line(&mut out, &mut label_only);
                if let Some(Some(n)) = lists.last_mut() {
                    out.push_synthetic(&format!("{n}. "), origin(range.start));
                    *n += 1;
                    label_only = true;
                }
            }
            Event::Start(Tag::TableCell) => {
                let line = out.text().rsplit('\n').next().unwrap_or("");
                if !line.trim().is_empty() {
                    let sep = cell_separator(line);
                    out.push_synthetic(sep, origin(range.start));
                }
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead
                | Tag::Table(_),
            ) => new_line(&mut out, &mut label_only),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::Table,
            )
            | Event::HardBreak
            | Event::Rule => {
                label_only = false;
                out.end_line();
            }
            Event::Text(text) | Event::Code(text) => {
                label_only = false;
                // Copied text maps character by character; text the parser changed (escapes,
                // entities) maps to where it starts.
                match src.get(range.clone()).and_then(|s| s.find(text.as_ref())) {
                    Some(k) => out.push(&text, origin(range.start + k)),
                    None => out.push_synthetic(&text, origin(range.start)),
                }
            }
            Event::SoftBreak => out.push_synthetic(" ", origin(range.start)),
            _ => {}
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(md: &str) -> Vec<String> {
        extract(md).text.lines().map(str::to_string).collect()
    }

    #[test]
    fn headings_paragraphs_and_emphasis() {
        assert_eq!(
            lines("# 附件\n\n**2024年**民生实事\n\n正文一行\n接着一行\n"),
            ["附件", "2024年民生实事", "正文一行 接着一行"]
        );
    }

    #[test]
    fn ordered_lists_are_numbered_as_rendered() {
        assert_eq!(
            lines("19. 新增学位6.6万个\n1. 新建冰场33块\n\n- 无序\n"),
            ["19. 新增学位6.6万个", "20. 新建冰场33块", "无序"]
        );
        assert_eq!(lines("1. 一段\n\n   续段\n"), ["1. 一段", "续段"]);
    }

    #[test]
    fn tables_are_rows() {
        let md = "| 序号 | 项目 |\n|---|---|\n| 19 | 新增学位6.6万个 |\n";
        assert_eq!(lines(md), ["序号；项目", "19. 新增学位6.6万个"]);
    }

    #[test]
    fn positions_point_into_the_markdown_source() {
        let md = "# 附件\n\n3. 新建**幼儿园**20所\n";
        let ex = extract(md);
        let at = |s: &str| {
            let o = ex.map.origin(&ex.text, ex.text.find(s).unwrap());
            (o.line, o.column)
        };
        assert_eq!(at("附件"), (1, 3));
        assert_eq!(at("3."), (3, 1));
        assert_eq!(at("新建"), (3, 4));
        assert_eq!(at("幼儿园"), (3, 8));
        assert_eq!(at("20所"), (3, 13));
    }
}

//! HTML: the text a browser shows, one block per line, with every character mapped back to its
//! line and column in the HTML source.
//!
//! A small tokenizer of our own rather than a DOM parser (html5ever, scraper): hedui needs the
//! source position of every text run, which the DOM crates drop, and no tree at all — only where
//! blocks start and end. Scanning once without recursion also keeps time and memory linear on
//! pathological input (a million nested `<div>`s).
//!
//! Kept: text, block structure (`p`, `div`, `li`, `h1`…, `br`, table rows), `pre` whitespace.
//! Dropped: tags, comments, `script`, `style`, `title` and other raw-text elements. Runs of
//! whitespace collapse to one space, as a browser shows them; entities are decoded.

use super::{cell_separator, Extracted, Origin, PosMap, TextBuilder};

/// Elements whose start or end begins a new line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is not shown as text.
const RAW: &[&str] = &[
    "script", "style", "title", "textarea", "noscript", "template", "xmp", "iframe", "noembed",
    "noframes", "svg", "math", "object",
];

/// Named entities found in Chinese government pages; others stay as written.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("thinsp", " "),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("hellip", "…"),
    ("middot", "·"),
    ("times", "×"),
    ("divide", "÷"),
    ("yen", "¥"),
    ("deg", "°"),
    ("permil", "‰"),
    ("plusmn", "±"),
    ("le", "≤"),
    ("ge", "≥"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("copy", "©"),
    ("reg", "®"),
    ("bull", "•"),
];

struct Reader<'a> {
    src: &'a str,
    /// Source byte offset → line and column.
    lines: PosMap,
    out: TextBuilder,
    /// Depth of `pre` elements (whitespace kept).
    pre: usize,
    /// A collapsed space waiting for the next character on the same line.
    space: Option<Origin>,
}

/// Extracts the visible text of an HTML document.
pub fn extract(src: &str) -> Extracted {
    let mut r = Reader {
        src,
        lines: Extracted::plain(src).map,
        out: TextBuilder::new(),
        pre: 0,
        space: None,
    };
    r.run();
    r.out.finish()
}

impl Reader<'_> {
    fn origin(&self, at: usize) -> Origin {
        self.lines.origin(self.src, at)
    }

    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        while let Some(k) = memchr_lt(bytes, i) {
            // The text before the `<` comes out before whatever the markup does.
            self.text(text_start, k);
            text_start = k;
            match self.markup(k) {
                Some(end) => {
                    i = end;
                    text_start = end;
                }
                // A `<` that starts no markup is text.
                None => i = k + 1,
            }
        }
        self.text(text_start, bytes.len());
    }

    /// Handles the markup starting at `<` at byte `k`; returns where it ends, or `None` if the
    /// `<` is plain text.
    fn markup(&mut self, k: usize) -> Option<usize> {
        let src = self.src;
        let rest = &src[k..];
        let end_of = |from: usize, close: &str| {
            src[from..]
                .find(close)
                .map_or(src.len(), |p| from + p + close.len())
        };
        if rest.starts_with("<!--") {
            return Some(end_of(k + 4, "-->"));
        }
        if rest.starts_with("<![CDATA[") {
            return Some(end_of(k + 9, "]]>"));
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            return Some(end_of(k + 2, ">"));
        }
        let closing = rest.starts_with("</");
        let name_start = k + if closing { 2 } else { 1 };
        let name_len = src[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
            .count();
        if name_len == 0 || !src.as_bytes()[name_start].is_ascii_alphabetic() {
            return None;
        }
        let name = src[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(src, name_start + name_len);
        let self_closing = src[..end].ends_with("/>");
        if !closing && !self_closing && RAW.contains(&name.as_str()) {
            return Some(raw_end(src, end, &name));
        }
        match name.as_str() {
            "pre" if closing => self.pre = self.pre.saturating_sub(1),
            "pre" => self.pre += 1,
            _ => {}
        }
        if name == "td" || name == "th" {
            if !closing {
                self.space = None;
                let line = self.out.text().rsplit('\n').next().unwrap_or("");
                if !line.trim().is_empty() {
                    let sep = cell_separator(line);
                    self.out.push_synthetic(sep, self.origin(k));
                }
            }
        } else if BLOCKS.contains(&name.as_str()) {
            self.space = None;
            self.out.end_line();
        }
        Some(end)
    }

    /// Emits the text in `src[from..to]`: entities decoded, whitespace collapsed.
    fn text(&mut self, from: usize, to: usize) {
        let src = self.src;
        let mut run_start = from;
        let mut i = from;
        while i < to {
            let Some(c) = src[i..to].chars().next() else {
                break;
            };
            let len = c.len_utf8();
            let is_space = matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
            if c == '&' || (is_space && self.pre == 0) || (c == '\n' && self.pre > 0) {
                self.verbatim(run_start, i);
                if c == '\n' && self.pre > 0 {
                    self.out.push_synthetic("\n", self.origin(i));
                    i += 1;
                    run_start = i;
                    continue;
                }
                if is_space {
                    if self.space.is_none() && !self.at_line_start() {
                        self.space = Some(self.origin(i));
                    }
                    i += len;
                } else {
                    // An entity: decode it, or keep the `&` as text.
                    let (decoded, used) = entity(&src[i..to]);
                    match decoded {
                        Some(d) => {
                            let at = self.origin(i);
                            self.flush_space();
                            if d == " " {
                                if !self.at_line_start() {
                                    self.space = Some(at);
                                }
                            } else {
                                self.out.push_synthetic(&d, at);
                            }
                            i += used;
                        }
                        None => {
                            self.flush_space();
                            self.out.push_synthetic("&", self.origin(i));
                            i += 1;
                        }
                    }
                }
                run_start = i;
                continue;
            }
            i += len;
        }
        self.verbatim(run_start, to);
    }

    fn verbatim(&mut self, from: usize, to: usize) {
        if from < to {
            self.flush_space();
            self.out.push(&self.src[from..to], self.origin(from));
        }
    }

    fn flush_space(&mut self) {
        if let Some(at) = self.space.take() {
            self.out.push_synthetic(" ", at);
        }
    }

    fn at_line_start(&self) -> bool {
        let t = self.out.text();
        t.is_empty() || t.ends_with('\n')
    }
}

/// The next `<` at or after `from`.
fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'<')
        .map(|p| from + p)
}

/// Where the tag whose name ends at `from` ends (after its `>`), skipping quoted attribute values.
fn tag_end(src: &str, from: usize) -> usize {
    let bytes = src.as_bytes();
    let mut quote = None;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Where the raw-text element `name` whose start tag ends at `from` ends (after `</name…>`).
fn raw_end(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(p) = src.get(i..).and_then(|s| s.find("</")) {
        let at = i + p + 2;
        let candidate = bytes.get(at..at + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return tag_end(src, at + name.len());
        }
        i = at;
    }
    src.len()
}

/// Decodes the entity at the start of `s` (which starts with `&`): the text and the bytes used.
fn entity(s: &str) -> (Option<String>, usize) {
    let Some(semi) = s.get(1..).and_then(|t| t.find(';')).map(|p| p + 1) else {
        return (None, 1);
    };
    if semi > 12 {
        return (None, 1);
    }
    let body = &s[1..semi];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        code.and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .map(|c| if c == '\u{a0}' { ' ' } else { c }.to_string())
    } else {
        ENTITIES
            .iter()
            .find(|(name, _)| *name == body)
            .map(|(_, text)| (*text).to_string())
    };
    match decoded {
        Some(d) => (Some(d), semi + 1),
        None => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<String> {
        extract(html).text.lines().map(str::to_string).collect()
    }

    #[test]
    fn blocks_become_lines_and_markup_goes() {
        let html = "<!DOCTYPE html><html><head><title>标题</title><style>p{}</style>\
                    <script>var a = '<p>';</script></head><body>\
                    <h1>附件</h1><p>1. 新建<b>幼儿园</b>20所</p><!-- note --><div>2. 新增&nbsp;学位&ldquo;6.6万&rdquo;个<br>下一行</div></body></html>";
        assert_eq!(
            lines(html),
            [
                "附件",
                "1. 新建幼儿园20所",
                "2. 新增 学位“6.6万”个",
                "下一行"
            ]
        );
    }

    #[test]
    fn whitespace_collapses_outside_pre() {
        assert_eq!(
            lines("<p>  新建\n   幼儿园\t20所 </p><pre>a  b\nc</pre>"),
            ["新建 幼儿园 20所", "a  b", "c"]
        );
    }

    #[test]
    fn table_rows_are_lines_and_a_serial_cell_becomes_a_marker() {
        let html = "<table><tr><th>序号</th><th>项目</th><th>牵头单位</th></tr>\
                    <tr><td>19</td><td>新增学位6.6万个</td><td>市教育局</td></tr></table>";
        assert_eq!(
            lines(html),
            ["序号；项目；牵头单位", "19. 新增学位6.6万个；市教育局"]
        );
    }

    #[test]
    fn positions_point_into_the_html_source() {
        let html =
            "<html>\n<body>\n  <p>附件</p>\n  <p>1. 新建&amp;改建<i>幼儿园</i>20所</p>\n</body>";
        let ex = extract(html);
        let at = |s: &str| {
            let o = ex.map.origin(&ex.text, ex.text.find(s).unwrap());
            (o.line, o.column)
        };
        assert_eq!(at("附件"), (3, 6));
        assert_eq!(at("1."), (4, 6));
        assert_eq!(at("&"), (4, 11));
        assert_eq!(at("改建"), (4, 16));
        assert_eq!(at("幼儿园"), (4, 21));
        assert_eq!(at("20所"), (4, 28));
    }

    #[test]
    fn odd_markup_does_not_lose_text() {
        assert_eq!(
            lines("a < b 且 3<5 &unknown; &#x4E00;"),
            ["a < b 且 3<5 &unknown; 一"]
        );
        assert_eq!(lines("<p>未闭合<span class=\"x>y\">文字"), ["未闭合文字"]);
        let deep = format!("{}深{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(lines(&deep), ["深"]);
    }
}

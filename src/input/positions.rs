//! Positions: every reader turns its format into plain text (one paragraph per line) and records,
//! as it goes, where each piece of that text came from in the original file. [`TextBuilder`]
//! collects both; [`PosMap`] answers "where is byte `n` of the text" in the unit each format
//! reports (see `docs/json.md`): file line and character column for text, Markdown and HTML;
//! paragraph number and character in the paragraph for .docx; extracted line and page for PDF.
//!
//! A run of text copied verbatim advances the column character by character; text the reader made
//! up (a Word list number, a table-cell separator, a collapsed space) points at one place. Long
//! runs get an anchor every [`BLOCK`] bytes, so a lookup costs at most one block of character
//! counting even on a line of millions of characters.

/// Bytes of verbatim text between anchors.
const BLOCK: usize = 1024;

/// Where a character of the extracted text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Which input file: 0 the document, 1 a separate annex file (`--annex`).
    pub file: u16,
    /// 1-based line (text, Markdown, HTML, PDF) or paragraph number (.docx).
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// 1-based page, for formats that have pages (PDF).
    pub page: Option<u32>,
    /// 1-based line on that page (PDF), counting the lines of text as they stand on the page
    /// (running heads and page numbers left out).
    pub page_line: Option<u32>,
}

impl Origin {
    /// Line `line`, column `column` of file 0, no page.
    pub fn at(line: u32, column: u32) -> Origin {
        Origin {
            file: 0,
            line,
            column,
            page: None,
            page_line: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    /// Byte offset in the extracted text where this anchor starts.
    at: usize,
    origin: Origin,
    /// Whether later characters advance the column (copied text) or stay put (made-up text).
    verbatim: bool,
}

/// Byte offset in the extracted text → origin in the input file(s).
#[derive(Debug, Clone, Default)]
pub struct PosMap {
    anchors: Vec<Anchor>,
}

impl PosMap {
    /// The origin of byte `offset` of `text` (the text this map was built with). Offsets past the
    /// end map to the end; an offset inside a character maps to that character.
    pub fn origin(&self, text: &str, offset: usize) -> Origin {
        let offset = offset.min(text.len());
        let k = self.anchors.partition_point(|a| a.at <= offset);
        let Some(a) = k.checked_sub(1).and_then(|j| self.anchors.get(j)) else {
            return Origin::at(1, 1);
        };
        let mut origin = a.origin;
        if a.verbatim {
            // The characters that end by `offset`: those before the boundary at or below it.
            let mut end = offset;
            while end > a.at && !text.is_char_boundary(end) {
                end -= 1;
            }
            let chars = text.get(a.at..end).map_or(0, |run| run.chars().count());
            origin.column += u32::try_from(chars).unwrap_or(u32::MAX - origin.column);
        }
        origin
    }

    /// Appends the anchors of `other`, whose text was appended at byte `shift`, re-labelled as
    /// coming from input file `file`.
    pub fn append(&mut self, other: PosMap, shift: usize, file: u16) {
        self.anchors.extend(other.anchors.into_iter().map(|mut a| {
            a.at += shift;
            a.origin.file = file;
            a
        }));
    }
}

/// Extracted text with its position map.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text: paragraphs separated by `\n`.
    pub text: String,
    /// Where each byte of `text` came from.
    pub map: PosMap,
}

impl Extracted {
    /// Plain text as its own extraction: every character maps to its line and column.
    pub fn plain(text: &str) -> Extracted {
        let mut b = TextBuilder::with_capacity(text.len());
        b.push(text, Origin::at(1, 1));
        b.finish()
    }
}

/// Builds extracted text and its position map together.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    anchors: Vec<Anchor>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// An empty builder with room for `bytes` of text (and an anchor per line of a few dozen
    /// characters), so that a whole file is copied in without regrowing.
    pub fn with_capacity(bytes: usize) -> TextBuilder {
        TextBuilder {
            text: String::with_capacity(bytes),
            anchors: Vec::with_capacity(bytes / 64 + 1),
        }
    }

    /// Appends `s`, copied verbatim from the input starting at `at`. Each character advances the
    /// column; a `\n` moves to column 1 of the next line.
    pub fn push(&mut self, s: &str, at: Origin) {
        let mut origin = at;
        for (n, line) in crate::find::lines(s).enumerate() {
            if n > 0 {
                self.push_synthetic("\n", origin);
                origin.line += 1;
                origin.column = 1;
            }
            let mut rest = line;
            while !rest.is_empty() {
                let mut cut = rest.len().min(BLOCK);
                while !rest.is_char_boundary(cut) {
                    cut += 1;
                }
                let (piece, tail) = rest.split_at(cut);
                self.anchor(origin, true);
                self.text.push_str(piece);
                origin.column += u32::try_from(piece.chars().count()).unwrap_or(0);
                rest = tail;
            }
        }
    }

    /// Appends `s`, made up by the reader (a list number, a separator, a paragraph break); every
    /// character of it maps to `at`.
    pub fn push_synthetic(&mut self, s: &str, at: Origin) {
        if s.is_empty() {
            return;
        }
        self.anchor(at, false);
        self.text.push_str(s);
    }

    /// Ends the current line with `\n`, unless the text is empty or already ends a line.
    pub fn end_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            let at = self.anchors.last().map_or(Origin::at(1, 1), |a| a.origin);
            self.push_synthetic("\n", at);
        }
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn anchor(&mut self, origin: Origin, verbatim: bool) {
        let at = self.text.len();
        if let Some(last) = self.anchors.last_mut() {
            if last.at == at {
                *last = Anchor {
                    at,
                    origin,
                    verbatim,
                };
                return;
            }
        }
        self.anchors.push(Anchor {
            at,
            origin,
            verbatim,
        });
    }

    /// The text and its map.
    pub fn finish(self) -> Extracted {
        Extracted {
            text: self.text,
            map: PosMap {
                anchors: self.anchors,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_text_keeps_lines_and_char_columns() {
        let text = "一二\n三四五\r\nab";
        let mut b = TextBuilder::new();
        b.push(text, Origin::at(1, 1));
        let ex = b.finish();
        assert_eq!(ex.text, text);
        let at = |needle: char| {
            let o = ex.map.origin(&ex.text, ex.text.find(needle).unwrap());
            (o.line, o.column)
        };
        assert_eq!(at('一'), (1, 1));
        assert_eq!(at('二'), (1, 2));
        assert_eq!(at('五'), (2, 3));
        assert_eq!(at('b'), (3, 2));
        let end = ex.map.origin(&ex.text, 999);
        assert_eq!((end.line, end.column), (3, 3));
        let inside = ex.map.origin(&ex.text, 4);
        assert_eq!((inside.line, inside.column), (1, 2), "inside a character");
    }

    proptest::proptest! {
        /// Every byte offset of a verbatim text maps to the column of the character it is in,
        /// as counting the characters that end by it does.
        #[test]
        fn columns_count_the_characters_before(text in "[a一二\u{10000}é\n]{0,40}") {
            let mut b = TextBuilder::new();
            b.push(&text, Origin::at(1, 1));
            let ex = b.finish();
            // Offsets in characters of a line (a line break and the end map where the builder
            // anchored them, which the unit tests above pin).
            for offset in (0..text.len()).filter(|&o| text.as_bytes()[o] != b'\n') {
                let bytes = &text.as_bytes()[..offset];
                let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let before = text[line_start..]
                    .char_indices()
                    .take_while(|(i, c)| line_start + i + c.len_utf8() <= offset)
                    .count();
                let o = ex.map.origin(&ex.text, offset);
                let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
                proptest::prop_assert_eq!((o.line as usize, o.column as usize), (line, before + 1));
            }
        }
    }

    #[test]
    fn synthetic_text_points_at_one_place() {
        let mut b = TextBuilder::new();
        b.push_synthetic("19. ", Origin::at(7, 1));
        b.push("新增学位6.6万个", Origin::at(7, 1));
        b.end_line();
        b.push("下一段", Origin::at(8, 1));
        let ex = b.finish();
        assert_eq!(ex.text, "19. 新增学位6.6万个\n下一段");
        let o = |s: &str| {
            let o = ex.map.origin(&ex.text, ex.text.find(s).unwrap());
            (o.line, o.column)
        };
        assert_eq!(o("9."), (7, 1));
        assert_eq!(o("新增"), (7, 1));
        assert_eq!(o("6.6"), (7, 5));
        assert_eq!(o("下一段"), (8, 1));
    }

    #[test]
    fn long_lines_agree_with_counting() {
        let text = format!(
            "{}\n{}x",
            "新建幼儿园3所,".repeat(700),
            "增学位100个;".repeat(900)
        );
        let ex = Extracted::plain(&text);
        for (i, _) in text.char_indices().step_by(97) {
            let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let o = ex.map.origin(&text, i);
            assert_eq!(
                (o.line as usize, o.column as usize),
                (
                    text[..i].matches('\n').count() + 1,
                    text[line_start..i].chars().count() + 1
                ),
                "offset {i}"
            );
        }
    }

    #[test]
    fn appended_maps_point_into_their_file() {
        let mut a = TextBuilder::new();
        a.push("正文\n", Origin::at(1, 1));
        let mut first = a.finish();
        let mut b = TextBuilder::new();
        b.push("附件", Origin::at(1, 1));
        let second = b.finish();
        let shift = first.text.len();
        first.text.push_str(&second.text);
        first.map.append(second.map, shift, 1);
        let o = first
            .map
            .origin(&first.text, first.text.find("附件").unwrap());
        assert_eq!((o.file, o.line, o.column), (1, 1, 1));
        let o = first.map.origin(&first.text, 3);
        assert_eq!((o.file, o.line, o.column), (0, 1, 2));
    }
}

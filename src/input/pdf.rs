//! PDF: the text layer, one output line per line of type on the page, each character mapped to
//! its extracted line (counted over the whole document), its column in that line and its page.
//!
//! Decoding is done by [`pdf_extract`] (MIT; it parses with `lopdf` 0.42 and decodes fonts:
//! ToUnicode CMaps, simple-font encodings, CID fonts), which hands every glyph to an
//! `OutputDev` with its position. Lines are built here, not by `pdf-extract`'s own plain-text
//! writer, for two reasons found on LibreOffice output (see `docs/pdf.md`):
//!
//! - its writer puts a space wherever two glyphs are more than 0.1 em apart, so the typographic
//!   gap that Word, WPS and LibreOffice leave between Chinese and Latin or digits becomes a
//!   space (`自治区 2023 年 43 件`), and hedui's repair stage rightly keeps a space next to a digit;
//! - `lopdf`'s own `extract_text` breaks the line at every font change, one line per run.
//!
//! Here glyphs are taken in content-stream order; a new line starts when the baseline moves by
//! more than half the font size or the pen jumps back left by more than one em. A space is
//! inserted where the PDF has a space glyph, where two glyphs are more than one em apart, or where
//! they are more than a quarter em apart and neither is Chinese (Chinese has no word spaces, so a
//! small gap next to a Chinese character is typography, not a space). Blank lines are not kept:
//! the repair stage ignores them.
//!
//! Running page furniture is dropped when it can be recognised without knowing the document:
//! a first or last line of a page that is only a page number (`3`, `- 3 -`, `— 3 —`, `第3页`,
//! `第 3 页 共 9 页`, `3/9`), and, in documents of at least three pages, a first or last line that
//! recurs (digits aside) as a first or last line on more than half of the pages (a running title).
//!
//! `pdf-extract` panics on some malformed input (it unwraps and indexes freely), so the call runs
//! under [`std::panic::catch_unwind`] and a panic becomes [`FormatError::Malformed`]; a panic hook
//! installed once keeps such a caught panic from printing on stderr (only while this thread is
//! inside the PDF reader; every other panic goes to the previous hook). `lopdf` 0.42 offers no
//! bound on how far a stream may decompress, so `limits.max_unpacked_bytes` is applied to the
//! extracted text instead, and the file-size limit bounds the input; a crafted compression bomb
//! can still make the decoder allocate before either applies.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::{Extracted, Limits, Origin, TextBuilder};
use crate::error::FormatError;
use crate::segment::repair::is_cjk;

/// Extracts the text layer of a PDF: one line per extracted line, with page numbers.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, FormatError> {
    let limit = usize::try_from(limits.max_unpacked_bytes).unwrap_or(usize::MAX);
    let pages = quietly(|| read_pages(bytes, limit)).unwrap_or_else(|panic| {
        Err(malformed(format!(
            "the PDF reader gave up on it ({})",
            panic_message(&*panic)
        )))
    })?;
    if pages.iter().all(|p| p.lines.is_empty()) {
        return Err(FormatError::NoTextLayer);
    }
    Ok(build(strip_furniture(pages)))
}

fn malformed(detail: impl Into<String>) -> FormatError {
    FormatError::Malformed {
        format: "PDF",
        detail: detail.into(),
    }
}

/// One page's lines, in content order, without blank lines.
#[derive(Debug, Clone, PartialEq)]
struct Page {
    /// 1-based page number.
    number: u32,
    lines: Vec<Line>,
}

/// A line of type: its text and where it sits on the page (user space, y up).
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    /// Left end of the first glyph.
    x0: f64,
    /// Right end of the last glyph.
    x1: f64,
    /// Baseline.
    y: f64,
    /// Largest font size on the line.
    size: f64,
}

fn read_pages(bytes: &[u8], limit: usize) -> Result<Vec<Page>, FormatError> {
    let doc = pdf_extract::Document::load_mem(bytes).map_err(|e| {
        let text = e.to_string();
        if text.contains("decrypt") || text.contains("password") {
            encrypted()
        } else {
            malformed(text)
        }
    })?;
    if doc.is_encrypted() {
        return Err(encrypted());
    }
    if doc.get_pages().is_empty() {
        return Err(malformed("it has no pages"));
    }
    let mut lines = Lines::new(limit);
    match pdf_extract::output_doc(&doc, &mut lines) {
        Ok(()) => Ok(lines.pages),
        Err(_) if lines.over.is_some() => Err(FormatError::ZipBomb {
            entry: format!("text layer of page {}", lines.over.unwrap_or(0)),
            limit: limit as u64,
        }),
        Err(e) => Err(malformed(e.to_string())),
    }
}

fn encrypted() -> FormatError {
    FormatError::Unsupported {
        what: "an encrypted PDF; remove the password (print or save it as an unprotected PDF) \
               and check that file"
            .into(),
    }
}

thread_local! {
    /// Whether this thread is inside [`quietly`], where a panic is caught and reported as an error.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`, turning a panic into `Err` without printing it.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, Box<dyn Any + Send>> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(outer));
    result
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".into());
    text.chars().take(120).collect()
}

/// The previous glyph on the current line.
#[derive(Debug, Clone, Copy)]
struct Pen {
    /// Where the glyph ends, in user space.
    x_end: f64,
    /// Its baseline.
    y: f64,
    /// Its font size in user space.
    size: f64,
    /// The last character that was not a space.
    last: Option<char>,
}

/// The `OutputDev` that turns positioned glyphs into lines.
struct Lines {
    pages: Vec<Page>,
    line: String,
    /// Where the current line starts: its first glyph's x and its baseline.
    start: (f64, f64),
    /// Its largest font size.
    size: f64,
    pen: Option<Pen>,
    bytes: usize,
    limit: usize,
    /// The page on which the text went over `limit`.
    over: Option<u32>,
}

impl Lines {
    fn new(limit: usize) -> Lines {
        Lines {
            pages: Vec::new(),
            line: String::new(),
            start: (0.0, 0.0),
            size: 0.0,
            pen: None,
            bytes: 0,
            limit,
            over: None,
        }
    }

    fn end_line(&mut self) {
        let text = std::mem::take(&mut self.line);
        let text = text.trim_end();
        if let (false, Some(page), Some(pen)) = (text.is_empty(), self.pages.last_mut(), self.pen) {
            page.lines.push(Line {
                text: text.to_string(),
                x0: self.start.0,
                x1: pen.x_end,
                y: self.start.1,
                size: self.size,
            });
        }
        self.pen = None;
        self.size = 0.0;
    }

    fn push_space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }
}

impl OutputDev for Lines {
    fn begin_page(
        &mut self,
        page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.end_line();
        self.pages.push(Page {
            number: page_num,
            lines: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.end_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The font size in user space: the side of the square with the area of the transformed
        // (size, size) vector, as pdf-extract's own writer computes it.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31, trm.m32);
        let glyph: String = text
            .chars()
            .filter(|c| !c.is_control() || c.is_whitespace())
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let space = glyph.trim().is_empty();
        if let Some(pen) = self.pen {
            let em = size.max(pen.size);
            let same_line = (y - pen.y).abs() <= em * 0.5 && x >= pen.x_end - em;
            if !same_line {
                self.end_line();
            } else if !space {
                let gap = x - pen.x_end;
                let first = glyph.chars().next();
                let chinese = pen.last.is_some_and(is_cjk) || first.is_some_and(is_cjk);
                if gap > em || (gap > em * 0.25 && !chinese) {
                    self.push_space();
                }
            }
        }
        if space {
            self.push_space();
        } else {
            if self.line.is_empty() {
                self.start = (x, y);
            }
            self.line.push_str(&glyph);
            self.size = self.size.max(size);
        }
        let last = glyph
            .chars()
            .rev()
            .find(|c| *c != ' ')
            .or(self.pen.and_then(|p| p.last));
        let x_end = if space && self.line.trim().is_empty() {
            // A leading space does not move where the line's text starts or ends.
            self.pen.map_or(x, |p| p.x_end)
        } else {
            x + width * size
        };
        self.pen = Some(Pen {
            x_end,
            y,
            size,
            last,
        });
        self.bytes += glyph.len();
        if self.bytes > self.limit {
            self.over = Some(self.pages.last().map_or(0, |p| p.number));
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Whether a line is only a page number, as footers and headers print it.
fn is_page_number(line: &str) -> bool {
    let digits = line
        .chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    let decoration = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '—'
                    | '–'
                    | '－'
                    | '―'
                    | '·'
                    | '•'
                    | '/'
                    | '|'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '第'
                    | '页'
                    | '共'
                    | '['
                    | ']'
            )
    };
    digits > 0
        && digits <= 8
        && line
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || decoration(c))
}

/// A line with its digits masked, to match a running title that carries a number.
fn shape(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Drops page numbers and running titles from the first and last line of each page.
fn strip_furniture(mut pages: Vec<Page>) -> Vec<Page> {
    for page in &mut pages {
        for _ in 0..2 {
            if page.lines.last().is_some_and(|l| is_page_number(&l.text)) {
                page.lines.pop();
            }
            if page.lines.first().is_some_and(|l| is_page_number(&l.text)) {
                page.lines.remove(0);
            }
        }
    }
    if pages.len() >= 3 {
        let shapes = |pick: fn(&Page) -> Option<&Line>| -> Vec<Option<String>> {
            pages
                .iter()
                .map(|p| pick(p).map(|l| shape(&l.text)))
                .collect()
        };
        let running = |shapes: &[Option<String>]| -> Vec<bool> {
            shapes
                .iter()
                .map(|s| {
                    s.as_ref().is_some_and(|s| {
                        2 * shapes.iter().filter(|t| t.as_ref() == Some(s)).count() > pages.len()
                    })
                })
                .collect()
        };
        let first = running(&shapes(|p| p.lines.first()));
        let last = running(&shapes(|p| p.lines.last()));
        for ((page, first), last) in pages.iter_mut().zip(first).zip(last) {
            if last {
                page.lines.pop();
            }
            if first && !page.lines.is_empty() {
                page.lines.remove(0);
            }
        }
    }
    pages
}

/// Whether `next` continues `prev` on the same page as a soft wrap: `prev` runs to the right edge
/// of the page's text (within 2.5 em: a line of Chinese wraps at any character, but a number that
/// does not fit moves down whole and end-of-line punctuation may hang into the margin) and does
/// not end a sentence; `next` starts at the left edge without an indent and not with a list
/// marker (`3.`, `(一)`); and the two are one line apart (no paragraph gap).
fn soft_wrap(prev: &Line, next: &Line, left: f64, right: f64) -> bool {
    let em = prev.size.max(next.size);
    let drop = prev.y - next.y;
    let ends_sentence = prev.text.ends_with(['。', '！', '？', '!', '?']);
    let head: String = next.text.chars().take(8).collect();
    !ends_sentence
        && crate::segment::marker::parse(&head).is_none()
        && prev.x1 >= right - 2.5 * prev.size
        && next.x0 <= left + 0.5 * next.size
        && drop > 0.5 * em
        && drop <= 1.8 * em
}

/// The text: one line per paragraph, soft-wrapped lines joined. Each character maps to its line
/// of type (counted over the whole document, furniture left out), its column in that line and
/// its page.
fn build(pages: Vec<Page>) -> Extracted {
    let mut b = TextBuilder::new();
    let mut n: u32 = 0;
    for page in pages {
        let left = page
            .lines
            .iter()
            .map(|l| l.x0)
            .fold(f64::INFINITY, f64::min);
        let right = page
            .lines
            .iter()
            .map(|l| l.x1)
            .fold(f64::NEG_INFINITY, f64::max);
        let mut prev: Option<&Line> = None;
        for (k, line) in page.lines.iter().enumerate() {
            n = n.saturating_add(1);
            let at = Origin {
                file: 0,
                line: n,
                column: 1,
                page: Some(page.number),
                page_line: Some(u32::try_from(k + 1).unwrap_or(u32::MAX)),
            };
            match prev {
                Some(p) if soft_wrap(p, line, left, right) => {
                    let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                    if ascii(p.text.chars().last()) && ascii(line.text.chars().next()) {
                        b.push_synthetic(" ", at);
                    }
                }
                _ => b.end_line(),
            }
            b.push(&line.text, at);
            prev = Some(line);
        }
        b.end_line();
    }
    b.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A one-page PDF with correct cross-reference offsets; `page` is the page dictionary's
    /// extra entries and `content` its content stream (Helvetica is `/F1`).
    fn pdf(page: &str, content: &str) -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R>>".to_string(),
            "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_string(),
            format!(
                "<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R{page}>>"
            ),
            format!(
                "<</Length {}>>stream\n{content}\nendstream",
                content.len() + 1
            ),
            "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>".to_string(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    const MEDIA: &str = "/MediaBox[0 0 595 842]";

    #[test]
    fn lines_follow_baselines_and_gaps_become_spaces() {
        // Two lines a paragraph gap apart (40 units at 12 pt): two lines of text.
        let content = "BT /F1 12 Tf 72 800 Td (Hello) Tj 40 0 Td (world) Tj \
                       -40 -40 Td (next) Tj ( line) Tj ET";
        let ex = extract(&pdf(MEDIA, content), &Limits::default()).unwrap();
        assert_eq!(ex.text, "Hello world\nnext line\n");
        let o = ex.map.origin(&ex.text, ex.text.find("line").unwrap());
        assert_eq!((o.line, o.column, o.page), (2, 6, Some(1)));
    }

    #[test]
    fn soft_wrapped_lines_join_and_keep_their_line_numbers() {
        // The first line runs to the right edge, the next is one line below at the left edge.
        let content = "BT /F1 12 Tf 72 800 Td (wrapped) Tj 200 0 Td (edge) Tj \
                       -200 -14 Td (rest.) Tj 0 -14 Td (3. item) Tj ET";
        let ex = extract(&pdf(MEDIA, content), &Limits::default()).unwrap();
        assert_eq!(ex.text, "wrapped edge rest.\n3. item\n");
        let o = ex.map.origin(&ex.text, ex.text.find("rest").unwrap());
        assert_eq!((o.line, o.column, o.page), (2, 1, Some(1)));
        let o = ex.map.origin(&ex.text, ex.text.find("item").unwrap());
        assert_eq!((o.line, o.column), (3, 4));
    }

    #[test]
    fn a_page_without_text_has_no_text_layer() {
        let err = extract(&pdf(MEDIA, "0 0 m 10 10 l S"), &Limits::default()).unwrap_err();
        assert!(matches!(err, FormatError::NoTextLayer), "{err:?}");
    }

    #[test]
    fn a_panic_in_the_reader_is_a_malformed_pdf() {
        // No MediaBox anywhere: pdf-extract unwraps it.
        let err = extract(&pdf("", "BT /F1 12 Tf (x) Tj ET"), &Limits::default()).unwrap_err();
        match err {
            FormatError::Malformed { format, detail } => {
                assert_eq!(format, "PDF");
                assert!(detail.contains("gave up"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn broken_files_are_malformed() {
        for bytes in [
            &b"%PDF-1.7\n"[..],
            b"%PDF-1.4\n\x8f\x12\xffgarbage\x00\x01 obj << >> trailer",
        ] {
            let err = extract(bytes, &Limits::default()).unwrap_err();
            assert!(
                matches!(err, FormatError::Malformed { format: "PDF", .. }),
                "{err:?}"
            );
        }
    }

    #[test]
    fn text_over_the_limit_is_refused() {
        let limits = Limits {
            max_unpacked_bytes: 3,
            ..Limits::default()
        };
        let err = extract(&pdf(MEDIA, "BT /F1 12 Tf (Hello) Tj ET"), &limits).unwrap_err();
        assert!(matches!(err, FormatError::ZipBomb { .. }), "{err:?}");
    }

    #[test]
    fn recognises_page_numbers() {
        for yes in [
            "3",
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 9 页",
            "3/9",
            "－３－",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["2023年", "1. 新建", "附件", "-", "43件", "(一)"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    /// A page whose lines are a paragraph gap apart (never soft wraps).
    fn page(number: u32, lines: &[&str]) -> Page {
        Page {
            number,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, s)| Line {
                    text: s.to_string(),
                    x0: 0.0,
                    x1: 100.0,
                    y: 800.0 - 100.0 * i as f64,
                    size: 10.0,
                })
                .collect(),
        }
    }

    fn texts(pages: Vec<Page>) -> Vec<Vec<String>> {
        pages
            .into_iter()
            .map(|p| p.lines.into_iter().map(|l| l.text).collect())
            .collect()
    }

    #[test]
    fn strips_page_numbers_and_running_titles_only() {
        let pages = vec![
            page(1, &["政府工作报告", "正文一", "- 1 -"]),
            page(2, &["某市政府工作报告", "正文二", "- 2 -"]),
            page(3, &["某市政府工作报告", "正文三", "- 3 -"]),
            page(4, &["某市政府工作报告", "1. 新建幼儿园12所", "4"]),
        ];
        assert_eq!(
            texts(strip_furniture(pages)),
            [
                vec!["政府工作报告", "正文一"],
                vec!["正文二"],
                vec!["正文三"],
                vec!["1. 新建幼儿园12所"],
            ]
        );
        // Two pages: a repeated first line is not taken for a running title.
        let two = strip_furniture(vec![page(1, &["附件", "a"]), page(2, &["附件", "b"])]);
        assert_eq!(texts(two)[1], ["附件", "b"]);
    }

    #[test]
    fn lines_count_over_the_document_and_carry_pages() {
        let ex = build(vec![page(1, &["一", "二"]), page(2, &["三四"])]);
        assert_eq!(ex.text, "一\n二\n三四\n");
        let o = ex.map.origin(&ex.text, ex.text.find('四').unwrap());
        assert_eq!((o.line, o.column, o.page), (3, 2, Some(2)));
    }
}

//! Input: read a document's bytes, find out what format and encoding they are in, extract the
//! text (one paragraph per line), and keep a map from every byte of that text back to where it
//! came from in the original file.
//!
//! The format is decided by content (magic bytes, markup), not by the file name; the name only
//! breaks ties (`.md` is Markdown, since any text is valid Markdown). Each format has its own
//! module; all of them build their text with [`TextBuilder`].

mod decode;
pub(crate) mod docx;
mod html;
mod markdown;
mod pdf;
mod positions;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use decode::Decoded;
pub use positions::{Extracted, Origin, PosMap, TextBuilder};

use crate::error::FormatError;
use crate::Error;

/// The formats hedui reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown (CommonMark).
    Markdown,
    /// HTML.
    Html,
    /// Word 2007+ (.docx).
    Docx,
    /// PDF with a text layer.
    Pdf,
}

impl Format {
    /// The lowercase name used in flags and JSON (`text`, `markdown`, `html`, `docx`, `pdf`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the format is text in some encoding (so `--encoding` applies).
    pub fn is_text(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Html)
    }
}

/// Limits that protect the user from inputs no report can be: huge files and zip bombs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Largest size any one archive entry may unpack to, in bytes.
    pub max_unpacked_bytes: u64,
    /// Largest ratio between an archive entry's unpacked and packed size.
    pub max_ratio: u64,
    /// The memory ceiling of one document, in bytes: past the estimate of what a stage needs
    /// (see [`crate::memory`]) the document is refused.
    pub max_memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_unpacked_bytes: 256 * 1024 * 1024,
            max_ratio: 200,
            max_memory_bytes: crate::memory::DEFAULT_MAX_MEMORY,
        }
    }
}

/// How to read inputs: everything a user can override.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// The format, instead of detecting it.
    pub format: Option<Format>,
    /// The text encoding, instead of detecting it; invalid bytes are then replaced, not an error.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Size limits.
    pub limits: Limits,
}

/// A document as read: its files, its extracted text and the map back to the originals.
#[derive(Debug, Clone)]
pub struct Source {
    /// The document's path as the user gave it.
    pub path: PathBuf,
    /// The files the text came from: the document, then a separate annex file if any.
    pub files: Vec<PathBuf>,
    /// The document's format.
    pub format: Format,
    /// The format of each of `files`.
    pub formats: Vec<Format>,
    /// The text encoding, for text formats (`UTF-8`, `GBK`, `UTF-16LE`…).
    pub encoding: Option<&'static str>,
    /// The extracted text: paragraphs separated by `\n`.
    pub text: String,
    /// With a separate annex file: the byte range of `text` that came from it.
    pub annex: Option<Range<usize>>,
    /// Things the user should know about how the file was read (replaced bytes…).
    pub notes: Vec<String>,
    /// The memory ceiling of checking this document, in bytes ([`Limits::max_memory_bytes`]).
    pub max_memory: u64,
    map: PosMap,
}

/// Where a byte of a source's text is in the original files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location<'a> {
    /// The file.
    pub path: &'a Path,
    /// 1-based line (paragraph for .docx).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// 1-based page (PDF).
    pub page: Option<usize>,
    /// 1-based line on that page (PDF).
    pub page_line: Option<usize>,
    /// The file's format: for [`Format::Docx`] `line` is a paragraph number.
    pub format: Format,
}

impl Source {
    /// Reads and extracts a document. The file is opened read-only and never written to.
    pub fn read(path: &Path, options: &ReadOptions) -> Result<Source, Error> {
        let io = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let is_directory = || Error::IsDirectory {
            path: path.to_path_buf(),
        };
        let limit = options.limits.max_file_bytes;
        // What a file's metadata alone rules out, in the order the checks were always made:
        // a directory, a file over the size limit, one the memory ceiling cannot hold.
        let admit = |meta: &std::fs::Metadata| -> Result<u64, Error> {
            if meta.is_dir() {
                return Err(is_directory());
            }
            let size = meta.len();
            if size > limit {
                return Err(Error::Format {
                    path: path.to_path_buf(),
                    source: FormatError::TooLarge { size, limit },
                });
            }
            crate::memory::ensure(
                path,
                crate::memory::reading(size),
                options.limits.max_memory_bytes,
            )?;
            Ok(size)
        };
        // Opened first and asked its size once. A file that does not open (a directory on
        // Windows, a file without read permission) is judged by its metadata first, as before
        // it was opened first: a directory or a file too large says so, not that it cannot be
        // read.
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) => {
                if let Ok(meta) = std::fs::metadata(path) {
                    admit(&meta)?;
                }
                return Err(io(e));
            }
        };
        let size = admit(&file.metadata().map_err(io)?)?;
        let bytes = read_at_most(file, size, limit).map_err(io)?;
        Source::from_bytes(path, &bytes, options)
    }

    /// Extracts a document from bytes that came from `path`.
    pub fn from_bytes(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<Source, Error> {
        let fail = |source| Error::Format {
            path: path.to_path_buf(),
            source,
        };
        let size = bytes.len() as u64;
        if size > options.limits.max_file_bytes {
            return Err(fail(FormatError::TooLarge {
                size,
                limit: options.limits.max_file_bytes,
            }));
        }
        crate::memory::ensure(
            path,
            crate::memory::reading(size),
            options.limits.max_memory_bytes,
        )?;
        let sniffed = sniff(bytes).map_err(|what| match what {
            Sniffed::Binary(what) => Error::Binary {
                path: path.to_path_buf(),
                what: what.to_string(),
            },
            Sniffed::Unsupported(what) => fail(FormatError::Unsupported {
                what: what.to_string(),
            }),
        })?;
        let format = options
            .format
            .or(sniffed)
            .unwrap_or_else(|| by_extension(path));
        let (extracted, encoding, notes) = if format.is_text() {
            let decoded = decode::decode(path, bytes, options.encoding)?;
            let extracted = match format {
                Format::Html => html::extract(&decoded.text),
                Format::Markdown => markdown::extract(&decoded.text),
                _ => Extracted::plain(&decoded.text),
            };
            (extracted, Some(decoded.encoding), decoded.notes)
        } else {
            let extracted = match format {
                Format::Docx => docx::extract(bytes, &options.limits),
                _ => pdf::extract(bytes, &options.limits),
            }
            .map_err(fail)?;
            (extracted, None, Vec::new())
        };
        if crate::find::has_byte(&extracted.text, 0) {
            return Err(Error::Binary {
                path: path.to_path_buf(),
                what: "contains NUL characters".to_string(),
            });
        }
        if extracted.text.trim().is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(Source {
            path: path.to_path_buf(),
            files: vec![path.to_path_buf()],
            formats: vec![format],
            format,
            encoding,
            text: extracted.text,
            annex: None,
            notes,
            max_memory: options.limits.max_memory_bytes,
            map: extracted.map,
        })
    }

    /// Builds a source from plain text already in memory (tests, benchmarks, other front ends).
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        let text = text.into();
        let extracted = Extracted::plain(&text);
        let path = path.into();
        Source {
            files: vec![path.clone()],
            path,
            format: Format::Text,
            formats: vec![Format::Text],
            encoding: Some("UTF-8"),
            text: extracted.text,
            annex: None,
            notes: Vec::new(),
            max_memory: crate::memory::DEFAULT_MAX_MEMORY,
            map: extracted.map,
        }
    }

    /// Joins a body document and its annex kept in a separate file into one source; locations
    /// in the annex part point into the annex file.
    pub fn with_annex(mut self, annex: Source) -> Source {
        if !self.text.ends_with('\n') {
            let at = self.origin(self.text.len());
            let mut b = TextBuilder::new();
            b.push_synthetic("\n", at);
            let nl = b.finish();
            let shift = self.text.len();
            self.text.push('\n');
            self.map.append(nl.map, shift, 0);
        }
        let start = self.text.len();
        // The annex file is the annex from its first line: say so as a document would, with an
        // opener line that points at the file's start.
        let mut opener = TextBuilder::new();
        opener.push_synthetic("附件\n", Origin::at(1, 1));
        let opener = opener.finish();
        self.text.push_str(&opener.text);
        self.map.append(opener.map, start, 1);
        let shift = self.text.len();
        self.text.push_str(&annex.text);
        self.map.append(annex.map, shift, 1);
        self.annex = Some(start..self.text.len());
        self.files.push(annex.path);
        self.formats.push(annex.format);
        self.notes.extend(annex.notes);
        self.max_memory = self.max_memory.min(annex.max_memory);
        self
    }

    /// The file the annex is expected in: the separate annex file, else the document.
    pub fn annex_path(&self) -> &Path {
        self.files.get(1).unwrap_or(&self.path)
    }

    /// The origin of byte `offset` of the text.
    pub fn origin(&self, offset: usize) -> Origin {
        self.map.origin(&self.text, offset)
    }

    /// The file, line, column and page of byte `offset` of the text.
    pub fn location(&self, offset: usize) -> Location<'_> {
        let o = self.origin(offset);
        Location {
            path: self
                .files
                .get(usize::from(o.file))
                .map_or(self.path.as_path(), PathBuf::as_path),
            line: o.line as usize,
            column: o.column as usize,
            page: o.page.map(|p| p as usize),
            page_line: o.page_line.map(|p| p as usize),
            format: self
                .formats
                .get(usize::from(o.file))
                .copied()
                .unwrap_or(self.format),
        }
    }

    /// The 1-based line and column of byte `offset` (in whichever file it came from).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let l = self.location(offset);
        (l.line, l.column)
    }
}

/// Reads `file`, `size` bytes long when it was asked, but never more than `limit` bytes (the file
/// may have grown since): a file that did grow past the limit reads as `limit + 1` bytes and is
/// refused. Room for the whole file is made up front, so most files take one read and one that
/// finds the end (`read_to_end` starts at 8 KB and grows when it cannot see the size).
fn read_at_most(mut file: impl std::io::Read, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    let most = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let first = usize::try_from(size.saturating_add(1))
        .unwrap_or(usize::MAX)
        .min(most);
    // Room is asked for, not assumed: a size no allocation can hold is an error, not a panic.
    let room = |bytes: &mut Vec<u8>, len: usize| {
        bytes
            .try_reserve_exact(len.saturating_sub(bytes.len()))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
        bytes.resize(len, 0);
        Ok::<(), std::io::Error>(())
    };
    let mut bytes = Vec::new();
    room(&mut bytes, first)?;
    let mut n = 0;
    loop {
        if n == bytes.len() {
            if n >= most {
                break;
            }
            // The file grew: room for as much again, within the limit.
            room(&mut bytes, n.saturating_mul(2).max(8192).min(most))?;
        }
        match file.read(&mut bytes[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(n);
    Ok(bytes)
}

/// What goes between two table cells on one line, given the line so far: after a serial-number
/// cell (`19`) a list marker's `. `, so the row reads as item 19 does in a list; after a cell that
/// ends a clause a space; else `；`, so cells never run together into one phrase.
pub(crate) fn cell_separator(line: &str) -> &'static str {
    let t = line.trim();
    if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        ". "
    } else if t.ends_with(['。', '；', '，', '、', ';', ',', '：', ':']) {
        " "
    } else {
        "；"
    }
}

/// The format a file name suggests, for content that could be any text format.
fn by_extension(path: &Path) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("md" | "markdown") => Format::Markdown,
        Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
        _ => Format::Text,
    }
}

/// What the first bytes say about a file that hedui cannot read.
enum Sniffed {
    /// Not a document at all.
    Binary(&'static str),
    /// A document format hedui does not read.
    Unsupported(&'static str),
}

/// The format the content shows (`None`: some text format, decided by extension), or why hedui
/// cannot read it.
fn sniff(bytes: &[u8]) -> Result<Option<Format>, Sniffed> {
    const BINARY: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"\x7FELF", "an executable"),
        (b"MZ", "a Windows executable"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
    ];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Some(Format::Docx));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(Sniffed::Unsupported(
            "a legacy Office file (.doc, .wps or .et); open it in Word or WPS and save it as .docx",
        ));
    }
    // A PDF header may come after some junk, within the first 1024 bytes.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(Some(Format::Pdf));
    }
    if let Some((_, what)) = BINARY.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(Sniffed::Binary(what));
    }
    if looks_like_html(head) {
        return Ok(Some(Format::Html));
    }
    Ok(None)
}

/// Whether text starts like an HTML document (after a BOM, whitespace and comments).
fn looks_like_html(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<?xml",
    ]
    .iter()
    .any(|p| text.starts_with(p))
        || (text.starts_with("<!--") && text.contains("<html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a call and is interrupted every other call.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
        calls: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(2) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let k = self.step.min(buf.len()).min(self.data.len());
            buf[..k].copy_from_slice(&self.data[..k]);
            self.data = &self.data[k..];
            Ok(k)
        }
    }

    proptest::proptest! {
        /// Whatever size the file had when asked (it may have grown or shrunk since),
        /// `read_at_most` reads all of it up to `limit + 1` bytes, and never more.
        #[test]
        fn reads_everything_up_to_one_past_the_limit(
            len in 0usize..20_000,
            size in 0u64..20_000,
            limit in 0u64..20_000,
            step in 1usize..9000,
        ) {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let got = read_at_most(Trickle { data: &data, step, calls: 0 }, size, limit).unwrap();
            let want = len.min(usize::try_from(limit).unwrap() + 1);
            proptest::prop_assert_eq!(&got[..], &data[..want]);
        }
    }

    fn read(name: &str, bytes: &[u8]) -> Result<Source, Error> {
        Source::from_bytes(Path::new(name), bytes, &ReadOptions::default())
    }

    #[test]
    fn strips_bom_and_keeps_text() {
        let src = read("a.txt", "\u{FEFF}附件\n1. 新建10个".as_bytes()).unwrap();
        assert_eq!(src.text, "附件\n1. 新建10个");
        assert_eq!(src.line_col(src.text.find("新建").unwrap()), (2, 4));
        assert_eq!(src.encoding, Some("UTF-8"));
    }

    #[test]
    fn rejects_empty_binary_and_legacy_office() {
        assert!(matches!(
            read("a.txt", b" \n\t\n").unwrap_err(),
            Error::Empty { .. }
        ));
        assert!(matches!(
            read("a.png", b"\x89PNG\r\n\x1a\n").unwrap_err(),
            Error::Binary { .. }
        ));
        assert!(matches!(
            read("a.txt", b"abc\0def").unwrap_err(),
            Error::Binary { .. }
        ));
        let err = read("a.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err();
        assert!(err.to_string().contains("save it as .docx"), "{err}");
    }

    #[test]
    fn content_decides_the_format() {
        let html = read("report.txt", b"<!DOCTYPE html><p>x</p>").unwrap();
        assert_eq!(html.format, Format::Html);
        let md = read("report.md", "# 标题\n正文".as_bytes()).unwrap();
        assert_eq!(md.format, Format::Markdown);
        let txt = read("report.docx", "附件\n1. 新建10个".as_bytes()).unwrap();
        assert_eq!(txt.format, Format::Text, "a text file named .docx is text");
    }

    #[test]
    fn refuses_files_over_the_limit() {
        let options = ReadOptions {
            limits: Limits {
                max_file_bytes: 4,
                ..Limits::default()
            },
            ..ReadOptions::default()
        };
        let err = Source::from_bytes(Path::new("a.txt"), b"12345", &options).unwrap_err();
        assert!(
            err.to_string().contains("over the limit of 4 bytes"),
            "{err}"
        );
    }

    #[test]
    fn a_separate_annex_points_into_its_file() {
        let body = Source::from_text("body.txt", "正文第一行");
        let annex = Source::from_text("annex.txt", "附件\n1. 新建10个");
        let both = body.with_annex(annex);
        let at = both.text.find("新建").unwrap();
        let loc = both.location(at);
        assert_eq!(
            (loc.path, loc.line, loc.column),
            (Path::new("annex.txt"), 2, 4)
        );
        assert_eq!(both.location(0).path, Path::new("body.txt"));
        assert_eq!(
            both.annex.as_ref().map(|r| &both.text[r.clone()]),
            Some("附件\n附件\n1. 新建10个")
        );
    }
}

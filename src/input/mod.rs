//! Input: read a document's bytes, check they are text we can read, and keep a map from byte
//! offsets back to `line:column` in the original file.
//!
//! This scope is UTF-8 plain text (with or without a byte-order mark). Other formats and
//! encodings get a clear error rather than a guess.

mod source_map;

use std::path::{Path, PathBuf};

pub use source_map::LineIndex;

use crate::Error;

/// A document as read from disk: its path, its text and a line index over that text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it; used in every location hedui prints.
    pub path: PathBuf,
    /// The text, without a leading byte-order mark.
    pub text: String,
    /// Line starts, for turning byte offsets into `line:column`.
    pub lines: LineIndex,
}

impl Source {
    /// Reads and checks a document. The file is opened read-only and never written to.
    pub fn read(path: &Path) -> Result<Source, Error> {
        if path.is_dir() {
            return Err(Error::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Source::from_bytes(path, &bytes)
    }

    /// Checks bytes that came from `path` and builds the source.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source, Error> {
        let path = path.to_path_buf();
        if let Some(what) = binary_signature(bytes) {
            return Err(Error::Binary {
                path,
                what: what.to_string(),
            });
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(err) => {
                return Err(Error::NotUtf8 {
                    path,
                    offset: err.valid_up_to(),
                })
            }
        };
        if text.contains('\0') {
            return Err(Error::Binary {
                path,
                what: "contains NUL bytes".to_string(),
            });
        }
        if text.trim().is_empty() {
            return Err(Error::Empty { path });
        }
        Ok(Source::from_text(path, text))
    }

    /// Builds a source from text already in memory (tests, benchmarks, other front ends).
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text,
            lines,
        }
    }

    /// The 1-based line and 1-based column (counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }
}

/// Names the kind of binary file `bytes` starts like, if any.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "a ZIP archive, e.g. .docx; only plain UTF-8 text is read",
        ),
        (b"%PDF", "a PDF file; only plain UTF-8 text is read"),
        (
            b"\xD0\xCF\x11\xE0",
            "a legacy Office file (.doc/.wps); save it as plain text",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7FELF", "an executable"),
    ];
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 text; save it as UTF-8");
    }
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_keeps_text() {
        let src =
            Source::from_bytes(Path::new("a.txt"), "\u{FEFF}附件\n1. 新建10个".as_bytes()).unwrap();
        assert_eq!(src.text, "附件\n1. 新建10个");
        assert_eq!(src.line_col(src.text.find("新建").unwrap()), (2, 4));
    }

    #[test]
    fn rejects_invalid_utf8_with_offset() {
        let err = Source::from_bytes(Path::new("a.txt"), b"ab\xC4\xE3").unwrap_err();
        assert!(matches!(err, Error::NotUtf8 { offset: 2, .. }), "{err}");
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert!(matches!(
            Source::from_bytes(Path::new("a.txt"), b" \n\t\n").unwrap_err(),
            Error::Empty { .. }
        ));
        assert!(matches!(
            Source::from_bytes(Path::new("a.docx"), b"PK\x03\x04rest").unwrap_err(),
            Error::Binary { .. }
        ));
        assert!(matches!(
            Source::from_bytes(Path::new("a.txt"), b"abc\0def").unwrap_err(),
            Error::Binary { .. }
        ));
    }
}

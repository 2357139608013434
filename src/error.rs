//! Typed errors of the library. Each names the file it is about; the CLI prints one line and
//! exits with code 2.

use std::path::PathBuf;

/// An error in one of the data tables (`rules/*.toml`, built in or supplied by the user).
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The TOML did not parse or did not fit the table's shape (unknown keys included).
    #[error("{name}: {message}")]
    Parse {
        /// The table's file name, e.g. `units.toml`.
        name: String,
        /// What the TOML parser said, with line and column.
        message: String,
    },
    /// The TOML parsed but its content is inconsistent (an empty alias, a duplicate entry…).
    #[error("{name}: {message}")]
    Invalid {
        /// The table's file name.
        name: String,
        /// What is wrong.
        message: String,
    },
}

/// Why a document's bytes could not be turned into text; [`Error::Format`] adds the path.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file is of a format hedui reads but is broken (truncated, missing parts, bad XML).
    #[error("not a valid {format} file: {detail}")]
    Malformed {
        /// The format's name (`.docx`, `PDF`).
        format: &'static str,
        /// What is wrong, in a few words.
        detail: String,
    },
    /// A PDF with pages but no text layer: a scan, which needs OCR first.
    #[error("the PDF has no text layer (a scanned image?); run OCR on it first")]
    NoTextLayer,
    /// A format hedui does not read, with what to do instead.
    #[error("{what}")]
    Unsupported {
        /// What the file is and what to do, e.g. "a legacy Word file (.doc/.wps); save it as .docx".
        what: String,
    },
    /// The file is larger than the size limit.
    #[error(
        "the file is {size} bytes, over the limit of {limit} bytes (raise it with --max-size)"
    )]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A compressed part unpacks beyond the limits: a zip bomb, or a document far larger than any
    /// report.
    #[error("the archive entry {entry} unpacks to more than {limit} bytes; refusing it as a possible zip bomb")]
    ZipBomb {
        /// The entry's name in the archive.
        entry: String,
        /// The limit it exceeded, in bytes.
        limit: u64,
    },
}

/// Everything that can stop hedui from checking one document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: cannot read file: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is a directory.
    #[error("{}: is a directory, not a document", path.display())]
    IsDirectory {
        /// The path.
        path: PathBuf,
    },
    /// The file is empty or holds only whitespace.
    #[error("{}: the document is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file's bytes are not valid in the encoding it was read with.
    #[error("{}: not valid {encoding} text (invalid byte at offset {offset}); pass --encoding to choose the encoding (invalid bytes are then replaced)", path.display())]
    Undecodable {
        /// The file.
        path: PathBuf,
        /// The encoding tried (the detected one, `UTF-8` when nothing else fits).
        encoding: &'static str,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file's format could not be read (a broken .docx, a PDF without text, a zip bomb…).
    #[error("{}: {source}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: FormatError,
    },
    /// The file looks binary (NUL bytes, a known binary signature).
    #[error("{}: not a text document ({what})", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// What it looks like.
        what: String,
    },
    /// A directory could not be walked (unreadable, a broken link…).
    #[error("{}: cannot walk directory: {message}", path.display())]
    Walk {
        /// The directory or entry.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An output file could not be written.
    #[error("{}: {message}", path.display())]
    Write {
        /// The file hedui was asked to write.
        path: PathBuf,
        /// Why not.
        message: String,
    },
    /// A baseline file could not be used.
    #[error("{}: not a hedui baseline: {message}", path.display())]
    Baseline {
        /// The baseline file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A configuration file is wrong (bad TOML, unknown key, unknown rule).
    #[error("{}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong, with line and column when known.
        message: String,
    },
    /// No annex of numbered commitments was found.
    #[error("{}: no annex found (expected a 附件 heading or a numbered list of commitments such as “1. …”)", path.display())]
    NoAnnex {
        /// The file.
        path: PathBuf,
    },
    /// A line announces an annex (`附件`, or a title stating how many items it lists) but no list
    /// after it could be read.
    #[error("{}:{line}: this line announces an annex (“{heading}”), but hedui cannot read a list of items after it (run `hedui annex` to see what was read; if the layout is unusual, please report it)", path.display())]
    AnnexUnreadable {
        /// The file.
        path: PathBuf,
        /// The announcing line.
        line: usize,
        /// Its text.
        heading: String,
    },
    /// An annex was found but no body text states any number to compare it with.
    #[error("{}: found the annex but no body that states numbers to compare it with (if the body is in another file, check it with --annex)", path.display())]
    NoBody {
        /// The file.
        path: PathBuf,
    },
    /// Checking the document would take more memory than the ceiling per document allows
    /// (estimated before each large stage, see [`crate::memory`]).
    #[error("{}: checking this document needs about {} of memory, over the ceiling of {} (raise it with --max-memory)", path.display(), crate::memory::describe(*needed), crate::memory::describe(*limit))]
    TooMuchMemory {
        /// The file.
        path: PathBuf,
        /// The estimated peak, in bytes.
        needed: u64,
        /// The ceiling, in bytes.
        limit: u64,
    },
    /// A data table is broken.
    #[error(transparent)]
    Table(#[from] TableError),
}

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
    /// The file is not UTF-8 text.
    #[error("{}: not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file looks binary (NUL bytes, a known binary signature).
    #[error("{}: not a text document ({what})", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// What it looks like.
        what: String,
    },
    /// No annex of numbered commitments was found.
    #[error("{}: no annex found (expected a 附件 heading or a numbered list of commitments such as “1. …”)", path.display())]
    NoAnnex {
        /// The file.
        path: PathBuf,
    },
    /// A data table is broken.
    #[error(transparent)]
    Table(#[from] TableError),
}

//! PDF reading. Not implemented yet: a clear error until it is.

use super::{Extracted, Limits};
use crate::error::FormatError;

/// Extracts the text layer of a PDF: one line per extracted line, with page numbers.
pub fn extract(_bytes: &[u8], _limits: &Limits) -> Result<Extracted, FormatError> {
    Err(FormatError::Unsupported {
        what: "a PDF file; PDF is not read yet, save it as plain text".into(),
    })
}

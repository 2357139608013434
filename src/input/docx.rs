//! Word 2007+ (.docx) reading. Not implemented yet: a clear error until it is.

use super::{Extracted, Limits};
use crate::error::FormatError;

/// Extracts the text of a .docx file: one line per paragraph of the document body.
pub fn extract(_bytes: &[u8], _limits: &Limits) -> Result<Extracted, FormatError> {
    Err(FormatError::Unsupported {
        what: "a ZIP archive or .docx file; .docx is not read yet, save it as plain text".into(),
    })
}

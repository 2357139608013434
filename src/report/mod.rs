//! Reporters: render findings. No checking logic lives here.

pub mod human;
pub mod json;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable blocks with both quotes, for editors.
    Human,
    /// One JSON document (see `docs/json.md`).
    Json,
}

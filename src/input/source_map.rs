//! A line index: byte offset → 1-based line and 1-based column counted in characters
//! (Unicode scalar values), the unit every hedui location uses.
//!
//! Columns are computed from checkpoints every [`BLOCK`] bytes, so a lookup costs at most one
//! block of character counting even on a line of millions of characters.

/// Bytes between checkpoints.
const BLOCK: usize = 1024;

/// Byte offsets where each line starts, and character counts at checkpoints.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset on a char boundary, number of chars before it), increasing.
    checkpoints: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line it ends.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let mut next = BLOCK;
        for (n, (i, _)) in text.char_indices().enumerate() {
            if i >= next {
                checkpoints.push((i, n));
                next = i + BLOCK;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// Number of characters in `text[..offset]` (`offset` on a char boundary, or rounded down).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (at, n) = k.checked_sub(1).map_or((0, 0), |j| self.checkpoints[j]);
        n + text.get(at..).map_or(0, |rest| {
            rest.char_indices()
                .take_while(|(i, c)| at + i + c.len_utf8() <= offset)
                .count()
        })
    }

    /// The 1-based line and character column of `offset` in `text`. Offsets past the end map to
    /// the end; an offset inside a character maps to that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = self.chars_before(text, offset) - self.chars_before(text, start);
        (line + 1, column + 1)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the index is empty (it never is: an empty text has one line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let text = "一二\n三四五\r\nab";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (1, 2));
        assert_eq!(idx.line_col(text, text.find('五').unwrap()), (2, 3));
        assert_eq!(idx.line_col(text, text.find('b').unwrap()), (3, 2));
        assert_eq!(idx.line_col(text, 999), (3, 3));
        assert_eq!(idx.line_col(text, 4), (1, 2), "inside a character");
    }

    #[test]
    fn long_lines_agree_with_counting() {
        let text = format!(
            "{}\n{}x",
            "新建幼儿园3所,".repeat(700),
            "增学位100个;".repeat(900)
        );
        let idx = LineIndex::new(&text);
        for (i, _) in text.char_indices().step_by(97) {
            let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let want = (
                text[..i].matches('\n').count() + 1,
                text[line_start..i].chars().count() + 1,
            );
            assert_eq!(idx.line_col(&text, i), want, "offset {i}");
        }
    }
}

//! A memory ceiling per document.
//!
//! hedui cannot count its allocations (a counting allocator needs `unsafe`, which the crate
//! forbids), but its memory is linear in sizes it knows before each large stage: the file's
//! bytes before reading, the text's bytes before segmenting (per-byte offset maps, paragraph
//! buffers, the quantity scan), and the number of commitments before aligning (each with its
//! phrase, subject and candidate lists, within the alignment's caps). Before each of these
//! stages the estimate below is compared with the document's ceiling
//! ([`crate::input::Limits::max_memory_bytes`]); past it the document is refused with
//! [`Error::TooMuchMemory`], which names the file, instead of running until the operating system
//! kills the process.
//!
//! The estimates are of the whole process's peak resident memory when it checks this one
//! document, calibrated on release builds (`docs/performance.md`, Memory ceiling): they are upper
//! bounds of the measured peaks of generated documents from 10 KB to 50 MB, of the worst cases of
//! issue 16 and of the corpus, and within about 1.5× of them on large documents.

use std::path::Path;

use crate::error::Error;

/// The default ceiling: 2 GiB. The largest document the default size limit (50 MB) lets in needs
/// about 1.1 GB, so no document the size limit accepts reaches it, and a 2-core CI runner with
/// 7 GB can still run two documents at once.
pub const DEFAULT_MAX_MEMORY: u64 = 2 << 30;

const MIB: u64 = 1 << 20;

/// What the process holds before any document: the binary, the tables, the dictionary's trie,
/// a thread's buffers. Measured at 14–16 MB for a 10 KB document; 24 MiB because mimalloc
/// (the command line's allocator) holds more than glibc did for documents of about 1 MB
/// (42 MiB measured for one of 1 MB with every second figure changed).
const BASE: u64 = 24 * MIB;

/// Bytes held per byte of the input file while reading it: the file, the decoded text, the
/// extracted text and its map back to the file.
const READ_PER_BYTE: u64 = 8;

/// Bytes held per byte of text while segmenting, extracting and checking an ordinary document:
/// each paragraph's repaired copy and its `u32` offset per byte, the quantity scan, the phrases.
/// Measured at 18.7 on generated documents of 3–50 MB, 21 when every second body figure differs
/// (a finding for each).
const CHECK_PER_BYTE: u64 = 24;

/// Bytes per annex commitment while aligning, on top of the per-byte cost (which covers the
/// commitments of ordinary text, about one per 60 bytes): its candidate lists, at most the
/// alignment's caps ([`crate::align::EQUAL_CAP`] and [`crate::align::DIFFER_CAP`] pairs). An
/// ordinary annex has one annex commitment per 5 KB of document and never comes near; worst
/// cases (tens of thousands of short items sharing one value) measured 2.4 KB.
const PER_ANNEX_COMMITMENT: u64 = 3 * 1024;

/// Bytes per commitment (its quantity, phrase and subject strings, similarity profile, links),
/// for text denser in figures than ordinary reports, where [`CHECK_PER_BYTE`] would understate
/// them: ordinary text has one commitment per 58 bytes (24 × 58 ≈ 1,400, the same), a body
/// repeating one short clause 80,000 times one per 28 bytes (measured 1.2 KB each).
const PER_COMMITMENT: u64 = 1400;

/// The peak memory of reading a file of `file_bytes` bytes.
pub fn reading(file_bytes: u64) -> u64 {
    BASE.saturating_add(file_bytes.saturating_mul(READ_PER_BYTE))
}

/// The peak memory of checking a text of `text_bytes` bytes, before its commitments are known.
pub fn checking(text_bytes: u64) -> u64 {
    BASE.saturating_add(text_bytes.saturating_mul(CHECK_PER_BYTE))
}

/// The peak memory of aligning and checking a text of `text_bytes` bytes with `commitments`
/// commitments, `annex_commitments` of them in the annex.
pub fn aligning(text_bytes: u64, commitments: u64, annex_commitments: u64) -> u64 {
    let per_byte = text_bytes.saturating_mul(CHECK_PER_BYTE);
    let per_commitment = commitments.saturating_mul(PER_COMMITMENT);
    BASE.saturating_add(per_byte.max(per_commitment))
        .saturating_add(annex_commitments.saturating_mul(PER_ANNEX_COMMITMENT))
}

/// Refuses `path` when `needed` bytes are more than `limit`.
pub fn ensure(path: &Path, needed: u64, limit: u64) -> Result<(), Error> {
    if needed > limit {
        return Err(Error::TooMuchMemory {
            path: path.to_path_buf(),
            needed,
            limit,
        });
    }
    Ok(())
}

/// A size in bytes for messages: whole MB (of 1,048,576 bytes, as `--max-memory 512M` reads),
/// rounded up so that a need is never understated; bytes below 1 MB.
pub fn describe(bytes: u64) -> String {
    if bytes < MIB {
        format!("{bytes} bytes")
    } else {
        format!("{} MB", bytes.div_ceil(MIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_grow_with_the_input_and_never_overflow() {
        assert!(reading(0) >= BASE && checking(0) >= BASE);
        assert!(checking(10 << 20) > checking(1 << 20));
        assert!(aligning(1 << 20, 10, 10_000) > checking(1 << 20));
        assert!(aligning(1 << 20, 100_000, 0) > checking(1 << 20));
        assert!(aligning(1 << 20, 10, 0) == checking(1 << 20));
        assert_eq!(aligning(u64::MAX, u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(reading(u64::MAX), u64::MAX);
    }

    #[test]
    fn the_default_lets_every_file_the_size_limit_accepts_through() {
        let largest = crate::input::Limits::default().max_file_bytes;
        assert!(reading(largest) <= DEFAULT_MAX_MEMORY);
        assert!(checking(largest) <= DEFAULT_MAX_MEMORY);
        // An ordinary report: one annex commitment per 5 KB or so.
        assert!(aligning(largest, largest / 58, largest / 5000) <= DEFAULT_MAX_MEMORY);
        // The calibration (docs/performance.md): 10 MB of text measured 205 MB, 50 MB 948 MB.
        assert!(checking(10_000_209) >= 205 * MIB && checking(10_000_209) <= 2 * 205 * MIB);
        assert!(checking(50_000_325) >= 948 * MIB && checking(50_000_325) <= 2 * 948 * MIB);
    }

    #[test]
    fn past_the_ceiling_the_error_names_the_file_and_both_sizes() {
        assert!(ensure(Path::new("r.txt"), 10, 10).is_ok());
        let e = ensure(Path::new("r.txt"), 300 * MIB + 1, 256 * MIB).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("r.txt: "), "{text}");
        assert!(text.contains("301 MB") && text.contains("256 MB"), "{text}");
        assert!(
            text.contains("--max-memory") && !text.contains('\n'),
            "{text}"
        );
        assert_eq!(describe(1000), "1000 bytes");
        assert_eq!(describe(MIB), "1 MB");
    }

    #[test]
    fn each_stage_is_checked_before_it_runs() {
        let tables = crate::tables::Tables::builtin().unwrap();
        let text = include_str!("../corpus/lead-city-clean.txt");
        let mut src = crate::input::Source::from_text("r.txt", text);
        let full = crate::check_source(&src, tables).unwrap();
        let annex = full.annex_commitments as u64;
        assert!(annex > 0);
        let len = src.text.len() as u64;
        // Enough to segment and extract, not to align: the annex view is read, the check refused.
        src.max_memory = checking(len);
        assert!(crate::annex_view(&src, tables).is_ok());
        match crate::check_source(&src, tables) {
            Err(Error::TooMuchMemory { needed, limit, .. }) => {
                assert!(needed >= aligning(len, 0, annex) && limit == checking(len));
            }
            other => panic!("{other:?}"),
        }
        src.max_memory = checking(len) - 1;
        assert!(matches!(
            crate::annex_view(&src, tables),
            Err(Error::TooMuchMemory { .. })
        ));
        // At the estimate, the result is the one of the default ceiling.
        src.max_memory = aligning(len, len, len);
        let same = crate::check_source(&src, tables).unwrap();
        assert_eq!(
            format!("{:?}", same.findings),
            format!("{:?}", full.findings)
        );
    }
}

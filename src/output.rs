//! Files hedui writes (baselines, reports, annotated documents) are written safely: to a
//! temporary file in the same directory, flushed to disk, then renamed over the target, so a
//! reader never sees half a file and an existing file is replaced only on success. hedui refuses
//! to write over one of its own inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;

fn write_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Checks, before any work is done, that `path` can be an output: its directory exists and it
/// is not one of `inputs`.
pub fn check_target(path: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    if inputs.iter().any(|i| same_file(i, path)) {
        return Err(write_error(
            path,
            "refusing to write over one of the input documents",
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(write_error(
            path,
            format!("cannot write: directory {} does not exist", dir.display()),
        ));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically. `inputs` are the files this run reads: writing over one
/// of them is refused.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), Error> {
    check_target(path, inputs)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".hedui-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| write_error(path, format!("cannot write: {e}")))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| write_error(path, format!("cannot write: {e}")))?;
    // Keep an existing file's permissions.
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .map_err(|e| write_error(path, format!("cannot write: {}", e.error)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_on_success_and_never_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        std::fs::write(&out, "old").unwrap();
        write_atomic(&out, b"new", &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        let input = dir.path().join("report.txt");
        std::fs::write(&input, "doc").unwrap();
        let err = write_atomic(&input, b"x", std::slice::from_ref(&input)).unwrap_err();
        assert!(err.to_string().contains("input"), "{err}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "doc");
        let missing = dir.path().join("no/such/dir/out.json");
        let err = write_atomic(&missing, b"x", &[]).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".hedui-")
            })
            .count();
        assert_eq!(leftovers, 0, "no temporary files left");
    }
}

//! Files hedui writes (baselines, reports, annotated documents) are written safely: to a
//! temporary file in the same directory, flushed to disk, then renamed over the target, so a
//! reader never sees half a file and an existing file is replaced only on success. hedui refuses
//! to write over one of its own inputs.
//!
//! A new file gets the permissions any new file gets (`0666` less the umask: readable by
//! colleagues under the usual umask 022), an existing one keeps its own, and a copy of a document
//! (an annotated .docx) can take the document's.

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
/// of them is refused. The file keeps its permissions if it exists, else gets a new file's.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), Error> {
    write_atomic_as(path, bytes, inputs, None)
}

/// [`write_atomic`], with the permissions of file `like` (when it can be read) instead: a copy
/// of a document keeps the document's mode.
pub fn write_atomic_as(
    path: &Path,
    bytes: &[u8],
    inputs: &[PathBuf],
    like: Option<&Path>,
) -> Result<(), Error> {
    check_target(path, inputs)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hedui-").suffix(".tmp");
    // tempfile makes its files private (0600); ask for a new file's usual mode, which the
    // system then reduces by the umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| write_error(path, format!("cannot write: {e}")))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| write_error(path, format!("cannot write: {e}")))?;
    // A model file's permissions, else an existing target's.
    let model = like
        .and_then(|l| std::fs::metadata(l).ok())
        .or_else(|| std::fs::metadata(path).ok());
    if let Some(meta) = model {
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

    /// The permissions of a file created the ordinary way in `dir` (umask applied), the model
    /// for what hedui's new files must get.
    #[cfg(unix)]
    fn ordinary_mode(dir: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join("probe");
        std::fs::write(&probe, "x").unwrap();
        let mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        std::fs::remove_file(probe).unwrap();
        mode
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_ordinary_permissions_copies_keep_the_models() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        write_atomic(&out, b"new", &[]).unwrap();
        assert_eq!(mode(&out), ordinary_mode(dir.path()));
        // An existing file keeps its mode.
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&out, b"again", &[]).unwrap();
        assert_eq!(mode(&out), 0o640);
        // A copy takes its model's.
        let input = dir.path().join("in.docx");
        std::fs::write(&input, "doc").unwrap();
        std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o604)).unwrap();
        let copy = dir.path().join("copy.docx");
        write_atomic_as(&copy, b"copy", std::slice::from_ref(&input), Some(&input)).unwrap();
        assert_eq!(mode(&copy), 0o604);
    }
}

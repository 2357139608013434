//! Helpers shared by the integration tests (each test file includes this with `mod common;`
//! and uses what it needs).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

use assert_cmd::Command;

/// The `hedui` binary, run from the repository root under an English locale: messages follow
/// `LC_ALL`/`LC_MESSAGES`/`LANG`, and the tests assert English text whatever the machine's
/// locale is.
pub fn hedui() -> Command {
    let mut cmd = Command::cargo_bin("hedui").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    cmd
}

/// A zip archive of `entries` (name, bytes), deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

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

/// Whether a test that needs a real external program (a browser, an office suite) runs.
///
/// When the program is `found` it runs. When it is missing the test fails, naming what to
/// install, unless the environment variable `skip_var` is `1`: then it is skipped, and says so
/// on the test output even when the test passes (written past the harness's capture), so a
/// skip is never silent.
pub fn real_component(found: bool, what: &str, skip_var: &str, install: &str) -> bool {
    if found {
        return true;
    }
    if std::env::var(skip_var).is_ok_and(|v| v == "1") {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {what} not installed and {skip_var}=1; this test did not run"
        );
        return false;
    }
    panic!("{what} is not installed: install it ({install}) or set {skip_var}=1 to skip this test");
}

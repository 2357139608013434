//! The memory ceiling per document (`--max-memory`, docs/performance.md): past the estimate a
//! document is refused with exit code 2 and one line naming it; in a batch the others are still
//! checked. That the default lets every document through is shown by the corpus tests, which
//! run with the default limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;

use common::hedui;

const DOC: &str = "corpus/lead-city-clean.txt";

/// Runs `hedui check ARGS…` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = hedui().arg("check").args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_tiny_ceiling_refuses_a_corpus_document_in_one_line() {
    for ceiling in ["1M", "1000"] {
        let (code, stdout, stderr) = run(&[DOC, "--max-memory", ceiling]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stdout.is_empty(), "nothing presented as a result: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with("hedui: "), "{stderr}");
        assert!(stderr.contains(DOC), "names the file: {stderr}");
        assert!(
            stderr.contains("needs about") && stderr.contains("over the ceiling of"),
            "{stderr}"
        );
        assert!(
            stderr.contains("--max-memory"),
            "says how to raise it: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // In Chinese too.
    let out = hedui()
        .args(["--lang", "zh", "check", DOC, "--max-memory", "1M"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(DOC) && stderr.contains("内存"), "{stderr}");
}

#[test]
fn the_default_and_a_generous_ceiling_change_nothing() {
    let (code, default, stderr) = run(&[DOC, "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, generous, stderr) = run(&[DOC, "--format", "json", "--max-memory", "64M"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(default, generous);
}

#[test]
fn a_refused_document_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("a-small.txt");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC), &small).unwrap();
    // 1.2 MB of text: reading it fits in 40 MB, checking it does not (docs/performance.md).
    let big = dir.path().join("b-big.txt");
    std::fs::write(
        &big,
        "市政府召开常务会议，研究部署重点工作。\n".repeat(20_000),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&[
        dir.path().to_str().unwrap(),
        "--format",
        "jsonl",
        "--max-memory",
        "40M",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("b-big.txt"), "{stderr}");
    assert!(stderr.contains("over the ceiling of 40 MB"), "{stderr}");
    assert!(
        stdout.contains("a-small.txt"),
        "the other is checked: {stdout}"
    );
}

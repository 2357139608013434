//! A closed pipe and Ctrl-C: `hedui check … | head` ends quietly, and an interrupted batch
//! writes nothing.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

fn batch(dir: &Path, n: usize) {
    for i in 0..n {
        let text = format!(
            "附件\n青石市2024年2件民生实事项目\n1. 新建改扩建幼儿园{a}所,新增学位{b}个。\n\
             2. 新建城市公园5个。\n\n(六)办好民生实事。新建改扩建幼儿园{a}所,新增学位{c}个;\
             新建城市公园5个。\n",
            a = 10 + i % 9,
            b = 3000 + i,
            c = 3100 + i
        );
        std::fs::write(dir.join(format!("doc{i:04}.txt")), text).unwrap();
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 60);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hedui"))
        .arg("check")
        .arg(dir.path())
        .args(["--format", "jsonl", "-j", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone (like `head -1`).
    assert!(first.starts_with('{'));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(stderr.is_empty(), "no error about the pipe: {stderr}");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

#[test]
fn ctrl_c_stops_a_batch_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    batch(&docs, 2000);
    let baseline = dir.path().join("baseline.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hedui"))
        .arg("check")
        .arg(&docs)
        .args(["--format", "jsonl", "-j", "1", "--write-baseline"])
        .arg(&baseline)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "the batch has started");
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(rest.lines().count() < 1999, "stopped early");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!baseline.exists(), "no baseline from an interrupted run");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "docs")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

//! `hedui.toml` and baselines through the command line, as a user runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use assert_cmd::Command;

mod common;

/// hedui run from `dir`.
fn hedui(dir: &Path) -> Command {
    let mut c = common::hedui();
    c.current_dir(dir);
    c
}

const DOC: &str = "附件\n青石市2024年3件民生实事项目\n\
                   1. 新建改扩建幼儿园12所,新增学位3600个。\n\
                   2. 新建城市公园5个。\n\
                   3. 新建户外劳动者驿站30个。\n\n\
                   (六)办好民生实事。新建改扩建幼儿园12所,新增学位3900个;\
                   新建城市公园5个;新建户外劳动者译站30个。\n";

fn rules_in(stdout: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_config_in_a_parent_directory_switches_rules_and_levels() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("drafts/2024")).unwrap();
    std::fs::write(dir.path().join("drafts/2024/report.txt"), DOC).unwrap();
    let run = |dir: &Path| {
        hedui(dir)
            .args(["check", "drafts/2024/report.txt", "--format", "json"])
            .assert()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(
        rules_in(&run(dir.path())),
        ["number-mismatch:error", "wording-mismatch:warning"]
    );
    std::fs::write(
        dir.path().join("hedui.toml"),
        "[rules]\nwording-mismatch = \"off\"\nnumber-mismatch = \"warning\"\n",
    )
    .unwrap();
    assert_eq!(rules_in(&run(dir.path())), ["number-mismatch:warning"]);
    // Now a warning: below the default --fail-on error.
    hedui(dir.path())
        .args(["check", "drafts/2024/report.txt"])
        .assert()
        .code(0);
    let shown = hedui(dir.path())
        .args(["config", "--show", "drafts/2024"])
        .assert()
        .code(0);
    let shown = String::from_utf8(shown.get_output().stdout.clone()).unwrap();
    assert!(shown.contains("wording-mismatch = \"off\""), "{shown}");
    assert!(shown.contains("hedui.toml"), "{shown}");
}

#[test]
fn a_config_with_a_typo_is_one_line_naming_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.txt"), DOC).unwrap();
    std::fs::write(
        dir.path().join("hedui.toml"),
        "ignroe = []\n[rules]\nwording-mismatch = \"off\"\n",
    )
    .unwrap();
    let out = hedui(dir.path())
        .args(["check", "report.txt"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("hedui.toml") && stderr.contains("ignroe"),
        "{stderr}"
    );
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn ignore_paths_skip_files_in_directory_walks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("old")).unwrap();
    std::fs::write(dir.path().join("report.txt"), DOC).unwrap();
    std::fs::write(dir.path().join("old/report.txt"), DOC).unwrap();
    std::fs::write(dir.path().join("hedui.toml"), "ignore = [\"old/\"]\n").unwrap();
    let out = hedui(dir.path())
        .args(["check", ".", "--format", "jsonl"])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(!stdout.contains("old/"), "{stdout}");
}

#[test]
fn a_baseline_hides_todays_findings_after_lines_move_and_shows_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("report.txt");
    std::fs::write(&doc, DOC).unwrap();
    hedui(dir.path())
        .args(["check", "report.txt", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    assert!(dir.path().join("baseline.json").exists());
    // Tomorrow: a preface above everything, and a new discrepancy.
    let tomorrow = format!(
        "关于印发民生实事项目的通知\n\n各单位:\n现印发如下。\n\n{}",
        DOC.replace("新建城市公园5个;", "新建城市公园8个;")
    );
    std::fs::write(&doc, tomorrow).unwrap();
    let out = hedui(dir.path())
        .args([
            "check",
            "report.txt",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    assert_eq!(
        rules_in(&out.get_output().stdout),
        ["number-mismatch:error"]
    );
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["findings"][0]["item"], "2", "only the new one");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("2 findings recorded in baseline.json not shown"),
        "{stderr}"
    );
}

#[test]
fn outputs_never_overwrite_inputs_or_go_to_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.txt"), DOC).unwrap();
    for target in ["report.txt", "no/such/dir/baseline.json"] {
        let out = hedui(dir.path())
            .args(["check", "report.txt", "--write-baseline", target])
            .assert()
            .code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(target), "{stderr}");
        assert!(
            out.get_output().stdout.is_empty(),
            "nothing presented as a result"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.txt")).unwrap(),
        DOC
    );
}

/// The findings hedui reports for `args` run from `dir`, as `rule:severity`.
fn shown(dir: &Path, args: &[&str]) -> (Vec<String>, String) {
    let out = hedui(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (
        rules_in(&out.stdout),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_baseline_matches_the_document_however_its_path_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("in")).unwrap();
    std::fs::create_dir_all(root.join("out")).unwrap();
    std::fs::write(root.join("in/report.txt"), DOC).unwrap();
    hedui(&root.join("in"))
        .args(["check", "report.txt", "--write-baseline", "../out/b.json"])
        .assert()
        .code(0);
    let abs = root.join("in/report.txt");
    let abs_baseline = root.join("out/b.json");
    let cases: [(&Path, Vec<&str>); 5] = [
        (
            &root.join("in"),
            vec!["check", "./report.txt", "--baseline", "../out/b.json"],
        ),
        (
            &root.join("in"),
            vec![
                "check",
                abs.to_str().unwrap(),
                "--baseline",
                "../out/b.json",
            ],
        ),
        (
            root,
            vec!["check", "in/report.txt", "--baseline", "out/b.json"],
        ),
        (root, vec!["check", "in", "--baseline", "out/b.json"]),
        (
            &root.join("out"),
            vec![
                "check",
                "../in/./report.txt",
                "--baseline",
                abs_baseline.to_str().unwrap(),
            ],
        ),
    ];
    for (cwd, args) in cases {
        let (rules, stderr) = shown(cwd, &args);
        assert!(
            rules.is_empty(),
            "{args:?} from {}: {rules:?}",
            cwd.display()
        );
        assert!(
            stderr.contains("2 findings recorded in"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("warning"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_baseline_written_for_a_directory_covers_files_named_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), DOC).unwrap();
    std::fs::write(dir.path().join("b.txt"), DOC.replace("3900", "3700")).unwrap();
    hedui(dir.path())
        .args(["check", ".", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    // As pre-commit passes them: one file at a time, named.
    for name in ["a.txt", "b.txt"] {
        let (rules, stderr) = shown(dir.path(), &["check", name, "--baseline", "b.json"]);
        assert!(rules.is_empty(), "{name}: {rules:?}");
        assert!(!stderr.contains("warning"), "{name}: {stderr}");
    }
}

#[test]
fn a_baseline_warns_when_stale_or_matching_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.txt"), DOC).unwrap();
    hedui(dir.path())
        .args(["check", "report.txt", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    // One of the three recorded findings is fixed.
    std::fs::write(
        dir.path().join("report.txt"),
        DOC.replace("学位3900个", "学位3600个"),
    )
    .unwrap();
    let (rules, stderr) = shown(dir.path(), &["check", "report.txt", "--baseline", "b.json"]);
    assert!(rules.is_empty(), "{rules:?}");
    assert!(
        stderr.contains("warning: 1 findings recorded in b.json no longer occur (stale)"),
        "{stderr}"
    );
    // A document the baseline knows nothing about.
    std::fs::write(dir.path().join("other.txt"), DOC).unwrap();
    let (rules, stderr) = shown(dir.path(), &["check", "other.txt", "--baseline", "b.json"]);
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert!(
        stderr.contains("b.json records findings of none of the checked documents"),
        "{stderr}"
    );
    assert!(!stderr.contains("stale"), "{stderr}");
}

//! The integration files run as written: the pre-commit hook's command and file pattern, and
//! the GitHub Action's check step, on the bundled sample.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;

const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// The value of `key: value` in a flat YAML mapping (the first occurrence).
fn yaml_value(text: &str, key: &str) -> String {
    text.lines()
        .map(str::trim_start)
        .map(|l| l.strip_prefix("- ").unwrap_or(l))
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key}"))
        .trim()
        .to_string()
}

/// Runs a command line (words split on spaces) from the repository root.
fn run(words: &[String]) -> std::process::Output {
    assert_eq!(words[0], "hedui");
    common::hedui().args(&words[1..]).output().unwrap()
}

#[test]
fn the_pre_commit_hook_runs_as_declared() {
    let hooks = repo_file(".pre-commit-hooks.yaml");
    let entry = yaml_value(&hooks, "entry");
    let args: Vec<String> = yaml_value(&hooks, "args")
        .trim_matches(['[', ']'])
        .split(',')
        .map(|a| a.trim().to_string())
        .collect();
    let files = regex::Regex::new(&yaml_value(&hooks, "files")).unwrap();
    for name in ["a.txt", "b.docx", "c.pdf", "d.html", "e.htm", "f.md"] {
        assert!(files.is_match(name), "{name}");
    }
    assert!(!files.is_match("Cargo.toml"));
    // pre-commit appends the staged files to entry + args.
    let mut words: Vec<String> = entry.split(' ').map(String::from).collect();
    words.extend(args);
    words.push(SAMPLE.to_string());
    let out = run(&words);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut clean = words.clone();
    *clean.last_mut().unwrap() = "corpus/lead-city-clean.txt".to_string();
    assert_eq!(run(&clean).status.code(), Some(0));
}

#[test]
fn the_github_action_check_step_annotates() {
    let action = repo_file(".github/actions/hedui/action.yml");
    let step = action
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("run: \"\\\"$HEDUI\\\" "))
        .find(|l| l.starts_with("check "))
        .unwrap()
        .trim_end_matches('"')
        .replace("${{ inputs.paths }}", SAMPLE)
        .replace("${{ inputs.fail-on }}", "error")
        .replace("${{ inputs.show }}", "info");
    let words: Vec<String> = std::iter::once("hedui")
        .chain(step.split(' '))
        .map(String::from)
        .collect();
    let out = run(&words);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().any(|l| l.starts_with("::error file=")),
        "{stdout}"
    );
}

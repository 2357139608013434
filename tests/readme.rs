//! The two READMEs: each links the other in its first lines, and both document the same
//! commands, report formats and flags.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn set(text: &str, pattern: &str) -> BTreeSet<String> {
    regex::Regex::new(pattern)
        .unwrap()
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn each_readme_links_the_other_first() {
    let head = |t: &str| t.lines().take(5).collect::<Vec<_>>().join("\n");
    assert!(head(&read("README.md")).contains("(README.zh-CN.md)"));
    assert!(head(&read("README.zh-CN.md")).contains("(README.md)"));
}

#[test]
fn both_readmes_document_the_same_commands_formats_and_flags() {
    let (en, zh) = (read("README.md"), read("README.zh-CN.md"));
    for (what, pattern) in [
        ("commands", r"hedui (check|annotate|rules|explain|config)\b"),
        ("formats", r"--format ([a-z]+)"),
        ("flags", r"(--[a-z][a-z-]*|-j|-o)\b"),
        ("environment", r"\b(HEDUI_[A-Z_]+)"),
        ("rules", r"`([a-z]+(?:-[a-z]+)+)`"),
    ] {
        let (a, b) = (set(&en, pattern), set(&zh, pattern));
        assert!(a.len() > 1, "{what}: {a:?}");
        assert_eq!(
            a.symmetric_difference(&b).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{what} documented in one README only"
        );
    }
    // Every report format is documented.
    let formats = set(&en, r"--format ([a-z]+)");
    for f in [
        "human", "json", "jsonl", "sarif", "github", "markdown", "html",
    ] {
        assert!(formats.contains(f), "{f}");
    }
}

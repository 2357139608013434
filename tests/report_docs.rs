//! Rule documentation lives in `rules/docs.toml`; `docs/rules.md` is generated from it and must
//! be up to date (`UPDATE_DOCS=1 cargo test --test report_docs` rewrites it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::hedui;

#[test]
fn docs_rules_md_is_generated_from_docs_toml() {
    let tables = hedui::tables::Tables::builtin().unwrap();
    let want = hedui::rules::docs::markdown(tables);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap();
    assert!(
        have == want,
        "docs/rules.md is out of date with rules/docs.toml: run `UPDATE_DOCS=1 cargo test --test report_docs`"
    );
}

#[test]
fn every_rule_has_documentation_with_an_example() {
    for r in hedui::rules::RULES {
        let doc = r
            .doc()
            .unwrap_or_else(|| panic!("{} is not documented", r.id));
        assert!(!doc.example_annex.is_empty() || !doc.example_body.is_empty());
    }
}

#[test]
fn rules_lists_every_rule_with_severity_and_summary() {
    let out = hedui().arg("rules").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("rules_en", text);
    let out = hedui().args(["rules", "--lang", "zh"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("rules_zh", text);
}

#[test]
fn explain_prints_the_documentation_with_an_example() {
    let out = hedui()
        .args(["explain", "number-mismatch"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("number-mismatch (default severity: error)"));
    assert!(text.contains("annex: `新增学位6.6万个`"), "{text}");
    assert!(text.contains("body: `新增学位6.9万个`"), "{text}");
    insta::assert_snapshot!("explain_number_mismatch_en", text);
    let out = hedui()
        .args(["--lang", "zh", "explain", "wording-mismatch"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("附件：`建设京蒙合作医院5所`"), "{text}");
    insta::assert_snapshot!("explain_wording_mismatch_zh", text);
}

#[test]
fn explain_unknown_rule_is_a_usage_error() {
    let out = hedui().args(["explain", "no-such-rule"]).assert().code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("unknown rule \"no-such-rule\""), "{err}");
    assert!(err.contains("number-mismatch"), "{err}");
}

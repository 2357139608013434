//! Report formats: snapshots of every format on the sample and one more corpus document, in both
//! languages where the format has words; SARIF validated against the official 2.1.0 schema.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::hedui;

const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";
const PINGCHUAN: &str = "corpus/pingchuan-city-2021.txt";

/// Runs `hedui check` with `args` and returns stdout (exit code 1: the documents have errors).
fn check(args: &[&str]) -> String {
    let out = hedui()
        .arg("check")
        .args(args)
        .args(["--color", "never"])
        .assert()
        .code(1);
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn name(doc: &str) -> &str {
    if doc == SAMPLE {
        "sample"
    } else {
        "pingchuan"
    }
}

#[test]
fn snapshots_of_every_format() {
    for doc in [SAMPLE, PINGCHUAN] {
        for format in ["sarif", "github", "markdown", "html", "human", "json"] {
            for lang in ["en", "zh"] {
                if lang == "en" && (format == "human" || format == "json") {
                    continue; // tests/cli.rs has these
                }
                let out = check(&[doc, "--format", format, "--lang", lang]);
                insta::assert_snapshot!(format!("{}_{format}_{lang}", name(doc)), out);
            }
        }
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, log: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    // The schema itself catches a broken document.
    assert!(!validator.is_valid(&serde_json::json!({ "version": "2.1.0", "runs": [{}] })));
    for lang in ["en", "zh"] {
        let out = check(&[SAMPLE, PINGCHUAN, "--format", "sarif", "--lang", lang]);
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_valid(&validator, &log);
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), hedui::rules::RULES.len());
        for r in rules {
            for key in ["shortDescription", "fullDescription", "help"] {
                assert!(r[key]["text"].is_string(), "{key} of {}", r["id"]);
            }
            assert!(r["defaultConfiguration"]["level"].is_string());
        }
        let results = run["results"].as_array().unwrap();
        let json = check(&[SAMPLE, PINGCHUAN, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
        // A pair: the annex is primary, the body related.
        let pair = results
            .iter()
            .find(|r| r["ruleId"] == "number-mismatch" && r["properties"]["item"] == "19")
            .unwrap();
        let loc = &pair["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], SAMPLE);
        assert_eq!(loc["region"]["startLine"], 49);
        assert_eq!(loc["region"]["startColumn"], 26);
        let rel = &pair["relatedLocations"][0]["physicalLocation"];
        assert_eq!(rel["region"]["startLine"], 113);
        assert_eq!(rel["region"]["startColumn"], 42);
        // Only a body side: the body is primary.
        let body_only = results
            .iter()
            .find(|r| {
                r["ruleId"] == "body-only"
                    && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == PINGCHUAN
            })
            .unwrap();
        assert_eq!(body_only["level"], "note");
        assert_eq!(
            body_only["locations"][0]["physicalLocation"]["region"]["startLine"],
            29
        );
        assert!(body_only.get("relatedLocations").is_none());
    }
}

#[test]
fn sarif_of_an_unreadable_document_is_valid_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏 文件.txt");
    std::fs::write(&bad, "没有附件的一段文字。\n").unwrap();
    let out = hedui()
        .args(["check", "--format", "sarif"])
        .arg(&bad)
        .assert()
        .code(2);
    let log: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_valid(&sarif_validator(), &log);
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let uri = inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("%E5%9D%8F%20%E6%96%87%E4%BB%B6.txt"),
        "{uri}"
    );
}

#[test]
fn github_annotations_one_per_side() {
    let out = check(&[SAMPLE, "--format", "github"]);
    let json = check(&[SAMPLE, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sides: usize = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| usize::from(f["annex"].is_object()) + usize::from(f["body"].is_object()))
        .sum();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), sides);
    for l in &lines {
        assert!(
            l.starts_with("::error file=")
                || l.starts_with("::warning file=")
                || l.starts_with("::notice file="),
            "{l}"
        );
        // Properties are escaped: the only `::` are the command's own two.
        assert_eq!(l.matches("::").count(), 2, "{l}");
    }
    assert!(out.contains(&format!(
        "::error file={SAMPLE},line=49,col=26,title=hedui number-mismatch (annex%2C item 19)::新增学位: annex 6.6万个, body 6.9万个%0Abody: {SAMPLE}:113:42 新增学位6.9万个%0Ahint: "
    )), "{out}");
}

#[test]
fn markdown_has_a_summary_table_and_a_row_per_finding() {
    let out = check(&[SAMPLE, "--format", "markdown"]);
    let json = check(&[SAMPLE, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = json["findings"].as_array().unwrap().len();
    assert!(out.contains(&format!("| **total** | | **{n}** |")), "{out}");
    let rows = out
        .lines()
        .filter(|l| {
            l.starts_with("| ")
                && l.split('|')
                    .nth(1)
                    .is_some_and(|c| c.trim().parse::<usize>().is_ok())
        })
        .count();
    assert_eq!(rows, n);
    assert!(
        out.contains("新增学位**6.6万个**<br>`corpus/000_6f198439acdb62c0.txt:49:26`"),
        "{out}"
    );
}

#[test]
fn chinese_messages_read_naturally() {
    let out = check(&[SAMPLE, "--lang", "zh"]);
    assert!(
        out.contains("错误[number-mismatch] 新增学位：附件为6.6万个，正文为6.9万个"),
        "{out}"
    );
    // The locale picks the language when --lang is not given.
    let out = hedui()
        .args(["check", SAMPLE, "--color", "never"])
        .env("LANG", "zh_CN.UTF-8")
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("附件为6.6万个"), "{text}");
    let out = hedui()
        .args(["check", SAMPLE, "--color", "never"])
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "C")
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("annex 6.6万个, body 6.9万个"), "{text}");
}

#[test]
fn json_keeps_its_shape_in_chinese() {
    let en: serde_json::Value =
        serde_json::from_str(&check(&[SAMPLE, "--format", "json", "--lang", "en"])).unwrap();
    let zh: serde_json::Value =
        serde_json::from_str(&check(&[SAMPLE, "--format", "json", "--lang", "zh"])).unwrap();
    let (fe, fz) = (
        en["findings"].as_array().unwrap(),
        zh["findings"].as_array().unwrap(),
    );
    assert_eq!(fe.len(), fz.len());
    for (a, b) in fe.iter().zip(fz) {
        let keys =
            |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(a), keys(b));
        assert_eq!(a["rule"], b["rule"]);
        assert_eq!(a["annex"], b["annex"]);
        assert_eq!(a["body"], b["body"]);
    }
}

//! When hedui is not sure it read the annex, it says so and never exits clean: the body's own
//! outline taken for the annex, an announced annex whose items cannot be read, a list that stops
//! far short of its stated total, a body checked without its annex file, a file read in the wrong
//! encoding; and a well-read annex gives none of these.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::hedui;

const BODY: &str = "政府工作报告\n\n一、2023年工作回顾\n\n过去一年，全市地区生产总值增长5.2%，城镇新增就业3.1万人。\n\n二、2024年主要任务\n\n（一）坚持创新驱动，推动产业升级。加快培育新兴产业，规上工业增加值增长7%左右。支持企业技术改造，实施技改项目120个。\n\n（二）扩大有效需求，稳住经济大盘。固定资产投资增长6%左右，社会消费品零售总额增长5%以上。\n\n（三）深化改革开放，激发市场活力。新增经营主体2万户，进出口总额增长4%。\n\n（四）办好民生实事。新增城镇就业3万人，新建幼儿园12所，新增学位3600个，改造老旧小区45个，新建公园8个。\n\n三、加强政府自身建设\n\n一般性支出压减5%。\n";

const ANNEX: &str = "附件\n\n某市2024年5件民生实事\n\n1. 城镇新增就业3万人（牵头单位：市人社局）。\n\n2. 新建幼儿园12所，新增学位3600个（牵头单位：市教育局）。\n\n3. 改造老旧小区45个（牵头单位：市住建局）。\n\n4. 新建公园8个（牵头单位：市城管局）。\n\n5. 新建公共停车位2000个（牵头单位：市交通局）。\n";

fn write(name: &str, text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn rules_of(json: &serde_json::Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| f["rule"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn check_json(path: &std::path::Path, extra: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out = hedui()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_well_read_annex_raises_no_doubt() {
    let (_d, path) = write("ok.txt", format!("{BODY}\n{ANNEX}").as_bytes());
    let (code, json, _) = check_json(&path, &[]);
    let rules = rules_of(&json);
    assert!(
        !rules.iter().any(|r| r.starts_with("annex-un")),
        "{rules:?}"
    );
    assert_eq!(code, Some(0), "{rules:?}");
}

#[test]
fn the_bodys_own_outline_is_never_a_clean_annex() {
    let (_d, path) = write("outline.txt", BODY.as_bytes());
    let (code, json, stderr) = check_json(&path, &[]);
    assert_ne!(code, Some(0), "{json} {stderr}");
    if code == Some(1) {
        assert!(
            rules_of(&json).contains(&"annex-unread".to_string()),
            "{json}"
        );
    } else {
        assert!(stderr.contains("no annex found"), "{stderr}");
    }
}

#[test]
fn an_announced_annex_without_readable_items_names_its_line() {
    let text = format!("{BODY}\n附件\n\n某市2024年5件民生实事\n\n[图片]\n");
    let (_d, path) = write("pictures.txt", text.as_bytes());
    let (code, _, stderr) = check_json(&path, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    let line = text.lines().position(|l| l == "附件").unwrap() + 1;
    assert!(
        stderr.contains(&format!(
            "pictures.txt:{line}: this line announces an annex"
        )),
        "{stderr}"
    );
}

#[test]
fn a_list_far_short_of_its_total_is_unread() {
    // The title says 12 items; only 4 are read before the list turns into prose.
    let annex = ANNEX
        .replace("5件民生实事", "12件民生实事")
        .replace("5. 新建公共停车位", "另外，新建公共停车位");
    let (_d, path) = write("short.txt", format!("{BODY}\n{annex}").as_bytes());
    let (code, json, _) = check_json(&path, &[]);
    let rules = rules_of(&json);
    assert!(rules.contains(&"annex-unread".to_string()), "{rules:?}");
    assert_eq!(code, Some(1));
}

#[test]
fn few_figures_restated_make_the_reading_unsure() {
    let body = "政府工作报告\n\n今年要办好5件民生实事，新建公园8个。\n\n";
    let (_d, path) = write("few.txt", format!("{body}{ANNEX}").as_bytes());
    let (_, json, _) = check_json(&path, &[]);
    let rules = rules_of(&json);
    assert!(rules.contains(&"annex-unsure".to_string()), "{rules:?}");
    // A warning: the default --fail-on error lets it pass, --fail-on warning does not.
    let (code, _, _) = check_json(&path, &["--fail-on", "warning"]);
    assert_eq!(code, Some(1));
}

#[test]
fn a_body_checked_without_its_annex_file_is_never_clean() {
    let (_d, path) = write("body.txt", BODY.as_bytes());
    let (code, _, _) = check_json(&path, &[]);
    assert_ne!(code, Some(0));
}

#[test]
fn a_file_read_in_the_wrong_encoding_is_never_clean() {
    let (_d, path) = write("utf8.txt", format!("{BODY}\n{ANNEX}").as_bytes());
    let (code, json, stderr) = check_json(&path, &["--encoding", "big5"]);
    assert_ne!(code, Some(0), "{json} {stderr}");
}

#[test]
fn hedui_annex_prints_the_list_as_read() {
    let (_d, path) = write("ok.txt", format!("{BODY}\n{ANNEX}").as_bytes());
    let out = hedui().arg("annex").arg(&path).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("stated total: 5"), "{text}");
    assert!(text.contains("5 items read"), "{text}");
    assert!(text.contains("#5 5. 新建公共停车位2000个"), "{text}");
    let out = hedui()
        .args(["annex", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["total"], 5);
    assert_eq!(json[0]["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(json[0]["items"][1]["commitments"][1]["qty"], "3600个");
}

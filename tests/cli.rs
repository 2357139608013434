//! CLI transcripts: exit codes, formats, errors, and that inputs are never written to.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

mod common;

use common::hedui;

const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const CLEAN: &str = "某市2024年政府工作报告\n\n\
(五)办好民生实事。新增城镇就业3万人以上,新建幼儿园12所,改造老旧小区80个。\n\n\
附件\n\n某市2024年3件民生实事项目\n\n\
1. 新增城镇就业3万人以上(牵头单位:市人社局)。\n\n\
2. 新建幼儿园12所(牵头单位:市教育局)。\n\n\
3. 改造老旧小区80个(牵头单位:市住建局)。\n";

#[test]
fn sample_reports_findings_and_exits_1() {
    let out = hedui()
        .args(["check", SAMPLE, "--color", "never"])
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains('\x1b'), "no colour when asked for none");
    insta::assert_snapshot!("sample_human", stdout);
}

#[test]
fn sample_json_has_the_documented_shape() {
    let out = hedui()
        .args(["check", SAMPLE, "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "hedui");
    assert_eq!(v["documents"][0]["path"], SAMPLE);
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        for key in [
            "rule", "severity", "message", "hint", "item", "annex", "body",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        for side in ["annex", "body"] {
            if f[side].is_object() {
                for key in [
                    "path",
                    "line",
                    "column",
                    "text",
                    "value",
                    "unit",
                    "qualifier",
                ] {
                    assert!(f[side].get(key).is_some(), "{side} lacks {key}: {f}");
                }
            }
        }
    }
    let places = findings
        .iter()
        .find(|f| f["rule"] == "number-mismatch" && f["item"] == "19")
        .expect("the 新增学位 mismatch");
    assert_eq!(places["annex"]["value"], 66000);
    assert_eq!(places["body"]["value"], 69000);
    assert_eq!(places["annex"]["unit"], "个");
    assert_eq!(places["annex"]["line"], 49);
    assert_eq!(places["body"]["line"], 113);
    insta::assert_json_snapshot!("sample_json", v, { ".tool.version" => "[version]" });
}

#[test]
fn fail_on_controls_the_exit_code() {
    hedui()
        .args(["check", SAMPLE, "--fail-on", "never"])
        .assert()
        .code(0);
    let dir = tempfile::tempdir().unwrap();
    let clean = temp_file(&dir, "clean.txt", CLEAN.as_bytes());
    hedui().arg("check").arg(&clean).assert().code(0);
    hedui()
        .arg("check")
        .arg(&clean)
        .args(["--fail-on", "info"])
        .assert()
        .code(0);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let out = hedui()
        .args(["check", SAMPLE, "--color", "always"])
        .assert()
        .code(1);
    assert!(out.get_output().stdout.contains(&0x1b));
    let out = hedui().args(["check", SAMPLE]).assert().code(1);
    assert!(
        !out.get_output().stdout.contains(&0x1b),
        "a pipe gets no colour by default"
    );
}

fn assert_one_line_error(path: &Path, bytes: Option<&[u8]>, needle: &str) {
    let out = hedui().arg("check").arg(path).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("hedui: "), "{stderr}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "names the file: {stderr}"
    );
    assert!(stderr.contains(needle), "says {needle}: {stderr}");
    assert!(out.get_output().stdout.is_empty(), "no partial result");
    if let Some(bytes) = bytes {
        assert_eq!(std::fs::read(path).unwrap(), bytes, "input unchanged");
    }
}

#[test]
fn input_errors_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_line_error(&dir.path().join("missing.txt"), None, "cannot read");
    let broken = ["附件\n1. 新建".as_bytes(), b"\xff", "幼儿园".as_bytes()].concat();
    assert_one_line_error(
        &temp_file(&dir, "broken.txt", &broken),
        Some(&broken),
        "not valid UTF-8 text (invalid byte at offset 16)",
    );
    let no_annex = "政府工作报告。今年新增就业3万人。".as_bytes();
    assert_one_line_error(
        &temp_file(&dir, "plain.txt", no_annex),
        Some(no_annex),
        "no annex",
    );
    assert_one_line_error(&temp_file(&dir, "empty.txt", b""), Some(b""), "empty");
    let png = b"\x89PNG\r\n\x1a\nrest";
    assert_one_line_error(&temp_file(&dir, "image.docx", png), Some(png), "PNG");
    let empty_dir = tempfile::tempdir().unwrap();
    assert_one_line_error(empty_dir.path(), None, "no documents found");
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let out = hedui()
        .args(["check", SAMPLE])
        .arg(dir.path().join("missing.txt"))
        .args(["--format", "json"])
        .assert()
        .code(2);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs[0].get("error").is_none());
    assert!(docs[1]["error"].as_str().unwrap().contains("cannot read"));
}

#[test]
fn the_sample_is_never_written() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    hedui()
        .args(["check", SAMPLE, "--format", "json"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn usage_errors_exit_2() {
    hedui().assert().code(2);
    hedui().args(["check"]).assert().code(2);
    hedui()
        .args(["check", SAMPLE, "--format", "xml"])
        .assert()
        .code(2);
    hedui().arg("--help").assert().code(0);
}

#[test]
fn rules_lists_every_rule() {
    let out = hedui().arg("rules").assert().code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for r in hedui::rules::RULES {
        assert!(stdout.contains(r.id), "{}", r.id);
    }
}

#[test]
fn rules_dir_overrides_tables_and_names_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    temp_file(&dir, "severities.toml", b"[severity]\nnumber-mismatch = \"info\"\ncount-mismatch = \"info\"\nnumbering = \"info\"\n");
    // With every error-level rule of the sample lowered to info, nothing fails.
    hedui()
        .args(["check", SAMPLE, "--rules"])
        .arg(dir.path())
        .assert()
        .code(0);
    let bad = tempfile::tempdir().unwrap();
    let units = temp_file(&bad, "units.toml", b"skip = []\nbogus = 1\n");
    let out = hedui()
        .args(["check", SAMPLE, "--rules"])
        .arg(bad.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&units.display().to_string()) && stderr.contains("bogus"),
        "{stderr}"
    );
}

#[test]
fn show_leaves_out_lower_severities_in_every_format() {
    // The info rules the sample has findings of.
    let info_rules = ["annex-only", "body-only", "sum-match"];
    for format in [
        "human", "json", "jsonl", "sarif", "github", "markdown", "html",
    ] {
        let run = |show: &str| {
            let out = hedui()
                .args([
                    "check", SAMPLE, "--color", "never", "--format", format, "--show", show,
                ])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{format}: errors still fail");
            let stdout = String::from_utf8(out.stdout).unwrap();
            // SARIF lists every rule; the results are what is shown.
            let shown = if format == "sarif" {
                let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                v["runs"][0]["results"].to_string()
            } else {
                stdout
            };
            (shown, String::from_utf8(out.stderr).unwrap())
        };
        let (all, quiet) = run("info");
        assert!(info_rules.iter().any(|r| all.contains(r)), "{format}");
        assert!(quiet.is_empty(), "{format}: {quiet}");
        let (some, note) = run("warning");
        for r in info_rules {
            assert!(!some.contains(r), "{format}: {r} shown with --show warning");
        }
        assert!(some.contains("wording-mismatch"), "{format}: warnings stay");
        assert!(
            note.contains("findings below warning not shown (--show warning)"),
            "{format}: {note}"
        );
        let (errors, _) = run("error");
        assert!(!errors.contains("wording-mismatch"), "{format}");
        assert!(errors.contains("number-mismatch"), "{format}");
    }
}

#[test]
fn findings_are_listed_by_severity_then_annex_order() {
    let out = hedui()
        .args(["check", SAMPLE, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rank = |s: &str| match s {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    };
    let keys: Vec<(i32, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["annex"]["line"]
                .as_u64()
                .or(f["body"]["line"].as_u64())
                .unwrap();
            (rank(f["severity"].as_str().unwrap()), line)
        })
        .collect();
    assert!(keys.len() > 10);
    assert!(
        keys.windows(2).all(|w| w[0].0 <= w[1].0),
        "errors, then warnings, then info: {keys:?}"
    );
    assert!(keys.iter().any(|k| k.0 == 0) && keys.iter().any(|k| k.0 == 2));
}

#[test]
fn lang_zh_reaches_errors_help_config_and_rules() {
    let run = |args: &[&str]| {
        let out = hedui().args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, _, err) = run(&["check", "missing.txt", "--lang", "zh"]);
    assert_eq!(code, Some(2));
    assert_eq!(err.trim(), "hedui: missing.txt：无法读取文件：文件不存在");
    let (_, help, _) = run(&["--lang", "zh", "check", "--help"]);
    assert!(
        help.contains("用法：") && help.contains("只显示此级别"),
        "{help}"
    );
    let (_, config, _) = run(&["config", "--show", "--lang", "zh"]);
    assert!(
        config.starts_with("# 未找到 hedui.toml") || config.starts_with("# 来自"),
        "{config}"
    );
    let (_, rules, _) = run(&["rules", "--lang", "zh"]);
    assert!(
        rules.contains("错误") && !rules.contains(" error "),
        "{rules}"
    );
    let (code, _, err) = run(&["explain", "typo", "--lang", "zh"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("没有规则"), "{err}");
    // And English stays English.
    let (_, _, err) = run(&["check", "missing.txt", "--lang", "en"]);
    assert!(err.contains("cannot read file"), "{err}");
}

#[test]
fn positions_say_what_they_are() {
    let json = |path: &str| -> serde_json::Value {
        let out = hedui()
            .args(["check", path, "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let human = |path: &str, lang: &str| {
        let out = hedui()
            .args(["check", path, "--color", "never", "--lang", lang])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let sides = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| [f["annex"].clone(), f["body"].clone()])
            .filter(|s| !s.is_null())
            .collect()
    };
    // Word: paragraph and character, in words.
    let docx = "tests/fixtures/docx/000_6f198439acdb62c0.plain.docx";
    let (en, zh) = (human(docx, "en"), human(docx, "zh"));
    for s in sides(&json(docx)) {
        assert_eq!(s["line_unit"], "paragraph");
        let (l, c) = (&s["line"], &s["column"]);
        assert!(
            en.contains(&format!("{docx} paragraph {l}, char {c}")),
            "{s}"
        );
        assert!(zh.contains(&format!("{docx} 第{l}段第{c}字")), "{s}");
    }
    let bare = en
        .match_indices(&format!("{docx}:"))
        .any(|(i, m)| en[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
    assert!(!bare, "no bare line:column for Word: {en}");
    // PDF: the line on its page. Lines on one page are the document's lines less those of the
    // pages before: the same difference for every side on a page, growing with the page.
    let pdf = "tests/fixtures/pdf/sample.pdf";
    let zh = human(pdf, "zh");
    let mut offsets = std::collections::BTreeMap::new();
    for s in sides(&json(pdf)) {
        let (page, line) = (s["page"].as_u64().unwrap(), s["line"].as_u64().unwrap());
        let on_page = s["line_on_page"].as_u64().unwrap();
        assert!(on_page >= 1 && on_page <= line, "{s}");
        let before = offsets.entry(page).or_insert(line - on_page);
        assert_eq!(*before, line - on_page, "{s}");
        assert!(zh.contains(&format!("第{page}页第{on_page}行第{}字", s["column"])));
    }
    assert_eq!(
        offsets.get(&1),
        Some(&0),
        "page 1 counts from its first line"
    );
    assert!(offsets.len() > 1, "findings on several pages");
    assert!(offsets.values().is_sorted());
    // Text keeps file:line:column.
    assert!(human(SAMPLE, "en").contains(&format!("{SAMPLE}:49:26")));
}

#[test]
fn quotes_are_the_files_own_characters() {
    // Full-width digits, letters and punctuation, as many drafts have them.
    let doc = "附件：\n青石市２０２４年３件民生实事项目\n\
               １．新建改扩建幼儿园１２所，新增学位３６００个。\n\
               ２．新建城市公园５个（含口袋公园）。\n\
               ３．新建户外劳动者驿站３０个。\n\n\
               （六）办好民生实事。新建改扩建幼儿园１２所，新增学位３９００个；\
               新建城市公园５个；新建户外劳动者译站３０个。\n";
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "fullwidth.txt", doc.as_bytes());
    let out = hedui()
        .arg("check")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<&str> = doc.lines().collect();
    let mut n = 0;
    for f in v["findings"].as_array().unwrap() {
        for side in [&f["annex"], &f["body"]] {
            if side.is_null() {
                continue;
            }
            let (l, c) = (
                side["line"].as_u64().unwrap(),
                side["column"].as_u64().unwrap(),
            );
            let at: String = lines[l as usize - 1].chars().skip(c as usize - 1).collect();
            let text = side["text"].as_str().unwrap();
            assert!(
                at.starts_with(text),
                "{text:?} is not the file's text at {l}:{c}: {at:?}"
            );
            n += 1;
        }
    }
    assert!(n >= 3, "{v}");
    assert!(
        v.to_string().contains("新增学位３９００个"),
        "the body quote as written"
    );
}

//! Batches: a directory of 200 generated documents, some broken, some with a planted
//! discrepancy, checked in one run; every document gets its own right result, in name order.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;

const CITIES: &[&str] = &[
    "青石", "云岭", "江川", "北原", "南丰", "西陵", "东海", "临江",
];

/// What document `i` is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Clean,
    /// The body states another number for item 2.
    Mismatch,
    Empty,
    Binary,
    BadUtf8,
    NoAnnex,
}

fn kind(i: usize) -> Kind {
    match i % 20 {
        0 => Kind::Empty,
        5 => Kind::Binary,
        10 => Kind::BadUtf8,
        15 => Kind::NoAnnex,
        n if n % 3 == 0 => Kind::Mismatch,
        _ => Kind::Clean,
    }
}

fn document(i: usize) -> (String, Vec<u8>) {
    let city = CITIES[i % CITIES.len()];
    let (kg, places, parks, blocks) = (10 + i % 17, 3000 + 100 * (i % 13), 2 + i % 7, 20 + i);
    let body_places = if kind(i) == Kind::Mismatch {
        places + 300
    } else {
        places
    };
    let text = format!(
        "{city}市人民政府关于印发2024年民生实事项目的通知\n\n\
         附件\n{city}市2024年3件民生实事项目\n\
         1. 新建改扩建幼儿园{kg}所(牵头单位:市教育局)。\n\
         2. 新增公办学位{places}个(牵头单位:市教育局)。\n\
         3. 新建城市公园{parks}个,改造老旧小区{blocks}个(牵头单位:市住建局)。\n\n\
         政府工作报告(节选)\n\
         (六)办好民生实事。新建改扩建幼儿园{kg}所,新增公办学位{body_places}个;\
         新建城市公园{parks}个,改造老旧小区{blocks}个。\n"
    );
    let ext = if i % 4 == 1 { "gbk.txt" } else { "txt" };
    let name = format!("doc{i:03}.{ext}");
    let bytes = match kind(i) {
        Kind::Empty => Vec::new(),
        Kind::Binary => b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        Kind::BadUtf8 => [text.as_bytes(), b"\xFF\xFE\xFD"].concat(),
        Kind::NoAnnex => "今年，我们将继续办好民生实事，新建城市公园5个。\n"
            .as_bytes()
            .to_vec(),
        _ if ext == "gbk.txt" => encoding_rs::GBK.encode(&text).0.into_owned(),
        _ => text.into_bytes(),
    };
    (name, bytes)
}

#[test]
fn two_hundred_documents_each_get_their_own_result_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..200 {
        let (name, bytes) = document(i);
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        names.push(name);
    }
    // Not documents: skipped by the walk.
    std::fs::write(dir.path().join("notes.toml"), "x = 1").unwrap();
    let out = common::hedui()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "jsonl", "-j", "2"])
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 200, "one line per document");
    let mut failed = 0;
    for (i, (line, name)) in lines.iter().zip(&names).enumerate() {
        let path = Path::new(line["path"].as_str().unwrap());
        assert_eq!(path.file_name().unwrap().to_str().unwrap(), name, "order");
        let findings = line["findings"].as_array().unwrap();
        let serious: Vec<&serde_json::Value> = findings
            .iter()
            .filter(|f| f["severity"] != "info")
            .collect();
        let error = line.get("error").and_then(|e| e.as_str());
        match kind(i) {
            Kind::Clean => {
                assert!(error.is_none(), "{name}: {error:?}");
                assert!(serious.is_empty(), "{name}: {serious:?}");
            }
            Kind::Mismatch => {
                assert!(error.is_none(), "{name}: {error:?}");
                assert_eq!(serious.len(), 1, "{name}: {serious:?}");
                assert_eq!(serious[0]["rule"], "number-mismatch", "{name}");
                assert_eq!(serious[0]["item"], "2", "{name}");
            }
            bad => {
                failed += 1;
                let error = error.unwrap_or_else(|| panic!("{name} should fail"));
                let want = match bad {
                    Kind::Empty => "empty",
                    Kind::Binary => "PNG",
                    Kind::BadUtf8 => "not valid",
                    _ => "no annex",
                };
                assert!(error.contains(want), "{name}: {error}");
                assert!(stderr.contains(name.as_str()), "{name} reported on stderr");
            }
        }
        if i % 4 == 1 && error.is_none() {
            assert_eq!(line["encoding"], "GBK", "{name}");
        }
    }
    assert_eq!(failed, 40);
    assert_eq!(
        stderr.lines().count(),
        40,
        "one line per failed document:\n{stderr}"
    );
}

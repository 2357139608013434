//! The bad-input catalogue: one case per kind of input an editor or a CI job can throw at
//! hedui. A broken input gets exit code 2 and one line on stderr naming the file and the cause,
//! with nothing on stdout presented as a result; an odd but valid input gets a correct result.
//! Either way: no panic, and the input's bytes are unchanged afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

mod common;

use common::{hedui, zip_of};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `hedui check PATH ARGS…` and asserts a one-line error naming `path` and saying `cause`,
/// nothing on stdout, no panic, and the file unchanged.
fn rejects(path: &Path, args: &[&str], cause: &str) {
    rejects_naming(path, path, args, cause);
}

/// As [`rejects`], for an error that names another file (`named`, e.g. the config file).
fn rejects_naming(path: &Path, named: &Path, args: &[&str], cause: &str) {
    let before = std::fs::read(path).ok();
    let out = hedui().arg("check").arg(path).args(args).assert().code(2);
    let o = out.get_output();
    let stderr = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("hedui: "), "{stderr}");
    assert!(
        stderr.contains(&named.display().to_string()),
        "names the file: {stderr}"
    );
    assert!(stderr.contains(cause), "says {cause:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        o.stdout.is_empty(),
        "no partial result: {:?}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(std::fs::read(path).ok(), before, "input unchanged");
}

/// Runs `hedui check PATH --format json` and returns the report, asserting exit 0 or 1 and the
/// file unchanged.
fn accepts(path: &Path) -> serde_json::Value {
    let before = std::fs::read(path).unwrap();
    let out = hedui()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .assert();
    let o = out.get_output();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read(path).unwrap(), before, "input unchanged");
    serde_json::from_slice(&o.stdout).unwrap()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn document_xml(paragraphs: &[&str]) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for p in paragraphs {
        xml.push_str(&format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"));
    }
    xml.push_str("</w:body></w:document>");
    xml.into_bytes()
}

const REPORT: &str = "附件\n青石市2024年2件民生实事项目\n\
                      1. 新建改扩建幼儿园12所,新增学位3600个。\n\
                      2. 新建城市公园5个。\n\n\
                      (六)办好民生实事。新建改扩建幼儿园12所,新增学位3600个;新建城市公园5个。\n";

#[test]
fn empty_and_whitespace_only() {
    let dir = tempfile::tempdir().unwrap();
    rejects(&write(dir.path(), "empty.txt", b""), &[], "empty");
    rejects(
        &write(dir.path(), "blank.txt", b" \n\t\r\n\xE3\x80\x80\n"),
        &[],
        "empty",
    );
}

#[test]
fn binary_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    rejects(&write(dir.path(), "garbage.txt", &garbage), &[], "not");
}

#[test]
fn a_png_renamed_docx() {
    let dir = tempfile::tempdir().unwrap();
    rejects(
        &write(
            dir.path(),
            "photo.docx",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
        ),
        &[],
        "PNG",
    );
}

#[test]
fn a_truncated_docx() {
    let dir = tempfile::tempdir().unwrap();
    let whole = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        (
            "word/document.xml",
            &document_xml(&["附件", "1. 新建幼儿园12所。"]),
        ),
    ]);
    let cut = &whole[..whole.len() / 2];
    rejects(&write(dir.path(), "cut.docx", cut), &[], ".docx");
}

#[test]
fn a_docx_without_document_xml() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/styles.xml", b"<x/>"),
    ]);
    rejects(
        &write(dir.path(), "hollow.docx", &bytes),
        &[],
        "document.xml",
    );
}

#[test]
fn a_zip_bomb_renamed_docx() {
    let dir = tempfile::tempdir().unwrap();
    // 300 MB of spaces in one entry: deflates to about 300 KB, far beyond any real document.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("[Content_Types].xml", opts).unwrap();
        z.write_all(CONTENT_TYPES).unwrap();
        z.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..300 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    let bomb = buf.into_inner();
    assert!(bomb.len() < 2 << 20, "small on disk: {}", bomb.len());
    rejects(&write(dir.path(), "bomb.docx", &bomb), &[], "zip bomb");
}

#[test]
fn an_entity_expansion_bomb_in_document_xml() {
    let dir = tempfile::tempdir().unwrap();
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"附件附件附件附件附件附件附件附件\">",
    );
    for (i, c) in ('b'..='j').enumerate() {
        let prev = char::from(b'a' + i as u8);
        xml.push_str(&format!(
            "<!ENTITY {c} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str(
        "]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>",
    );
    let bytes = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", xml.as_bytes()),
    ]);
    let path = write(dir.path(), "laughs.docx", &bytes);
    // Entities are never expanded: the document is refused (there is no text and no annex).
    let before = std::fs::read(&path).unwrap();
    let out = hedui().arg("check").arg(&path).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("laughs.docx"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn invalid_utf8_in_a_file_declared_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let head = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>附件</p><p>1. 新建幼儿园";
    let html = [
        head.as_bytes(),
        b"\xC0\xAF",
        "12所。</p></body></html>".as_bytes(),
    ]
    .concat();
    rejects(
        &write(dir.path(), "page.html", &html),
        &[],
        &format!(
            "not valid UTF-8 text (invalid byte at offset {})",
            head.len()
        ),
    );
}

#[test]
fn mixed_encodings() {
    let dir = tempfile::tempdir().unwrap();
    // A UTF-8 document with one paragraph pasted in GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode("新增学位3600个");
    let bytes = [REPORT.as_bytes(), &gbk].concat();
    let at = REPORT.len();
    rejects(
        &write(dir.path(), "mixed.txt", &bytes),
        &[],
        &format!("not valid UTF-8 text (invalid byte at offset {at})"),
    );
}

#[test]
fn a_document_with_no_annex() {
    let dir = tempfile::tempdir().unwrap();
    let text = "政府工作报告\n\n今年新增城镇就业3万人,新建幼儿园12所。\n".as_bytes();
    rejects(
        &write(dir.path(), "no-annex.txt", text),
        &[],
        "no annex found",
    );
}

#[test]
fn an_annex_with_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "附件\n青石市2024年2件民生实事项目\n1. 新建幼儿园12所。\n2. 新建城市公园5个。\n".as_bytes();
    rejects(&write(dir.path(), "annex-only.txt", text), &[], "no body");
}

#[test]
fn an_annex_of_two_thousand_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut annex = String::from("附件\n某省2024年2000件民生实事项目\n");
    let mut body = String::from("(六)办好民生实事。");
    for i in 1..=2000 {
        annex.push_str(&format!("{i}. 建设第{i}号便民服务站{}个。\n", 3 + i % 50));
        body.push_str(&format!("建设第{i}号便民服务站{}个;", 3 + i % 50));
    }
    body.push('\n');
    let path = write(dir.path(), "big.txt", format!("{annex}\n{body}").as_bytes());
    let report = accepts(&path);
    assert_eq!(report["documents"][0]["items"], 2000);
    let serious = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .count();
    assert_eq!(serious, 0, "a clean document stays clean at scale");
}

#[test]
fn one_line_of_five_million_characters() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "推动经济社会高质量发展,持续改善民生福祉。";
    let line = sentence.repeat(5_000_000 / sentence.chars().count());
    let text = format!("{REPORT}{line}\n");
    let path = write(dir.path(), "long-line.txt", text.as_bytes());
    let report = accepts(&path);
    assert_eq!(report["documents"][0]["items"], 2);
}

#[test]
fn deeply_nested_html() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let mut html = String::from("<!DOCTYPE html><html><body>");
    html.push_str(&"<div>".repeat(depth));
    for line in REPORT.lines() {
        html.push_str(&format!("<p>{line}</p>"));
    }
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    let path = write(dir.path(), "nested.html", html.as_bytes());
    let report = accepts(&path);
    assert_eq!(report["documents"][0]["format"], "html");
    assert_eq!(report["documents"][0]["items"], 2);
}

#[test]
fn a_pdf_that_is_really_html() {
    let dir = tempfile::tempdir().unwrap();
    let mut html = String::from("<html><body>");
    for line in REPORT.lines() {
        html.push_str(&format!("<p>{line}</p>\n"));
    }
    html.push_str("</body></html>");
    let path = write(dir.path(), "report.pdf", html.as_bytes());
    let report = accepts(&path);
    assert_eq!(
        report["documents"][0]["format"], "html",
        "the content decides"
    );
}

#[test]
fn a_huge_log_renamed_txt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.log.txt");
    // 300 MB, sparse: refused by size before it is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    rejects(&path, &[], "over the limit");
    let small = write(dir.path(), "small.txt", REPORT.as_bytes());
    rejects(
        &small,
        &["--max-size", "100"],
        "over the limit of 100 bytes",
    );
}

#[cfg(unix)]
#[test]
fn a_directory_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", REPORT.as_bytes());
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    write(&locked, "b.txt", REPORT.as_bytes());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok(); // root reads it anyway
    let out = hedui()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "jsonl"])
        .assert();
    let o = out.get_output().clone();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8(o.stdout).unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    if readable {
        // Running as root: permission bits do not apply; both documents are checked.
        assert_eq!(o.status.code(), Some(0), "{stderr}");
        assert_eq!(stdout.lines().count(), 2);
    } else {
        // The readable document is checked; the locked directory is one error line.
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("locked"), "{stderr}");
        assert!(stdout.contains("a.txt"), "{stdout}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", REPORT.as_bytes());
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("self")).unwrap();
    let out = hedui()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "jsonl"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "links are not followed: {stdout}"
    );
}

#[test]
fn a_malformed_or_misspelt_config() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(dir.path(), "report.txt", REPORT.as_bytes());
    let config = write(dir.path(), "hedui.toml", b"[rules\nnumbering = \"off\"\n");
    rejects_naming(&doc, &config, &[], "hedui.toml: line 1");
    write(dir.path(), "hedui.toml", b"[rules]\nnumberin = \"off\"\n");
    rejects_naming(&doc, &config, &[], "unknown rule `numberin`");
    write(dir.path(), "hedui.toml", b"[ruels]\nnumbering = \"off\"\n");
    rejects_naming(&doc, &config, &[], "unknown field `ruels`");
}

#[test]
fn an_output_path_in_a_directory_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(dir.path(), "report.txt", REPORT.as_bytes());
    let target = dir.path().join("no/such/dir/baseline.json");
    let out = hedui()
        .arg("check")
        .arg(&doc)
        .arg("--write-baseline")
        .arg(&target)
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(out.get_output().stdout.is_empty());
}

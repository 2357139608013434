//! `hedui annotate`: one Word comment per finding side, anchored on the quote; the input is
//! never modified; the output re-checks to the same findings and opens in LibreOffice (without
//! LibreOffice that test fails unless `HEDUI_SKIP_OFFICE=1` says to skip it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::events::Event;
use quick_xml::Reader;

const FIXTURES: [&str; 3] = [
    "tests/fixtures/docx/000_6f198439acdb62c0.plain.docx",
    "tests/fixtures/docx/000_6f198439acdb62c0.numbered.docx",
    "tests/fixtures/docx/000_6f198439acdb62c0.table.docx",
];

fn entry(docx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

/// The text inside each comment range of document.xml, by id.
fn ranges(xml: &str) -> Vec<(String, String)> {
    let mut r = Reader::from_str(xml);
    let mut open: Vec<(String, String)> = Vec::new();
    let mut done = Vec::new();
    let mut in_t = false;
    loop {
        match r.read_event().unwrap() {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "commentRangeStart" => {
                let id = e
                    .try_get_attribute("w:id")
                    .unwrap()
                    .unwrap()
                    .value
                    .to_string();
                open.push((id, String::new()));
            }
            Event::Empty(e) if e.local_name().as_ref() == "commentRangeEnd" => {
                let id = e
                    .try_get_attribute("w:id")
                    .unwrap()
                    .unwrap()
                    .value
                    .to_string();
                let i = open
                    .iter()
                    .position(|(o, _)| *o == id)
                    .expect("end after start");
                done.push(open.remove(i));
            }
            Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => {
                for (_, s) in &mut open {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                let c = g.resolve_char_ref().unwrap().unwrap_or('&');
                for (_, s) in &mut open {
                    s.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed ranges {open:?}");
    done
}

fn sides(path: &Path) -> Vec<String> {
    let tables = hedui::tables::Tables::builtin().unwrap();
    let checked = hedui::check_path(path, &hedui::input::ReadOptions::default(), tables).unwrap();
    checked
        .findings
        .iter()
        .flat_map(|f| [f.annex.as_ref(), f.body.as_ref()])
        .flatten()
        .map(|s| s.text.clone())
        .collect()
}

fn run_annotate(input: &str, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hedui"))
        .args(["annotate", input, "-o"])
        .arg(out)
        .args(["--lang", "zh"])
        .env("SOURCE_DATE_EPOCH", "1709625600")
        .output()
        .unwrap()
}

#[test]
fn one_comment_per_side_on_its_quote() {
    let dir = tempfile::tempdir().unwrap();
    for input in FIXTURES {
        let before = std::fs::read(input).unwrap();
        let out = dir.path().join("out.docx");
        let o = run_annotate(input, &out);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(std::fs::read(input).unwrap(), before, "input unchanged");
        let docx = std::fs::read(&out).unwrap();
        let quotes = sides(Path::new(input));
        let doc = entry(&docx, "word/document.xml").unwrap();
        let comments = entry(&docx, "word/comments.xml").unwrap();
        assert_eq!(
            comments.matches("<w:comment ").count(),
            quotes.len(),
            "{input}"
        );
        assert!(comments.contains("w:author=\"hedui\"") && comments.contains("w:initials=\"HD\""));
        assert!(comments.contains("2024-03-05T08:00:00Z"));
        assert!(
            comments.contains("滑冰场：附件为103个，正文为33个"),
            "zh messages"
        );
        assert!(entry(&docx, "word/_rels/document.xml.rels")
            .unwrap()
            .contains("relationships/comments"));
        assert!(entry(&docx, "[Content_Types].xml")
            .unwrap()
            .contains("wordprocessingml.comments+xml"));
        let mut got = ranges(&doc);
        // Ids follow the findings' order; ranges come in document order.
        got.sort_by_key(|(id, _)| id.parse::<u32>().unwrap());
        assert_eq!(got.len(), quotes.len(), "{input}");
        for ((id, text), quote) in got.iter().zip(&quotes) {
            // Ranges are numbered in finding order; compare the first characters (the quote is
            // repaired text, the range the document's own characters).
            // A Word list number (`18. `) is shown but not part of the text.
            let q = quote.trim_start_matches(|c: char| c.is_ascii_digit());
            let q = match q.strip_prefix(['.', '、', '．']) {
                Some(rest) if q.len() < quote.len() => rest,
                _ => quote.as_str(),
            };
            let head: String = q.chars().filter(|c| !c.is_whitespace()).take(4).collect();
            let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                // In a table the quote is the row (`18. 优化…`); the range is the cell where
                // it starts.
                text.contains(&head) || (!text.is_empty() && quote.starts_with(&text)),
                "{input}: comment {id}: range {text:?} does not hold quote {quote:?}"
            );
        }
        // Comments do not change the text: the same findings.
        let a = Command::new(env!("CARGO_BIN_EXE_hedui"))
            .args(["check", "--format", "json", "--lang", "en", input])
            .output()
            .unwrap();
        let b = Command::new(env!("CARGO_BIN_EXE_hedui"))
            .args(["check", "--format", "json", "--lang", "en"])
            .arg(&out)
            .output()
            .unwrap();
        let strip = |o: &[u8]| {
            let mut v: serde_json::Value = serde_json::from_slice(o).unwrap();
            let fs = v["findings"].take();
            fs.to_string()
                .replace(&serde_json::Value::from(input).to_string()[1..], "")
                .replace(
                    &serde_json::Value::from(out.display().to_string()).to_string()[1..],
                    "",
                )
        };
        assert_eq!(
            strip(&a.stdout),
            strip(&b.stdout),
            "{input}: re-check differs"
        );
    }
}

/// `docx` with entry `name` replaced by `data`.
fn replace_entry(docx: &[u8], name: &str, data: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).unwrap();
        if f.name().unwrap() == name {
            drop(f);
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(data.as_bytes()).unwrap();
        } else {
            out.raw_copy_file(f).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn annotating_an_annotated_document_replaces_its_own_comments_and_keeps_others() {
    let dir = tempfile::tempdir().unwrap();
    let once = dir.path().join("once.docx");
    let twice = dir.path().join("twice.docx");
    run_annotate(FIXTURES[0], &once);
    let o = run_annotate(once.to_str().unwrap(), &twice);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let n = sides(Path::new(FIXTURES[0])).len();
    let first = std::fs::read(&once).unwrap();
    let docx = std::fs::read(&twice).unwrap();
    let comments = entry(&docx, "word/comments.xml").unwrap();
    assert_eq!(comments.matches("<w:comment ").count(), n, "not doubled");
    let doc = entry(&docx, "word/document.xml").unwrap();
    assert_eq!(ranges(&doc).len(), n);
    assert_eq!(doc.matches("commentReference").count(), n);
    // The same document as annotating once: the old ranges left no trace (but the empty runs
    // a split leaves where a range starts, which show nothing).
    let empty_runs = |x: &str| x.replace("<w:r></w:r>", "");
    assert!(
        empty_runs(&doc) == empty_runs(&entry(&first, "word/document.xml").unwrap()),
        "the document differs from annotating once"
    );
    assert_eq!(comments, entry(&first, "word/comments.xml").unwrap());
    let rels = entry(&docx, "word/_rels/document.xml.rels").unwrap();
    assert_eq!(rels.matches("relationships/comments\"").count(), 1);

    // An editor's comment (another author) is kept, and new ids follow it.
    let theirs = entry(&first, "word/comments.xml").unwrap().replacen(
        "w:author=\"hedui\"",
        "w:author=\"编辑\"",
        1,
    );
    let edited = dir.path().join("edited.docx");
    std::fs::write(&edited, replace_entry(&first, "word/comments.xml", &theirs)).unwrap();
    let again = dir.path().join("again.docx");
    let o = run_annotate(edited.to_str().unwrap(), &again);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let docx = std::fs::read(&again).unwrap();
    let comments = entry(&docx, "word/comments.xml").unwrap();
    assert_eq!(comments.matches("<w:comment ").count(), n + 1);
    assert_eq!(comments.matches("w:author=\"编辑\"").count(), 1);
    assert!(
        comments.contains("w:id=\"0\" w:author=\"编辑\""),
        "{comments}"
    );
    assert!(comments.contains(&format!("w:id=\"{n}\"")));
    assert_eq!(
        ranges(&entry(&docx, "word/document.xml").unwrap()).len(),
        n + 1
    );
}

#[test]
fn refuses_non_docx_and_overwriting_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_annotate(
        "corpus/000_6f198439acdb62c0.txt",
        &dir.path().join("o.docx"),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("不是 Word 文档"), "{err}"); // run with --lang zh
    let copy = dir.path().join("in.docx");
    std::fs::copy(FIXTURES[0], &copy).unwrap();
    let o = run_annotate(copy.to_str().unwrap(), &copy);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(FIXTURES[0]).unwrap()
    );
    let o = run_annotate(FIXTURES[0], &dir.path().join("no/such/out.docx"));
    assert_eq!(o.status.code(), Some(2));
}

fn soffice() -> Option<PathBuf> {
    ["soffice", "libreoffice"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    })
}

#[test]
fn opens_in_libreoffice_with_every_comment() {
    let found = soffice();
    if !common::real_component(
        found.is_some(),
        "LibreOffice (soffice)",
        "HEDUI_SKIP_OFFICE",
        "apt-get install -y libreoffice-writer-nogui",
    ) {
        return;
    }
    let Some(soffice) = found else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotated.docx");
    run_annotate(FIXTURES[0], &out);
    let n = sides(Path::new(FIXTURES[0])).len();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    for (to, dest) in [("pdf", "pdf"), ("odt", "odt")] {
        let outdir = dir.path().join(dest);
        let o = Command::new(&soffice)
            .arg(&profile)
            .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
            .arg(&outdir)
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let file = outdir.join(format!("annotated.{dest}"));
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.is_empty(),
            "{} not written: {}",
            file.display(),
            String::from_utf8_lossy(&o.stdout)
        );
        if dest == "odt" {
            let content = entry(&bytes, "content.xml").unwrap();
            assert_eq!(
                content.matches("<office:annotation ").count()
                    + content.matches("<office:annotation>").count(),
                n,
                "comments read back by LibreOffice"
            );
            assert!(content.contains("hedui"));
        }
    }
}

/// Runs hedui with `args` under umask 022, as a shared drive's users usually have it.
#[cfg(unix)]
fn under_umask_022(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_hedui"))
        .args(args)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn written_files_are_readable_by_colleagues_and_copies_keep_the_documents_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.docx");
    std::fs::copy(FIXTURES[0], &input).unwrap();
    let baseline = dir.path().join("b.json");
    let o = under_umask_022(&[
        "check".as_ref(),
        input.as_os_str(),
        "--write-baseline".as_ref(),
        baseline.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(mode(&baseline), 0o644, "a new file under umask 022");
    for input_mode in [0o644, 0o664, 0o600] {
        std::fs::set_permissions(&input, std::fs::Permissions::from_mode(input_mode)).unwrap();
        let out = dir.path().join(format!("out-{input_mode:o}.docx"));
        let o = under_umask_022(&[
            "annotate".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(mode(&out), input_mode, "the copy keeps the document's mode");
    }
}

//! Snapshots of the intermediate stages for every corpus document: the annex structure found,
//! every commitment extracted and what it was aligned with. A change in segmentation or
//! alignment shows up here as a readable diff, not only as a changed finding.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use hedui::input::Source;
use hedui::tables::Tables;

#[test]
fn corpus_stages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs: Vec<_> = [dir.clone(), dir.join("layouts")]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["txt", "md", "html", "docx"].iter().any(|f| e == *f))
                && p.file_stem().is_some_and(|s| s != "README")
        })
        .collect();
    docs.sort();
    for doc in docs {
        let src = Source::read(&doc, &Default::default()).unwrap();
        let dump = hedui::dump_stages(&src, Tables::builtin().unwrap()).unwrap();
        let name = doc.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("stages__{name}"), dump);
    }
}

//! Batches: expand directories into the documents in them, check documents in parallel, and
//! hand the results back in input order as soon as each one's turn comes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::config::Resolver;
use crate::input::ReadOptions;
use crate::{Error, Failure, Outcome};

/// Extensions checked when walking a directory without a `--glob` that selects files.
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "xhtml", "docx", "pdf", "doc", "wps",
];

/// One input of a batch: a document to check, or a path that already failed (an unreadable
/// directory entry), kept in place so the output stays in input order.
pub type Input = Result<PathBuf, Failure>;

fn failure(e: Error, path: &Path) -> Failure {
    Failure {
        path: path.to_path_buf(),
        error: crate::i18n::error(&e, crate::i18n::process_lang()),
    }
}

/// Expands `paths` in order: files as given, directories walked (sorted by name, respecting
/// `.gitignore`, `.ignore`, hidden files and the `ignore` list of the applicable `hedui.toml`)
/// for documents matching `globs`, or with one of [`DOCUMENT_EXTENSIONS`] when no glob selects
/// files. A bad glob is an error for the whole run.
pub fn expand(
    paths: &[PathBuf],
    globs: &[String],
    resolver: &Resolver,
) -> Result<Vec<Input>, Error> {
    let selects = globs.iter().any(|g| !g.starts_with('!'));
    let mut inputs = Vec::new();
    for path in paths {
        if !path.is_dir() {
            inputs.push(Ok(path.clone()));
            continue;
        }
        let mut overrides = ignore::overrides::OverrideBuilder::new(path);
        for g in globs {
            overrides.add(g).map_err(|e| Error::Walk {
                path: path.clone(),
                message: format!("bad --glob {g:?}: {e}"),
            })?;
        }
        let overrides = overrides.build().map_err(|e| Error::Walk {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let walk = ignore::WalkBuilder::new(path)
            .overrides(overrides)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let p = e.path();
                    let known = p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        DOCUMENT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                    });
                    // A broken config is reported when the document is checked.
                    let ignored = resolver.resolve(p).is_ok_and(|r| r.ignores(p));
                    if (selects || known) && !ignored {
                        inputs.push(Ok(p.to_path_buf()));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let at = error_path(&e).unwrap_or(path);
                    let err = Error::Walk {
                        path: at.to_path_buf(),
                        message: e.to_string(),
                    };
                    inputs.push(Err(failure(err, at)));
                }
            }
        }
    }
    Ok(inputs)
}

/// The path an `ignore` error is about, if it says.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// Checks one input with the configuration that applies to it.
pub fn check_one(input: &Input, options: &ReadOptions, resolver: &Resolver) -> Outcome {
    let path = input.as_ref().map_err(Clone::clone)?;
    resolver
        .resolve(path)
        .and_then(|r| crate::check_path(path, options, &r.tables))
        .map_err(|e| failure(e, path))
}

/// Checks `inputs` on `jobs` threads (all cores when `None`) and calls `deliver` with each
/// outcome, in input order, on the calling thread, as soon as all earlier ones are delivered.
/// Once `stop` is set, no further document is started and nothing more is delivered.
pub fn run(
    inputs: &[Input],
    options: &ReadOptions,
    resolver: &Resolver,
    jobs: Option<usize>,
    stop: &AtomicBool,
    mut deliver: impl FnMut(Outcome),
) {
    // One document (or one job): no thread pool to start, which is most of a small run's
    // system time.
    if inputs.len() <= 1 || jobs == Some(1) {
        for input in inputs {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            deliver(check_one(input, options, resolver));
        }
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .ok();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let work = move || {
                inputs
                    .iter()
                    .enumerate()
                    .par_bridge()
                    .for_each_with(tx, |tx, (i, input)| {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        // The receiver only goes away if the caller stopped listening.
                        let _ = tx.send((i, check_one(input, options, resolver)));
                    });
            };
            match &pool {
                Some(pool) => pool.install(work),
                None => work(),
            }
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, outcome) in rx {
            if stop.load(Ordering::Relaxed) {
                continue;
            }
            waiting.insert(i, outcome);
            while let Some(outcome) = waiting.remove(&next) {
                deliver(outcome);
                next += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_come_back_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for i in 0..40 {
            let p = dir.path().join(format!("{i:02}.txt"));
            let text = if i % 7 == 3 {
                "没有附件的文档。".to_string()
            } else {
                format!(
                    "附件\n1. 新建幼儿园{}所。\n2. 新增学位{}个。\n正文：新建幼儿园{}所。\n",
                    i + 1,
                    i + 2,
                    i + 1
                )
            };
            std::fs::write(&p, text).unwrap();
            inputs.push(Ok(p));
        }
        let resolver = Resolver::new(crate::tables::TableTexts::builtin(), None).unwrap();
        let mut seen = Vec::new();
        let stop = AtomicBool::new(false);
        run(
            &inputs,
            &ReadOptions::default(),
            &resolver,
            Some(2),
            &stop,
            |o| {
                seen.push(match o {
                    Ok(c) => (c.path, true),
                    Err(f) => (f.path, false),
                })
            },
        );
        let want: Vec<_> = (0..40)
            .map(|i| (dir.path().join(format!("{i:02}.txt")), i % 7 != 3))
            .collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn directories_expand_to_documents_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.docx", "notes.toml", "c.md", ".hidden.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/d.html"), "x").unwrap();
        let names = |globs: &[&str]| -> Vec<String> {
            let globs: Vec<String> = globs.iter().map(|g| g.to_string()).collect();
            let resolver = Resolver::new(crate::tables::TableTexts::builtin(), None).unwrap();
            expand(&[dir.path().to_path_buf()], &globs, &resolver)
                .unwrap()
                .into_iter()
                .map(|i| {
                    let p = i.unwrap();
                    p.strip_prefix(dir.path()).unwrap().display().to_string()
                })
                .collect()
        };
        assert_eq!(names(&[]), ["a.docx", "b.txt", "c.md", "sub/d.html"]);
        assert_eq!(names(&["*.toml"]), ["notes.toml"]);
        assert_eq!(names(&["!*.md"]), ["a.docx", "b.txt", "sub/d.html"]);
    }
}

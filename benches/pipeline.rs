//! Per-stage and whole-check benchmarks over the bundled sample and generated documents of
//! growing size (10 KB … 10 MB), reported in bytes/s of document text.
//!
//! `cargo bench` runs them all; `cargo bench -- sample` only the sample; `DIVAN_SAMPLE_COUNT`
//! trades time for precision.

use std::path::Path;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use hedui::input::{ReadOptions, Source};
use hedui::tables::Tables;

mod docgen;

const SAMPLE: &str = "corpus/000_6f198439acdb62c0.txt";

fn main() {
    divan::main();
}

fn tables() -> &'static Tables {
    Tables::builtin().unwrap_or_else(|e| panic!("built-in tables: {e}"))
}

fn sample() -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    Source::read(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Everything a stage needs, computed once.
struct Staged {
    source: Source,
    seg: hedui::segment::Segmented,
    commitments: Vec<hedui::extract::Commitment>,
    alignment: hedui::align::Alignment,
}

fn staged(source: Source) -> Staged {
    let seg = hedui::segment::segment(&source.text, &tables().annex)
        .unwrap_or_else(|| panic!("no annex"));
    let commitments = hedui::extract::extract(&seg, tables());
    let alignment = hedui::align::align(&commitments, tables());
    Staged {
        source,
        seg,
        commitments,
        alignment,
    }
}

fn bytes(s: &Staged) -> BytesCount {
    BytesCount::new(s.source.text.len())
}

/// The stages of the pipeline on the bundled sample (26.7 KB).
mod sample {
    use super::*;

    #[divan::bench]
    fn decode(b: Bencher) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
        let raw = std::fs::read(&path).unwrap_or_default();
        b.counter(BytesCount::new(raw.len()))
            .bench(|| Source::from_bytes(&path, black_box(&raw), &ReadOptions::default()).is_ok());
    }

    #[divan::bench]
    fn segment(b: Bencher) {
        let s = staged(sample());
        b.counter(bytes(&s))
            .bench(|| hedui::segment::segment(black_box(&s.source.text), &tables().annex));
    }

    #[divan::bench]
    fn quantity(b: Bencher) {
        let s = staged(sample());
        b.counter(bytes(&s)).bench(|| {
            s.seg
                .paras
                .iter()
                .map(|p| hedui::quantity::scan(black_box(&p.text), &tables().quantity).len())
                .sum::<usize>()
        });
    }

    #[divan::bench]
    fn extract(b: Bencher) {
        let s = staged(sample());
        b.counter(bytes(&s))
            .bench(|| hedui::extract::extract(black_box(&s.seg), tables()));
    }

    #[divan::bench]
    fn align(b: Bencher) {
        let s = staged(sample());
        b.counter(bytes(&s))
            .bench(|| hedui::align::align(black_box(&s.commitments), tables()));
    }

    #[divan::bench]
    fn rules(b: Bencher) {
        let s = staged(sample());
        let cx = hedui::rules::Context {
            source: &s.source,
            seg: &s.seg,
            commitments: &s.commitments,
            alignment: &s.alignment,
            tables: tables(),
        };
        b.counter(bytes(&s))
            .bench(|| hedui::rules::check(black_box(&cx)));
    }

    #[divan::bench]
    fn report(b: Bencher) {
        let s = staged(sample());
        let checked = hedui::check_source(&s.source, tables()).map_err(|e| hedui::Failure {
            path: s.source.path.clone(),
            error: e.to_string(),
        });
        let outcomes = [checked];
        b.counter(bytes(&s))
            .bench(|| hedui::report::json::render(black_box(&outcomes), hedui::i18n::Lang::En));
    }

    #[divan::bench]
    fn check(b: Bencher) {
        let source = sample();
        b.counter(BytesCount::new(source.text.len()))
            .bench(|| hedui::check_source(black_box(&source), tables()).is_ok());
    }
}

/// Every document of the corpus (`corpus/*.txt`), checked one after another.
mod corpus {
    use super::*;

    fn documents() -> Vec<Source> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| Source::read(p, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    #[divan::bench(sample_count = 20)]
    fn check(b: Bencher) {
        let docs = documents();
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        b.counter(BytesCount::new(bytes)).bench(|| {
            docs.iter()
                .filter(|d| hedui::check_source(black_box(d), tables()).is_ok())
                .count()
        });
    }

    #[divan::bench(sample_count = 20)]
    fn align(b: Bencher) {
        let docs: Vec<Staged> = documents().into_iter().map(staged).collect();
        let bytes: usize = docs.iter().map(|s| s.source.text.len()).sum();
        b.counter(BytesCount::new(bytes)).bench(|| {
            docs.iter()
                .map(|s| {
                    hedui::align::align(black_box(&s.commitments), tables())
                        .links
                        .len()
                })
                .sum::<usize>()
        });
    }
}

/// The whole check and the alignment on generated documents of growing size.
mod generated {
    use super::*;

    const SIZES: &[usize] = &[10_000, 100_000, 1_000_000, 10_000_000];

    #[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
    fn check(b: Bencher, size: usize) {
        let source = Source::from_text("gen.txt", docgen::document(size));
        b.counter(BytesCount::new(source.text.len()))
            .bench(|| hedui::check_source(black_box(&source), tables()).is_ok());
    }

    #[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
    fn align(b: Bencher, size: usize) {
        let s = staged(Source::from_text("gen.txt", docgen::document(size)));
        b.counter(bytes(&s))
            .bench(|| hedui::align::align(black_box(&s.commitments), tables()));
    }

    /// Every second body figure differs from the annex's: pass 3 of the alignment and the
    /// number-mismatch rule work on half the items.
    #[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
    fn check_differ(b: Bencher, size: usize) {
        let source = Source::from_text("gen.txt", docgen::document_with(size, true));
        b.counter(BytesCount::new(source.text.len()))
            .bench(|| hedui::check_source(black_box(&source), tables()).is_ok());
    }
}

/// Documents built to make alignment candidates explode (`docgen::worst`), at 1×, 4× and 16×
/// the number of annex items: the whole check should grow about as fast as the input
/// (`scripts/bench.sh` prints the ratios of the whole process).
mod worst {
    use super::*;

    const ITEMS: &[usize] = &[1250, 5000, 20_000];

    fn bench(b: Bencher, kind: &str, n: usize, differ: bool) {
        let source = Source::from_text("worst.txt", docgen::worst(kind, n, differ));
        b.counter(BytesCount::new(source.text.len()))
            .bench(|| hedui::check_source(black_box(&source), tables()).is_ok());
    }

    /// `N. 新建社区服务站{1..7}个`, the body restating all (issue 16).
    #[divan::bench(args = ITEMS, sample_count = 3, sample_size = 1)]
    fn similar(b: Bencher, n: usize) {
        bench(b, "similar", n, false);
    }

    /// The same, every second body figure one more (pass 3 on look-alike subjects).
    #[divan::bench(args = ITEMS, sample_count = 3, sample_size = 1)]
    fn similar_differ(b: Bencher, n: usize) {
        bench(b, "similar", n, true);
    }

    /// Every item states 3个, each of a different subject.
    #[divan::bench(args = ITEMS, sample_count = 3, sample_size = 1)]
    fn samevalue(b: Bencher, n: usize) {
        bench(b, "samevalue", n, false);
    }

    /// The same, every second body figure one more.
    #[divan::bench(args = ITEMS, sample_count = 3, sample_size = 1)]
    fn samevalue_differ(b: Bencher, n: usize) {
        bench(b, "samevalue", n, true);
    }

    /// The body repeats one clause `n` times.
    #[divan::bench(args = ITEMS, sample_count = 3, sample_size = 1)]
    fn repeat(b: Bencher, n: usize) {
        bench(b, "repeat", n, false);
    }
}

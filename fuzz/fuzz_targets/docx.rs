//! The .docx reader on arbitrary bytes (the fuzzer's dictionary and seeds make zip archives):
//! never panics, and any text it returns is checked without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hedui::input::{Format, ReadOptions, Source};

fuzz_target!(|bytes: &[u8]| {
    let options = ReadOptions {
        format: Some(Format::Docx),
        ..ReadOptions::default()
    };
    if let Ok(source) = Source::from_bytes(std::path::Path::new("fuzz.docx"), bytes, &options) {
        for (i, _) in source.text.char_indices().step_by(97) {
            let _ = source.location(i);
        }
    }
});

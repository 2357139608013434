//! Format detection and decoding (text in any encoding, HTML, Markdown) on arbitrary bytes:
//! never panics, and every byte of the extracted text maps to a position.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hedui::input::{Format, ReadOptions, Source};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => None,
        1 => Some(Format::Html),
        2 => Some(Format::Markdown),
        _ => Some(Format::Text),
    };
    let options = ReadOptions {
        format,
        ..ReadOptions::default()
    };
    if let Ok(source) = Source::from_bytes(std::path::Path::new("fuzz.txt"), bytes, &options) {
        for (i, _) in source.text.char_indices() {
            let loc = source.location(i);
            assert!(loc.line >= 1 && loc.column >= 1);
        }
    }
});

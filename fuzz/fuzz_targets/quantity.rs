//! The quantity parser on arbitrary text: never panics, and every quantity's span lies on
//! character boundaries inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let tables = hedui::quantity::QuantityTables::builtin();
    for q in hedui::quantity::scan(text, tables) {
        assert!(q.span.start <= q.span.end && q.span.end <= text.len());
        assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
    }
    let _ = hedui::quantity::parse_numeral(text);
});

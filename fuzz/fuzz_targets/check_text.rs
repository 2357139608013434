//! Segmentation and the whole check (extract, align, rules, human and JSON reports) on
//! arbitrary text: never panics, and every finding points inside the document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(tables) = hedui::tables::Tables::builtin() else {
        return;
    };
    let _ = hedui::segment::segment(text, &tables.annex);
    let source = hedui::input::Source::from_text("fuzz.txt", text);
    if let Ok(checked) = hedui::check_source(&source, tables) {
        let lines = text.split('\n').count();
        for f in &checked.findings {
            for side in f.annex.iter().chain(f.body.iter()) {
                assert!(side.line >= 1 && side.line <= lines, "line {} of {lines}", side.line);
            }
        }
        let _ = hedui::report::json::render(&[Ok(checked.clone())], hedui::i18n::Lang::Zh);
        let _ = hedui::report::human::render(&[checked], hedui::i18n::Lang::En);
    }
});

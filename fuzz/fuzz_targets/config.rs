//! The configuration parser on arbitrary text: never panics; a config that parses either
//! applies to the built-in tables or gives an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = std::path::Path::new("hedui.toml");
    if let Ok(config) = hedui::config::Config::parse(path, text) {
        let _ = config.apply(&hedui::tables::TableTexts::builtin(), path);
    }
});

//! The offline page's WebAssembly exports: a few functions over [`hedui::web`], with no glue
//! generator. The page (`web/app.js`) talks to them like this:
//!
//! 1. `hedui_input(slot, len)` makes input `slot` `len` bytes long and returns where it is in
//!    the module's memory; the page copies the bytes there. Slots: 0 the document's file name
//!    (UTF-8), 1 its bytes, 2 the annex file's name, 3 its bytes.
//! 2. `hedui_check(with_annex)` reads and checks the document (and annex). The output is a JSON
//!    object: `{"ok": true, "findings": N, "format": "docx", "annotate": true, "notes": […]}`
//!    or `{"ok": false, "error": "<the command line's one-line message>"}`.
//! 3. `hedui_render(kind, lang, secs)` renders the last document checked: kind 0 the HTML
//!    report, 1 Markdown, 2 JSON, 3 the annotated .docx (comments dated `secs` since the epoch,
//!    as `SOURCE_DATE_EPOCH` dates them on the command line), 4 the summary line; lang 0
//!    English, 1 Chinese. Returns 0, or 1 with the error line as the output.
//! 4. The output is `hedui_output_len()` bytes at `hedui_output_ptr()`.
//!
//! `hedui_warm_up()`, called once after loading, builds the tables and dictionaries so the first
//! document is checked as fast as the next.
//!
//! The module is single-threaded (wasm32-unknown-unknown), so the state is thread-local.

use std::cell::RefCell;

use hedui::i18n::Lang;
use hedui::web::Session;

#[derive(Default)]
struct State {
    inputs: [Vec<u8>; 4],
    session: Option<Session>,
    output: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Makes input `slot` (0–3) `len` bytes long and returns its address; null for a bad slot.
#[no_mangle]
pub extern "C" fn hedui_input(slot: u32, len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|s| match s.inputs.get_mut(slot as usize) {
        Some(input) => {
            input.clear();
            input.resize(len, 0);
            input.as_mut_ptr()
        }
        None => std::ptr::null_mut(),
    })
}

/// The address of the last output.
#[no_mangle]
pub extern "C" fn hedui_output_ptr() -> *const u8 {
    STATE.with_borrow(|s| s.output.as_ptr())
}

/// The length of the last output, in bytes.
#[no_mangle]
pub extern "C" fn hedui_output_len() -> usize {
    STATE.with_borrow(|s| s.output.len())
}

/// Builds the checker's tables and dictionaries now (see [`hedui::web::warm_up`]).
#[no_mangle]
pub extern "C" fn hedui_warm_up() {
    hedui::web::warm_up();
}

/// Checks the document in slots 0–1 (with the annex in slots 2–3 when `with_annex` is not 0).
/// Returns 0 when checked, 1 when not; the output says what happened (JSON).
#[no_mangle]
pub extern "C" fn hedui_check(with_annex: u32) -> u32 {
    STATE.with_borrow_mut(|s| {
        let [name, bytes, annex_name, annex_bytes] = &s.inputs;
        let name = String::from_utf8_lossy(name);
        let annex_name = String::from_utf8_lossy(annex_name);
        let annex = (with_annex != 0).then_some((annex_name.as_ref(), annex_bytes.as_slice()));
        let (status, json) = match hedui::web::check(&name, bytes, annex) {
            Ok(session) => {
                let c = session.checked();
                let json = serde_json::json!({
                    "ok": true,
                    "findings": c.findings.len(),
                    "format": c.format.as_str(),
                    "annotate": session.can_annotate(),
                    "notes": c.notes,
                });
                s.session = Some(session);
                (0, json)
            }
            Err(error) => {
                s.session = None;
                (1, serde_json::json!({ "ok": false, "error": error }))
            }
        };
        s.inputs = Default::default();
        s.output = json.to_string().into_bytes();
        status
    })
}

/// Renders the last document checked (see the module documentation). Returns 0 when rendered,
/// 1 with an error line as the output.
#[no_mangle]
pub extern "C" fn hedui_render(kind: u32, lang: u32, secs: f64) -> u32 {
    let lang = if lang == 0 { Lang::En } else { Lang::Zh };
    STATE.with_borrow_mut(|s| {
        let rendered = match &s.session {
            None => Err("no document checked".to_string()),
            Some(session) => match kind {
                0 => Ok(session.html(lang).into_bytes()),
                1 => Ok(session.markdown(lang).into_bytes()),
                2 => Ok(session.json(lang).into_bytes()),
                // Seconds since the epoch: negative or NaN become 0, as the cast saturates.
                3 => session.annotated(lang, secs as u64).unwrap_or_else(|| {
                    Err("annotated copies are made of Word documents (.docx) only".to_string())
                }),
                4 => Ok(session.summary(lang).into_bytes()),
                _ => Err(format!("unknown output kind {kind}")),
            },
        };
        let (status, output) = match rendered {
            Ok(bytes) => (0, bytes),
            Err(e) => (1, e.into_bytes()),
        };
        s.output = output;
        status
    })
}

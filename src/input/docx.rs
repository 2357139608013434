//! Word 2007+ (.docx): the text of the document body, one line per paragraph, with every character
//! mapped to its paragraph number and the character in that paragraph.
//!
//! A .docx is a ZIP archive of XML parts. The main part (`word/document.xml`, or wherever
//! `_rels/.rels` points) is read with `quick-xml` as a flat stream of events, keeping a stack of
//! what each open element means and never recursing, so time and memory stay linear however deep
//! the input nests. Styles and numbering come from the parts the document's relationships name
//! (`word/styles.xml`, `word/numbering.xml` by default).
//!
//! Positions (see `docs/json.md`): `line` is the 1-based number of the `w:p` in the body, counting
//! every paragraph in document order, those in table cells included; `column` is the 1-based
//! character in that paragraph, counting the characters of its `w:t` runs and one for each tab,
//! break and symbol (as Word counts them). Text the reader makes up (a list number, a cell
//! separator) points at column 1 of its paragraph. Empty paragraphs produce empty lines, so the
//! text line of a paragraph equals its number unless a table row or a line break came before it.
//!
//! Choices:
//! - Tables: one line per row of the outermost table, cells (and paragraphs within a cell)
//!   joined by [`cell_separator`], so a row `19 | 新增学位6.6万个` reads as item `19. 新增学位…`.
//!   A row starts on the line of its first paragraph; the lines its other paragraphs would have
//!   had are left empty, so paragraphs after a table are on their own numbers again. Nested
//!   tables are flattened into the cell that holds them.
//! - `w:br`/`w:cr` inside a paragraph: a line break, as Word shows it. Text pasted from the web
//!   often separates list items with manual breaks, and the repair stage rejoins lines that were
//!   merely hard-wrapped mid-sentence; breaks at the start or end of a paragraph (page breaks) are
//!   dropped. Inside a table cell a break is a space, to keep the row on one line.
//! - `w:tab` is a space; `w:noBreakHyphen`, `w:softHyphen` and `w:sym` produce nothing.
//! - Shown as Word shows the final text: inserted text (`w:ins`, `w:moveTo`) kept, deleted text
//!   (`w:del`, `w:moveFrom`), field codes (`w:instrText`), old properties of tracked changes,
//!   ruby guides (`w:rt`) and runs marked hidden (`w:vanish`) dropped. Of `mc:AlternateContent`
//!   only `mc:Choice` is read. Text boxes (`w:txbxContent`) and math (`m:oMath`) are skipped and
//!   their paragraphs not counted; headers, footers, footnotes and comments are not read.
//! - Automatic numbering: the number Word shows is synthesized from `numbering.xml` for
//!   paragraphs with `w:numPr`, directly or through their paragraph style (following
//!   `w:basedOn`). Counters are kept the way Word keeps them: per abstract numbering definition,
//!   so two `w:num`s that share one continue each other's count, except that a `w:num` with a
//!   `w:lvlOverride` counts on its own from its override start. A deeper level restarts when a
//!   shallower one is used (or as `w:lvlRestart` says). Bullets produce no number.
//! - Limits: every part is read through `Read::take`, never trusting the sizes the archive
//!   declares: more than `max_unpacked_bytes`, or (for parts over 1 MiB) more than `max_ratio`
//!   times the packed size, is refused as a zip bomb.
//! - XML: no DTD processing. A part with a `<!DOCTYPE>` is refused (Word never writes one), and
//!   so is any entity other than the five predefined ones and character references, so an entity
//!   expansion ("billion laughs") is an error, never a memory blow-up.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use zip::result::ZipError;
use zip::ZipArchive;

use super::{cell_separator, Extracted, Limits, Origin, TextBuilder};
use crate::error::FormatError;

const FORMAT: &str = ".docx";

/// Parts up to this size are never refused for their compression ratio: small XML parts compress
/// very well legitimately.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// WordprocessingML namespaces: transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Numbering levels in Word (`w:ilvl` 0–8).
const LEVELS: usize = 9;

/// Steps followed along `w:basedOn`, against cycles.
const MAX_STYLE_CHAIN: usize = 32;

/// W elements whose content is not shown text.
pub(crate) const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "instrText",
    "delInstrText",
    "delText",
    "txbxContent",
    "pPrChange",
    "rPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
    "rt",
];

pub(crate) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

pub(crate) fn malformed(detail: impl Into<String>) -> FormatError {
    FormatError::Malformed {
        format: FORMAT,
        detail: detail.into(),
    }
}

/// Extracts the text of a .docx file: one line per paragraph of the document body (one per row
/// for tables).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, FormatError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| malformed(zip_detail(&e)))?;
    let Some(main) = main_part(&mut zip, limits)? else {
        let what = what_is_it(&mut zip, limits);
        return Err(malformed(format!("no word/document.xml; {what}")));
    };
    let doc = read_part(&mut zip, &main, limits)?
        .ok_or_else(|| malformed(format!("{main} cannot be read")))?;
    let rels = match read_part(&mut zip, &rels_name(&main), limits)? {
        Some(b) => relationships(&xml_text(&b, &rels_name(&main))?, &main)?,
        None => Vec::new(),
    };
    let part_of = |kind: &str, default: &str| {
        rels.iter()
            .find(|(t, _)| t.rsplit('/').next() == Some(kind))
            .map_or_else(|| default.to_string(), |(_, target)| target.clone())
    };
    let styles_name = part_of("styles", "word/styles.xml");
    let styles = match read_part(&mut zip, &styles_name, limits)? {
        Some(b) => Styles::parse(&xml_text(&b, &styles_name)?, &styles_name)?,
        None => Styles::default(),
    };
    let numbering_name = part_of("numbering", "word/numbering.xml");
    let numbering = match read_part(&mut zip, &numbering_name, limits)? {
        Some(b) => Numbering::parse(&xml_text(&b, &numbering_name)?, &numbering_name)?,
        None => Numbering::default(),
    };
    let text = xml_text(&doc, &main)?;
    Body::new(styles, numbering).read(&text, &main)
}

/// A short description of a ZIP error.
pub(crate) fn zip_detail(e: &ZipError) -> String {
    match e {
        ZipError::InvalidArchive(m) => format!("damaged or truncated ZIP archive ({m})"),
        ZipError::Io(e) => format!("damaged or truncated ZIP archive ({e})"),
        ZipError::UnsupportedArchive(m) => format!("unsupported ZIP archive ({m})"),
        ZipError::CompressionMethodNotSupported(m) => {
            format!("compressed with an unsupported method ({m})")
        }
        other => format!("unreadable ZIP archive ({other})"),
    }
}

/// The main document part: where `_rels/.rels` points, else `word/document.xml`; `None` if
/// neither exists.
pub(crate) fn main_part(
    zip: &mut Archive<'_>,
    limits: &Limits,
) -> Result<Option<String>, FormatError> {
    const DEFAULT: &str = "word/document.xml";
    if zip.index_for_name(DEFAULT).is_some() {
        return Ok(Some(DEFAULT.to_string()));
    }
    let Some(bytes) = read_part(zip, "_rels/.rels", limits)? else {
        return Ok(None);
    };
    let rels = relationships(&xml_text(&bytes, "_rels/.rels")?, "")?;
    Ok(rels
        .into_iter()
        .find(|(t, _)| t.ends_with("/officeDocument"))
        .map(|(_, target)| target)
        .filter(|target| {
            // Only a WordprocessingML main part; a workbook or presentation is said so later.
            !target.starts_with("xl/")
                && !target.starts_with("ppt/")
                && zip.index_for_name(target).is_some()
        }))
}

/// What a ZIP archive without a Word document is, as the end of an error message.
fn what_is_it(zip: &mut Archive<'_>, limits: &Limits) -> String {
    let has = |zip: &Archive<'_>, name: &str| zip.index_for_name(name).is_some();
    let kind = if has(zip, "xl/workbook.xml") {
        Some("an Excel workbook (.xlsx)")
    } else if has(zip, "ppt/presentation.xml") {
        Some("a PowerPoint presentation (.pptx)")
    } else if let Ok(Some(m)) = read_part(zip, "mimetype", limits) {
        let m = String::from_utf8_lossy(&m);
        if m.contains("opendocument.text") {
            Some("an OpenDocument text (.odt)")
        } else if m.contains("opendocument.spreadsheet") {
            Some("an OpenDocument spreadsheet (.ods)")
        } else if m.contains("opendocument.presentation") {
            Some("an OpenDocument presentation (.odp)")
        } else if m.contains("epub") {
            Some("an EPUB e-book")
        } else {
            None
        }
    } else if let Ok(Some(t)) = read_part(zip, "[Content_Types].xml", limits) {
        let t = String::from_utf8_lossy(&t);
        if t.contains("spreadsheetml") {
            Some("an Excel workbook (.xlsx)")
        } else if t.contains("presentationml") {
            Some("a PowerPoint presentation (.pptx)")
        } else {
            None
        }
    } else {
        None
    };
    match kind {
        Some(kind) => format!("this is {kind}, not a Word document; save it as .docx or text"),
        None if zip.file_names().flatten().any(|n| n.starts_with("word/")) => {
            "the Word document part is missing (a damaged .docx?)".to_string()
        }
        None => "this is a ZIP archive, not a Word document".to_string(),
    }
}

/// Reads one archive entry, `None` if there is none of that name. Refuses zip bombs: the entry is
/// read through `take`, so neither a declared nor a real size beyond the limits is ever held.
pub(crate) fn read_part(
    zip: &mut Archive<'_>,
    name: &str,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, FormatError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(malformed(format!("{name}: {}", zip_detail(&e)))),
    };
    let bomb = |limit| FormatError::ZipBomb {
        entry: name.to_string(),
        limit,
    };
    let unpacked = limits.max_unpacked_bytes;
    if file.size() > unpacked {
        return Err(bomb(unpacked));
    }
    let by_ratio = file
        .compressed_size()
        .saturating_mul(limits.max_ratio)
        .max(RATIO_FLOOR);
    let cap = unpacked.min(by_ratio);
    if file.size() > cap {
        return Err(bomb(cap));
    }
    let mut out = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| malformed(format!("{name} is damaged ({e})")))?;
    if out.len() as u64 > cap {
        return Err(bomb(cap));
    }
    Ok(Some(out))
}

/// An XML part's bytes as text: UTF-8 (a BOM is fine) or UTF-16 with a BOM.
pub(crate) fn xml_text<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>, FormatError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for (bom, enc) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE),
        (b"\xFE\xFF", encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(malformed(format!("{part} is not valid UTF-16 text")));
            }
            return Ok(Cow::Owned(text.into_owned()));
        }
    }
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        malformed(format!(
            "{part} is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })
}

/// The relationships part of `part` (`word/document.xml` → `word/_rels/document.xml.rels`).
pub(crate) fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The internal relationships in a `.rels` part: (type, target part name resolved against the
/// folder of `source`).
pub(crate) fn relationships(xml: &str, source: &str) -> Result<Vec<(String, String)>, FormatError> {
    let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    each_element(xml, source, |_, local, e| {
        if local == "Relationship" && attr(e, "TargetMode").as_deref() != Some("External") {
            if let (Some(t), Some(target)) = (attr(e, "Type"), attr(e, "Target")) {
                out.push((t, resolve_target(dir, &target)));
            }
        }
    })?;
    Ok(out)
}

/// Resolves a relationship target against a folder (`..` and `.` segments, absolute `/…`).
pub(crate) fn resolve_target(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let full = if let Some(abs) = target.strip_prefix('/') {
        abs.to_string()
    } else if dir.is_empty() {
        target.to_string()
    } else {
        format!("{dir}/{target}")
    };
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Where an element is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    W,
    Mc,
    Other,
}

pub(crate) fn ns_of(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(ns) => {
            let ns = ns.as_ref();
            if W_NS.contains(&ns) {
                Ns::W
            } else if ns == MC_NS {
                Ns::Mc
            } else {
                Ns::Other
            }
        }
        _ => Ns::Other,
    }
}

/// The value of the attribute with local name `name`, entities resolved.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

/// `w:val` as an on/off switch: absent means on.
pub(crate) fn on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn val_u32(e: &BytesStart<'_>) -> Option<u32> {
    attr(e, "val").and_then(|v| v.trim().parse().ok())
}

pub(crate) fn xml_error(part: &str, at: u64, e: &quick_xml::Error) -> FormatError {
    malformed(format!("{part}: malformed XML at byte {at}: {e}"))
}

fn no_dtd(part: &str) -> FormatError {
    malformed(format!(
        "{part} declares a DTD (<!DOCTYPE>), which Word documents never do"
    ))
}

/// The text an entity or character reference stands for; only the predefined entities exist
/// without a DTD.
pub(crate) fn resolve_ref(r: &BytesRef<'_>, part: &str) -> Result<char, FormatError> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| {
        malformed(format!(
            "{part}: bad character reference &{};: {e}",
            r.as_ref()
        ))
    })? {
        return Ok(c);
    }
    match r.as_ref() {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(malformed(format!(
            "{part}: undefined entity &{other}; (entity declarations are not read)"
        ))),
    }
}

/// Calls `f` for every element of `xml`: `Some((namespace, local name, element))` when it starts,
/// `None` when it ends (an empty element does both). For the small parts (relationships, styles,
/// numbering), which need no text.
fn each_event(
    xml: &str,
    part: &str,
    mut f: impl FnMut(Option<(Ns, &str, &BytesStart<'_>)>),
) -> Result<(), FormatError> {
    let mut reader = NsReader::from_str(xml);
    loop {
        let (ns, ev) = match reader.read_resolved_event() {
            Ok((ns, ev)) => (ns_of(&ns), ev),
            Err(e) => return Err(xml_error(part, reader.error_position(), &e)),
        };
        match ev {
            Event::Start(e) => f(Some((ns, e.local_name().as_ref(), &e))),
            Event::Empty(e) => {
                f(Some((ns, e.local_name().as_ref(), &e)));
                f(None);
            }
            Event::End(_) => f(None),
            Event::DocType(_) => return Err(no_dtd(part)),
            Event::GeneralRef(r) => {
                resolve_ref(&r, part)?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Like [`each_event`], only the starts.
fn each_element(
    xml: &str,
    part: &str,
    mut f: impl FnMut(Ns, &str, &BytesStart<'_>),
) -> Result<(), FormatError> {
    each_event(xml, part, |ev| {
        if let Some((ns, local, e)) = ev {
            f(ns, local, e);
        }
    })
}

/// What a paragraph style says about numbering.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<usize>,
}

/// The paragraph (and numbering) styles of `styles.xml`.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, StyleDef>,
    /// The default paragraph style, for paragraphs without `w:pStyle`.
    default: Option<String>,
}

impl Styles {
    fn parse(xml: &str, part: &str) -> Result<Styles, FormatError> {
        let mut styles = Styles::default();
        // The element path inside the current `w:style` (local names of W elements).
        let mut path: Vec<String> = Vec::new();
        let mut current: Option<(String, StyleDef)> = None;
        each_event(xml, part, |ev| match ev {
            Some((ns, local, e)) => {
                let local = if ns == Ns::W {
                    local.to_string()
                } else {
                    String::new()
                };
                if local == "style" && current.is_none() {
                    let id = attr(e, "styleId").unwrap_or_default();
                    if attr(e, "type").as_deref().unwrap_or("paragraph") == "paragraph"
                        && attr(e, "default").is_some_and(|d| d == "1" || d == "true")
                    {
                        styles.default = Some(id.clone());
                    }
                    current = Some((id, StyleDef::default()));
                } else if let Some((_, def)) = current.as_mut() {
                    let in_num_pr = path.ends_with(&["style".into(), "pPr".into(), "numPr".into()]);
                    match local.as_str() {
                        "basedOn" if path.last().is_some_and(|l| l == "style") => {
                            def.based_on = attr(e, "val");
                        }
                        "numId" if in_num_pr => def.num_id = val_u32(e),
                        "ilvl" if in_num_pr => def.ilvl = val_u32(e).map(|v| v as usize),
                        _ => {}
                    }
                }
                path.push(local);
            }
            None => {
                if path.pop().is_some_and(|l| l == "style") {
                    if let Some((id, def)) = current.take() {
                        styles.styles.insert(id, def);
                    }
                }
            }
        })?;
        Ok(styles)
    }

    /// The numbering a paragraph style gives: (numId, ilvl), each from the nearest style along
    /// `w:basedOn` that sets it.
    fn numbering_of(&self, style: Option<&str>) -> (Option<u32>, Option<usize>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut id = style.or(self.default.as_deref());
        for _ in 0..MAX_STYLE_CHAIN {
            let Some(def) = id.and_then(|i| self.styles.get(i)) else {
                break;
            };
            num_id = num_id.or(def.num_id);
            ilvl = ilvl.or(def.ilvl);
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            id = def.based_on.as_deref();
        }
        (num_id, ilvl)
    }
}

/// What Word puts between a list number and the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Tab,
    Space,
    Nothing,
}

/// One level of an abstract numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: Option<String>,
    restart: Option<u32>,
    suffix: Suffix,
    legal: bool,
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            // ECMA-376 17.9.25: an omitted start is zero.
            start: 0,
            format: "decimal".to_string(),
            text: None,
            restart: None,
            suffix: Suffix::Tab,
            legal: false,
            style: None,
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Abstract {
    levels: Vec<Option<Level>>,
    /// `w:numStyleLink`: the levels are those of the list a numbering style defines.
    style_link: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Default, Clone)]
struct Num {
    abstract_id: String,
    overrides: Vec<Option<Override>>,
}

/// Whose counters a paragraph advances.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CounterKey {
    Abstract(String),
    Num(u32),
}

/// `numbering.xml`.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<u32, Num>,
}

/// The list counters as the document is read: the current value of each level, `None` before
/// its first use or after a restart.
type Counters = HashMap<CounterKey, [Option<u32>; LEVELS]>;

fn slot<T>(v: &mut Vec<Option<T>>, i: usize) -> Option<&mut Option<T>> {
    if i >= LEVELS {
        return None;
    }
    if v.len() <= i {
        v.resize_with(i + 1, || None);
    }
    v.get_mut(i)
}

impl Numbering {
    fn parse(xml: &str, part: &str) -> Result<Numbering, FormatError> {
        let mut n = Numbering::default();
        let mut abs: Option<(String, Abstract)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut ovr: Option<(usize, Override)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        // Local names of the open W elements (others as empty), to know when each ends.
        let mut path: Vec<String> = Vec::new();
        each_event(xml, part, |ev| match ev {
            Some((ns, local, e)) => {
                let local = if ns == Ns::W {
                    local.to_string()
                } else {
                    String::new()
                };
                match local.as_str() {
                    "abstractNum" => {
                        abs = attr(e, "abstractNumId").map(|id| (id, Abstract::default()));
                    }
                    "num" => {
                        num = val_attr_u32(e, "numId").map(|id| (id, Num::default()));
                    }
                    "abstractNumId" => {
                        if let (Some((_, num)), Some(v)) = (num.as_mut(), attr(e, "val")) {
                            num.abstract_id = v;
                        }
                    }
                    "lvlOverride" => {
                        ovr = val_attr_u32(e, "ilvl").map(|i| (i as usize, Override::default()));
                    }
                    "startOverride" => {
                        if let Some((_, o)) = ovr.as_mut() {
                            o.start = val_u32(e);
                        }
                    }
                    "lvl" => {
                        lvl = val_attr_u32(e, "ilvl").map(|i| (i as usize, Level::default()));
                    }
                    "numStyleLink" => {
                        if let Some((_, a)) = abs.as_mut() {
                            a.style_link = attr(e, "val");
                        }
                    }
                    _ => {
                        if let Some((_, l)) = lvl.as_mut() {
                            match local.as_str() {
                                "start" => l.start = val_u32(e).unwrap_or(0),
                                "numFmt" => {
                                    l.format =
                                        attr(e, "val").unwrap_or_else(|| "decimal".to_string());
                                }
                                "lvlText" => l.text = attr(e, "val"),
                                "lvlRestart" => l.restart = val_u32(e),
                                "suff" => {
                                    l.suffix = match attr(e, "val").as_deref() {
                                        Some("space") => Suffix::Space,
                                        Some("nothing") => Suffix::Nothing,
                                        _ => Suffix::Tab,
                                    };
                                }
                                "isLgl" => l.legal = on(e),
                                "pStyle" => l.style = attr(e, "val"),
                                _ => {}
                            }
                        }
                    }
                }
                path.push(local);
            }
            None => match path.pop().as_deref() {
                Some("lvl") => {
                    if let Some((i, l)) = lvl.take() {
                        if let Some((_, o)) = ovr.as_mut() {
                            o.level = Some(l);
                        } else if let Some(s) =
                            abs.as_mut().and_then(|(_, a)| slot(&mut a.levels, i))
                        {
                            *s = Some(l);
                        }
                    }
                }
                Some("lvlOverride") => {
                    if let Some((i, o)) = ovr.take() {
                        if let Some(s) = num.as_mut().and_then(|(_, n)| slot(&mut n.overrides, i)) {
                            *s = Some(o);
                        }
                    }
                }
                Some("abstractNum") => {
                    if let Some((id, a)) = abs.take() {
                        n.abstracts.insert(id, a);
                    }
                }
                Some("num") => {
                    if let Some((id, x)) = num.take() {
                        n.nums.insert(id, x);
                    }
                }
                _ => {}
            },
        })?;
        Ok(n)
    }

    /// The abstract definition a num uses, following one `w:numStyleLink` hop.
    fn abstract_of<'s>(&'s self, num: &'s Num, styles: &Styles) -> Option<(&'s str, &'s Abstract)> {
        let id = num.abstract_id.as_str();
        let a = self.abstracts.get(id)?;
        if let Some(link) = &a.style_link {
            let (linked_num, _) = styles.numbering_of(Some(link));
            if let Some(target) = linked_num.and_then(|i| self.nums.get(&i)) {
                if let Some(t) = self.abstracts.get(&target.abstract_id) {
                    if t.style_link.is_none() {
                        return Some((target.abstract_id.as_str(), t));
                    }
                }
            }
        }
        Some((id, a))
    }

    /// The level for a paragraph style, when neither the paragraph nor its style gives `w:ilvl`.
    fn level_for_style(&self, num_id: u32, styles: &Styles, style: Option<&str>) -> Option<usize> {
        let style = style?;
        let num = self.nums.get(&num_id)?;
        let (_, a) = self.abstract_of(num, styles)?;
        a.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
    }

    /// Advances the counters for a paragraph numbered (`num_id`, `ilvl`) and returns the label
    /// Word shows and what follows it; `None` for bullets and unknown lists.
    fn label(
        &self,
        counters: &mut Counters,
        styles: &Styles,
        num_id: u32,
        ilvl: usize,
    ) -> Option<(String, Suffix)> {
        let num = self.nums.get(&num_id)?;
        let (abs_id, abs) = self.abstract_of(num, styles)?;
        let ilvl = ilvl.min(LEVELS - 1);
        let levels: Vec<Option<&Level>> = (0..LEVELS)
            .map(|i| {
                num.overrides
                    .get(i)
                    .and_then(Option::as_ref)
                    .and_then(|o| o.level.as_ref())
                    .or_else(|| abs.levels.get(i).and_then(Option::as_ref))
            })
            .collect();
        let starts: Vec<u32> = (0..LEVELS)
            .map(|i| {
                num.overrides
                    .get(i)
                    .and_then(Option::as_ref)
                    .and_then(|o| o.start)
                    .or_else(|| levels[i].map(|l| l.start))
                    .unwrap_or(0)
            })
            .collect();
        let key = if num.overrides.iter().any(Option::is_some) {
            CounterKey::Num(num_id)
        } else {
            CounterKey::Abstract(abs_id.to_string())
        };
        let level = levels[ilvl]?;
        let counters = counters.entry(key).or_insert([None; LEVELS]);
        let value = counters[ilvl].map_or(starts[ilvl], |v| v.saturating_add(1));
        counters[ilvl] = Some(value);
        for (d, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = match levels[d].and_then(|l| l.restart) {
                None => true,
                Some(0) => false,
                Some(r) => ilvl < r as usize,
            };
            if restart {
                *c = None;
            }
        }
        if level.format == "bullet" {
            return None;
        }
        let template = level.text.as_deref()?;
        let mut label = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let k = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=LEVELS as u32).contains(d));
            match (c, k) {
                ('%', Some(k)) => {
                    chars.next();
                    let k = k as usize - 1;
                    let v = counters[k].unwrap_or(starts[k]);
                    let format = if level.legal {
                        "decimal"
                    } else {
                        levels[k].map_or("decimal", |l| l.format.as_str())
                    };
                    label.push_str(&format_number(v, format));
                }
                _ => label.push(c),
            }
        }
        (!label.trim().is_empty()).then_some((label, level.suffix))
    }
}

fn val_attr_u32(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// A number in a Word `w:numFmt`; formats hedui does not know are decimal.
fn format_number(n: u32, format: &str) -> String {
    let table = |symbols: &[char]| {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| symbols.get(i))
            .map_or_else(|| n.to_string(), char::to_string)
    };
    let offset = |base: u32, max: u32| {
        (1..=max)
            .contains(&n)
            .then(|| char::from_u32(base + n - 1))
            .flatten()
            .map_or_else(|| n.to_string(), |c| c.to_string())
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese_counting(n),
        "chineseLegalSimplified" => chinese_legal(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                d.to_digit(10)
                    .and_then(|d| DIGITS.get(d as usize))
                    .copied()
                    .unwrap_or(d)
            })
            .collect(),
        "ideographTraditional" => {
            table(&['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'])
        }
        "ideographZodiac" => table(&[
            '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
        ]),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => {
            offset(0x2460, 20)
        }
        "decimalEnclosedParen" => offset(0x2474, 20),
        "decimalEnclosedFullstop" => offset(0x2488, 20),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" | "upperLetter" => {
            // Word repeats the letter: 27 → aa.
            let Some(i) = n.checked_sub(1) else {
                return n.to_string();
            };
            let times = i / 26 + 1;
            if times > 10 {
                return n.to_string();
            }
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let c = char::from(base + (i % 26) as u8);
            std::iter::repeat_n(c, times as usize).collect()
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Chinese counting as Word shows it: 一 … 十, 十一 … 二十, 二十一, 一百零一, 一万零一十.
fn chinese_counting(n: u32) -> String {
    chinese(n, &DIGITS, ['千', '百', '十'], '万', true)
}

/// Financial (大写) numerals: 壹, 壹拾, 贰拾壹.
fn chinese_legal(n: u32) -> String {
    chinese(
        n,
        &['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
        ['仟', '佰', '拾'],
        '万',
        false,
    )
}

fn chinese(n: u32, digits: &[char; 10], units: [char; 3], wan: char, short_ten: bool) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    if n >= 100_000_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let (high, low) = (n / 10_000, n % 10_000);
    if high > 0 {
        group(high, digits, units, short_ten, &mut out);
        out.push(wan);
        if low > 0 {
            if low < 1000 {
                out.push('零');
            }
            group(low, digits, units, false, &mut out);
        }
    } else {
        group(low, digits, units, short_ten, &mut out);
    }
    out
}

/// One group of four digits (1..=9999). `short_ten`: a leading 1 in the tens is not written
/// (十一, not 一十一).
fn group(n: u32, digits: &[char; 10], units: [char; 3], short_ten: bool, out: &mut String) {
    let ds = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero |= started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(i == 2 && d == 1 && !started && short_ten) {
            out.push(digits[d as usize]);
        }
        if let Some(&u) = units.get(i) {
            out.push(u);
        }
        started = true;
    }
}

fn roman(n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// What each open element of the document part means to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    R,
    T,
    RPr,
    PPr,
    NumPr,
    Tbl,
    Tr,
    Tc,
    Skip,
    Other,
}

/// A piece of a paragraph's content; the number is its column in the paragraph.
#[derive(Debug)]
enum Piece {
    Text(String, u32),
    Space(u32),
    Break(u32),
}

/// A paragraph being read.
#[derive(Debug)]
struct Para {
    no: u32,
    /// The column of the next character.
    col: u32,
    pieces: Vec<Piece>,
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<usize>,
}

/// A paragraph read, ready to be written.
#[derive(Debug)]
struct ParaOut {
    no: u32,
    label: Option<(String, Suffix)>,
    pieces: Vec<Piece>,
}

impl ParaOut {
    fn has_text(&self) -> bool {
        self.pieces.iter().any(|p| match p {
            Piece::Text(s, _) => !s.is_empty(),
            Piece::Space(_) => true,
            Piece::Break(_) => false,
        })
    }

    fn is_empty(&self) -> bool {
        self.label.is_none() && !self.has_text()
    }
}

/// A row of the outermost table being read: its first paragraph's number and its cells.
#[derive(Debug, Default)]
struct Row {
    first: Option<u32>,
    cells: Vec<Vec<ParaOut>>,
}

/// The text being written, line by line.
struct Out {
    b: TextBuilder,
    /// The number of the line being written.
    line: u32,
    /// Byte offset where that line starts.
    line_start: usize,
    /// The origin just after the last character written.
    last: Origin,
}

impl Out {
    fn newline(&mut self, at: Origin) {
        self.b.push_synthetic("\n", at);
        self.line = self.line.saturating_add(1);
        self.line_start = self.b.text().len();
    }

    /// Starts a new line for content from paragraph `para`, on line `para` if the lines so far
    /// allow it.
    fn start_line(&mut self, para: u32) {
        let text = self.b.text();
        if !text.is_empty() && !text.ends_with('\n') {
            self.newline(self.last);
        }
        while self.line < para {
            self.newline(Origin::at(self.line, 1));
        }
    }

    fn line_so_far(&self) -> &str {
        self.b.text().get(self.line_start..).unwrap_or("")
    }

    /// Writes a paragraph's content on the current line; `in_cell`: breaks become spaces.
    fn paragraph(&mut self, p: &ParaOut, in_cell: bool) {
        let start = Origin::at(p.no, 1);
        let has_text = p.has_text();
        if let Some((label, suffix)) = &p.label {
            self.b.push_synthetic(label, start);
            if has_text && *suffix != Suffix::Nothing {
                self.b.push_synthetic(" ", start);
            }
            self.last = start;
        }
        let mut seen_text = false;
        let mut pending: Option<u32> = None;
        for piece in &p.pieces {
            let (col, text) = match piece {
                Piece::Break(col) => {
                    if seen_text && pending.is_none() {
                        pending = Some(*col);
                    }
                    continue;
                }
                Piece::Text(s, _) if s.is_empty() => continue,
                Piece::Text(s, col) => (*col, Some(s.as_str())),
                Piece::Space(col) => (*col, None),
            };
            if let Some(at) = pending.take() {
                let at = Origin::at(p.no, at);
                if in_cell {
                    self.b.push_synthetic(" ", at);
                } else {
                    self.newline(at);
                }
            }
            let at = Origin::at(p.no, col);
            match text {
                Some(s) => {
                    self.b.push(s, at);
                    let n = u32::try_from(s.chars().count()).unwrap_or(u32::MAX);
                    self.last = Origin::at(p.no, col.saturating_add(n));
                }
                None => {
                    self.b.push_synthetic(" ", at);
                    self.last = Origin::at(p.no, col.saturating_add(1));
                }
            }
            seen_text = true;
        }
    }

    /// Writes a table row as one line.
    fn row(&mut self, row: Row) {
        let Some(first) = row.first else { return };
        let mut started = false;
        // Whether the line so far is only a list number (an auto-numbered serial cell).
        let mut label_only = false;
        for p in row.cells.iter().flatten().filter(|p| !p.is_empty()) {
            if started {
                let line = self.line_so_far();
                let sep = if label_only
                    && line
                        .trim_end()
                        .ends_with(['.', '．', '、', ')', '）', ':', '：'])
                {
                    " "
                } else {
                    cell_separator(line)
                };
                self.b.push_synthetic(sep, Origin::at(p.no, 1));
            } else {
                self.start_line(first);
                started = true;
                label_only = true;
            }
            self.paragraph(p, true);
            label_only &= !p.has_text();
        }
    }
}

/// The reader of the document part.
struct Body {
    styles: Styles,
    numbering: Numbering,
    counters: Counters,
    out: Out,
    stack: Vec<Tag>,
    /// Open elements whose content is skipped.
    skip: usize,
    para_no: u32,
    para: Option<Para>,
    run_hidden: bool,
    tables: usize,
    row: Option<Row>,
    seen_root: bool,
}

impl Body {
    fn new(styles: Styles, numbering: Numbering) -> Body {
        Body {
            styles,
            numbering,
            counters: Counters::new(),
            out: Out {
                b: TextBuilder::new(),
                line: 1,
                line_start: 0,
                last: Origin::at(1, 1),
            },
            stack: Vec::new(),
            skip: 0,
            para_no: 0,
            para: None,
            run_hidden: false,
            tables: 0,
            row: None,
            seen_root: false,
        }
    }

    fn read(mut self, xml: &str, part: &str) -> Result<Extracted, FormatError> {
        let mut reader = NsReader::from_str(xml);
        loop {
            let (ns, ev) = match reader.read_resolved_event() {
                Ok((ns, ev)) => (ns_of(&ns), ev),
                Err(e) => return Err(xml_error(part, reader.error_position(), &e)),
            };
            match ev {
                Event::Start(e) => self.start(ns, &e, part)?,
                Event::Empty(e) => {
                    self.start(ns, &e, part)?;
                    self.end();
                }
                Event::End(_) => self.end(),
                Event::Text(t) => self.text(&t.xml10_content()),
                Event::CData(t) => self.text(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = resolve_ref(&r, part)?;
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
                Event::DocType(_) => return Err(no_dtd(part)),
                Event::Eof => break,
                _ => {}
            }
        }
        if !self.seen_root {
            return Err(malformed(format!("{part} has no w:document element")));
        }
        Ok(self.out.b.finish())
    }

    fn start(&mut self, ns: Ns, e: &BytesStart<'_>, part: &str) -> Result<(), FormatError> {
        if !self.seen_root {
            if ns == Ns::W && e.local_name().as_ref() == "document" {
                self.seen_root = true;
            } else {
                return Err(malformed(format!(
                    "{part} is not a Word document body (its root is <{}>)",
                    e.name().as_ref()
                )));
            }
        }
        if self.skip > 0 {
            self.stack.push(Tag::Other);
            return Ok(());
        }
        let parent = self.stack.last().copied();
        let local = e.local_name();
        let tag = match (ns, local.as_ref()) {
            (Ns::W, "p") => {
                if self.para.is_some() {
                    // A paragraph inside a paragraph (a text box we did not recognise).
                    Tag::Skip
                } else {
                    self.para_no = self.para_no.saturating_add(1);
                    if let Some(row) = self.row.as_mut() {
                        row.first.get_or_insert(self.para_no);
                    }
                    self.para = Some(Para {
                        no: self.para_no,
                        col: 1,
                        pieces: Vec::new(),
                        style: None,
                        num_id: None,
                        ilvl: None,
                    });
                    Tag::P
                }
            }
            (Ns::W, name) if SKIPPED.contains(&name) => Tag::Skip,
            (Ns::Mc, "Fallback") => Tag::Skip,
            (Ns::W, "r") if self.para.is_some() => {
                self.run_hidden = false;
                Tag::R
            }
            (Ns::W, "t") if parent == Some(Tag::R) => Tag::T,
            (Ns::W, "rPr") if parent == Some(Tag::R) => Tag::RPr,
            (Ns::W, "vanish") if parent == Some(Tag::RPr) => {
                self.run_hidden = on(e);
                Tag::Other
            }
            (Ns::W, name) if parent == Some(Tag::R) => {
                self.run_char(name);
                Tag::Other
            }
            (Ns::W, "pPr") if parent == Some(Tag::P) => Tag::PPr,
            (Ns::W, "pStyle") if parent == Some(Tag::PPr) => {
                if let Some(p) = self.para.as_mut() {
                    p.style = attr(e, "val");
                }
                Tag::Other
            }
            (Ns::W, "numPr") if parent == Some(Tag::PPr) => Tag::NumPr,
            (Ns::W, "numId") if parent == Some(Tag::NumPr) => {
                if let Some(p) = self.para.as_mut() {
                    p.num_id = val_u32(e);
                }
                Tag::Other
            }
            (Ns::W, "ilvl") if parent == Some(Tag::NumPr) => {
                if let Some(p) = self.para.as_mut() {
                    p.ilvl = val_u32(e).map(|v| v as usize);
                }
                Tag::Other
            }
            (Ns::W, "tbl") => {
                self.tables += 1;
                Tag::Tbl
            }
            (Ns::W, "tr") if self.tables == 1 => {
                self.row = Some(Row::default());
                Tag::Tr
            }
            (Ns::W, "tc") if self.tables == 1 => {
                if let Some(row) = self.row.as_mut() {
                    row.cells.push(Vec::new());
                }
                Tag::Tc
            }
            _ => Tag::Other,
        };
        if tag == Tag::Skip {
            self.skip += 1;
        }
        self.stack.push(tag);
        Ok(())
    }

    /// A character-like element inside a run: tab, break, symbol.
    fn run_char(&mut self, name: &str) {
        if self.run_hidden {
            return;
        }
        let Some(p) = self.para.as_mut() else { return };
        let col = p.col;
        match name {
            "tab" | "ptab" => p.pieces.push(Piece::Space(col)),
            "br" | "cr" => p.pieces.push(Piece::Break(col)),
            "sym" | "noBreakHyphen" | "softHyphen" => {}
            _ => return,
        }
        p.col = p.col.saturating_add(1);
    }

    fn text(&mut self, s: &str) {
        if self.skip > 0 || self.run_hidden || self.stack.last() != Some(&Tag::T) {
            return;
        }
        let Some(p) = self.para.as_mut() else { return };
        // Line breaks and tabs written literally in w:t are whitespace to Word.
        let s: String = s
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let n = u32::try_from(s.chars().count()).unwrap_or(u32::MAX);
        let col = p.col;
        p.col = p.col.saturating_add(n);
        match p.pieces.last_mut() {
            // Consecutive text (a run split by a reference) stays one piece.
            Some(Piece::Text(prev, c))
                if c.saturating_add(u32::try_from(prev.chars().count()).unwrap_or(u32::MAX))
                    == col =>
            {
                prev.push_str(&s)
            }
            _ => p.pieces.push(Piece::Text(s, col)),
        }
    }

    fn end(&mut self) {
        let Some(tag) = self.stack.pop() else { return };
        match tag {
            Tag::Skip => self.skip = self.skip.saturating_sub(1),
            Tag::P => self.end_paragraph(),
            Tag::R => self.run_hidden = false,
            Tag::Tbl => self.tables = self.tables.saturating_sub(1),
            Tag::Tr => {
                if let Some(row) = self.row.take() {
                    self.out.row(row);
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.take() else { return };
        let (style_num, style_ilvl) = self.styles.numbering_of(p.style.as_deref());
        let label = match p.num_id.or(style_num) {
            Some(num_id) if num_id != 0 => {
                let style = p.style.as_deref().or(self.styles.default.as_deref());
                let ilvl = p
                    .ilvl
                    .or(style_ilvl)
                    .or_else(|| self.numbering.level_for_style(num_id, &self.styles, style))
                    .unwrap_or(0);
                self.numbering
                    .label(&mut self.counters, &self.styles, num_id, ilvl)
            }
            _ => None,
        };
        let out = ParaOut {
            no: p.no,
            label,
            pieces: p.pieces,
        };
        if let Some(row) = self.row.as_mut() {
            match row.cells.last_mut() {
                Some(cell) => cell.push(out),
                None => row.cells.push(vec![out]),
            }
        } else if !out.is_empty() {
            self.out.start_line(out.no);
            self.out.paragraph(&out, false);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::io::Write;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        )
    }

    fn numbering(inner: &str) -> String {
        format!(r#"<w:numbering {NS}>{inner}</w:numbering>"#)
    }

    fn styles(inner: &str) -> String {
        format!(r#"<w:styles {NS}>{inner}</w:styles>"#)
    }

    fn docx_with(body: &str, styles: &str, numbering: &str) -> Vec<u8> {
        let doc = document(body);
        let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
        if !styles.is_empty() {
            parts.push(("word/styles.xml", styles.as_bytes()));
        }
        if !numbering.is_empty() {
            parts.push(("word/numbering.xml", numbering.as_bytes()));
        }
        zip_of(&parts)
    }

    fn read(bytes: &[u8]) -> Result<Extracted, FormatError> {
        extract(bytes, &Limits::default())
    }

    fn text_of(body: &str) -> String {
        read(&docx_with(body, "", "")).unwrap().text
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    /// (paragraph, column) of the first occurrence of `needle`.
    fn at(ex: &Extracted, needle: &str) -> (u32, u32) {
        let o = ex.map.origin(&ex.text, ex.text.find(needle).expect(needle));
        (o.line, o.column)
    }

    fn detail(err: FormatError) -> String {
        match err {
            FormatError::Malformed { detail, .. } => detail,
            other => panic!("not Malformed: {other}"),
        }
    }

    #[test]
    fn one_line_per_paragraph_with_paragraph_positions() {
        let body = format!(
            "{}<w:p/>{}<w:p><w:r><w:t>1. 新建</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>10个</w:t></w:r></w:p>",
            p("附件"),
            p("  ")
        );
        let ex = read(&docx_with(&body, "", "")).unwrap();
        assert_eq!(ex.text, "附件\n\n  \n1. 新建10个");
        assert_eq!(at(&ex, "附件"), (1, 1));
        assert_eq!(at(&ex, "10个"), (4, 6));
        assert_eq!(at(&ex, "新建"), (4, 4));
    }

    #[test]
    fn tabs_breaks_and_what_word_does_not_show() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
            <w:r><w:br w:type="page"/><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t><w:br/></w:r>
            <w:del><w:r><w:delText>删</w:delText></w:r></w:del>
            <w:ins><w:r><w:t>增</w:t></w:r></w:ins>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r>
            <w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显</w:t></w:r>
            <w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:noBreakHyphen/><w:t>a&amp;b&#x41;</w:t></w:r>
            <mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent>
            <w:r><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml"><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></w:r>
            </w:p>"#;
        let body = format!("{body}{}", p("下一段"));
        let ex = read(&docx_with(&body, "", "")).unwrap();
        assert_eq!(ex.text, "一 二\n三\n增7显a&bA选\n下一段");
        // Columns count the page break, the tab and the line break as characters.
        assert_eq!(at(&ex, "一"), (1, 2));
        assert_eq!(at(&ex, "二"), (1, 4));
        assert_eq!(at(&ex, "三"), (1, 6));
        assert_eq!(at(&ex, "增"), (1, 8));
        assert_eq!(at(&ex, "a&b"), (1, 13));
        // The paragraph after a broken one keeps its number, though not its line.
        assert_eq!(at(&ex, "下一段"), (2, 1));
    }

    #[test]
    fn word_numbering_is_synthesized_at_column_one() {
        let num = numbering(
            r#"<w:abstractNum w:abstractNumId="0">
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
                 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3"/><w:suff w:val="space"/></w:lvl>
               </w:abstractNum>
               <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
               <w:abstractNum w:abstractNumId="2">
                 <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimalEnclosedCircleChinese"/><w:lvlText w:val="%1"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:lvlRestart w:val="0"/></w:lvl>
               </w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="19"/></w:lvlOverride></w:num>
               <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>"#,
        );
        let para = |num: u32, ilvl: u32, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            para(1, 0, "就业"),
            para(1, 1, "甲"),
            para(1, 2, "甲甲"),
            para(1, 1, "乙"),
            para(2, 0, "社保"), // another num of the same abstract continues it
            para(1, 1, "丙"),   // level 1 restarted by level 0
            para(3, 1, "丁"),   // an override starts its own count
            para(3, 1, "戊"),
            para(0, 0, "无"), // numId 0: no numbering
            para(4, 0, "点"),
            para(5, 0, "圈"),
            para(5, 1, "子"),
            para(5, 0, "圈"),
            para(5, 1, "子"), // lvlRestart 0: never restarts
            para(1, 1, ""),   // an empty numbered paragraph still shows its number
        ]
        .concat();
        let ex = read(&docx_with(&body, "", &num)).unwrap();
        assert_eq!(
            ex.text,
            "一、就业\n1. 甲\n1.1 甲甲\n2. 乙\n二、社保\n1. 丙\n19. 丁\n20. 戊\n无\n点\n③ 圈\n(a) 子\n④ 圈\n(b) 子\n2."
        );
        assert_eq!(at(&ex, "2. 乙"), (4, 1));
        assert_eq!(at(&ex, "乙"), (4, 1));
        assert_eq!(at(&ex, "19."), (7, 1));
    }

    #[test]
    fn numbering_through_paragraph_styles() {
        let sty = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>
               <w:style w:type="paragraph" w:styleId="Base"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Item"><w:basedOn w:val="Base"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
               <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>"#,
        );
        let num = numbering(
            r#"<w:abstractNum w:abstractNumId="9">
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
               </w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="9"/></w:num>"#,
        );
        let styled = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            styled("Item", "一项"),
            styled("Item", "二项"),
            styled("Base", "大项"),
            r#"<w:p><w:pPr><w:pStyle w:val="Item"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>"#.to_string(),
            styled("Loop1", "循环"),
            p("正文"),
        ]
        .concat();
        let ex = read(&docx_with(&body, &sty, &num)).unwrap();
        assert_eq!(ex.text, "（1）一项\n（2）二项\n1. 大项\n不编号\n循环\n正文");
    }

    #[test]
    fn number_formats() {
        let cn: Vec<String> = [
            1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111, 1000, 1001, 1010, 10000, 10010,
            20_3045,
        ]
        .iter()
        .map(|&n| chinese_counting(n))
        .collect();
        assert_eq!(
            cn,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一百一十一",
                "一千",
                "一千零一",
                "一千零一十",
                "一万",
                "一万零一十",
                "二十万三千零四十五"
            ]
        );
        assert_eq!(chinese_counting(0), "〇");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "壹拾贰");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(11, "ideographTraditional"), "11");
        assert_eq!(format_number(20, "decimalEnclosedCircle"), "⑳");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(3, "decimalEnclosedParen"), "⑶");
        assert_eq!(format_number(19, "decimalFullWidth"), "１９");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(u32::MAX, "upperLetter"), u32::MAX.to_string());
        assert_eq!(format_number(1994, "upperRoman"), "MCMXCIV");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(105, "ideographDigital"), "一〇五");
        assert_eq!(format_number(5, "someFutureFormat"), "5");
    }

    fn cell(inner: &str) -> String {
        format!("<w:tc>{inner}</w:tc>")
    }

    #[test]
    fn a_table_row_is_one_line_of_its_cells() {
        let num = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let auto = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>"#;
        let body = [
            p("附件"),
            "<w:tbl><w:tblPr/>".to_string(),
            format!(
                "<w:tr>{}{}{}</w:tr>",
                cell(&p("序号")),
                cell(&p("项目")),
                cell(&p("牵头单位"))
            ),
            // A serial number written in the cell; a cell of two paragraphs; a line break.
            format!(
                "<w:tr>{}{}{}</w:tr>",
                cell(&p("19")),
                cell(&format!("{}{}", p("新增学位6.6万个，"), p("新建幼儿园3所"))),
                cell(r#"<w:p><w:r><w:t>市教育局</w:t><w:br/><w:t>市财政局</w:t></w:r></w:p>"#)
            ),
            // An empty cell; a nested table.
            format!(
                "<w:tr>{}{}{}</w:tr>",
                cell(&p("20")),
                cell("<w:p/>"),
                cell(&format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", cell(&p("内嵌")))),
            ),
            // Word's automatic numbering in the serial cell.
            format!("<w:tr>{}{}</w:tr>", cell(auto), cell(&p("改造小区80个"))),
            format!("<w:tr>{}{}</w:tr>", cell("<w:p/>"), cell("<w:p/>")),
            "</w:tbl>".to_string(),
            p("正文"),
        ]
        .concat();
        let ex = read(&docx_with(&body, "", &num)).unwrap();
        assert_eq!(
            ex.text,
            "附件\n序号；项目；牵头单位\n\n\n19. 新增学位6.6万个， 新建幼儿园3所；市教育局 市财政局\n\n\n\n20. 内嵌\n\n\n1. 改造小区80个\n\n\n\n正文"
        );
        assert_eq!(at(&ex, "序号"), (2, 1));
        assert_eq!(at(&ex, "19"), (5, 1));
        assert_eq!(at(&ex, "6.6"), (6, 5));
        assert_eq!(at(&ex, "新建"), (7, 1));
        assert_eq!(at(&ex, "市财政局"), (8, 6));
        assert_eq!(at(&ex, "内嵌"), (11, 1));
        assert_eq!(at(&ex, "1. 改造"), (12, 1));
        assert_eq!(at(&ex, "改造"), (13, 1));
        // After the table, line = paragraph number again.
        assert_eq!(at(&ex, "正文"), (16, 1));
        assert_eq!(ex.text.split('\n').position(|l| l == "正文"), Some(15));
    }

    #[test]
    fn broken_archives_and_parts_are_malformed() {
        let good = docx_with(&p("正文"), "", "");
        assert!(detail(read(b"PK\x03\x04garbage").unwrap_err()).contains("ZIP archive"));
        assert!(detail(read(&good[..good.len() - 30]).unwrap_err()).contains("truncated"));
        let sheet = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
        assert!(detail(read(&sheet).unwrap_err()).contains("Excel workbook (.xlsx)"));
        let slides = zip_of(&[(
            "[Content_Types].xml",
            b"<Types><Override ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/></Types>",
        )]);
        assert!(detail(read(&slides).unwrap_err()).contains("PowerPoint"));
        let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert!(detail(read(&odt).unwrap_err()).contains(".odt"));
        let other = zip_of(&[("readme.txt", b"hi")]);
        assert!(detail(read(&other).unwrap_err()).contains("not a Word document"));
        let bad = zip_of(&[("word/document.xml", document("<w:p>").as_bytes())]);
        assert!(detail(read(&bad).unwrap_err()).contains("malformed XML"));
        let not_word = zip_of(&[("word/document.xml", b"<html><p>x</p></html>")]);
        assert!(detail(read(&not_word).unwrap_err()).contains("not a Word document body"));
        let latin1 = zip_of(&[("word/document.xml", b"<w:document>\xff</w:document>")]);
        assert!(detail(read(&latin1).unwrap_err()).contains("not UTF-8"));
        let bad_numbering = docx_with(&p("x"), "", "<w:numbering><w:num></w:numbering>");
        assert!(detail(read(&bad_numbering).unwrap_err()).contains("word/numbering.xml"));
    }

    #[test]
    fn the_main_part_is_found_through_relationships() {
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let doc_rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="n" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="../custom/list.xml"/></Relationships>"#;
        let num = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let doc = document(
            r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>项</w:t></w:r></w:p>"#,
        );
        let bytes = zip_of(&[
            ("_rels/.rels", rels),
            ("word/_rels/document2.xml.rels", doc_rels),
            ("word/document2.xml", doc.as_bytes()),
            ("custom/list.xml", num.as_bytes()),
        ]);
        assert_eq!(read(&bytes).unwrap().text, "5、项");
    }

    #[test]
    fn entity_expansion_and_undefined_entities_are_refused() {
        let lol = format!(
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document {NS}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"#
        );
        let err = detail(read(&zip_of(&[("word/document.xml", lol.as_bytes())])).unwrap_err());
        assert!(err.contains("DTD"), "{err}");
        let undefined = document("<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>");
        let err =
            detail(read(&zip_of(&[("word/document.xml", undefined.as_bytes())])).unwrap_err());
        assert!(err.contains("undefined entity &lol3;"), "{err}");
    }

    #[test]
    fn zip_bombs_are_refused() {
        let bomb_of = |name: &str, size: usize| zip_of(&[(name, &vec![b'a'; size])]);
        let bomb = bomb_of("word/document.xml", 4 << 20);
        match read(&bomb).unwrap_err() {
            FormatError::ZipBomb { entry, limit } => {
                assert_eq!(entry, "word/document.xml");
                assert!(limit < 4 << 20, "{limit}");
            }
            other => panic!("{other}"),
        }
        // Small parts compress well legitimately.
        let text = document(&p(&"新建幼儿园10所。".repeat(20_000)));
        assert!(text.len() < 1 << 20);
        assert!(read(&zip_of(&[("word/document.xml", text.as_bytes())])).is_ok());
        // Over the unpacked limit whatever the ratio.
        let limits = Limits {
            max_unpacked_bytes: 1000,
            ..Limits::default()
        };
        let err = extract(&zip_of(&[("word/document.xml", text.as_bytes())]), &limits);
        assert!(matches!(err, Err(FormatError::ZipBomb { limit: 1000, .. })));
        // A declared size that lies: patch the sizes in both headers to 100 bytes.
        let mut lying = bomb_of("word/document.xml", 4 << 20);
        for (sig, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let at = lying.windows(4).position(|w| w == sig).unwrap() + offset;
            lying[at..at + 4].copy_from_slice(&100u32.to_le_bytes());
        }
        // The zip crate stops at the declared size too; either refusal is fine, as long as
        // nothing beyond the limits is unpacked.
        match read(&lying) {
            Err(FormatError::ZipBomb { .. }) => {}
            Err(FormatError::Malformed { detail, .. }) if detail.contains("declared") => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_parts_and_odd_inputs_do_not_panic() {
        let doc = document(&p("正文"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in doc.replace("UTF-8", "UTF-16").encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(
            read(&zip_of(&[("word/document.xml", &utf16)]))
                .unwrap()
                .text,
            "正文"
        );
        // Deep nesting costs a stack entry per level, not a call frame.
        let deep = format!(
            "{}{}{}",
            "<w:sdt><w:sdtContent>".repeat(20_000),
            p("深"),
            "</w:sdtContent></w:sdt>".repeat(20_000)
        );
        assert_eq!(text_of(&deep), "深");
        let deeper = format!(
            "{}{}",
            "<w:sdt><w:sdtContent>".repeat(40_000),
            "</w:sdtContent></w:sdt>".repeat(40_000)
        );
        let err = detail(read(&docx_with(&deeper, "", "")).unwrap_err());
        assert!(err.contains("malformed XML"), "{err}");
        // Huge start values and levels out of range.
        let num = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1%9%"/></w:lvl><w:lvl w:ilvl="99"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let para = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="12"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#;
        let ex = read(&docx_with(&para.repeat(2), "", &num)).unwrap();
        assert_eq!(
            ex.text, "x\nx",
            "level 12 is clamped to 8, which is undefined"
        );
        let para0 = para.replace("12", "0");
        let ex = read(&docx_with(&para0.repeat(2), "", &num)).unwrap();
        assert_eq!(ex.text, "42949672950% x\n42949672950% x");
    }
}

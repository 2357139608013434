//! `hedui annotate`: a copy of a Word document with one comment (批注) per finding side,
//! anchored on the quoted characters, saying what the other side states.
//!
//! Every ZIP entry is copied unchanged (raw, without recompressing) except the main document
//! part, the comments part, the main part's relationships and `[Content_Types].xml`. The main
//! part is rewritten as a stream of `quick-xml` events, counting paragraphs and characters
//! exactly as [`crate::input`]'s .docx reader does (`line` = the `w:p` number, `column` = the
//! character in the paragraph), so a finding's position lands on its characters. A run (`w:r`)
//! in which a comment starts or ends is split at that character, every piece keeping the run's
//! properties (`w:rPr`). When a quote cannot be found at its position the whole paragraph is
//! anchored. Comments hedui wrote before (author `hedui`) are removed with their ranges, so
//! annotating an annotated copy replaces them instead of adding a second set; other comments are
//! kept, and new ids follow the largest remaining one.

use std::io::{Cursor, Write};
use std::path::Path;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{NsReader, Writer};
use zip::ZipArchive;

use crate::error::FormatError;
use crate::finding::{Finding, Side};
use crate::i18n::{self, Lang};
use crate::input::docx::{self as dx, Ns};
use crate::input::Limits;
use crate::Error;

/// The relationship type of a comments part.
pub const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
/// The content type of a comments part.
pub const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The comments' author.
pub const AUTHOR: &str = "hedui";
/// The comments' initials.
pub const INITIALS: &str = "HD";

/// How to annotate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The language of the comments.
    pub lang: Lang,
    /// Limits on the parts read (zip bombs).
    pub limits: Limits,
    /// The comments' date, `YYYY-MM-DDTHH:MM:SSZ` (see [`iso_date`]).
    pub date: String,
}

/// The annotated document.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// The new .docx file.
    pub bytes: Vec<u8>,
    /// Comments added.
    pub comments: usize,
    /// Of those, comments anchored on a whole paragraph because the quote was not found at its
    /// position.
    pub whole_paragraph: usize,
}

/// A UTC date and time (`2024-03-05T08:00:00Z`) from seconds since the Unix epoch.
pub fn iso_date(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// One comment to add.
#[derive(Debug, Clone)]
struct Note {
    id: u32,
    /// Paragraph number (1-based).
    para: u32,
    /// First column (1-based) and the column after the last; `u32::MAX`: the paragraph's end.
    start: u32,
    end: u32,
    /// The comment's paragraphs.
    text: Vec<String>,
}

/// A comment range being placed in the current paragraph.
#[derive(Debug, Clone, Copy)]
struct Pending {
    id: u32,
    start: u32,
    end: u32,
    started: bool,
    ended: bool,
}

/// The ids of the pending ranges `select` picks, in order, each marked with `mark`.
fn take(
    pending: &mut [Pending],
    select: impl Fn(&Pending) -> bool,
    mark: impl Fn(&mut Pending),
) -> Vec<u32> {
    pending
        .iter_mut()
        .filter(|p| select(p))
        .map(|p| {
            mark(p);
            p.id
        })
        .collect()
}

/// Adds one comment per side of each finding (sides in other files than `path` are skipped) to
/// the .docx `bytes`, and returns the new file.
pub fn annotate(
    path: &Path,
    bytes: &[u8],
    findings: &[Finding],
    options: &Options,
) -> Result<Annotated, Error> {
    let fail = |source: FormatError| Error::Format {
        path: path.to_path_buf(),
        source,
    };
    annotate_inner(path, bytes, findings, options).map_err(fail)
}

fn annotate_inner(
    path: &Path,
    bytes: &[u8],
    findings: &[Finding],
    options: &Options,
) -> Result<Annotated, FormatError> {
    let limits = &options.limits;
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| dx::malformed(dx::zip_detail(&e)))?;
    let main = dx::main_part(&mut zip, limits)?
        .ok_or_else(|| dx::malformed("no word/document.xml; not a Word document"))?;
    let doc_bytes = dx::read_part(&mut zip, &main, limits)?
        .ok_or_else(|| dx::malformed(format!("{main} cannot be read")))?;
    let doc = dx::xml_text(&doc_bytes, &main)?;

    // The relationships: where the comments part is, if there is one.
    let rels_name = dx::rels_name(&main);
    let rels_text = match dx::read_part(&mut zip, &rels_name, limits)? {
        Some(b) => Some(dx::xml_text(&b, &rels_name)?.into_owned()),
        None => None,
    };
    let rels = match &rels_text {
        Some(t) => dx::relationships(t, &main)?,
        None => Vec::new(),
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let existing_comments = rels
        .iter()
        .find(|(t, _)| t.rsplit('/').next() == Some("comments"))
        .map(|(_, target)| target.clone());
    let comments_name = existing_comments
        .clone()
        .unwrap_or_else(|| dx::resolve_target(dir, "comments.xml"));
    let comments_text = match dx::read_part(&mut zip, &comments_name, limits)? {
        Some(b) => Some(dx::xml_text(&b, &comments_name)?.into_owned()),
        None => None,
    };
    // hedui's earlier comments go: they are about to be written again.
    let (comments_text, ours) = match comments_text {
        Some(t) => {
            let (kept, ours) = strip_own_comments(&t, &comments_name)?;
            (Some(kept), ours)
        }
        None => (None, Vec::new()),
    };
    let doc = if ours.is_empty() {
        doc.into_owned()
    } else {
        strip_ranges(&doc, &main, &ours)?
    };

    // Pass 1: the paragraphs' characters and the comment ids in use.
    let first = Walk::run(&doc, &main, &[])?;
    let mut next_id = first.max_id.map_or(0, |m| m.saturating_add(1));
    if let Some(t) = &comments_text {
        if let Some(m) = max_comment_id(t, &comments_name)? {
            next_id = next_id.max(m.saturating_add(1));
        }
    }

    // The comments, in finding order, annex side first.
    let mut notes = Vec::new();
    let mut whole = 0;
    for f in findings {
        let sides = [
            (f.annex.as_ref(), f.body.as_ref(), true),
            (f.body.as_ref(), f.annex.as_ref(), false),
        ];
        for (side, other, is_annex) in sides {
            let Some(side) = side else { continue };
            if side.path != path {
                continue;
            }
            let count = u32::try_from(first.texts.len()).unwrap_or(u32::MAX);
            if count == 0 {
                return Err(dx::malformed(format!(
                    "{main} has no paragraph to comment on"
                )));
            }
            let para = u32::try_from(side.line).unwrap_or(u32::MAX).clamp(1, count);
            let chars = first
                .texts
                .get(para as usize - 1)
                .map_or(&[][..], Vec::as_slice);
            let (start, end) = match (para as usize == side.line)
                .then(|| locate(chars, side.column, &side.text))
                .flatten()
            {
                Some(r) => r,
                None => {
                    whole += 1;
                    (1, u32::MAX)
                }
            };
            notes.push(Note {
                id: next_id,
                para,
                start,
                end,
                text: comment_text(f, side, other, is_annex, path, options.lang),
            });
            next_id = next_id.saturating_add(1);
        }
    }

    // Pass 2: the document with the ranges.
    let second = Walk::run(&doc, &main, &notes)?;
    let prefix = second.prefix.clone();
    let ns = second.ns.clone();
    let new_doc = second.out;

    let comments_xml = match &comments_text {
        Some(t) => extend_comments(t, &comments_name, &notes, &options.date)?,
        None => new_comments(&ns, &prefix, &notes, &options.date),
    };
    let rels_target = comments_name
        .strip_prefix(&format!("{dir}/"))
        .unwrap_or(&comments_name)
        .to_string();
    let new_rels = if existing_comments.is_some() {
        None
    } else {
        Some(add_relationship(rels_text.as_deref(), &rels_target))
    };
    let ct_name = "[Content_Types].xml";
    let ct_text = match dx::read_part(&mut zip, ct_name, limits)? {
        Some(b) => dx::xml_text(&b, ct_name)?.into_owned(),
        None => return Err(dx::malformed("no [Content_Types].xml")),
    };
    let new_ct = add_override(&ct_text, &comments_name)?;

    // The archive: every entry copied, the changed ones replaced in place, new ones at the end.
    let mut replaced: Vec<(String, Vec<u8>)> = vec![
        (main.clone(), new_doc),
        (comments_name.clone(), comments_xml.into_bytes()),
        (ct_name.to_string(), new_ct.into_bytes()),
    ];
    if let Some(r) = new_rels {
        replaced.push((rels_name.clone(), r.into_bytes()));
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let zerr = |e: zip::result::ZipError| dx::malformed(format!("cannot write: {e}"));
    for i in 0..zip.len() {
        let file = zip
            .by_index_raw(i)
            .map_err(|e| dx::malformed(dx::zip_detail(&e)))?;
        let name = file
            .name()
            .map_err(|e| dx::malformed(dx::zip_detail(&e)))?
            .into_owned();
        if let Some(pos) = replaced.iter().position(|(n, _)| *n == name) {
            drop(file);
            let (n, data) = replaced.remove(pos);
            out.start_file(n, opts).map_err(zerr)?;
            out.write_all(&data)
                .map_err(|e| dx::malformed(format!("cannot write: {e}")))?;
        } else {
            out.raw_copy_file(file).map_err(zerr)?;
        }
    }
    for (n, data) in replaced {
        out.start_file(n, opts).map_err(zerr)?;
        out.write_all(&data)
            .map_err(|e| dx::malformed(format!("cannot write: {e}")))?;
    }
    let bytes = out.finish().map_err(zerr)?.into_inner();
    Ok(Annotated {
        bytes,
        comments: notes.len(),
        whole_paragraph: whole,
    })
}

/// What a comment says: the finding's message, its hint, the other side's quote and place.
fn comment_text(
    f: &Finding,
    _side: &Side,
    other: Option<&Side>,
    is_annex: bool,
    path: &Path,
    lang: Lang,
) -> Vec<String> {
    let labels = i18n::labels(lang);
    let colon = lang.pick(": ", "：");
    let mut first = format!(
        "{}[{}] {}",
        i18n::severity(f.severity, lang),
        f.rule,
        i18n::message(f, lang)
    );
    if let (Some(item), true) = (&f.item, is_annex) {
        let item = i18n::item(item, lang);
        first.push_str(&match lang {
            Lang::En => format!(" ({item})"),
            Lang::Zh => format!("（{item}）"),
        });
    }
    let mut out = vec![first];
    if let Some(h) = i18n::hint(f, lang) {
        out.push(format!("{}{colon}{h}", labels.hint));
    }
    if let Some(o) = other {
        let name = if is_annex { labels.body } else { labels.annex };
        let file = if o.path != path {
            format!("{} ", o.path.display())
        } else {
            String::new()
        };
        let place = match lang {
            Lang::En => format!("{file}paragraph {}, character {}", o.line, o.column),
            Lang::Zh => format!("{file}第{}段第{}字", o.line, o.column),
        };
        let page = o
            .page
            .map(|p| format!(", {}", i18n::page(p, lang)))
            .unwrap_or_default();
        out.push(match lang {
            Lang::En => format!("{name} ({place}{page}): “{}”", o.text),
            Lang::Zh => format!("{name}（{place}{page}）：“{}”", o.text),
        });
    }
    out
}

/// Full-width ASCII as ASCII, for comparing a repaired quote with the document's characters.
fn norm(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Where `quote` (whitespace ignored) matches `chars` from index `i`: the index after its last
/// character.
fn match_at(chars: &[char], i: usize, quote: &[char]) -> Option<usize> {
    let mut k = i;
    for &q in quote {
        while chars.get(k).is_some_and(|c| c.is_whitespace()) {
            k += 1;
        }
        if norm(*chars.get(k)?) != norm(q) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// The columns (first, after last; 1-based) of a side's quote in its paragraph, which starts
/// at `column`. The quote is repaired text (spaces dropped, full-width digits and traditional
/// characters normalised), so it is matched leniently; `None` if it cannot be placed at all.
fn locate(chars: &[char], column: usize, quote: &str) -> Option<(u32, u32)> {
    let q: Vec<char> = quote.chars().filter(|c| !c.is_whitespace()).collect();
    let at = column.checked_sub(1)?;
    if at >= chars.len() || q.is_empty() {
        return None;
    }
    let cols = |s: usize, e: usize| {
        Some((
            u32::try_from(s + 1).ok()?,
            u32::try_from(e.max(s + 1) + 1).ok()?,
        ))
    };
    if let Some(end) = match_at(chars, at, &q) {
        return cols(at, end);
    }
    // A list number Word shows but the text does not hold (the quote starts at column 1).
    for skip in 1..q.len().min(8) {
        if let Some(end) = match_at(chars, at, &q[skip..]) {
            return cols(at, end);
        }
    }
    // The quote a little further on (a stray space or label before it).
    for s in at + 1..chars.len().min(at + 16) {
        if let Some(end) = match_at(chars, s, &q) {
            return cols(s, end);
        }
    }
    // Characters changed by the repair: as many characters as the quote has.
    let first = chars.get(at).copied().map(norm)?;
    if first != norm(q[0]) && !first.is_alphanumeric() {
        return None;
    }
    let mut k = at;
    let mut n = 0;
    while k < chars.len() && n < q.len() {
        if !chars[k].is_whitespace() {
            n += 1;
        }
        k += 1;
    }
    cols(at, k)
}

/// What each open element of the document part means, as in the .docx reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    R,
    T,
    RPr,
    Skip,
    Other,
}

/// The document part walked: counting paragraphs and characters, writing the events back with
/// the comment ranges of `notes` inserted.
struct Walk<'n> {
    w: Writer<Vec<u8>>,
    notes: &'n [Note],
    stack: Vec<Tag>,
    skip: usize,
    para_no: u32,
    in_para: bool,
    col: u32,
    run_hidden: bool,
    run_start: Option<BytesStart<'static>>,
    rpr: Vec<Event<'static>>,
    in_rpr: usize,
    t_start: Option<BytesStart<'static>>,
    pending: Vec<Pending>,
    texts: Vec<Vec<char>>,
    max_id: Option<u32>,
    /// `w:` (the document's prefix for the WordprocessingML namespace) and the namespace.
    prefix: String,
    ns: String,
    seen_root: bool,
}

struct Walked {
    out: Vec<u8>,
    texts: Vec<Vec<char>>,
    max_id: Option<u32>,
    prefix: String,
    ns: String,
}

impl<'n> Walk<'n> {
    fn run(xml: &str, part: &str, notes: &'n [Note]) -> Result<Walked, FormatError> {
        let mut walk = Walk {
            w: Writer::new(Vec::with_capacity(xml.len() + notes.len() * 200)),
            notes,
            stack: Vec::new(),
            skip: 0,
            para_no: 0,
            in_para: false,
            col: 1,
            run_hidden: false,
            run_start: None,
            rpr: Vec::new(),
            in_rpr: 0,
            t_start: None,
            pending: Vec::new(),
            texts: Vec::new(),
            max_id: None,
            prefix: "w:".to_string(),
            ns: W_NS.to_string(),
            seen_root: false,
        };
        let mut reader = NsReader::from_str(xml);
        loop {
            let (ns, ev) = match reader.read_resolved_event() {
                Ok((ns, ev)) => (dx::ns_of(&ns), ev),
                Err(e) => return Err(dx::xml_error(part, reader.error_position(), &e)),
            };
            match ev {
                Event::Start(e) => walk.start(ns, e, false)?,
                Event::Empty(e) => {
                    let is_p = ns == Ns::W && e.local_name().as_ref() == "p";
                    if is_p && walk.skip == 0 && !walk.in_para && walk.has_notes(walk.para_no + 1) {
                        // An empty paragraph that gets a comment: written open and closed.
                        let end = e.to_end().into_owned();
                        walk.start(ns, e, false)?;
                        walk.end(Event::End(end))?;
                    } else {
                        walk.start(ns, e, true)?;
                        walk.end_empty()?;
                    }
                }
                Event::End(e) => walk.end(Event::End(e))?,
                Event::Text(t) => walk.text(t)?,
                Event::GeneralRef(r) => {
                    let c = dx::resolve_ref(&r, part)?;
                    walk.counted_char(c, Event::GeneralRef(r))?;
                }
                Event::DocType(_) => {
                    return Err(dx::malformed(format!(
                        "{part} declares a DTD (<!DOCTYPE>), which Word documents never do"
                    )))
                }
                Event::Eof => break,
                other => walk.write(other)?,
            }
        }
        if !walk.seen_root {
            return Err(dx::malformed(format!("{part} has no w:document element")));
        }
        Ok(Walked {
            out: walk.w.into_inner(),
            texts: walk.texts,
            max_id: walk.max_id,
            prefix: walk.prefix,
            ns: walk.ns,
        })
    }

    fn write(&mut self, ev: Event<'_>) -> Result<(), FormatError> {
        if self.in_rpr > 0 {
            self.rpr.push(ev.clone().into_owned());
        }
        self.w
            .write_event(ev)
            .map_err(|e| dx::malformed(format!("cannot write XML: {e}")))
    }

    fn raw(&mut self, ev: Event<'_>) -> Result<(), FormatError> {
        self.w
            .write_event(ev)
            .map_err(|e| dx::malformed(format!("cannot write XML: {e}")))
    }

    fn has_notes(&self, para: u32) -> bool {
        self.notes.iter().any(|n| n.para == para)
    }

    fn counting(&self) -> bool {
        self.skip == 0 && self.in_para && !self.run_hidden && self.run_start.is_some()
    }

    fn start(&mut self, ns: Ns, e: BytesStart<'_>, empty: bool) -> Result<(), FormatError> {
        if !self.seen_root {
            if ns == Ns::W && e.local_name().as_ref() == "document" {
                self.seen_root = true;
                let (prefix, xmlns) = match e.name().prefix() {
                    Some(p) => {
                        let p = p.as_ref().to_string();
                        (format!("{p}:"), format!("xmlns:{p}"))
                    }
                    None => (String::new(), "xmlns".to_string()),
                };
                if let Some(ns) = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == xmlns.as_str())
                {
                    self.ns = ns.value.to_string();
                }
                self.prefix = prefix;
            } else {
                return Err(dx::malformed(
                    "the main part is not a Word document body".to_string(),
                ));
            }
        }
        let ev = |e: BytesStart<'_>| {
            if empty {
                Event::Empty(e.into_owned())
            } else {
                Event::Start(e.into_owned())
            }
        };
        if self.skip > 0 {
            if !empty {
                self.stack.push(Tag::Other);
            }
            return self.write(ev(e));
        }
        let parent = self.stack.last().copied();
        let local = e.local_name().as_ref().to_string();
        if ns == Ns::W
            && matches!(
                local.as_str(),
                "commentRangeStart" | "commentRangeEnd" | "commentReference"
            )
        {
            if let Some(id) = dx::attr(&e, "id").and_then(|v| v.trim().parse::<u32>().ok()) {
                self.max_id = Some(self.max_id.map_or(id, |m| m.max(id)));
            }
        }
        let mut e = e;
        let tag = match (ns, local.as_str()) {
            (Ns::W, "p") => {
                if self.in_para {
                    Tag::Skip
                } else {
                    self.para_no = self.para_no.saturating_add(1);
                    self.in_para = true;
                    self.col = 1;
                    self.texts.push(Vec::new());
                    let no = self.para_no;
                    self.pending = self
                        .notes
                        .iter()
                        .filter(|n| n.para == no)
                        .map(|n| Pending {
                            id: n.id,
                            start: n.start,
                            end: n.end,
                            started: false,
                            ended: false,
                        })
                        .collect();
                    Tag::P
                }
            }
            (Ns::W, name) if dx::SKIPPED.contains(&name) => Tag::Skip,
            (Ns::Mc, "Fallback") => Tag::Skip,
            (Ns::W, "r") if self.in_para => {
                self.run_hidden = false;
                self.run_start = Some(e.clone().into_owned());
                self.rpr.clear();
                Tag::R
            }
            (Ns::W, "t") if parent == Some(Tag::R) => {
                if self.counting() {
                    self.boundary()?;
                }
                if !self.pending.is_empty() && dx::attr(&e, "space").is_none() {
                    e.push_attribute(("xml:space", "preserve"));
                }
                self.t_start = Some(e.clone().into_owned());
                Tag::T
            }
            (Ns::W, "rPr") if parent == Some(Tag::R) => Tag::RPr,
            (Ns::W, "vanish") if parent == Some(Tag::RPr) => {
                self.run_hidden = dx::on(&e);
                Tag::Other
            }
            (Ns::W, name) if parent == Some(Tag::R) => {
                let c = match name {
                    "tab" | "ptab" => Some(' '),
                    "br" | "cr" => Some('\n'),
                    "sym" | "noBreakHyphen" | "softHyphen" => Some('\u{FFFC}'),
                    _ => None,
                };
                if let (Some(c), true) = (c, self.counting()) {
                    self.boundary()?;
                    self.col = self.col.saturating_add(1);
                    if let Some(t) = self.texts.last_mut() {
                        t.push(c);
                    }
                }
                Tag::Other
            }
            _ => Tag::Other,
        };
        if tag == Tag::Skip {
            self.skip += 1;
        }
        if tag == Tag::RPr {
            self.in_rpr = 1;
            self.rpr.clear();
        } else if self.in_rpr > 0 && !empty {
            self.in_rpr += 1;
        }
        self.write(ev(e))?;
        // For `<x/>`, end_empty pops it again.
        self.stack.push(tag);
        Ok(())
    }

    /// The end of an element written as `<x/>`.
    fn end_empty(&mut self) -> Result<(), FormatError> {
        let Some(tag) = self.stack.pop() else {
            return Ok(());
        };
        match tag {
            Tag::Skip => self.skip = self.skip.saturating_sub(1),
            Tag::P => {
                self.in_para = false;
                self.pending.clear();
            }
            Tag::R => {
                self.run_start = None;
                self.run_hidden = false;
            }
            Tag::T => self.t_start = None,
            Tag::RPr => {
                self.in_rpr = 0;
            }
            Tag::Other => {}
        }
        Ok(())
    }

    fn end(&mut self, ev: Event<'_>) -> Result<(), FormatError> {
        let Some(tag) = self.stack.pop() else {
            return self.write(ev);
        };
        match tag {
            Tag::Skip => {
                self.skip = self.skip.saturating_sub(1);
                self.write(ev)
            }
            Tag::P => {
                // Whatever was not placed: at the end of the paragraph.
                for id in take(&mut self.pending, |p| !p.started, |p| p.started = true) {
                    self.range_start(id)?;
                }
                for id in take(&mut self.pending, |p| !p.ended, |p| p.ended = true) {
                    self.range_end(id)?;
                }
                self.in_para = false;
                self.pending.clear();
                self.write(ev)
            }
            Tag::R => {
                self.write(ev)?;
                self.run_start = None;
                self.run_hidden = false;
                // Ranges ending with this run's last character end after it.
                let col = self.col;
                let ends = take(
                    &mut self.pending,
                    |p| p.started && !p.ended && p.end <= col,
                    |p| p.ended = true,
                );
                for id in ends {
                    self.range_end(id)?;
                }
                Ok(())
            }
            Tag::T => {
                self.t_start = None;
                self.write(ev)
            }
            Tag::RPr => {
                self.write(ev)?;
                self.in_rpr = 0;
                Ok(())
            }
            Tag::Other => {
                self.write(ev)?;
                if self.in_rpr > 1 {
                    self.in_rpr -= 1;
                }
                Ok(())
            }
        }
    }

    fn text(&mut self, t: BytesText<'_>) -> Result<(), FormatError> {
        if !(self.counting() && self.stack.last() == Some(&Tag::T)) {
            return self.write(Event::Text(t));
        }
        let raw = t.as_ref().to_string();
        let mut buf = String::new();
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            // `\r\n` is one character once the XML line ends are normalised.
            let counts = !(c == '\r' && chars.peek() == Some(&'\n'));
            if counts && self.due() {
                if !buf.is_empty() {
                    self.write(Event::Text(BytesText::from_escaped(std::mem::take(
                        &mut buf,
                    ))))?;
                }
                self.boundary()?;
            }
            buf.push(c);
            if counts {
                self.col = self.col.saturating_add(1);
                if let Some(t) = self.texts.last_mut() {
                    t.push(if matches!(c, '\n' | '\r' | '\t') {
                        ' '
                    } else {
                        c
                    });
                }
            }
        }
        if !buf.is_empty() {
            self.write(Event::Text(BytesText::from_escaped(buf)))?;
        }
        Ok(())
    }

    /// A character reference (`&amp;`) in a `w:t`.
    fn counted_char(&mut self, c: char, ev: Event<'_>) -> Result<(), FormatError> {
        if self.counting() && self.stack.last() == Some(&Tag::T) {
            self.boundary()?;
            self.col = self.col.saturating_add(1);
            if let Some(t) = self.texts.last_mut() {
                t.push(c);
            }
        }
        self.write(ev)
    }

    /// Whether a range starts or ends before the character at the current column.
    fn due(&self) -> bool {
        let col = self.col;
        self.pending
            .iter()
            .any(|p| (!p.started && p.start <= col) || (p.started && !p.ended && p.end <= col))
    }

    /// Places the ranges that end or start before the current column, splitting the open run
    /// (and `w:t`) there; the pieces keep the run's properties.
    fn boundary(&mut self) -> Result<(), FormatError> {
        if !self.due() {
            return Ok(());
        }
        let col = self.col;
        let ends = take(
            &mut self.pending,
            |p| p.started && !p.ended && p.end <= col,
            |p| p.ended = true,
        );
        let starts = take(
            &mut self.pending,
            |p| !p.started && p.start <= col,
            |p| p.started = true,
        );
        let (run, t) = (self.run_start.clone(), self.t_start.clone());
        if let Some(t) = &t {
            self.raw(Event::End(t.to_end().into_owned()))?;
        }
        if let Some(r) = &run {
            self.raw(Event::End(r.to_end().into_owned()))?;
        }
        for id in ends {
            self.range_end(id)?;
        }
        for id in starts {
            self.range_start(id)?;
        }
        if let Some(r) = run {
            self.raw(Event::Start(r))?;
            for ev in std::mem::take(&mut self.rpr) {
                self.raw(ev.clone())?;
                self.rpr.push(ev);
            }
        }
        if let Some(t) = t {
            self.raw(Event::Start(t))?;
        }
        Ok(())
    }

    fn id_element(&self, local: &str, id: u32) -> BytesStart<'static> {
        let mut e = BytesStart::new(format!("{}{local}", self.prefix));
        e.push_attribute((
            format!("{}id", self.prefix).as_str(),
            id.to_string().as_str(),
        ));
        e
    }

    fn range_start(&mut self, id: u32) -> Result<(), FormatError> {
        let e = self.id_element("commentRangeStart", id);
        self.raw(Event::Empty(e))
    }

    fn range_end(&mut self, id: u32) -> Result<(), FormatError> {
        let e = self.id_element("commentRangeEnd", id);
        self.raw(Event::Empty(e))?;
        let r = format!("{}r", self.prefix);
        self.raw(Event::Start(BytesStart::new(r.clone())))?;
        let e = self.id_element("commentReference", id);
        self.raw(Event::Empty(e))?;
        self.raw(Event::End(BytesEnd::new(r)))
    }
}

/// Whether `e` is the WordprocessingML element `local`.
fn is_w(ns: &quick_xml::name::ResolveResult<'_>, e: &BytesStart<'_>, local: &str) -> bool {
    dx::ns_of(ns) == Ns::W && e.local_name().as_ref() == local
}

fn write_ev(w: &mut Writer<Vec<u8>>, ev: Event<'_>) -> Result<(), FormatError> {
    w.write_event(ev)
        .map_err(|e| dx::malformed(format!("cannot write XML: {e}")))
}

/// The comments part without the comments hedui wrote (author [`AUTHOR`]), and their ids.
fn strip_own_comments(xml: &str, part: &str) -> Result<(String, Vec<u32>), FormatError> {
    let mut reader = NsReader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len()));
    let mut ours = Vec::new();
    // Depth inside a comment being dropped.
    let mut dropping = 0usize;
    loop {
        let (ns, ev) = match reader.read_resolved_event() {
            Ok(x) => x,
            Err(e) => return Err(dx::xml_error(part, reader.error_position(), &e)),
        };
        if dropping > 0 {
            match ev {
                Event::Start(_) => dropping += 1,
                Event::End(_) => dropping -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(ref e) | Event::Empty(ref e)
                if is_w(&ns, e, "comment") && dx::attr(e, "author").as_deref() == Some(AUTHOR) =>
            {
                if let Some(id) = dx::attr(e, "id").and_then(|v| v.trim().parse().ok()) {
                    ours.push(id);
                }
                if matches!(ev, Event::Start(_)) {
                    dropping = 1;
                }
            }
            Event::DocType(_) => return Err(dx::malformed(format!("{part} declares a DTD"))),
            Event::Eof => break,
            other => write_ev(&mut w, other)?,
        }
    }
    Ok((String::from_utf8_lossy(&w.into_inner()).into_owned(), ours))
}

/// The main part without the ranges and references of the comments `ids`; runs with nothing but
/// their properties (left by the reference, or by splitting a run where a range started) go too.
/// No counted character is touched, so positions stay.
fn strip_ranges(xml: &str, part: &str, ids: &[u32]) -> Result<String, FormatError> {
    let ours = |e: &BytesStart<'_>| {
        dx::attr(e, "id")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .is_some_and(|id| ids.contains(&id))
    };
    let mut reader = NsReader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len()));
    // The open run's events, held until its end says whether it is kept.
    let mut run: Vec<Event<'static>> = Vec::new();
    let mut in_run = 0usize;
    let mut other_content = false;
    loop {
        let (ns, ev) = match reader.read_resolved_event() {
            Ok(x) => x,
            Err(e) => return Err(dx::xml_error(part, reader.error_position(), &e)),
        };
        match &ev {
            Event::Empty(e)
                if (is_w(&ns, e, "commentRangeStart") || is_w(&ns, e, "commentRangeEnd"))
                    && ours(e) =>
            {
                continue;
            }
            Event::Empty(e) if in_run > 0 && is_w(&ns, e, "commentReference") && ours(e) => {
                continue;
            }
            Event::DocType(_) => return Err(dx::malformed(format!("{part} declares a DTD"))),
            Event::Eof => break,
            _ => {}
        }
        if in_run == 0 {
            if let Event::Start(e) = &ev {
                if is_w(&ns, e, "r") {
                    in_run = 1;
                    other_content = false;
                    run.push(ev.into_owned());
                    continue;
                }
            }
            write_ev(&mut w, ev)?;
            continue;
        }
        match &ev {
            Event::Start(e) => {
                if in_run == 1 && !is_w(&ns, e, "rPr") {
                    other_content = true;
                }
                in_run += 1;
            }
            Event::Empty(e) if in_run == 1 && !is_w(&ns, e, "rPr") => other_content = true,
            Event::End(_) => in_run -= 1,
            _ => {}
        }
        run.push(ev.into_owned());
        if in_run == 0 {
            let keep = other_content;
            for e in run.drain(..) {
                if keep {
                    write_ev(&mut w, e)?;
                }
            }
        }
    }
    Ok(String::from_utf8_lossy(&w.into_inner()).into_owned())
}

/// The largest `w:id` of the `w:comment`s in a comments part.
fn max_comment_id(xml: &str, part: &str) -> Result<Option<u32>, FormatError> {
    let mut reader = NsReader::from_str(xml);
    let mut max: Option<u32> = None;
    loop {
        match reader.read_resolved_event() {
            Ok((ns, Event::Start(e) | Event::Empty(e))) => {
                if dx::ns_of(&ns) == Ns::W && e.local_name().as_ref() == "comment" {
                    if let Some(id) = dx::attr(&e, "id").and_then(|v| v.trim().parse().ok()) {
                        max = Some(max.map_or(id, |m: u32| m.max(id)));
                    }
                }
            }
            Ok((_, Event::DocType(_))) => {
                return Err(dx::malformed(format!("{part} declares a DTD")));
            }
            Ok((_, Event::Eof)) => return Ok(max),
            Ok(_) => {}
            Err(e) => return Err(dx::xml_error(part, reader.error_position(), &e)),
        }
    }
}

/// The `w:comment` elements for `notes`, with the prefix `p` (`w:`).
fn comment_elements(p: &str, notes: &[Note], date: &str) -> String {
    let mut w = Writer::new(Vec::new());
    for n in notes {
        let mut c = BytesStart::new(format!("{p}comment"));
        let id = n.id.to_string();
        c.push_attribute((format!("{p}id").as_str(), id.as_str()));
        c.push_attribute((format!("{p}author").as_str(), AUTHOR));
        c.push_attribute((format!("{p}date").as_str(), date));
        c.push_attribute((format!("{p}initials").as_str(), INITIALS));
        let _ = w.write_event(Event::Start(c));
        for line in &n.text {
            let _ = w.write_event(Event::Start(BytesStart::new(format!("{p}p"))));
            let _ = w.write_event(Event::Start(BytesStart::new(format!("{p}r"))));
            let mut t = BytesStart::new(format!("{p}t"));
            t.push_attribute(("xml:space", "preserve"));
            let _ = w.write_event(Event::Start(t));
            let _ = w.write_event(Event::Text(BytesText::new(line)));
            let _ = w.write_event(Event::End(BytesEnd::new(format!("{p}t"))));
            let _ = w.write_event(Event::End(BytesEnd::new(format!("{p}r"))));
            let _ = w.write_event(Event::End(BytesEnd::new(format!("{p}p"))));
        }
        let _ = w.write_event(Event::End(BytesEnd::new(format!("{p}comment"))));
    }
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

/// A new comments part.
fn new_comments(ns: &str, prefix: &str, notes: &[Note], date: &str) -> String {
    let xmlns = match prefix.strip_suffix(':') {
        Some(p) => format!("xmlns:{p}"),
        None => "xmlns".to_string(),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<{prefix}comments {xmlns}=\"{ns}\">{}</{prefix}comments>",
        comment_elements(prefix, notes, date)
    )
}

/// An existing comments part with `notes` appended.
fn extend_comments(
    xml: &str,
    part: &str,
    notes: &[Note],
    date: &str,
) -> Result<String, FormatError> {
    // The root's name and prefix.
    let mut reader = NsReader::from_str(xml);
    let root = loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => break Some((e.name().as_ref().to_string(), false)),
            Ok(Event::Empty(e)) => break Some((e.name().as_ref().to_string(), true)),
            Ok(Event::Eof) => break None,
            Ok(_) => {}
            Err(e) => return Err(dx::xml_error(part, reader.error_position(), &e)),
        }
    };
    let Some((qname, empty)) = root else {
        return Err(dx::malformed(format!("{part} has no root element")));
    };
    let prefix = qname
        .rsplit_once(':')
        .map_or(String::new(), |(p, _)| format!("{p}:"));
    let added = comment_elements(&prefix, notes, date);
    if empty {
        let Some(at) = xml.rfind("/>") else {
            return Err(dx::malformed(format!(
                "{part}: cannot find the end of the root"
            )));
        };
        return Ok(format!(
            "{}>{added}</{qname}>{}",
            &xml[..at],
            &xml[at + 2..]
        ));
    }
    let close = format!("</{qname}");
    let Some(at) = xml.rfind(&close) else {
        return Err(dx::malformed(format!("{part}: no closing </{qname}>")));
    };
    Ok(format!("{}{added}{}", &xml[..at], &xml[at..]))
}

/// The relationships part with a comments relationship added (a new part if there was none).
fn add_relationship(xml: Option<&str>, target: &str) -> String {
    const NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let Some(xml) = xml else {
        return format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"{NS}\"><Relationship Id=\"rIdHedui1\" Type=\"{COMMENTS_REL}\" Target=\"{target}\"/></Relationships>"
        );
    };
    let mut n = 1;
    while xml.contains(&format!("\"rIdHedui{n}\"")) {
        n += 1;
    }
    let rel =
        format!("<Relationship Id=\"rIdHedui{n}\" Type=\"{COMMENTS_REL}\" Target=\"{target}\"/>");
    match xml.rfind("</") {
        Some(at) => format!("{}{rel}{}", &xml[..at], &xml[at..]),
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"{NS}\">{rel}</Relationships>"
        ),
    }
}

/// `[Content_Types].xml` with an override for the comments part, unless it has one.
fn add_override(xml: &str, part: &str) -> Result<String, FormatError> {
    let name = format!("/{part}");
    let mut reader = NsReader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if e.local_name().as_ref() == "Override"
                    && dx::attr(&e, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(&name))
                {
                    return Ok(xml.to_string());
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(dx::xml_error(
                    "[Content_Types].xml",
                    reader.error_position(),
                    &e,
                ))
            }
        }
    }
    let ov = format!("<Override PartName=\"{name}\" ContentType=\"{COMMENTS_TYPE}\"/>");
    match xml.rfind("</") {
        Some(at) => Ok(format!("{}{ov}{}", &xml[..at], &xml[at..])),
        None => Err(dx::malformed("[Content_Types].xml has no closing tag")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(1_709_625_600), "2024-03-05T08:00:00Z");
    }

    #[test]
    fn locating() {
        let p: Vec<char> = "一、 新增学位6.6万个，改造".chars().collect();
        assert_eq!(locate(&p, 4, "新增学位6.6万个"), Some((4, 13)));
        assert_eq!(locate(&p, 4, "新增学位６.６万个"), Some((4, 13)));
        assert_eq!(locate(&p, 99, "x"), None);
    }

    #[test]
    fn own_comments_and_their_ranges_are_stripped_others_kept() {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
        let comments = format!(
            "<w:comments {w}><w:comment w:id=\"3\" w:author=\"hedui\"><w:p/></w:comment>\
             <w:comment w:id=\"4\" w:author=\"王编辑\"><w:p/></w:comment></w:comments>"
        );
        let (kept, ours) = strip_own_comments(&comments, "word/comments.xml").unwrap();
        assert_eq!(ours, [3]);
        assert!(kept.contains("王编辑") && !kept.contains("hedui"), "{kept}");
        // Word saves the reference run with a style; the editor's range stays.
        let doc = format!(
            "<w:document {w}><w:body><w:p><w:r><w:t>新增</w:t></w:r><w:r></w:r>\
             <w:commentRangeStart w:id=\"3\"/><w:commentRangeStart w:id=\"4\"/>\
             <w:r><w:rPr><w:b/></w:rPr><w:t>学位</w:t></w:r><w:commentRangeEnd w:id=\"3\"/>\
             <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"3\"/></w:r>\
             <w:commentRangeEnd w:id=\"4\"/><w:r><w:commentReference w:id=\"4\"/></w:r></w:p></w:body></w:document>"
        );
        let out = strip_ranges(&doc, "word/document.xml", &ours).unwrap();
        assert_eq!(
            out,
            format!(
                "<w:document {w}><w:body><w:p><w:r><w:t>新增</w:t></w:r>\
                 <w:commentRangeStart w:id=\"4\"/>\
                 <w:r><w:rPr><w:b/></w:rPr><w:t>学位</w:t></w:r>\
                 <w:commentRangeEnd w:id=\"4\"/><w:r><w:commentReference w:id=\"4\"/></w:r></w:p></w:body></w:document>"
            )
        );
    }
}

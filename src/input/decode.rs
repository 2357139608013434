//! Text decoding: UTF-8 (with or without BOM), UTF-16 (BOM, or the NUL pattern of Chinese text
//! without one), GBK/GB18030 and Big5, detected with `chardetng` and decoded with `encoding_rs`.
//!
//! Detection only ever picks an encoding Chinese documents are written in: a file that is none
//! of them is an error naming the first bad byte, never a page of mojibake. A user who knows the
//! encoding passes `--encoding`, and then invalid bytes are replaced (and counted in a note).

use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::Error;

/// Decoded text and the encoding it was decoded from.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GBK`, `gb18030`, `Big5`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: &'static str,
    /// What the user should know (bytes replaced under `--encoding`).
    pub notes: Vec<String>,
}

/// Decodes `bytes` (from `path`, for errors), detecting the encoding unless `forced`.
pub fn decode(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Decoded, Error> {
    let bom = Encoding::for_bom(bytes);
    if let Some(enc) = forced {
        let body = match bom {
            Some((b, len)) if b == enc => &bytes[len..],
            _ => bytes,
        };
        let (text, _) = enc.decode_without_bom_handling(body);
        let mut notes = Vec::new();
        if let Err(offset) = strict(enc, body) {
            let replaced = text.matches('\u{FFFD}').count();
            notes.push(format!(
                "{}: {replaced} invalid {} sequence(s) replaced with U+FFFD, the first at byte offset {}",
                path.display(),
                enc.name(),
                offset + (bytes.len() - body.len())
            ));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            notes,
        });
    }
    if let Some((enc, len)) = bom {
        return decode_strict(path, enc, &bytes[len..], len);
    }
    // Checked first by SIMD (several times faster on Chinese text, which is all multi-byte);
    // std's check runs only to say where a file that is not UTF-8 goes wrong.
    let checked = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    };
    let utf8_error = match checked {
        Ok(text) => {
            return Ok(Decoded {
                text: text.to_string(),
                encoding: UTF_8.name(),
                notes: Vec::new(),
            })
        }
        Err(e) => e,
    };
    let valid = utf8_error.valid_up_to();
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_strict(path, enc, bytes, 0);
    }
    if bytes.contains(&0) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            what: "contains NUL bytes".to_string(),
        });
    }
    // UTF-8 with a bad byte after real multi-byte text is a broken (or mixed) UTF-8 file, not
    // GBK: GBK would decode the UTF-8 part as mojibake without complaint.
    let multibyte = bytes[..valid].iter().filter(|&&b| b >= 0xC0).count();
    if multibyte >= 4 {
        return Err(Error::Undecodable {
            path: path.to_path_buf(),
            encoding: UTF_8.name(),
            offset: valid,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let candidates: &[&'static Encoding] = if guess == BIG5 {
        &[BIG5, GB18030]
    } else {
        &[GB18030, BIG5]
    };
    let mut first_error = None;
    for &enc in candidates {
        match decode_strict(path, enc, bytes, 0) {
            Ok(mut d) => {
                // GB18030 is a superset of GBK; name the smaller one when it is enough.
                if enc == GB18030 && strict(GBK, bytes).is_ok() {
                    d.encoding = GBK.name();
                }
                return Ok(d);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(Error::Undecodable {
        path: path.to_path_buf(),
        encoding: UTF_8.name(),
        offset: valid,
    }))
}

/// Decodes strictly; `shift` is added to error offsets (a stripped BOM).
fn decode_strict(
    path: &Path,
    enc: &'static Encoding,
    bytes: &[u8],
    shift: usize,
) -> Result<Decoded, Error> {
    match strict(enc, bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: enc.name(),
            notes: Vec::new(),
        }),
        Err(offset) => Err(Error::Undecodable {
            path: path.to_path_buf(),
            encoding: enc.name(),
            offset: offset + shift,
        }),
    }
}

/// Decodes without replacement; the error is the byte offset of the first malformed sequence.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, extra) => {
            Err(read.saturating_sub(usize::from(bad) + usize::from(extra)))
        }
        // The buffer was sized for the worst case; treat a shortfall as an error at the end.
        DecoderResult::OutputFull => Err(read),
    }
}

/// UTF-16 without a byte-order mark: Chinese text has few zero bytes, but ASCII digits, spaces
/// and newlines in UTF-16 put a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // At least a tenth of the characters are ASCII, and zeros sit on one side only.
    if zeros_odd * 10 >= pairs && zeros_even * 20 < zeros_odd.max(1) {
        Some(UTF_16LE)
    } else if zeros_even * 10 >= pairs && zeros_odd * 20 < zeros_even.max(1) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "附件\n2024年市政府民生实事项目\n1. 新建改扩建幼儿园20所,新增学位6.6万个。\n";

    fn auto(bytes: &[u8]) -> Result<Decoded, Error> {
        decode(Path::new("a.txt"), bytes, None)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = auto(SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8"));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SAMPLE.as_bytes()].concat();
        assert_eq!(auto(&with_bom).unwrap().text, SAMPLE);
    }

    #[test]
    fn gbk_and_big5_are_detected() {
        let (gbk, _, _) = GBK.encode(SAMPLE);
        let d = auto(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "GBK"));
        let traditional =
            "附件\n二〇二四年市政府民生實事項目\n1. 新建改擴建幼兒園20所，新增學位6.6萬個。\n";
        let (big5, _, _) = BIG5.encode(traditional);
        let d = auto(&big5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (traditional, "Big5"));
    }

    #[test]
    fn utf16_with_bom_and_without() {
        for (enc, bom) in [(UTF_16LE, &b"\xFF\xFE"[..]), (UTF_16BE, &b"\xFE\xFF"[..])] {
            let units: Vec<u16> = SAMPLE.encode_utf16().collect();
            let body: Vec<u8> = units
                .iter()
                .flat_map(|u| {
                    if enc == UTF_16LE {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect();
            let d = auto(&[bom, &body].concat()).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, enc.name()));
            let d = auto(&body).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, enc.name()));
        }
    }

    #[test]
    fn broken_utf8_names_the_offset() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.insert(20, 0xFF);
        match auto(&bytes).unwrap_err() {
            Error::Undecodable {
                encoding, offset, ..
            } => assert_eq!((encoding, offset), ("UTF-8", 20)),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn forced_encoding_replaces_and_says_so() {
        let mut bytes = GBK.encode(SAMPLE).0.into_owned();
        bytes.push(0xFF);
        let d = decode(Path::new("a.txt"), &bytes, Some(GBK)).unwrap();
        assert!(d.text.starts_with(SAMPLE));
        assert!(d.notes[0].contains("first at byte offset"), "{:?}", d.notes);
        let clean = decode(Path::new("a.txt"), SAMPLE.as_bytes(), Some(UTF_8)).unwrap();
        assert!(clean.notes.is_empty());
    }

    #[test]
    fn latin_garbage_is_an_error_not_mojibake() {
        let bytes: Vec<u8> = b"caf\xE9 \xFF\xFEr\xE9sum\xE9".repeat(20);
        assert!(auto(&bytes).is_err());
    }
}

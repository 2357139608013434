//! Compiles the aligner's word list (`src/align/dict.txt`, jieba's dictionary, see
//! `scripts/gen_dict.py`) into a double-array trie (yada) mapping each word to its rank in the
//! sorted list, plus the words' log probabilities by rank, both embedded in the binary: looking words
//! up costs nothing at start-up, and the rank is a number that names a word in every document.
//!
//! It also turns the built-in tables (`rules/*.toml`) into JSON: deserialising that at start-up
//! costs a sixth of parsing the TOML (`src/tables/mod.rs`, `parse_table`). A user's copy of a
//! table is still read as TOML.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let src = "src/align/dict.txt";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src)?;
    let mut keys: Vec<(&[u8], u32)> = Vec::new();
    let mut freqs: Vec<u32> = Vec::new();
    let mut total: u64 = 0;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (word, freq) = line
            .split_once(' ')
            .ok_or_else(|| format!("{src}:{}: expected `word freq`", n + 1))?;
        let freq: u32 = freq.trim().parse()?;
        if keys
            .last()
            .is_some_and(|(last, _)| *last >= word.as_bytes())
        {
            return Err(format!("{src}:{}: not sorted, or a repeat", n + 1).into());
        }
        if word.is_empty() || word.contains('\0') {
            return Err(format!("{src}:{}: empty word or NUL", n + 1).into());
        }
        total += u64::from(freq);
        keys.push((word.as_bytes(), u32::try_from(keys.len())?));
        freqs.push(freq);
    }
    let trie = yada::builder::DoubleArrayBuilder::build(&keys)?;
    // Checks the array once here (the reader in `src/align/similarity.rs` is bounds-checked and
    // never needs yada's start-up validation).
    let checked = yada::DoubleArray::new(trie.as_slice())?;
    for (word, rank) in keys.iter().step_by(97) {
        if checked.exact_match_search(word) != Some(*rank) {
            return Err(format!("trie lookup failed for {}", String::from_utf8_lossy(word)).into());
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("dict.da"), &trie)?;
    std::fs::write(out.join("dict.first"), first_steps(&trie))?;
    std::fs::write(
        out.join("dict.freq"),
        freqs
            .iter()
            .flat_map(|f| f.to_le_bytes())
            .collect::<Vec<u8>>(),
    )?;
    // Each word's log probability, `ln(freq) - ln(total)`, computed as the cut would compute it
    // (the same two `ln`s and one subtraction, so the same bits): one load per word found instead
    // of the frequency and then its logarithm, two cache misses in a 1.4 MB and a 256 KB table.
    let log_total = (total as f64).ln();
    std::fs::write(
        out.join("dict.logp"),
        freqs
            .iter()
            .flat_map(|&f| (f64::from(f).ln() - log_total).to_bits().to_le_bytes())
            .collect::<Vec<u8>>(),
    )?;
    std::fs::write(out.join("dict_total.rs"), format!("{total}\n"))?;
    for name in ["units", "bounds", "annex", "equivalences", "severities"] {
        let src = format!("rules/{name}.toml");
        println!("cargo:rerun-if-changed={src}");
        let value: toml::Value =
            toml::from_str(&std::fs::read_to_string(&src)?).map_err(|e| format!("{src}: {e}"))?;
        std::fs::write(
            out.join(format!("{name}.json")),
            serde_json::to_string(&value)?,
        )?;
    }
    Ok(())
}

/// The first characters of keys most phrases are made of, U+3400..=U+9FFF (see `FIRST_FROM` in
/// `src/align/similarity.rs`).
const FIRST_FROM: u32 = 0x3400;
const FIRST_TO: u32 = 0x9FFF;

/// For each character of [`FIRST_FROM`]..=[`FIRST_TO`], where a walk of the trie stands after
/// its three UTF-8 bytes: the unit's index and value, and the rank of the one-character word
/// (`u32::MAX` for none), as three little-endian `u32`s; `u32::MAX` as the index when no key
/// starts with the character. The reader in `src/align/similarity.rs` starts its walks there
/// instead of stepping through the three bytes (a test checks it against the full walk).
fn first_steps(trie: &[u8]) -> Vec<u8> {
    let unit = |i: u32| -> Option<u32> {
        let at = usize::try_from(i).ok()?.checked_mul(4)?;
        let b = trie.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let offset = |u: u32| (u >> 10) << ((u & (1 << 9)) >> 6);
    let mut out = Vec::with_capacity(((FIRST_TO - FIRST_FROM + 1) * 12) as usize);
    for code in FIRST_FROM..=FIRST_TO {
        let mut entry = [u32::MAX; 3];
        if let (Some(c), Some(root)) = (char::from_u32(code), unit(0)) {
            let mut buf = [0u8; 4];
            let (mut at, mut u) = (0u32, root);
            let mut alive = true;
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                at = offset(u) ^ at ^ u32::from(b);
                match unit(at) {
                    Some(next) if next & ((1 << 31) | 0xFF) == u32::from(b) => u = next,
                    _ => {
                        alive = false;
                        break;
                    }
                }
            }
            if alive {
                entry[0] = at;
                entry[1] = u;
                if u >> 8 & 1 == 1 {
                    if let Some(leaf) = unit(offset(u) ^ at) {
                        entry[2] = leaf & 0x7FFF_FFFF;
                    }
                }
            }
        }
        for v in entry {
            out.extend(v.to_le_bytes());
        }
    }
    out
}

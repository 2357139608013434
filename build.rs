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

//! Compiles the aligner's word list (`src/align/dict.txt`, jieba's dictionary, see
//! `scripts/gen_dict.py`) into an FST map embedded in the binary, so that looking words up costs
//! nothing at start-up. Each word maps to `rank << 32 | frequency`: its rank in the sorted list
//! is a number that names it in every document.

use std::io::BufWriter;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let src = "src/align/dict.txt";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("dict.fst");
    let mut builder = fst::MapBuilder::new(BufWriter::new(std::fs::File::create(&out)?))?;
    let mut total: u64 = 0;
    let mut rank: u64 = 0;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (word, freq) = line
            .split_once(' ')
            .ok_or_else(|| format!("{src}:{}: expected `word freq`", n + 1))?;
        let freq: u64 = freq.trim().parse()?;
        if freq >> 32 != 0 {
            return Err(format!("{src}:{}: frequency {freq} is too large", n + 1).into());
        }
        total += freq;
        builder.insert(word, rank << 32 | freq)?;
        rank += 1;
    }
    builder.finish()?;
    let total_rs = PathBuf::from(std::env::var("OUT_DIR")?).join("dict_total.rs");
    std::fs::write(total_rs, format!("{total}\n"))?;
    Ok(())
}

//! Command-line flags (clap). Parsing only; `main` resolves and runs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// hedui (核对): checks that a Chinese government work report's body and its annex of
/// commitments state the same numbers.
#[derive(Debug, Parser)]
#[command(name = "hedui", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages, hints and report labels (default: from LC_ALL, LC_MESSAGES or
    /// LANG: Chinese for zh*, else English). Rule ids stay English.
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents and report every body ↔ annex discrepancy.
    Check(CheckArgs),
    /// Write a copy of a Word document (.docx) with one comment (批注) per finding side,
    /// anchored on the quoted text, saying what the other side states.
    Annotate(AnnotateArgs),
    /// List the rules with their default severity.
    Rules,
    /// Show the configuration (`hedui.toml`) that applies to a path.
    Config {
        /// Print the effective configuration (the only action for now).
        #[arg(long)]
        show: bool,
        /// Use this file instead of discovering hedui.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A directory with your own copies of hedui's data tables.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
        /// The document or directory whose configuration to show (default: the current one).
        path: Option<PathBuf>,
    },
    /// Print a rule's documentation with an example.
    Explain {
        /// The rule id (see `hedui rules`).
        rule: String,
    },
    /// Print the intermediate stages (annex structure, commitments, alignment) of documents.
    #[command(hide = true)]
    Debug {
        /// Documents to dump.
        files: Vec<PathBuf>,
        /// Print the extracted text instead of the stages.
        #[arg(long)]
        text: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Documents to check (.txt, .md, .html, .docx, .pdf), or directories to check every
    /// document in (respecting .gitignore; see --glob).
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// The annex is in this separate file (any supported format); FILE is the body. Only with
    /// one document.
    #[arg(long, value_name = "FILE")]
    pub annex: Option<PathBuf>,
    /// Output format. `jsonl` prints one JSON object per document as soon as it is checked;
    /// `sarif` is SARIF 2.1.0; `github` prints GitHub Actions annotations; `markdown` and
    /// `html` (one self-contained page) are reports for people. See docs/formats.md.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Read every input as this format instead of detecting it from its content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// Decode text inputs with this encoding (e.g. gbk, gb18030, big5, utf-16le) instead of
    /// detecting it; bytes invalid in it are replaced, with a warning.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Refuse input files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_size: u64,
    /// In directories, only check files matching this glob (repeatable; `!GLOB` excludes).
    /// Default: .txt .md .markdown .html .htm .docx .pdf .doc .wps files.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Number of documents checked in parallel (default: one per CPU core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Exit with code 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Show only findings at or above this severity, in every format (`--show warning` leaves
    /// out info). Findings are listed errors first, then warnings, then info, each in annex order.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = ShowArg::Info)]
    pub show: ShowArg,
    /// A directory with your own copies of hedui's data tables (`units.toml`, `bounds.toml`,
    /// `annex.toml`, `equivalences.toml`, `severities.toml`); each file found replaces the
    /// built-in one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Use this configuration file for every document instead of each document's nearest
    /// hedui.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings not recorded in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (written atomically) so that later
    /// runs with --baseline show only new ones; exits 0 unless a document failed.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// When to use colour in the human format.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// The Word document to annotate (never modified).
    #[arg(value_name = "IN.docx")]
    pub input: PathBuf,
    /// Where to write the annotated copy (written atomically; its directory must exist).
    #[arg(long, short = 'o', value_name = "OUT.docx")]
    pub output: PathBuf,
    /// Exit with code 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Comment only on findings at or above this severity (as for `check`).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = ShowArg::Info)]
    pub show: ShowArg,
    /// A directory with your own copies of hedui's data tables (as for `check`).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Use this configuration file instead of the document's nearest hedui.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Jsonl,
    Sarif,
    Github,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

/// Parses a size such as `50M`, `512K`, `1G` or `1000` (bytes).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let digits = upper.trim_end_matches(['B', 'I']);
    let (num, scale) = match digits.chars().last() {
        Some('K') => (&digits[..digits.len() - 1], 1u64 << 10),
        Some('M') => (&digits[..digits.len() - 1], 1 << 20),
        Some('G') => (&digits[..digits.len() - 1], 1 << 30),
        _ => (digits, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("not a size: {s:?} (expected e.g. 50M, 512K, 1G or a byte count)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowArg {
    Error,
    Warning,
    Info,
}

impl ShowArg {
    /// The lowest severity shown.
    pub fn severity(self) -> hedui::Severity {
        match self {
            ShowArg::Error => hedui::Severity::Error,
            ShowArg::Warning => hedui::Severity::Warning,
            ShowArg::Info => hedui::Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("50M"), Ok(50 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }
}

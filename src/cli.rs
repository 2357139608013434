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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents and report every body ↔ annex discrepancy.
    Check(CheckArgs),
    /// List the rules with their default severity.
    Rules,
    /// Print the intermediate stages (annex structure, commitments, alignment) of documents.
    #[command(hide = true)]
    Debug {
        /// Documents to dump.
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Documents to check (UTF-8 plain text).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Exit with code 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// A directory with your own copies of hedui's data tables (`units.toml`, `bounds.toml`,
    /// `annex.toml`, `equivalences.toml`, `severities.toml`); each file found replaces the
    /// built-in one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// When to use colour in the human format.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

//! Command-line flags (clap). Parsing only; `main` resolves and runs.

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use hedui::i18n::Lang;

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
    /// Print the annex as hedui reads it: title, stated total, sections with their counts, and
    /// every item with its number, line and commitments.
    Annex(AnnexArgs),
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
pub struct AnnexArgs {
    /// The documents whose annex to print.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The annex is a separate file (applies to a single document).
    #[arg(long, value_name = "FILE")]
    pub annex: Option<PathBuf>,
    /// `human` (default) or `json`.
    #[arg(long, value_enum, default_value = "human")]
    pub format: AnnexFormat,
    /// Force the text encoding (utf-8, gbk, gb18030, big5, utf-16le, utf-16be).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnnexFormat {
    Human,
    Json,
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
    /// Refuse a document whose check would need more memory than this, estimated before each
    /// large stage (bytes, or with a K, M or G suffix). Each document of a batch is held to it
    /// separately; see docs/performance.md.
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    pub max_memory: u64,
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

/// The language the command line asks for before it is parsed: `--lang zh|en` (or
/// `--lang=…`) anywhere, else the locale. Help and usage errors need it before parsing.
pub fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_env()
}

/// The Chinese help of every visible argument and command, by (command, argument id); `""` is
/// the command's own description, `"*"` a global argument's command.
pub const ZH_HELP: &[(&str, &str, &str)] = &[
    ("hedui", "", "hedui（核对）：检查政府工作报告的正文与附件所列民生实事的数字是否一致。"),
    ("*", "lang", "消息、提示和报告标签的语言（默认取自 LC_ALL、LC_MESSAGES 或 LANG：zh* 为中文，否则为英文）。规则名保持英文。"),
    ("hedui", "help", "显示帮助"),
    ("hedui", "version", "显示版本"),
    ("check", "", "检查文档，报告正文与附件之间的每一处不一致。"),
    ("check", "files", "要检查的文档（.txt、.md、.html、.docx、.pdf），或目录（检查其中所有文档，遵循 .gitignore；参见 --glob）。"),
    ("check", "annex", "附件在这个单独的文件里（任一支持的格式）；PATH 为正文。只能配一个文档。"),
    ("check", "format", "输出格式。jsonl 每检查完一个文档就输出一行 JSON；sarif 为 SARIF 2.1.0；github 输出 GitHub Actions 注释；markdown 和 html（单个自包含页面）是给人看的报告。参见 docs/formats.md。"),
    ("check", "input_format", "把所有输入都按此格式读取，而不是按内容识别。"),
    ("check", "encoding", "用此编码（如 gbk、gb18030、big5、utf-16le）解码文本输入，而不是自动识别；无效字节会被替换并给出警告。"),
    ("check", "max_size", "拒绝大于此大小的输入文件（字节数，或带 K、M、G 后缀）。"),
    ("check", "max_memory", "检查一个文档所需内存（在每个耗内存的阶段之前估算）超过此值时拒绝该文档（字节数，或带 K、M、G 后缀）。批量检查时每个文档分别受此限制；参见 docs/performance.md。"),
    ("check", "glob", "在目录中只检查匹配此模式的文件（可重复；!GLOB 表示排除）。默认：.txt .md .markdown .html .htm .docx .pdf .doc .wps 文件。"),
    ("check", "jobs", "并行检查的文档数（默认：每个 CPU 核一个）。"),
    ("check", "fail_on", "出现此级别或更高级别的问题时以退出码 1 结束。"),
    ("check", "show", "只显示此级别或更高级别的问题，对所有格式都有效（--show warning 不显示信息级）。问题按错误、警告、信息排列，同级按附件顺序。"),
    ("check", "rules", "一个目录，内含你自己修改的 hedui 数据表（units.toml、bounds.toml、annex.toml、equivalences.toml、severities.toml）；找到的每个文件替换内置的同名表。"),
    ("check", "config", "所有文档都使用此配置文件，而不是各自最近的 hedui.toml。"),
    ("check", "baseline", "只报告此基线文件中没有记录的问题（参见 --write-baseline）。"),
    ("check", "write_baseline", "把当前的问题记录到此基线文件（原子写入），以后用 --baseline 只显示新问题；除非有文档失败，否则退出码为 0。"),
    ("check", "color", "人读格式何时使用颜色。"),
    ("check", "help", "显示帮助"),
    ("annex", "", "列出 hedui 读出的附件：标题、所称总数、分组及其件数，以及每一项的序号、行号和数字。"),
    ("annex", "files", "要列出附件的文档。"),
    ("annex", "annex", "附件在单独的文件里（只适用于一个文档）。"),
    ("annex", "format", "`human`（默认）或 `json`。"),
    ("annex", "encoding", "强制指定文本编码（utf-8、gbk、gb18030、big5、utf-16le、utf-16be）。"),
    ("annex", "help", "显示帮助"),
    ("annotate", "", "写出 Word 文档（.docx）的副本：每个问题的每一处各加一条批注，标在引文上，说明另一处写的是什么。"),
    ("annotate", "input", "要加批注的 Word 文档（不会被修改）。"),
    ("annotate", "output", "加了批注的副本写到哪里（原子写入；所在目录必须存在）。"),
    ("annotate", "fail_on", "出现此级别或更高级别的问题时以退出码 1 结束。"),
    ("annotate", "show", "只为此级别或更高级别的问题加批注（同 check）。"),
    ("annotate", "rules", "一个目录，内含你自己修改的 hedui 数据表（同 check）。"),
    ("annotate", "config", "使用此配置文件，而不是文档最近的 hedui.toml。"),
    ("annotate", "help", "显示帮助"),
    ("rules", "", "列出所有规则及其默认级别。"),
    ("rules", "help", "显示帮助"),
    ("config", "", "显示适用于某个路径的配置（hedui.toml）。"),
    ("config", "show", "输出生效的配置（目前唯一的操作）。"),
    ("config", "config", "使用此文件，而不是自动查找 hedui.toml。"),
    ("config", "rules", "一个目录，内含你自己修改的 hedui 数据表。"),
    ("config", "path", "要显示其配置的文档或目录（默认：当前目录）。"),
    ("config", "help", "显示帮助"),
    ("explain", "", "显示一条规则的说明和示例。"),
    ("explain", "rule", "规则名（见 hedui rules）。"),
    ("explain", "help", "显示帮助"),
    ("help", "", "显示本帮助，或指定子命令的帮助"),
];

const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` with its help in Chinese.
fn localize(mut cmd: clap::Command, name: &str) -> clap::Command {
    let help = |arg: &str| {
        ZH_HELP
            .iter()
            .find(|(c, a, _)| (*c == name || *c == "*") && *a == arg)
            .map(|(_, _, h)| *h)
    };
    if let Some(about) = help("") {
        cmd = cmd.about(about);
    }
    cmd = cmd
        .help_template(ZH_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let text = help(&id);
        cmd = cmd.mut_arg(id, |a| {
            let a = a.help_heading(if positional { "参数" } else { "选项" });
            match text {
                Some(t) => a.help(t),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub.clone(), |c| localize(c, &sub));
    }
    cmd
}

/// The command with its help in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        // The help and version flags exist once the command is built.
        cmd.build();
        cmd = localize(cmd, "hedui");
    }
    cmd
}

/// Parses the command line, with help and usage errors in the language it asks for.
pub fn parse() -> Result<Cli, clap::Error> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = early_lang(&args[1.min(args.len())..]);
    let matches = command(lang).try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
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

    /// Every visible command and argument has Chinese help, and the Chinese help shows it.
    #[test]
    fn help_in_both_languages() {
        fn walk(cmd: &clap::Command, name: &str, missing: &mut Vec<String>) {
            let has = |arg: &str| {
                ZH_HELP
                    .iter()
                    .any(|(c, a, _)| (*c == name || *c == "*") && *a == arg)
            };
            if !has("") {
                missing.push(format!("{name}: about"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if !has(a.get_id().as_str()) {
                    missing.push(format!("{name}: {}", a.get_id()));
                }
            }
            for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
                walk(sub, sub.get_name(), missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "hedui", &mut missing);
        assert!(missing.is_empty(), "no Chinese help for {missing:?}");
        for sub in ["check", "annotate", "config", "explain", "rules"] {
            let zh = command(Lang::Zh)
                .try_get_matches_from(["hedui", sub, "--help"])
                .unwrap_err()
                .to_string();
            assert!(
                zh.contains("用法：") && zh.contains("显示帮助"),
                "{sub}: {zh}"
            );
            let en = command(Lang::En)
                .try_get_matches_from(["hedui", sub, "--help"])
                .unwrap_err()
                .to_string();
            assert!(en.contains("Usage:") && !en.contains("用法"), "{sub}: {en}");
        }
    }

    #[test]
    fn the_language_is_known_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            early_lang(&args(&["check", "--lang", "zh", "--help"])),
            Lang::Zh
        );
        assert_eq!(early_lang(&args(&["--lang=zh", "rules"])), Lang::Zh);
        assert_eq!(early_lang(&args(&["--lang", "en"])), Lang::En);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("50M"), Ok(50 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size(" 512M "), Ok(512 << 20));
        assert_eq!(parse_size("64mb"), Ok(64 << 20));
        assert!(parse_size("").is_err());
        assert!(parse_size("-1G").is_err());
        assert!(parse_size("99999999999G").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }
}

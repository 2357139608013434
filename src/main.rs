//! The `hedui` binary: parse flags, call the library, print, pick the exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or input error).

mod cli;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use hedui::i18n::Lang;
use hedui::input::{Format, Limits, ReadOptions, Source};
use hedui::tables::Tables;
use hedui::{report, Severity};

use cli::{CheckArgs, Cli, ColorArg, Command, FailOn, FormatArg, InputFormatArg, LangArg};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    match cli.command {
        Command::Check(args) => check(&args, lang),
        Command::Rules => rules(lang),
        Command::Explain { rule } => explain(&rule, lang),
        Command::Debug { files, text } => debug(&files, text),
    }
}

/// Writes to stdout; a closed pipe (`hedui … | head`) is not an error.
fn emit(text: &str, color: ColorArg) {
    let choice = match color {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    };
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The built-in tables, or with `--rules DIR` the tables with the user's files in place; a
/// broken table is printed as one line and becomes exit code 2.
fn load_tables(dir: Option<&Path>) -> Result<Cow<'static, Tables>, ExitCode> {
    let loaded = match dir {
        Some(dir) => Tables::with_overrides(dir).map(Cow::Owned),
        None => Tables::builtin()
            .map(Cow::Borrowed)
            .map_err(hedui::Error::from),
    };
    loaded.map_err(|e| {
        eprintln!("hedui: {e}");
        ExitCode::from(2)
    })
}

fn rules(lang: Lang) -> ExitCode {
    let tables = match load_tables(None) {
        Ok(t) => t,
        Err(code) => return code,
    };
    emit(&hedui::rules::docs::list(&tables, lang), ColorArg::Never);
    ExitCode::SUCCESS
}

fn explain(rule: &str, lang: Lang) -> ExitCode {
    let tables = match load_tables(None) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match hedui::rules::docs::get(rule) {
        Some(doc) => {
            emit(
                &hedui::rules::docs::explain(doc, &tables, lang),
                ColorArg::Never,
            );
            ExitCode::SUCCESS
        }
        None => {
            let ids: Vec<&str> = hedui::rules::RULES.iter().map(|r| r.id).collect();
            eprintln!("hedui: unknown rule {rule:?} (rules: {})", ids.join(", "));
            ExitCode::from(2)
        }
    }
}

/// The read options the flags ask for; a bad `--encoding` label is a usage error.
fn read_options(args: &CheckArgs) -> Result<ReadOptions, ExitCode> {
    let encoding = match &args.encoding {
        Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(enc) => Some(enc),
            None => {
                eprintln!("hedui: unknown encoding {label:?} (try utf-8, gbk, gb18030, big5, utf-16le, utf-16be)");
                return Err(ExitCode::from(2));
            }
        },
        None => None,
    };
    let format = args.input_format.map(|f| match f {
        InputFormatArg::Text => Format::Text,
        InputFormatArg::Markdown => Format::Markdown,
        InputFormatArg::Html => Format::Html,
        InputFormatArg::Docx => Format::Docx,
        InputFormatArg::Pdf => Format::Pdf,
    });
    Ok(ReadOptions {
        format,
        encoding,
        limits: Limits {
            max_file_bytes: args.max_size,
            ..Limits::default()
        },
    })
}

fn check(args: &CheckArgs, lang: Lang) -> ExitCode {
    let tables = match load_tables(args.rules.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let options = match read_options(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let outcomes = if let Some(annex) = &args.annex {
        let [body] = args.files.as_slice() else {
            eprintln!("hedui: --annex takes exactly one body document");
            return ExitCode::from(2);
        };
        if body.is_dir() {
            eprintln!(
                "hedui: {}: --annex needs a body document, not a directory",
                body.display()
            );
            return ExitCode::from(2);
        }
        let outcome =
            hedui::check_with_annex(body, annex, &options, &tables).map_err(|e| hedui::Failure {
                path: body.clone(),
                error: e.to_string(),
            });
        let mut printer = Printer::new(args, 1, lang, &tables);
        printer.deliver(outcome);
        printer.finish()
    } else {
        let inputs = match hedui::batch::expand(&args.files, &args.glob) {
            Ok(inputs) => inputs,
            Err(e) => {
                eprintln!("hedui: {e}");
                return ExitCode::from(2);
            }
        };
        if inputs.is_empty() {
            let paths: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "hedui: {}: no documents found (see --glob)",
                paths.join(", ")
            );
            return ExitCode::from(2);
        }
        let mut printer = Printer::new(args, inputs.len(), lang, &tables);
        hedui::batch::run(&inputs, &options, &tables, args.jobs, |o| {
            printer.deliver(o)
        });
        printer.finish()
    };
    exit_code(args.fail_on, &outcomes)
}

/// Exit code 2 if any document failed, else 1 if a finding is at or above `fail_on`, else 0.
fn exit_code(fail_on: FailOn, outcomes: &Outcomes) -> ExitCode {
    if outcomes.failed {
        return ExitCode::from(2);
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    if threshold.is_some_and(|t| outcomes.worst.is_some_and(|w| w >= t)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What a run came to, for the exit code.
struct Outcomes {
    failed: bool,
    worst: Option<Severity>,
}

/// Prints outcomes as they arrive (in input order): errors and notes to stderr, reports to
/// stdout, a progress bar on a terminal.
struct Printer<'a> {
    args: &'a CheckArgs,
    lang: Lang,
    tables: &'a Tables,
    progress: Option<indicatif::ProgressBar>,
    /// Kept for the formats that print one document at the end (json, sarif, markdown, html).
    kept: Vec<hedui::Outcome>,
    outcomes: Outcomes,
}

impl<'a> Printer<'a> {
    fn new(args: &'a CheckArgs, total: usize, lang: Lang, tables: &'a Tables) -> Printer<'a> {
        let show = total > 1 && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let progress = show.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} documents, {per_sec}, {eta} left",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Printer {
            args,
            lang,
            tables,
            progress,
            kept: Vec::new(),
            outcomes: Outcomes {
                failed: false,
                worst: None,
            },
        }
    }

    fn deliver(&mut self, outcome: hedui::Outcome) {
        let mut err = String::new();
        match &outcome {
            Ok(c) => {
                for note in &c.notes {
                    err.push_str(&format!("hedui: warning: {note}\n"));
                }
                let worst = c.findings.iter().map(|f| f.severity).max();
                self.outcomes.worst = self.outcomes.worst.max(worst);
            }
            Err(f) => {
                err.push_str(&format!("hedui: {}\n", f.error));
                self.outcomes.failed = true;
            }
        }
        let out = match (self.args.format, &outcome) {
            (FormatArg::Human, Ok(c)) => report::human::render_one(c, self.lang),
            (FormatArg::Jsonl, o) => report::json::render_line(o, self.lang),
            (FormatArg::Github, o) => report::github::render_one(o, self.lang),
            _ => String::new(),
        };
        let print = || {
            if !err.is_empty() {
                let _ = std::io::stderr().write_all(err.as_bytes());
            }
            if !out.is_empty() {
                emit(&out, self.args.color);
            }
        };
        match &self.progress {
            Some(bar) => {
                bar.suspend(print);
                bar.inc(1);
            }
            None => print(),
        }
        if self.collects() {
            self.kept.push(outcome);
        }
    }

    /// Whether the format prints one document at the end.
    fn collects(&self) -> bool {
        matches!(
            self.args.format,
            FormatArg::Json | FormatArg::Sarif | FormatArg::Markdown | FormatArg::Html
        )
    }

    fn finish(self) -> Outcomes {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
        let (kept, lang) = (&self.kept, self.lang);
        let out = match self.args.format {
            FormatArg::Json => report::json::render(kept, lang),
            FormatArg::Sarif => report::sarif::render(kept, self.tables, lang),
            FormatArg::Markdown => report::markdown::render(kept, lang),
            FormatArg::Html => report::html::render(kept, lang),
            FormatArg::Human | FormatArg::Jsonl | FormatArg::Github => String::new(),
        };
        if !out.is_empty() {
            emit(&out, self.args.color);
        }
        self.outcomes
    }
}

fn debug(files: &[std::path::PathBuf], text: bool) -> ExitCode {
    let tables = match load_tables(None) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut code = ExitCode::SUCCESS;
    for path in files {
        let result = Source::read(path, &ReadOptions::default()).and_then(|src| {
            if text {
                Ok(src.text)
            } else {
                hedui::dump_stages(&src, &tables)
            }
        });
        match result {
            Ok(text) => emit(&format!("== {}\n{text}", path.display()), ColorArg::Never),
            Err(e) => {
                eprintln!("hedui: {e}");
                code = ExitCode::from(2);
            }
        }
    }
    code
}

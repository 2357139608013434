//! The `hedui` binary: parse flags, call the library, print, pick the exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or input error).

mod cli;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use hedui::baseline::{Anchor, Baseline};
use hedui::config::Resolver;
use hedui::i18n::Lang;
use hedui::input::{Format, Limits, ReadOptions, Source};
use hedui::tables::TableTexts;
use hedui::tables::Tables;
use hedui::{report, Severity};

use cli::{CheckArgs, Cli, ColorArg, Command, FailOn, FormatArg, InputFormatArg, LangArg};

fn main() -> ExitCode {
    // A second Ctrl-C while the first is being handled ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
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
        Command::Annotate(args) => annotate(&args, lang),
        Command::Rules => rules(lang),
        Command::Explain { rule } => explain(&rule, lang),
        Command::Config {
            show: _,
            config,
            rules,
            path,
        } => show_config(rules.as_deref(), config.as_deref(), path.as_deref()),
        Command::Debug { files, text } => debug(&files, text),
    }
}

/// Set when stdout was closed by its reader (`hedui … | head`): nothing more is printed, and
/// that is not an error.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Set by Ctrl-C: the batch stops taking new documents and nothing is written.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout; after the reader has gone, writes nothing.
fn emit(text: &str, color: ColorArg) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let written = if text.as_bytes().contains(&0x1b) {
        let choice = match color {
            ColorArg::Auto => anstream::ColorChoice::Auto,
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
        };
        let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    } else {
        // Nothing to strip or translate: every format but the coloured human one.
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        }
    }
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

/// The configuration resolver for `--rules DIR` and `--config FILE`; errors are one line.
fn resolver(rules: Option<&Path>, config: Option<&Path>) -> Result<Resolver, ExitCode> {
    let texts = match rules {
        Some(dir) => TableTexts::from_dir(dir),
        None => Ok(TableTexts::builtin()),
    };
    texts.and_then(|t| Resolver::new(t, config)).map_err(|e| {
        eprintln!("hedui: {e}");
        ExitCode::from(2)
    })
}

fn check(args: &CheckArgs, lang: Lang) -> ExitCode {
    let resolver = match resolver(args.rules.as_deref(), args.config.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // The tables of the current directory's configuration: default rule levels for SARIF.
    let base = match resolver.resolve(&Path::new(".").join("document")) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
    };
    let tables: &Tables = &base.tables;
    let options = match read_options(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if let Some(path) = &args.write_baseline {
        let mut inputs = args.files.clone();
        inputs.extend(args.annex.iter().cloned());
        if let Err(e) = hedui::output::check_target(path, &inputs) {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
    }
    let filter = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b
            .zip(args.baseline.as_deref())
            .map(|(b, path)| b.filter(Anchor::for_file(path))),
        Err(e) => {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
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
        let outcome = resolver
            .resolve(body)
            .and_then(|r| hedui::check_with_annex(body, annex, &options, &r.tables))
            .map_err(|e| hedui::Failure {
                path: body.clone(),
                error: e.to_string(),
            });
        let mut printer = Printer::new(args, 1, filter, lang, tables);
        printer.deliver(outcome);
        printer.finish()
    } else {
        let inputs = match hedui::batch::expand(&args.files, &args.glob, &resolver) {
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
        let mut printer = Printer::new(args, inputs.len(), filter, lang, tables);
        hedui::batch::run(&inputs, &options, &resolver, args.jobs, &INTERRUPTED, |o| {
            printer.deliver(o)
        });
        printer.finish()
    };
    if INTERRUPTED.load(Ordering::SeqCst) {
        eprintln!("hedui: interrupted; nothing written");
        return ExitCode::from(130);
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::record(&Anchor::for_file(path), &outcomes.checked);
        let inputs: Vec<std::path::PathBuf> = outcomes
            .checked
            .iter()
            .flat_map(|c| c.files.iter().cloned())
            .collect();
        if let Err(e) = hedui::output::write_atomic(path, baseline.to_json().as_bytes(), &inputs) {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
        eprintln!(
            "hedui: recorded {} findings in {}",
            baseline.findings.len(),
            path.display()
        );
        return exit_code(FailOn::Never, &outcomes);
    }
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

/// What a run came to, for the exit code and a baseline.
struct Outcomes {
    failed: bool,
    worst: Option<Severity>,
    /// Checked documents, kept only for --write-baseline.
    checked: Vec<hedui::Checked>,
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
    /// Hides findings recorded in a baseline.
    filter: Option<hedui::baseline::Filter>,
    /// Findings below `--show`, left out.
    not_shown: usize,
}

impl<'a> Printer<'a> {
    fn new(
        args: &'a CheckArgs,
        total: usize,
        filter: Option<hedui::baseline::Filter>,
        lang: Lang,
        tables: &'a Tables,
    ) -> Printer<'a> {
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
                checked: Vec::new(),
            },
            filter,
            not_shown: 0,
        }
    }

    fn deliver(&mut self, mut outcome: hedui::Outcome) {
        if let (Some(filter), Ok(c)) = (&mut self.filter, &mut outcome) {
            filter.apply(c);
        }
        if let (Some(_), Ok(c)) = (&self.args.write_baseline, &outcome) {
            self.outcomes.checked.push(c.clone());
        }
        if let Ok(c) = &mut outcome {
            // The exit code sees every finding; the reports only those shown.
            let worst = c.findings.iter().map(|f| f.severity).max();
            self.outcomes.worst = self.outcomes.worst.max(worst);
            self.not_shown += report::arrange(&mut c.findings, self.args.show.severity());
        }
        let mut err = String::new();
        match &outcome {
            Ok(c) => {
                for note in &c.notes {
                    err.push_str(&format!("hedui: warning: {note}\n"));
                }
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
        if let (Some(path), Some(filter)) = (&self.args.baseline, &self.filter) {
            let tally = filter.tally();
            if tally.hidden > 0 {
                eprintln!(
                    "hedui: {} findings recorded in {} not shown",
                    tally.hidden,
                    path.display()
                );
            }
            if tally.stale > 0 {
                eprintln!(
                    "hedui: warning: {} findings recorded in {} no longer occur (stale); --write-baseline {} records the current ones",
                    tally.stale,
                    path.display(),
                    path.display()
                );
            }
            if tally.recorded > 0 && tally.documents_matched == 0 {
                eprintln!(
                    "hedui: warning: {} records findings of none of the checked documents (its paths are relative to {})",
                    path.display(),
                    filter.root().display()
                );
            }
        }
        if self.not_shown > 0 {
            let show = self.args.show.severity().as_str();
            eprintln!(
                "hedui: {} findings below {show} not shown (--show {show})",
                self.not_shown
            );
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

/// `hedui annotate IN.docx -o OUT.docx`: the document with one Word comment per finding side.
fn annotate(args: &cli::AnnotateArgs, lang: Lang) -> ExitCode {
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!("hedui: {e}");
        ExitCode::from(2)
    };
    let resolver = match resolver(args.rules.as_deref(), args.config.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let inputs = [args.input.clone()];
    if let Err(e) = hedui::output::check_target(&args.output, &inputs) {
        return fail(&e);
    }
    let options = ReadOptions::default();
    let source = match Source::read(&args.input, &options) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    if source.format != Format::Docx {
        return fail(&format!(
            "{}: not a Word document (.docx); annotate writes comments into .docx files only",
            args.input.display()
        ));
    }
    let mut checked = match resolver
        .resolve(&args.input)
        .and_then(|r| hedui::check_source(&source, &r.tables))
    {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let worst = checked.findings.iter().map(|f| f.severity).max();
    // Comments follow the document (annex order); only the severities asked for.
    let show = args.show.severity();
    checked.findings.retain(|f| f.severity >= show);
    let bytes = match std::fs::read(&args.input) {
        Ok(b) => b,
        Err(e) => return fail(&format!("{}: cannot read file: {e}", args.input.display())),
    };
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let opts = hedui::annotate::Options {
        lang,
        limits: options.limits,
        date: hedui::annotate::iso_date(secs),
    };
    let annotated = match hedui::annotate::annotate(&args.input, &bytes, &checked.findings, &opts) {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    // The copy keeps the document's permissions.
    if let Err(e) =
        hedui::output::write_atomic_as(&args.output, &annotated.bytes, &inputs, Some(&args.input))
    {
        return fail(&e);
    }
    eprintln!(
        "hedui: wrote {} with {} comments on {} findings",
        args.output.display(),
        annotated.comments,
        checked.findings.len()
    );
    let outcomes = Outcomes {
        failed: false,
        worst,
        checked: Vec::new(),
    };
    exit_code(args.fail_on, &outcomes)
}

/// `hedui config --show`: the configuration that applies to PATH (default: the current
/// directory), as TOML: where it comes from, every rule's effective setting, and the additions.
fn show_config(rules: Option<&Path>, config: Option<&Path>, path: Option<&Path>) -> ExitCode {
    let resolver = match resolver(rules, config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let here = Path::new(".").join("document");
    let doc = match path {
        Some(p) if p.is_dir() => p.join("document"),
        Some(p) => p.to_path_buf(),
        None => here,
    };
    let resolved = match resolver.resolve(&doc) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
    };
    let mut effective = resolved.config.clone();
    for r in hedui::rules::RULES {
        let setting = if resolved.tables.off.contains(r.id) {
            hedui::config::Setting::Off
        } else {
            match resolved.tables.severities.get(r.id) {
                Some(Severity::Error) => hedui::config::Setting::Error,
                Some(Severity::Info) => hedui::config::Setting::Info,
                _ => hedui::config::Setting::Warning,
            }
        };
        effective.rules.insert(r.id.to_string(), setting);
    }
    let source = match &resolved.path {
        Some(p) => format!("# from {}\n", p.display()),
        None => "# no hedui.toml found: built-in defaults\n".to_string(),
    };
    let tables = match rules {
        Some(dir) => format!("# tables: built-in, with the files in {}\n", dir.display()),
        None => "# tables: built-in\n".to_string(),
    };
    match toml::to_string(&effective) {
        Ok(text) => {
            emit(&format!("{source}{tables}{text}"), ColorArg::Never);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hedui: cannot print the configuration: {e}");
            ExitCode::from(2)
        }
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

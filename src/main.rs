//! The `hedui` binary: parse flags, call the library, print, pick the exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or input error).

mod cli;

// mimalloc: small allocations are most of a document's allocator traffic (about 12,000 per
// document), and glibc's malloc spent about 14 % of a batch's instructions on them. Built with
// `no_thp` so that its arenas do not take transparent huge pages (which raised the sample's peak
// memory above 30 MB when tried without it; docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use hedui::baseline::{Anchor, Baseline};
use hedui::config::Resolver;
use hedui::i18n::{self, Lang, Note};
use hedui::input::{Format, Limits, ReadOptions, Source};
use hedui::tables::TableTexts;
use hedui::tables::Tables;
use hedui::{report, Severity};

use cli::{CheckArgs, ColorArg, Command, FailOn, FormatArg, InputFormatArg, LangArg};

fn main() -> ExitCode {
    // A second Ctrl-C while the first is being handled ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let cli = match cli::parse() {
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
    i18n::set_process_lang(lang);
    match cli.command {
        Command::Check(args) => check(&args, lang),
        Command::Annotate(args) => annotate(&args, lang),
        Command::Annex(args) => annex(&args, lang),
        Command::Rules => rules(lang),
        Command::Explain { rule } => explain(&rule, lang),
        Command::Config {
            show: _,
            config,
            rules,
            path,
        } => show_config(rules.as_deref(), config.as_deref(), path.as_deref(), lang),
        Command::Debug { files, text } => debug(&files, text, lang),
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

/// Prints `note` on stderr as one `hedui: ` line in `lang`.
fn say(note: Note, lang: Lang) {
    eprintln!("hedui: {}", note.render(lang));
}

/// Prints error `e` as one line in `lang`; exit code 2.
fn fail(e: &hedui::Error, lang: Lang) -> ExitCode {
    eprintln!("hedui: {}", i18n::error(e, lang));
    ExitCode::from(2)
}

/// Prints `note` as an error line; exit code 2.
fn fail_with(note: Note, lang: Lang) -> ExitCode {
    say(note, lang);
    ExitCode::from(2)
}

/// The built-in tables, or with `--rules DIR` the tables with the user's files in place; a
/// broken table is printed as one line and becomes exit code 2.
fn load_tables(dir: Option<&Path>, lang: Lang) -> Result<Cow<'static, Tables>, ExitCode> {
    let loaded = match dir {
        Some(dir) => Tables::with_overrides(dir).map(Cow::Owned),
        None => Tables::builtin()
            .map(Cow::Borrowed)
            .map_err(hedui::Error::from),
    };
    loaded.map_err(|e| fail(&e, lang))
}

fn rules(lang: Lang) -> ExitCode {
    let tables = match load_tables(None, lang) {
        Ok(t) => t,
        Err(code) => return code,
    };
    emit(&hedui::rules::docs::list(&tables, lang), ColorArg::Never);
    ExitCode::SUCCESS
}

/// `hedui annex`: the annex as read, for an editor to compare with the document.
fn annex(args: &cli::AnnexArgs, lang: Lang) -> ExitCode {
    let tables = match load_tables(None, lang) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let encoding = match &args.encoding {
        Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(enc) => Some(enc),
            None => {
                return fail_with(
                    Note::UnknownEncoding {
                        label: label.clone(),
                    },
                    lang,
                )
            }
        },
        None => None,
    };
    let options = ReadOptions {
        encoding,
        ..ReadOptions::default()
    };
    if args.annex.is_some() && args.files.len() > 1 {
        return fail_with(Note::AnnexOneBody, lang);
    }
    let mut code = ExitCode::SUCCESS;
    let mut views = Vec::new();
    for path in &args.files {
        let view = Source::read(path, &options)
            .and_then(|src| match &args.annex {
                Some(a) => Ok(src.with_annex(Source::read(a, &options)?)),
                None => Ok(src),
            })
            .and_then(|src| hedui::annex_view(&src, &tables));
        match view {
            Ok(v) => views.push(v),
            Err(e) => code = fail(&e, lang),
        }
    }
    match args.format {
        cli::AnnexFormat::Json => match serde_json::to_string_pretty(&views) {
            Ok(json) => emit(&format!("{json}\n"), ColorArg::Never),
            Err(e) => {
                eprintln!("hedui: cannot write JSON: {e}");
                code = ExitCode::from(2);
            }
        },
        cli::AnnexFormat::Human => {
            for v in &views {
                emit(&v.render(lang), ColorArg::Never);
            }
        }
    }
    code
}

fn explain(rule: &str, lang: Lang) -> ExitCode {
    let tables = match load_tables(None, lang) {
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
            fail_with(
                Note::UnknownRule {
                    rule: rule.to_string(),
                    rules: ids.join(", "),
                },
                lang,
            )
        }
    }
}

/// The read options the flags ask for; a bad `--encoding` label is a usage error.
fn read_options(args: &CheckArgs, lang: Lang) -> Result<ReadOptions, ExitCode> {
    let encoding = match &args.encoding {
        Some(label) => match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(enc) => Some(enc),
            None => {
                return Err(fail_with(
                    Note::UnknownEncoding {
                        label: label.clone(),
                    },
                    lang,
                ))
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
            max_memory_bytes: args.max_memory,
            ..Limits::default()
        },
    })
}

/// The configuration resolver for `--rules DIR` and `--config FILE`; errors are one line.
fn resolver(rules: Option<&Path>, config: Option<&Path>, lang: Lang) -> Result<Resolver, ExitCode> {
    let texts = match rules {
        Some(dir) => TableTexts::from_dir(dir),
        None => Ok(TableTexts::builtin()),
    };
    texts
        .and_then(|t| Resolver::new(t, config))
        .map_err(|e| fail(&e, lang))
}

fn check(args: &CheckArgs, lang: Lang) -> ExitCode {
    let resolver = match resolver(args.rules.as_deref(), args.config.as_deref(), lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // The tables of the current directory's configuration: default rule levels for SARIF.
    let base = match resolver.resolve(&Path::new(".").join("document")) {
        Ok(r) => r,
        Err(e) => return fail(&e, lang),
    };
    let tables: &Tables = &base.tables;
    let options = match read_options(args, lang) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if let Some(path) = &args.write_baseline {
        let mut inputs = args.files.clone();
        inputs.extend(args.annex.iter().cloned());
        if let Err(e) = hedui::output::check_target(path, &inputs) {
            return fail(&e, lang);
        }
    }
    let filter = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b
            .zip(args.baseline.as_deref())
            .map(|(b, path)| b.filter(Anchor::for_file(path))),
        Err(e) => return fail(&e, lang),
    };
    let outcomes = if let Some(annex) = &args.annex {
        let [body] = args.files.as_slice() else {
            return fail_with(Note::AnnexOneBody, lang);
        };
        if body.is_dir() {
            return fail_with(
                Note::AnnexNotDirectory {
                    path: body.display().to_string(),
                },
                lang,
            );
        }
        let outcome = resolver
            .resolve(body)
            .and_then(|r| hedui::check_with_annex(body, annex, &options, &r.tables))
            .map_err(|e| hedui::Failure {
                path: body.clone(),
                error: i18n::error(&e, lang),
            });
        let mut printer = Printer::new(args, 1, filter, lang, tables);
        printer.deliver(outcome);
        printer.finish()
    } else {
        let inputs = match hedui::batch::expand(&args.files, &args.glob, &resolver) {
            Ok(inputs) => inputs,
            Err(e) => return fail(&e, lang),
        };
        if inputs.is_empty() {
            let paths: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
            return fail_with(
                Note::NoDocuments {
                    paths: paths.join(", "),
                },
                lang,
            );
        }
        let mut printer = Printer::new(args, inputs.len(), filter, lang, tables);
        hedui::batch::run(&inputs, &options, &resolver, args.jobs, &INTERRUPTED, |o| {
            printer.deliver(o)
        });
        printer.finish()
    };
    if INTERRUPTED.load(Ordering::SeqCst) {
        say(Note::Interrupted, lang);
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
            return fail(&e, lang);
        }
        say(
            Note::BaselineRecorded {
                count: baseline.findings.len(),
                baseline: path.display().to_string(),
            },
            lang,
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
    /// Whether the human report is written with ANSI styles (`--color`, and for `auto` what
    /// stdout supports): plain output is rendered plain rather than styled and stripped.
    styled: bool,
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
        let styled = match args.color {
            ColorArg::Never => false,
            ColorArg::Always => true,
            ColorArg::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        };
        Printer {
            args,
            lang,
            tables,
            progress,
            styled,
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
                    let note = Note::ReadWarning { note: note.clone() };
                    err.push_str(&format!("hedui: {}\n", note.render(self.lang)));
                }
            }
            Err(f) => {
                err.push_str(&format!("hedui: {}\n", f.error));
                self.outcomes.failed = true;
            }
        }
        let out = match (self.args.format, &outcome) {
            (FormatArg::Human, Ok(c)) => report::human::render_one(c, self.lang, self.styled),
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
        let lang = self.lang;
        if let (Some(path), Some(filter)) = (&self.args.baseline, &self.filter) {
            let tally = filter.tally();
            let baseline = path.display().to_string();
            if tally.hidden > 0 {
                let count = tally.hidden;
                say(
                    Note::BaselineHidden {
                        count,
                        baseline: baseline.clone(),
                    },
                    lang,
                );
            }
            if tally.stale > 0 {
                let count = tally.stale;
                say(
                    Note::BaselineStale {
                        count,
                        baseline: baseline.clone(),
                    },
                    lang,
                );
            }
            if tally.recorded > 0 && tally.documents_matched == 0 {
                let root = filter.root().display().to_string();
                say(Note::BaselineNoMatch { baseline, root }, lang);
            }
        }
        if self.not_shown > 0 {
            let show = self.args.show.severity().as_str();
            say(
                Note::NotShown {
                    count: self.not_shown,
                    show,
                },
                lang,
            );
        }
        let kept = &self.kept;
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
    let fail = |e: &hedui::Error| fail(e, lang);
    let resolver = match resolver(args.rules.as_deref(), args.config.as_deref(), lang) {
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
        let path = args.input.display().to_string();
        return fail_with(Note::NotDocx { path }, lang);
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
        Err(source) => {
            return fail(&hedui::Error::Read {
                path: args.input.clone(),
                source,
            })
        }
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
    say(
        Note::Annotated {
            path: args.output.display().to_string(),
            comments: annotated.comments,
            findings: checked.findings.len(),
        },
        lang,
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
fn show_config(
    rules: Option<&Path>,
    config: Option<&Path>,
    path: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let resolver = match resolver(rules, config, lang) {
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
        Err(e) => return fail(&e, lang),
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
        Some(p) => Note::ConfigFrom {
            path: p.display().to_string(),
        },
        None => Note::ConfigBuiltin,
    };
    let tables = match rules {
        Some(dir) => Note::TablesFrom {
            dir: dir.display().to_string(),
        },
        None => Note::TablesBuiltin,
    };
    let (source, tables) = (source.render(lang), tables.render(lang));
    match toml::to_string(&effective) {
        Ok(text) => {
            emit(&format!("# {source}\n# {tables}\n{text}"), ColorArg::Never);
            ExitCode::SUCCESS
        }
        Err(e) => fail_with(
            Note::ConfigUnprintable {
                detail: e.to_string(),
            },
            lang,
        ),
    }
}

fn debug(files: &[std::path::PathBuf], text: bool, lang: Lang) -> ExitCode {
    let tables = match load_tables(None, lang) {
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
            Err(e) => code = fail(&e, lang),
        }
    }
    code
}

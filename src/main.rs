//! The `hedui` binary: parse flags, call the library, print, pick the exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or input error).

mod cli;

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use hedui::tables::Tables;
use hedui::{report, Severity};

use cli::{CheckArgs, Cli, ColorArg, Command, FailOn, FormatArg};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules => rules(),
        Command::Debug { files } => debug(&files),
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

fn rules() -> ExitCode {
    let tables = match load_tables(None) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut text = String::new();
    for r in hedui::rules::RULES {
        let sev = tables
            .severities
            .get(r.id)
            .map_or("warning", |s| s.as_str());
        text.push_str(&format!("{:<20} {:<8} {}\n", r.id, sev, r.summary));
    }
    emit(&text, ColorArg::Never);
    ExitCode::SUCCESS
}

fn check(args: &CheckArgs) -> ExitCode {
    let tables = match load_tables(args.rules.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut checked = Vec::new();
    let mut failed = false;
    for path in &args.files {
        match hedui::check_path(path, &tables) {
            Ok(c) => checked.push(c),
            Err(e) => {
                eprintln!("hedui: {e}");
                failed = true;
            }
        }
    }
    let text = match args.format {
        FormatArg::Human => report::human::render(&checked),
        FormatArg::Json => report::json::render(&checked),
    };
    if !checked.is_empty() || args.format == FormatArg::Json {
        emit(&text, args.color);
    }
    if failed {
        return ExitCode::from(2);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let fails = threshold.is_some_and(|t| {
        checked
            .iter()
            .flat_map(|c| &c.findings)
            .any(|f| f.severity >= t)
    });
    if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn debug(files: &[std::path::PathBuf]) -> ExitCode {
    let tables = match load_tables(None) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut code = ExitCode::SUCCESS;
    for path in files {
        let result =
            hedui::input::Source::read(path).and_then(|src| hedui::dump_stages(&src, &tables));
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

//! The `hedui` binary: parse flags, call the library, print, pick the exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage or input error).

mod cli;

use std::io::Write;
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

fn rules() -> ExitCode {
    let tables = match Tables::builtin() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
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
    let loaded = match &args.rules {
        Some(dir) => Tables::with_overrides(dir).map(Some),
        None => Tables::builtin().map(|_| None).map_err(hedui::Error::from),
    };
    let owned = match loaded {
        Ok(t) => t,
        Err(e) => {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
    };
    let tables = match (&owned, Tables::builtin()) {
        (Some(t), _) => t,
        (None, Ok(t)) => t,
        (None, Err(e)) => {
            eprintln!("hedui: {e}");
            return ExitCode::from(2);
        }
    };
    let mut checked = Vec::new();
    let mut failed = false;
    for path in &args.files {
        match hedui::check_path(path, tables) {
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
    let mut code = ExitCode::SUCCESS;
    for path in files {
        let result = Tables::builtin()
            .map_err(hedui::Error::from)
            .and_then(|t| Ok((t, hedui::input::Source::read(path)?)))
            .and_then(|(t, src)| hedui::dump_stages(&src, t));
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

//! The `pythread` command line.
//!
//! Exit status: 0 success, 2 bad input (a located error, an unreadable file,
//! bad arguments).

use clap::{Parser, Subcommand, ValueEnum};
use pythread_model::frontend::{self, Diagnostic};
use pythread_model::{render, Scenario};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// An executable specification of Python's thread caveats.
#[derive(Parser)]
#[command(name = "pythread", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a script of the scenario language and print its IR (exit 2 and
    /// located errors if it is outside the subset).
    Parse {
        /// The Python script.
        script: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Turn a scenario's JSON IR (from `parse --format json`) back into Python.
    Render {
        /// The JSON file; `-` or nothing reads standard input.
        input: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { script, format } => parse(&script, format),
        Command::Render { input } => render_json(input),
    }
}

fn parse(script: &PathBuf, format: Format) -> ExitCode {
    match frontend::parse_file(script) {
        Ok((_, scenario)) => {
            match format {
                Format::Text => print!("{}", render::outline(&scenario)),
                Format::Json => println!("{}", serde_json::to_string_pretty(&scenario).expect("IR serializes")),
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(script, &diags, format);
            ExitCode::from(2)
        }
    }
}

/// Prints diagnostics: one located line each plus the source excerpt, or a
/// JSON object `{"errors": [...]}` on stdout for programs.
fn report(script: &PathBuf, diags: &[Diagnostic], format: Format) {
    match format {
        Format::Json => {
            println!("{}", serde_json::json!({ "errors": diags }));
        }
        Format::Text => {
            let source = std::fs::read_to_string(script).unwrap_or_default();
            for d in diags {
                eprintln!("{}", d.render(&source));
            }
            eprintln!("{} error(s) in {}", diags.len(), script.display());
        }
    }
}

fn render_json(input: Option<PathBuf>) -> ExitCode {
    let (name, text) = match input.as_deref() {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => (p.display().to_string(), std::fs::read_to_string(p)),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{name}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    match serde_json::from_str::<Scenario>(&text) {
        Ok(s) => {
            print!("{}", render::render(&s));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{name}:{}:{}: error: not a scenario IR: {e}", e.line(), e.column());
            ExitCode::from(2)
        }
    }
}

fn read_stdin() -> (String, std::io::Result<String>) {
    let mut s = String::new();
    let r = std::io::stdin().read_to_string(&mut s).map(|_| s);
    ("<stdin>".to_string(), r)
}

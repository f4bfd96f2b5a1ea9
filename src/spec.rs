//! `pythread spec`: the generated blocks of `specs/*.md`.
//!
//! A page asks for a block with an HTML comment naming what to generate; the
//! generator rewrites everything up to the next end marker:
//!
//! ```text
//! <!-- pythread:begin example SCRIPT.py -->    the script, its outcomes per variant, a Mermaid trace
//! <!-- pythread:begin properties CAVEAT -->    the caveat's invariants and witnesses
//! <!-- pythread:begin scenarios CAVEAT -->     scenarios/CAVEAT_*.py with their first comment line
//! <!-- pythread:begin hazards -->              every hazard kind with its example scripts
//! <!-- pythread:begin variants -->             every variant the model distinguishes
//! <!-- pythread:end -->
//! ```
//!
//! Everything in a block comes from the model (and the corpus), so
//! `pythread spec --check` fails as soon as a rule changes and the pages
//! were not regenerated.

use pythread_model::caveats::{self, witness_name};
use pythread_model::diagram::Diagram;
use pythread_model::hazards;
use pythread_model::machine::{Mutation, PyModel};
use pythread_model::outcome::{predict, Limits, Outcome, Prediction};
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use stateright::Model;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const BEGIN: &str = "<!-- pythread:begin ";
const END: &str = "<!-- pythread:end -->";

/// A located problem with a page (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

/// One generated block of a page.
#[derive(Debug, Clone)]
pub struct Block {
    /// The page.
    pub file: PathBuf,
    /// The line of its begin marker (1-based).
    pub line: usize,
    /// What the marker asks for: `example foo.py`.
    pub request: String,
    /// Whether its text differs from what the model generates now.
    pub stale: bool,
}

/// A page with its blocks regenerated.
pub struct Page {
    pub file: PathBuf,
    /// The page as it is on disk.
    pub old: String,
    /// The page with every block regenerated.
    pub new: String,
    pub blocks: Vec<Block>,
}

/// What the generator reads: the repository root (with `specs/` and
/// `scenarios/`) and the model's rules (`mutation` breaks one, for tests).
#[derive(Clone, Debug)]
pub struct Generator {
    pub root: PathBuf,
    pub mutation: Option<Mutation>,
}

impl Generator {
    pub fn new(root: impl Into<PathBuf>) -> Generator {
        Generator { root: root.into(), mutation: None }
    }

    /// Every `specs/*.md` page, regenerated in memory.
    pub fn pages(&self) -> Result<Vec<Page>, SpecError> {
        let dir = self.root.join("specs");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| SpecError { file: dir.clone(), line: 0, message: e.to_string() })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        files.iter().map(|f| self.page(f)).collect()
    }

    /// One page, regenerated in memory.
    pub fn page(&self, file: &Path) -> Result<Page, SpecError> {
        let old = std::fs::read_to_string(file).map_err(|e| SpecError { file: file.to_path_buf(), line: 0, message: e.to_string() })?;
        let located = |line: usize, message: String| SpecError { file: file.to_path_buf(), line, message };
        let mut new = String::new();
        let mut blocks = Vec::new();
        let mut lines = old.split_inclusive('\n').enumerate();
        while let Some((n, line)) = lines.next() {
            new.push_str(line);
            let Some(rest) = line.trim().strip_prefix(BEGIN) else { continue };
            let request = rest.strip_suffix("-->").map(str::trim).ok_or_else(|| located(n + 1, "a begin marker ends with `-->`".into()))?.to_string();
            let mut body = String::new();
            let mut closed = false;
            for (m, inner) in lines.by_ref() {
                if inner.trim() == END {
                    closed = true;
                    let generated = self.generate(&request).map_err(|e| located(n + 1, e))?;
                    blocks.push(Block { file: file.to_path_buf(), line: n + 1, request: request.clone(), stale: generated != body });
                    new.push_str(&generated);
                    new.push_str(inner);
                    break;
                }
                if inner.trim().starts_with(BEGIN) {
                    return Err(located(m + 1, format!("a block begins inside the block of line {}", n + 1)));
                }
                body.push_str(inner);
            }
            if !closed {
                return Err(located(n + 1, format!("the block `{request}` has no `{END}`")));
            }
        }
        Ok(Page { file: file.to_path_buf(), old, new, blocks })
    }

    /// The text of one block (ends with a newline).
    pub fn generate(&self, request: &str) -> Result<String, String> {
        let mut words = request.split_whitespace();
        let kind = words.next().unwrap_or_default();
        let arg = words.next();
        if words.next().is_some() {
            return Err(format!("`{request}`: too many words"));
        }
        match (kind, arg) {
            ("example", Some(script)) => self.example(script),
            ("properties", Some(id)) => properties(id),
            ("scenarios", Some(id)) => self.scenarios(id),
            ("hazards", None) => self.hazards(),
            ("variants", None) => Ok(variants()),
            ("checkpoints", None) => Ok(checkpoints()),
            ("waits", None) => Ok(waits()),
            _ => Err(format!(
                "unknown block `{request}` (example SCRIPT, properties CAVEAT, scenarios CAVEAT, hazards, variants, checkpoints, waits)"
            )),
        }
    }

    fn model(&self, program: &Arc<Program>, variant: Variant) -> PyModel {
        let m = PyModel::new(program.clone(), variant);
        match self.mutation {
            Some(x) => m.mutated(x),
            None => m,
        }
    }

    /// The script, its outcomes per variant, and a trace where variants differ.
    fn example(&self, script: &str) -> Result<String, String> {
        let path = self.root.join("scenarios").join(script);
        let (source, scenario) = match pythread_model::frontend::parse_file(&path) {
            Ok(x) => x,
            Err(d) => {
                let first = d.first().map_or(String::new(), |d| format!("{}:{}:{}: {}", d.path, d.line, d.col, d.message));
                return Err(format!("example `{script}`: {first}"));
            }
        };
        let program = Arc::new(Program::compile(&scenario));
        let variants = Variant::all();
        let predictions: Vec<Prediction> = variants.iter().map(|&v| predict(&self.model(&program, v), Limits::default())).collect();
        if let Some(p) = predictions.iter().find(|p| !p.complete) {
            return Err(format!("{script} under {}: INCOMPLETE prediction; a spec example must be explored fully", p.variant));
        }
        let mut outcomes: Vec<&Outcome> = predictions.iter().flat_map(|p| p.outcomes.iter().map(|o| &o.outcome)).collect();
        outcomes.sort();
        outcomes.dedup();
        let mut out = String::new();
        let _ = writeln!(out, "`scenarios/{script}`:\n\n```python\n{}```\n", source.trim_end().to_string() + "\n");
        let _ = writeln!(out, "Its outcomes (`pythread predict scenarios/{script} --platform all --version groups --exit all`):\n");
        for (i, o) in outcomes.iter().enumerate() {
            let _ = writeln!(out, "- **O{}**: `{}`", i + 1, o.summary());
        }
        let _ = write!(out, "\n| variant |");
        for i in 0..outcomes.len() {
            let _ = write!(out, " O{} |", i + 1);
        }
        let _ = write!(out, "\n| --- |");
        for _ in &outcomes {
            out.push_str(" :-: |");
        }
        out.push('\n');
        for p in &predictions {
            let _ = write!(out, "| {} |", p.variant);
            for o in &outcomes {
                let has = p.outcomes.iter().any(|x| &x.outcome == *o);
                out.push_str(if has { " ✓ |" } else { " · |" });
            }
            out.push('\n');
        }
        // The first outcome one variant has and another lacks, else the
        // last outcome of the first variant.
        let differing = predictions.iter().find_map(|a| {
            a.outcomes.iter().find_map(|o| {
                predictions
                    .iter()
                    .find(|b| !b.outcomes.iter().any(|x| x.outcome == o.outcome))
                    .map(|b| (a, o, Some(b.variant)))
            })
        });
        let (a, o, lacking) = match differing {
            Some(x) => x,
            None => {
                let a = &predictions[0];
                (a, a.outcomes.last().ok_or("no outcome")?, None)
            }
        };
        let index = outcomes.iter().position(|x| **x == o.outcome).map_or(0, |i| i + 1);
        match lacking {
            Some(b) => {
                let _ = writeln!(out, "\nWhere the variants differ: O{index} happens under {}, never under {b}. A shortest trace to it under {}:\n", a.variant, a.variant);
            }
            None => {
                let _ = writeln!(out, "\nEvery variant has the same outcomes. A shortest trace to O{index} under {}:\n", a.variant);
            }
        }
        let model = self.model(&program, a.variant);
        let init = model.init_states().pop().ok_or("no initial state")?;
        let _ = writeln!(out, "```mermaid\n{}```", Diagram::of_path(&model, &init, &o.actions).mermaid());
        Ok(out)
    }

    /// `scenarios/ID_*.py` with their first comment line.
    fn scenarios(&self, id: &str) -> Result<String, String> {
        let dir = self.root.join("scenarios");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().and_then(|e| e.file_name().into_string().ok()))
            .filter(|n| n.starts_with(&format!("{id}_")) && n.ends_with(".py"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("no scenarios/{id}_*.py"));
        }
        let mut out = String::from("| scenario | what it shows |\n| --- | --- |\n");
        for f in files {
            let text = std::fs::read_to_string(dir.join(&f)).map_err(|e| e.to_string())?;
            let _ = writeln!(out, "| [`{f}`](../scenarios/{f}) | {} |", table_cell(&first_comment(&text)));
        }
        Ok(out)
    }

    /// Every hazard kind with its example and fixed scripts.
    fn hazards(&self) -> Result<String, String> {
        let mut out = String::from("| hazard | severity: why | what goes wrong | usual fix | example |\n| --- | --- | --- | --- | --- |\n");
        for k in hazards::KINDS {
            let example = format!("hazards/{}.py", k.id);
            let link = if self.root.join("scenarios").join(&example).exists() {
                format!("[`{0}.py`](../scenarios/{1}), [fixed](../scenarios/hazards/{0}_fixed.py)", k.id, example)
            } else {
                "—".to_string()
            };
            let _ = writeln!(
                out,
                "| `{}` | {}: {} | {} | {} | {link} |",
                k.id,
                k.severity.name(),
                table_cell(k.why),
                table_cell(k.explanation),
                table_cell(k.fix)
            );
        }
        Ok(out)
    }
}

/// A caveat's invariants and witnesses.
fn properties(id: &str) -> Result<String, String> {
    let caveat = caveats::CAVEATS.iter().find(|c| c.id == id).ok_or_else(|| {
        format!("unknown caveat `{id}` ({})", caveats::CAVEATS.iter().map(|c| c.id).collect::<Vec<_>>().join(", "))
    })?;
    let mut out = String::from("| property | kind | holds when |\n| --- | --- | --- |\n");
    for (name, meaning) in caveat.invariants {
        let _ = writeln!(out, "| `{name}` | always | {} |", table_cell(meaning));
        let _ = writeln!(out, "| `{}` | sometimes | the situation `{name}` guards is reachable |", witness_name(name));
    }
    if id == "interrupts-main-only" {
        use pythread_model::caveats::interrupts_main_only::{witness_at, CheckKind};
        for kind in CheckKind::ALL {
            let _ = writeln!(out, "| `{}` | sometimes | a handler runs at a check point of kind `{}` |", witness_at(kind), kind.name());
        }
    }
    Ok(out)
}

/// Every variant, with what each axis means.
fn variants() -> String {
    let mut out = String::from("| variant | platform | version | exit mode |\n| --- | --- | --- | --- |\n");
    for v in Variant::all() {
        let _ = writeln!(out, "| `{v}` | {} | {} | {} |", v.platform.name(), v.version, v.exit.name());
    }
    out.push('\n');
    for p in Platform::ALL {
        let _ = writeln!(out, "- `{}`: {}", p.name(), p.meaning());
    }
    out.push_str(
        "- versions: one per group that behaves alike here (`Version::GROUPS`): `3.9` for 3.8–3.9, `3.10`, `3.12` for 3.11–3.12, \
         `3.13` for 3.13.15 and later (`3.13.0` is asked for by name), `3.14`; where handlers run in each is the table in \
         [`interrupts-main-only`](interrupts-main-only.md#where-a-pending-handler-runs).\n",
    );
    for e in ExitMode::ALL {
        let _ = writeln!(out, "- `{}`: {}", e.name(), e.meaning());
    }
    out
}

/// Caveat 3 through every wait of the language (`waits::WAITS`): whether a
/// Ctrl-C that comes while the main thread is blocked in it interrupts it,
/// per platform and version, read off the model's witnesses; then each
/// wait's script.
fn waits() -> String {
    use pythread_model::waits::WAITS;
    let groups: [(&str, Platform, &[u8]); 3] =
        [("Linux/POSIX 3.8–3.14", Platform::Linux, &[9, 10, 12, 13, 14]), ("Windows 3.8–3.13", Platform::Windows, &[9, 10, 12, 13]), ("Windows 3.14", Platform::Windows, &[14])];
    let mut out = String::from("| wait | where CPython blocks |");
    for (name, ..) in &groups {
        let _ = write!(out, " {name} |");
    }
    out.push_str(" corpus |\n| --- | --- | --- | --- | --- | --- |\n");
    let cells: Vec<Vec<String>> = crate::pool::parallel_map(WAITS, 2, |w| {
        groups
            .iter()
            .map(|(_, platform, minors)| {
                let got: Vec<(u8, Option<bool>)> = minors
                    .iter()
                    .map(|m| (*m, w.interrupted(Variant { platform: *platform, version: Version::of(*m), exit: ExitMode::Killed })))
                    .collect();
                let say = |r: Option<bool>| match r {
                    Some(true) => "interrupted",
                    Some(false) => "not interrupted: the KeyboardInterrupt comes when the wait ends",
                    None => "unknown (incomplete)",
                };
                if got.iter().all(|(_, r)| *r == got[0].1) {
                    say(got[0].1).to_string()
                } else {
                    got.iter().map(|(m, r)| format!("3.{m}: {}", say(*r))).collect::<Vec<_>>().join("; ")
                }
            })
            .collect()
    });
    for (w, row) in WAITS.iter().zip(&cells) {
        let _ = writeln!(out, "| `{}` | {} | {} | [`{}`](../scenarios/{}) |", w.name, w.source, row.join(" | "), w.corpus, w.corpus);
    }
    out.push_str("\nEach row is read off its script below, checked under each platform and version (`pythread_model::waits`): the main thread waits while a worker ends the wait after 0.5 s, and Ctrl-C may come at any moment.\n\n");
    for w in WAITS {
        let _ = writeln!(out, "<details><summary><code>{}</code></summary>\n\n```python\n{}```\n\n</details>\n", w.name, w.script());
    }
    out
}

/// Where a pending signal handler runs, per version group: read off the
/// model's rules (`interrupts_main_only`), not written by hand.
fn checkpoints() -> String {
    use pythread_model::caveats::interrupts_main_only::{self as imo, WithEntry};
    use pythread_model::program::{Op, PExpr, VarRef};
    use pythread_model::scenario::Literal;
    let versions: Vec<(&str, Version)> = vec![
        ("3.8–3.9", Version::of(9)),
        ("3.10", Version::of(10)),
        ("3.11–3.12", Version::of(12)),
        ("3.13.0", Version { minor: 13, patch: Some(0) }),
        ("3.13.15+", Version::V3_13),
        ("3.14", Version::V3_14),
    ];
    let v0 = VarRef::Global(0);
    fn yes(b: bool) -> &'static str {
        if b {
            "yes"
        } else {
            "no"
        }
    }
    type Row = (&'static str, Box<dyn Fn(Version) -> String>);
    let rows: Vec<Row> = vec![
        (
            "the end of a call (`lock.release()`, `os.kill(…)`, `time.sleep(…)`), still inside the `try` or `with` around it",
            Box::new(move |v| yes(imo::checks(&Op::Release { lock: v0 }, v, false).after).into()),
        ),
        (
            "the end of a call with keyword arguments, the first time that line runs (`got = lock.acquire(timeout=1)`)",
            Box::new(move |v| {
                let op = Op::Acquire { lock: v0, blocking: None, timeout: None, dest: None, kw_site: Some(0) };
                if imo::checks(&op, v, true).after { "yes".into() } else { "no: after `got` is stored, at the next check".into() }
            }),
        ),
        (
            "the entry of a Python-level callee (`t.join()`, `t.start()`, `signal.signal(…)`)",
            Box::new(move |v| yes(imo::checks(&Op::Join { thread: v0, timeout: None }, v, false).before).into()),
        ),
        (
            "inside `print(…)`, before each of its writes",
            Box::new(move |v| yes(imo::checks(&Op::Print { args: Vec::new(), sep: " ".into(), end: "\n".into(), kw_site: None, stderr: false }, v, false).before).into()),
        ),
        (
            "before a statement with no call in it (`x = 1`)",
            Box::new(move |v| yes(imo::checks(&Op::Assign { var: v0, value: PExpr::Lit(Literal::Int(1)) }, v, false).before).into()),
        ),
        ("a loop's back edge", Box::new(|_| "yes".into())),
        (
            "the end of a call that raises (`sys.exit()`)",
            Box::new(move |v| yes(imo::checks(&Op::SysExit { code: None }, v, false).after).into()),
        ),
        ("an `except` or `finally` entered by an exception", Box::new(|v| yes(imo::checks_at_handler_entry(v)).into())),
        (
            "`with lock:` once the lock is taken",
            Box::new(|v| {
                match imo::with_entry_check(v) {
                    WithEntry::Inside => "yes, inside the block",
                    WithEntry::None => "no",
                    WithEntry::Outside => "yes, before the block: a raising handler leaves the lock held",
                }
                .into()
            }),
        ),
        (
            "right after the module's code",
            Box::new(|v| match (imo::checks_after_module(v), imo::module_end_interrupt_status(v)) {
                (false, _) => "no".into(),
                (true, Some(status)) => format!("yes (KeyboardInterrupt: status {status})"),
                (true, None) => "yes".into(),
            }),
        ),
        ("`threading._shutdown()`, if `threading` was imported", Box::new(|_| "yes (exception ignored, status kept)".into())),
    ];
    let mut out = String::from("| a handler pending at … runs there |");
    for (name, _) in &versions {
        let _ = write!(out, " {name} |");
    }
    out.push_str("\n| --- |");
    for _ in &versions {
        out.push_str(" --- |");
    }
    out.push('\n');
    for (what, cell) in &rows {
        let _ = write!(out, "| {what} |");
        for (_, v) in &versions {
            let _ = write!(out, " {} |", table_cell(&cell(*v)));
        }
        out.push('\n');
    }
    out
}

/// A script's first sentence, from its leading comment, without a
/// `Caveat N:` or `Hazard x:` prefix.
fn first_comment(text: &str) -> String {
    let mut words = Vec::new();
    for line in text.lines() {
        let Some(c) = line.trim().strip_prefix('#') else { break };
        let c = c.trim();
        // A leading `# pythread: ctrl-c` is a directive, not the text.
        if c.starts_with("pythread:") && words.is_empty() {
            continue;
        }
        if c.is_empty() || c.starts_with("Expected") || c.starts_with("expect-") || c.starts_with("pythread:") {
            break;
        }
        words.extend(c.split_whitespace());
    }
    let mut text = words.join(" ");
    if let Some((head, rest)) = text.split_once(": ") {
        if head.starts_with("Caveat") || head.starts_with("Hazard") {
            text = rest.to_string();
        }
    }
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text,
    }
}

fn table_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Writes every page whose blocks changed; the pages written.
pub fn write(pages: &[Page]) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for p in pages {
        if p.new != p.old {
            std::fs::write(&p.file, &p.new)?;
            written.push(p.file.clone());
        }
    }
    Ok(written)
}

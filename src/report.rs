//! Hazard reports for people and programs: the per-variant analyses of one
//! script (`pythread_model::hazards`) grouped by hazard, each pointing at a
//! script line, with a fix and a shortest trace.

use pythread_model::check::trace_lines;
use pythread_model::outcome::{trace_steps, TraceStep};
use pythread_model::hazards::{self, differences, Analysis, DIFFERS_ACROSS_PLATFORMS};
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use serde::Serialize;
use std::sync::Arc;

/// One hazard of a script, over the variants that show it.
#[derive(Clone, Debug, Serialize)]
pub struct Reported {
    pub id: &'static str,
    /// error, warning or note.
    pub severity: hazards::Severity,
    /// The variants that show it, compressed (`windows/3.13/*`, `all`).
    pub variants: String,
    /// The script line it points at (0: none).
    pub line: u32,
    /// That line's text.
    pub source: String,
    /// What goes wrong, said for this script where the analysis knows more
    /// than the kind's general text (`differs-across-platforms`: what differs
    /// and why).
    pub explanation: String,
    pub fix: String,
    /// The variant the trace is from.
    pub trace_variant: String,
    /// A shortest trace, numbered steps.
    pub trace: Vec<String>,
    /// The same trace with each step's thread and line (SARIF).
    #[serde(skip)]
    pub steps: Vec<TraceStep>,
    /// The script's `# pythread: allow=…` names it: shown, never counted by
    /// `--fail-on`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allowed: bool,
    /// `differs-across-platforms`: the outcome seen only under `trace_variant`,
    /// and what the other platform ends with instead, with its trace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Contrast>,
}

/// The two sides of `differs-across-platforms`.
#[derive(Clone, Debug, Serialize)]
pub struct Contrast {
    pub outcome: String,
    pub other_variant: String,
    pub other_outcome: Option<String>,
    pub other_trace: Vec<String>,
}

/// Variants written short: `all`, or `platform/version/exit` patterns with
/// `*`, the most general first (greedy cover), among the 30 variants.
pub fn compress(variants: &[Variant]) -> String {
    compress_within(variants, &Variant::all())
}

/// `compress` among the variants `all` explored: a `*` stands for every
/// value of its axis there.
pub fn compress_within(variants: &[Variant], all: &[Variant]) -> String {
    if all.len() > 1 && all.iter().all(|v| variants.contains(v)) {
        return if all.len() == Variant::all().len() { "all" } else { "all here" }.to_string();
    }
    let direct = cover(variants, all);
    // "all but windows/3.14/*" when that says it in fewer parts.
    let rest: Vec<Variant> = all.iter().filter(|v| !variants.contains(v)).copied().collect();
    let complement = cover(&rest, all);
    if complement.matches(", ").count() + 1 < direct.matches(", ").count() {
        let every = if all.len() == Variant::all().len() { "all" } else { "all here" };
        return format!("{every} but {complement}");
    }
    direct
}

/// `variants` as `platform/version/exit` patterns, a `*` for every value of
/// its axis in `all`.
fn cover(variants: &[Variant], all: &[Variant]) -> String {
    let all = all.to_vec();
    let mut versions_seen: Vec<Version> = all.iter().map(|v| v.version).collect();
    versions_seen.sort();
    versions_seen.dedup();
    let platforms: Vec<Option<Platform>> = std::iter::once(None).chain(Platform::ALL.map(Some)).collect();
    let versions: Vec<Option<Version>> = std::iter::once(None).chain(versions_seen.into_iter().map(Some)).collect();
    let exits: Vec<Option<ExitMode>> = std::iter::once(None).chain(ExitMode::ALL.map(Some)).collect();
    let mut patterns = Vec::new();
    for p in &platforms {
        for v in &versions {
            for e in &exits {
                patterns.push((*p, *v, *e));
            }
        }
    }
    let wild = |x: &(Option<Platform>, Option<Version>, Option<ExitMode>)| {
        usize::from(x.0.is_none()) + usize::from(x.1.is_none()) + usize::from(x.2.is_none())
    };
    patterns.sort_by_key(|x| std::cmp::Reverse(wild(x)));
    let matches = |pat: &(Option<Platform>, Option<Version>, Option<ExitMode>), v: &Variant| {
        pat.0.is_none_or(|p| p == v.platform) && pat.1.is_none_or(|x| x == v.version) && pat.2.is_none_or(|e| e == v.exit)
    };
    let mut covered: Vec<Variant> = Vec::new();
    let mut parts = Vec::new();
    for pat in &patterns {
        let expansion: Vec<&Variant> = all.iter().filter(|v| matches(pat, v)).collect();
        if expansion.iter().all(|v| variants.contains(v)) && expansion.iter().any(|v| !covered.contains(v)) {
            covered.extend(expansion.iter().copied());
            // An axis explored at one value only is written as that value.
            let only = |f: &dyn Fn(&Variant) -> String| {
                let mut seen: Vec<String> = all.iter().map(f).collect();
                seen.dedup();
                if seen.len() == 1 { seen.pop() } else { None }
            };
            parts.push(format!(
                "{}/{}/{}",
                pat.0.map(|p| p.name().to_string()).or_else(|| only(&|v| v.platform.name().to_string())).unwrap_or("*".into()),
                pat.1.map(|v| v.to_string()).or_else(|| only(&|v| v.version.to_string())).unwrap_or("*".into()),
                pat.2.map(|e| e.name().to_string()).or_else(|| only(&|v| v.exit.name().to_string())).unwrap_or("*".into())
            ));
        }
    }
    // Variants outside the 12 (other minor versions) are listed as they are.
    for v in variants.iter().filter(|v| !covered.contains(v)) {
        parts.push(v.to_string());
    }
    parts.join(", ")
}

/// Groups the analyses of one script by hazard.
pub fn group(program: &Arc<Program>, source: &str, analyses: &[Analysis]) -> Vec<Reported> {
    let lines: Vec<&str> = source.lines().collect();
    let text = |line: u32| if line == 0 { String::new() } else { lines.get(line as usize - 1).unwrap_or(&"").trim_end().to_string() };
    let mut out = Vec::new();
    let explored: Vec<Variant> = analyses.iter().map(|a| a.variant).collect();
    for kind in hazards::KINDS {
        if kind.id == DIFFERS_ACROSS_PLATFORMS.id {
            continue;
        }
        let with: Vec<&Analysis> = analyses.iter().filter(|a| a.found.iter().any(|f| f.kind.id == kind.id)).collect();
        let Some(first) = with.first() else { continue };
        let f = first.found.iter().find(|f| f.kind.id == kind.id).expect("found");
        let model = PyModel::new(program.clone(), first.variant);
        let variants: Vec<Variant> = with.iter().map(|a| a.variant).collect();
        let (explanation, fix) = crate::situation::explain(kind, &variants, &model, &f.actions, &text);
        let steps = trace_steps(&model, &f.actions);
        out.push(Reported {
            id: kind.id,
            severity: kind.severity,
            variants: compress_within(&variants, &explored),
            line: f.line,
            source: text(f.line),
            explanation,
            fix,
            trace_variant: first.variant.to_string(),
            trace: steps.iter().map(|s| s.text.clone()).collect(),
            steps,
            allowed: false,
            difference: None,
        });
    }
    let diffs = differences(analyses);
    if let Some(d) = diffs.first() {
        let has = PyModel::new(program.clone(), d.has);
        let lacks = PyModel::new(program.clone(), d.lacks);
        let line = hazards::last_line(&has, &d.actions);
        let (explanation, fix) = crate::platforms::explain(d, &lacks, &text);
        let steps = trace_steps(&has, &d.actions);
        out.push(Reported {
            id: DIFFERS_ACROSS_PLATFORMS.id,
            severity: DIFFERS_ACROSS_PLATFORMS.severity,
            variants: crate::platforms::pairs(&diffs, &explored),
            line,
            source: text(line),
            explanation,
            fix,
            trace_variant: d.has.to_string(),
            trace: steps.iter().map(|s| s.text.clone()).collect(),
            steps,
            allowed: false,
            difference: Some(Contrast {
                outcome: d.outcome.summary(),
                other_variant: d.lacks.to_string(),
                other_outcome: d.instead.as_ref().map(|(o, _)| o.summary()),
                other_trace: d.instead.as_ref().map(|(_, p)| trace_lines(&lacks, p)).unwrap_or_default(),
            }),
        });
    }
    for h in &mut out {
        h.allowed = program.scenario.allow.iter().any(|a| a == h.id);
    }
    out
}

/// Terminal styling: on only for a terminal and without `NO_COLOR`.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        Style { color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn hazard(self, s: &str) -> String {
        self.paint("1;33", s)
    }
    pub fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn bad(self, s: &str) -> String {
        self.paint("1;31", s)
    }
}

/// Prints one script's hazards; `traces` adds each trace and the fix.
pub fn print_text(script: &str, hazards: &[Reported], traces: bool, style: Style) {
    for h in hazards {
        let at = if h.line > 0 { format!("{script}:{}", h.line) } else { script.to_string() };
        let severity = format!("{:<7}", h.severity.name());
        let severity = if h.severity == hazards::Severity::Error { style.bad(&severity) } else { style.hazard(&severity) };
        println!("{severity} {:<31} {:<22} {at} — {}", h.id, h.variants, h.explanation);
        if h.allowed {
            println!("  allowed by the script's `# pythread: allow={}`: --fail-on does not count it", h.id);
        }
        if !traces {
            continue;
        }
        if h.line > 0 {
            println!("  {:>4} | {}", h.line, h.source);
        }
        println!("  fix: {}", h.fix);
        match &h.difference {
            Some(d) => {
                println!("  under {}: {}", h.trace_variant, d.outcome);
                for l in &crate::traces::fold(&h.trace) {
                    println!("    {}", style.dim(l));
                }
                match &d.other_outcome {
                    Some(o) => println!("  under {} it cannot end so; it can end: {o}", d.other_variant),
                    None => println!("  under {} it cannot end so", d.other_variant),
                }
                for l in &crate::traces::fold(&d.other_trace) {
                    println!("    {}", style.dim(l));
                }
            }
            None => {
                println!("  trace ({}):", h.trace_variant);
                for l in &crate::traces::fold(&h.trace) {
                    println!("    {}", style.dim(l));
                }
            }
        }
        println!();
    }
}

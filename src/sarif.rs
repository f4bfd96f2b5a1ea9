//! `pythread check --format sarif`: SARIF 2.1.0 for code-scanning views
//! (issue 20). One rule per hazard kind and per property of the model (its
//! spec page as `helpUri`, relative to the repository), plus one for a
//! script outside the language; one result per finding at the script's
//! line with its severity as the level, the shortest trace as a `codeFlow`
//! (a `threadFlow` per Python thread, steps ordered by `executionOrder`).

use crate::report::Reported;
use pythread_model::caveats::CAVEATS;
use pythread_model::frontend::Diagnostic;
use pythread_model::hazards::{self, Severity};
use pythread_model::outcome::TraceStep;
use pythread_model::variant::Variant;
use serde_json::{json, Value};

/// The rule of a script pythread cannot read.
pub const UNSUPPORTED: &str = "unsupported-script";

/// A property of the model violated on a script, with its trace.
pub struct Violation {
    /// The script's path as given.
    pub script: String,
    /// The variant it is violated under.
    pub variant: Variant,
    /// The property's identifier (a rule).
    pub property: &'static str,
    /// A shortest trace to the violation.
    pub steps: Vec<TraceStep>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A script path as a SARIF artifact URI: relative paths as they are
/// (relative to the repository), absolute ones as `file://` URIs.
fn uri(path: &str) -> String {
    let escaped: String = path
        .chars()
        .flat_map(|c| match c {
            ' ' => "%20".chars().collect::<Vec<_>>(),
            '%' => "%25".chars().collect(),
            '#' => "%23".chars().collect(),
            '?' => "%3F".chars().collect(),
            '\\' => vec!['/'],
            c => vec![c],
        })
        .collect();
    if escaped.starts_with('/') {
        format!("file://{escaped}")
    } else {
        escaped.trim_start_matches("./").to_string()
    }
}

fn location(script: &str, line: u32, text: Option<&str>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri(script) } });
    if line > 0 {
        physical["region"] = json!({ "startLine": line });
    }
    let mut l = json!({ "physicalLocation": physical });
    if let Some(t) = text {
        l["message"] = json!({ "text": t });
    }
    l
}

/// The trace as a code flow: one thread flow per thread (time passing, a
/// Ctrl-C and the exit go with the main thread's), in the trace's order.
fn code_flow(script: &str, variant: &str, steps: &[TraceStep]) -> Value {
    let mut threads: Vec<(String, Vec<Value>)> = Vec::new();
    for (order, step) in steps.iter().enumerate() {
        let who = step.thread.clone().unwrap_or_else(|| "main".to_string());
        let loc = json!({
            "location": location(script, step.line, Some(step.text.trim())),
            "executionOrder": order + 1,
        });
        match threads.iter_mut().find(|(t, _)| *t == who) {
            Some((_, v)) => v.push(loc),
            None => threads.push((who, vec![loc])),
        }
    }
    json!({
        "message": { "text": format!("a shortest run under {variant}") },
        "threadFlows": threads.into_iter().map(|(t, locations)| json!({ "id": t, "locations": locations })).collect::<Vec<_>>(),
    })
}

fn rules() -> Vec<(String, Value)> {
    let mut rules = Vec::new();
    for k in hazards::KINDS {
        rules.push((
            k.id.to_string(),
            json!({
                "id": k.id,
                "shortDescription": { "text": k.explanation },
                "fullDescription": { "text": format!("{} ({}: {})", k.explanation, level(k.severity), k.why) },
                "help": { "text": k.fix },
                "helpUri": "specs/hazards.md",
                "defaultConfiguration": { "level": level(k.severity) },
                "properties": { "kind": "hazard" },
            }),
        ));
    }
    for c in CAVEATS {
        let page = if c.id == "locks" { "specs/README.md".to_string() } else { format!("specs/{}.md", c.id) };
        for (name, meaning) in c.invariants {
            rules.push((
                name.to_string(),
                json!({
                    "id": name,
                    "shortDescription": { "text": meaning },
                    "helpUri": page,
                    "defaultConfiguration": { "level": "error" },
                    "properties": { "kind": "property of the model", "caveat": c.id },
                }),
            ));
        }
    }
    rules.push((
        UNSUPPORTED.to_string(),
        json!({
            "id": UNSUPPORTED,
            "shortDescription": { "text": "the script is not Python pythread reads (a syntax error, or a construct outside its language)" },
            "helpUri": "README.md",
            "defaultConfiguration": { "level": "error" },
        }),
    ));
    rules
}

/// The SARIF log of one `check` run.
pub fn log(hazards: &[(String, Vec<Reported>)], violations: &[Violation], errors: &[Diagnostic]) -> Value {
    let rules = rules();
    let index = |id: &str| rules.iter().position(|(r, _)| r == id).expect("every result has its rule");
    let mut results = Vec::new();
    for (script, found) in hazards {
        for h in found {
            let mut r = json!({
                "ruleId": h.id,
                "ruleIndex": index(h.id),
                "level": level(h.severity),
                "message": { "text": format!("{} [{}] Fix: {}", h.explanation, h.variants, h.fix) },
                "locations": [location(script, h.line, None)],
                "codeFlows": [code_flow(script, &h.trace_variant, &h.steps)],
                "properties": { "variants": h.variants },
            });
            if h.allowed {
                r["suppressions"] = json!([{ "kind": "inSource", "justification": format!("# pythread: allow={}", h.id) }]);
            }
            results.push(r);
        }
    }
    for v in violations {
        let line = v.steps.iter().rev().map(|s| s.line).find(|&l| l > 0).unwrap_or(0);
        results.push(json!({
            "ruleId": v.property,
            "ruleIndex": index(v.property),
            "level": "error",
            "message": { "text": format!("the model's property {} is violated under {}", v.property, v.variant) },
            "locations": [location(&v.script, line, None)],
            "codeFlows": [code_flow(&v.script, &v.variant.to_string(), &v.steps)],
        }));
    }
    for d in errors {
        let mut loc = location(&d.path, d.line, None);
        if d.line > 0 {
            loc["physicalLocation"]["region"]["startColumn"] = json!(d.col.max(1));
        }
        results.push(json!({
            "ruleId": UNSUPPORTED,
            "ruleIndex": index(UNSUPPORTED),
            "level": "error",
            "message": { "text": d.message },
            "locations": [loc],
        }));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "pythread",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    })
}

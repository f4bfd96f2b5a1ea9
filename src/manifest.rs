//! The corpus manifest (`scenarios/manifest.json`): for every scenario and
//! every variant, the outcome set the model predicts and its unique-state
//! count, pinned like tlaplus/Examples' `manifest.json` so that any semantic
//! change shows up as a diff a reviewer reads.
//!
//! The test `tests/manifest.rs` recomputes it and compares; run it with
//! `PYTHREAD_BLESS=1` to rewrite the file after an intended change.

use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The whole manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// One entry per corpus script, sorted by file name.
    pub scenarios: Vec<Entry>,
}

/// One script's expected results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The file name under `scenarios/`.
    pub script: String,
    /// One result per variant, in `Variant::all()` order.
    pub variants: Vec<VariantResult>,
}

/// The model's prediction for one script under one variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantResult {
    /// The variant, as `platform/version/exit`.
    pub variant: String,
    /// Unique states the exploration visited.
    pub states: usize,
    /// Every outcome, sorted.
    pub outcomes: Vec<Outcome>,
}

/// Predicts every variant of one script. Errors name the script.
pub fn entry(script: &Path) -> Result<Entry, String> {
    let (_, scenario) = pythread_model::frontend::parse_file(script).map_err(|diags| {
        diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    })?;
    let program = Arc::new(Program::compile(&scenario));
    let mut variants = Vec::new();
    for variant in Variant::all() {
        let p = predict(&PyModel::new(program.clone(), variant), Limits::default());
        if !p.complete {
            return Err(format!("{}: prediction under {variant} is INCOMPLETE", script.display()));
        }
        variants.push(VariantResult {
            variant: variant.to_string(),
            states: p.states,
            outcomes: p.outcomes.into_iter().map(|o| o.outcome).collect(),
        });
    }
    let script = script.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Entry { script, variants })
}

/// Computes the manifest of these scripts, a few at a time in parallel.
pub fn compute(scripts: &[std::path::PathBuf]) -> Result<Manifest, String> {
    let workers = crate::pool::default_workers().min(8);
    let results = crate::pool::parallel_map(scripts, workers, |script| entry(script));
    let mut scenarios = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    scenarios.sort_by(|a, b| a.script.cmp(&b.script));
    Ok(Manifest { scenarios })
}

impl Manifest {
    /// The manifest as the pretty JSON stored in the repository.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("serializable");
        s.push('\n');
        s
    }

    pub fn from_json(text: &str) -> Result<Manifest, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The entry of a script, by file name.
    pub fn get(&self, script: &str) -> Option<&Entry> {
        self.scenarios.iter().find(|e| e.script == script)
    }
}

impl Entry {
    /// The result under one variant.
    pub fn under(&self, variant: Variant) -> Option<&VariantResult> {
        let name = variant.to_string();
        self.variants.iter().find(|v| v.variant == name)
    }
}

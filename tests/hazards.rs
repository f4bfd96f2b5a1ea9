//! Hazard reports on `scenarios/hazards/`: each `<id>.py` shows hazard `<id>`
//! exactly under the variants its `# expect-hazard: <id> on <patterns>`
//! header names, each `<id>_fixed.py` shows it under none, and every
//! reported trace replays in the model.

mod common;

use common::{root, scripts};
use pythread_model::frontend::parse_file;
use pythread_model::hazards::{analyze, differences, KINDS};
use pythread_model::machine::PyModel;
use pythread_model::outcome::{replay, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Whether `v` matches a `platform/version/exit` pattern with `*`s.
fn matches(pattern: &str, v: Variant) -> bool {
    let parts: Vec<&str> = pattern.split('/').collect();
    let want = [v.platform.name().to_string(), v.version.to_string(), v.exit.name().to_string()];
    parts.len() == 3 && parts.iter().zip(&want).all(|(p, w)| *p == "*" || p == w)
}

/// The variants under which each script shows each hazard.
fn hazards_of(path: &std::path::Path) -> BTreeSet<(String, Variant)> {
    let (_, s) = parse_file(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let program = Arc::new(Program::compile(&s));
    let mut analyses = Vec::new();
    let mut found = BTreeSet::new();
    for v in Variant::all() {
        let model = PyModel::new(program.clone(), v);
        let a = analyze(&model, Limits::default());
        assert!(a.complete, "{} under {v}: INCOMPLETE", path.display());
        for f in &a.found {
            // No made-up stories: the trace is a real run of the model.
            assert!(replay(&model, &f.actions).is_some(), "{}: {} trace does not replay under {v}", path.display(), f.kind.id);
            found.insert((f.kind.id.to_string(), v));
        }
        for (_, actions) in &a.outcomes {
            assert!(replay(&model, actions).is_some());
        }
        analyses.push(a);
    }
    for d in differences(&analyses) {
        let model = PyModel::new(program.clone(), d.has);
        assert!(replay(&model, &d.actions).is_some(), "{}: difference trace does not replay", path.display());
        found.insert(("differs-across-platforms".to_string(), d.has));
        found.insert(("differs-across-platforms".to_string(), d.lacks));
    }
    found
}

#[test]
fn each_hazard_script_shows_its_hazard_exactly_where_expected_and_its_fix_never() {
    let files = scripts(&root().join("scenarios/hazards"));
    let mut seen_ids = BTreeSet::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let header = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect-hazard: "))
            .unwrap_or_else(|| panic!("{}: no `# expect-hazard:` line", path.display()));
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let id = name.strip_suffix("_fixed").unwrap_or(&name).to_string();
        let found = hazards_of(path);
        let under: BTreeSet<Variant> = found.iter().filter(|(h, _)| *h == id).map(|(_, v)| *v).collect();
        if header.trim() == "none" {
            assert!(under.is_empty(), "{}: fixed, yet shows {id} under {under:?}", path.display());
            continue;
        }
        let (hid, patterns) = header.split_once(" on ").unwrap_or_else(|| panic!("{}: bad header {header}", path.display()));
        assert_eq!(hid.trim(), id, "{}: header names another hazard", path.display());
        let expected: BTreeSet<Variant> = Variant::all()
            .into_iter()
            .filter(|v| patterns.trim() == "all" || patterns.split(',').any(|p| matches(p.trim(), *v)))
            .collect();
        if id == "differs-across-platforms" {
            assert!(!under.is_empty(), "{}: no platform difference found", path.display());
        } else {
            assert_eq!(under, expected, "{}: {id} shows under other variants than the header says", path.display());
        }
        seen_ids.insert(id);
    }
    let all: BTreeSet<String> = KINDS.iter().map(|k| k.id.to_string()).collect();
    let missing: Vec<&String> = all.difference(&seen_ids).collect();
    assert!(missing.is_empty(), "hazards without a script in scenarios/hazards/: {missing:?}");
}

//! Any bytes as a script: the front end never panics; an accepted script
//! compiles, renders back to Python, and the rendering parses again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pythread_model::program::Program;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    match pythread_model::parse(source, "fuzz.py") {
        Ok(scenario) => {
            let _ = Program::compile(&scenario);
            let rendered = pythread_model::render(&scenario);
            if let Err(d) = pythread_model::parse(&rendered, "rendered.py") {
                panic!("the rendering of an accepted script is rejected: {d:?}\n{rendered}");
            }
        }
        Err(diags) => {
            for d in &diags {
                // Every error is located inside the script.
                assert!(d.line >= 1 && d.col >= 1, "{d:?}");
            }
        }
    }
});

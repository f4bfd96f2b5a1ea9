//! pythread-model: the scenario language, the Python front end, the
//! renderer, and (later) the stateright model of CPython's thread caveats.

pub mod caveats;
pub mod check_kind;
pub mod check;
pub mod diagram;
pub mod explore;
pub mod forever;
pub mod frontier;
pub mod frontend;
pub mod generate;
pub mod hazards;
pub mod library_files;
pub mod limits;
pub mod machine;
pub mod objects;
pub mod observe;
pub mod outcome;
pub mod probes;
pub mod program;
pub mod render;
pub mod scenario;
pub mod state;
pub mod symmetry;
pub mod text;
pub mod values;
pub mod variant;
pub mod waits;
pub mod workloads;

pub use frontend::{parse, Diagnostic};
pub use render::render;
pub use scenario::Scenario;

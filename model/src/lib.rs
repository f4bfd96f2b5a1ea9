//! pythread-model: the scenario language, the Python front end, the
//! renderer, and (later) the stateright model of CPython's thread caveats.

pub mod frontend;
pub mod generate;
pub mod render;
pub mod scenario;

pub use frontend::{parse, Diagnostic};
pub use render::render;
pub use scenario::Scenario;

//! The `pythread` package's library side: what the command line and the
//! cross-crate tests share (running real interpreters).

pub mod conform;
pub mod interp;
pub mod manifest;
pub mod platforms;
pub mod pool;
pub mod presses;
pub mod report;
pub mod sarif;
pub mod serve;
pub mod situation;
pub mod spec;
pub mod traces;

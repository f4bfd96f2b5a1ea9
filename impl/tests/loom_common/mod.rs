//! Shared by the loom tests: the exploration bound and runtime set-up.
#![allow(dead_code)]

use pythread_impl::{Clock, Runtime};
use pythread_model::variant::{ExitMode, Platform, Variant, Version};

/// Every loom test explores all interleavings up to this many preemptions
/// (loom's default is unbounded; 3 covers every bug class we know of here
/// and keeps the suite within minutes).
pub const PREEMPTION_BOUND: usize = 3;

/// Explores `f` under loom with the bound above.
/// Prints how many interleavings it ran, so a run shows the search was real.
pub fn explore(f: impl Fn() + Sync + Send + 'static) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let runs = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = runs.clone();
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(PREEMPTION_BOUND);
    b.check(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        f()
    });
    let name = std::thread::current().name().unwrap_or("?").to_string();
    eprintln!("{name}: {} interleavings (preemption bound {PREEMPTION_BOUND})", runs.load(Ordering::Relaxed));
}

pub fn variant(platform: Platform, minor: u8, exit: ExitMode) -> Variant {
    Variant { platform, version: Version::of(minor), exit }
}

pub fn linux() -> Variant {
    Variant::DEFAULT
}

/// A runtime on the virtual clock that reports nothing.
pub fn runtime(v: Variant) -> Runtime {
    Runtime::builder(v).clock(Clock::Virtual).on_report(|_, _, _| {}).build()
}

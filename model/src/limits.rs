//! Limits on a search, and why a search stopped early.
//!
//! Every search (`predict`, the hazard analysis, `check`) stops at the first
//! limit it meets and says which (`Stop`); a stopped search is incomplete,
//! and the command line reports it as INCOMPLETE with exit status 3, never
//! as holding.
//!
//! ```text
//! max_states   unique states visited
//! timeout      wall time
//! max_depth    steps from the initial state (deeper states are not expanded)
//! max_memory   resident memory of the process (Linux: /proc/self/statm)
//! ```

use crate::machine::PyModel;
use crate::state::State;
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

/// Limits on an exploration.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Stop after this many unique states.
    pub max_states: usize,
    /// Stop after this much time.
    pub timeout: Duration,
    /// Explore states that differ only by which worker is which once
    /// (`symmetry.rs`), where that cannot change what a run shows.
    pub symmetry: bool,
    /// Run a step alone where no other thread, signal or tick can tell
    /// (`machine/alone.rs`, specs/state-space.md §6).
    pub reduction: bool,
    /// Threads one search may use (`--jobs`): `frontier.rs` for the
    /// breadth-first searches, stateright's for `check`.
    pub jobs: usize,
    /// Do not expand states this many steps from the start.
    pub max_depth: Option<usize>,
    /// Stop before the process's resident memory passes this many bytes.
    pub max_memory: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_states: 2_000_000, timeout: Duration::from_secs(120), symmetry: true, reduction: true, jobs: crate::frontier::all_cores(), max_depth: None, max_memory: default_memory_limit() }
    }
}

/// Why a search stopped before it had seen every state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stop {
    MaxStates,
    Timeout,
    MaxDepth,
    MaxMemory,
    /// A run makes more threads or locks than the model represents, or
    /// reaches a branch the model leaves out.
    BeyondModel,
}

impl Stop {
    /// For people: what stopped the search.
    pub fn describe(self) -> String {
        match self {
            Stop::MaxStates => "the state limit (--max-states) was reached".into(),
            Stop::Timeout => "the time limit (--timeout) was reached".into(),
            Stop::MaxDepth => "paths longer than --max-depth were cut".into(),
            Stop::MaxMemory => "the memory limit (--max-memory) was reached".into(),
            // Every bound the model keeps, so that the one a script passed is named.
            Stop::BeyondModel => format!(
                "a run makes more than {} threads, {} locks in use at once, {} lists, tuples, dicts, sets or ranges in use at once, or {} objects of its classes (the model frees none), nests calls deeper than {} (recursion), or reaches a branch left out (`pythread parse` notes it): beyond what the model holds",
                crate::state::MAX_THREADS - 1,
                crate::state::MAX_LOCKS,
                crate::state::MAX_LISTS,
                crate::state::MAX_OBJECTS,
                crate::state::MAX_FRAMES
            ),
        }
    }
}

impl Limits {
    /// The key a search's visited set uses for `s` (its representative's
    /// when `reduce`).
    pub fn visited_key(&self, reduce: bool, s: &State) -> u64 {
        if reduce {
            fingerprint(&crate::symmetry::representative(s))
        } else {
            fingerprint(s)
        }
    }

    /// Whether a search of `model` may use symmetry reduction.
    pub fn reduces(&self, model: &PyModel) -> bool {
        self.symmetry && crate::symmetry::applies(&model.program)
    }

    /// `model`, or the same model exploring every interleaving when the
    /// reduction is off.
    pub fn model(&self, model: &PyModel) -> PyModel {
        if self.reduction { model.clone() } else { model.clone().without_reduction() }
    }

    /// These limits with the time spent since `start` taken off the
    /// timeout (searches that share one budget of time).
    pub fn after(&self, start: Instant) -> Limits {
        Limits { timeout: self.timeout.saturating_sub(start.elapsed()), ..*self }
    }

    /// A watch on these limits for one search, started now.
    pub fn budget(&self) -> Budget {
        Budget { limits: *self, start: Instant::now(), checks: 0 }
    }
}

fn fingerprint(s: &State) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The limits of one running search.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    start: Instant,
    checks: u32,
}

/// A search's states are freed by the time its budget is dropped (each
/// search makes its budget first): give the memory back to the system, so
/// that the next search of the process (`conform` and `check` run many)
/// does not find the resident memory of this one and stop at once.
impl Drop for Budget {
    fn drop(&mut self) {
        release_freed_memory();
    }
}

/// mimalloc's options (`mimalloc.h` of v3, the version libmimalloc-sys
/// 0.1.49 builds; the crate does not name these three).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// mimalloc's settings for a search, to be made before its first
/// allocation: the binaries that allocate with mimalloc call this from
/// their `.init_array` on Linux (before the runtime's own allocations,
/// which reserve its first arena), and first thing in `main` elsewhere.
/// - Freed pages go back at once, not 10 ms later: a search frees as many
///   states as it makes.
/// - No transparent huge pages: mimalloc asks for them on its arenas, and a
///   search then holds memory in 2 MiB steps, most of a small search's
///   resident memory (BENCHMARKS.md §15).
/// - Arenas are committed as they are used.
pub extern "C" fn allocator_settings() {
    // SAFETY: mi_option_set only stores an option's value.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0);
    }
}

/// Returns the allocators' free pages to the system: glibc's `malloc`
/// keeps them, and mimalloc (the `pythread` binary's allocator) keeps those
/// of the threads a search started and ended. Without this, one search that
/// passed the memory limit left the process above it, and every later
/// search of the run stopped at once.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
    // SAFETY: mi_collect frees only pages that hold no live allocation.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

impl Budget {
    /// Whether the search must stop, having visited `states` states. Time
    /// and memory are read every 64 calls (a state can be large: a loop
    /// that prints makes each state's stdout longer than the last).
    pub fn spent(&mut self, states: usize) -> Option<Stop> {
        if states >= self.limits.max_states {
            return Some(Stop::MaxStates);
        }
        self.checks = self.checks.wrapping_add(1);
        if self.checks % 64 != 0 {
            return None;
        }
        self.spent_now()
    }

    /// Time and memory, read now.
    pub fn spent_now(&self) -> Option<Stop> {
        if self.start.elapsed() > self.limits.timeout {
            return Some(Stop::Timeout);
        }
        if let (Some(max), Some(rss)) = (self.limits.max_memory, resident_bytes()) {
            if rss > max {
                return Some(Stop::MaxMemory);
            }
        }
        None
    }

    /// Whether a state `depth` steps from the start may be expanded.
    pub fn may_expand(&self, depth: usize) -> bool {
        self.limits.max_depth.is_none_or(|d| depth < d)
    }
}

/// The process's resident memory, where the system says (Linux).
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Half the machine's memory (Linux: /proc/meminfo), so a search stops
/// before the machine runs out.
/// Read once per process: `Limits::default()` is built for every search.
pub fn default_memory_limit() -> Option<u64> {
    static LIMIT: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let kb: u64 = info.lines().find(|l| l.starts_with("MemTotal:"))?.split_whitespace().nth(1)?.parse().ok()?;
        // A quarter: `conform` and `check` run a search per core, and each
        // stops only when the whole process passes the limit.
        Some(kb * 1024 / 4)
    })
}

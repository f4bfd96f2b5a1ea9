//! Time, through one abstraction: the real monotonic clock in production, a
//! virtual clock for loom and for fast deterministic tests.
//!
//! The virtual clock follows the model's time rule (DESIGN.md, "Semantics the
//! model follows"): statements take no time, and time advances only when
//! every live thread is blocked, straight to the earliest deadline (maximal
//! progress). The runtime does that advance itself, under its state lock, in
//! the thread that finds everyone blocked, so no sleep ever really waits and
//! a run's timestamps are the model's timestamps.

/// Milliseconds since the runtime started.
pub type Millis = u64;

/// Which clock a runtime uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// `std::time::Instant`: timed waits really wait. Not available under loom,
    /// which has no real time.
    #[cfg(not(pythread_loom))]
    Real,
    /// Virtual milliseconds advanced by maximal progress.
    Virtual,
}

impl Clock {
    /// Whether time advances only when every thread is blocked.
    pub fn is_virtual(self) -> bool {
        matches!(self, Clock::Virtual)
    }
}

/// The clock's reading, kept with the runtime's state.
#[derive(Debug)]
pub(crate) struct ClockState {
    /// Which clock this is.
    pub kind: Clock,
    /// Virtual time; never decreases. Unused by the real clock.
    pub virtual_now: Millis,
    /// When the runtime started (real clock only).
    #[cfg(not(pythread_loom))]
    pub start: std::time::Instant,
}

impl ClockState {
    pub fn new(kind: Clock) -> ClockState {
        ClockState {
            kind,
            virtual_now: 0,
            #[cfg(not(pythread_loom))]
            start: std::time::Instant::now(),
        }
    }

    /// The time now.
    pub fn now(&self) -> Millis {
        match self.kind {
            #[cfg(not(pythread_loom))]
            Clock::Real => self.start.elapsed().as_millis() as Millis,
            Clock::Virtual => self.virtual_now,
        }
    }
}

/// A timeout in seconds as whole milliseconds, at least 1 for a positive
/// timeout (as the model rounds it).
pub fn seconds_to_millis(seconds: f64) -> Millis {
    ((seconds * 1000.0).round().max(1.0)) as Millis
}

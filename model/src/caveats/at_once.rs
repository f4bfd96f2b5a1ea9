//! Every property of `caveats` as one `always` property, for `check`'s
//! searches. stateright looks each property's name up in a map at every
//! state it visits (26 properties: 26 SipHash lookups and shard locks a
//! state) and copies the path into that map each time a witness holds
//! again; one property costs one lookup. The witnesses reached are tallied
//! beside it (a bit each, set once), the invariants are evaluated together,
//! and a search that finds the combined property broken is run again with
//! each property on its own (`check::check`), which names what broke and
//! gives its path.

use super::{properties, HasRules};
use crate::state::State;
use stateright::{Expectation, Model, Property};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// The combined property's name: it is violated when any invariant is.
pub const EVERY_INVARIANT: &str = "every-invariant";

/// What one search with the combined property has seen.
pub struct Tally<M: Model> {
    /// The `always` properties, evaluated together at every state.
    invariants: Vec<Property<M>>,
    /// The `sometimes` properties; witness `i` is bit `i` of `reached`.
    witnesses: Vec<Property<M>>,
    /// The witnesses some visited state satisfied.
    reached: AtomicU64,
}

impl<M: Model<State = State> + HasRules> Tally<M> {
    /// A tally of nothing reached yet.
    pub fn new() -> Self {
        let (invariants, witnesses): (Vec<_>, Vec<_>) =
            properties::<M>().into_iter().partition(|p| p.expectation == Expectation::Always);
        assert!(witnesses.iter().all(|p| p.expectation == Expectation::Sometimes), "caveats has no `eventually`");
        assert!(witnesses.len() <= 64, "a witness is a bit of a u64");
        Tally { invariants, witnesses, reached: AtomicU64::new(0) }
    }

    /// Tallies the witnesses `s` satisfies and says whether it breaks no
    /// invariant (a witness already reached is not evaluated again).
    fn holds(&self, m: &M, s: &State) -> bool {
        let before = self.reached.load(Relaxed);
        let mut now = 0;
        for (i, w) in self.witnesses.iter().enumerate() {
            if before & (1 << i) == 0 && (w.condition)(m, s) {
                now |= 1 << i;
            }
        }
        if now != 0 {
            self.reached.fetch_or(now, Relaxed);
        }
        self.invariants.iter().all(|p| (p.condition)(m, s))
    }

    /// The invariants `s` breaks, by name: what a violation of the combined
    /// property stands for.
    pub fn broken(&self, m: &M, s: &State) -> Vec<&'static str> {
        self.invariants.iter().filter(|p| !(p.condition)(m, s)).map(|p| p.name).collect()
    }

    /// The names of the witnesses reached so far.
    pub fn reached(&self) -> Vec<&'static str> {
        let reached = self.reached.load(Relaxed);
        self.witnesses.iter().enumerate().filter(|(i, _)| reached & (1 << i) != 0).map(|(_, w)| w.name).collect()
    }
}

impl<M: Model<State = State> + HasRules> Default for Tally<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> std::fmt::Debug for Tally<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tally {{ reached: {:#x} }}", self.reached.load(Relaxed))
    }
}

/// The combined property, for a model whose `tally` is set (without one it
/// checks nothing, so a model offers it only with one).
pub fn property<M: Model<State = State> + HasRules>() -> Property<M> {
    Property::always(EVERY_INVARIANT, |m: &M, s: &State| m.tally().is_none_or(|t| t.holds(m, s)))
}

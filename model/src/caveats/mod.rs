//! One module per caveat: the rule the model follows and the properties that
//! encode it, under the caveat's identifier. The machine (`machine.rs`) calls
//! these rules; `grep -r <identifier>` finds the rule, its properties, its
//! spec page (`specs/<identifier>.md`) and its scenarios
//! (`scenarios/<identifier>_*.py`).

pub mod acquire_interruptible;
pub mod interrupts_main_only;
pub mod locks;
pub mod main_exit_kills_threads;
pub mod sys_exit_is_thread_exit;

use crate::machine::PyModel;
use stateright::Property;

/// Every property of the model, in a stable order. Each `always` guards a
/// rule; each `sometimes` witnesses that the guarded situation is reachable.
pub fn properties() -> Vec<Property<PyModel>> {
    let mut v = Vec::new();
    v.extend(interrupts_main_only::properties());
    v.extend(sys_exit_is_thread_exit::properties());
    v.extend(acquire_interruptible::properties());
    v.extend(main_exit_kills_threads::properties());
    v.extend(locks::properties());
    v
}

/// The identifiers of the invariants (the `always` properties).
pub const INVARIANTS: [&str; 8] = [
    interrupts_main_only::HANDLED_ONLY_IN_MAIN,
    interrupts_main_only::PENDING_BEFORE_NEXT_STATEMENT,
    sys_exit_is_thread_exit::SYSTEMEXIT_ENDS_ONLY_THAT_THREAD,
    acquire_interruptible::INTERRUPTED,
    acquire_interruptible::NOT_INTERRUPTED,
    main_exit_kills_threads::NO_THREAD_RUNS_AFTER_EXIT,
    locks::AT_MOST_ONE_HOLDER,
    locks::RLOCK_RELEASED_ONLY_BY_OWNER,
];

/// The witness (a `sometimes` property) that shows each invariant's
/// situation is reachable: `witness-<invariant>`.
pub fn witness_name(invariant: &str) -> String {
    format!("witness-{invariant}")
}

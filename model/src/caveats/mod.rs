//! One module per caveat: the rule the model follows and the properties that
//! encode it, under the caveat's identifier. The machine (`machine/`) calls
//! these rules; `grep -r <identifier>` finds the rule, its properties, its
//! spec page (`specs/<identifier>.md`) and its scenarios
//! (`scenarios/<identifier>_*.py`).

pub mod acquire_interruptible;
pub mod at_once;
pub mod interrupts_main_only;
pub mod locks;
pub mod main_exit_kills_threads;
pub mod sys_exit_is_thread_exit;

use crate::state::State;
use crate::variant::Variant;
use stateright::{Model, Property};

/// A deliberately broken rule, for tests that show each property catches
/// the bug it guards against. `None` in every real use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mutation {
    /// Run Python signal handlers in whichever thread steps next.
    HandlerInRunningThread,
    /// Let the main thread run a statement before a pending handler.
    SkipPendingCheck,
    /// An uncaught SystemExit in a thread exits the process.
    ThreadSystemExitEndsProcess,
    /// Windows lock waits are interrupted by Ctrl-C even before 3.14.
    WindowsAcquireInterruptible,
    /// POSIX lock waits are not interrupted by signals.
    PosixAcquireUninterruptible,
    /// Threads keep running after the exit in the `killed` variant.
    ThreadsRunAfterExit,
    /// `acquire` does not check whether the lock is held.
    AcquireIgnoresHolder,
    /// Any thread may release an RLock.
    RLockReleasedByAnyone,
}

/// What the rules depend on besides the state: the variant, a deliberately
/// broken rule (tests only) and whether PyPy is followed where it differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Platform, version and exit behaviour.
    pub variant: Variant,
    /// A deliberately broken rule (tests only).
    pub mutation: Option<Mutation>,
    /// Follow PyPy where it differs from CPython.
    pub pypy: bool,
}

impl Rules {
    /// CPython's rules under `variant`: nothing broken, not PyPy (the
    /// reference runtime follows these).
    pub fn cpython(variant: Variant) -> Rules {
        Rules { variant, mutation: None, pypy: false }
    }
}

/// A model whose properties these are (the machine's `PyModel`): the rules
/// come from it, so this module needs nothing of the machine.
pub trait HasRules {
    fn rules(&self) -> Rules;
    /// Where a search with every property as one (`at_once`) tallies its
    /// witnesses; `None` outside such a search.
    fn tally(&self) -> Option<&at_once::Tally<Self>>
    where
        Self: Model + Sized,
    {
        None
    }
}

/// Every property of the model, in a stable order. Each `always` guards a
/// rule; each `sometimes` witnesses that the guarded situation is reachable.
pub fn properties<M: Model<State = State> + HasRules>() -> Vec<Property<M>> {
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
    interrupts_main_only::PENDING_AT_CHECK_POINT,
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

/// A caveat's home: its identifier (module, spec page, scenario family)
/// and the invariants that encode it, each with what it checks.
#[derive(Clone, Copy, Debug)]
pub struct Caveat {
    /// `interrupts-main-only`, …; `locks` for the bookkeeping the others use.
    pub id: &'static str,
    /// (property identifier, what it checks), in `INVARIANTS` order.
    pub invariants: &'static [(&'static str, &'static str)],
}

/// Every caveat with its invariants, for `specs/` and the explorer.
pub const CAVEATS: [Caveat; 5] = [
    Caveat {
        id: "interrupts-main-only",
        invariants: &[
            (interrupts_main_only::HANDLED_ONLY_IN_MAIN, "a Python-level signal handler (so KeyboardInterrupt from Ctrl-C) starts only in the main thread"),
            (
                interrupts_main_only::PENDING_AT_CHECK_POINT,
                "the main thread goes past no eval-breaker check point of its version while a signal handler is pending (and runs none between check points)",
            ),
        ],
    },
    Caveat {
        id: "sys-exit-is-thread-exit",
        invariants: &[(
            sys_exit_is_thread_exit::SYSTEMEXIT_ENDS_ONLY_THAT_THREAD,
            "an uncaught SystemExit in a thread ends that thread only: the process runs on and no other thread is stopped",
        )],
    },
    Caveat {
        id: "acquire-interruptible",
        invariants: &[
            (acquire_interruptible::INTERRUPTED, "where the platform interrupts lock waits (POSIX; Windows from 3.14), a signal that reaches the main thread blocked in acquire() wakes it"),
            (acquire_interruptible::NOT_INTERRUPTED, "on Windows before 3.14 no signal wakes the main thread blocked in acquire()"),
        ],
    },
    Caveat {
        id: "main-exit-kills-threads",
        invariants: &[(main_exit_kills_threads::NO_THREAD_RUNS_AFTER_EXIT, "in the `killed` exit mode no thread takes a step after the process exits")],
    },
    Caveat {
        id: "locks",
        invariants: &[
            (locks::AT_MOST_ONE_HOLDER, "no two threads hold one lock at once"),
            (locks::RLOCK_RELEASED_ONLY_BY_OWNER, "only the thread that owns an RLock releases it"),
        ],
    },
];

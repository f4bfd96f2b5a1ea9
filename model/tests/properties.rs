//! Every invariant catches the bug it guards against: a model with one rule
//! deliberately broken (`Mutation`) violates it with a counterexample, while
//! the correct model holds on the same scenario and reaches the witness.

use pythread_model::caveats::{self, acquire_interruptible, interrupts_main_only, locks, main_exit_kills_threads, sys_exit_is_thread_exit};
use pythread_model::check::check;
use pythread_model::machine::{Mutation, PyModel};
use pythread_model::outcome::Limits;
use pythread_model::program::Program;
use pythread_model::scenario::builder::ScenarioBuilder;
use pythread_model::scenario::*;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use stateright::{Checker, Model};
use std::sync::Arc;

fn model(s: &Scenario, v: Variant) -> PyModel {
    PyModel::new(Arc::new(Program::compile(s)), v)
}

fn variant(platform: Platform, version: Version) -> Variant {
    Variant { platform, version, exit: ExitMode::Killed }
}

/// Checks `property` on the correct model (holds, witness reached) and on
/// the mutated one (violated, with a counterexample that replays).
fn caught(s: &Scenario, v: Variant, mutation: Mutation, property: &'static str) {
    let good = model(s, v).checker().spawn_bfs().join();
    if let Some(p) = good.discovery(property) {
        panic!("{property} fails on the correct model: {:#?}", p.into_actions());
    }
    let bad_model = model(s, v).mutated(mutation);
    let bad = bad_model.clone().checker().spawn_bfs().join();
    let path = bad.discovery(property).unwrap_or_else(|| panic!("{mutation:?} is not caught by {property}"));
    let actions = path.clone().into_actions();
    assert!(!actions.is_empty());
    // The counterexample is a real path of the mutated model.
    let replayed = pythread_model::outcome::replay(&bad_model, &actions).expect("counterexample replays");
    assert_eq!(&replayed, path.last_state());
    // `check` hands stateright every property as one (`caveats::at_once`)
    // and still reports what a search of each on its own finds.
    for (m, each) in [(model(s, v), good), (bad_model, bad)] {
        let at_once = check(&m, Limits { symmetry: false, ..Limits::default() });
        assert!(at_once.complete, "{mutation:?}: {:?}", at_once.stop);
        let named = |broken: bool| -> Vec<&'static str> {
            let mut names: Vec<_> = m.properties().iter().map(|p| p.name).filter(|n| caveats::INVARIANTS.contains(n) == broken && each.discovery(n).is_some()).collect();
            names.sort();
            names
        };
        let violated: Vec<_> = at_once.violations.iter().map(|(n, _)| *n).collect();
        assert_eq!(violated, named(true), "{mutation:?}: the invariants broken");
        assert_eq!(at_once.witnesses, named(false), "{mutation:?}: the witnesses reached");
    }
}

fn witness_reached(s: &Scenario, v: Variant, witness: &'static str) {
    let c = model(s, v).checker().spawn_bfs().join();
    assert!(c.discovery(witness).is_some(), "{witness} not reached");
}

/// main sleeps while a worker prints; Ctrl-C may come at any moment.
fn ctrl_c_while_worker_runs() -> Scenario {
    ScenarioBuilder::new()
        .import(Module::Threading)
        .import(Module::Time)
        .ctrl_c(1)
        .function("worker", &[], |b| b.for_range("_", 2, |b| b.print_str("worker")))
        .main(|b| {
            b.new_thread("t", "worker", None)
                .start("t")
                .try_(|b| b.sleep_ms(100), vec![builder::except(vec![ExcType::KeyboardInterrupt], None, |b| b.print_str("main: KeyboardInterrupt"))], |b| b, |b| b)
        })
        .build()
}

#[test]
fn a_handler_run_in_a_worker_thread_violates_interrupt_handled_only_in_main() {
    let s = ctrl_c_while_worker_runs();
    caught(&s, Variant::DEFAULT, Mutation::HandlerInRunningThread, interrupts_main_only::HANDLED_ONLY_IN_MAIN);
    witness_reached(&s, Variant::DEFAULT, "witness-interrupt-handled-only-in-main");
}

#[test]
fn a_check_point_passed_with_a_handler_pending_violates_pending_signal_handled_at_next_check_point() {
    let s = ScenarioBuilder::new()
        .import(Module::Thread)
        .import(Module::Signal)
        .function("handler", &["signum", "frame"], |b| b.print_str("handler"))
        .main(|b| {
            b.set_handler(Sig::SIGUSR1, Handler::Function("handler".into()))
                .interrupt_main(Some(Sig::SIGUSR1))
                .print_str("a")
                .print_str("b")
        })
        .build();
    caught(&s, Variant::DEFAULT, Mutation::SkipPendingCheck, interrupts_main_only::PENDING_AT_CHECK_POINT);
    witness_reached(&s, Variant::DEFAULT, "witness-pending-signal-handled-at-next-check-point");
}

/// For each kind of check point, a scenario and a version where a handler
/// runs there (`witness-handler-at-<kind>`).
#[test]
fn every_kind_of_check_point_runs_a_handler_in_some_scenario() {
    use interrupts_main_only::{witness_at, CheckKind};
    let caught_ki = |b: builder::BlockBuilder| b.print_str("caught");
    let ki = || vec![builder::except(vec![ExcType::KeyboardInterrupt], None, caught_ki)];
    let base = || ScenarioBuilder::new().import(Module::Threading).import(Module::Time).import(Module::Thread).import(Module::Signal).ctrl_c(1);
    let v = |minor: u8| variant(Platform::Linux, Version::of(minor));
    let cases: Vec<(CheckKind, Variant, Scenario)> = vec![
        (CheckKind::AfterCall, v(13), base().main(|b| b.try_(|b| b.print_str("a"), ki(), |b| b, |b| b)).build()),
        (
            CheckKind::BeforeCall,
            v(13),
            base()
                .function("worker", &[], |b| b.print_str("w"))
                .main(|b| b.new_thread("t", "worker", None).start("t").try_(|b| b.join("t", None), ki(), |b| b, |b| b))
                .build(),
        ),
        (CheckKind::BackEdge, v(13), base().main(|b| b.for_range("i", 2, |b| b.assign("x", Expr::int(1)))).build()),
        (CheckKind::HandlerEntry, v(10), base().main(|b| b.try_(|b| b.raise(ExcType::ValueError, None), vec![builder::except(vec![ExcType::ValueError], None, caught_ki)], |b| b, |b| b)).build()),
        (
            CheckKind::WithEntry,
            v(14),
            base().main(|b| b.new_lock("lock", LockCtor::Lock).try_(|b| b.with_lock("lock", |b| b.assign("x", Expr::int(1))), ki(), |b| b, |b| b)).build(),
        ),
        (CheckKind::ModuleEnd, v(14), base().main(|b| b.try_(|b| b.assign("x", Expr::int(1)), ki(), |b| b, |b| b)).build()),
        (
            CheckKind::Shutdown,
            variant(Platform::Linux, "3.13.0".parse().expect("version")),
            base().main(|b| b.try_(|b| b.assign("x", Expr::int(1)), ki(), |b| b, |b| b)).build(),
        ),
        (
            CheckKind::FunctionEntry,
            v(13),
            base().function("handler", &["signum", "frame"], |b| b.print_str("handler")).main(|b| {
                b.set_handler(Sig::SIGUSR1, Handler::Function("handler".into())).interrupt_main(Some(Sig::SIGUSR1)).print_str("a")
            }).build(),
        ),
        (CheckKind::Wait, v(13), base().main(|b| b.sleep_ms(100)).build()),
        (CheckKind::Print, v(13), base().main(|b| b.print_str("a")).build()),
    ];
    for (kind, v, s) in cases {
        let name: &'static str = Box::leak(witness_at(kind).into_boxed_str());
        let c = model(&s, v).checker().spawn_bfs().join();
        assert!(c.discovery(name).is_some(), "{name} not reached under {v}");
    }
    assert_eq!(CheckKind::ALL.len(), 10, "a new kind of check point needs a case here");
}

#[test]
fn systemexit_ending_the_process_violates_thread_systemexit_ends_only_that_thread() {
    let s = ScenarioBuilder::new()
        .import(Module::Threading)
        .import(Module::Sys)
        .import(Module::Time)
        .function("worker", &[], |b| b.try_finally(|b| b.sys_exit(Some(Expr::int(3))), |b| b.print_str("worker finally")))
        .main(|b| b.new_thread("t", "worker", None).start("t").sleep_ms(100).print_str("main goes on"))
        .build();
    caught(&s, Variant::DEFAULT, Mutation::ThreadSystemExitEndsProcess, sys_exit_is_thread_exit::SYSTEMEXIT_ENDS_ONLY_THAT_THREAD);
    witness_reached(&s, Variant::DEFAULT, "witness-thread-systemexit-ends-only-that-thread");
}

/// main blocks in `lock.acquire()` on a lock a worker holds for 1 s; Ctrl-C.
fn ctrl_c_during_blocked_acquire() -> Scenario {
    ScenarioBuilder::new()
        .import(Module::Threading)
        .import(Module::Time)
        .ctrl_c(1)
        .function("worker", &[], |b| b.with_lock("lock", |b| b.sleep_ms(1000)))
        .main(|b| {
            b.new_lock("lock", LockCtor::Lock)
                .new_thread("t", "worker", Some(true))
                .start("t")
                .sleep_ms(100)
                .try_(
                    |b| b.acquire("lock", None, None).print_str("main: got the lock"),
                    vec![builder::except(vec![ExcType::KeyboardInterrupt], None, |b| b.print_str("main: interrupted"))],
                    |b| b,
                    |b| b,
                )
        })
        .build()
}

#[test]
fn an_uninterruptible_posix_acquire_violates_blocked_acquire_interrupted() {
    let s = ctrl_c_during_blocked_acquire();
    caught(&s, Variant::DEFAULT, Mutation::PosixAcquireUninterruptible, acquire_interruptible::INTERRUPTED);
    witness_reached(&s, Variant::DEFAULT, "witness-blocked-acquire-interrupted");
    witness_reached(&s, variant(Platform::Windows, Version::V3_14), "witness-blocked-acquire-interrupted");
}

#[test]
fn an_interruptible_windows_313_acquire_violates_blocked_acquire_not_interrupted() {
    let s = ctrl_c_during_blocked_acquire();
    let windows = variant(Platform::Windows, Version::V3_13);
    caught(&s, windows, Mutation::WindowsAcquireInterruptible, acquire_interruptible::NOT_INTERRUPTED);
    witness_reached(&s, windows, "witness-blocked-acquire-not-interrupted");
}

#[test]
fn threads_running_after_exit_violate_no_thread_runs_after_exit() {
    let s = ScenarioBuilder::new()
        .import(Module::Threading)
        .import(Module::Time)
        .function("worker", &[], |b| b.try_finally(|b| b.sleep_ms(100).print_str("worker woke"), |b| b.print_str("worker finally")))
        .main(|b| b.new_thread("t", "worker", Some(true)).start("t").print_str("main ends"))
        .build();
    caught(&s, Variant::DEFAULT, Mutation::ThreadsRunAfterExit, main_exit_kills_threads::NO_THREAD_RUNS_AFTER_EXIT);
    witness_reached(&s, Variant::DEFAULT, "witness-no-thread-runs-after-exit");
}

#[test]
fn an_acquire_that_ignores_the_holder_violates_lock_held_by_at_most_one_thread() {
    let s = ScenarioBuilder::new()
        .import(Module::Threading)
        .function("worker", &[], |b| b.with_lock("lock", |b| b.print_str("worker in")))
        .main(|b| {
            b.new_lock("lock", LockCtor::Lock)
                .new_thread("t", "worker", None)
                .start("t")
                .with_lock("lock", |b| b.print_str("main in"))
        })
        .build();
    caught(&s, Variant::DEFAULT, Mutation::AcquireIgnoresHolder, locks::AT_MOST_ONE_HOLDER);
    witness_reached(&s, Variant::DEFAULT, "witness-lock-held-by-at-most-one-thread");
}

#[test]
fn an_rlock_released_by_a_non_owner_violates_rlock_released_only_by_owner() {
    let s = ScenarioBuilder::new()
        .import(Module::Threading)
        .import(Module::Time)
        .function("worker", &[], |b| b.with_lock("rlock", |b| b.sleep_ms(200)))
        .main(|b| {
            b.new_lock("rlock", LockCtor::RLock)
                .new_thread("t", "worker", Some(true))
                .start("t")
                .sleep_ms(100)
                .try_(
                    |b| b.release("rlock"),
                    vec![builder::except(vec![ExcType::RuntimeError], None, |b| b.print_str("not the owner"))],
                    |b| b,
                    |b| b,
                )
                .acquire("rlock", None, None)
                .release("rlock")
        })
        .build();
    caught(&s, Variant::DEFAULT, Mutation::RLockReleasedByAnyone, locks::RLOCK_RELEASED_ONLY_BY_OWNER);
    witness_reached(&s, Variant::DEFAULT, "witness-rlock-released-only-by-owner");
}

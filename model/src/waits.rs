//! The waits people use (caveat 3 through the objects built on the lock):
//! each blocking call of the language, with the CPython code it blocks in,
//! and a script in which the main thread waits in it while a worker ends
//! the wait after 0.5 s and Ctrl-C may come at any moment. Whether the wait
//! is interrupted is read from the model (`witness-blocked-acquire-*`), for
//! caveat 3's table (`specs/acquire-interruptible.md`) and its tests.

use crate::check::check;
use crate::machine::PyModel;
use crate::outcome::Limits;
use crate::program::Program;
use crate::variant::Variant;
use std::sync::Arc;

/// A blocking call and how a script reaches and ends it.
#[derive(Clone, Copy, Debug)]
pub struct Wait {
    /// The call, as the table shows it.
    pub name: &'static str,
    /// The lines the main thread runs first (module level).
    pub setup: &'static str,
    /// The worker's first lines, before it sleeps 0.5 s (it takes what the
    /// main thread will wait for).
    pub hold: &'static str,
    /// The worker's lines after its sleep, which end the wait.
    pub release: &'static str,
    /// The main thread's wait (lines, indented under a `try:`).
    pub wait: &'static str,
    /// Where CPython blocks, down to the lock.
    pub source: &'static str,
    /// The corpus scenario that shows it with its outcomes.
    pub corpus: &'static str,
}

/// Every wait the language has.
pub const WAITS: &[Wait] = &[
    Wait {
        name: "lock.acquire()",
        setup: "lock = threading.Lock()",
        hold: "lock.acquire()",
        release: "lock.release()",
        wait: "lock.acquire()",
        source: "`_threadmodule.c` `lock_PyThread_acquire_lock` → `acquire_timed`",
        corpus: "acquire-interruptible_ctrl_c_blocking_acquire.py",
    },
    Wait {
        name: "rlock.acquire()",
        setup: "rlock = threading.RLock()",
        hold: "rlock.acquire()",
        release: "rlock.release()",
        wait: "rlock.acquire()",
        source: "`_threadmodule.c` `rlock_acquire` → `acquire_timed`",
        corpus: "acquire-interruptible_ctrl_c_rlock_acquire.py",
    },
    Wait {
        name: "event.wait()",
        setup: "event = threading.Event()",
        hold: "",
        release: "event.set()",
        wait: "event.wait()",
        source: "`threading.py` `Event.wait` → `Condition.wait` → `waiter.acquire()`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_an_event.py",
    },
    Wait {
        name: "cond.wait()",
        setup: "cond = threading.Condition()\nready = []",
        hold: "",
        release: "with cond:\n        ready.append(1)\n        cond.notify()",
        wait: "with cond:\n        while not ready:\n            cond.wait()",
        source: "`threading.py` `Condition.wait` → `waiter.acquire()`; then `_acquire_restore` (not interruptible)",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_condition.py",
    },
    Wait {
        name: "cond.wait_for(predicate)",
        setup: "cond = threading.Condition()\nready = []",
        hold: "",
        release: "with cond:\n        ready.append(1)\n        cond.notify_all()",
        wait: "with cond:\n        cond.wait_for(lambda: ready)",
        source: "`threading.py` `Condition.wait_for` → `Condition.wait`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_condition.py",
    },
    Wait {
        name: "sem.acquire()",
        setup: "sem = threading.Semaphore(0)",
        hold: "",
        release: "sem.release()",
        wait: "sem.acquire()",
        source: "`threading.py` `Semaphore.acquire` → `Condition.wait`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_semaphore.py",
    },
    Wait {
        name: "bounded.acquire()",
        setup: "bounded = threading.BoundedSemaphore(1)",
        hold: "bounded.acquire()",
        release: "bounded.release()",
        wait: "bounded.acquire()",
        source: "`threading.py` `BoundedSemaphore` is a `Semaphore`: `Condition.wait`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_semaphore.py",
    },
    Wait {
        name: "q.get()",
        setup: "q = queue.Queue()",
        hold: "",
        release: "q.put('item')",
        wait: "q.get()",
        source: "`queue.py` `Queue.get` → `not_empty.wait()` (a `Condition`)",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_queue.py",
    },
    Wait {
        name: "q.put(item) (full)",
        setup: "q = queue.Queue(1)\nq.put('first')",
        hold: "",
        release: "q.get()",
        wait: "q.put('second')",
        source: "`queue.py` `Queue.put` → `not_full.wait()`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_queue_to_put_or_join.py",
    },
    Wait {
        name: "q.join()",
        setup: "q = queue.Queue()\nq.put('job')",
        hold: "",
        release: "q.get()\n    q.task_done()",
        wait: "q.join()",
        source: "`queue.py` `Queue.join` → `all_tasks_done.wait()`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_queue_to_put_or_join.py",
    },
    Wait {
        name: "lifo.get()",
        setup: "lifo = queue.LifoQueue()",
        hold: "",
        release: "lifo.put('item')",
        wait: "lifo.get()",
        source: "`queue.py` `LifoQueue` is a `Queue`: `not_empty.wait()`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_on_a_queue_to_put_or_join.py",
    },
    Wait {
        name: "t.join()",
        setup: "",
        hold: "",
        release: "pass",
        wait: "worker.join()",
        source: "`threading.py` `Thread.join` → `_wait_for_tstate_lock` (3.13+: `_thread._ThreadHandle.join`) → the thread's lock",
        corpus: "interrupts-main-only_ctrl_c_interrupts_join_not_worker.py",
    },
    Wait {
        name: "timer.join()",
        setup: "def fire():\n    pass\n\n\ntimer = threading.Timer(0.5, fire)\ntimer.start()",
        hold: "",
        release: "pass",
        wait: "timer.join()",
        source: "`threading.py` `Timer` is a `Thread`: `Thread.join`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_for_an_executor_or_a_timer.py",
    },
    Wait {
        name: "future.result()",
        setup: "def job():\n    time.sleep(0.5)\n\n\npool = ThreadPoolExecutor(1)\nfuture = pool.submit(job)",
        hold: "",
        release: "pass",
        wait: "future.result()",
        source: "`concurrent/futures/_base.py` `Future.result` → `self._condition.wait(timeout)`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_for_a_future.py",
    },
    Wait {
        name: "pool.shutdown(wait=True)",
        setup: "def job():\n    time.sleep(0.5)\n\n\npool = ThreadPoolExecutor(1)\npool.submit(job)",
        hold: "",
        release: "pass",
        wait: "pool.shutdown(wait=True)",
        source: "`concurrent/futures/thread.py` `ThreadPoolExecutor.shutdown` → `t.join()` for each worker",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_for_an_executor_or_a_timer.py",
    },
    Wait {
        name: "with ThreadPoolExecutor() as pool:",
        setup: "def job():\n    time.sleep(0.5)",
        hold: "",
        release: "pass",
        wait: "with ThreadPoolExecutor(1) as pool:\n        pool.submit(job)",
        source: "`concurrent/futures/_base.py` `Executor.__exit__` → `shutdown(wait=True)`",
        corpus: "acquire-interruptible_ctrl_c_while_main_waits_for_a_future.py",
    },
];

impl Wait {
    /// A script in which the main thread waits here, a worker ends the
    /// wait after 0.5 s, and Ctrl-C may be pressed at any moment.
    pub fn script(&self) -> String {
        let mut imports = vec!["threading", "time"];
        if self.setup.contains("queue.") {
            imports.insert(0, "queue");
        }
        let mut out = format!("# pythread: ctrl-c\n# Caveat 3 (acquire-interruptible): Ctrl-C while the main thread waits in `{}`; a worker ends the wait after 0.5 s.\n", self.name);
        for i in imports {
            out.push_str(&format!("import {i}\n"));
        }
        if self.setup.contains("ThreadPoolExecutor") || self.wait.contains("ThreadPoolExecutor") {
            out.push_str("from concurrent.futures import ThreadPoolExecutor\n");
        }
        out.push('\n');
        if !self.setup.is_empty() {
            out.push_str(self.setup);
            out.push('\n');
        }
        out.push_str("\n\ndef release():\n");
        if !self.hold.is_empty() {
            out.push_str(&format!("    {}\n", self.hold));
        }
        out.push_str(&format!("    time.sleep(0.5)\n    {}\n\n\n", self.release));
        out.push_str("worker = threading.Thread(target=release, daemon=True)\nworker.start()\ntime.sleep(0.1)\n");
        out.push_str(&format!("try:\n    {}\n    print('waited')\nexcept KeyboardInterrupt:\n    print('interrupted')\n", self.wait));
        out
    }

    /// Whether the model interrupts this wait under `variant` when Ctrl-C
    /// comes while the main thread is blocked in it: `Some(true)` when a
    /// press wakes it, `Some(false)` when a press reaches it and does not,
    /// `None` when the search says neither (incomplete, or no press lands
    /// there).
    pub fn interrupted(&self, variant: Variant) -> Option<bool> {
        let s = crate::parse(&self.script(), "wait.py").ok()?;
        let r = check(&PyModel::new(Arc::new(Program::compile(&s)), variant), Limits::default());
        let woke = r.witnesses.contains(&"witness-blocked-acquire-interrupted");
        let not = r.witnesses.contains(&"witness-blocked-acquire-not-interrupted");
        match (woke, not) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    }
}

//! Where the clock matters: which codes read `time.monotonic()`, and
//! whether what they read can leave them as an instant.
//!
//! A state's deadlines are relative to the current instant, so two states
//! that differ only in `State::now` have the same futures, unless a value
//! that holds an instant read from the clock is still around: then the
//! clock is part of the state (`State::keeps_time`). The library reads the
//! clock in `Condition.wait_for` and `Queue.put`/`get` with a timeout, only
//! to keep an end time in a local and subtract the clock from it again
//! (`endtime = time() + timeout`, `remaining = endtime - time()`): the
//! instant never leaves the frame. Such a code is [`Clock::Relative`]: the
//! clock is part of the state only while one of its frames runs. A code
//! that uses an instant any other way (compares it, stores it in an
//! attribute or a global, returns it, prints it: `sched`, a script's own
//! `t1 = time.monotonic()`... `print(t2 - t1)` is fine, `results.append(t1)`
//! is not) makes the program [`Clock::Absolute`]: every state keeps it.

use super::{Code, Op, PExpr, VarRef};
use crate::scenario::{BinOp, CmpOp, Literal};
use std::collections::BTreeSet;

/// Where a program's states must keep the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clock {
    /// No code reads it.
    Never,
    /// Only while a frame of a code marked here (by code index) runs.
    Relative(Vec<bool>),
    /// Always.
    Absolute,
}

impl Clock {
    /// The clock use of a program made of `codes`.
    pub fn of(codes: &[Code]) -> Clock {
        let mut reading = vec![false; codes.len()];
        for (c, code) in codes.iter().enumerate() {
            if !code.instrs.iter().any(|i| i.op.mentions(&|e| matches!(e, PExpr::Now))) {
                continue;
            }
            if !keeps_instants_local(code) {
                return Clock::Absolute;
            }
            reading[c] = true;
        }
        if reading.contains(&true) {
            Clock::Relative(reading)
        } else {
            Clock::Never
        }
    }
}

/// Whether every instant `code` reads from the clock stays in its own
/// locals: an instant (the clock, or a local that was given one) is only
/// stored in a local, shifted by a duration (`+`, `-`), subtracted from
/// another instant (a duration), or tested against `None`.
fn keeps_instants_local(code: &Code) -> bool {
    // The locals that may hold an instant, to a fixed point.
    let mut instants = BTreeSet::new();
    loop {
        let before = instants.len();
        for i in &code.instrs {
            if let Op::Assign { var: VarRef::Local(x), value } | Op::SetReg { reg: VarRef::Local(x), value } = &i.op {
                if is_instant(value, &instants) {
                    instants.insert(*x);
                }
            }
        }
        if instants.len() == before {
            break;
        }
    }
    // What a `return` returns is kept in a local of its own.
    if code.ret.is_some_and(|r| instants.contains(&r)) {
        return false;
    }
    code.instrs.iter().all(|i| match &i.op {
        Op::Assign { var: VarRef::Local(_), value } | Op::SetReg { reg: VarRef::Local(_), value } => {
            if is_instant(value, &instants) {
                !leaks_instant(value, &instants)
            } else {
                !leaks(value, &instants)
            }
        }
        op => !op.any_expr(&mut |e| leaks(e, &instants)),
    })
}

/// Whether `e`'s value is an instant.
fn is_instant(e: &PExpr, instants: &BTreeSet<u16>) -> bool {
    match e {
        PExpr::Now => true,
        PExpr::Var(VarRef::Local(x)) => instants.contains(x),
        PExpr::Bin(BinOp::Add, a, b) => is_instant(a, instants) != is_instant(b, instants),
        PExpr::Bin(BinOp::Sub, a, b) => is_instant(a, instants) && !is_instant(b, instants),
        _ => false,
    }
}

/// Whether `e`, whose value is not an instant, uses one otherwise than as
/// [`keeps_instants_local`] allows.
fn leaks(e: &PExpr, instants: &BTreeSet<u16>) -> bool {
    let instant = |x: &PExpr| is_instant(x, instants);
    match e {
        _ if instant(e) => true,
        // A duration: the difference of two instants.
        PExpr::Bin(BinOp::Sub, a, b) if instant(a) && instant(b) => leaks_instant(a, instants) || leaks_instant(b, instants),
        PExpr::Cmp(CmpOp::Is | CmpOp::IsNot, a, b) if matches!(**b, PExpr::Lit(Literal::None)) && matches!(**a, PExpr::Var(_)) => false,
        _ => e.any_child(&mut |x| leaks(x, instants)),
    }
}

/// Whether `e`, an instant, is made otherwise than of the clock, local
/// instants and durations.
fn leaks_instant(e: &PExpr, instants: &BTreeSet<u16>) -> bool {
    match e {
        PExpr::Now | PExpr::Var(VarRef::Local(_)) => false,
        PExpr::Bin(BinOp::Add | BinOp::Sub, a, b) if is_instant(a, instants) => leaks_instant(a, instants) || leaks(b, instants),
        PExpr::Bin(BinOp::Add, a, b) => leaks(a, instants) || leaks_instant(b, instants),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::parse;
    use crate::program::Program;

    fn clock(source: &str) -> Clock {
        Program::compile(&parse(source, "t.py").expect("parses")).clock
    }

    fn reading(source: &str) -> Vec<String> {
        let program = Program::compile(&parse(source, "t.py").expect("parses"));
        let Clock::Relative(codes) = &program.clock else { panic!("not relative: {:?}", program.clock) };
        program.codes.iter().zip(codes).filter(|(_, r)| **r).map(|(c, _)| c.name.clone()).collect()
    }

    #[test]
    fn a_script_that_reads_no_clock_never_keeps_it() {
        assert_eq!(clock("import time\ntime.sleep(1)\nprint('x')\n"), Clock::Never);
    }

    #[test]
    fn the_librarys_end_times_stay_in_their_frames() {
        let names = reading("import queue, threading\nq = queue.Queue()\nc = threading.Condition()\n");
        assert!(names.iter().any(|n| n.ends_with("wait_for")), "{names:?}");
        assert!(names.iter().any(|n| n.ends_with("get")), "{names:?}");
        assert!(names.iter().any(|n| n.ends_with("put")), "{names:?}");
    }

    #[test]
    fn a_duration_measured_in_a_function_stays_relative() {
        let src = "import time\ndef f():\n    t1 = time.monotonic()\n    time.sleep(1)\n    t2 = time.monotonic()\n    print(t2 - t1 > 0.5)\nf()\n";
        assert_eq!(reading(src), vec!["f".to_string()]);
    }

    #[test]
    fn an_instant_that_is_stored_printed_compared_or_returned_is_absolute() {
        for src in [
            "import time\nt = time.monotonic()\n",
            "import time\ndef f():\n    x = time.monotonic()\n    print(x)\nf()\n",
            "import time\ndef f():\n    return time.monotonic()\nf()\n",
            "import time\ndef f():\n    x = time.monotonic()\n    if x > 5:\n        print('late')\nf()\n",
            "import time\nl = []\ndef f():\n    x = time.monotonic() + 1\n    l.append(x)\nf()\n",
            "import time\ndef f():\n    x = time.monotonic() + time.monotonic()\nf()\n",
            "import sched, time\ns = sched.scheduler()\n",
        ] {
            assert_eq!(clock(src), Clock::Absolute, "{src}");
        }
    }
}

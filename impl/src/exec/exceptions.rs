//! Exceptions across the runtime: the model's `Exc` and the runtime's
//! `PyException` converted both ways, what a frame is handling, and what
//! becomes of one that escapes a thread (the hooks, the exit functions).

use super::*;

impl Exec {
    /// A runtime exception as the model's: our own raised exceptions come
    /// back as they were (payload); the runtime's new ones are converted.
    pub(super) fn to_exc(&self, e: &PyException) -> Exc {
        if let Some(x) = e.payload.as_ref().and_then(|p| p.downcast_ref::<Exc>()) {
            return x.clone();
        }
        let class = match &e.kind {
            ExcKind::KeyboardInterrupt => Class::Named(ExcType::KeyboardInterrupt),
            ExcKind::SystemExit => Class::Named(ExcType::SystemExit),
            ExcKind::ValueError => Class::Named(ExcType::ValueError),
            ExcKind::RuntimeError => Class::Named(ExcType::RuntimeError),
            ExcKind::OverflowError => Class::Named(ExcType::OverflowError),
            ExcKind::AttributeError => Class::Named(ExcType::AttributeError),
            ExcKind::TypeError => Class::Named(ExcType::TypeError),
            ExcKind::Other(name) => {
                Class::Named(ExcType::builtin_from_name(name).unwrap_or_else(|| ExcType::user(name.clone(), ExcType::Exception)))
            }
            ExcKind::Killed => unreachable!("Killed is not an exception"),
        };
        let arg = e.message.as_ref().map(|m| Value::Str(Text::new(m))).or(e.code.map(Value::Int));
        Exc { class, arg, context: None }
    }

    /// The model's exception as a runtime exception (carried as the payload).
    pub(super) fn to_py(&self, e: Exc) -> PyException {
        let kind = match &e.class {
            Class::Named(ExcType::KeyboardInterrupt) => ExcKind::KeyboardInterrupt,
            Class::Named(ExcType::SystemExit) => ExcKind::SystemExit,
            Class::Named(ExcType::ValueError) => ExcKind::ValueError,
            Class::Named(ExcType::RuntimeError) => ExcKind::RuntimeError,
            Class::Named(ExcType::OverflowError) => ExcKind::OverflowError,
            Class::Named(ExcType::AttributeError) => ExcKind::AttributeError,
            Class::Named(ExcType::TypeError) => ExcKind::TypeError,
            other => ExcKind::Other(other.name().to_string()),
        };
        // SystemExit's argument as an exit code: None → 0, an int, a bool;
        // anything else (a message) is printed and gives 1.
        let code = match &e.arg {
            _ if kind != ExcKind::SystemExit => None,
            None | Some(Value::None) => None,
            Some(Value::Int(n)) => Some(*n),
            Some(Value::Bool(b)) => Some(i64::from(*b)),
            Some(_) => Some(1),
        };
        PyException { kind, message: None, code, payload: Some(Arc::new(e)) }
    }

    /// A runtime error as a `Stop`; `fresh` runtime exceptions get the
    /// `__context__` of what `tid` is handling.
    pub(super) fn stop(&self, tid: Tid, f: &Frame, e: PyException) -> Stop {
        if e.is_killed() {
            return Stop::Killed;
        }
        let fresh = e.payload.is_none();
        let exc = self.to_exc(&e);
        Stop::Raise(if fresh { self.with_context(tid, f, exc) } else { exc })
    }

    /// The exception being handled where `f` is (its innermost `except`
    /// body's, else the one a `finally` body was entered with).
    pub(super) fn handled(f: &Frame) -> Option<Exc> {
        f.unwinding.clone().or_else(|| f.handling.last().cloned()).or_else(|| {
            f.pending.iter().rev().find_map(|p| match p {
                Pending::Raise(x) => Some(x.clone()),
                Pending::Normal => None,
            })
        })
    }

    /// A statement's own exception with its `__context__` (a callee's
    /// already has its own).
    pub(super) fn in_context(&self, tid: Tid, f: &Frame, e: Stop) -> Stop {
        match e {
            Stop::Raise(x) => Stop::Raise(self.with_context(tid, f, x)),
            other => other,
        }
    }

    /// A runtime error as a statement's stop: the process exit stops the
    /// thread, anything else is raised as the model's exception.
    pub(super) fn rt(&self, e: PyException) -> Stop {
        if e.is_killed() {
            Stop::Killed
        } else {
            Stop::Raise(self.to_exc(&e))
        }
    }

    /// A new exception gets the handled one as its `__context__`, looking at
    /// this frame, then the frames below it (a handler call's interrupted code).
    pub(super) fn with_context(&self, tid: Tid, f: &Frame, mut e: Exc) -> Exc {
        if let Some(h) = self.handled_by_thread(tid, f) {
            e.context = Some(Arc::new(h));
        }
        e
    }

    /// The exception thread `tid` is handling, `f` its running frame: this
    /// frame's, else the calls' below it (a bare `raise` in a function
    /// called from an `except` body re-raises that body's exception).
    pub(super) fn handled_by_thread(&self, tid: Tid, f: &Frame) -> Option<Exc> {
        Self::handled(f).or_else(|| {
            let st = self.st();
            let calls = st.contexts.get(tid as usize)?;
            // The last entry is this call's own; look below it.
            calls.iter().rev().skip(1).find_map(|c| c.clone())
        })
    }
}

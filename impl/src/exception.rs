//! Python exceptions as the runtime raises and passes them on.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// The class of an exception.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExcKind {
    /// Ctrl-C, through `signal.default_int_handler`.
    KeyboardInterrupt,
    /// `sys.exit()` / `_thread.exit()`.
    SystemExit,
    /// Bad argument values (e.g. a negative timeout).
    ValueError,
    /// Misuse (e.g. releasing an unlocked lock).
    RuntimeError,
    /// A timeout above `_thread.TIMEOUT_MAX`.
    OverflowError,
    /// A wrong argument type or count.
    TypeError,
    /// A name the platform's `signal` module lacks.
    AttributeError,
    /// Any other class, by name (an embedder's own exceptions).
    Other(String),
    /// Not a Python exception: the process exited (or was abandoned as hung)
    /// and this thread must stop at once **without running any more of its
    /// code, `finally` blocks included** (CPython ≤ 3.13 calls
    /// `PyThread_exit_thread()` when such a thread next takes the GIL; 3.14
    /// parks it forever). Pass it on with `?`; never catch it.
    Killed,
}

impl ExcKind {
    /// The class name a traceback shows.
    pub fn name(&self) -> &str {
        match self {
            ExcKind::KeyboardInterrupt => "KeyboardInterrupt",
            ExcKind::SystemExit => "SystemExit",
            ExcKind::ValueError => "ValueError",
            ExcKind::RuntimeError => "RuntimeError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::TypeError => "TypeError",
            ExcKind::AttributeError => "AttributeError",
            ExcKind::Other(name) => name,
            ExcKind::Killed => "<thread killed>",
        }
    }
}

/// A raised exception.
#[derive(Clone)]
pub struct PyException {
    /// Its class.
    pub kind: ExcKind,
    /// `str(e)`, when it has a message.
    pub message: Option<String>,
    /// SystemExit's code (`sys.exit(n)`); `None` is `sys.exit()`.
    pub code: Option<i64>,
    /// The embedder's own exception object, carried through unchanged (a
    /// signal handler that raises hands its exception to the interrupted
    /// call this way).
    pub payload: Option<Arc<dyn Any + Send + Sync>>,
}

impl PyException {
    /// An exception of this class with no message.
    pub fn new(kind: ExcKind) -> PyException {
        PyException { kind, message: None, code: None, payload: None }
    }

    /// An exception with a message (`str(e)`).
    pub fn with_message(kind: ExcKind, message: impl Into<String>) -> PyException {
        PyException { message: Some(message.into()), ..PyException::new(kind) }
    }

    /// `SystemExit(code)`, what `sys.exit(code)` and `_thread.exit()` raise.
    pub fn system_exit(code: Option<i64>) -> PyException {
        PyException { code, ..PyException::new(ExcKind::SystemExit) }
    }

    /// The "this thread is stopped" marker (see [`ExcKind::Killed`]).
    pub fn killed() -> PyException {
        PyException::new(ExcKind::Killed)
    }

    /// Whether this is the kill marker rather than a Python exception.
    pub fn is_killed(&self) -> bool {
        self.kind == ExcKind::Killed
    }

    /// Whether this is SystemExit.
    pub fn is_system_exit(&self) -> bool {
        self.kind == ExcKind::SystemExit
    }
}

impl fmt::Debug for PyException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for PyException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.message, self.code) {
            (Some(m), _) => write!(f, "{}: {m}", self.kind.name()),
            (None, Some(c)) => write!(f, "{}: {c}", self.kind.name()),
            (None, None) => write!(f, "{}", self.kind.name()),
        }
    }
}

impl PartialEq for PyException {
    /// Class, message and code; payloads are the embedder's business.
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.message == other.message && self.code == other.code
    }
}

impl std::error::Error for PyException {}

//! The exception classes a scenario names, and the `raise` and `except`
//! clauses that name them.

use super::*;

/// Exception classes a scenario can name: CPython's built-in classes that
/// scripts around threads and signals raise or catch, and the script's own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExcType {
    BaseException,
    Exception,
    KeyboardInterrupt,
    SystemExit,
    ValueError,
    RuntimeError,
    OverflowError,
    AssertionError,
    AttributeError,
    GeneratorExit,
    ArithmeticError,
    ZeroDivisionError,
    LookupError,
    IndexError,
    KeyError,
    TypeError,
    NameError,
    UnboundLocalError,
    OSError,
    InterruptedError,
    TimeoutError,
    ConnectionError,
    BrokenPipeError,
    ProcessLookupError,
    PermissionError,
    FileNotFoundError,
    RecursionError,
    NotImplementedError,
    StopIteration,
    ImportError,
    EOFError,
    MemoryError,
    /// A `class Name(Base)` of the script, with its base class.
    User { name: String, base: Box<ExcType> },
}

impl ExcType {
    /// Built-in classes a script can name, raise and catch.
    pub const BUILTIN: [ExcType; 32] = [
        ExcType::BaseException,
        ExcType::Exception,
        ExcType::KeyboardInterrupt,
        ExcType::SystemExit,
        ExcType::ValueError,
        ExcType::RuntimeError,
        ExcType::OverflowError,
        ExcType::AssertionError,
        ExcType::AttributeError,
        ExcType::GeneratorExit,
        ExcType::ArithmeticError,
        ExcType::ZeroDivisionError,
        ExcType::LookupError,
        ExcType::IndexError,
        ExcType::KeyError,
        ExcType::TypeError,
        ExcType::NameError,
        ExcType::UnboundLocalError,
        ExcType::OSError,
        ExcType::InterruptedError,
        ExcType::TimeoutError,
        ExcType::ConnectionError,
        ExcType::BrokenPipeError,
        ExcType::ProcessLookupError,
        ExcType::PermissionError,
        ExcType::FileNotFoundError,
        ExcType::RecursionError,
        ExcType::NotImplementedError,
        ExcType::StopIteration,
        ExcType::ImportError,
        ExcType::EOFError,
        ExcType::MemoryError,
    ];

    /// The classes the generators raise and catch (the rest behave alike).
    pub const GENERATED: [ExcType; 9] = [
        ExcType::BaseException,
        ExcType::Exception,
        ExcType::KeyboardInterrupt,
        ExcType::SystemExit,
        ExcType::ValueError,
        ExcType::RuntimeError,
        ExcType::ArithmeticError,
        ExcType::OSError,
        ExcType::TimeoutError,
    ];

    /// A class of the script deriving from `base`.
    pub fn user(name: impl Into<String>, base: ExcType) -> ExcType {
        ExcType::User { name: name.into(), base: Box::new(base) }
    }

    pub fn name(&self) -> &str {
        match self {
            ExcType::BaseException => "BaseException",
            ExcType::Exception => "Exception",
            ExcType::KeyboardInterrupt => "KeyboardInterrupt",
            ExcType::SystemExit => "SystemExit",
            ExcType::ValueError => "ValueError",
            ExcType::RuntimeError => "RuntimeError",
            ExcType::OverflowError => "OverflowError",
            ExcType::AssertionError => "AssertionError",
            ExcType::AttributeError => "AttributeError",
            ExcType::GeneratorExit => "GeneratorExit",
            ExcType::ArithmeticError => "ArithmeticError",
            ExcType::ZeroDivisionError => "ZeroDivisionError",
            ExcType::LookupError => "LookupError",
            ExcType::IndexError => "IndexError",
            ExcType::KeyError => "KeyError",
            ExcType::TypeError => "TypeError",
            ExcType::NameError => "NameError",
            ExcType::UnboundLocalError => "UnboundLocalError",
            ExcType::OSError => "OSError",
            ExcType::InterruptedError => "InterruptedError",
            ExcType::TimeoutError => "TimeoutError",
            ExcType::ConnectionError => "ConnectionError",
            ExcType::BrokenPipeError => "BrokenPipeError",
            ExcType::ProcessLookupError => "ProcessLookupError",
            ExcType::PermissionError => "PermissionError",
            ExcType::FileNotFoundError => "FileNotFoundError",
            ExcType::RecursionError => "RecursionError",
            ExcType::NotImplementedError => "NotImplementedError",
            ExcType::StopIteration => "StopIteration",
            ExcType::ImportError => "ImportError",
            ExcType::EOFError => "EOFError",
            ExcType::MemoryError => "MemoryError",
            ExcType::User { name, .. } => name,
        }
    }

    pub fn builtin_from_name(name: &str) -> Option<ExcType> {
        // Aliases CPython keeps for OSError (3.3+).
        let name = match name {
            "IOError" | "EnvironmentError" | "socket.error" | "select.error" => "OSError",
            other => other,
        };
        ExcType::BUILTIN.into_iter().find(|e| e.name() == name)
    }

    /// The class it derives from directly (CPython's built-in hierarchy,
    /// `Objects/exceptions.c`); `None` for BaseException.
    pub fn base(&self) -> Option<ExcType> {
        use ExcType::*;
        Some(match self {
            BaseException => return None,
            Exception | KeyboardInterrupt | SystemExit | GeneratorExit => BaseException,
            ValueError | RuntimeError | AssertionError | AttributeError | ArithmeticError | LookupError | TypeError
            | NameError | OSError | StopIteration | ImportError | EOFError | MemoryError => Exception,
            OverflowError | ZeroDivisionError => ArithmeticError,
            IndexError | KeyError => LookupError,
            UnboundLocalError => NameError,
            InterruptedError | TimeoutError | ConnectionError | ProcessLookupError | PermissionError | FileNotFoundError => {
                OSError
            }
            BrokenPipeError => ConnectionError,
            RecursionError | NotImplementedError => RuntimeError,
            User { base, .. } => (**base).clone(),
        })
    }

    /// Python's class hierarchy: whether `self` is `other` or derives from it.
    pub fn is_subclass_of(&self, other: &ExcType) -> bool {
        let mut at = Some(self.clone());
        while let Some(c) = at {
            if c == *other {
                return true;
            }
            at = c.base();
        }
        false
    }
}

/// The exception of a `raise`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RaiseExc {
    /// The class raised.
    pub exc: ExcType,
    /// The argument of the call, if any (`raise E("msg")`, `raise SystemExit(2)`);
    /// `raise E` and `raise E()` are the same exception.
    pub arg: Option<Expr>,
}

/// One `except` clause.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExceptHandler {
    /// Classes caught (`except A` or `except (A, B)`); empty for a bare `except:`.
    pub types: Vec<ExcType>,
    /// `as name`
    pub name: Option<String>,
    /// The clause's body.
    pub body: Block,
    /// Where the `except` is.
    pub loc: Loc,
}

impl ExceptHandler {
    /// Whether the clause catches an exception of class `e` (a bare
    /// `except:` catches every one).
    pub fn catches(&self, e: &ExcType) -> bool {
        self.types.is_empty() || self.types.iter().any(|t| e.is_subclass_of(t))
    }
}

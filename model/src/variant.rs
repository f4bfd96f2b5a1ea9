//! The platform and version variants the model distinguishes (SEMANTICS.md,
//! "Variants the model must distinguish").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How OS signals reach threads and whether blocked waits are interrupted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// The kernel delivers a process signal to the main thread.
    Linux,
    /// Any POSIX system: a process signal may land on any thread.
    Posix,
    /// No POSIX signals between threads; Ctrl-C sets the SIGINT event.
    Windows,
}

/// The CPython version. Where pending signal handlers run differs by minor
/// version (`Version`'s predicates below, `research/eval-breaker.md`), and
/// within 3.13 by patch release (the check after the module, 3.13.15+).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    /// The minor version, 8 through 14.
    pub minor: u8,
    /// The patch release when one was asked for (`3.13.0`); `None` means
    /// the newest release of that minor version the project runs.
    pub patch: Option<u8>,
}

/// What happens to other threads when the process exits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitMode {
    /// They are killed without running their `finally` (every mainstream system).
    Killed,
    /// They run on (the documentation's "system defined" case).
    Survive,
}

/// One variant of the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Variant {
    pub platform: Platform,
    pub version: Version,
    pub exit: ExitMode,
}

impl Version {
    pub const V3_13: Version = Version { minor: 13, patch: None };
    pub const V3_14: Version = Version { minor: 14, patch: None };

    /// The name threading.py gives the `number`th thread it names:
    /// `Thread-N`, and from 3.10 ` (target)` after it when a target is given.
    pub fn thread_name(self, number: impl std::fmt::Display, target: Option<&str>) -> String {
        match target {
            // `target.__name__`: a method's own name, not its class's.
            Some(f) if self.minor >= 10 => format!("Thread-{number} ({})", f.rsplit('.').next().unwrap_or(f)),
            _ => format!("Thread-{number}"),
        }
    }

    /// One version per group that behaves alike here, newest first within
    /// it (`research/eval-breaker.md`, `specs/interrupts-main-only.md`):
    /// 3.8–3.9 check before most instructions; 3.10 also where an `except`
    /// is entered by an exception; 3.11–3.12 at calls and back edges, with
    /// `join()` as a lock wait (gh-90882) and the ≤ 3.12 error texts; 3.13
    /// (3.13.15+: the check after the module, status 1 for Ctrl-C there;
    /// 3.13.0 is `3.13.0`); 3.14 (keyword calls unchecked on their first
    /// run, the check at `with` entry, Windows lock waits interruptible).
    pub const GROUPS: [Version; 5] = [Version::of(9), Version::of(10), Version::of(12), Version::V3_13, Version::V3_14];

    /// The newest release of `3.minor`.
    pub const fn of(minor: u8) -> Version {
        Version { minor, patch: None }
    }

    /// The patch release: the one asked for, or the newest the project runs
    /// (the interpreters `pythread conform --all-interpreters` finds).
    pub fn micro(self) -> u8 {
        self.patch.unwrap_or(match self.minor {
            8 | 9 | 13 => 18,
            10 => 13,
            11 => 7,
            12 => 1,
            _ => 10,
        })
    }

    /// Whether this is the 3.14 behaviour group.
    pub fn is_314(self) -> bool {
        self.minor >= 14
    }
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Linux, Platform::Posix, Platform::Windows];

    pub fn name(self) -> &'static str {
        match self {
            Platform::Linux => "linux",
            Platform::Posix => "posix",
            Platform::Windows => "windows",
        }
    }

    /// What the model assumes of it (for `specs/`).
    pub fn meaning(self) -> &'static str {
        match self {
            Platform::Linux => "the kernel delivers a process signal to the main thread",
            Platform::Posix => "any POSIX system: a process signal may land on any thread",
            Platform::Windows => "no POSIX signals between threads; Ctrl-C sets the SIGINT event; lock waits uninterruptible before 3.14",
        }
    }
}

impl ExitMode {
    pub const ALL: [ExitMode; 2] = [ExitMode::Killed, ExitMode::Survive];

    pub fn name(self) -> &'static str {
        match self {
            ExitMode::Killed => "killed",
            ExitMode::Survive => "survive",
        }
    }

    /// What it means (for `specs/`).
    pub fn meaning(self) -> &'static str {
        match self {
            ExitMode::Killed => "at the exit, other threads are stopped without running their finally (every mainstream system)",
            ExitMode::Survive => "other threads run on after the exit (the documentation's \"system defined\" case)",
        }
    }
}

impl Variant {
    /// linux / 3.13 / killed: what CPython on Linux does.
    pub const DEFAULT: Variant =
        Variant { platform: Platform::Linux, version: Version::V3_13, exit: ExitMode::Killed };

    /// Every variant: 3 platforms × the version groups × 2 exit modes.
    pub fn all() -> Vec<Variant> {
        let mut v = Vec::new();
        for platform in Platform::ALL {
            for version in Version::GROUPS {
                for exit in ExitMode::ALL {
                    v.push(Variant { platform, version, exit });
                }
            }
        }
        v
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(p) => write!(f, "3.{}.{p}", self.minor),
            None => write!(f, "3.{}", self.minor),
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.platform.name(), self.version, self.exit.name())
    }
}

impl FromStr for Platform {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Platform::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("unknown platform `{s}` (linux, posix, windows, all)"))
    }
}

impl FromStr for Version {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("unknown version `{s}` (pythread models CPython 3.8 … 3.14, or a patch release such as 3.13.0; all; groups)");
        let rest = s.strip_prefix("3.").ok_or_else(bad)?;
        let (minor, patch) = match rest.split_once('.') {
            Some((m, p)) => (m, Some(p.parse::<u8>().map_err(|_| bad())?)),
            None => (rest, None),
        };
        match minor.parse::<u8>() {
            Ok(minor @ 8..=14) => Ok(Version { minor, patch }),
            _ => Err(bad()),
        }
    }
}

impl FromStr for ExitMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExitMode::ALL
            .into_iter()
            .find(|e| e.name() == s)
            .ok_or_else(|| format!("unknown exit mode `{s}` (killed, survive, all)"))
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Windows' exit code for a process ended by Ctrl-C (0xC000013A).
pub const STATUS_CONTROL_C_EXIT: i64 = 0xC000_013A;

//! The synchronisation façade: std's primitives normally, loom's under
//! `RUSTFLAGS="--cfg loom"`, so the loom tests explore every interleaving of
//! the very code that runs in production.

#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(loom)]
pub(crate) use loom::thread;

#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::thread;

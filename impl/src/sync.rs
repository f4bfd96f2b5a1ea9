//! The synchronisation façade: std's primitives normally, loom's under
//! `RUSTFLAGS="--cfg pythread_loom"`, so the loom tests explore every interleaving of
//! the very code that runs in production.

#[cfg(pythread_loom)]
pub(crate) use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(pythread_loom)]
pub(crate) use loom::thread;

#[cfg(not(pythread_loom))]
pub(crate) use std::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(pythread_loom))]
pub(crate) use std::thread;

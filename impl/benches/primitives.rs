//! `cargo bench -p pythread-impl --bench primitives`: an uncontended
//! `acquire()` + `release()` of the reference runtime's `Lock` (the GIL held,
//! as a Python thread holds it) against `std::sync::Mutex` and
//! `parking_lot::Mutex` lock + unlock.

use criterion::{criterion_group, criterion_main, Criterion};
use pythread_impl::Runtime;
use pythread_model::variant::Variant;
use std::hint::black_box;

fn acquire_release(c: &mut Criterion) {
    let mut g = c.benchmark_group("uncontended acquire+release");
    // Without the event trace, as a long-running program would use it.
    let rt = Runtime::builder(Variant::DEFAULT).trace(false).build();
    rt.run_main(|py| {
        let lock = py.allocate_lock();
        g.bench_function("pythread_impl::Lock", |b| {
            b.iter(|| {
                black_box(lock.acquire(py, true, -1.0)).expect("free");
                lock.release(py).expect("held");
            })
        });
        let rlock = py.rlock();
        g.bench_function("pythread_impl::RLock", |b| {
            b.iter(|| {
                black_box(rlock.acquire(py, true, -1.0)).expect("free");
                rlock.release(py).expect("owned");
            })
        });
        Ok(())
    });
    let m = std::sync::Mutex::new(0u64);
    g.bench_function("std::sync::Mutex", |b| b.iter(|| *black_box(&m).lock().expect("not poisoned") += 1));
    let p = parking_lot::Mutex::new(0u64);
    g.bench_function("parking_lot::Mutex", |b| b.iter(|| *black_box(&p).lock() += 1));
    g.finish();
}

criterion_group!(benches, acquire_release);
criterion_main!(benches);

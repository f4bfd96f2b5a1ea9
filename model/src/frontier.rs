//! Both cores for one breadth-first search (`predict`, the hazard search):
//! the front of the queue is expanded in parallel (each node's actions and
//! successors, which read nothing but the node), and the results are merged
//! into the visited set one by one, in queue order. The merge is what a
//! sequential search does, in the same order, so the states found, their
//! numbering and every shortest trace are the same for any number of jobs.
//! A node's path back to the start (`path`) is kept as its parent and the
//! action from it.

/// How many nodes from the front of the queue are expanded at once: large
/// enough to keep the threads busy, small enough that their successors,
/// duplicates included, stay a small part of memory.
pub const BATCH: usize = 512;

/// Below this many nodes one thread expands them (threads cost more).
const PARALLEL_FROM: usize = 256;

/// The number of jobs `--jobs` means by default: every core. Asked once:
/// the answer reads the cgroup's files, and every `Limits::default()` wants
/// it.
pub fn all_cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `expand` applied to every node of `batch` (nodes, or their numbers), on up to `jobs` threads,
/// the results in `batch`'s order.
pub fn expand<N: Sync, T: Send>(jobs: usize, batch: &[N], expand: impl Fn(&N) -> T + Sync) -> Vec<T> {
    if jobs <= 1 || batch.len() < PARALLEL_FROM {
        return batch.iter().map(&expand).collect();
    }
    let chunk = batch.len().div_ceil(jobs);
    let expand = &expand;
    std::thread::scope(|scope| {
        let parts: Vec<_> = batch.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(expand).collect::<Vec<T>>())).collect();
        parts.into_iter().flat_map(|p| p.join().expect("an expansion thread panicked")).collect()
    })
}

/// The actions from the start to node `at`, read back along each node's
/// parent and the action from it.
pub fn path(parents: &[Option<(usize, crate::machine::Action)>], mut at: usize) -> Vec<crate::machine::Action> {
    let mut path = Vec::new();
    while let Some((p, a)) = &parents[at] {
        path.push(a.clone());
        at = *p;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_of_the_batch_whatever_the_jobs() {
        let batch: Vec<usize> = (0..1000).rev().collect();
        for jobs in [1, 2, 3, 8] {
            assert_eq!(expand(jobs, &batch, |i| i * 2), batch.iter().map(|i| i * 2).collect::<Vec<_>>(), "{jobs} jobs");
        }
    }
}

//! Runs that never end without blocking: the cycles of the state graph that
//! no transition leaves.
//!
//! ```text
//! bottom SCC = a strongly connected component with no edge out of it
//! runs forever ⇔ a reachable bottom SCC that holds a cycle (≥ 1 edge)
//! ```
//! A single end state is a bottom SCC without edges (an outcome of its
//! own); a loop that a Ctrl-C press, a signal or another thread can still
//! leave is not bottom. No fairness assumption is needed: a thread that
//! could step is an edge out of the cycle.

/// One state (the smallest index: the first a breadth-first search met) of
/// each bottom strongly connected component of the graph on `0..n` that has
/// an edge inside it.
pub fn closed_cycles(n: usize, edges: &[(u32, u32)]) -> Vec<usize> {
    // Adjacency in compressed rows.
    let mut start = vec![0u32; n + 1];
    for &(a, _) in edges {
        start[a as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut adj = vec![0u32; edges.len()];
    for &(a, b) in edges {
        adj[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
    }
    let succ = |v: usize| &adj[start[v] as usize..start[v + 1] as usize];
    // Tarjan's algorithm, iterative (state graphs are deep).
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut roots: Vec<u32> = Vec::new();
    let mut next = 0u32;
    let mut calls: Vec<(u32, u32)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((root as u32, 0));
        while let Some(&mut (v, ref mut child)) = calls.last_mut() {
            let v = v as usize;
            if *child == 0 && index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v as u32);
                on_stack[v] = true;
            }
            if let Some(&w) = succ(v).get(*child as usize) {
                *child += 1;
                let w = w as usize;
                if index[w] == UNSEEN {
                    calls.push((w as u32, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(p, _)) = calls.last() {
                low[p as usize] = low[p as usize].min(low[v]);
            }
            if low[v] == index[v] {
                let id = roots.len() as u32;
                roots.push(v as u32);
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp[w as usize] = id;
                    if w as usize == v {
                        break;
                    }
                }
            }
        }
    }
    // A component is closed when no edge leaves it; it cycles when an edge
    // stays inside it.
    let mut leaves = vec![false; roots.len()];
    let mut cycles = vec![false; roots.len()];
    let mut first = vec![usize::MAX; roots.len()];
    for v in 0..n {
        let c = comp[v] as usize;
        first[c] = first[c].min(v);
        for &w in succ(v) {
            if comp[w as usize] as usize == c {
                cycles[c] = true;
            } else {
                leaves[c] = true;
            }
        }
    }
    let mut out: Vec<usize> = (0..roots.len()).filter(|&c| cycles[c] && !leaves[c]).map(|c| first[c]).collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::closed_cycles;

    #[test]
    fn a_loop_with_an_exit_is_not_closed_and_one_without_is() {
        // 0 → 1 → 2 → 1, 2 → 3 (end): the loop can be left.
        assert!(closed_cycles(4, &[(0, 1), (1, 2), (2, 1), (2, 3)]).is_empty());
        // 0 → 1 → 2 → 1 only: it cannot.
        assert_eq!(closed_cycles(3, &[(0, 1), (1, 2), (2, 1)]), vec![1]);
        // A self-loop is a cycle; an end state alone is not.
        assert_eq!(closed_cycles(2, &[(0, 1), (1, 1)]), vec![1]);
        assert!(closed_cycles(2, &[(0, 1)]).is_empty());
    }

    #[test]
    fn two_closed_cycles_give_one_state_each() {
        let edges = [(0, 1), (0, 3), (1, 2), (2, 1), (3, 4), (4, 5), (5, 3)];
        assert_eq!(closed_cycles(6, &edges), vec![1, 3]);
    }
}

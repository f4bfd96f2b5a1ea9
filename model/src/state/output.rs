//! Stdout as a state keeps it: the lines printed, where a block of lines
//! printed again right after itself, by the same statements from the same
//! frames, is kept once with an entry that says "two or more times"
//! (specs/state-space.md §10).
//!
//! A loop that prints on every turn (`while True: print("working");
//! time.sleep(1)` until a Ctrl-C) adds a line per turn, so without this it
//! never comes back to a state and its runs have as many outcomes as
//! turns. Nothing a program does reads its own stdout, so the block's
//! count is only what a user sees, and every count from two up is reached by
//! going round once more: the fold loses the count, nothing else. It needs
//! the frames to repeat as well as the text, so a `for i in range(3):` loop
//! (its `i` differs) keeps its three lines; a counter outside the printing
//! frames (an attribute, a list, a global of a thread other than main, whose
//! globals count) does not stop a fold, and then the outcome says "two or
//! more" where a run prints three.

use super::CowVec;
use crate::text::{Text, REPEATS};

/// How many of the last entries keep their context: a block of
/// `REPEATS`, its mark and the block again.
pub const KEPT: usize = 2 * REPEATS + 1;

/// The line at the end of `stdout` was just closed by a thread whose
/// printing frames hash to `context`: record it, then fold. `contexts`
/// holds the context of the last entries of `stdout` (`NONE` for a mark
/// and for a line that forgot it).
pub fn close_line(stdout: &mut CowVec<Text>, contexts: &mut CowVec<u64>, context: u64) {
    contexts.push(context);
    while absorb(stdout, contexts) || fold(stdout, contexts) {}
    if contexts.len() > KEPT {
        let extra = contexts.len() - KEPT;
        contexts.drain(..extra);
    }
    forget_lone_lines(stdout, contexts);
}

/// A kept line whose text no other kept line has, other than the last and
/// those a mark repeats, can only be in a block that repeats if that text
/// is printed again, and by then a later copy of the block stands in for
/// it: its context is forgotten, so that states that printed it from
/// different frames are one again (a block of distinct lines then folds a
/// turn later).
fn forget_lone_lines(stdout: &[Text], contexts: &mut CowVec<u64>) {
    let first_kept = stdout.len() - contexts.len();
    let kept = &stdout[first_kept..];
    // A mark's block is compared when it is printed again: kept.
    let in_block = |i: usize| kept.iter().enumerate().skip(i + 1).any(|(m, t)| t.repeats().is_some_and(|p| m - p <= i));
    let lone = |i: usize| {
        kept[i].repeats().is_none() && contexts[i] != NONE && !in_block(i) && !kept.iter().enumerate().any(|(j, t)| j != i && *t == kept[i])
    };
    let forget: Vec<usize> = (0..kept.len().saturating_sub(1)).filter(|&i| lone(i)).collect();
    for i in forget {
        contexts[i] = NONE;
    }
}

/// The context of a mark, and of a line whose context is forgotten.
pub const NONE: u64 = 0;

/// Entry `i` of `stdout` with its context, when that is still kept (a
/// mark's is `NONE`: it matches the same mark).
fn entry(stdout: &[Text], contexts: &[u64], i: usize) -> Option<(Text, u64)> {
    let first_kept = stdout.len() - contexts.len();
    let (text, context) = (i >= first_kept).then(|| (stdout[i], contexts[i - first_kept]))?;
    (context != NONE || text.repeats().is_some()).then_some((text, context))
}

/// Whether entries `a..a+n` and `b..b+n` are the same lines from the same
/// frames.
fn same(stdout: &[Text], contexts: &[u64], a: usize, b: usize, n: usize) -> bool {
    (0..n).all(|i| matches!((entry(stdout, contexts, a + i), entry(stdout, contexts, b + i)), (Some(x), Some(y)) if x == y))
}

/// `B, mark(B), B` at the end becomes `B, mark(B)`: one more time round.
fn absorb(stdout: &mut CowVec<Text>, contexts: &mut CowVec<u64>) -> bool {
    let n = stdout.len();
    for p in 1..=REPEATS {
        if n < 2 * p + 1 || stdout[n - p - 1].repeats() != Some(p) {
            continue;
        }
        if same(stdout, contexts, n - 2 * p - 1, n - p, p) {
            truncate(stdout, contexts, n - p);
            return true;
        }
    }
    false
}

/// `B, B` at the end becomes `B, mark(B)`, for the shortest such `B` that
/// is whole: it does not begin with a mark, and each mark in it repeats
/// entries inside it.
fn fold(stdout: &mut CowVec<Text>, contexts: &mut CowVec<u64>) -> bool {
    let n = stdout.len();
    for p in 1..=REPEATS {
        if 2 * p > contexts.len() {
            return false;
        }
        let start = n - 2 * p;
        let whole = (0..p).all(|j| stdout[start + j].repeats().is_none_or(|q| q <= j));
        if whole && same(stdout, contexts, start, n - p, p) {
            truncate(stdout, contexts, n - p);
            stdout.push(Text::repeat(p));
            contexts.push(NONE);
            return true;
        }
    }
    false
}

fn truncate(stdout: &mut CowVec<Text>, contexts: &mut CowVec<u64>, len: usize) {
    let cut = stdout.len() - len;
    stdout.truncate(len);
    let keep = contexts.len() - cut.min(contexts.len());
    contexts.truncate(keep);
}

/// Lines and repeats as an outcome shows them: every printed line once, and
/// for each mark the range of those lines it repeats, `(from, to)`
/// (half-open, nested ranges inside the ones around them).
pub fn unfold(stdout: &[Text]) -> (Vec<String>, Vec<(usize, usize)>) {
    let mut lines = Vec::new();
    let mut ranges = Vec::new();
    // The first line of each entry (a mark's is its block's).
    let mut starts: Vec<usize> = Vec::with_capacity(stdout.len());
    for (i, t) in stdout.iter().enumerate() {
        match t.repeats() {
            Some(p) if p <= i => {
                let from = starts[i - p];
                ranges.push((from, lines.len()));
                starts.push(from);
            }
            _ => {
                starts.push(lines.len());
                lines.push(t.to_string());
            }
        }
    }
    ranges.sort_by_key(|&(from, to)| (from, std::cmp::Reverse(to)));
    (lines, ranges)
}

/// Whether `seen` (lines a real run printed) is one of the outputs that
/// `lines` with its repeated `ranges` stands for.
pub fn admits(lines: &[String], ranges: &[(usize, usize)], seen: &[String]) -> bool {
    ends(lines, ranges, (0, lines.len()), None, seen, 0).contains(&seen.len())
}

/// Every position in `seen` at which matching `lines[from..to]` (with the
/// repeats inside it) from `at` can end; `turn` is the repeat whose one
/// turn this is (it does not repeat inside itself).
fn ends(lines: &[String], ranges: &[(usize, usize)], (from, to): (usize, usize), turn: Option<(usize, usize)>, seen: &[String], at: usize) -> Vec<usize> {
    let mut here = vec![at];
    let mut i = from;
    while i < to && !here.is_empty() {
        // The widest repeat that begins here, inside this range.
        let rep = ranges.iter().copied().filter(|&(f, t)| f == i && t <= to && Some((f, t)) != turn).max_by_key(|&(_, t)| t);
        let mut next = Vec::new();
        match rep {
            Some((f, t)) => {
                // Two or more times round the block.
                let mut round = here.clone();
                for turn in 1.. {
                    let mut after: Vec<usize> = round.iter().flat_map(|&a| ends(lines, ranges, (f, t), Some((f, t)), seen, a)).collect();
                    after.sort_unstable();
                    after.dedup();
                    // Each turn matches at least a line (a block begins
                    // with one), so the positions grow and this ends.
                    if after.is_empty() {
                        break;
                    }
                    if turn >= 2 {
                        next.extend(&after);
                    }
                    round = after;
                }
                i = t;
            }
            None => {
                next.extend(here.iter().filter(|&&a| seen.get(a) == Some(&lines[i])).map(|&a| a + 1));
                i += 1;
            }
        }
        next.sort_unstable();
        next.dedup();
        here = next;
    }
    here
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(stdout: &mut CowVec<Text>, contexts: &mut CowVec<u64>, line: &str, context: u64) {
        stdout.push(Text::new(line));
        close_line(stdout, contexts, context);
    }

    fn printed(lines: &[(&str, u64)]) -> (Vec<String>, Vec<(usize, usize)>) {
        let (mut out, mut ctx) = (CowVec::default(), CowVec::default());
        for (l, c) in lines {
            print(&mut out, &mut ctx, l, *c);
        }
        unfold(&out)
    }

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_line_printed_again_from_the_same_frames_is_kept_once_as_two_or_more() {
        for n in 2..6 {
            let run: Vec<(&str, u64)> = std::iter::once(("start", 1)).chain(std::iter::repeat_n(("working", 2), n)).collect();
            assert_eq!(printed(&run), (strings(&["start", "working"]), vec![(1, 2)]), "{n} times");
        }
        assert_eq!(printed(&[("working", 2)]), (strings(&["working"]), vec![]));
    }

    #[test]
    fn the_same_line_from_other_frames_is_kept_as_many_times_as_printed() {
        // `for i in range(3): print("x")`: `i` differs, so do the frames.
        assert_eq!(printed(&[("x", 1), ("x", 2), ("x", 3)]), (strings(&["x", "x", "x"]), vec![]));
    }

    #[test]
    fn a_block_of_lines_folds_and_a_fold_inside_a_block_folds_again() {
        let turn = [("a", 1), ("b", 2)];
        let run: Vec<(&str, u64)> = turn.iter().cycle().take(7).copied().collect();
        // Distinct lines: the first turn's contexts are forgotten by the
        // time the block comes again, so the fold begins a turn later.
        assert_eq!(printed(&run), (strings(&["a", "b", "a", "b", "a"]), vec![(2, 4)]));
        // daily, daily, daily, happy, over and over.
        let turn = [("daily", 1), ("daily", 1), ("daily", 1), ("happy", 2)];
        let run: Vec<(&str, u64)> = turn.iter().cycle().take(16).copied().collect();
        assert_eq!(printed(&run), (strings(&["daily", "happy", "daily", "happy"]), vec![(0, 1), (2, 4), (2, 3)]));
    }

    #[test]
    fn a_line_printed_once_from_different_frames_leaves_one_state_once_another_follows() {
        let after = |context: u64| {
            let (mut out, mut ctx) = (CowVec::default(), CowVec::default());
            print(&mut out, &mut ctx, "handled", context);
            let last = (out.clone(), ctx.clone());
            print(&mut out, &mut ctx, "stopped", 9);
            (last, (out, ctx))
        };
        let (one, two) = (after(1), after(2));
        assert_ne!(one.0, two.0, "the last line keeps where it was printed from");
        assert_eq!(one.1, two.1);
    }

    #[test]
    fn a_fold_ends_when_something_else_is_printed() {
        let run = [("x", 1), ("x", 1), ("x", 1), ("bye", 2)];
        assert_eq!(printed(&run), (strings(&["x", "bye"]), vec![(0, 1)]));
    }

    #[test]
    fn a_real_run_matches_the_outcome_it_folds_into_and_no_other() {
        let (lines, ranges) = (strings(&["start", "working", "bye"]), vec![(1, 2)]);
        for n in 2..5 {
            let seen: Vec<String> = std::iter::once("start").chain(std::iter::repeat_n("working", n)).chain(["bye"]).map(String::from).collect();
            assert!(admits(&lines, &ranges, &seen), "{n} times");
        }
        assert!(!admits(&lines, &ranges, &strings(&["start", "working", "bye"])), "once is not two or more");
        assert!(!admits(&lines, &ranges, &strings(&["start", "bye"])));
        assert!(!admits(&lines, &ranges, &strings(&["start", "working", "working"])));
        let nested = (strings(&["daily", "happy"]), vec![(0, 2), (0, 1)]);
        let seen = strings(&["daily", "daily", "happy", "daily", "daily", "daily", "happy"]);
        assert!(admits(&nested.0, &nested.1, &seen));
        assert!(!admits(&nested.0, &nested.1, &strings(&["daily", "happy", "daily", "daily", "happy"])));
        assert!(admits(&strings(&["x"]), &[], &strings(&["x"])));
    }
}

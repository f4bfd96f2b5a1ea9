//! Traces for people: a loop's repeated steps folded into one pass and a
//! count (`× 60`), and which traces `predict` and `check` print
//! (`--traces none|shortest|all`).

/// Which traces to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Traces {
    /// None: the outcomes (or findings) only.
    None,
    /// One shortest trace per distinct outcome (or finding).
    Shortest,
    /// A shortest trace per outcome under every variant.
    All,
}

/// What a trace line says, without its step number and times (`  12.
/// t=100ms   time passes to t=150ms` → `time passes to t=…`), so a loop's
/// passes compare equal.
fn gist(line: &str) -> String {
    let rest = line.trim_start();
    let rest = rest.split_once(". ").filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit())).map_or(rest, |(_, r)| r);
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix("t=") {
        Some(r) => r.split_once(' ').map_or(r, |(_, r)| r).trim_start(),
        None => rest,
    };
    // Every other `t=<n>ms` in the line.
    let mut out = String::with_capacity(rest.len());
    let mut it = rest.split("t=");
    out.push_str(it.next().unwrap_or_default());
    for part in it {
        let digits = part.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && part[digits..].starts_with("ms") {
            out.push_str("t=…");
            out.push_str(&part[digits + 2..]);
        } else {
            out.push_str("t=");
            out.push_str(part);
        }
    }
    out
}

/// The longest block that repeats at least this many times in a row is
/// folded.
const MIN_REPEATS: usize = 3;
/// The longest block looked for (a loop's pass through library code can
/// take a few dozen steps).
const MAX_BLOCK: usize = 64;

/// `lines` with every run of a block of steps repeated `MIN_REPEATS` times
/// or more shown once, then `      … the N steps above × K in all (steps a–b)`.
pub fn fold(lines: &[String]) -> Vec<String> {
    let gists: Vec<String> = lines.iter().map(|l| gist(l)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // The block length that covers the most lines from here.
        let mut best: Option<(usize, usize)> = None;
        for len in 1..=MAX_BLOCK.min((lines.len() - i) / MIN_REPEATS) {
            let mut reps = 1;
            while i + (reps + 1) * len <= lines.len() && gists[i + reps * len..i + (reps + 1) * len] == gists[i..i + len] {
                reps += 1;
            }
            if reps >= MIN_REPEATS && best.is_none_or(|(l, r)| reps * len > l * r) {
                best = Some((len, reps));
            }
        }
        match best {
            Some((len, reps)) => {
                out.extend(lines[i..i + len].iter().cloned());
                let indent: String = lines[i].chars().take_while(|c| c.is_whitespace()).collect();
                let steps = if len == 1 { "the step above".to_string() } else { format!("the {len} steps above") };
                out.push(format!("{indent}  … {steps} × {reps} in all ({} lines folded)", len * (reps - 1)));
                i += len * reps;
            }
            None => {
                out.push(lines[i].clone());
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(body: &[&str]) -> Vec<String> {
        body.iter().enumerate().map(|(i, b)| format!("  {:>3}. t={}ms   {b}", i + 1, i * 100)).collect()
    }

    #[test]
    fn a_loop_of_sleeps_is_shown_once_with_its_count() {
        let mut body = vec!["main line 1  x = 0"];
        for _ in 0..60 {
            body.extend(["w0 line 5  time.sleep(0.1)  blocks", "time passes to t=5ms", "w0 line 5  time.sleep(0.1)  wakes up"]);
        }
        body.push("main line 9  print(x)");
        let folded = fold(&steps(&body));
        assert_eq!(folded.len(), 1 + 3 + 1 + 1, "{folded:#?}");
        assert!(folded[4].contains("the 3 steps above × 60 in all (177 lines folded)"), "{folded:#?}");
        assert!(folded[5].contains("print(x)"));
    }

    #[test]
    fn steps_that_do_not_repeat_three_times_stay() {
        let body = ["a", "b", "a", "b", "c"];
        assert_eq!(fold(&steps(&body)), steps(&body));
    }
}

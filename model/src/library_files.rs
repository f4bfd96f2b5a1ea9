//! The files of pythread's copy of library code written in Python
//! (`frontend/library/`): their text, one after the other, and which file
//! a line of that text is in. A leaf module: the front end parses the text,
//! locations ([`crate::scenario::Loc`]) name its files.

/// The files, in the order their text is joined.
pub const FILES: [(&str, &str); 4] = [
    ("threading.py", include_str!("frontend/library/threading.py")),
    ("queue.py", include_str!("frontend/library/queue.py")),
    ("concurrent/futures.py", include_str!("frontend/library/futures.py")),
    ("sched.py", include_str!("frontend/library/sched.py")),
];

/// The files' text, joined (each ends with a newline).
pub const TEXT: &str = concat!(
    include_str!("frontend/library/threading.py"),
    include_str!("frontend/library/queue.py"),
    include_str!("frontend/library/futures.py"),
    include_str!("frontend/library/sched.py")
);

/// The file a line of [`TEXT`] (1-based) is in, and the line in that file.
pub fn file_line(line: u32) -> (&'static str, u32) {
    let mut first = 1;
    for (name, text) in FILES {
        let lines = text.matches('\n').count() as u32;
        if line < first + lines {
            return (name, line - first + 1);
        }
        first += lines;
    }
    let (name, _) = FILES[FILES.len() - 1];
    (name, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_joined_text_is_the_files_in_order_and_each_line_maps_back_to_its_file() {
        assert_eq!(TEXT, FILES.iter().map(|(_, t)| *t).collect::<String>());
        let threading_lines = FILES[0].1.matches('\n').count() as u32;
        assert_eq!(file_line(1), ("threading.py", 1));
        assert_eq!(file_line(threading_lines), ("threading.py", threading_lines));
        assert_eq!(file_line(threading_lines + 1), ("queue.py", 1));
        let class_line = TEXT.lines().position(|l| l == "class Queue:").unwrap() as u32 + 1;
        let (file, line) = file_line(class_line);
        assert_eq!(file, "queue.py");
        assert_eq!(FILES[1].1.lines().nth(line as usize - 1), Some("class Queue:"));
    }
}

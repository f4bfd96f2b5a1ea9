//! Strings as small integers: every line printed to stdout, every class
//! name reported on stderr and every string value is stored once, in a
//! table of the process, and a state holds its index. States then copy and
//! hash four bytes per string, and a `print` step looks its text up instead
//! of allocating a copy.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

/// A string, interned. Equal texts are equal `Text`s; they order by their
/// contents, as the strings would.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text(u32);

/// Every text interned so far, and its index.
#[derive(Default)]
struct Table {
    ids: HashMap<Arc<str>, u32>,
    texts: Vec<Arc<str>>,
}

fn table() -> &'static RwLock<Table> {
    static TABLE: OnceLock<RwLock<Table>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

impl Text {
    /// The `Text` of this string (interned on first use).
    pub fn new(text: &str) -> Text {
        // A panic elsewhere never leaves the table half-written: take it as is.
        if let Some(&i) = table().read().unwrap_or_else(PoisonError::into_inner).ids.get(text) {
            return Text(i);
        }
        let mut t = table().write().unwrap_or_else(PoisonError::into_inner);
        if let Some(&i) = t.ids.get(text) {
            return Text(i);
        }
        // Four billion distinct strings would need far more memory than a
        // search is allowed (`--max-memory`) before this could fail.
        let i = u32::try_from(t.texts.len()).ok().filter(|&i| i < u32::MAX - REPEATS as u32).expect("fewer than 2^32 distinct strings");
        let text: Arc<str> = Arc::from(text);
        t.texts.push(text.clone());
        t.ids.insert(text, i);
        Text(i)
    }

    /// Its text.
    pub fn text(self) -> Arc<str> {
        if let Some(lines) = self.repeats() {
            return Arc::from(format!("(the {lines} line(s) above, 2 or more times)"));
        }
        table().read().unwrap_or_else(PoisonError::into_inner).texts[self.0 as usize].clone()
    }

    /// The entry of stdout that stands for the `lines` entries before it
    /// printed two or more times in a row (`state::output`). Its index is
    /// outside the table: no printed string can be equal to it.
    pub fn repeat(lines: usize) -> Text {
        debug_assert!((1..=REPEATS).contains(&lines));
        Text(u32::MAX - lines as u32)
    }

    /// For an entry made by [`Text::repeat`], how many entries it repeats.
    pub fn repeats(self) -> Option<usize> {
        let lines = u32::MAX - self.0;
        (1..=REPEATS as u32).contains(&lines).then_some(lines as usize)
    }
}

/// The longest block [`Text::repeat`] stands for, in entries.
pub const REPEATS: usize = 4;

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.text().cmp(&other.text())
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn equal_strings_are_one_text_and_read_back_as_written() {
        let a = Text::new("worker done");
        let b = Text::new("worker done");
        let c = Text::new("main done");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.to_string(), "worker done");
        assert_eq!(format!("{c:?}"), "\"main done\"");
        // Ordered by contents, not by when they were interned.
        assert!(Text::new("b") > Text::new("a"));
    }
}

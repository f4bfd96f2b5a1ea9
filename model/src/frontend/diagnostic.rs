//! Located errors for bad scripts: `path:line:col: kind: message`, then the
//! source line with the construct underlined (annotate-snippets).

use crate::scenario::Loc;
use serde::Serialize;
use std::fmt;

/// What class of problem a diagnostic reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagKind {
    /// Python itself would not compile the script.
    SyntaxError,
    /// Valid Python outside pythread's subset.
    Unsupported,
    /// Inside the subset, but wrong before any thread runs (an unknown name,
    /// a lock used as a thread).
    Error,
}

impl DiagKind {
    pub fn label(self) -> &'static str {
        match self {
            DiagKind::SyntaxError => "syntax error",
            DiagKind::Unsupported => "unsupported",
            DiagKind::Error => "error",
        }
    }
}

/// One located problem in a script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The script's path as the user gave it.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// The class of problem.
    pub kind: DiagKind,
    /// What is wrong, naming the construct.
    pub message: String,
    /// Byte range in the source that the underline covers.
    #[serde(skip)]
    pub span: (usize, usize),
}

impl Diagnostic {
    pub fn loc(&self) -> Loc {
        Loc::new(self.line, self.col)
    }

    /// The one-line form followed by the source excerpt.
    pub fn render(&self, source: &str) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        if source.is_empty() {
            // Nothing to quote (an unreadable file): the one line says it all.
            return self.to_string();
        }
        let (start, end) = clamp_span(source, self.span);
        // No title: the one-line form above already says what is wrong.
        let report = [Group::with_level(Level::ERROR).element(
            Snippet::source(source)
                .path(self.path.as_str())
                .annotation(AnnotationKind::Primary.span(start..end).label(self.message.as_str())),
        )];
        format!("{self}\n{}", Renderer::plain().render(&report))
    }
}

/// Keeps a span inside the source and on character boundaries.
fn clamp_span(source: &str, (start, end): (usize, usize)) -> (usize, usize) {
    let mut s = start.min(source.len());
    while !source.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = end.clamp(s, source.len());
    while !source.is_char_boundary(e) {
        e += 1;
    }
    (s, e)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.path, self.line, self.col, self.kind.label(), self.message)
    }
}

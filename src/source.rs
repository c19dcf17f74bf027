//! A file's text with its path, and the byte-offset to line/column mapping
//! that every diagnostic uses.

use std::ops::Range;
use std::path::PathBuf;

/// A byte range of a text with its 1-based line and column (columns count
/// characters) at both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A text file as read from the repository (or from a git tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path shown to people: relative to the repository root, with `/`.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path: path.into(), text, line_starts }
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_index = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = self.text.get(line_start..offset).map_or(0, |s| s.chars().count());
        (line_index + 1, column + 1)
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.floor_char_boundary(range.start.min(self.text.len()));
        let end = self.floor_char_boundary(range.end.clamp(start, self.text.len()));
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        Span { start, end, line, column, end_line, end_column }
    }

    /// The byte range of the whole lines from `first` to `last` (1-based),
    /// without the final line break.
    pub fn line_range(&self, first: usize, last: usize) -> Range<usize> {
        let start = self.line_starts.get(first.saturating_sub(1)).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(last).map_or(self.text.len(), |next| next.saturating_sub(1));
        start..end.max(start)
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Whether a character would act on a terminal or reorder text instead of
/// showing: C0 controls (but tab and line feed), DEL, C1 controls, and the
/// bidirectional formatting characters (U+202A..U+202E, U+2066..U+2069,
/// U+200E, U+200F, U+061C), which can make text read other than it is.
pub fn is_unprintable(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Whether a character shows as nothing, or as a blank that is not a space:
/// the format characters (zero-width space and joiners, word joiner, soft
/// hyphen, byte order mark, Mongolian vowel separator, interlinear
/// annotation marks, tags), the Hangul and Khmer fillers, the combining
/// grapheme joiner, and the line and paragraph separators. Two names that
/// read the same on screen can differ by one of them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let f = SourceFile::new("x.toml", "a = 1\nbé = \"x\"\n".to_string());
        assert_eq!(f.line_column(0), (1, 1));
        assert_eq!(f.line_column(6), (2, 1));
        assert_eq!(f.line_column(10), (2, 4)); // after "bé " (é is 2 bytes)
        assert_eq!(f.line_range(2, 2), 6..15);
        assert_eq!(f.line_column(999), (3, 1));
    }
}

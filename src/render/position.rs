//! Line and column of offsets in a file read in pieces.

use crate::diagnostic::Position;

/// Positions of offsets given in increasing order, counted on from the
/// last one: linear over a file, however long its lines. The file may come
/// in pieces: offsets are into the whole file, and each call gives the
/// piece the offset is in (the cursor is moved to the end of a piece
/// before the next one comes: [`Cursor::advance`] to it).
#[derive(Debug, Clone, Copy)]
pub struct Cursor {
    offset: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            offset: 0,
            line: 1,
            line_start: 0,
            column: 1,
        }
    }
}

impl Cursor {
    /// The position of `offset` (on a char boundary of `piece`, which
    /// starts at `base`; the cursor is in it) and the start of its line
    /// (which may be in an earlier piece). An offset before the cursor is
    /// taken as the cursor's (findings come sorted).
    pub fn advance(&mut self, piece: &str, base: usize, offset: usize) -> (Position, usize) {
        let from = self.offset.clamp(base, base + piece.len()) - base;
        let to = offset.clamp(base + from, base + piece.len()) - base;
        let between = &piece.as_bytes()[from..to];
        match memchr::memrchr(b'\n', between) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', between).count();
                self.line_start = base + from + last + 1;
                self.column = 1 + piece[from + last + 1..to].chars().count();
            }
            None => self.column += piece[from..to].chars().count(),
        }
        self.offset = base + to;
        (
            Position {
                line: self.line,
                column: self.column,
            },
            self.line_start,
        )
    }
}

/// The position of `offset` in `text`, on from `from` at `pos` (an earlier
/// offset): for the end of a span, whose start is known.
pub fn position_after(text: &str, from: usize, pos: Position, offset: usize) -> Position {
    let mut c = Cursor {
        offset: from,
        line: pos.line,
        line_start: 0,
        column: pos.column,
    };
    c.advance(text, 0, offset).0
}

//! Date expressions: absolute, partial and relative, normalised to TimeML values.

use std::ops::Range;

use time::Date;

use crate::types::DateMention;

/// Placeholder: finds nothing yet.
pub(crate) fn find(
    _text: &str,
    _content: &[Range<usize>],
    _reference: Option<Date>,
) -> Vec<DateMention> {
    Vec::new()
}

//! A filter of short word lists by first letter and length, one bit each: most words
//! asked about share neither with any word of the list, and the filter turns them down
//! before the list is searched. (The date rules' opening words, the page widgets'
//! labels.)

/// The (first letter, length) pairs of a list's words, letters any case, lengths below 16.
pub(crate) struct WordSlots([u16; 26]);

impl WordSlots {
    /// No word yet.
    pub(crate) const EMPTY: WordSlots = WordSlots([0; 26]);

    /// The slots of `words`, each of ASCII letters, lowercase first, and shorter than 16.
    pub(crate) const fn of(words: &[&str]) -> WordSlots {
        let mut slots = WordSlots::EMPTY;
        let mut k = 0;
        while k < words.len() {
            slots = slots.with(words[k]);
            k += 1;
        }
        slots
    }

    /// These slots and `word`'s (ASCII letters, lowercase first, shorter than 16).
    pub(crate) const fn with(mut self, word: &str) -> WordSlots {
        let w = word.as_bytes();
        self.0[(w[0] - b'a') as usize] |= 1 << w.len();
        self
    }

    /// Could a word that starts with `first` (any case) and is `len` bytes long be on
    /// the list?
    #[inline]
    pub(crate) fn may_hold(&self, first: u8, len: usize) -> bool {
        let letter = first.to_ascii_lowercase().wrapping_sub(b'a');
        len < 16
            && self
                .0
                .get(usize::from(letter))
                .is_some_and(|s| s & (1 << len) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_first_letters_and_lengths_of_the_list_pass() {
        const SLOTS: WordSlots = WordSlots::of(&["may", "monday", "two"]);
        assert!(SLOTS.may_hold(b'M', 3) && SLOTS.may_hold(b'm', 6) && SLOTS.may_hold(b'T', 3));
        assert!(!SLOTS.may_hold(b'm', 4) && !SLOTS.may_hold(b'r', 3));
        assert!(!SLOTS.may_hold(b'7', 3) && !SLOTS.may_hold(0xc3, 3) && !SLOTS.may_hold(b'm', 40));
    }
}

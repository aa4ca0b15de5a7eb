//! Per-thread buffers that extraction reuses from one article to the next, so that the
//! vectors every article needs (tokens, per-token facts, lines) are allocated, grown and
//! faulted in once per thread, not once per article.
//!
//! Each user keeps its buffers in a `thread_local!` `Cell`, takes them for one article
//! and sets them back after. A nested user finds the cell empty and allocates afresh, so
//! reuse can never be wrong, only absent.

/// A buffer that grew past this many bytes is dropped after use rather than kept: one
/// huge article should not pin its memory for the life of the thread.
const KEEP_BYTES: usize = 16 << 20;

/// Empties `v`, keeping its allocation unless it is oversized.
pub(crate) fn clear<T>(v: &mut Vec<T>) {
    if v.capacity() * size_of::<T>() > KEEP_BYTES {
        *v = Vec::new();
    } else {
        v.clear();
    }
}

/// Empties `v` and hands its allocation on to a vector of string slices of another
/// lifetime: a thread keeps its buffer of token texts as `&'static str` between articles
/// and lends it out as `&'t str` for one. (The standard library collects an emptied
/// `Vec` mapped to a same-sized type in place; were it ever not to, this would only
/// allocate, never misbehave.)
pub(crate) fn recycle<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    clear(&mut v);
    v.into_iter().map(|_| "").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycling_keeps_the_allocation() {
        let v: Vec<&'static str> = Vec::with_capacity(100);
        let p = v.as_ptr() as usize;
        let text = String::from("word");
        let mut lent: Vec<&str> = recycle(v);
        lent.push(&text);
        assert_eq!(lent.capacity(), 100);
        assert_eq!(lent.as_ptr() as usize, p);
        let back: Vec<&'static str> = recycle(lent);
        assert!(back.is_empty());
        assert_eq!(back.as_ptr() as usize, p);
    }
}

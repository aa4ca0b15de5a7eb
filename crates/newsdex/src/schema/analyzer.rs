//! The English analyzer for titles and bodies: simple word split, lowercase, diacritics
//! folded to ASCII, Snowball English stemming, no stop-word removal (positions of "of"
//! and "no" matter for phrases).
//!
//! Stemming is most of the analyzer's cost, and news text repeats a small vocabulary,
//! so stems are remembered per thread, in a small direct-mapped table of short words. The stems are exactly those of tantivy's
//! `Stemmer` (the same Snowball implementation), so indexes stay compatible.

use std::borrow::Cow;
use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Cache slots per thread (direct-mapped: a word has one slot, a newer word takes it):
/// the table starts small, so a one-query process touches few pages, and grows for long
/// runs such as an index build.
const MIN_SLOTS_LOG2: u32 = 10;
const MAX_SLOTS_LOG2: u32 = 14;
/// Longer words are stemmed every time: they are rare, and short keys compare fast.
const MAX_LEN: usize = 16;
/// Words of this many bytes or more are not indexed: they are URLs, hashes and
/// run-together junk rather than words.
pub(crate) const TOO_LONG: usize = 40;

/// The analyzer registered as [`crate::schema::ANALYZER`].
pub(crate) fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(TOO_LONG))
        .filter(LowerCaser)
        // Diacritics folded: `erdogan` finds "Erdoğan"; the text shown keeps them.
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
}

/// `text` lowercased and folded to ASCII as the analyzer does it ("Erdoğan" ->
/// "erdogan"), for what is matched outside the analyzer: snippet words, actor forms.
pub(crate) fn fold_lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    thread_local! {
        static FOLD: RefCell<TextAnalyzer> = RefCell::new(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
    FOLD.with_borrow_mut(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut out = String::with_capacity(text.len());
        while stream.advance() {
            out.push_str(&stream.token().text);
        }
        out
    })
}

/// Snowball English stemming with a per-thread cache of stems.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner }
    }
}

#[derive(Clone)]
pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub(crate) struct CachedStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Words and their stems, zero-padded, slot by slot.
struct StemCache {
    stemmer: frostem::Stemmer,
    /// log2 of the number of slots.
    bits: u32,
    /// Misses since the table last grew.
    misses: usize,
    words: Vec<[u8; MAX_LEN]>,
    stems: Vec<[u8; MAX_LEN]>,
    /// Word and stem lengths; a word length of 0 marks an empty slot.
    lens: Vec<[u8; 2]>,
}

impl StemCache {
    fn with_bits(bits: u32) -> StemCache {
        let slots = 1 << bits;
        StemCache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            bits,
            misses: 0,
            words: vec![[0; MAX_LEN]; slots],
            stems: vec![[0; MAX_LEN]; slots],
            lens: vec![[0; 2]; slots],
        }
    }

    /// Counts a miss; after four misses per slot the table quadruples (emptied).
    fn missed(&mut self) {
        self.misses += 1;
        if self.misses > 4 << self.bits && self.bits < MAX_SLOTS_LOG2 {
            *self = StemCache::with_bits((self.bits + 2).min(MAX_SLOTS_LOG2));
        }
    }
}

thread_local! {
    static CACHE: RefCell<StemCache> = RefCell::new(StemCache::with_bits(MIN_SLOTS_LOG2));
}

/// Replaces `word`, lowercase, with its stem.
pub(crate) fn stem_in_place(word: &mut String) {
    let len = word.len();
    if len == 0 || len > MAX_LEN {
        stem_uncached(word);
        return;
    }
    let mut key = [0u8; MAX_LEN];
    key[..len].copy_from_slice(word.as_bytes());
    CACHE.with_borrow_mut(|cache| {
        let slot = slot_of(&key, len, cache.bits);
        let [word_len, stem_len] = cache.lens[slot];
        if usize::from(word_len) == len && cache.words[slot] == key {
            let stem = &cache.stems[slot][..usize::from(stem_len)];
            if let Ok(stem) = std::str::from_utf8(stem) {
                word.clear();
                word.push_str(stem);
                return;
            }
        }
        cache.missed();
        let slot = slot_of(&key, len, cache.bits);
        let stem = cache.stemmer.stem(word);
        // A stem is never longer than its word; if it were, it is just not cached.
        if stem.len() <= MAX_LEN {
            let mut stored = [0u8; MAX_LEN];
            stored[..stem.len()].copy_from_slice(stem.as_bytes());
            cache.words[slot] = key;
            cache.stems[slot] = stored;
            cache.lens[slot] = [len as u8, stem.len() as u8];
        }
        if stem != word.as_str() {
            let stem = stem.into_owned();
            *word = stem;
        }
    });
}

fn stem_uncached(word: &mut String) {
    CACHE.with_borrow(|cache| {
        let stem = match cache.stemmer.stem(word) {
            Cow::Owned(stem) => Some(stem),
            // A borrowed stem is a prefix of the word: new only when shorter.
            Cow::Borrowed(stem) if stem.len() != word.len() => Some(stem.to_owned()),
            Cow::Borrowed(_) => None,
        };
        if let Some(stem) = stem {
            *word = stem;
        }
    });
}

/// The slot of a zero-padded word: a multiplicative hash of its two halves.
fn slot_of(key: &[u8; MAX_LEN], len: usize, bits: u32) -> usize {
    let (a, b) = key.split_at(8);
    let a = u64::from_le_bytes(a.try_into().unwrap_or_default());
    let b = u64::from_le_bytes(b.try_into().unwrap_or_default());
    let h = (a ^ b.rotate_left(31) ^ (len as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - bits)) as usize
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, Stemmer};

    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn tantivy_english() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    #[test]
    fn diacritics_fold_as_the_analyzer_folds_them() {
        assert_eq!(fold_lowercase("Erdoğan"), "erdogan");
        assert_eq!(fold_lowercase("Ünïcödé Naïveté"), "unicode naivete");
        let stems: Vec<String> = tokens(english(), "Erdoğan’s naïveté")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(stems, ["erdogan", "s", "naivet"]);
    }

    #[test]
    fn tokens_are_those_of_tantivys_stemmer() {
        let text = "Negotiators said the talks had reached the point of no return; \
                    ministers' meetings, generously, RUNNING runs ran 1980s Ünïcödé naïveté \
                    organisations organizations agreed agreeing agreement";
        // Twice: the second pass is served from the cache.
        for _ in 0..2 {
            assert_eq!(tokens(english(), text), tokens(tantivy_english(), text));
        }
    }

    #[test]
    fn stems_stay_right_while_the_cache_grows() {
        // Enough distinct words to make the table grow twice, each seen twice.
        let suffixes = ["", "ing", "ed", "s", "ly", "ness", "ational", "ies"];
        let words: Vec<String> = (0..40_000usize)
            .map(|i| {
                let mut w = String::new();
                let mut n = i / suffixes.len();
                loop {
                    w.push(char::from(b'a' + (n % 26) as u8));
                    n /= 26;
                    if n == 0 {
                        break;
                    }
                }
                w + suffixes[i % suffixes.len()]
            })
            .collect();
        let text = words.join(" ");
        for _ in 0..2 {
            assert_eq!(tokens(english(), &text), tokens(tantivy_english(), &text));
        }
        CACHE.with_borrow(|cache| assert_eq!(cache.bits, MAX_SLOTS_LOG2));
    }

    proptest::proptest! {
        #[test]
        fn any_text_analyzes_as_with_tantivys_stemmer(text in "\\PC{0,200}") {
            proptest::prop_assert_eq!(tokens(english(), &text), tokens(tantivy_english(), &text));
        }

        #[test]
        fn word_lists_analyze_as_with_tantivys_stemmer(words in proptest::collection::vec("[a-zA-Z]{1,12}(ing|ed|s|ly|ness|ation)?", 0..40)) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(tokens(english(), &text), tokens(tantivy_english(), &text));
        }
    }
}

//! Article text made ready to show: characters that must not reach a page made visible,
//! long input cut for messages, and the places in an article where its actors and dates
//! are written, found for marking. HTML escaping itself is maud's, at render time.

use std::borrow::Cow;
use std::ops::Range;

use newsdex::StoredArticle;

/// Text a user typed, cut to a length a one-line message can hold.
pub(crate) fn shortened(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Text from an article made safe to show: control characters, and the invisible ones
/// that reorder or hide text, become visible `\u{..}` escapes; line breaks and tabs stay.
/// (Escaping `<`, `&` and quotes is the template's job.)
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    newsdex::safe_to_show(text)
}

/// What a marked stretch of an article's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A form of `article.actors[i]`.
    Actor(usize),
    /// `article.dates[i]`.
    Date(usize),
}

/// Where in `article.body` its actors and dates are written: byte ranges on character
/// boundaries, in order, none overlapping.
///
/// Dates carry spans into the text extraction read, which the article places in its
/// body ([`StoredArticle::body_span`]); a date is marked there when the body has its
/// text there, else at the first place after the previous date that has it (an article
/// read back from JSON does not know where its body starts). Actors carry their forms
/// only: every whole-word occurrence of a form, longest forms first, is marked.
pub(crate) fn marks(article: &StoredArticle) -> Vec<(Range<usize>, Mark)> {
    let body = article.body.as_str();
    let mut marks: Vec<(Range<usize>, Mark)> = Vec::new();
    let mut from = 0;
    for (i, date) in article.dates.iter().enumerate() {
        if date.text.is_empty() {
            continue;
        }
        let at_span = article
            .body_span(date.start, date.end)
            .filter(|r| body.get(r.clone()) == Some(date.text.as_str()))
            .map(|r| r.start);
        let found = at_span.or_else(|| {
            body.get(from..)
                .and_then(|rest| rest.find(&date.text))
                .map(|i| i + from)
        });
        if let Some(start) = found {
            let range = start..start + date.text.len();
            from = range.end;
            marks.push((range, Mark::Date(i)));
        }
    }
    let mut forms: Vec<(&str, usize)> = article
        .actors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.forms
                .iter()
                .chain(std::iter::once(&a.name))
                .map(move |f| (f.as_str(), i))
        })
        .filter(|(f, _)| !f.trim().is_empty())
        .collect();
    forms.sort_by(|a, b| (b.0.len(), a.0, a.1).cmp(&(a.0.len(), b.0, b.1)));
    forms.dedup_by(|a, b| a.0 == b.0);
    for (form, actor) in forms {
        for (start, _) in body.match_indices(form) {
            let range = start..start + form.len();
            if !whole_word(body, &range) || marks.iter().any(|(r, _)| overlaps(r, &range)) {
                continue;
            }
            marks.push((range, Mark::Actor(actor)));
        }
    }
    marks.sort_by_key(|(r, _)| r.start);
    marks
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// No letter or digit just before or after the range.
fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_become_visible() {
        assert_eq!(
            clean("a\u{1b}[31mb\u{202e}c\nd"),
            "a\\u{1b}[31mb\\u{202e}c\nd"
        );
        assert!(matches!(clean("plain <b>"), Cow::Borrowed(_)));
    }

    #[test]
    fn messages_cut_long_input() {
        assert_eq!(shortened(&"é".repeat(100)).chars().count(), 81);
    }

    fn article(title: Option<&str>, body: &str) -> StoredArticle {
        let text = match title {
            Some(t) => format!("{t}\n\n{body}"),
            None => body.to_owned(),
        };
        let x = newsdex::extract::extract(&text, None);
        let json = serde_json::json!({
            "id": "a", "source": null, "title": title, "body": body, "published": null,
            "actors": x.actors, "dates": x.dates,
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn dates_and_actors_are_found_in_the_body() {
        let a = article(
            Some("Talks stall"),
            "Foreign Minister Lena Varga said on 4 March 2025 that Varga would return.",
        );
        let marks = marks(&a);
        let shown: Vec<&str> = marks.iter().map(|(r, _)| &a.body[r.clone()]).collect();
        assert!(shown.contains(&"4 March 2025"), "{shown:?}");
        assert!(shown.contains(&"Lena Varga"), "{shown:?}");
        assert!(shown.contains(&"Varga"), "{shown:?}");
        for pair in marks.windows(2) {
            assert!(pair[0].0.end <= pair[1].0.start, "{marks:?}");
        }
    }

    #[test]
    fn a_form_inside_a_word_is_not_marked() {
        let a = article(None, "Paris said. Comparison with Parisians.");
        let shown: Vec<&str> = marks(&a).iter().map(|(r, _)| &a.body[r.clone()]).collect();
        assert!(!shown.iter().any(|s| s.len() > 5), "{shown:?}");
        assert_eq!(shown.iter().filter(|s| **s == "Paris").count(), shown.len());
    }
}

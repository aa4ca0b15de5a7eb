//! Find the title, publication date, mentioned dates and actors of a news article.
//!
//! `newsdex-extract` turns raw article text, as scraped, into an [`Extracted`]: the
//! headline (skipping menus and share buttons), the publication date, every calendar
//! date the text mentions with its byte span and TimeML value, and the people,
//! organisations and places it names, with the surface forms of each merged.
//! It needs no model download and no network (the small actor model it uses is built
//! in), and its output is deterministic. A [`Resolver`] then names each actor the same
//! way across the articles of an archive.
//!
//! ```
//! use newsdex_extract::{extract, ActorKind};
//!
//! let text = "Minsk talks stall\n\
//!             Russian Foreign Ministry spokesperson Maria Zakharova said on \
//!             22 December 2025 that the CSTO door remains open to Armenia. \
//!             Zakharova added that Moscow would wait.";
//! let found = extract(text, None);
//! assert_eq!(found.title.as_deref(), Some("Minsk talks stall"));
//! let zakharova = found.actors.iter().find(|a| a.name == "Maria Zakharova").unwrap();
//! assert_eq!(zakharova.kind, ActorKind::Person);
//! assert!(zakharova.forms.contains(&"Zakharova".to_string()));
//! assert!(found.dates.iter().any(|d| d.value.to_string() == "2025-12-22"));
//! ```

#![deny(missing_docs)]

mod actors;
mod dates;
mod extract;
mod layout;
mod resolve;
mod scratch;
mod types;
mod word_slots;

pub use actors::canonical_name;
pub use actors::mentions::locate as locate_mentions;
pub use extract::{extract, extract_with, ExtractOptions};
pub use resolve::Resolver;
pub use time::Date;
pub use types::{
    iso_date, Actor, ActorKind, ActorMention, DateMention, DateValue, Extracted,
    ParseActorKindError, ParseDateValueError, ParsePublishedSourceError, PublishedSource,
};

//! Finding and reading articles as people have them. Folders are walked as ripgrep walks
//! them (`.gitignore`, `.ignore` and hidden files respected, `--glob` and type filters),
//! files of types newsdex does not read are counted by extension, and each file is read
//! by `newsdex-formats` (saved pages, WARC crawls, feeds, JSON, JSON Lines, CSV, text)
//! into records that become [`Article`]s. A bad file or record is reported with its place
//! and skipped; the rest is read.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub use newsdex_formats::Format;
use newsdex_formats::{Reader, ReaderBuilder, Record};

use super::indexer::{too_large, DEFAULT_MAX_ARTICLE_BYTES};
use crate::article::Article;
use crate::error::{Result, UserError};

/// How inputs are found and read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The largest article accepted, in bytes: a larger text file or record is skipped
    /// with a warning (a larger web page is cut to it first, its markup being larger than
    /// its text).
    pub max_article_bytes: usize,
    /// Field mappings for JSON and CSV records, `field=name` (`title=hed`,
    /// `body=story_text`), beside the common names read by default.
    pub fields: Vec<String>,
    /// Read every input as this format instead of detecting it.
    pub format: Option<Format>,
    /// Globs, as ripgrep's `--glob`: files in folders are read only when they match one
    /// (if any is given), and never when they match one written `!glob`.
    pub globs: Vec<String>,
    /// Read only files of these formats (all when empty).
    pub types: Vec<Format>,
    /// When the pages were saved, for relative bylines ("1 day ago"): a crawl's own
    /// capture date wins over it.
    pub saved_at: Option<SavedAt>,
}

/// When the inputs were saved (see [`ReadOptions::saved_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SavedAt {
    /// Every input was saved on this day.
    Date(newsdex_extract::Date),
    /// Each file was saved on the day of its modification time (UTC).
    Mtime,
}

impl SavedAt {
    /// The day `file` was saved, if known.
    fn of(self, file: &InputFile) -> Option<newsdex_extract::Date> {
        match self {
            SavedAt::Date(date) => Some(date),
            SavedAt::Mtime if file.path.as_os_str() == "-" => None,
            SavedAt::Mtime => {
                let modified = fs::metadata(&file.path).ok()?.modified().ok()?;
                Some(time::OffsetDateTime::from(modified).date())
            }
        }
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            fields: Vec::new(),
            format: None,
            globs: Vec::new(),
            types: Vec::new(),
            saved_at: None,
        }
    }
}

impl ReadOptions {
    /// The reader these options describe; a user error for a field mapping that cannot
    /// be understood.
    pub(crate) fn reader(&self) -> Result<Reader> {
        let mut builder = ReaderBuilder::new();
        // The reader cuts what is larger than its cap; ours is checked on the text read,
        // so the reader's is higher: a record a little over ours is measured and skipped
        // whole, and a web page's markup may exceed its text.
        builder.max_article_bytes(
            self.max_article_bytes
                .saturating_mul(2)
                .saturating_add(1 << 20),
        );
        if let Some(format) = self.format {
            builder.format(format);
        }
        for spec in &self.fields {
            builder
                .field_spec(spec)
                .map_err(|e| UserError::InvalidRequest(e.to_string()))?;
        }
        Ok(builder.build())
    }
}

/// One input file found under the paths given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InputFile {
    /// The file (`-` for standard input).
    pub path: PathBuf,
    /// Its id prefix: the path relative to the folder it was found in, without extension
    /// and with `/` separators (the file name when the file was named directly).
    pub id: String,
    /// The format its name implies; the reader checks it against the content.
    pub format: Option<Format>,
    /// Its size in bytes, for progress.
    pub len: u64,
}

/// What kind of problem an [`InputIssue`] is, for a front end's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum IssueKind {
    /// An article over [`ReadOptions::max_article_bytes`].
    TooLarge,
    /// A file of a type newsdex does not read.
    Unsupported,
    /// Anything else: a malformed record, a file that cannot be read, a warning.
    Other,
}

/// Something wrong with one input, reported while the rest goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct InputIssue {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, for line-based inputs (JSON Lines, CSV).
    pub line: Option<usize>,
    /// The 1-based record, for inputs of several records without lines (WARC, feeds,
    /// JSON arrays).
    #[cfg_attr(feature = "serde", serde(default))]
    pub record: Option<u64>,
    /// What happened.
    pub message: String,
    /// True when the article or file was skipped; false for a warning (read anyway).
    pub skipped: bool,
    /// What kind of problem it is.
    #[cfg_attr(feature = "serde", serde(default = "other"))]
    pub kind: IssueKind,
}

#[cfg(feature = "serde")]
fn other() -> IssueKind {
    IssueKind::Other
}

impl InputIssue {
    pub(crate) fn new(path: &Path, message: impl Into<String>, skipped: bool) -> InputIssue {
        InputIssue {
            path: path.to_path_buf(),
            line: None,
            record: None,
            message: message.into(),
            skipped,
            kind: IssueKind::Other,
        }
    }

    pub(crate) fn at_line(mut self, line: Option<usize>) -> InputIssue {
        self.line = line;
        self
    }

    pub(crate) fn of_kind(mut self, kind: IssueKind) -> InputIssue {
        self.kind = kind;
        self
    }
}

impl std::fmt::Display for InputIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        } else if let Some(record) = self.record {
            write!(f, ": record {record}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The input files found under some paths, and what was left out.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Discovery {
    /// The files to read, in a stable order.
    pub files: Vec<InputFile>,
    /// Paths that could not be read or are not inputs.
    pub issues: Vec<InputIssue>,
    /// Files in folders of types newsdex does not read, counted by extension (`"pdf"`;
    /// `""` for files without one).
    pub unsupported: BTreeMap<String, u64>,
}

/// Finds the input files under `paths`: files are taken as named, folders are walked
/// recursively as ripgrep walks them (hidden entries, and what `.gitignore` and `.ignore`
/// files list, left out), in a stable order; files of types newsdex does not read are
/// counted. `-` stands for standard input.
pub fn discover(paths: &[PathBuf], options: &ReadOptions) -> Result<Discovery> {
    let overrides = overrides(paths, options)?;
    let mut found = Discovery::default();
    let wanted = |format: Option<Format>| {
        options.types.is_empty() || format.is_some_and(|f| options.types.contains(&f))
    };
    for root in paths {
        if root.as_os_str() == "-" {
            found.files.push(InputFile {
                path: root.clone(),
                id: "stdin".to_owned(),
                format: options.format.or(Some(Format::JsonLines)),
                len: 0,
            });
            continue;
        }
        let meta = match fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                found
                    .issues
                    .push(InputIssue::new(root, io_message(&e), true));
                continue;
            }
        };
        if meta.is_file() {
            // A file named directly is read whatever its name says; the reader sniffs it.
            found.files.push(InputFile {
                path: root.clone(),
                id: file_id(root.file_name().map(Path::new).unwrap_or(root)),
                format: options.format.or_else(|| Format::for_path(root)),
                len: meta.len(),
            });
            continue;
        }
        if !meta.is_dir() {
            found.issues.push(InputIssue::new(
                root,
                "not a file or a folder (a device, pipe or socket); skipped",
                true,
            ));
            continue;
        }
        let mut walk = ignore::WalkBuilder::new(root);
        walk.follow_links(true)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .overrides(overrides.clone())
            // A newsdex index inside a folder of articles (the index being written
            // included) holds no articles: its files are not read as input.
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.path().join(crate::core::META_FILE).is_file())
            });
        for entry in walk.build() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    found.issues.push(walk_issue(root, &e));
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let format = options.format.or_else(|| Format::for_path(path));
            if format.is_none() {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                *found.unsupported.entry(ext).or_insert(0) += 1;
                continue;
            }
            if !wanted(format) {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(path);
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            found.files.push(InputFile {
                path: path.to_path_buf(),
                id: file_id(rel),
                format,
                len,
            });
        }
    }
    Ok(found)
}

/// `--glob` patterns for the walk, relative to each folder walked.
fn overrides(paths: &[PathBuf], options: &ReadOptions) -> Result<ignore::overrides::Override> {
    if options.globs.is_empty() {
        return Ok(ignore::overrides::Override::empty());
    }
    let root = paths
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let mut builder = ignore::overrides::OverrideBuilder::new(root);
    for glob in &options.globs {
        builder
            .add(glob)
            .map_err(|e| UserError::InvalidRequest(format!("bad glob {glob:?}: {e}")))?;
    }
    builder
        .build()
        .map_err(|e| UserError::InvalidRequest(format!("bad glob: {e}")).into())
}

fn walk_issue(root: &Path, e: &ignore::Error) -> InputIssue {
    let mut error = e;
    let mut path = root;
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path = p;
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err
            }
            _ => break,
        }
    }
    let message = match error {
        ignore::Error::Loop { .. } => "symbolic link loop; not followed".to_owned(),
        ignore::Error::Io(io) => io_message(io),
        other => other.to_string(),
    };
    InputIssue::new(path, message, true)
}

/// `a/b/c.txt` -> `a/b/c`, with `/` on every platform (a `.gz` ending goes too). A name
/// that is not valid UTF-8 is shown with U+FFFD for its bad bytes and a hash of its
/// bytes after a `~`, so that two names differing only in bad bytes keep distinct ids.
fn file_id(rel: &Path) -> String {
    let rel = match rel.extension() {
        Some(ext) if ext.eq_ignore_ascii_case("gz") => rel.with_extension(""),
        _ => rel.to_path_buf(),
    };
    let stem = rel.with_extension("");
    stem.components()
        .map(|c| {
            let name = c.as_os_str();
            match name.to_str() {
                Some(name) => name.to_owned(),
                None => {
                    let bytes = name.as_encoded_bytes();
                    let hash = xxhash_rust::xxh3::xxh3_64(bytes) as u32;
                    format!("{}~{hash:08x}", name.to_string_lossy())
                }
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The path with `.`, `..` and links resolved, so that two spellings of one file are
/// the same origin; the path as given when it cannot be resolved.
pub(crate) fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Reads the articles of one file, handing each to `sink` in file order. Problems with
/// single records go to `issues`; an error is returned only when the file as a whole
/// cannot be read or is not a kind newsdex reads.
pub fn read_file(
    file: &InputFile,
    options: &ReadOptions,
    issues: &mut Vec<InputIssue>,
    mut sink: impl FnMut(Article),
) -> Result<()> {
    let reader = options.reader()?;
    read_with(
        file,
        &reader,
        options.max_article_bytes,
        options.saved_at,
        issues,
        &mut |article| {
            sink(article);
            ControlFlow::Continue(())
        },
        &mut |_| {},
    )
    .map(|_| ())
}

/// [`read_file`] with a reader built once, a sink that may stop the reading, and the
/// bytes of the file read so far reported as they go. Returns the parts of the input
/// left out as they should be, by reason (a crawl's requests and revisits).
pub(crate) fn read_with(
    file: &InputFile,
    reader: &Reader,
    max_bytes: usize,
    saved_at: Option<SavedAt>,
    issues: &mut Vec<InputIssue>,
    sink: &mut dyn FnMut(Article) -> ControlFlow<()>,
    progress: &mut dyn FnMut(u64),
) -> Result<BTreeMap<String, u64>> {
    let unreadable = |source| UserError::Unreadable {
        path: file.path.clone(),
        source,
    };
    // A text file is one article as it is: one over the cap is not read at all. Other
    // kinds hold several articles, or markup around one, and are capped as they are read.
    let text = file.format == Some(Format::Text) && file.path.as_os_str() != "-";
    if text {
        let len = fs::metadata(&file.path).map_err(unreadable)?.len();
        if len > max_bytes as u64 {
            issues.push(too_large_issue(
                file,
                None,
                usize::try_from(len).unwrap_or(usize::MAX),
                max_bytes,
            ));
            return Ok(BTreeMap::new());
        }
        let mut head = Vec::with_capacity(BINARY_CHECK);
        fs::File::open(&file.path)
            .map_err(unreadable)?
            .take(BINARY_CHECK as u64)
            .read_to_end(&mut head)
            .map_err(unreadable)?;
        if looks_binary(&head) {
            issues.push(InputIssue::new(
                &file.path,
                "binary file (contains NUL bytes)",
                true,
            ));
            return Ok(BTreeMap::new());
        }
    }
    let origin = if file.path.as_os_str() == "-" {
        file.path.clone()
    } else {
        canonical(&file.path)
    };
    let mut adapter = Adapter {
        file,
        saved_at: saved_at.and_then(|s| s.of(file)),
        origin: origin.display().to_string(),
        max_bytes,
        issues,
        sink,
        progress,
        cut: false,
    };
    let read = if file.path.as_os_str() == "-" {
        reader.read_stream(&file.path, std::io::stdin(), file.format, &mut adapter)
    } else {
        reader.read_path(&file.path, &mut adapter)
    };
    match read {
        Ok(summary) => Ok(summary.skipped),
        Err(newsdex_formats::Error::Unreadable { source, .. }) => Err(unreadable(source).into()),
        Err(newsdex_formats::Error::Unsupported { reason, .. }) => {
            adapter
                .issues
                .push(InputIssue::new(&file.path, reason, true).of_kind(IssueKind::Unsupported));
            Ok(BTreeMap::new())
        }
        Err(e) => Err(UserError::InvalidRequest(e.to_string()).into()),
    }
}

/// The issue of an article over the cap.
fn too_large_issue(file: &InputFile, line: Option<usize>, len: usize, max: usize) -> InputIssue {
    InputIssue::new(&file.path, too_large(len, max), true)
        .at_line(line)
        .of_kind(IssueKind::TooLarge)
}

/// Bytes looked at for NUL bytes before a text file is read whole.
const BINARY_CHECK: usize = 8192;

/// NUL bytes in the head of what should be text (not UTF-16, which has a BOM).
fn looks_binary(head: &[u8]) -> bool {
    let head = &head[..head.len().min(BINARY_CHECK)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && head.contains(&0)
}

/// Records of `newsdex-formats` made into articles, its issues into ours.
struct Adapter<'a> {
    file: &'a InputFile,
    /// When the file was saved, if the user said.
    saved_at: Option<newsdex_extract::Date>,
    origin: String,
    max_bytes: usize,
    issues: &'a mut Vec<InputIssue>,
    sink: &'a mut dyn FnMut(Article) -> ControlFlow<()>,
    progress: &'a mut dyn FnMut(u64),
    /// The reader said it cut the next record to its cap.
    cut: bool,
}

impl newsdex_formats::Sink for Adapter<'_> {
    fn record(&mut self, record: Record) -> ControlFlow<()> {
        let line = record.position.line.map(|l| l as usize);
        let len = record.body.len() + record.title.as_ref().map_or(0, String::len);
        let cut = std::mem::take(&mut self.cut);
        if cut || len > self.max_bytes {
            let mut issue = too_large_issue(self.file, line, len, self.max_bytes);
            if cut {
                issue.message = issue.message.replacen("it is ", "it is over ", 1);
            }
            self.issues.push(issue);
            return ControlFlow::Continue(());
        }
        let mut article = article_of(self.file, &self.origin, record);
        article.saved_at = article.saved_at.or(self.saved_at);
        (self.sink)(article)
    }

    fn issue(&mut self, issue: newsdex_formats::Issue) {
        if issue.message.contains("cap per article") && !issue.skipped {
            // Said once, when the record comes, with its size.
            self.cut = true;
            return;
        }
        let kind = IssueKind::Other;
        self.issues.push(InputIssue {
            path: issue.path,
            line: issue.position.and_then(|p| p.line).map(|l| l as usize),
            record: issue
                .position
                .filter(|p| p.line.is_none() && p.record > 0)
                .map(|p| p.record),
            // Said by the front end's label ("skipped: ...").
            message: issue
                .message
                .strip_suffix("; skipped")
                .map(str::to_owned)
                .unwrap_or(issue.message),
            skipped: issue.skipped,
            kind,
        });
    }

    fn progress(&mut self, bytes: u64) {
        (self.progress)(bytes);
    }
}

/// The article of a record: its id is the record's own, else the file's (one article
/// per file), else the file's numbered by line or record.
fn article_of(file: &InputFile, origin: &str, record: Record) -> Article {
    let single = matches!(file.format, Some(Format::Text | Format::Html)) || record.raw_text;
    let id = match record.id.filter(|id| !id.trim().is_empty()) {
        Some(id) => id,
        None if single && record.position.record <= 1 => file.id.clone(),
        None => {
            let n = record.position.line.unwrap_or(record.position.record);
            format!("{}#{n}", file.id)
        }
    };
    let mut article = if record.raw_text {
        Article::new(id).with_page_text(record.body)
    } else {
        match record.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => Article::new(id).with_title(title).with_body(record.body),
            // A record's text is its body: a first line taken as the title stays in it.
            None => Article::new(id).with_untitled_body(record.body),
        }
    };
    article.published = record.published;
    article.published_from = record.published_source.map(|s| s.as_str().to_owned());
    article.saved_at = record.saved_at;
    article.source = Some(match record.url.or(record.canonical_url) {
        Some(url) => url,
        None => match record.position.line {
            Some(line) if !single => format!("{origin}:{line}"),
            _ => origin.to_owned(),
        },
    });
    article.author = record.author;
    article.site = record.site;
    article.origin = Some(origin.to_owned());
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_extensions_gzip_included() {
        assert_eq!(file_id(Path::new("a/b/page.html")), "a/b/page");
        assert_eq!(file_id(Path::new("crawl.warc.gz")), "crawl");
        assert_eq!(file_id(Path::new("notes")), "notes");
    }
}

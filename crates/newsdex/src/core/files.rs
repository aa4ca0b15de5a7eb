//! The files newsdex writes beside tantivy's in an index folder, written so that a reader
//! sees the old version or the new one whole, and so that nothing is written through a
//! symbolic link planted in the folder.

use std::io::{self, Write};
use std::path::Path;

/// Writes `data` to `dir/name` through a new temporary file renamed over it. The rename
/// replaces a symbolic link at `name`; it never writes to the link's target.
pub(crate) fn write_atomic(dir: &Path, name: &str, data: &[u8]) -> io::Result<()> {
    let mut file = tempfile::Builder::new()
        .prefix(".newsdex-")
        .tempfile_in(dir)?;
    file.write_all(data)?;
    file.as_file().sync_all()?;
    file.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// An error when `path` is a symbolic link: the files of an index are its own, and one
/// that points elsewhere would have newsdex write outside the index.
pub(crate) fn refuse_symlink(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a symbolic link; newsdex does not write through links in an index folder",
                path.display()
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep me").unwrap();
        let index = dir.path().join("index");
        std::fs::create_dir(&index).unwrap();
        std::os::unix::fs::symlink(&outside, index.join("newsdex.json")).unwrap();
        assert!(refuse_symlink(&index.join("newsdex.json")).is_err());
        write_atomic(&index, "newsdex.json", b"{}").unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
        assert_eq!(
            std::fs::read_to_string(index.join("newsdex.json")).unwrap(),
            "{}"
        );
        assert!(refuse_symlink(&index.join("newsdex.json")).is_ok());
    }
}

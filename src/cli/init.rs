//! `postlint init`: a commented `postlint.toml` for the detected site.

use super::EXIT_CLEAN;
use crate::config::{FILE_NAME, starter};
use crate::error::Error;
use crate::site::Site;
use crate::text::paths::display_path;

/// `postlint init`: a commented `postlint.toml` for the detected site.
pub(super) fn init() -> Result<u8, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let Some(site) = Site::discover(&cwd)? else {
        return Err(Error::Usage(
            "no Hugo or Jekyll site found here or above (looked for hugo.toml, config.toml, config/_default/, _config.yml)".into(),
        ));
    };
    let path = site.root.join(FILE_NAME);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; postlint init never overwrites it",
            display_path(&path)
        )));
    }
    std::fs::write(&path, starter(&site)).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    eprintln!("wrote {}", display_path(&path));
    Ok(EXIT_CLEAN)
}

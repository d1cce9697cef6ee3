//! The cache's key: everything a file's per-file findings and summary
//! depend on besides the file itself and what `site::reads` records.

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::config::Settings;
use crate::site::reads::Stamp;
use crate::site::{Site, plugins, shortcodes};

/// The cache format; a change to what a record holds changes it.
const FORMAT: u32 = 3;

/// postlint's build (its version and the executable's stamp: a rebuilt
/// binary is another build), the site as discovered (its config as read,
/// its folders, themes and languages), the settings (`postlint.toml` as
/// read, the rule selection and severities, the command line's), and the
/// text of every file below the template folders (layouts, includes, every
/// folder shortcodes are read from), of the Jekyll plugins (the Ruby files
/// of their folders, the Gemfile, the themes' gemspecs) and of the
/// configured schemas and their `$ref`s.
pub(super) fn key(site: &Site, settings: &Settings) -> u128 {
    let mut hasher = Xxh3::new();
    hasher.update(&FORMAT.to_le_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        feed(&mut hasher, &exe, Stamp::at(&exe));
    }
    // The site as discovered, not what the run has memoised of it since
    // (folder listings, shortcode templates read): the same before and
    // after a run's first file.
    let discovered = (
        (&site.root, site.flavor, &site.config_files, &site.generator),
        (
            &site.content,
            &site.static_dirs,
            &site.asset_dirs,
            &site.layout_dirs,
        ),
        (&site.themes, &site.missing_themes, &site.languages),
        (
            &site.base_url,
            &site.base_path,
            &site.build,
            &site.collections,
        ),
        (&site.markdown_extensions, site.liquid_tags_declared),
    );
    hasher.update(format!("{discovered:?}").as_bytes());
    hasher.update(format!("{settings:?}").as_bytes());
    // Each configured schema and every file its `$ref`s loaded; the
    // Gemfile, whose `:jekyll_plugins` group names plugins.
    let mut files: Vec<PathBuf> = settings
        .options
        .schemas
        .entries
        .iter()
        .flat_map(|entry| entry.compiled.files())
        .collect();
    files.push(site.root.join("Gemfile"));
    files.extend(
        site.themes
            .iter()
            .filter_map(|theme| plugins::theme_gemspec(&theme.dir)),
    );
    // The plugins as Jekyll finds them: a folder's `**/*.rb`, not all it
    // holds (`plugins_dir: .` would hold this cache).
    for dir in &site.jekyll().plugins_dir {
        let dir = site.root.join(dir);
        hasher.update(dir.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
        files.extend(plugins::ruby_files(&dir));
    }
    // Template folders whole; a theme's own files (a Jekyll theme's
    // gemspec names its plugins).
    let mut roots: Vec<(PathBuf, Option<usize>)> = site
        .layout_dirs
        .iter()
        .map(|dir| (dir.clone(), None))
        .collect();
    roots.extend(site.themes.iter().map(|theme| (theme.dir.clone(), Some(1))));
    roots.extend(
        shortcodes::template_folders(site)
            .into_iter()
            .map(|dir| (dir, None)),
    );
    // A folder named twice is walked once, as deep as either asks.
    roots.sort();
    roots.dedup_by(|later, kept| later.0 == kept.0);
    for (root, depth) in &roots {
        // The folders themselves: a theme's layouts folder is listed when
        // the theme's folder is there, before the layouts are.
        hasher.update(root.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
        for entry in ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .follow_links(true)
            .max_depth(*depth)
            .build()
        {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|kind| !kind.is_dir()) => {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                // A link whose target is gone still names a template (by
                // its name alone): its path is part of the key.
                Err(err) => files.extend(error_path(&err)),
            }
        }
    }
    files.sort();
    files.dedup();
    // Their text, not their stamps: a key must not depend on when it is
    // worked out (a stamp within the racy window is not to be trusted, and
    // one trusted later would give another key). Only a file's: reading a
    // FIFO would wait for a writer (no rule reads one).
    for file in &files {
        hasher.update(file.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
        if std::fs::metadata(file).is_ok_and(|meta| meta.is_file())
            && let Ok(bytes) = std::fs::read(file)
        {
            hasher.update(&xxhash_rust::xxh3::xxh3_128(&bytes).to_le_bytes());
        }
    }
    hasher.digest128()
}

/// The key of the per-file records: `key` and the working folder, since
/// findings name other files by paths from it (a page's facts and the
/// listing do not depend on it).
pub(super) fn of_records(key: u128) -> u128 {
    let mut hasher = Xxh3::new();
    hasher.update(&key.to_le_bytes());
    if let Ok(here) = std::env::current_dir() {
        hasher.update(here.as_os_str().as_encoded_bytes());
    }
    hasher.digest128()
}

fn feed(hasher: &mut Xxh3, path: &Path, stamp: Option<Stamp>) {
    hasher.update(path.as_os_str().as_encoded_bytes());
    hasher.update(&[0]);
    if let Some(stamp) = stamp {
        hasher.update(&stamp.len.to_le_bytes());
        hasher.update(&stamp.modified.to_le_bytes());
        hasher.update(&stamp.changed.to_le_bytes());
        hasher.update(&stamp.inode.to_le_bytes());
        hasher.update(&stamp.device.to_le_bytes());
    }
}

/// The path a walk's error is about, if it names one.
fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

//! What the server keeps in memory: the open documents (their unsaved
//! text) and each site they belong to, discovered and configured once as
//! `check` does, with its index: what the site pass learns of the other
//! pages (the listing, every page's URL) is learnt once and kept until a
//! file changes on disk. A change to a page drops the index; a change to
//! the configuration, a template or a schema drops the whole site.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_types as lsp;

use crate::config::{Overrides, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Document as Parsed;
use crate::engine::{self, SiteMemory};
use crate::error::Error;
use crate::index::SiteIndex;
use crate::site::Site;
use crate::text::{FastMap, Source};

use super::convert::{Encoding, LineIndex};

/// One open document.
pub struct Document {
    pub uri: lsp::Uri,
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

impl Document {
    /// Applies a `didChange`'s edits in order: a change without a range
    /// replaces the whole text.
    pub fn apply(&mut self, changes: Vec<lsp::TextDocumentContentChangeEvent>, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let span = LineIndex::new(&self.text, encoding).span(range);
                    self.text.replace_range(span.range(), &change.text);
                }
            }
        }
    }
}

/// A site as the server holds it: found and configured once.
pub struct SiteState {
    pub site: Site,
    pub settings: Settings,
    /// The pages' front matter facts from the site's cache: the index's
    /// first site pass reads only the pages that changed since `check` or
    /// the server last saw them.
    memory: Option<SiteMemory>,
}

impl SiteState {
    fn new(site: Site, settings: Settings, cache: &CacheChoice) -> SiteState {
        let memory = match cache {
            CacheChoice::Off => None,
            CacheChoice::On(dir) => SiteMemory::open(&site, &settings, dir.as_deref())
                .unwrap_or_else(|why| {
                    eprintln!("postlint server: the cache is not used: {why}");
                    None
                }),
        };
        SiteState {
            site,
            settings,
            memory,
        }
    }
}

self_cell::self_cell!(
    /// A site's index, kept with the site it borrows.
    struct LiveIndex {
        owner: Arc<SiteState>,
        #[covariant]
        dependent: SiteIndex,
    }
);

/// A site and, once a buffer of it was linted, its index.
struct Live {
    state: Arc<SiteState>,
    index: Option<(LiveIndex, Instant)>,
    /// The hash of each linted buffer's front matter as the index knows
    /// it: a buffer whose front matter changes (its title, URL, aliases)
    /// makes what the index worked out of it stale.
    front_matters: FastMap<PathBuf, u64>,
}

/// How long an index is trusted when no file changes: it judges whether a
/// page is published by the time it was made (a future date passes).
const INDEX_LIFE: Duration = Duration::from_secs(300);

/// The sites the open documents belong to, by root, and which root each
/// folder's files belong to.
#[derive(Default)]
pub struct Sites {
    by_root: FastMap<PathBuf, Live>,
    root_of_dir: FastMap<PathBuf, PathBuf>,
    cache: CacheChoice,
}

/// Whether the server reads the sites' caches, as the client's
/// `initializationOptions` say (`"cache": false`, `"cacheDir": "…"`);
/// otherwise as `check` does.
#[derive(Debug, Clone)]
pub enum CacheChoice {
    Off,
    /// In the folder named, else where `check` keeps it.
    On(Option<PathBuf>),
}

impl Default for CacheChoice {
    fn default() -> Self {
        CacheChoice::On(None)
    }
}

/// A buffer linted: its site, its text parsed and its findings.
pub struct Linted {
    pub state: Arc<SiteState>,
    pub parsed: Parsed,
    pub findings: Vec<Diagnostic>,
    /// Whether its front matter changed since its last lint, or it is a
    /// new page not on disk yet: the other open documents of the site may
    /// link to it.
    pub front_matter_changed: bool,
}

/// An open buffer of the server: its file and unsaved text.
pub type Buffer<'b> = (&'b Path, &'b str);

impl Sites {
    pub fn new(cache: CacheChoice) -> Sites {
        Sites {
            cache,
            ..Sites::default()
        }
    }

    /// The site around `path` (a document's file, which need not exist),
    /// discovered the first time a file of its folder asks.
    pub fn for_path(&mut self, path: &Path) -> Result<Arc<SiteState>, Error> {
        Ok(Arc::clone(&self.live(path)?.state))
    }

    fn live(&mut self, path: &Path) -> Result<&mut Live, Error> {
        let dir = path.parent().unwrap_or(path).to_path_buf();
        let root = match self.root_of_dir.get(&dir) {
            Some(root) if self.by_root.contains_key(root) => root.clone(),
            _ => {
                let (site, settings) = engine::site_for(path, &Overrides::default())?;
                let root = site.root.clone();
                self.by_root.entry(root.clone()).or_insert_with(|| Live {
                    state: Arc::new(SiteState::new(site, settings, &self.cache)),
                    index: None,
                    front_matters: FastMap::default(),
                });
                self.root_of_dir.insert(dir, root.clone());
                root
            }
        };
        self.by_root
            .get_mut(&root)
            .ok_or_else(|| Error::Usage(format!("no site at {}", root.display())))
    }

    /// Whether the site of `path` has an index ready (its first lint
    /// learns the site, which can take a while on a big one).
    pub fn is_warm(&self, path: &Path) -> bool {
        self.root_of(path)
            .and_then(|root| self.by_root.get(root))
            .and_then(|live| live.index.as_ref())
            .is_some_and(|(_, made)| made.elapsed() < INDEX_LIFE)
    }

    /// `text` linted as the file at `path`, with its site's index, which
    /// knows the other open buffers (`open`) as they are.
    pub fn lint(&mut self, path: &Path, text: &str, open: &[Buffer]) -> Result<Linted, Error> {
        let lint = |state: &SiteState, index: &mut SiteIndex| {
            engine::lint_buffer_with(
                &state.site,
                &state.settings,
                path,
                Source::from_text(text.to_string()),
                index,
            )
        };
        let (state, (parsed, findings)) = self.with_index(path, open, lint)?;
        let front_matter = hash_of(parsed.text().get(..parsed.body_start).unwrap_or_default());
        let live = self.live(path)?;
        let before = live.front_matters.insert(path.to_path_buf(), front_matter);
        // A new page (not on disk yet) is new to the other pages too.
        let changed = match before {
            Some(before) => before != front_matter,
            None => !path.exists(),
        };
        if !changed {
            return Ok(Linted {
                state,
                parsed,
                findings,
                front_matter_changed: false,
            });
        }
        // What the index worked out of the old front matter (its URL, its
        // place among the other pages) goes; the lint is made again.
        live.index = None;
        let (state, (parsed, findings)) = self.with_index(path, open, lint)?;
        Ok(Linted {
            state,
            parsed,
            findings,
            front_matter_changed: true,
        })
    }

    /// `work` with the site of `path` and its index: made on the first use
    /// and again when it was dropped or is old, and then told the unsaved
    /// text of the site's other open buffers (`open`).
    pub fn with_index<R>(
        &mut self,
        path: &Path,
        open: &[Buffer],
        work: impl FnOnce(&SiteState, &mut SiteIndex) -> R,
    ) -> Result<(Arc<SiteState>, R), Error> {
        let live = self.live(path)?;
        if live
            .index
            .as_ref()
            .is_some_and(|(_, made)| made.elapsed() >= INDEX_LIFE)
        {
            live.index = None;
        }
        let fresh = live.index.is_none();
        let (index, _) = live.index.get_or_insert_with(|| {
            let index = LiveIndex::new(Arc::clone(&live.state), |state| {
                let index = SiteIndex::new(&state.site, None).persistent();
                match &state.memory {
                    Some(memory) => index.with_memory(memory),
                    None => index,
                }
            });
            (index, Instant::now())
        });
        if fresh {
            let root = &live.state.site.root;
            index.with_dependent(|_, index| {
                for (other, text) in open {
                    if *other != path && other.starts_with(root) {
                        index.learn_text(other, text);
                    }
                }
            });
        }
        let state = Arc::clone(&live.state);
        let result = index.with_dependent_mut(|state, index| work(state, index));
        // What the index read anew, for the next start (of the server or of
        // `check`): written only when it read a page that changed.
        if let Some(memory) = &state.memory
            && let Err(why) = memory.save()
        {
            eprintln!("postlint server: the cache was not saved: {why}");
        }
        Ok((state, result))
    }

    /// A page of a site changed on disk, or its buffer was closed (its
    /// file is what the site has again): what the index learnt may be
    /// wrong now.
    pub fn forget_pages(&mut self, path: &Path) {
        for (root, live) in &mut self.by_root {
            if path.starts_with(root) {
                live.index = None;
            }
        }
    }

    /// A file changed on disk: when it is not a content file of the site
    /// it is in (a config, `postlint.toml`, a template, a schema, a theme's
    /// file), the site is read again on its next use. Returns the roots of
    /// the sites dropped.
    pub fn file_changed(&mut self, path: &Path) -> Vec<PathBuf> {
        let sites: Vec<PathBuf> = self
            .by_root
            .iter()
            .filter(|(root, live)| path.starts_with(root) && !is_noise(root, live, path))
            .map(|(root, _)| root.clone())
            .collect();
        for root in &sites {
            if let Some(live) = self.by_root.get_mut(root) {
                live.index = None;
            }
        }
        let stale: Vec<PathBuf> = sites
            .into_iter()
            .filter(|root| {
                self.by_root
                    .get(root)
                    .is_some_and(|live| !is_content(&live.state.site, path))
            })
            .collect();
        for root in &stale {
            self.by_root.remove(root);
            self.root_of_dir.retain(|_, of| of != root);
        }
        // A new config may make a folder part of a site it was not in.
        if is_config_name(path) {
            self.root_of_dir.clear();
        }
        stale
    }

    /// Whether a change to `path` is nothing the sites it is in read: a
    /// build's output, a repository's internals, an editor's swap file, the
    /// cache (which the server writes itself).
    pub fn ignores_change(&self, path: &Path) -> bool {
        let mut containing = self
            .by_root
            .iter()
            .filter(|(root, _)| path.starts_with(root))
            .peekable();
        containing.peek().is_some() && containing.all(|(root, live)| is_noise(root, live, path))
    }

    /// The root of the site `path` belongs to, if the server has read it.
    pub fn root_of(&self, path: &Path) -> Option<&Path> {
        let dir = path.parent()?;
        self.root_of_dir.get(dir).map(PathBuf::as_path)
    }
}

/// Whether `path` is a page of `site` (under a content folder, a file
/// `check` would lint) rather than something every page depends on.
fn is_content(site: &Site, path: &Path) -> bool {
    site.content_dir(path).is_some() && site.is_content(path) && !is_config_name(path)
}

/// A name a site's configuration is read from (a Jekyll site's content
/// folder is its root, beside `_config.yml`).
fn is_config_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(extension, "toml" | "yaml" | "yml" | "json")
        && matches!(
            stem,
            "hugo" | "config" | "_config" | "postlint" | ".postlint"
        )
}

/// Whether a change to `path` says nothing about the site at `root`: the
/// generator's output and caches, version control, dependencies, an
/// editor's swap and backup files.
fn is_noise(root: &Path, live: &Live, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(root) else {
        return true;
    };
    // The cache the server writes (the editor may name its folder), the
    // one `check` writes, and the generator's output as configured.
    let state = &live.state;
    let used = state
        .memory
        .as_ref()
        .map(|memory| memory.dir().to_path_buf());
    if used
        .into_iter()
        .chain(engine::cache_dir(&state.site, &state.settings))
        .chain(state.site.output_dir())
        .any(|dir| path.starts_with(dir))
    {
        return true;
    }
    let mut components = inside.components().map(|part| part.as_os_str());
    let first = components.next().and_then(|part| part.to_str());
    if matches!(
        first,
        Some(
            "public" | "_site" | "resources" | ".jekyll-cache" | ".sass-cache" | ".hugo_build.lock"
        )
    ) {
        return true;
    }
    if inside
        .components()
        .any(|part| matches!(part.as_os_str().to_str(), Some(".git" | "node_modules")))
    {
        return true;
    }
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || matches!(name, "4913" | ".DS_Store" | ".jekyll-metadata")
}

fn hash_of(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(text)
}

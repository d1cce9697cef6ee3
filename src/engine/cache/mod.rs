//! What a run remembers of its site for the next one: each linted file's
//! per-file findings, suppression comments, shown lines and summary for
//! the site pass (`files`), and each page's front matter facts for the
//! lookups of runs over some files (`pages`).
//!
//! Keyed by everything the findings depend on besides the file: postlint's
//! build, the site's config and `postlint.toml` as read, the rule
//! selection, and the templates and schemas rules read (`key`). A file is
//! used from the cache only when it is the file that was linted (its stamp,
//! trusted only when clearly older than the run that took it; else its
//! content hash) and what its lint read besides it is unchanged
//! (`site::reads`). Cross-page findings are never cached: the site pass
//! runs on every run, from the summaries.
//!
//! The records are split into shards by path, so that a run over some
//! files reads and writes the shards of those files, and every file is
//! replaced whole (`store`): two runs at once leave one's cache or the
//! other's. An index without a `Cache` (a language server's, a run over a
//! few files) takes the pages' facts through `memory`.

mod key;
mod listing;
mod memory;
mod pages;
mod record;
mod store;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use super::file::{Linted, lint_bytes, unreadable};
use crate::config::Settings;
use crate::rules;
use crate::site::Site;
use crate::site::reads::{self, Stamp};
use crate::text::FastMap;
pub(super) use memory::LazyMemory;
pub use memory::SiteMemory;
use pages::PageFacts;
use record::{Head, Record};

/// How many files the per-file records are split into.
const SHARDS: usize = 16;

/// A stamp is trusted only when the file's times are this much older than
/// the moment the stamp was taken (nanoseconds): a file changed again
/// within the file system's clock tick (up to 2 s on FAT) keeps its times,
/// and clocks of network file systems drift a little.
const RACY: i128 = 2_000_000_000;

/// Cache files not used for this many days are removed.
const PRUNE_DAYS: u64 = 30;

/// One site's cache for one run.
pub(super) struct Cache {
    dir: PathBuf,
    /// The records' key (`key::of_records`).
    key: u128,
    /// When the run started (nanoseconds since the epoch), before any
    /// file was looked at.
    started: i128,
    /// A whole-site run: every content file is linted, and the records of
    /// files not linted are dropped.
    whole: bool,
    /// Records that depend on every content file are used, to be checked
    /// after the walk (`stale_after_walk`): a whole-site run with the site
    /// pass, which waits for the walk anyway.
    defer: bool,
    /// A site check is on: records hold summaries, and facts for the
    /// pages file.
    site_pass: bool,
    shards: Vec<Shard>,
    /// The stamps of the folders and files records depend on, looked at
    /// once per run.
    stamps: RwLock<FastMap<PathBuf, Option<Stamp>>>,
    /// Files linted anew (changed, new, or their reads changed), and
    /// files whose record was used.
    linted: AtomicUsize,
    reused: AtomicUsize,
    /// Of the files whose record was used, those read to compare their
    /// text (their stamp changed, or was too recent to be trusted).
    compared: AtomicUsize,
    /// Files whose record depends on every content file: used, and linted
    /// again after the walk if any content file changed.
    deferred: Mutex<Vec<PathBuf>>,
    pages: PageFacts,
    /// How long opening took (the key, the shards read), for the report.
    opening: std::time::Duration,
}

/// One shard: the records read from disk and what the run did with them.
#[derive(Default)]
struct Shard {
    loaded: OnceLock<Loaded>,
    /// Records taken anew this run: linted, or used with a new stamp.
    fresh: Mutex<Vec<Fresh>>,
    dirty: AtomicBool,
}

/// A cache file as read: its bytes, and its entries with where their parts
/// are in them: a shard's records (`LoadedEntry`: head, path, facts and a
/// body decoded only for a file linted), or the pages file's pages.
struct Loaded<E = LoadedEntry> {
    bytes: Vec<u8>,
    entries: Vec<E>,
    by_path: ByPath,
}

impl<E> Default for Loaded<E> {
    fn default() -> Self {
        Loaded {
            bytes: Vec::new(),
            entries: Vec::new(),
            by_path: ByPath::default(),
        }
    }
}

/// An entry of a cache file as read: where its path is in the file.
trait Placed {
    fn path(&self) -> &Range<usize>;
}

impl Placed for LoadedEntry {
    fn path(&self) -> &Range<usize> {
        &self.path
    }
}

/// The entries of a cache file as read, found by their path's hash. Two
/// paths of one hash are both left out, which costs their entries, never
/// a wrong one.
#[derive(Default)]
struct ByPath(FastMap<u64, usize>);

impl ByPath {
    fn with_capacity(capacity: usize) -> ByPath {
        let mut map = FastMap::default();
        map.reserve(capacity);
        ByPath(map)
    }

    fn insert(&mut self, path: &[u8], at: usize) {
        self.0
            .entry(xxh3_64(path))
            .and_modify(|found| *found = usize::MAX)
            .or_insert(at);
    }

    /// Where the entry of `path` may be (the caller compares its path).
    fn get(&self, path: &[u8]) -> Option<usize> {
        self.0.get(&xxh3_64(path)).copied()
    }
}

/// Where `part`, borrowed from `bytes`, is in them.
fn place(bytes: &[u8], part: &[u8]) -> Range<usize> {
    let start = part.as_ptr() as usize - bytes.as_ptr() as usize;
    start..start + part.len()
}

struct LoadedEntry {
    path: Range<usize>,
    head: Head,
    facts: Range<usize>,
    body: Range<usize>,
    /// Used as is this run.
    used: AtomicBool,
    /// Replaced by a fresh record this run.
    replaced: AtomicBool,
}

/// A record taken this run; its facts and body new, or those read.
struct Fresh {
    path: Box<[u8]>,
    head: Head,
    facts: Part,
    body: Part,
}

enum Part {
    Loaded(Range<usize>),
    New(Vec<u8>),
}

/// A cache file, written: a shard (heads are `Head`s) or the pages file
/// (heads are stamps and when they were taken; no bodies).
#[derive(Serialize)]
struct FileOut<'a, H> {
    entries: Vec<EntryOut<'a, H>>,
}

#[derive(Serialize)]
struct EntryOut<'a, H> {
    path: Bytes<'a>,
    head: H,
    facts: Bytes<'a>,
    body: Bytes<'a>,
}

/// A cache file, read; paths, facts and bodies borrow from its bytes.
#[derive(Deserialize)]
struct FileIn<'a, H> {
    #[serde(borrow)]
    entries: Vec<EntryIn<'a, H>>,
}

#[derive(Deserialize)]
struct EntryIn<'a, H> {
    path: &'a [u8],
    head: H,
    facts: &'a [u8],
    body: &'a [u8],
}

/// Bytes written as one length-prefixed run (what `&[u8]` reads back).
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl<E: Placed> Loaded<E> {
    fn find(&self, path: &[u8]) -> Option<&E> {
        let entry = self.entries.get(self.by_path.get(path)?)?;
        (self.bytes.get(entry.path().clone()) == Some(path)).then_some(entry)
    }

    fn part(&self, range: &Range<usize>) -> &[u8] {
        self.bytes.get(range.clone()).unwrap_or_default()
    }

    /// A fresh record's part: new, or read from this shard.
    fn either<'a>(&'a self, part: &'a Part) -> &'a [u8] {
        match part {
            Part::Loaded(range) => self.part(range),
            Part::New(bytes) => bytes,
        }
    }
}

/// Where a site's cache is, if it has one: `POSTLINT_CACHE_DIR`, else
/// `[cache] dir`, else `.postlint_cache` at the site root. A site without
/// a config (files linted on their own) has none.
pub fn cache_dir(site: &Site, settings: &Settings) -> Option<PathBuf> {
    if !settings.cache.enabled || site.config_files.is_empty() {
        return None;
    }
    let given = std::env::var_os("POSTLINT_CACHE_DIR").filter(|dir| !dir.is_empty());
    if let Some(dir) = given {
        return Some(crate::text::paths::resolve(
            &std::env::current_dir().unwrap_or_default(),
            &dir.to_string_lossy(),
        ));
    }
    Some(
        settings
            .cache
            .dir
            .clone()
            .unwrap_or_else(|| site.root.join(".postlint_cache")),
    )
}

impl Cache {
    /// The cache of `site` for a run (`whole`: of the whole site), or why
    /// there is none this run (a folder that cannot be written).
    pub(super) fn open(
        site: &Site,
        settings: &Settings,
        whole: bool,
    ) -> Result<Option<Cache>, String> {
        let clock = std::time::Instant::now();
        let site_pass = rules::site_checks(&settings.rules).next().is_some();
        let defer = whole && site_pass;
        let Some(dir) = cache_dir(site, settings) else {
            return Ok(None);
        };
        let started = now();
        store::prepare(&dir).map_err(|why| unused_notice(&why))?;
        let key = key::key(site, settings);
        let mut cache = Cache {
            opening: std::time::Duration::ZERO,
            pages: PageFacts::new(&dir, key),
            dir,
            key: key::of_records(key),
            started,
            whole,
            defer,
            site_pass,
            shards: std::iter::repeat_with(Shard::default)
                .take(SHARDS)
                .collect(),
            stamps: RwLock::new(FastMap::default()),
            linted: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            compared: AtomicUsize::new(0),
            deferred: Mutex::new(Vec::new()),
        };
        if whole {
            // Every shard is needed: read on every core.
            cache.shards.par_iter().enumerate().for_each(|(at, _)| {
                cache.loaded(at);
            });
        }
        cache.opening = clock.elapsed();
        Ok(Some(cache))
    }

    fn shard_path(&self, at: usize) -> PathBuf {
        self.dir
            .join(format!("{:032x}-files-{at:02}.bin", self.key))
    }

    fn loaded(&self, at: usize) -> &Loaded {
        self.shards[at]
            .loaded
            .get_or_init(|| load_shard(&self.shard_path(at), self.key))
    }

    fn shard_of(path: &[u8]) -> usize {
        (xxh3_64(path) % SHARDS as u64) as usize
    }

    /// Lints the file at `path` as `engine::lint_file` does, or takes its
    /// record when it is the file that was linted and nothing it read
    /// changed; keeps the record for the next run.
    pub(super) fn lint(
        &self,
        site: &Site,
        settings: &Settings,
        path: PathBuf,
        fix: bool,
    ) -> Linted {
        let key = path.as_os_str().as_encoded_bytes();
        let at = Cache::shard_of(key);
        let loaded = self.loaded(at);
        let found = loaded
            .find(key)
            .filter(|entry| !entry.replaced.load(Ordering::Relaxed));
        let old =
            found.filter(|entry| !(fix && entry.head.fixable) && self.reads_hold(&entry.head));
        if let Some(entry) = old
            && let Some(stamp) = Stamp::at(&path)
            && entry.head.stamp == stamp
            && trusted(&stamp, entry.head.taken)
            && let Some(linted) = self.reuse(loaded, entry, &path)
        {
            entry.used.store(true, Ordering::Relaxed);
            return linted;
        }
        if let Some(entry) = found {
            entry.replaced.store(true, Ordering::Relaxed);
        }
        let (bytes, stamp) = match rules::io::read_with_metadata(&path, settings.max_file_size) {
            Ok((bytes, meta)) => (bytes, meta.map(|meta| Stamp::of(&meta))),
            Err(diagnostic) => {
                self.linted.fetch_add(1, Ordering::Relaxed);
                self.shards[at].dirty.store(true, Ordering::Relaxed);
                return unreadable(path, *diagnostic);
            }
        };
        let hash = xxh3_128(&bytes);
        if let Some(entry) = old
            && let Some(stamp) = stamp
            && entry.head.hash == hash
            && let Some(linted) = self.reuse(loaded, entry, &path)
        {
            // The same text: the record holds, with the stamp of now.
            self.compared.fetch_add(1, Ordering::Relaxed);
            let head = Head {
                stamp,
                taken: self.started,
                ..entry.head.clone()
            };
            self.keep(
                at,
                Fresh {
                    path: key.into(),
                    head,
                    facts: Part::Loaded(entry.facts.clone()),
                    body: Part::Loaded(entry.body.clone()),
                },
            );
            return linted;
        }
        self.lint_anew(at, site, settings, path, (bytes, hash, stamp), fix)
    }

    /// Lints a file read (its bytes, their hash and the stamp they were
    /// read under), and keeps its record.
    fn lint_anew(
        &self,
        at: usize,
        site: &Site,
        settings: &Settings,
        path: PathBuf,
        (bytes, hash, stamp): (Vec<u8>, u128, Option<Stamp>),
        fix: bool,
    ) -> Linted {
        self.linted.fetch_add(1, Ordering::Relaxed);
        let key: Box<[u8]> = path.as_os_str().as_encoded_bytes().into();
        let (linted, reads) = reads::record(|| lint_bytes(site, settings, path, bytes, fix));
        if reads.unknown {
            // Linted again on every run: keeping it would rewrite its shard
            // on every run (a record it replaces is dropped all the same).
            return linted;
        }
        let facts = linted
            .summary
            .as_ref()
            .and_then(|summary| postcard::to_allocvec(&*summary.facts).ok())
            .unwrap_or_default();
        if let (Some(stamp), Some(body)) = (stamp, Record::encode(&linted)) {
            let head = Head {
                stamp,
                hash,
                taken: self.started,
                reads,
                fixable: linted.report.diagnostics.iter().any(|d| d.fix.is_some()),
            };
            self.keep(
                at,
                Fresh {
                    path: key,
                    head,
                    facts: Part::New(facts),
                    body: Part::New(body),
                },
            );
        }
        linted
    }

    /// The file from its record.
    fn reuse(&self, loaded: &Loaded, entry: &LoadedEntry, path: &Path) -> Option<Linted> {
        let mut linted =
            Record::decode(loaded.part(&entry.body))?.into_linted(path.to_path_buf())?;
        if let Some(summary) = &mut linted.summary {
            summary.facts = Arc::new(postcard::from_bytes(loaded.part(&entry.facts)).ok()?);
        }
        self.reused.fetch_add(1, Ordering::Relaxed);
        if entry.head.reads.all_content
            && let Ok(mut deferred) = self.deferred.lock()
        {
            deferred.push(path.to_path_buf());
        }
        Some(linted)
    }

    fn keep(&self, at: usize, fresh: Fresh) {
        let shard = &self.shards[at];
        shard.dirty.store(true, Ordering::Relaxed);
        if let Ok(mut kept) = shard.fresh.lock() {
            kept.push(fresh);
        }
    }

    /// Whether what a record's lint read besides its file is as it was:
    /// no date it compared with the time has passed, every folder it
    /// listed and file it read has its stamp. A record that read every content file holds
    /// in a whole-site run until the walk says otherwise (`deferred`).
    fn reads_hold(&self, head: &Head) -> bool {
        let reads = &head.reads;
        if reads.until.is_some_and(|until| self.started >= until)
            || (reads.all_content && !self.defer)
        {
            return false;
        }
        reads.paths.iter().all(|(path, stamp)| {
            trusted_if_there(stamp, head.taken) && self.stamp_of(path) == *stamp
        })
    }

    fn stamp_of(&self, path: &Path) -> Option<Stamp> {
        if let Ok(known) = self.stamps.read()
            && let Some(stamp) = known.get(path)
        {
            return *stamp;
        }
        let stamp = Stamp::at(path);
        if let Ok(mut known) = self.stamps.write() {
            known.insert(path.to_path_buf(), stamp);
        }
        stamp
    }

    /// The page facts the site index takes for pages it did not lint.
    pub(super) fn memory(&self) -> &dyn crate::index::PagesMemory {
        &self.pages
    }

    /// The files whose record was used but depends on every content file,
    /// when a content file changed since (a whole-site run, after the
    /// walk): they are to be linted again.
    pub(super) fn stale_after_walk(&self) -> Vec<PathBuf> {
        let Ok(mut deferred) = self.deferred.lock() else {
            return Vec::new();
        };
        if deferred.is_empty() {
            return Vec::new();
        }
        let recorded: usize = (0..SHARDS).map(|at| self.loaded(at).entries.len()).sum();
        let reused = self.reused.load(Ordering::Relaxed);
        let changed = self.linted.load(Ordering::Relaxed) > 0 || reused < recorded;
        if changed {
            std::mem::take(&mut *deferred)
        } else {
            Vec::new()
        }
    }

    /// Forgets the record of a file (a deferred one that went stale), so
    /// that `lint` lints it anew.
    pub(super) fn forget(&self, path: &Path) {
        let key = path.as_os_str().as_encoded_bytes();
        let at = Cache::shard_of(key);
        if let Some(entry) = self.loaded(at).find(key) {
            entry.used.store(false, Ordering::Relaxed);
            entry.replaced.store(true, Ordering::Relaxed);
        }
        if let Ok(mut fresh) = self.shards[at].fresh.lock() {
            fresh.retain(|fresh| &*fresh.path != key);
        }
    }

    /// Writes the shards that changed (and then the pages file), and
    /// removes cache files unused for a month. A failure is said once, in
    /// `notes`.
    pub(super) fn save(self, notes: &mut Vec<String>) {
        let clock = std::time::Instant::now();
        // The pages file holds the summaries' facts: without a site check
        // there are none, and a run over some files writes it only when its
        // index read pages anew.
        let (written, pages) = rayon::join(
            || -> Vec<Result<bool, String>> {
                self.shards
                    .par_iter()
                    .enumerate()
                    .map(|(at, shard)| self.save_shard(at, shard))
                    .collect()
            },
            || match (self.whole, self.site_pass) {
                (true, true) => self.save_pages_whole(),
                (true, false) => Ok(()),
                (false, _) => self.pages.save(),
            },
        );
        let failure = written
            .into_iter()
            .find_map(Result::err)
            .or_else(|| pages.err());
        if let Some(why) = failure {
            notes.push(format!("the cache was not saved: {why}"));
        }
        store::prune(&self.dir, PRUNE_DAYS);
        if std::env::var_os("POSTLINT_CACHE_REPORT").is_some() {
            // For tests and benchmarks: whether the cache was used.
            eprintln!(
                "cache: {} files from the cache ({} read to compare), {} linted; opened in {:.1} ms, saved in {:.1} ms",
                self.reused.load(Ordering::Relaxed),
                self.compared.load(Ordering::Relaxed),
                self.linted.load(Ordering::Relaxed),
                self.opening.as_secs_f64() * 1e3,
                clock.elapsed().as_secs_f64() * 1e3,
            );
        }
    }

    /// A whole-site run's pages file: every record's facts, written when a
    /// record changed (or there is none).
    fn save_pages_whole(&self) -> Result<(), String> {
        let changed = self.shards.iter().any(|shard| {
            shard
                .loaded
                .get()
                .is_none_or(|loaded| self.changed(shard, loaded))
        });
        if !changed && self.pages.exists() {
            self.pages.touch();
            return Ok(());
        }
        let mut pages: Vec<EntryOut<(Stamp, i128)>> = Vec::new();
        let fresh: Vec<_> = self
            .shards
            .iter()
            .filter_map(|shard| Some((shard.loaded.get()?, shard.fresh.lock().ok()?)))
            .collect();
        for (loaded, fresh) in &fresh {
            for fresh in fresh.iter() {
                pages.push(EntryOut {
                    path: Bytes(&fresh.path),
                    head: (fresh.head.stamp, fresh.head.taken),
                    facts: Bytes(loaded.either(&fresh.facts)),
                    body: Bytes(&[]),
                });
            }
            for entry in &loaded.entries {
                if self.keeps(entry) {
                    pages.push(EntryOut {
                        path: Bytes(loaded.part(&entry.path)),
                        head: (entry.head.stamp, entry.head.taken),
                        facts: Bytes(loaded.part(&entry.facts)),
                        body: Bytes(&[]),
                    });
                }
            }
        }
        self.pages.write(pages)
    }

    /// Whether the run keeps a record read from disk: a whole-site run the
    /// records it used (a file gone, or no longer content, is left out); a
    /// run over some files every record it did not replace.
    fn keeps(&self, entry: &LoadedEntry) -> bool {
        !entry.replaced.load(Ordering::Relaxed)
            && (!self.whole || entry.used.load(Ordering::Relaxed))
    }

    /// Whether a shard's file is to be written again: a record taken anew,
    /// or one of those read not kept.
    fn changed(&self, shard: &Shard, loaded: &Loaded) -> bool {
        shard.dirty.load(Ordering::Relaxed) || !loaded.entries.iter().all(|entry| self.keeps(entry))
    }

    /// Writes one shard if it changed: whether it did.
    fn save_shard(&self, at: usize, shard: &Shard) -> Result<bool, String> {
        let Some(loaded) = shard.loaded.get() else {
            return Ok(false);
        };
        let Ok(fresh) = shard.fresh.lock() else {
            return Ok(false);
        };
        let path = self.shard_path(at);
        if !self.changed(shard, loaded) {
            store::touch(&path);
            return Ok(false);
        }
        let mut entries: Vec<EntryOut<&Head>> = fresh
            .iter()
            .map(|fresh| EntryOut {
                path: Bytes(&fresh.path),
                head: &fresh.head,
                facts: Bytes(loaded.either(&fresh.facts)),
                body: Bytes(loaded.either(&fresh.body)),
            })
            .collect();
        entries.extend(
            loaded
                .entries
                .iter()
                .filter(|entry| self.keeps(entry))
                .map(|entry| EntryOut {
                    path: Bytes(loaded.part(&entry.path)),
                    head: &entry.head,
                    facts: Bytes(loaded.part(&entry.facts)),
                    body: Bytes(loaded.part(&entry.body)),
                }),
        );
        store::write(&path, self.key, &FileOut { entries })?;
        Ok(true)
    }
}

/// The note of a run that could not use the cache.
pub(super) fn unused_notice(why: &str) -> String {
    format!(
        "{why}; this run did not use the cache (`[cache] dir` or POSTLINT_CACHE_DIR names another folder, `--no-cache` turns it off)"
    )
}

/// Whether a stamp taken at `taken` can be trusted: the file's times are
/// clearly before it (see `RACY`).
fn trusted(stamp: &Stamp, taken: i128) -> bool {
    stamp.latest() < taken - RACY
}

/// `trusted` for what may be absent (nothing there has no times to doubt).
fn trusted_if_there(stamp: &Option<Stamp>, taken: i128) -> bool {
    stamp.is_none_or(|stamp| trusted(&stamp, taken))
}

/// Nanoseconds since the epoch.
fn now() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() as i128)
}

/// A shard's file: its records' heads and their parts' places, or none
/// when it is missing or does not decode.
fn load_shard(path: &Path, key: u128) -> Loaded {
    let Some(bytes) = store::read(path, key) else {
        return Loaded::default();
    };
    let Ok(shard) = postcard::from_bytes::<FileIn<Head>>(store::body(&bytes)) else {
        return Loaded::default();
    };
    let mut by_path = ByPath::with_capacity(shard.entries.len());
    let mut entries = Vec::with_capacity(shard.entries.len());
    for entry in shard.entries {
        by_path.insert(entry.path, entries.len());
        entries.push(LoadedEntry {
            path: place(&bytes, entry.path),
            head: entry.head,
            facts: place(&bytes, entry.facts),
            body: place(&bytes, entry.body),
            used: AtomicBool::new(false),
            replaced: AtomicBool::new(false),
        });
    }
    Loaded {
        bytes,
        entries,
        by_path,
    }
}

//! The cache: a cached run reports exactly what `--no-cache` reports, after
//! any sequence of edits to the site (a property test), and a cache that is
//! truncated, garbage, unwritable or written by two runs at once ends in
//! the same output. Runs here say how they used the cache
//! (`POSTLINT_CACHE_REPORT`), so a test knows the cache was used at all.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use proptest::prelude::*;

use crate::common::{self, Run};

/// A copy of the Hugo example site and a cache folder of its own.
struct Site {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        Site::of("hugo-blog")
    }

    /// A copy of `fixtures/<fixture>`.
    fn of(fixture: &str) -> Site {
        let site = Site::empty();
        common::copy_tree(
            &common::repo_root().join("fixtures").join(fixture),
            site.dir.path(),
        );
        site
    }

    /// An empty folder, and a cache folder of its own.
    fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("a temporary folder"),
            cache: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `check` with the cache: its output and what it says of the cache.
    fn cached(&self, args: &[&str]) -> (Run, Usage) {
        let mut run = common::output(
            common::command(self.dir.path())
                .env("POSTLINT_CACHE_DIR", self.cache.path())
                .env("POSTLINT_CACHE_REPORT", "1")
                .arg("check")
                .args(args),
        );
        let usage = Usage::take(&mut run);
        (run, usage)
    }

    fn uncached(&self, args: &[&str]) -> Run {
        common::output(
            common::command(self.dir.path())
                .args(["check", "--no-cache"])
                .args(args),
        )
    }

    /// Runs `args` with and without the cache and asserts the same output.
    fn agree(&self, args: &[&str]) -> Usage {
        let (cached, usage) = self.cached(args);
        let uncached = self.uncached(args);
        assert_eq!(
            (cached.code, &cached.stdout, &cached.stderr),
            (uncached.code, &uncached.stdout, &uncached.stderr),
            "`check {}` with and without the cache ({usage:?})",
            args.join(" ")
        );
        usage
    }

    /// A settled run (`settled`: its files older than the clock tick a
    /// stamp is trusted after) over `args` with the cache, compared with
    /// `--no-cache`; whether its listing of the content folders came from
    /// the cache.
    fn listing_run(&self, args: &[&str], settled: bool) -> (Run, bool) {
        if settled {
            std::thread::sleep(Duration::from_millis(2_100));
        }
        let run = common::output(
            common::command(self.dir.path())
                .env("POSTLINT_CACHE_DIR", self.cache.path())
                .env("POSTLINT_CACHE_REPORT", "1")
                .arg("check")
                .args(args),
        );
        let line = run
            .stderr
            .lines()
            .find(|line| line.starts_with("cache: pages: "))
            .unwrap_or_else(|| panic!("{}", run.stderr));
        let remembered = line.ends_with("listing from the cache");
        self.agree(args);
        (run, remembered)
    }

    /// A post whose one link, `/field-notes/`, no page has by its file
    /// name: proving it broken takes every page's URL.
    fn write_linking_post(&self) {
        fs::write(
            self.path("content/posts/linking.md"),
            "---\ntitle: \"Linking\"\n---\n\nSee [the notes](/field-notes/).\n",
        )
        .unwrap();
    }

    /// A page in a folder of its own that takes `/field-notes/`.
    fn write_field_notes(&self) {
        fs::create_dir_all(self.path("content/notes")).unwrap();
        fs::write(
            self.path("content/notes/field.md"),
            "---\ntitle: \"Field notes\"\nurl: /field-notes/\n---\n\nNotes.\n",
        )
        .unwrap();
    }

    fn posts(&self) -> Vec<String> {
        let mut posts: Vec<String> = fs::read_dir(self.path("content/posts"))
            .expect("the posts folder")
            .flatten()
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
            .map(|entry| format!("content/posts/{}", entry.file_name().to_string_lossy()))
            .filter(|post| !post.ends_with("_index.md"))
            .collect();
        posts.sort();
        posts
    }

    fn cache_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.cache.path())
            .expect("the cache folder")
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
            .collect();
        files.sort();
        files
    }
}

/// What a run said of its cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Usage {
    reused: usize,
    compared: usize,
    linted: usize,
}

impl Usage {
    /// Takes the run's `cache:` line out of its standard error.
    fn take(run: &mut Run) -> Usage {
        let mut usage = Usage::default();
        let mut rest = String::new();
        for line in run.stderr.lines() {
            let Some(said) = line.strip_prefix("cache: ") else {
                rest.push_str(line);
                rest.push('\n');
                continue;
            };
            let numbers: Vec<usize> = said
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            if let [reused, compared, linted, ..] = numbers[..] {
                usage.reused += reused;
                usage.compared += compared;
                usage.linted += linted;
            }
        }
        run.stderr = rest;
        usage
    }
}

/// One edit of the property test.
#[derive(Debug, Clone)]
enum Edit {
    /// A paragraph with a link (to a page of the site or to none).
    Body {
        post: usize,
        link: &'static str,
    },
    /// A front matter key set on a YAML or TOML post.
    FrontMatter {
        post: usize,
        key: &'static str,
        value: &'static str,
    },
    Rename {
        post: usize,
    },
    Delete {
        post: usize,
    },
    NewPage {
        name: usize,
        link: &'static str,
    },
    /// A change of `hugo.toml`.
    Config {
        line: &'static str,
    },
    /// The `aside` shortcode's template rewritten (with or without
    /// `.Inner`).
    Template {
        inner: bool,
    },
    /// The post rewritten at once with text of the same size (two letters
    /// swapped): within the same second, with the same size.
    SameSize {
        post: usize,
    },
    /// An image the posts may name, added.
    Image,
    /// The post names the schema (`$schema`), whose `$ref` is
    /// `defs/common.json`.
    NameSchema {
        post: usize,
    },
    /// The schema's `$ref`ed file written, requiring `author` or not.
    Schema {
        strict: bool,
    },
    /// Two seconds pass: the stamps taken after it are trusted without
    /// reading the files.
    Wait,
}

const LINKS: &[&str] = &[
    "/posts/first-week/",
    "/moved/",
    "/posts/new-0/",
    "/nowhere/",
    "/old-name/",
    "/posts/cafe-culture/#menu",
];

fn edit() -> impl Strategy<Value = Edit> {
    let post = 0..40usize;
    let link = prop::sample::select(LINKS);
    prop_oneof![
        (post.clone(), link.clone()).prop_map(|(post, link)| Edit::Body { post, link }),
        (
            post.clone(),
            prop::sample::select(&["url", "slug", "aliases", "title"][..]),
            prop::sample::select(&["/moved/", "old-name", "Field Notes", "/nowhere/"][..]),
        )
            .prop_map(|(post, key, value)| Edit::FrontMatter { post, key, value }),
        post.clone().prop_map(|post| Edit::Rename { post }),
        post.clone().prop_map(|post| Edit::Delete { post }),
        (0..3usize, link).prop_map(|(name, link)| Edit::NewPage { name, link }),
        prop::sample::select(
            &[
                "[permalinks]\n  posts = \"/:year/:slug/\"\n",
                "buildFuture = true\n",
                "enableEmoji = true\n",
            ][..]
        )
        .prop_map(|line| Edit::Config { line }),
        any::<bool>().prop_map(|inner| Edit::Template { inner }),
        post.prop_map(|post| Edit::SameSize { post }),
        Just(Edit::Image),
        (0..40usize).prop_map(|post| Edit::NameSchema { post }),
        any::<bool>().prop_map(|strict| Edit::Schema { strict }),
        Just(Edit::Wait),
    ]
}

impl Edit {
    /// Applies the edit; returns the post it touched, if one is left.
    fn apply(&self, site: &Site) -> Option<String> {
        let posts = site.posts();
        let pick = |n: usize| posts.get(n % posts.len().max(1)).cloned();
        match self {
            Edit::Body { post, link } => {
                let post = pick(*post)?;
                let mut text = fs::read_to_string(site.path(&post)).unwrap_or_default();
                text.push_str(&format!(
                    "\nSee [this page]({link}) and ![a photo](/images/added.png).\n"
                ));
                fs::write(site.path(&post), text).expect("write a post");
                Some(post)
            }
            Edit::FrontMatter { post, key, value } => {
                let post = pick(*post)?;
                let (yaml, toml) = match *key {
                    "aliases" => (
                        format!("aliases: [\"{value}\"]"),
                        format!("aliases = [\"{value}\"]"),
                    ),
                    _ => (
                        format!("{key}: \"{value}\""),
                        format!("{key} = \"{value}\""),
                    ),
                };
                site.add_front_matter_line(&post, &yaml, &toml);
                Some(post)
            }
            Edit::Rename { post } => {
                let post = pick(*post)?;
                let renamed = post.replace(".md", "-renamed.md");
                fs::rename(site.path(&post), site.path(&renamed)).expect("rename a post");
                Some(renamed)
            }
            Edit::Delete { post } => {
                let post = pick(*post)?;
                fs::remove_file(site.path(&post)).expect("delete a post");
                None
            }
            Edit::NewPage { name, link } => {
                let post = format!("content/posts/new-{name}.md");
                fs::write(
                    site.path(&post),
                    format!("---\ntitle: \"New {name}\"\ndate: 2024-05-01\n---\n\nA link to [somewhere]({link}).\n"),
                )
                .expect("write a post");
                Some(post)
            }
            Edit::Config { line } => {
                let config = site.path("hugo.toml");
                let mut text = fs::read_to_string(&config).unwrap_or_default();
                if !text.contains(line) {
                    // Before the first table, so that a key stays top-level.
                    let at = text.find("\n[").map_or(text.len(), |at| at + 1);
                    text.insert_str(at, line);
                    fs::write(config, text).expect("write the config");
                }
                None
            }
            Edit::Template { inner } => {
                let template = if *inner {
                    "<aside>{{ .Inner | markdownify }}</aside>\n"
                } else {
                    "<aside>{{ .Get 0 }}</aside>\n"
                };
                fs::write(site.path("layouts/shortcodes/aside.html"), template)
                    .expect("write a template");
                None
            }
            Edit::SameSize { post } => {
                let post = pick(*post)?;
                let mut bytes = fs::read(site.path(&post)).unwrap_or_default();
                let letters: Vec<usize> = (0..bytes.len().saturating_sub(1))
                    .filter(|&i| {
                        bytes[i].is_ascii_lowercase()
                            && bytes[i + 1].is_ascii_lowercase()
                            && bytes[i] != bytes[i + 1]
                    })
                    .collect();
                if let Some(&at) = letters.get(letters.len() / 2) {
                    bytes.swap(at, at + 1);
                    fs::write(site.path(&post), bytes).expect("write a post");
                }
                Some(post)
            }
            Edit::Wait => {
                std::thread::sleep(Duration::from_millis(2_100));
                None
            }
            Edit::NameSchema { post } => {
                let post = pick(*post)?;
                let schema = site.path("schemas/post.json");
                fs::create_dir_all(schema.parent().expect("a folder")).expect("a folder");
                if !schema.exists() {
                    fs::write(&schema, "{\"$ref\": \"defs/common.json\"}\n").expect("a schema");
                    Edit::Schema { strict: false }.apply(site);
                }
                let schema = schema.display();
                site.add_front_matter_line(
                    &post,
                    &format!("$schema: \"{schema}\""),
                    &format!("\"$schema\" = \"{schema}\""),
                );
                Some(post)
            }
            Edit::Schema { strict } => {
                let common = site.path("schemas/defs/common.json");
                fs::create_dir_all(common.parent().expect("a folder")).expect("a folder");
                let required = if *strict {
                    ", \"required\": [\"author\"]"
                } else {
                    ""
                };
                fs::write(common, format!("{{\"type\": \"object\"{required}}}\n"))
                    .expect("write a schema");
                None
            }
            Edit::Image => {
                let image = site.path("static/images/added.png");
                fs::create_dir_all(image.parent().expect("a folder")).expect("a folder");
                fs::write(image, b"\x89PNG").expect("write an image");
                None
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// After every edit, the whole-site run, a run over the edited file (or
    /// another post) and one over the posts' folder say with the cache what
    /// they say without.
    #[test]
    fn a_cached_run_says_what_a_run_without_the_cache_says(
        edits in prop::collection::vec(edit(), 1..6)
    ) {
        let site = Site::new();
        site.agree(&["--select", "ALL"]);
        for edit in &edits {
            let touched = edit.apply(&site);
            site.agree(&["--select", "ALL"]);
            let post = touched.or_else(|| site.posts().first().cloned()).expect("a post");
            site.agree(&["--select", "ALL", &post]);
            // A folder: a run over some files that keeps records.
            site.agree(&["--select", "ALL", "content/posts"]);
        }
        // Nothing changed since the last whole-site run: most files come
        // from the cache (the test is not one that passes without it),
        // once the folders they listed (templates, images) are older than
        // the two seconds within which a stamp is not trusted.
        let mut usage = site.agree(&["--select", "ALL"]);
        if usage.reused <= 20 {
            std::thread::sleep(Duration::from_millis(2_100));
            site.agree(&["--select", "ALL"]);
            usage = site.agree(&["--select", "ALL"]);
        }
        prop_assert!(usage.reused > 20, "{usage:?}");
    }
}

#[test]
fn unchanged_files_are_not_read_again() {
    let site = Site::new();
    // Stamps taken within two seconds of a file's change are not trusted.
    std::thread::sleep(Duration::from_millis(2_100));
    let (first, usage) = site.cached(&[]);
    assert_eq!(usage.reused, 0, "{usage:?}");
    let (second, usage) = site.cached(&[]);
    assert_eq!((first.stdout, first.code), (second.stdout, second.code));
    assert!(usage.reused > 40, "{usage:?}");
    // Only the post that is not UTF-8 is linted again (its text is kept
    // whole for the report, and such a file is never cached).
    assert_eq!((usage.compared, usage.linted), (0, 1), "{usage:?}");
    // A file touched is read and compared, not linted again.
    let post = site.path("content/posts/first-week.md");
    let file = fs::File::options().append(true).open(&post).unwrap();
    file.set_modified(SystemTime::now()).unwrap();
    let (_, usage) = site.cached(&[]);
    assert_eq!((usage.compared, usage.linted), (1, 1), "{usage:?}");
}

#[test]
fn a_run_over_one_file_takes_the_other_pages_from_the_cache_never_a_stale_one() {
    let site = Site::new();
    site.write_linking_post();
    std::thread::sleep(Duration::from_millis(2_100));
    site.agree(&["--select", "ALL"]);
    let one = ["--select", "ALL", "content/posts/linking.md"];
    let (run, _) = site.cached(&one);
    assert!(run.stdout.contains("LNK002"), "{}", run.stdout);
    let pages = |run: &Run| -> Vec<usize> {
        let line = run
            .stderr
            .lines()
            .find(|line| line.starts_with("cache: pages: "))
            .unwrap_or_else(|| panic!("{}", run.stderr));
        line.split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    let report = |args: &[&str]| {
        common::output(
            common::command(site.dir.path())
                .env("POSTLINT_CACHE_DIR", site.cache.path())
                .env("POSTLINT_CACHE_REPORT", "1")
                .arg("check")
                .args(args),
        )
    };
    // Every other page's facts from the cache; none read.
    let counts = pages(&report(&one));
    assert!(counts[0] > 40 && counts[1] == 0, "{counts:?}");
    // Another page takes the URL: it is read again, and the link holds.
    let post = site.path("content/posts/first-week.md");
    let text = fs::read_to_string(&post).unwrap();
    fs::write(
        &post,
        text.replacen("+++\n", "+++\nurl = \"/field-notes/\"\n", 1),
    )
    .unwrap();
    let run = report(&one);
    let counts = pages(&run);
    assert!(counts[1] >= 1, "{counts:?}");
    assert!(!run.stdout.contains("LNK002"), "{}", run.stdout);
    site.agree(&one);
}

#[cfg(unix)]
#[test]
fn a_run_over_one_file_lists_the_site_again_when_a_folder_or_an_ignore_file_changes() {
    let site = Site::new();
    site.write_linking_post();
    let one = ["--select", "ALL", "content/posts/linking.md"];
    let listing = |settled: bool| site.listing_run(&one, settled);
    let (_, remembered) = listing(true);
    assert!(!remembered);
    let (run, remembered) = listing(false);
    assert!(
        remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    // A page in a new folder takes the URL: the content folder changed.
    site.write_field_notes();
    fs::write(site.path(".gitignore"), "# nothing ignored yet\n").unwrap();
    let (run, remembered) = listing(true);
    assert!(
        !remembered && !run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    let (run, remembered) = listing(false);
    assert!(
        remembered && !run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    // The site's `.gitignore`, edited in place, leaves the page out: no
    // folder changed, the ignore file did.
    fs::write(site.path(".gitignore"), "content/notes/field.md\n").unwrap();
    let (run, remembered) = listing(true);
    assert!(
        !remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    let (run, remembered) = listing(false);
    assert!(
        remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    // Back in the listing, in a folder that is a repository of its own:
    // its `.git/info/exclude`, edited in place, leaves the page out.
    fs::write(site.path(".gitignore"), "# nothing ignored\n").unwrap();
    fs::create_dir_all(site.path("content/notes/.git/info")).unwrap();
    fs::write(site.path("content/notes/.git/info/exclude"), "# nothing\n").unwrap();
    let (run, _) = listing(true);
    assert!(!run.stdout.contains("LNK002"), "{}", run.stdout);
    let (run, remembered) = listing(false);
    assert!(
        remembered && !run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    fs::write(site.path("content/notes/.git/info/exclude"), "field.md\n").unwrap();
    let (run, remembered) = listing(true);
    assert!(
        !remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    fs::remove_dir_all(site.path("content/notes/.git")).unwrap();
    let (run, _) = listing(true);
    assert!(!run.stdout.contains("LNK002"), "{}", run.stdout);
    // Removed: its folder changed.
    fs::remove_file(site.path("content/notes/field.md")).unwrap();
    let (run, remembered) = listing(true);
    assert!(
        !remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    // A folder changed within the clock tick is not trusted: listed again.
    fs::write(
        site.path("content/notes/again.md"),
        "---\ntitle: \"Again\"\n---\n",
    )
    .unwrap();
    let (_, remembered) = listing(false);
    assert!(!remembered);
    let (_, remembered) = listing(false);
    assert!(!remembered);
}

#[cfg(unix)]
#[test]
fn a_remembered_listing_sees_the_ignore_files_above_a_linked_content_folder() {
    // The content folder is a link into another repository (a notes
    // vault): the walker reads the ignore files above where it leads.
    let site = Site::new();
    let vault = tempfile::tempdir().expect("a temporary folder");
    fs::rename(site.path("content"), vault.path().join("blog")).unwrap();
    std::os::unix::fs::symlink(vault.path().join("blog"), site.path("content")).unwrap();
    fs::write(vault.path().join(".gitignore"), "# nothing ignored\n").unwrap();
    site.write_field_notes();
    site.write_linking_post();
    let one = ["--select", "ALL", "content/posts/linking.md"];
    site.listing_run(&one, true);
    let (run, remembered) = site.listing_run(&one, false);
    assert!(
        remembered && !run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    fs::write(vault.path().join(".gitignore"), "blog/notes/\n").unwrap();
    let (run, remembered) = site.listing_run(&one, true);
    assert!(
        !remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_remembered_listing_sees_a_jekyll_page_made_by_its_front_matter() {
    // A `.txt` file is a Jekyll page only with front matter: written in
    // place, it changes no folder.
    let site = Site::of("jekyll-blog");
    fs::write(site.path("feed.txt"), "plain text\n").unwrap();
    fs::write(
        site.path("_posts/2024-05-01-linking.md"),
        "---\ntitle: \"Linking\"\n---\n\nSee [the feed](/the-feed/).\n",
    )
    .unwrap();
    let one = ["--select", "ALL", "_posts/2024-05-01-linking.md"];
    site.listing_run(&one, true);
    let (run, remembered) = site.listing_run(&one, false);
    assert!(
        remembered && run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
    fs::write(
        site.path("feed.txt"),
        "---\npermalink: /the-feed/\n---\nplain text\n",
    )
    .unwrap();
    let (run, remembered) = site.listing_run(&one, true);
    assert!(
        !remembered && !run.stdout.contains("LNK002"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_date_that_passes_changes_the_findings() {
    let site = Site::new();
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3);
    fs::write(
        site.path("content/posts/soon.md"),
        format!("---\ntitle: \"Soon\"\ndate: {soon}\n---\n\nNot yet.\n"),
    )
    .unwrap();
    let args = ["--select", "FM010", "content/posts/soon.md"];
    let (before, _) = site.cached(&args);
    assert!(before.stdout.contains("FM010"), "{}", before.stdout);
    std::thread::sleep(Duration::from_millis(3_500));
    let (after, _) = site.cached(&args);
    assert!(!after.stdout.contains("FM010"), "{}", after.stdout);
    site.agree(&args);
}

#[test]
fn an_image_added_or_removed_changes_the_findings() {
    let site = Site::new();
    std::thread::sleep(Duration::from_millis(2_100));
    site.agree(&["--select", "ALL"]);
    let image = site.path("static/images/added.png");
    fs::create_dir_all(image.parent().unwrap()).unwrap();
    fs::write(
        site.path("content/posts/new-photo.md"),
        "---\ntitle: \"Photo\"\n---\n\n![A harbour](/images/added.png)\n",
    )
    .unwrap();
    site.agree(&["--select", "ALL"]);
    std::thread::sleep(Duration::from_millis(2_100));
    site.agree(&["--select", "ALL"]);
    fs::write(&image, b"\x89PNG").unwrap();
    let usage = site.agree(&["--select", "ALL"]);
    assert!(usage.reused > 0, "{usage:?}");
    fs::remove_file(&image).unwrap();
    site.agree(&["--select", "ALL"]);
}

#[test]
fn a_truncated_or_garbage_cache_is_rebuilt() {
    let site = Site::new();
    site.agree(&["--select", "ALL"]);
    let files = site.cache_files();
    assert!(files.len() > 2, "{files:?}");
    for file in &files {
        let bytes = fs::read(file).unwrap();
        fs::write(file, &bytes[..bytes.len() / 2]).unwrap();
    }
    site.agree(&["--select", "ALL"]);
    site.agree(&["--select", "ALL", "content/posts/first-week.md"]);
    for (n, file) in site.cache_files().iter().enumerate() {
        let garbage: Vec<u8> = (0..4_000u32).map(|i| (i * 31 + n as u32) as u8).collect();
        fs::write(file, garbage).unwrap();
    }
    site.agree(&["--select", "ALL"]);
    // A valid header over a body cut short inside a record.
    for file in site.cache_files() {
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len().min(40)]).unwrap();
    }
    site.agree(&["--select", "ALL"]);
    let usage = site.agree(&["--select", "ALL"]);
    assert!(usage.reused > 30, "{usage:?}");
}

#[test]
fn two_runs_at_once_leave_a_usable_cache() {
    let site = Site::new();
    let expected = site.uncached(&["--select", "ALL"]);
    for _ in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                common::command(site.dir.path())
                    .env("POSTLINT_CACHE_DIR", site.cache.path())
                    .args(["check", "--select", "ALL"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), expected.stdout);
            assert_eq!(String::from_utf8_lossy(&out.stderr), expected.stderr);
        }
    }
    let usage = site.agree(&["--select", "ALL"]);
    assert!(usage.reused > 30, "{usage:?}");
    let leftovers: Vec<_> = fs::read_dir(site.cache.path())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_cache_is_at_the_site_root_unless_told_otherwise() {
    let site = Site::new();
    let run = common::output(
        common::command(site.dir.path())
            .env_remove("POSTLINT_CACHE_DIR")
            .arg("check"),
    );
    let default = site.path(".postlint_cache");
    assert!(default.join("CACHEDIR.TAG").is_file(), "{}", run.all());
    assert_eq!(
        fs::read_to_string(default.join(".gitignore")).unwrap(),
        "# Created by postlint.\n*\n"
    );
    // The walk does not lint the cache, and `--show-files` does not list it.
    let listed = common::output(
        common::command(site.dir.path())
            .env_remove("POSTLINT_CACHE_DIR")
            .args(["check", "--show-files"]),
    );
    assert!(
        !listed.stdout.contains(".postlint_cache"),
        "{}",
        listed.stdout
    );
    fs::remove_dir_all(&default).unwrap();

    // `--no-cache` and `[cache] enabled = false` write nothing.
    common::output(
        common::command(site.dir.path())
            .env_remove("POSTLINT_CACHE_DIR")
            .args(["check", "--no-cache"]),
    );
    assert!(!default.exists());
    fs::write(site.path("postlint.toml"), "[cache]\nenabled = false\n").unwrap();
    common::output(
        common::command(site.dir.path())
            .env_remove("POSTLINT_CACHE_DIR")
            .arg("check"),
    );
    assert!(!default.exists());

    // `[cache] dir`, relative to postlint.toml.
    fs::write(
        site.path("postlint.toml"),
        "[cache]\ndir = \"build/lint-cache\"\n",
    )
    .unwrap();
    common::output(
        common::command(site.dir.path())
            .env_remove("POSTLINT_CACHE_DIR")
            .arg("check"),
    );
    assert!(site.path("build/lint-cache/CACHEDIR.TAG").is_file());
    assert!(!default.exists());
}

#[test]
fn a_cache_folder_that_cannot_be_written_means_a_run_without_it_and_one_notice() {
    let site = Site::new();
    let expected = site.uncached(&["--select", "ALL"]);
    // A file where the folder should be: no user can make it a folder.
    let blocked = site.cache.path().join("blocked");
    fs::write(&blocked, "").unwrap();
    let run = common::output(
        common::command(site.dir.path())
            .env("POSTLINT_CACHE_DIR", &blocked)
            .args(["check", "--select", "ALL"]),
    );
    assert_eq!(run.stdout, expected.stdout);
    let notices: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("did not use the cache"))
        .collect();
    assert_eq!(notices.len(), 1, "{}", run.stderr);
    assert!(notices[0].contains("blocked"), "{}", notices[0]);
    assert_eq!(run.code, expected.code);
    read_only_folder(&site, &expected);
}

/// A read-only cache folder, for a user who cannot write it (root writes
/// whatever the mode says: the run drops to an unprivileged user).
#[cfg(unix)]
fn read_only_folder(site: &Site, expected: &Run) {
    use std::os::unix::fs::PermissionsExt;
    let cache = site.cache.path().join("read-only");
    fs::create_dir(&cache).unwrap();
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o555)).unwrap();
    let Some(run) = common::run_unprivileged(
        site.dir.path(),
        &[("POSTLINT_CACHE_DIR", cache.as_path())],
        &["check", "--select", "ALL"],
    ) else {
        return;
    };
    assert_eq!(run.stdout, expected.stdout);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|line| line.contains("did not use the cache"))
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_dir(&cache).unwrap().count(), 0);
}

#[cfg(not(unix))]
fn read_only_folder(_: &Site, _: &Run) {}

#[test]
fn a_config_or_template_change_lints_every_file_again() {
    let site = Site::new();
    site.agree(&["--select", "ALL"]);
    // Posts that list image folders changed within two seconds are linted
    // again until those folders are older; the others come from the cache.
    let usage = site.agree(&["--select", "ALL"]);
    assert!(usage.reused > 30, "{usage:?}");
    Edit::Template { inner: false }.apply(&site);
    let usage = site.agree(&["--select", "ALL"]);
    assert_eq!(usage.reused, 0, "{usage:?}");
    Edit::Config {
        line: "buildFuture = true\n",
    }
    .apply(&site);
    let usage = site.agree(&["--select", "ALL"]);
    assert_eq!(usage.reused, 0, "{usage:?}");
    // Another rule selection is another cache.
    let usage = site.agree(&["--select", "FM"]);
    assert_eq!(usage.reused, 0, "{usage:?}");
}

/// A site made of `files`, settled, its cache warm; then `edits` (files
/// written anew); each run compared with `--no-cache`.
fn after_an_edit_the_cache_agrees(files: &[(&str, &str)], args: &[&str], edits: &[(&str, &str)]) {
    let site = settled_site(files, args);
    let usage = site.agree(args);
    assert!(usage.reused > 0, "the cache is used: {usage:?}");
    site.write(edits);
    site.agree(args);
}

/// A site made of `files`, older than a stamp is trusted after, linted
/// once with the cache.
fn settled_site(files: &[(&str, &str)], args: &[&str]) -> Site {
    let site = Site::empty();
    site.write(files);
    std::thread::sleep(Duration::from_millis(2_100));
    site.agree(args);
    site
}

impl Site {
    /// Adds a key to the front matter of `post`: `yaml` or `toml`, as it
    /// is written (a post without front matter is left as it is).
    fn add_front_matter_line(&self, post: &str, yaml: &str, toml: &str) {
        let text = fs::read_to_string(self.path(post)).unwrap_or_default();
        let line = match text.lines().next() {
            Some("---") => yaml,
            Some("+++") => toml,
            _ => return,
        };
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        fs::write(self.path(post), format!("{first}\n{line}\n{rest}")).expect("write a post");
    }

    fn write(&self, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = self.path(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }
}

#[test]
fn a_schema_file_its_references_load_is_part_of_the_key() {
    after_an_edit_the_cache_agrees(
        &[
            (
                "hugo.toml",
                "title = \"S\"\nbaseURL = \"https://example.org/\"\n",
            ),
            (
                "postlint.toml",
                "[[frontmatter.schemas]]\nglob = \"content/posts/**\"\nschema = \"schemas/post.json\"\n",
            ),
            ("content/posts/a.md", "---\ntitle: A\n---\nBody.\n"),
            ("schemas/post.json", "{\"$ref\":\"defs/common.json\"}\n"),
            ("schemas/defs/common.json", "{\"type\":\"object\"}\n"),
        ],
        &["--select", "FM009"],
        &[(
            "schemas/defs/common.json",
            "{\"type\":\"object\",\"required\":[\"author\"]}\n",
        )],
    );
}

#[test]
fn the_gemfile_and_a_custom_plugins_folder_are_part_of_the_key() {
    let post = (
        "_posts/2024-01-01-a.md",
        "---\ntitle: A\n---\n{% gist 12345 %} {% shout hi %}\n",
    );
    after_an_edit_the_cache_agrees(
        &[
            ("_config.yml", "title: T\n"),
            (
                "Gemfile",
                "source \"https://rubygems.org\"\ngem \"jekyll\"\n",
            ),
            post,
        ],
        &["--select", "LQ005"],
        &[(
            "Gemfile",
            "source \"https://rubygems.org\"\ngem \"jekyll\"\ngem \"jekyll-gist\", group: :jekyll_plugins\n",
        )],
    );
    after_an_edit_the_cache_agrees(
        &[
            ("_config.yml", "title: T\nplugins_dir: my_plugins\n"),
            ("my_plugins/tags.rb", "# nothing yet\n"),
            post,
        ],
        &["--select", "LQ005"],
        &[(
            "my_plugins/tags.rb",
            "Liquid::Template.register_tag(\"shout\", Shout)\n",
        )],
    );
}

/// `plugins_dir: .` makes the site's own folder the plugins folder, and
/// the cache's folder is in it: the key takes the Ruby files Jekyll loads
/// from it (`**/*.rb`), so the cache's own files do not change the key
/// (else no run would ever find its records), and a plugin deep in the
/// site still does.
#[test]
fn a_plugins_folder_that_holds_the_cache_keeps_its_key() {
    let files = [
        ("_config.yml", "title: T\nplugins_dir: .\n"),
        ("lib/tags.rb", "# nothing yet\n"),
        (
            "_posts/2024-01-01-a.md",
            "---\ntitle: A\n---\n{% shout hi %}\n",
        ),
    ];
    let site = Site::empty();
    site.write(&files);
    std::thread::sleep(Duration::from_millis(2_100));
    let inside = site.path(".postlint_cache");
    let run = || {
        let mut run = common::output(
            common::command(site.dir.path())
                .env("POSTLINT_CACHE_DIR", &inside)
                .env("POSTLINT_CACHE_REPORT", "1")
                .args(["check", "--select", "LQ005"]),
        );
        (Usage::take(&mut run), run)
    };
    let (_, first) = run();
    let (usage, second) = run();
    assert!(usage.reused > 0, "the cache is used: {usage:?}");
    assert_eq!((first.code, &first.stdout), (second.code, &second.stdout));
    after_an_edit_the_cache_agrees(
        &files,
        &["--select", "LQ005"],
        &[(
            "lib/tags.rb",
            "Liquid::Template.register_tag(\"shout\", Shout)\n",
        )],
    );
}

#[test]
fn the_heading_convention_counts_the_files_the_run_walks() {
    let old = |n: u8, heading: bool| {
        let head = if heading {
            format!("# O{n}\n\n")
        } else {
            String::new()
        };
        format!("---\ntitle: O{n}\n---\n{head}Body.\n")
    };
    let (o1, o2, o3) = (old(1, false), old(2, false), old(3, false));
    let (h1, h2, h3) = (old(1, true), old(2, true), old(3, true));
    // No layout to read (a theme that is not there): HD001 goes by how
    // the site's pages open; the ignored ones are not the site's.
    after_an_edit_the_cache_agrees(
        &[
            (
                "hugo.toml",
                "title = \"S\"\nbaseURL = \"https://example.org/\"\ntheme = \"gone\"\n",
            ),
            ("content/.gitignore", "old/\n"),
            ("content/posts/a.md", "---\ntitle: A\n---\n# A\n\nBody.\n"),
            ("content/old/o1.md", &o1),
            ("content/old/o2.md", &o2),
            ("content/old/o3.md", &o3),
        ],
        &["--select", "HD001,SITE002"],
        &[
            ("content/old/o1.md", &h1),
            ("content/old/o2.md", &h2),
            ("content/old/o3.md", &h3),
        ],
    );
}

#[test]
fn a_schema_a_page_names_is_read_again_when_it_changes() {
    let site = [
        (
            "hugo.toml",
            "title = \"S\"\nbaseURL = \"https://example.org/\"\n",
        ),
        (
            "content/posts/a.md",
            "---\ntitle: A\n$schema: ../../schemas/post.json\n---\nBody.\n",
        ),
        ("schemas/post.json", "{\"$ref\":\"defs/common.json\"}\n"),
        ("schemas/defs/common.json", "{\"type\":\"object\"}\n"),
    ];
    let required = "{\"type\":\"object\",\"required\":[\"author\"]}\n";
    after_an_edit_the_cache_agrees(
        &site,
        &["--select", "FM"],
        &[("schemas/post.json", required)],
    );
    after_an_edit_the_cache_agrees(
        &site,
        &["--select", "FM"],
        &[("schemas/defs/common.json", required)],
    );
    // A schema that does not load (its `$ref` is not there yet): the page
    // is linted every run.
    let mut missing = site;
    missing[3] = ("schemas/other.json", "{}\n");
    let site = settled_site(&missing, &["--select", "FM"]);
    let usage = site.agree(&["--select", "FM"]);
    assert_eq!(usage.reused, 0, "{usage:?}");
    site.write(&[("schemas/defs/common.json", required)]);
    site.agree(&["--select", "FM"]);
}

#[test]
fn a_file_a_jekyll_page_includes_beside_it_is_read_again_when_it_changes() {
    after_an_edit_the_cache_agrees(
        &[
            ("_config.yml", "title: T\n"),
            ("_layouts/default.html", "<main>{{ content }}</main>\n"),
            ("snippet.md", "Nothing here.\n"),
            (
                "about.md",
                "---\nlayout: default\ntitle: About\n---\n{% include_relative snippet.md %}\n\n[here](#extra)\n",
            ),
            (
                "links.md",
                "---\ntitle: Links\n---\n[x](/about.html#extra)\n",
            ),
        ],
        &["--select", "ALL"],
        &[("snippet.md", "## Extra\n")],
    );
}

#[test]
fn a_page_a_migration_fix_names_is_looked_for_again() {
    after_an_edit_the_cache_agrees(
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("content/posts/b.md", "---\ntitle: B\n---\nNo link.\n"),
            (
                "content/posts/a.md",
                "---\ntitle: A\n---\nSee [foo]({% post_url foo %}).\n",
            ),
        ],
        &["--select", "MIG002", "--format", "json"],
        &[("content/posts/foo.md", "---\ntitle: Foo\n---\nx\n")],
    );
}

/// A page whose record can never be used again (MIG002 looked for the page
/// a `{% post_url %}` names) is linted on every run, and its record is not
/// kept: a warm run that linted only such pages rewrites no cache file.
#[cfg(unix)]
#[test]
fn a_record_that_can_never_be_used_is_not_kept() {
    use std::os::unix::fs::MetadataExt;
    let args = ["--select", "MIG002,LNK", "--format", "json"];
    let site = settled_site(
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("content/posts/b.md", "---\ntitle: B\n---\nNo link.\n"),
            (
                "content/posts/a.md",
                "---\ntitle: A\n---\nSee [foo]({% post_url foo %}).\n",
            ),
        ],
        &args,
    );
    let files = || -> Vec<(PathBuf, u64)> {
        let mut files: Vec<(PathBuf, u64)> = fs::read_dir(site.cache.path())
            .unwrap()
            .flatten()
            .map(|entry| (entry.path(), entry.metadata().unwrap().ino()))
            .collect();
        files.sort();
        files
    };
    let before = files();
    let usage = site.agree(&args);
    assert_eq!((usage.reused, usage.linted), (1, 1), "{usage:?}");
    assert_eq!(files(), before, "a cache file was written again");
}

#[test]
fn every_folder_shortcodes_are_read_from_is_part_of_the_key() {
    let page = ("content/a.md", "---\ntitle: A\n---\n{{< note >}}\n");
    let args = ["--select", "SC001,SC004"];
    let inner = "<div>{{ .Inner }}</div>\n";
    // No theme named: the themes folder's themes may be used.
    after_an_edit_the_cache_agrees(
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("themes/foo/README.md", "A theme.\n"),
            page,
        ],
        &args,
        &[("themes/foo/layouts/_shortcodes/note.html", inner)],
    );
    // A folder mounted into the layouts.
    after_an_edit_the_cache_agrees(
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\n[[module.mounts]]\nsource = \"content\"\ntarget = \"content\"\n[[module.mounts]]\nsource = \"sc\"\ntarget = \"layouts/_shortcodes\"\n",
            ),
            ("sc/note.html", "<div>note</div>\n"),
            page,
        ],
        &args,
        &[("sc/note.html", inner)],
    );
    // A theme's own mount.
    after_an_edit_the_cache_agrees(
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ntheme = \"t\"\n",
            ),
            (
                "themes/t/hugo.toml",
                "[[module.mounts]]\nsource = \"sc\"\ntarget = \"layouts/_shortcodes\"\n",
            ),
            ("themes/t/sc/note.html", "<div>note</div>\n"),
            page,
        ],
        &args,
        &[("themes/t/sc/note.html", inner)],
    );
}

#[test]
fn a_gem_themes_installed_gemspec_is_part_of_the_key() {
    let spec = "vendor/bundle/ruby/3.1.0/specifications/minima-2.5.1.gemspec";
    after_an_edit_the_cache_agrees(
        &[
            ("_config.yml", "theme: minima\nexclude: [vendor]\n"),
            (
                "vendor/bundle/ruby/3.1.0/gems/minima-2.5.1/_layouts/default.html",
                "{{ content }}\n",
            ),
            (
                spec,
                "Gem::Specification.new do |s|\n  s.name = \"minima\"\nend\n",
            ),
            (
                "index.md",
                "---\ntitle: A\nlayout: default\n---\n{% seo %}\n",
            ),
        ],
        &["--select", "LQ005"],
        &[(
            spec,
            "Gem::Specification.new do |s|\n  s.name = \"minima\"\n  s.add_runtime_dependency(%q<jekyll-seo-tag>.freeze, [\"~> 2.1\"])\nend\n",
        )],
    );
}

#[test]
fn a_run_from_another_folder_shows_paths_from_there() {
    let args = ["--select", "FM009", "--format", "json"];
    let site = settled_site(
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            (
                "content/posts/b.md",
                "---\n$schema: ../../schemas/post.json\ntitle: 3\n---\nx\n",
            ),
            (
                "schemas/post.json",
                "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}}}\n",
            ),
        ],
        &args,
    );
    let usage = site.agree(&args);
    assert!(usage.reused > 0, "the cache is used: {usage:?}");
    let below = site.path("content");
    let cached = common::output(
        common::command(&below)
            .env("POSTLINT_CACHE_DIR", site.cache.path())
            .arg("check")
            .args(args),
    );
    let uncached = common::output(
        common::command(&below)
            .args(["check", "--no-cache"])
            .args(args),
    );
    assert_eq!(cached.stdout, uncached.stdout);
    assert!(
        cached.stdout.contains("../schemas/post.json"),
        "{}",
        cached.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_shortcode_template_linked_to_nothing_is_part_of_the_key() {
    let args = ["--select", "SC004"];
    let site = settled_site(
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("content/a.md", "---\ntitle: A\n---\n\nText {{< foo >}}\n"),
            ("layouts/_shortcodes/bar.html", "bar\n"),
        ],
        &args,
    );
    let usage = site.agree(&args);
    assert!(usage.reused > 0, "{usage:?}");
    std::os::unix::fs::symlink(
        "../../shared/foo.html",
        site.path("layouts/_shortcodes/foo.html"),
    )
    .unwrap();
    site.agree(&args);
}

#[test]
fn a_page_a_migration_fix_names_is_looked_for_on_every_run() {
    let args = ["--select", "ALL", "--ignore", "FM010", "--format", "json"];
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(5);
    let site = settled_site(
        &[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("content/.gitignore", "posts/b.md\n"),
            (
                "content/posts/a.md",
                "---\ntitle: A\n---\nSee [b]({% post_url b %}) and [c]({% post_url c %}).\n",
            ),
            ("content/posts/b.md", "---\ntitle: B\n---\nx\n"),
            (
                "content/posts/c.md",
                &format!("---\ntitle: C\ndate: {soon}\n---\nx\n"),
            ),
        ],
        &args,
    );
    // A page the walk leaves out (Hugo builds it) made a draft.
    site.write(&[("content/posts/b.md", "---\ntitle: B\ndraft: true\n---\nx\n")]);
    site.agree(&args);
    // A page whose date comes.
    std::thread::sleep(Duration::from_secs(5));
    site.agree(&args);
}

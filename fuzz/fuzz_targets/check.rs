//! The whole check of one file, every rule selected, as a post of the
//! example sites in `fixtures/` (so shortcode templates, static files and
//! config are real). The first byte picks the site and the path; the rest
//! is the file. Asserts every invariant of `tests/it/common/invariants.rs`:
//! spans inside the file and on char boundaries, line/column round trip,
//! fixes that re-parse without new front matter errors, determinism.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use postlint::config::{Overrides, Settings};
use postlint::site::Site;

#[path = "../../tests/it/common/invariants.rs"]
mod invariants;

struct Example {
    site: Site,
    settings: Settings,
    paths: Vec<PathBuf>,
}

fn example(dir: &str, paths: &[&str]) -> Example {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(dir);
    let root = root.canonicalize().expect("the fixture site exists");
    let site = Site::at(&root).expect("reads").expect("a site");
    let overrides = Overrides {
        select: Some(vec!["ALL".into()]),
        ..Overrides::default()
    };
    let settings = Settings::load(&site.root, &overrides).expect("settings");
    let paths = paths.iter().map(|p| root.join(p)).collect();
    Example {
        site,
        settings,
        paths,
    }
}

static SITES: LazyLock<[Example; 2]> = LazyLock::new(|| {
    [
        example(
            "hugo-blog",
            &[
                "content/posts/fuzz.md",
                "content/posts/bundle/index.md",
                "content/about.md",
            ],
        ),
        example(
            "jekyll-blog",
            &["_posts/2024-03-04-fuzz.md", "_drafts/fuzz.md", "about.md"],
        ),
    ]
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let example = &SITES[usize::from(selector & 1)];
    let path = &example.paths[usize::from(selector >> 1) % example.paths.len()];
    invariants::file_ok(&example.site, &example.settings, path, bytes);
});

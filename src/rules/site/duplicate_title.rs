//! SITE002: two posts of one language with the same title.

use std::ffi::OsStr;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{join_capped, same_file};
use crate::diagnostic::Diagnostic;
use crate::generator::PageKind;
use crate::generator::facts::Facts;
use crate::generator::page::{Page, Role};
use crate::rules::{Runs, SiteCheck, SiteContext, SiteJudge, declare_check};
use crate::text::FastMap;

declare_check! {
    /// The titles of the site's posts, compared with each other.
    pub static CHECK = Runs::Site(SiteCheck {
        collect: None,
        judge: SiteJudge::Whole(duplicate_titles),
        lookups: &[],
    });

    pub static DUPLICATE_TITLE = "SITE002" "duplicate-title" {
        severity: Warning,
        summary: "Two posts with the same title",
    }
}

/// A post, the linted file it is (if it was linted) and its front matter
/// facts (which have a title).
type TitledPost = (Arc<Page>, Option<usize>, Arc<Facts>);

fn duplicate_titles(cx: &SiteContext) -> Vec<(usize, Diagnostic)> {
    let index = cx.index;
    // The posts to compare: every post of the site in a whole-site run,
    // the given ones otherwise. `Some(i)` = the linted file `i`.
    let posts: Vec<(Arc<Page>, Option<usize>)> = if index.is_whole() {
        // By the paths' bytes: hashing a `Path` walks its components, and
        // the pages' files are the walked paths themselves.
        let linted: FastMap<&OsStr, usize> = cx
            .files
            .iter()
            .enumerate()
            .map(|(i, file)| (file.path.as_os_str(), i))
            .collect();
        index
            .pages()
            .par_iter()
            .filter_map(|page| {
                let file = page.file.as_deref()?;
                let position = linted.get(file.as_os_str()).copied();
                let is_post = match position {
                    Some(i) => cx.files[i].summary.kind == PageKind::Post,
                    None => page.is_post,
                };
                (is_post && page.role != Role::Resource).then(|| (page.clone(), position))
            })
            .collect()
    } else {
        let mut posts = Vec::new();
        for (i, file) in cx.files.iter().enumerate() {
            if file.summary.kind == PageKind::Post {
                posts.extend(
                    index
                        .page_of(file.path)
                        .into_iter()
                        .map(|page| (page, Some(i))),
                );
            }
        }
        posts
    };
    // Each post's title and whether it is built, in parallel (a linted
    // file's facts are its summary's, others' and cascades are lookups);
    // grouped by language and title (a stable sort: a group's posts stay
    // in the posts' order).
    let mut titled: Vec<(String, TitledPost)> = posts
        .into_par_iter()
        .filter_map(|(page, position)| {
            let facts = match position {
                Some(i) => Arc::clone(&cx.files[i].summary.facts),
                None => index.facts(&page),
            };
            let normalized = facts
                .title
                .as_ref()?
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if normalized.is_empty() || index.not_built(&page).is_some() {
                return None;
            }
            Some((normalized, (page, position, facts)))
        })
        .collect();
    titled.par_sort_by(|a, b| group_of(a).cmp(&group_of(b)));
    let shared: Vec<&[(String, TitledPost)]> = titled
        .chunk_by(|a, b| group_of(a) == group_of(b))
        .filter(|members| members.len() > 1)
        .collect();
    let found: Vec<(usize, Diagnostic)> = shared
        .into_par_iter()
        .flat_map_iter(same_title_findings)
        .collect();
    // Every post's title and page, let go of on every core.
    titled.into_par_iter().for_each(drop);
    found
}

/// A post's group: its language and normalized title.
fn group_of((normalized, (page, _, _)): &(String, TitledPost)) -> (&str, &str) {
    (&page.lang, normalized)
}

/// The findings of one group of posts sharing a title, on each linted one.
fn same_title_findings(members: &[(String, TitledPost)]) -> Vec<(usize, Diagnostic)> {
    let members = || members.iter().map(|(_, post)| post);
    // How many members each file is, counted once: comparing every member
    // with every other grows with the square of a group (a title copied
    // into hundreds of posts).
    let mut per_file: FastMap<Option<&Path>, usize> = FastMap::default();
    for (page, _, _) in members() {
        *per_file.entry(page.file.as_deref()).or_default() += 1;
    }
    let mut found = Vec::new();
    for (page, position, facts) in members() {
        let (Some(position), Some(title)) = (position, &facts.title) else {
            continue;
        };
        let own = per_file.get(&page.file.as_deref()).copied().unwrap_or(1);
        let count = members().len() - own;
        let others = members().filter(|(other, _, _)| !same_file(other, page));
        if count == 0 {
            continue;
        }
        let others = join_capped(count, others.map(|(other, _, _)| other.shown()));
        found.push((
            *position,
            Diagnostic::new(
                &DUPLICATE_TITLE,
                title.span,
                format!(
                    "the title `{}` is also the title of {}",
                    title.text.trim(),
                    others
                ),
            )
            .label("same title")
            .help("readers, feeds and search results cannot tell the posts apart; give each post its own title"),
        ));
    }
    found
}

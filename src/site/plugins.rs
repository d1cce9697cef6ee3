//! The Liquid tags a Jekyll site's plugins add, read once per run: the
//! gems Jekyll loads (`plugins:` in the config, the `:jekyll_plugins`
//! group of the `Gemfile`, which Jekyll requires through Bundler, and the
//! runtime dependencies of the gem theme, which
//! `PluginManager#require_theme_deps` requires) looked up in the table of
//! known plugins, and the
//! `register_tag` calls of the Ruby files in `_plugins/` (`plugins_dir`),
//! which Jekyll loads recursively. What cannot be told is kept with where
//! it was declared, so the output can say that LQ005 is cautious on the
//! site, and why.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Span;
use crate::generator::jekyll::tags::{self, TagKind};
use crate::text::FastMap;

use super::Site;

/// A plugin whose tags postlint cannot know.
#[derive(Debug, Clone)]
pub struct UnknownPlugin {
    /// The gem's name, or the Ruby file's path relative to the site.
    pub name: String,
    pub kind: UnknownKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnknownKind {
    /// Named in the site config (`plugins:`); found in the config text
    /// when reported.
    ConfigGem,
    /// A runtime dependency of the gem theme (reported on the `theme:` line).
    ThemeGem(String),
    /// A gem theme whose dependencies cannot be read (not installed: SITE003
    /// reports it; or no gemspec beside it).
    Theme,
    /// In the `Gemfile`'s `:jekyll_plugins` group, at this span.
    GemfileGem(PathBuf, Span),
    /// A `_plugins` file with a `register_tag` whose name is computed, at
    /// this span.
    RubyFile(PathBuf, Span),
}

/// The tags the site's plugins register, and the plugins that may register
/// tags postlint cannot name.
#[derive(Debug, Default)]
pub struct PluginTags {
    pub tags: FastMap<String, TagKind>,
    pub unknown: Vec<UnknownPlugin>,
}

impl PluginTags {
    pub fn get(&self, name: &str) -> Option<TagKind> {
        self.tags.get(name).copied()
    }

    pub(super) fn read(site: &Site) -> PluginTags {
        let mut found = PluginTags::default();
        let config = site.jekyll();
        let mut gems: Vec<(String, UnknownKind)> = config
            .plugins
            .iter()
            .map(|gem| (gem.clone(), UnknownKind::ConfigGem))
            .collect();
        let gemfile = site.root.join("Gemfile");
        if let Ok(text) = fs::read_to_string(&gemfile) {
            for (gem, span) in jekyll_plugins_group(&text) {
                gems.push((gem, UnknownKind::GemfileGem(gemfile.clone(), span)));
            }
        }
        for theme in &site.themes {
            match theme_dependencies(&theme.dir) {
                Some(deps) => gems.extend(
                    deps.into_iter()
                        .map(|gem| (gem, UnknownKind::ThemeGem(theme.name.clone()))),
                ),
                None => found.unknown.push(UnknownPlugin {
                    name: theme.name.clone(),
                    kind: UnknownKind::Theme,
                }),
            }
        }
        for missing in &site.missing_themes {
            found.unknown.push(UnknownPlugin {
                name: missing.name.clone(),
                kind: UnknownKind::Theme,
            });
        }
        for (gem, kind) in gems {
            match tags::plugin(&gem) {
                Some(plugin) => found.add(plugin.tags.iter().map(|&(n, k)| (n.to_string(), k))),
                None if found.unknown.iter().any(|u| u.name == gem) => {}
                None => found.unknown.push(UnknownPlugin { name: gem, kind }),
            }
        }
        let dirs = if config.safe {
            &[][..]
        } else {
            &config.plugins_dir[..]
        };
        for dir in dirs {
            for file in ruby_files(&site.root.join(dir)) {
                let Ok(text) = fs::read_to_string(&file) else {
                    continue;
                };
                let registered = tags::register_tags(&text);
                found.add(registered.tags);
                if let Some(&at) = registered.unreadable.first() {
                    found.unknown.push(UnknownPlugin {
                        name: site.relative(&file),
                        kind: UnknownKind::RubyFile(file, Span::new(at, at + "register_tag".len())),
                    });
                }
            }
        }
        found
    }

    fn add(&mut self, tags: impl IntoIterator<Item = (String, TagKind)>) {
        for (name, kind) in tags {
            self.tags.insert(name, kind);
        }
    }
}

/// Where the gemspec of the gem installed at `dir` is: in the
/// `specifications` folder beside `gems`.
pub fn theme_gemspec(dir: &Path) -> Option<PathBuf> {
    let name = dir.file_name()?.to_str()?;
    Some(
        dir.parent()?
            .parent()?
            .join("specifications")
            .join(format!("{name}.gemspec")),
    )
}

/// The runtime dependencies of the gem installed at `dir`, from its
/// gemspec in the `specifications` folder beside `gems`
/// (`add_runtime_dependency(%q<jekyll-feed>.freeze, …)`), Jekyll itself
/// left out.
fn theme_dependencies(dir: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(theme_gemspec(dir)?).ok()?;
    let mut deps: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("s.add_runtime_dependency")?;
            let start = rest.find('<')? + 1;
            let end = start + rest[start..].find('>')?;
            Some(rest[start..end].to_string())
        })
        .filter(|gem| gem != "jekyll")
        .collect();
    deps.dedup();
    Some(deps)
}

/// The Ruby files Jekyll loads from a plugins folder, sorted: its
/// `**/*.rb`, as Ruby's glob reads it (hidden files and folders skipped,
/// a linked folder not entered, a linked file taken), files only (a FIFO
/// by that name would block the read).
pub fn ruby_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect_ruby_files(dir, &mut files, 0);
    files.sort();
    files
}

fn collect_ruby_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Deep enough for any real plugins folder.
    if depth > 32 {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            collect_ruby_files(&path, out, depth + 1);
        } else if path.extension().is_some_and(|ext| ext == "rb") && path.is_file() {
            out.push(path);
        }
    }
}

/// The gems of the `Gemfile`'s `:jekyll_plugins` group, which Jekyll
/// requires (`Bundler.require(:jekyll_plugins)` in
/// `PluginManager#require_from_bundler`): those inside `group
/// :jekyll_plugins do … end` and those declared with `group:
/// :jekyll_plugins`. Each with the span of its name.
pub fn jekyll_plugins_group(text: &str) -> Vec<(String, Span)> {
    let mut gems = Vec::new();
    // How deep in `do … end` blocks, and the depth of the plugins group.
    let mut depth = 0usize;
    let mut group_at: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = line.split('#').next().unwrap_or("").trim();
        if (code.starts_with("group ") || code.starts_with("group("))
            && code.contains(":jekyll_plugins")
            && group_at.is_none()
        {
            group_at = Some(depth);
        }
        if code.ends_with(" do") || code.contains(" do |") {
            depth += 1;
            continue;
        }
        if code == "end" {
            depth = depth.saturating_sub(1);
            if group_at == Some(depth) {
                group_at = None;
            }
            continue;
        }
        let Some(rest) = code
            .strip_prefix("gem ")
            .or_else(|| code.strip_prefix("gem("))
        else {
            continue;
        };
        let in_group = group_at.is_some() || code.contains(":jekyll_plugins");
        let rest_trimmed = rest.trim_start();
        let quote = match rest_trimmed.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        let Some(len) = rest_trimmed[1..].find(quote) else {
            continue;
        };
        if !in_group {
            continue;
        }
        let name = &rest_trimmed[1..1 + len];
        // The name's place in the file: find it within the line.
        let name_start = line.find(name).map_or(start, |i| start + i);
        gems.push((
            name.to_string(),
            Span::new(name_start, name_start + name.len()),
        ));
    }
    gems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gems_of_the_jekyll_plugins_group() {
        let gemfile = r#"source "https://rubygems.org"
gem "jekyll", "~> 4.3"
gem "minima"
group :jekyll_plugins do
  gem "jekyll-feed", "~> 0.12"
  gem 'jekyll-fancy-tags'
end
gem "jekyll-gist", group: :jekyll_plugins
gem "webrick"
platforms :mingw, :x64_mingw do
  gem "tzinfo"
end
"#;
        let names: Vec<String> = jekyll_plugins_group(gemfile)
            .into_iter()
            .map(|(name, span)| {
                assert_eq!(&gemfile[span.range()], name);
                name
            })
            .collect();
        assert_eq!(names, ["jekyll-feed", "jekyll-fancy-tags", "jekyll-gist"]);
    }

    /// Ruby's `**/*.rb`: no hidden entry, no linked folder (a link back to
    /// the folder would loop), a linked file taken.
    #[cfg(unix)]
    #[test]
    fn ruby_files_are_what_rubys_glob_finds() {
        use std::os::unix::fs::symlink;
        let root = tempfile::tempdir().expect("a temporary folder");
        let plugins = root.path().join("_plugins");
        let shared = root.path().join("shared");
        for folder in [plugins.join("sub"), plugins.join(".git"), shared.clone()] {
            fs::create_dir_all(folder).expect("a folder");
        }
        for file in [
            plugins.join("a.rb"),
            plugins.join("notes.txt"),
            plugins.join(".hidden.rb"),
            plugins.join(".git/hook.rb"),
            plugins.join("sub/b.rb"),
            shared.join("c.rb"),
        ] {
            fs::write(file, "# a plugin\n").expect("a file");
        }
        for (target, link) in [
            (".", "loop"),
            ("../shared", "linked"),
            ("../shared/c.rb", "link.rb"),
        ] {
            symlink(target, plugins.join(link)).expect("a link");
        }
        let names: Vec<PathBuf> = ruby_files(&plugins)
            .into_iter()
            .map(|file| file.strip_prefix(&plugins).expect("inside").to_path_buf())
            .collect();
        assert_eq!(
            names,
            [
                Path::new("a.rb"),
                Path::new("link.rb"),
                Path::new("sub/b.rb")
            ]
        );
    }
}

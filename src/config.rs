//! `postlint.toml`: which rules run, at what severity, where, plus the
//! settings rule families read. Unknown keys, unknown rule codes and values
//! of the wrong type are configuration errors (exit 2) with a location.

use std::fs;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::diagnostic::{RuleMeta, Severity, Span};
use crate::error::Error;
use crate::generator::Flavor;
use crate::generator::hugo::{HugoVersion, NEWEST_HUGO};
use crate::rules::{
    self, ImageShortcode, Options, RuleSelection, resolve_selector, selector_candidates,
};
use crate::schema::SchemaEntry;
use crate::site::Site;
use crate::text::did_you_mean;
use crate::text::paths::{display_path, resolve, strip_path_prefix};
use crate::value::{Node, Value, parse_toml};

pub const FILE_NAME: &str = "postlint.toml";

/// `[site]`: what replaces what discovery found.
#[derive(Debug, Clone, Default)]
pub struct SiteOverrides {
    pub flavor: Option<Flavor>,
    pub content: Option<Vec<String>>,
    pub static_dirs: Option<Vec<String>>,
    pub posts: Option<globset::GlobSet>,
}

/// `[rules.per-file-ignores]`: rules that do not run on the files a glob
/// matches.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    pub glob: GlobMatcher,
    pub rules: Vec<&'static RuleMeta>,
}

/// The resolved settings for one site.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file these settings came from, if any.
    pub file: Option<PathBuf>,
    pub rules: RuleSelection,
    /// Globs are relative to the folder of the config file (or the site root).
    pub base_dir: PathBuf,
    pub per_file_ignores: Vec<PerFileIgnore>,
    pub site: SiteOverrides,
    /// What the rules read besides the selection.
    pub options: Options,
    /// `[files] max_size`: larger content files are not read (IO002);
    /// 0 = no limit.
    pub max_file_size: u64,
    /// `[cache]`: whether runs keep what they learn between runs, and where.
    pub cache: CacheSettings,
}

/// `[cache]`.
#[derive(Debug, Clone)]
pub struct CacheSettings {
    /// `enabled` (default true).
    pub enabled: bool,
    /// `dir`, absolute (default: `.postlint_cache` at the site root, or
    /// `POSTLINT_CACHE_DIR`).
    pub dir: Option<PathBuf>,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            enabled: true,
            dir: None,
        }
    }
}

/// Rule selection from the command line, applied over the file's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

impl Settings {
    /// The defaults, with the command line's selection applied.
    pub fn defaults(base_dir: &Path, overrides: &Overrides) -> Result<Settings, Error> {
        let mut settings = Settings {
            file: None,
            rules: RuleSelection::default(),
            base_dir: base_dir.to_path_buf(),
            per_file_ignores: Vec::new(),
            site: SiteOverrides::default(),
            options: Options::new(base_dir),
            max_file_size: crate::site::files::DEFAULT_MAX_SIZE,
            cache: CacheSettings::default(),
        };
        settings.select(None, &[], overrides)?;
        Ok(settings)
    }

    /// Finds and reads the config for a site rooted at `site_root`: the
    /// `--config` file, else the nearest `postlint.toml` at or above it.
    pub fn load(site_root: &Path, overrides: &Overrides) -> Result<Settings, Error> {
        let file = match &overrides.config {
            Some(file) => Some(file.clone()),
            None => site_root
                .ancestors()
                .map(|dir| dir.join(FILE_NAME))
                .find(|file| file.is_file()),
        };
        match file {
            Some(file) => Settings::from_file(&file, overrides),
            None => Settings::defaults(site_root, overrides),
        }
    }

    pub fn from_file(file: &Path, overrides: &Overrides) -> Result<Settings, Error> {
        let text = fs::read_to_string(file).map_err(|source| Error::Io {
            path: file.to_path_buf(),
            source,
        })?;
        Settings::from_text(file, &text, overrides)
    }

    /// Reads settings from the text of a config file at `file`.
    pub fn from_text(file: &Path, text: &str, overrides: &Overrides) -> Result<Settings, Error> {
        let text = text.to_string();
        // Absolute, so that globs match however the file was named
        // (`--config postlint.toml` has an empty parent).
        let parent = file
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let base_dir = std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf());
        let root = parse_toml(&text, 0).map_err(|err| Error::config_syntax(file, &text, err))?;
        let reader = Reader { file, text: &text };
        let mut settings = Settings::defaults(&base_dir, &Overrides::default())?;
        settings.file = Some(file.to_path_buf());
        reader.known_keys(
            &root,
            &[
                "site",
                "rules",
                "liquid",
                "frontmatter",
                "excerpt",
                "shortcodes",
                "images",
                "files",
                "cache",
            ],
        )?;

        if let Some(site) = root.get("site") {
            reader.known_keys(
                site,
                &["flavor", "content", "static", "posts", "hugo_version"],
            )?;
            if let Some(node) = site.get("flavor") {
                let text = reader.string(node)?;
                settings.site.flavor = Some(Flavor::parse(text).ok_or_else(|| {
                    reader.error(
                        node.span,
                        format!("unknown flavor `{text}`"),
                        "expected `hugo` or `jekyll`",
                        None,
                    )
                })?);
            }
            if let Some(node) = site.get("content") {
                settings.site.content = Some(reader.strings(node)?);
            }
            if let Some(node) = site.get("static") {
                settings.site.static_dirs = Some(reader.strings(node)?);
            }
            if let Some(node) = site.get("posts") {
                let mut builder = globset::GlobSetBuilder::new();
                for (glob, span) in reader.strings_with_spans(node)? {
                    builder.add(reader.glob(&glob, span)?);
                }
                settings.site.posts = Some(builder.build().map_err(|err| {
                    reader.error(node.span, format!("invalid glob: {err}"), "here", None)
                })?);
            }
            if let Some(node) = site.get("hugo_version") {
                let text = match &node.value {
                    Value::Float(f) => f.to_string(),
                    _ => reader.string(node)?.to_string(),
                };
                let text = if text.matches('.').count() == 0 {
                    format!("0.{text}")
                } else {
                    text
                };
                settings.options.hugo_version = HugoVersion::parse(&text).ok_or_else(|| {
                    reader.error(
                        node.span,
                        format!("`{text}` is not a Hugo version"),
                        "expected a version such as \"0.168\"",
                        None,
                    )
                })?;
            }
        }

        let mut select = None;
        let mut ignore = Vec::new();
        if let Some(rules_node) = root.get("rules") {
            reader.known_keys(
                rules_node,
                &["select", "ignore", "severity", "per-file-ignores"],
            )?;
            if let Some(node) = rules_node.get("select") {
                select = Some(reader.selectors(node)?);
            }
            if let Some(node) = rules_node.get("ignore") {
                ignore = reader.selectors(node)?;
            }
            if let Some(node) = rules_node.get("severity") {
                reader.table(node)?;
                for entry in node.entries() {
                    let selected = reader.selector(&entry.key, entry.key_span)?;
                    let text = reader.string(&entry.value)?;
                    let severity = Severity::parse(text).ok_or_else(|| {
                        reader.error(
                            entry.value.span,
                            format!("unknown severity `{text}`"),
                            "expected \"error\", \"warning\" or \"info\"",
                            did_you_mean(text, ["error", "warning", "info"])
                                .map(|s| format!("did you mean \"{s}\"?")),
                        )
                    })?;
                    for rule in selected {
                        settings.rules.set_severity(rule, severity);
                    }
                }
            }
            if let Some(node) = rules_node.get("per-file-ignores") {
                reader.table(node)?;
                for entry in node.entries() {
                    let glob = reader.glob(&entry.key, entry.key_span)?.compile_matcher();
                    let rules = reader
                        .selectors(&entry.value)?
                        .into_iter()
                        .flat_map(|(rules, _)| rules)
                        .collect();
                    settings
                        .per_file_ignores
                        .push(PerFileIgnore { glob, rules });
                }
            }
        }

        if let Some(liquid) = root.get("liquid") {
            reader.known_keys(liquid, &["blocks", "tags"])?;
            if let Some(node) = liquid.get("blocks") {
                settings.options.liquid_blocks = reader.strings(node)?;
            }
            if let Some(node) = liquid.get("tags") {
                settings.options.liquid_tags = Some(reader.strings(node)?);
            }
        }
        if let Some(frontmatter) = root.get("frontmatter") {
            reader.known_keys(frontmatter, &["schemas", "required"])?;
            if let Some(node) = frontmatter.get("required") {
                settings.options.required_fields = Some(reader.strings(node)?);
            }
            if let Some(node) = frontmatter.get("schemas") {
                let items = node.as_seq().ok_or_else(|| {
                    reader.error(
                        node.span,
                        "expected an array of tables (`[[frontmatter.schemas]]`)",
                        "here",
                        None,
                    )
                })?;
                for item in items {
                    reader.known_keys(item, &["glob", "schema"])?;
                    let glob_node = reader.required(item, "glob")?;
                    let schema_node = reader.required(item, "schema")?;
                    let glob_text = reader.string(glob_node)?.to_string();
                    let glob = reader.glob(&glob_text, glob_node.span)?.compile_matcher();
                    let name = reader.string(schema_node)?;
                    let schema = if name.starts_with("postlint:") {
                        PathBuf::from(name)
                    } else {
                        base_dir.join(name)
                    };
                    let compiled = crate::schema::load(&schema).map_err(|err| {
                        err.into_error(&schema, |message| {
                            reader.error(schema_node.span, message, "this schema", None)
                        })
                    })?;
                    settings.options.schemas.entries.push(SchemaEntry {
                        glob,
                        glob_text,
                        schema,
                        compiled,
                    });
                }
            }
        }
        if let Some(excerpt) = root.get("excerpt") {
            reader.known_keys(excerpt, &["required", "max_words"])?;
            if let Some(node) = excerpt.get("required") {
                settings.options.excerpt.required = reader.bool(node)?;
            }
            if let Some(node) = excerpt.get("max_words") {
                settings.options.excerpt.max_words = reader.count(node)?;
            }
        }
        if let Some(shortcodes) = root.get("shortcodes") {
            reader.known_keys(shortcodes, &["known"])?;
            if let Some(node) = shortcodes.get("known") {
                settings.options.known_shortcodes = reader.strings(node)?;
            }
        }
        if let Some(images) = root.get("images") {
            reader.known_keys(images, &["shortcodes"])?;
            if let Some(node) = images.get("shortcodes") {
                reader.table(node)?;
                for entry in node.entries() {
                    reader.known_keys(&entry.value, &["src", "alt", "caption"])?;
                    let src = reader
                        .string(reader.required(&entry.value, "src")?)?
                        .to_string();
                    let optional = |key: &str| -> Result<Option<String>, Error> {
                        entry
                            .value
                            .get(key)
                            .map(|n| reader.string(n).map(str::to_string))
                            .transpose()
                    };
                    settings.options.image_shortcodes.push(ImageShortcode {
                        name: entry.key.clone(),
                        src,
                        alt: optional("alt")?,
                        caption: optional("caption")?,
                    });
                }
            }
        }

        if let Some(files) = root.get("files") {
            reader.known_keys(files, &["max_size"])?;
            if let Some(node) = files.get("max_size") {
                settings.max_file_size = reader.size(node)?;
            }
        }

        if let Some(cache) = root.get("cache") {
            reader.known_keys(cache, &["enabled", "dir"])?;
            if let Some(node) = cache.get("enabled") {
                settings.cache.enabled = reader.bool(node)?;
            }
            if let Some(node) = cache.get("dir") {
                settings.cache.dir = Some(resolve(&base_dir, reader.string(node)?));
            }
        }

        let select = select.map(|groups| groups.into_iter().map(|(rules, _)| rules).collect());
        let ignore: Vec<_> = ignore.into_iter().map(|(rules, _)| rules).collect();
        settings.select(select, &ignore, overrides)?;
        Ok(settings)
    }

    /// Resolves the selection: the command line's `--select` replaces the
    /// file's `select` and `ignore`; `--ignore` adds to whatever is in effect.
    fn select(
        &mut self,
        select: Option<Vec<Vec<&'static RuleMeta>>>,
        ignore: &[Vec<&'static RuleMeta>],
        overrides: &Overrides,
    ) -> Result<(), Error> {
        let cli_select = overrides
            .select
            .as_ref()
            .map(|items| {
                items
                    .iter()
                    .map(|s| cli_selector(s))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let mut ignore = if cli_select.is_some() {
            Vec::new()
        } else {
            ignore.to_vec()
        };
        for item in &overrides.ignore {
            ignore.push(cli_selector(item)?);
        }
        self.apply_selection(cli_select.or(select), ignore);
        Ok(())
    }

    fn apply_selection(
        &mut self,
        select: Option<Vec<Vec<&'static RuleMeta>>>,
        ignore: Vec<Vec<&'static RuleMeta>>,
    ) {
        let mut enabled: Vec<&'static RuleMeta> = match select {
            Some(groups) => groups.into_iter().flatten().collect(),
            None => rules::ALL
                .iter()
                .copied()
                .filter(|rule| rule.enabled_by_default)
                .collect(),
        };
        // Settings that only make sense with their rule turn it on.
        if self.options.excerpt.required {
            enabled.extend(rules::by_code("EX004"));
        }
        if self.options.excerpt.max_words > 0 {
            enabled.extend(rules::by_code("EX005"));
        }
        let ignored: Vec<&'static RuleMeta> = ignore.into_iter().flatten().collect();
        enabled.retain(|rule| !ignored.contains(rule));
        self.rules.enable_exactly(enabled);
    }

    /// The rules ignored for `path` by `per-file-ignores`.
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static RuleMeta> {
        let relative = strip_path_prefix(path, &self.base_dir).unwrap_or(path);
        self.per_file_ignores
            .iter()
            .filter(|entry| entry.glob.is_match(relative))
            .flat_map(|entry| entry.rules.iter().copied())
            .collect()
    }
}

/// A commented `postlint.toml` describing what was detected for `site`
/// (`postlint init`). Every setting is commented out: detection stays in
/// charge until the user decides otherwise.
pub fn starter(site: &Site) -> String {
    let quoted = |items: Vec<String>| {
        items
            .iter()
            .map(|item| format!("{item:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let relative =
        |paths: &[PathBuf]| -> Vec<String> { paths.iter().map(|p| site.relative(p)).collect() };
    let content: Vec<PathBuf> = site.content.iter().map(|dir| dir.path.clone()).collect();
    let config_files: Vec<String> = relative(&site.config_files);
    let posts = match site.flavor {
        Flavor::Hugo => {
            let mut globs = Vec::new();
            for dir in relative(&content) {
                for section in ["posts", "post", "blog"] {
                    globs.push(format!("{}/{section}/**", dir.trim_end_matches('/')));
                }
            }
            globs
        }
        Flavor::Jekyll => {
            vec!["**/_posts/**".to_string(), "**/_drafts/**".to_string()]
        }
    };
    let theme = if site.themes.is_empty() && site.missing_themes.is_empty() {
        String::new()
    } else {
        let dirs: Vec<PathBuf> = site.themes.iter().map(|theme| theme.dir.clone()).collect();
        let mut names = relative(&dirs);
        names.extend(
            site.missing_themes
                .iter()
                .map(|missing| format!("{} (not found)", missing.name)),
        );
        format!("# Themes: {}.\n", names.join(", "))
    };
    format!(
        r#"# postlint configuration for the {flavor} site configured by {config}.
# Every setting is optional and commented out: postlint detects these values.
# Uncomment a line to override what was detected.
# `postlint rules` lists the rules; `postlint rule CODE` shows a rule's page.
{theme}
[site]
# flavor = "{flavor_key}"
# content = [{content}]
# static = [{statics}]
# posts = [{posts}]   # what counts as a post
# hugo_version = "0.{hugo_minor}"   # the Hugo version to judge against

[rules]
# select = ["ALL"]        # codes, families ("IMG") or names
# ignore = []
# [rules.severity]
# EX003 = "error"
# [rules.per-file-ignores]
# "content/drafts/**" = ["FM005"]

# [frontmatter]
# required = ["title"]     # fields every post must have
# [[frontmatter.schemas]]  # a JSON Schema per content glob
# glob = "content/posts/**"
# schema = "schemas/post.json"

# [excerpt]
# required = false         # EX004: every post needs a summary divider
# max_words = 0            # EX005: longest summary, in words (0 = no limit)

# [shortcodes]
# known = []               # shortcodes whose templates live outside this repository

# [images.shortcodes]      # image shortcodes: which parameters hold the source and alt text
# screenshot = {{ src = "src", alt = "alt", caption = "caption" }}

# [liquid]
# blocks = []              # plugin block tags that take an end tag
# tags = []                # plugin tags that take no end tag (LQ005)

# [files]
# max_size = "16 MB"       # IO002: larger files are not linted (0 = no limit)
"#,
        flavor = match site.flavor {
            Flavor::Hugo => "Hugo",
            Flavor::Jekyll => "Jekyll",
        },
        flavor_key = site.flavor.name(),
        config = if config_files.is_empty() {
            "nothing".to_string()
        } else {
            config_files.join(", ")
        },
        content = quoted(relative(&content)),
        statics = quoted(relative(&site.static_dirs)),
        posts = quoted(posts),
        hugo_minor = NEWEST_HUGO.minor,
    )
}

fn cli_selector(selector: &str) -> Result<Vec<&'static RuleMeta>, Error> {
    resolve_selector(selector.trim()).ok_or_else(|| {
        let hint = did_you_mean(selector, selector_candidates())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        Error::Usage(format!(
            "unknown rule or family `{selector}`{hint}; `postlint rules` lists them"
        ))
    })
}

/// Reads typed values out of the config tree, failing with located errors.
struct Reader<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Reader<'_> {
    fn error(
        &self,
        span: Span,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) -> Error {
        Error::config(self.file, self.text, Some(span), message, label, help)
    }

    fn known_keys(&self, node: &Node, known: &[&str]) -> Result<(), Error> {
        self.table(node)?;
        for entry in node.entries() {
            if !known.contains(&entry.key.as_str()) {
                let help = did_you_mean(&entry.key, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("known keys here: {}", known.join(", "))));
                return Err(self.error(
                    entry.key_span,
                    format!("unknown key `{}` in {}", entry.key, display_path(self.file)),
                    "unknown key",
                    help,
                ));
            }
        }
        Ok(())
    }

    fn table<'n>(&self, node: &'n Node) -> Result<&'n Node, Error> {
        if node.is_map() {
            Ok(node)
        } else {
            Err(self.error(
                node.span,
                format!("expected a table, found a {}", node.type_name()),
                "here",
                None,
            ))
        }
    }

    fn required<'n>(&self, node: &'n Node, key: &str) -> Result<&'n Node, Error> {
        node.get(key).ok_or_else(|| {
            self.error(
                node.span,
                format!("missing key `{key}`"),
                "in this table",
                None,
            )
        })
    }

    fn string<'n>(&self, node: &'n Node) -> Result<&'n str, Error> {
        match &node.value {
            Value::Str { text, .. } => Ok(text),
            _ => Err(self.error(
                node.span,
                format!("expected a string, found a {}", node.type_name()),
                "here",
                None,
            )),
        }
    }

    fn bool(&self, node: &Node) -> Result<bool, Error> {
        node.as_bool().ok_or_else(|| {
            self.error(
                node.span,
                format!("expected true or false, found a {}", node.type_name()),
                "here",
                None,
            )
        })
    }

    /// A size in bytes: a whole number, or text such as `"16 MB"` (units
    /// B, KB, MB, GB, 1024-based).
    fn size(&self, node: &Node) -> Result<u64, Error> {
        let bad = || {
            self.error(
                node.span,
                "expected a size such as \"16 MB\" or a number of bytes (0 = no limit)",
                "here",
                None,
            )
        };
        match &node.value {
            Value::Int(n) if *n >= 0 => Ok(*n as u64),
            Value::Str { text, .. } => {
                let text = text.trim();
                let split = text
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(text.len());
                let number: u64 = text[..split].parse().map_err(|_| bad())?;
                let unit = match text[split..].trim().to_ascii_uppercase().as_str() {
                    "" | "B" => 1,
                    "KB" | "K" | "KIB" => 1 << 10,
                    "MB" | "M" | "MIB" => 1 << 20,
                    "GB" | "G" | "GIB" => 1 << 30,
                    _ => return Err(bad()),
                };
                number.checked_mul(unit).ok_or_else(bad)
            }
            _ => Err(bad()),
        }
    }

    fn count(&self, node: &Node) -> Result<usize, Error> {
        match node.value {
            Value::Int(n) if n >= 0 => Ok(n as usize),
            _ => Err(self.error(
                node.span,
                "expected a whole number of 0 or more",
                "here",
                None,
            )),
        }
    }

    fn strings_with_spans(&self, node: &Node) -> Result<Vec<(String, Span)>, Error> {
        let items = node.as_seq().ok_or_else(|| {
            self.error(
                node.span,
                format!("expected a list of strings, found a {}", node.type_name()),
                "here",
                None,
            )
        })?;
        items
            .iter()
            .map(|item| self.string(item).map(|s| (s.to_string(), item.span)))
            .collect()
    }

    fn strings(&self, node: &Node) -> Result<Vec<String>, Error> {
        Ok(self
            .strings_with_spans(node)?
            .into_iter()
            .map(|(s, _)| s)
            .collect())
    }

    fn glob(&self, text: &str, span: Span) -> Result<Glob, Error> {
        Glob::new(text).map_err(|err| {
            self.error(
                span,
                format!("invalid glob `{text}`: {}", err.kind()),
                "here",
                None,
            )
        })
    }

    fn selector(&self, text: &str, span: Span) -> Result<Vec<&'static RuleMeta>, Error> {
        resolve_selector(text).ok_or_else(|| {
            let help = did_you_mean(text, selector_candidates())
                .map(|s| format!("did you mean `{s}`? (`postlint rules` lists every rule)"))
                .or_else(|| Some("`postlint rules` lists every rule code and name".into()));
            self.error(
                span,
                format!("unknown rule or family `{text}`"),
                "unknown rule",
                help,
            )
        })
    }

    fn selectors(&self, node: &Node) -> Result<Vec<(Vec<&'static RuleMeta>, Span)>, Error> {
        self.strings_with_spans(node)?
            .into_iter()
            .map(|(text, span)| self.selector(&text, span).map(|rules| (rules, span)))
            .collect()
    }
}

//! `postlint.toml`: which rules run, at what severity, where, plus the
//! settings rule families read. Unknown keys, unknown rule codes and values
//! of the wrong type are configuration errors (exit 2) with a location.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::diagnostic::{Severity, Span};
use crate::document::value::{Node, Value, parse_toml};
use crate::error::Error;
use crate::rules::{self, Family, RuleMeta};
use crate::suggest::did_you_mean;

pub const FILE_NAME: &str = "postlint.toml";

/// The newest Hugo version postlint knows the rules of.
pub const NEWEST_HUGO: HugoVersion = HugoVersion {
    minor: 168,
    patch: 0,
};

/// A Hugo version (`0.MINOR.PATCH`; Hugo has never had a 1.x).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HugoVersion {
    pub minor: u32,
    pub patch: u32,
}

impl HugoVersion {
    pub fn parse(text: &str) -> Option<HugoVersion> {
        let text = text.trim().trim_start_matches('v');
        let mut parts = text.split('.');
        if parts.next()? != "0" {
            return None;
        }
        let minor = parts.next()?.parse().ok()?;
        let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        Some(HugoVersion { minor, patch })
    }
}

impl std::fmt::Display for HugoVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0.{}.{}", self.minor, self.patch)
    }
}

/// A set of rules, a bit per rule at its `RuleMeta::slot`: asked for every
/// check of every file and for every finding, so a lookup is one bit test.
#[derive(Debug, Clone, Default)]
struct RuleSet {
    bits: [u64; RuleMeta::SLOTS / 64],
}

impl RuleSet {
    fn from_rules(rules: impl IntoIterator<Item = &'static RuleMeta>) -> RuleSet {
        let mut set = RuleSet::default();
        for rule in rules {
            let slot = rule.slot();
            if let Some(word) = set.bits.get_mut(slot / 64) {
                *word |= 1 << (slot % 64);
            }
        }
        set
    }

    fn contains(&self, rule: &RuleMeta) -> bool {
        let slot = rule.slot();
        self.bits
            .get(slot / 64)
            .is_some_and(|word| word & (1 << (slot % 64)) != 0)
    }
}

/// Which rules are on, and at what severity.
#[derive(Debug, Clone)]
pub struct RuleSelection {
    enabled: RuleSet,
    severity: HashMap<&'static str, Severity>,
}

impl RuleSelection {
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.enabled.contains(rule)
    }

    /// The configured severity of a rule, if overridden.
    pub fn severity_override(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severity.get(rule.code).copied()
    }

    pub fn enabled_rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        rules::ALL
            .iter()
            .copied()
            .filter(|rule| self.is_enabled(rule))
    }
}

#[derive(Debug, Clone, Default)]
pub struct SiteOverrides {
    pub flavor: Option<crate::site::Flavor>,
    pub content: Option<Vec<String>>,
    pub static_dirs: Option<Vec<String>>,
    pub posts: Option<globset::GlobSet>,
}

#[derive(Debug, Clone, Default)]
pub struct ExcerptSettings {
    pub required: bool,
    /// 0 = no limit.
    pub max_words: usize,
}

/// An image shortcode the user declares: which parameters hold what.
#[derive(Debug, Clone)]
pub struct ImageShortcode {
    pub name: String,
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SchemaEntry {
    pub glob: GlobMatcher,
    pub glob_text: String,
    /// Absolute path of the schema file (or a built-in schema's URI).
    pub schema: PathBuf,
    /// The schema, compiled once for the run.
    pub compiled: std::sync::Arc<crate::schema::Schema>,
}

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
    pub hugo_version: HugoVersion,
    /// Required front matter fields for posts (default: `title`).
    pub required_fields: Vec<String>,
    /// Whether `[frontmatter] required` was set (Jekyll posts take a title
    /// from the file name, so the default `title` applies only to Hugo).
    pub required_fields_configured: bool,
    pub liquid_blocks: Vec<String>,
    pub excerpt: ExcerptSettings,
    pub known_shortcodes: Vec<String>,
    pub image_shortcodes: Vec<ImageShortcode>,
    pub schemas: Vec<SchemaEntry>,
    /// `[files] max_size`: larger content files are not read (IO002);
    /// 0 = no limit.
    pub max_file_size: u64,
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
            rules: RuleSelection {
                enabled: RuleSet::default(),
                severity: HashMap::new(),
            },
            base_dir: base_dir.to_path_buf(),
            per_file_ignores: Vec::new(),
            site: SiteOverrides::default(),
            hugo_version: NEWEST_HUGO,
            required_fields: vec!["title".to_string()],
            required_fields_configured: false,
            liquid_blocks: Vec::new(),
            excerpt: ExcerptSettings::default(),
            known_shortcodes: Vec::new(),
            image_shortcodes: Vec::new(),
            schemas: Vec::new(),
            max_file_size: rules::io::DEFAULT_MAX_SIZE,
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
            ],
        )?;

        if let Some(site) = root.get("site") {
            reader.known_keys(
                site,
                &["flavor", "content", "static", "posts", "hugo_version"],
            )?;
            if let Some(node) = site.get("flavor") {
                let text = reader.string(node)?;
                settings.site.flavor = Some(crate::site::Flavor::parse(text).ok_or_else(|| {
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
                settings.hugo_version = HugoVersion::parse(&text).ok_or_else(|| {
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
                        settings.rules.severity.insert(rule.code, severity);
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
            reader.known_keys(liquid, &["blocks"])?;
            if let Some(node) = liquid.get("blocks") {
                settings.liquid_blocks = reader.strings(node)?;
            }
        }
        if let Some(frontmatter) = root.get("frontmatter") {
            reader.known_keys(frontmatter, &["schemas", "required"])?;
            if let Some(node) = frontmatter.get("required") {
                settings.required_fields = reader.strings(node)?;
                settings.required_fields_configured = true;
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
                    settings.schemas.push(SchemaEntry {
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
                settings.excerpt.required = reader.bool(node)?;
            }
            if let Some(node) = excerpt.get("max_words") {
                settings.excerpt.max_words = reader.count(node)?;
            }
        }
        if let Some(shortcodes) = root.get("shortcodes") {
            reader.known_keys(shortcodes, &["known"])?;
            if let Some(node) = shortcodes.get("known") {
                settings.known_shortcodes = reader.strings(node)?;
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
                    settings.image_shortcodes.push(ImageShortcode {
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
        if self.excerpt.required {
            enabled.extend(rules::by_code("EX004"));
        }
        if self.excerpt.max_words > 0 {
            enabled.extend(rules::by_code("EX005"));
        }
        let ignored: Vec<&'static RuleMeta> = ignore.into_iter().flatten().collect();
        enabled.retain(|rule| !ignored.contains(rule));
        self.rules.enabled = RuleSet::from_rules(enabled);
    }

    /// The rules ignored for `path` by `per-file-ignores`.
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static RuleMeta> {
        let relative = crate::site::strip_path_prefix(path, &self.base_dir).unwrap_or(path);
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
pub fn starter(site: &crate::site::Site) -> String {
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
        crate::site::Flavor::Hugo => {
            let mut globs = Vec::new();
            for dir in relative(&content) {
                for section in ["posts", "post", "blog"] {
                    globs.push(format!("{}/{section}/**", dir.trim_end_matches('/')));
                }
            }
            globs
        }
        crate::site::Flavor::Jekyll => {
            vec!["**/_posts/**".to_string(), "**/_drafts/**".to_string()]
        }
    };
    let theme = if site.themes.is_empty() && site.missing_themes.is_empty() {
        String::new()
    } else {
        let mut names = relative(&site.themes);
        names.extend(
            site.missing_themes
                .iter()
                .map(|name| format!("{name} (not in this repository)")),
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

# [files]
# max_size = "16 MB"       # IO002: larger files are not linted (0 = no limit)
"#,
        flavor = match site.flavor {
            crate::site::Flavor::Hugo => "Hugo",
            crate::site::Flavor::Jekyll => "Jekyll",
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

/// Resolves a selector: `ALL`, a family prefix (`IMG`), a code or a name.
pub fn resolve_selector(selector: &str) -> Option<Vec<&'static RuleMeta>> {
    if selector.eq_ignore_ascii_case("ALL") {
        return Some(rules::ALL.to_vec());
    }
    if let Some(family) = Family::ALL
        .iter()
        .find(|family| family.prefix().eq_ignore_ascii_case(selector) || family.name() == selector)
    {
        return Some(
            rules::ALL
                .iter()
                .copied()
                .filter(|rule| rule.family == *family)
                .collect(),
        );
    }
    rules::lookup(selector).map(|rule| vec![rule])
}

fn selector_candidates() -> Vec<&'static str> {
    let mut candidates: Vec<&'static str> = rules::ALL
        .iter()
        .flat_map(|rule| [rule.code, rule.name])
        .collect();
    candidates.extend(Family::ALL.iter().map(|family| family.prefix()));
    candidates.push("ALL");
    candidates
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
                    format!(
                        "unknown key `{}` in {}",
                        entry.key,
                        crate::report::display_path(self.file)
                    ),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule has its own slot, and a set holds exactly the rules put
    /// in it (each rule alone, and every other rule).
    #[test]
    fn rule_sets_hold_exactly_their_rules() {
        let mut slots = std::collections::HashSet::new();
        for rule in rules::ALL {
            let digits = rule
                .code
                .trim_start_matches(|c: char| c.is_ascii_uppercase());
            assert!(
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(rule.slot() < RuleMeta::SLOTS, "{}", rule.code);
            assert!(slots.insert(rule.slot()), "{} shares a slot", rule.code);
        }
        for (i, rule) in rules::ALL.iter().enumerate() {
            let alone = RuleSet::from_rules([*rule]);
            let others = RuleSet::from_rules(
                rules::ALL
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j % 2 != i % 2 || *j == i)
                    .map(|(_, r)| *r),
            );
            for (j, other) in rules::ALL.iter().enumerate() {
                assert_eq!(
                    alone.contains(other),
                    i == j,
                    "{} {}",
                    rule.code,
                    other.code
                );
                assert_eq!(others.contains(other), j % 2 != i % 2 || j == i);
            }
        }
    }

    #[test]
    fn hugo_versions() {
        assert_eq!(
            HugoVersion::parse("0.145"),
            Some(HugoVersion {
                minor: 145,
                patch: 0
            })
        );
        assert_eq!(
            HugoVersion::parse("v0.156.1"),
            Some(HugoVersion {
                minor: 156,
                patch: 1
            })
        );
        assert_eq!(HugoVersion::parse("1.0"), None);
        assert!(HugoVersion::parse("0.145").unwrap() < NEWEST_HUGO);
    }

    #[test]
    fn selectors_by_family_code_and_name() {
        assert!(resolve_selector("FM").unwrap().len() >= 3);
        assert_eq!(resolve_selector("fm001").unwrap()[0].code, "FM001");
        assert_eq!(
            resolve_selector("frontmatter-syntax").unwrap()[0].code,
            "FM001"
        );
        assert!(resolve_selector("nope").is_none());
    }
}

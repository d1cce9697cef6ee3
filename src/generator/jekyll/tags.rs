//! The Liquid tags a Jekyll site can use: Liquid's own, Jekyll's, those of
//! the common plugins (by gem name), and how a Ruby file registers one.
//!
//! One table of blocks and plain tags: the block rules (LQ001, LQ002) read
//! which tags take an end tag from it, the unknown-tag rule (LQ005) which
//! names exist at all.

/// Whether a tag takes a body and an `end<name>` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Plain,
    Block,
}

use TagKind::{Block, Plain};

/// Liquid's tags (`Template.register_tag` in liquid 5.4.0's
/// `lib/liquid/tags/*.rb`: assign, break, capture, case, comment, continue,
/// cycle, decrement, echo, for, if, ifchanged, include, increment, `#`
/// (inline_comment.rb), raw, render, tablerow, unless) and Jekyll 4.3.1's
/// (`lib/jekyll/tags/`: include.rb registers include and
/// include_relative, link.rb link, post_url.rb post_url, highlight.rb
/// highlight). `echo`, `render` and `#` are Liquid 5's: Jekyll 4.3 accepts
/// Liquid `>= 4.0, < 6` (its gemspec) and runs on 5.4 here, so they are
/// known rather than risk an error on a site that builds.
///
/// Not registered but read by Liquid's parser all the same: `liquid`
/// (`BlockBody#parse_for_document`), and `else`, `elsif`, `when` and
/// `end<block>`, which the open block takes (`Block#unknown_tag`); see
/// `is_keyword`.
pub const BUILTIN: &[(&str, TagKind)] = &[
    ("#", Plain),
    ("assign", Plain),
    ("break", Plain),
    ("capture", Block),
    ("case", Block),
    ("comment", Block),
    ("continue", Plain),
    ("cycle", Plain),
    ("decrement", Plain),
    ("echo", Plain),
    ("for", Block),
    ("highlight", Block),
    ("if", Block),
    ("ifchanged", Block),
    ("include", Plain),
    ("include_relative", Plain),
    ("increment", Plain),
    ("link", Plain),
    ("post_url", Plain),
    ("raw", Block),
    ("render", Plain),
    ("tablerow", Block),
    ("unless", Block),
];

/// A built-in tag by name (case-sensitive, as Liquid looks tags up).
pub fn builtin(name: &str) -> Option<TagKind> {
    BUILTIN
        .iter()
        .find(|(known, _)| *known == name)
        .map(|&(_, kind)| kind)
}

/// A tag by name among Liquid's, Jekyll's and those of every plugin in
/// `PLUGINS`, whether or not a site loads it.
pub fn known(name: &str) -> Option<TagKind> {
    builtin(name).or_else(|| {
        PLUGINS
            .iter()
            .flat_map(|plugin| plugin.tags)
            .find(|(known, _)| *known == name)
            .map(|&(_, kind)| kind)
    })
}

/// Names Liquid's parser reads without a registered tag: the branches an
/// open block takes and the `liquid` tag.
pub fn is_keyword(name: &str) -> bool {
    matches!(name, "else" | "elsif" | "when" | "liquid")
}

/// A plugin gem and the tags it registers (none for most: they generate
/// pages, filter content or add filters).
#[derive(Debug)]
pub struct Plugin {
    pub gem: &'static str,
    pub tags: &'static [(&'static str, TagKind)],
}

/// The plugins postlint knows, each checked against its source for
/// `register_tag`:
///
/// - installed here (Debian's gems, `/usr/lib/ruby/vendor_ruby` and
///   `/usr/share/rubygems-integration/all/gems`): jekyll-avatar 0.8.0
///   (`avatar`), jekyll-feed 0.17.0 (`feed_meta`), jekyll-seo-tag 2.8.0
///   (`seo`); jekyll-default-layout 0.1.5, jekyll-mentions 1.6.0,
///   jekyll-redirect-from 0.16.0, jekyll-sitemap 1.4.0,
///   jekyll-titles-from-headings 0.5.3 and jekyll-sass-converter 2.2.0
///   register none;
/// - on GitHub: jekyll/jekyll-gist `lib/jekyll-gist/gist_tag.rb` (`gist`),
///   benbalter/jekyll-include-cache `lib/jekyll-include-cache.rb`
///   (`include_cached`), gjtorikian/jekyll-last-modified-at
///   `lib/jekyll-last-modified-at/tag.rb` (`last_modified_at`),
///   jekyll/github-metadata `lib/jekyll-github-metadata.rb`
///   (`github_edit_link`), untra/polyglot
///   `lib/jekyll/polyglot/liquid/tags/i18n_headers.rb` and
///   `static_href.rb` (`I18n_Headers`, `i18n_headers`; the blocks
///   `Static_Href`, `static_href`); none in jekyll/jemoji `lib/jemoji.rb`
///   (a filter), toshimaru/jekyll-toc `lib/jekyll-toc.rb` (filters; its
///   `toc` tag is commented out), jekyll/jekyll-archives,
///   jekyll/jekyll-paginate, benbalter/jekyll-relative-links and
///   benbalter/jekyll-remote-theme (generators and hooks).
///
/// A gem not listed here makes LQ005 cautious on the site (SITE004 says so).
pub const PLUGINS: &[Plugin] = &[
    Plugin {
        gem: "jekyll-archives",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-avatar",
        tags: &[("avatar", Plain)],
    },
    Plugin {
        gem: "jekyll-default-layout",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-feed",
        tags: &[("feed_meta", Plain)],
    },
    Plugin {
        gem: "jekyll-gist",
        tags: &[("gist", Plain)],
    },
    Plugin {
        gem: "jekyll-github-metadata",
        tags: &[("github_edit_link", Plain)],
    },
    Plugin {
        gem: "jekyll-include-cache",
        tags: &[("include_cached", Plain)],
    },
    Plugin {
        gem: "jekyll-last-modified-at",
        tags: &[("last_modified_at", Plain)],
    },
    Plugin {
        gem: "jekyll-mentions",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-paginate",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-polyglot",
        tags: &[
            ("I18n_Headers", Plain),
            ("i18n_headers", Plain),
            ("Static_Href", Block),
            ("static_href", Block),
        ],
    },
    Plugin {
        gem: "jekyll-redirect-from",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-relative-links",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-remote-theme",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-sass-converter",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-seo-tag",
        tags: &[("seo", Plain)],
    },
    Plugin {
        gem: "jekyll-sitemap",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-titles-from-headings",
        tags: &[],
    },
    Plugin {
        gem: "jekyll-toc",
        tags: &[],
    },
    Plugin {
        gem: "jemoji",
        tags: &[],
    },
];

/// A plugin by its gem name.
pub fn plugin(gem: &str) -> Option<&'static Plugin> {
    PLUGINS.iter().find(|plugin| plugin.gem == gem)
}

/// What a Ruby file registers, as far as it can be read without running it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RubyTags {
    /// Each tag registered with a literal name, and whether its class is
    /// a block (a `class Name < …Block` in the same file).
    pub tags: Vec<(String, TagKind)>,
    /// Byte offset of each `register_tag` whose name is not a string
    /// literal (`register_tag(name, …)` in a loop): the file registers
    /// tags postlint cannot name.
    pub unreadable: Vec<usize>,
}

/// Reads the `register_tag` calls of a Ruby file: `register_tag("name",
/// Klass)`, `register_tag 'name', Klass`, `register_tag(:name, Klass)`.
/// A file without `register_tag` registers no tags (Liquid has no other
/// way), whatever else it does.
pub fn register_tags(ruby: &str) -> RubyTags {
    let mut found = RubyTags::default();
    let mut from = 0;
    while let Some(at) = ruby[from..].find("register_tag") {
        let start = from + at;
        from = start + "register_tag".len();
        // A commented-out call registers nothing.
        let line_start = ruby[..start].rfind('\n').map_or(0, |i| i + 1);
        if ruby[line_start..start].contains('#') {
            continue;
        }
        // The method's own definition (`def register_tag`) is no call.
        if ruby[line_start..start].trim_end().ends_with("def") {
            continue;
        }
        let rest = ruby[from..].trim_start_matches([' ', '\t', '(']);
        match literal_name(rest) {
            Some((name, after)) => {
                let kind = class_after(after)
                    .filter(|class| defines_block(ruby, class))
                    .map_or(Plain, |_| Block);
                found.tags.push((name.to_string(), kind));
            }
            None => found.unreadable.push(start),
        }
    }
    found
}

/// A quoted string or a symbol at the start of `text`, and what follows.
fn literal_name(text: &str) -> Option<(&str, &str)> {
    let mut chars = text.chars();
    match chars.next()? {
        quote @ ('"' | '\'') => {
            let body = &text[1..];
            let end = body.find(quote)?;
            let name = &body[..end];
            // `"#{prefix}_tag"` is computed at run time.
            (!name.contains("#{") && !name.is_empty()).then(|| (name, &body[end + 1..]))
        }
        ':' => {
            let body = &text[1..];
            let end = body
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(body.len());
            (end > 0).then(|| (&body[..end], &body[end..]))
        }
        _ => None,
    }
}

/// The last segment of the class name after the tag name (`, Jekyll::Foo`).
fn class_after(text: &str) -> Option<&str> {
    let text = text.trim_start().strip_prefix(',')?.trim_start();
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    text[..end]
        .rsplit("::")
        .next()
        .filter(|name| !name.is_empty())
}

/// Whether the file defines `class <name> < …Block`.
fn defines_block(ruby: &str, class: &str) -> bool {
    ruby.lines().any(|line| {
        let Some(rest) = line.trim_start().strip_prefix("class ") else {
            return false;
        };
        let Some((name, parent)) = rest.split_once('<') else {
            return false;
        };
        name.trim() == class && parent.trim().ends_with("Block")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literal_registrations_and_flags_computed_ones() {
        let ruby = r#"
module Jekyll
  class Tabs < Liquid::Block
  end
  class Youtube < Liquid::Tag
  end
end
Liquid::Template.register_tag('tabs', Jekyll::Tabs)
Liquid::Template.register_tag "youtube", Jekyll::Youtube
Liquid::Template.register_tag(:vimeo, Jekyll::Youtube)
# Liquid::Template.register_tag('old', Old)
%w(a b).each { |name| Liquid::Template.register_tag(name, Jekyll::Youtube) }
"#;
        let found = register_tags(ruby);
        assert_eq!(
            found.tags,
            vec![
                ("tabs".to_string(), Block),
                ("youtube".to_string(), Plain),
                ("vimeo".to_string(), Plain),
            ]
        );
        assert_eq!(found.unreadable.len(), 1);
        assert_eq!(register_tags("module X; end"), RubyTags::default());
    }

    #[test]
    fn the_builtin_table_is_sorted_and_plugins_are_unique() {
        assert!(BUILTIN.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(PLUGINS.windows(2).all(|w| w[0].gem < w[1].gem));
        assert_eq!(builtin("highlight"), Some(Block));
        assert_eq!(builtin("Include"), None);
    }
}

//! Migration leftovers (MIG): what a post kept from the other generator
//! when the blog moved between Hugo and Jekyll. Each generator ignores the
//! other's syntax without a word, and the page silently changes.
//!
//! MIG001: front matter keys that mean something to the other generator
//! and nothing to this one (Jekyll's `permalink` in Hugo: the page moves;
//! Hugo's `draft: true` in Jekyll: the draft is published).
//! MIG002 (`liquid_in_hugo`): Jekyll's Liquid in a Hugo page, printed as
//! text. MIG003 (`shortcodes_in_jekyll`): Hugo's shortcodes in a Jekyll
//! page, which Liquid cannot parse and renders as nothing.

mod liquid_in_hugo;
mod shortcodes_in_jekyll;

pub use shortcodes_in_jekyll::is_hugo_shortcode;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::Document;
use crate::generator::Flavor;
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::value::{Entry, Node, Value};

declare_check! {
    /// The front matter's top-level keys and the body's template tags,
    /// against the other generator's.
    pub static CHECK = Runs::EachFile(check);

    pub static FOREIGN_KEY = "MIG001" "foreign-front-matter-key" {
        severity: Warning,
        fixable: true,
        summary: "A front matter key only the other generator reads (`permalink` in Hugo, `draft` in Jekyll)",
    }

    pub static LIQUID_IN_HUGO = "MIG002" "liquid-in-hugo-content" {
        severity: Error,
        fixable: true,
        summary: "Jekyll's Liquid in a Hugo page (`{% highlight %}`, `{% post_url %}`, `{{ site.baseurl }}`), which Hugo prints as text",
    }

    pub static HUGO_SHORTCODE = "MIG003" "hugo-shortcode-in-jekyll-content" {
        severity: Error,
        summary: "A Hugo shortcode in a Jekyll page (`{{< figure >}}`, `{{< relref >}}`), which Liquid cannot parse and renders as nothing",
    }
}

/// A key of the other generator, what the page's owner meant by it and
/// what happens instead, and this generator's key for the same thing.
struct Foreign {
    key: &'static str,
    /// The generator that reads it.
    from: &'static str,
    /// What happens here, after "this generator has no `key` key: ".
    instead: &'static str,
    /// This generator's key with the same meaning, which the fix renames to.
    rename: Option<&'static str>,
}

/// Jekyll's keys in a Hugo page. (Hugo honours Jekyll's `published:
/// false` as a draft, and `excerpt_separator` is EX001's.)
const IN_HUGO: &[Foreign] = &[
    Foreign {
        key: "permalink",
        from: "Jekyll",
        instead: "Hugo publishes the page at the address its section and file name give, so links to the old address break",
        rename: Some("url"),
    },
    Foreign {
        key: "redirect_from",
        from: "Jekyll",
        instead: "no redirect is made from these addresses (Jekyll's jekyll-redirect-from reads this key), so links to them break",
        rename: Some("aliases"),
    },
];

/// Hugo's keys in a Jekyll page (`slug` and `date` are Jekyll's too).
const IN_JEKYLL: &[Foreign] = &[
    Foreign {
        key: "url",
        from: "Hugo",
        instead: "Jekyll publishes the page at its `permalink` or the site's pattern, so links to this address break",
        rename: Some("permalink"),
    },
    Foreign {
        key: "aliases",
        from: "Hugo",
        instead: "no redirect is made from these addresses (jekyll-redirect-from reads `redirect_from`)",
        rename: Some("redirect_from"),
    },
    Foreign {
        key: "expiryDate",
        from: "Hugo",
        instead: "the page stays published after that date",
        rename: None,
    },
    Foreign {
        key: "publishDate",
        from: "Hugo",
        instead: "Jekyll publishes the page by its `date` (a post's file name date), whatever this one says",
        rename: None,
    },
];

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    match doc.flavor {
        Flavor::Hugo => liquid_in_hugo::check(cx, doc, sink),
        Flavor::Jekyll => shortcodes_in_jekyll::check(cx, doc, sink),
    }
    foreign_keys(doc, sink);
}

fn foreign_keys(doc: &Document, sink: &mut Sink) {
    let Some(data) = doc.data() else {
        return;
    };
    let table = match doc.flavor {
        Flavor::Hugo => IN_HUGO,
        Flavor::Jekyll => IN_JEKYLL,
    };
    for entry in data.entries() {
        if doc.flavor == Flavor::Jekyll && entry.key == "draft" {
            if matches!(entry.value.value, Value::Bool(true)) {
                sink.push(jekyll_draft(doc, data, entry));
            }
            continue;
        }
        // Jekyll's keys are case-sensitive; Hugo's are not, but the other
        // generator's key is written as that generator spells it.
        let Some(foreign) = table.iter().find(|f| {
            f.key == entry.key
                || (doc.flavor == Flavor::Jekyll && f.key.eq_ignore_ascii_case(&entry.key))
        }) else {
            continue;
        };
        // An address: a site path (a link post's `url: https://…` is the
        // theme's, not Hugo's).
        let is_path = |node: &Node| node.as_str().is_some_and(|s| s.starts_with('/'));
        let applies = match foreign.key {
            "permalink" | "url" => is_path(&entry.value),
            _ => true,
        };
        if applies {
            sink.push(foreign_key(doc, data, entry, foreign));
        }
    }
}

fn this_generator(doc: &Document) -> &'static str {
    match doc.flavor {
        Flavor::Hugo => "Hugo",
        Flavor::Jekyll => "Jekyll",
    }
}

fn foreign_key(doc: &Document, data: &Node, entry: &Entry, foreign: &Foreign) -> Diagnostic {
    let here = this_generator(doc);
    let mut diagnostic = Diagnostic::new(
        &FOREIGN_KEY,
        entry.key_span,
        format!(
            "{here} has no `{}` key (a {} key): {}",
            entry.key, foreign.from, foreign.instead
        ),
    )
    .label(format!("a {} key", foreign.from));
    let Some(rename) = foreign.rename else {
        return diagnostic.help(format!(
            "delete it, or say it the {here} way; {here} does not read `{}`",
            entry.key
        ));
    };
    // A Jekyll permalink pattern (`/:year/:title/`) is no address.
    let placeholders = entry.value.as_str().is_some_and(|s| s.contains(':'));
    if placeholders {
        return diagnostic.help(format!(
            "{here}'s `{rename}` takes this page's address, not a pattern: write the address it had, or set the pattern for its section under `[permalinks]` in the site config"
        ));
    }
    diagnostic = diagnostic.help(format!(
        "rename it to `{rename}`, {here}'s key for the same thing"
    ));
    let taken = data
        .entries()
        .iter()
        .any(|e| e.key.eq_ignore_ascii_case(rename));
    // The key as written (not quoted, not escaped) is what the edit replaces.
    if !taken && doc.text().get(entry.key_span.range()) == Some(entry.key.as_str()) {
        diagnostic = diagnostic.fix(Fix {
            message: format!("rename `{}` to `{rename}`", entry.key),
            edits: vec![Edit {
                span: entry.key_span,
                replacement: rename.to_string(),
            }],
        });
    }
    diagnostic
}

/// `draft: true` in Jekyll: Jekyll has no `draft` key, so the draft is
/// published. The fix says it Jekyll's way, `published: false`.
fn jekyll_draft(doc: &Document, data: &Node, entry: &Entry) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        &FOREIGN_KEY,
        entry.key_span,
        "Jekyll has no `draft` key (Hugo's): this draft is published",
    )
    .label("a Hugo key")
    .help("set `published: false` to keep it off the site, or move the file to `_drafts/`");
    let taken = data.entries().iter().any(|e| e.key == "published");
    let as_written = doc.text().get(entry.key_span.range()) == Some("draft")
        && doc.text().get(entry.value.span.range()) == Some("true");
    if !taken && as_written {
        diagnostic = diagnostic.fix(Fix {
            message: "replace `draft: true` with `published: false`".to_string(),
            edits: vec![
                Edit {
                    span: entry.key_span,
                    replacement: "published".to_string(),
                },
                Edit {
                    span: entry.value.span,
                    replacement: "false".to_string(),
                },
            ],
        });
    }
    diagnostic
}

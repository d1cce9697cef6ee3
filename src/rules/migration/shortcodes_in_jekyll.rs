//! MIG003: Hugo shortcodes left in a Jekyll content file. Liquid reads
//! `{{< figure … >}}` and `{{% note %}}` as outputs it cannot parse: under
//! Jekyll's default `error_mode: warn` the build logs "Liquid Warning:
//! Liquid syntax error" and the call renders as nothing, so the figure
//! vanishes and `[x]({{< relref "y.md" >}})` links to `href=""`; with
//! `error_mode: strict` the build fails. Checked with Jekyll 4.3.1.
//!
//! Jekyll runs Liquid over code blocks and spans too (a shortcode in a
//! code fence vanishes from it the same way), so only `{% raw %}` makes a
//! shortcode text, and the Liquid lexer yields no tags inside it.

use super::HUGO_SHORTCODE;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, LiquidKind, LiquidTag};
use crate::rules::liquid::renders_liquid;
use crate::rules::{FileContext, Sink};

/// Whether a Liquid token is a Hugo shortcode call (`{{< … >}}`,
/// `{{% … %}}`, closers and `{{</* … */>}}` alike). LQ003 leaves these to
/// MIG003 when it is selected, so each is reported once.
pub fn is_hugo_shortcode(text: &str, tag: &LiquidTag) -> bool {
    tag.kind == LiquidKind::Output
        && text
            .get(tag.span.range())
            .is_some_and(|t| t.starts_with("{{<") || t.starts_with("{{%"))
}

pub(super) fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    if !sink.enabled(&HUGO_SHORTCODE) {
        return;
    }
    let text = doc.text();
    // A page Jekyll copies as is, or with `render_with_liquid: false`,
    // shows the call as text: still no figure, no link.
    let liquid = renders_liquid(cx, doc);
    for tag in &doc.tags.liquid {
        if !is_hugo_shortcode(text, tag) {
            continue;
        }
        sink.push(finding(doc, tag, liquid));
    }
}

/// A shortcode call as this check reads it: its name and whether it
/// closes, and its first quoted argument and named ones.
struct Call<'t> {
    name: &'t str,
    closing: bool,
    args: Vec<(Option<&'t str>, &'t str)>,
}

fn parse(written: &str) -> Call<'_> {
    let inner = written.get(3..).unwrap_or_default();
    let inner = inner.trim_start().trim_start_matches("/*").trim_start();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | '%' | '/' | '}'))
        .unwrap_or(inner.len());
    let (name, mut rest) = inner.split_at(name_end);
    let mut args = Vec::new();
    // `key="value"` and `"value"`; enough to name the call's target in the
    // help, not a shortcode lexer (the document's is Hugo's, for Hugo).
    while let Some(quote) = rest.find('"') {
        let before = rest[..quote].trim_end();
        let key = before
            .strip_suffix('=')
            .map(|k| k.trim_end().rsplit(char::is_whitespace).next().unwrap_or(k));
        let after = &rest[quote + 1..];
        let Some(end) = after.find('"') else {
            break;
        };
        args.push((key, &after[..end]));
        rest = &after[end + 1..];
    }
    Call {
        name,
        closing,
        args,
    }
}

impl<'t> Call<'t> {
    fn arg(&self, key: &str) -> Option<&'t str> {
        self.args
            .iter()
            .find(|(k, _)| *k == Some(key))
            .map(|(_, v)| *v)
    }

    fn first_positional(&self) -> Option<&'t str> {
        self.args.iter().find(|(k, _)| k.is_none()).map(|(_, v)| *v)
    }
}

fn finding(doc: &Document, tag: &LiquidTag, liquid: bool) -> Diagnostic {
    let text = doc.text();
    let written = text.get(tag.span.range()).unwrap_or_default();
    let call = parse(written);
    let name = call.name.to_ascii_lowercase();
    let shown = if !written.contains('\n') && written.chars().count() <= 60 {
        format!("`{written}`")
    } else {
        let (open, close) = match written.get(..3) {
            Some("{{%") => ("{{%", "%}}"),
            _ => ("{{<", ">}}"),
        };
        let slash = if call.closing { "/" } else { "" };
        format!("`{open} {slash}{} … {close}`", call.name)
    };
    let in_code = if tag.in_code {
        " (Jekyll runs Liquid inside code too)"
    } else {
        ""
    };
    let (gone, help) = match name.as_str() {
        _ if call.closing => (
            "renders as nothing".to_string(),
            "remove it with its opening tag, and say the opening tag's content the Jekyll way"
                .to_string(),
        ),
        "ref" | "relref" => (
            "renders as nothing, so a link to it has `href=\"\"`".to_string(),
            page_link_help(call.first_positional()),
        ),
        "figure" | "img" | "image" => {
            let src = call.arg("src").unwrap_or("/assets/image.jpg");
            let alt = call
                .arg("alt")
                .or(call.arg("caption"))
                .unwrap_or("description");
            (
                "renders as nothing, so the image vanishes".to_string(),
                format!(
                    "write a Markdown image, `![{alt}]({src})`, or `{{% include figure.html … %}}` with the figure's HTML in `_includes/`"
                ),
            )
        }
        "highlight" => (
            "renders as nothing, so the code vanishes".to_string(),
            format!(
                "write a fenced code block, or Jekyll's `{{% highlight {} %}}` … `{{% endhighlight %}}`",
                call.first_positional()
                    .or(call.args.first().map(|(_, v)| *v))
                    .unwrap_or("lang")
            ),
        ),
        _ => (
            "renders as nothing".to_string(),
            format!(
                "say it the Jekyll way: `{{% include {}.html %}}` with the shortcode's HTML in `_includes/`, or a plugin tag",
                if name.is_empty() { "x" } else { name.as_str() }
            ),
        ),
    };
    if !liquid {
        return Diagnostic::new(
            &HUGO_SHORTCODE,
            tag.span,
            format!("Hugo shortcode {shown} in a Jekyll page that is not run through Liquid: it is printed as text"),
        )
        .label("a Hugo shortcode, which Jekyll does not know")
        .help(format!("{help}; or, to show the shortcode, put it in a code span or block"));
    }
    Diagnostic::new(
        &HUGO_SHORTCODE,
        tag.span,
        format!(
            "Hugo shortcode {shown} in a Jekyll page: Liquid cannot parse it, and it {gone}{in_code}"
        ),
    )
    .label("a Hugo shortcode, which Liquid cannot parse")
    .help(format!(
        "{help}; Jekyll logs \"Liquid Warning: Liquid syntax error\" (with `liquid: {{ error_mode: strict }}` the build fails); to show the shortcode as text, wrap it in `{{% raw %}}` … `{{% endraw %}}`"
    ))
}

/// Jekyll's way to link to the page a `ref`/`relref` named.
fn page_link_help(target: Option<&str>) -> String {
    let generic = "link with Jekyll's `{% post_url 2024-01-31-my-post %}` for a post or `{% link about.md %}` for a page";
    let Some(target) = target else {
        return generic.to_string();
    };
    let file = target.trim_start_matches('/');
    let file = file.rsplit('/').next().unwrap_or(file);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    // A post's file name: `YYYY-MM-DD-title`.
    let dated = stem.len() > 11
        && stem.as_bytes().iter().take(10).enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && stem.as_bytes().get(10) == Some(&b'-');
    if dated {
        format!("link with Jekyll's `{{% post_url {stem} %}}`")
    } else {
        format!(
            "{generic} (`{{% link {} %}}`, the file's path from the site root)",
            target.trim_start_matches('/')
        )
    }
}

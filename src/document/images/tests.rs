//! Every kind of image reference collected from real files and snippets.

use super::*;
use crate::document::Document;
use crate::text::Source;

fn images(text: &str, flavor: Flavor) -> Vec<Image> {
    Document::parse(Source::from_text(text.into()), flavor).images
}

fn at(text: &str, attr: &Option<Attr>) -> String {
    attr.as_ref()
        .map(|a| text[a.span.range()].to_string())
        .unwrap_or_else(|| "<none>".into())
}

#[test]
fn markdown_inline_and_reference_images() {
    let text = "![A cat](/img/cat.png \"t\")\n\n![][logo] and ![Logo][]\n\n[logo]: <logo.svg> \"L\"\n\n```\n![x](code.png)\n```\n";
    let found = images(text, Flavor::Hugo);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].kind, ImageKind::Markdown);
    assert_eq!(at(text, &found[0].src), "/img/cat.png");
    assert_eq!(found[1].kind, ImageKind::MarkdownReference);
    assert_eq!(at(text, &found[1].src), "logo.svg");
    assert_eq!(found[1].alt.as_ref().unwrap().value, "");
    assert_eq!(found[2].target, Target::Url("logo.svg".into()));
}

#[test]
fn html_img_attributes_with_spans() {
    let text = "<p>\n<img src=\"/a.png\" alt=\"\" data-x='1'>\n<IMG SRC=b.png role=presentation>\n</p>\n\nText <img src=\"c&amp;d.png\"\n  alt=\"Two lines\"> inline.\n";
    let found = images(text, Flavor::Hugo);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(at(text, &found[0].src), "/a.png");
    assert_eq!(found[0].alt.as_ref().unwrap().value, "");
    assert!(found[1].decorative);
    assert!(found[1].alt.is_none());
    assert_eq!(at(text, &found[1].src), "b.png");
    assert_eq!(found[2].target, Target::Url("c&d.png".into()));
    assert_eq!(at(text, &found[2].alt), "Two lines");
    assert!(text[found[2].span.range()].starts_with("<img"));
    assert!(text[found[2].span.range()].ends_with('>'));
}

#[test]
fn img_inside_unsafe_shortcode_and_figure() {
    let text = "---\ntitle: x\n---\n{{< unsafe >}}\n<p>\n<img src=\"/assets/img/a.jpeg\" style=\"width:70%\"/>\n</p>\n{{< /unsafe >}}\n# Heading\n{{< figure src=\"b.jpg\" caption=\"Cap\" >}}\n`{{< figure src=\"code.jpg\" >}}`\n{{</* figure src=\"escaped.jpg\" */>}}\n{{< highlight html >}}<img src=\"x.png\">{{< /highlight >}}\n{{< tabs >}}{{< tab lang=\"html\" >}}<img src=\"y.png\">{{< /tab >}}{{< /tabs >}}\n";
    let found = images(text, Flavor::Hugo);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].in_shortcode);
    assert_eq!(at(text, &found[0].src), "/assets/img/a.jpeg");
    assert!(found[0].alt.is_none());
    assert_eq!(found[1].shortcode.as_deref(), Some("figure"));
    assert_eq!(at(text, &found[1].caption), "Cap");
    assert!(found[1].alt.is_none());
}

#[test]
fn lang_means_code_unless_the_call_says_text() {
    let text = "Tabs:\n\n{{< tabpane >}}\n{{% tab lang=\"toml\" %}}\n![](code.png)\n{{% /tab %}}\n{{< /tabpane >}}\n\n{{< tabpane text=true >}}\n{{% tab lang=\"en\" %}}\n![Flag](flags/uk.png)\n{{% /tab %}}\n{{< /tabpane >}}\n\n{{< comment >}}![](hidden.png){{< /comment >}}\n";
    let found = images(text, Flavor::Hugo);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(at(text, &found[0].src), "flags/uk.png");
}

#[test]
fn jekyll_liquid_sources() {
    let text = "---\ntitle: x\n---\n![A]({{ \"/img/x.png\" | relative_url }})\n\n![B]({{ site.baseurl }}/img/y.png)\n\n<img src=\"{{ '/img/z.png' | absolute_url }}\" alt=\"Z\">\n\n![C]({{ page.image }})\n";
    let found = images(text, Flavor::Jekyll);
    let targets: Vec<&Target> = found.iter().map(|i| &i.target).collect();
    assert_eq!(
        targets,
        [
            &Target::SitePath("/img/x.png".into()),
            &Target::SitePath("/img/y.png".into()),
            &Target::SitePath("/img/z.png".into()),
            &Target::Dynamic,
        ]
    );
}

#[test]
fn non_ascii_before_an_img_keeps_offsets() {
    let text = "Café ‚àô <img src=\"/ü.png\">\n";
    let found = images(text, Flavor::Hugo);
    assert_eq!(at(text, &found[0].src), "/ü.png");
}

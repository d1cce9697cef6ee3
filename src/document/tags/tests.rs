//! The two lexers on the tags Hugo and Liquid accept and reject.

use super::*;

fn one(text: &str) -> Shortcode {
    let mut all = lex_shortcodes(text, 0);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn error(text: &str) -> TagError {
    one(text)
        .error
        .unwrap_or_else(|| panic!("no error for {text}"))
}

#[test]
fn open_close_self_closing_and_params() {
    let sc = one(r#"{{< figure src="/a.png" alt="An \"x\"" >}}"#);
    assert_eq!(sc.kind, ShortcodeKind::Open);
    assert_eq!(sc.name, "figure");
    assert_eq!(sc.params[1].name.as_deref(), Some("alt"));
    assert_eq!(sc.params[1].value, "An \"x\"");
    assert_eq!(sc.param("src").unwrap().value, "/a.png");
    assert!(sc.error.is_none());
    assert_eq!(one("{{% /tabs %}}").kind, ShortcodeKind::Close);
    let sc = one("{{< blocks/cover title=x />}}");
    assert_eq!(sc.kind, ShortcodeKind::SelfClosing);
    assert_eq!(sc.name, "blocks/cover");
    assert_eq!(sc.params[0].value, "x");
    let sc = one("{{< x `raw\nstring` 12 >}}");
    assert_eq!(sc.params.len(), 2);
    assert_eq!(sc.params[0].value, "raw\nstring");
    assert_eq!(one("{{< x a / >}}").kind, ShortcodeKind::SelfClosing);
    assert_eq!(one("{{<\nx\n  a=\"b\"\n  c=`d`\n>}}").params.len(), 2);
    assert_eq!(one("{{< /x\n>}}").kind, ShortcodeKind::Close);
    assert_eq!(one("{{< x 1.5 -a >}}").params[1].value, "-a");
    assert_eq!(one("{{< x a=&b:c >}}").params[0].value, "&b:c");
    assert_eq!(one(r#"{{< x \"a\" >}}"#).params[0].value, "a");
    assert_eq!(
        one(r#"{{< x a = "b" >}}"#).params[0].name.as_deref(),
        Some("a")
    );
    let inline = one("{{< time.inline >}}");
    assert!(inline.inline && inline.error.is_none());
    assert_eq!(inline.name, "time.inline");
}

#[test]
fn escaped_shortcodes_are_text() {
    assert!(lex_shortcodes("{{</* x */>}} and {{%/* y */%}} {{</**/>}}", 0).is_empty());
    assert_eq!(
        error("{{</* x >}}").kind,
        TagErrorKind::UnclosedComment,
        "Hugo: comment must be closed"
    );
    assert_eq!(error("{{%/* x */>}}").kind, TagErrorKind::UnclosedComment);
    assert_eq!(error("{{</*/>}}").kind, TagErrorKind::UnclosedComment);
}

#[test]
fn a_brace_before_the_delimiter_does_not_hide_it() {
    assert_eq!(one("{{{< x a >}}}").name, "x");
}

#[test]
fn problems_point_at_the_tag() {
    let e = error("text {{< x a=\"b\" ");
    assert_eq!(
        (e.kind, e.span),
        (TagErrorKind::Unterminated, Span::new(5, 8))
    );
    let e = error("{{< x %}}");
    assert_eq!(
        (e.kind, e.span),
        (TagErrorKind::DelimiterMismatch, Span::new(6, 9))
    );
    assert_eq!(error("{{< x a=1 2 >}}").kind, TagErrorKind::MixedParameters);
    assert_eq!(error("{{< x a 2=1 >}}").kind, TagErrorKind::MixedParameters);
    assert_eq!(
        error("{{< x a=1 \"2\" >}}").kind,
        TagErrorKind::MixedParameters
    );
    assert_eq!(error("{{<  >}}").kind, TagErrorKind::NoName);
    assert_eq!(error("{{< x.y >}}").kind, TagErrorKind::PeriodInName);
    assert_eq!(error("{{< x.inline>}}").kind, TagErrorKind::PeriodInName);
    assert_eq!(error("{{< x a:b >}}").kind, TagErrorKind::BadCharacter);
    assert_eq!(error("{{< x 'a' >}}").kind, TagErrorKind::BadCharacter);
    assert_eq!(error("{{< -x >}}").kind, TagErrorKind::BadCharacter);
    assert_eq!(
        error("{{< x \"a >}}").kind,
        TagErrorKind::UnterminatedString
    );
    assert_eq!(
        error("{{< x \"a\nb\" >}}").kind,
        TagErrorKind::UnterminatedString
    );
    assert_eq!(
        error("{{< x a=\"b\\\" >}}").kind,
        TagErrorKind::UnterminatedString
    );
    assert_eq!(
        error("{{< x `a >}}").kind,
        TagErrorKind::UnterminatedRawString
    );
    assert_eq!(error("{{< x \\`a` >}}").kind, TagErrorKind::BadEscape);
    assert_eq!(
        error("{{< /x y >}}").kind,
        TagErrorKind::ClosingWithParameters
    );
    assert_eq!(
        error("{{< x a=b>}}").kind,
        TagErrorKind::ValueRunsIntoDelimiter
    );
    assert_eq!(error("{{< x a/b >}}").kind, TagErrorKind::SlashInParams);
    let e = one("{{< x/>}}");
    assert_eq!(e.kind, ShortcodeKind::SelfClosing);
    assert_eq!(e.name, "x");
    assert_eq!(e.error.unwrap().kind, TagErrorKind::SlashInName);
}

#[test]
fn a_cut_closing_delimiter_is_reported_at_the_opening_one() {
    let text =
        "{{< figure src=\"a.png\" alt=\"b\"\n\nNext paragraph.\n\n{{< notice >}}x{{< /notice >}}\n";
    let all = lex_shortcodes(text, 0);
    assert_eq!(all.len(), 3);
    let e = all[0].error.as_ref().unwrap();
    assert_eq!(
        (e.kind, e.span),
        (TagErrorKind::Unterminated, Span::new(0, 3))
    );
    assert!(e.generator.contains("got positional parameter 'Next'"));
    assert_eq!(all[0].name, "figure");
    assert!(all[1].error.is_none() && all[2].error.is_none());
}

#[test]
fn a_bad_parameter_does_not_hide_later_tags() {
    let all = lex_shortcodes("{{< x a:b >}} {{< y >}}", 0);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].span, Span::new(0, 13));
    assert!(all[1].error.is_none());
}

fn names(text: &str) -> Vec<String> {
    lex_liquid(text, 0)
        .iter()
        .map(|t| match (&t.error, t.kind) {
            (Some(e), _) => format!("!{:?}", e.kind),
            (None, LiquidKind::Output) => format!("={}", t.markup),
            (None, LiquidKind::Tag) => t.name.clone(),
        })
        .collect()
}

#[test]
fn liquid_tags_outputs_and_raw() {
    let tags = lex_liquid(
        "{% if a %}{{ page.title }}{%- endif -%}{% raw %}{% if %}{{ x }}{% endraw %}",
        0,
    );
    let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["if", "", "endif", "raw", "endraw"]);
    assert_eq!(tags[1].markup, "page.title");
    assert_eq!(tags[0].markup, "a");
    let broken = lex_liquid("text {% if x", 0);
    assert_eq!(broken[0].error.as_ref().unwrap().span, Span::new(5, 7));
}

#[test]
fn liquid_tokenizer_edge_cases() {
    assert_eq!(names("{{ x }"), ["!SingleBrace"]);
    assert_eq!(names("{{ x"), ["!Unterminated"]);
    assert_eq!(names("{% %} {% \"x\" %}"), ["!NoName", "!NoName"]);
    assert_eq!(names("{{}} {{ x }}}"), ["=", "=x"]);
    assert_eq!(names("a {{ x | f: \"}\" }} b"), ["!SingleBrace"]);
    assert_eq!(names("{%\nif x\n%}{%\nendif\n%}"), ["if", "endif"]);
    assert_eq!(names("{% # note %}"), ["#"]);
    // Raw ends at the first token whose last `{%` names endraw.
    assert_eq!(names("{% raw %}{{ a {% endraw %}"), ["raw", "endraw"]);
    assert_eq!(
        names("{% raw %}{% raw %}{% endraw %}{% endraw %}"),
        ["raw", "endraw", "endraw"]
    );
    assert_eq!(names("{% raw %}x{%- endraw %}"), ["raw"]);
    assert_eq!(names("{% raw %}x{% endraw -%}"), ["raw", "endraw"]);
    assert_eq!(names("{% raw %}x{%endraw%}"), ["raw", "endraw"]);
    assert_eq!(names("{% raw x %}"), ["!RawWithMarkup"]);
    assert_eq!(
        names("{% if x\ntext {% endif %}"),
        ["!RunsIntoNextTag", "endif"]
    );
    assert_eq!(names("{{ x\ntext {% if a %}"), ["!RunsIntoNextTag", "if"]);
}

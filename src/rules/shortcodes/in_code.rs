//! SC007: a shortcode call inside Markdown code, which Hugo executes rather
//! than shows.

use super::{IN_CODE, Needs, Pass};
use crate::diagnostic::{Diagnostic, Span};
use crate::document::{Shortcode, ShortcodeKind};
use crate::site::shortcodes::Origin;

/// Hugo's embedded shortcodes that output HTML (players, figures, boxes):
/// inside a code block that HTML is never what the author meant.
const EMBEDS: &[&str] = &[
    "comment",
    "details",
    "figure",
    "gist",
    "highlight",
    "instagram",
    "qr",
    "tweet",
    "twitter",
    "twitter_simple",
    "vimeo",
    "vimeo_simple",
    "x",
    "x_simple",
    "youtube",
];

impl<'a> Pass<'a> {
    /// SC007: a call inside Markdown code that was evidently meant to be
    /// shown: one with inner content, or one of Hugo's embed shortcodes,
    /// whose HTML lands inside the code box. Calls that print text
    /// (`{{% param version %}}` in an install command) are meant to run.
    pub(super) fn in_code(&mut self, needs: &[Needs]) {
        let mut reported: Vec<Span> = self.findings.iter().map(|d| d.primary.span).collect();
        reported.sort_unstable();
        // The findings inside a tag are a run of the sorted spans.
        let reported_in = |sc: &Shortcode| {
            let first = reported.partition_point(|span| span.start < sc.span.start);
            reported[first..]
                .iter()
                .take_while(|span| span.start < sc.span.end.max(sc.span.start + 1))
                .any(|span| span.end <= sc.span.end)
        };
        for (i, sc) in self.tags.iter().enumerate() {
            if !sc.in_code
                || sc.error.is_some()
                || sc.kind == ShortcodeKind::Close
                || reported_in(sc)
            {
                continue;
            }
            let embed = EMBEDS.contains(&sc.name.to_lowercase().as_str())
                && self
                    .registry
                    .get(&sc.name)
                    .is_some_and(|entry| matches!(entry.origin, Origin::Embedded(_)));
            let block = sc.kind == ShortcodeKind::Open && needs[i].inner();
            if !(embed || block) {
                continue;
            }
            let text = &self.doc.text()[sc.span.range()];
            let escaped = format!(
                "{}/*{}*/{}",
                sc.delimiter.open(),
                &text[3..text.len() - 3],
                sc.delimiter.close()
            );
            let what = if block {
                "its inner content"
            } else {
                "its HTML"
            };
            self.findings.push(
                Diagnostic::new(
                    &IN_CODE,
                    sc.span,
                    format!(
                        "shortcode {} inside a code block is executed by Hugo, not shown",
                        self.written_tag(sc)
                    ),
                )
                .label(format!("Hugo runs this call and puts {what} into the code"))
                .help(format!(
                    "to show the tag as text, escape it: `{escaped}`{}",
                    if block {
                        " (and its closing tag likewise)"
                    } else {
                        ""
                    }
                )),
            );
        }
    }

    fn written_tag(&self, sc: &Shortcode) -> String {
        let text = &self.doc.text()[sc.span.range()];
        if !text.contains('\n') && text.chars().count() <= 60 {
            format!("`{text}`")
        } else {
            format!("`{}`", sc.display())
        }
    }
}

//! FM008: a top-level key that is a near miss of a predefined field
//! (`catagories`, `titel`), unless the site or its templates use it.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::generator::fields::{Kind, Known, go_bool, yaml11_bool};
use crate::generator::hugo::fields::{RETIRED_KEYS, Scope};
use crate::generator::{Flavor, hugo, jekyll};
use crate::rules::{FileContext, Runs, Sink, declare_check};
use crate::site::templates::template_params;
use crate::text::FastSet;
use crate::value::{Node, Value};

declare_check! {
    /// The top-level keys, against the fields the site knows.
    pub static CHECK = Runs::EachFile(check);

    pub static UNKNOWN_FIELD = "FM008" "unknown-field" {
        severity: Warning,
        summary: "A key that is a near miss of a predefined field (`catagories`, `titel`): did you mean",
    }
}

fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let Some(data) = doc.data() else {
        return;
    };
    let known = cx.site.known_fields();
    unknown(cx, &known, data, sink);
}

/// How many edits a key may be from a field's name and still be a typo of
/// it: none below four letters (`xml` is not `url`), one up to eight
/// (`titel`, `draf`, `catagories` are one edit away), two from nine.
fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    }
}

/// Page params so widespread among themes that a near miss of a field is
/// no typo even when the theme's templates are not in the repository (a
/// Hugo module, a gem): `image` is the cover image of countless themes,
/// not a misspelt `images`.
const COMMON_THEME_PARAMS: &[&str] = &["image"];

/// FM008: top-level keys only; nested mappings (`params`) are free-form.
fn unknown(cx: &FileContext, known: &Known, data: &Node, sink: &mut Sink) {
    let entries = data.entries();
    // The keys present, as the generator compares them; only needed once a
    // key looks like a misspelt field (rarely), so built then.
    let mut present: Option<FastSet<String>> = None;
    for entry in entries {
        let key = entry.key.as_str();
        if known.get(key).is_some()
            || COMMON_THEME_PARAMS.contains(&key)
            || RETIRED_KEYS
                .iter()
                .any(|r| r.scope == Scope::FrontMatter && r.key.eq_ignore_ascii_case(key))
        {
            continue;
        }
        let Some((target, kind)) = nearest(known, key) else {
            continue;
        };
        // The real field is there too: this key is something else.
        let target_key = match known.flavor {
            Flavor::Hugo => target.to_ascii_lowercase(),
            Flavor::Jekyll => target.to_string(),
        };
        let present = present.get_or_insert_with(|| {
            entries
                .iter()
                .map(|e| match known.flavor {
                    Flavor::Hugo => e.key.to_ascii_lowercase(),
                    Flavor::Jekyll => e.key.clone(),
                })
                .collect()
        });
        if present.contains(&target_key) {
            continue;
        }
        if !fits(known.flavor, &entry.value, kind) || cx.site.declares(key) {
            continue;
        }
        let lookup = match known.flavor {
            Flavor::Hugo => key.to_ascii_lowercase(),
            Flavor::Jekyll => key.to_string(),
        };
        if template_params(cx.site).contains(&lookup) {
            continue;
        }
        let case_only = key.eq_ignore_ascii_case(target);
        let key = crate::diagnostic::visible(key);
        let message = if case_only {
            format!(
                "unknown field `{key}`: Jekyll's keys are case-sensitive, did you mean `{target}`?"
            )
        } else {
            format!("unknown field `{key}`: did you mean `{target}`?")
        };
        let help = match known.flavor {
            Flavor::Hugo => format!(
                "Hugo keeps an unknown key as a page param, so `{key}` does none of what `{target}` does; rename it (custom params belong under `params:`)"
            ),
            Flavor::Jekyll => format!(
                "Jekyll keeps it as the custom variable `page.{key}` and otherwise ignores it; rename it to `{target}`"
            ),
        };
        sink.push(
            Diagnostic::new(&UNKNOWN_FIELD, entry.key_span, message)
                .label(format!("not a {} field", known.flavor.name()))
                .help(help),
        );
    }
}

/// The predefined field `key` most likely misspells, with its kind.
fn nearest<'k>(known: &'k Known, key: &str) -> Option<(&'k str, Kind)> {
    let index = known.near_miss(key, || nearest_index(known, key))?;
    let field = &known.fields[index];
    Some((field.name.as_ref(), field.kind))
}

/// `nearest`, worked out: the index of the field.
fn nearest_index(known: &Known, key: &str) -> Option<usize> {
    let fold = known.flavor == Flavor::Hugo;
    let key: Cow<str> = if fold && key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        Cow::Borrowed(key)
    };
    let key_len = key.chars().count();
    known
        .fields
        .iter()
        .zip(&known.compared_names)
        .enumerate()
        .filter_map(|(index, (field, name))| {
            let name_len = name.chars().count();
            let limit = max_edits(name_len.min(key_len));
            // The distance is at least the difference in length.
            if name_len.abs_diff(key_len) > limit {
                return None;
            }
            let distance = strsim::osa_distance(&key, name);
            // Jekyll: `Title` for `title` is a miss whatever the length.
            let case_only = !fold && key.eq_ignore_ascii_case(name);
            (distance > 0 && (case_only || distance <= limit)).then_some((
                distance,
                field.name.as_ref(),
                index,
            ))
        })
        .min_by_key(|(distance, name, _)| (*distance, *name))
        .map(|(_, _, index)| index)
}

/// Whether a value has the shape the field would take: a typo keeps the
/// shape of what was meant, a custom param of another shape is no typo
/// (`alias: true` is not `aliases`).
fn fits(flavor: Flavor, value: &Node, kind: Kind) -> bool {
    let text = |node: &Node| {
        matches!(
            node.value,
            Value::Str { .. } | Value::Int(_) | Value::Float(_) | Value::Datetime(_)
        )
    };
    match (&value.value, kind) {
        (Value::Null, _) | (_, Kind::Any) => true,
        (_, Kind::Text) => text(value),
        (Value::Bool(_), Kind::Bool) => true,
        (Value::Str { text, .. }, Kind::Bool) => match flavor {
            Flavor::Hugo => go_bool(text).is_some(),
            Flavor::Jekyll => yaml11_bool(value).is_some(),
        },
        (Value::Int(_), Kind::Int) => true,
        (Value::Str { text, .. }, Kind::Int) => text.trim().parse::<i64>().is_ok(),
        (Value::Datetime(_), Kind::Date) => true,
        (Value::Str { text, .. }, Kind::Date) => {
            hugo::dates::parse(text).is_ok()
                || matches!(
                    jekyll::dates::parse(text, false),
                    Ok(jekyll::dates::JekyllDate::Known(_))
                )
        }
        (Value::Seq(_) | Value::Str { .. }, Kind::List | Kind::Terms) => true,
        (Value::Map(_), Kind::Map) => true,
        (Value::Map(_) | Value::Seq(_), Kind::MapOrMaps) => true,
        (Value::Str { .. } | Value::Seq(_) | Value::Map(_), Kind::Menus) => true,
        (Value::Seq(_), Kind::Maps) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_budget_grows_with_length() {
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(5), 1);
        assert_eq!(max_edits(10), 2);
    }
}

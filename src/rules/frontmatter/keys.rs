//! Front matter keys: written twice (FM004), a near miss of a predefined
//! field (FM008), retired by the target Hugo version (FM012).

use super::fields::{self, Kind, Known, RETIRED_KEYS, RetiredKey, Scope};
use super::{DUPLICATE_KEY, REMOVED_KEY, UNKNOWN_FIELD};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{Document, Entry, Format, Node, Value};
use crate::index::{FastMap, FastSet};
use crate::rules::{FileContext, Sink};
use crate::site::Flavor;
use std::borrow::Cow;

pub fn check(cx: &FileContext, doc: &Document, sink: &mut Sink) {
    let (Some(block), Some(data)) = (doc.front_matter.block(), doc.data()) else {
        return;
    };
    if sink.enabled(&DUPLICATE_KEY) {
        duplicates(doc, block.format, data, sink);
    }
    if sink.enabled(&UNKNOWN_FIELD) {
        let known = Known::for_site(cx.site);
        unknown(cx, &known, data, sink);
    }
    if doc.flavor == Flavor::Hugo && sink.enabled(&REMOVED_KEY) {
        retired(cx, doc, data, sink);
    }
}

/// FM004, in every mapping at every depth.
fn duplicates(doc: &Document, format: Format, node: &Node, sink: &mut Sink) {
    match &node.value {
        Value::Map(entries) => {
            // The first entry of each key, exactly and ignoring case.
            let mut exact: FastMap<&str, &Entry> =
                FastMap::with_capacity_and_hasher(entries.len(), Default::default());
            let mut folded: FastMap<AsciiFolded, &Entry> =
                FastMap::with_capacity_and_hasher(entries.len(), Default::default());
            for entry in entries {
                if entry.key == "<<" {
                    continue;
                }
                let first_exact = *exact.entry(&entry.key).or_insert(entry);
                let first_folded = *folded.entry(AsciiFolded(&entry.key)).or_insert(entry);
                let first_exact = (!std::ptr::eq(first_exact, entry)).then_some(first_exact);
                let first_folded = (!std::ptr::eq(first_folded, entry)).then_some(first_folded);
                if let Some(first) = first_exact {
                    sink.push(exact_duplicate(doc, format, first, entry));
                } else if doc.flavor == Flavor::Hugo
                    && let Some(first) = first_folded
                {
                    sink.push(
                        Diagnostic::new(
                            &DUPLICATE_KEY,
                            entry.key_span,
                            format!(
                                "`{}` and `{}` are the same key to Hugo, which ignores case in front matter keys",
                                first.key, entry.key
                            ),
                        )
                        .severity(Severity::Warning)
                        .label("same key, other case")
                        .secondary(first.key_span, "first written here")
                        .help("Hugo keeps only one of the two values, and which one is not defined by their order; remove one"),
                    );
                }
                duplicates(doc, format, &entry.value, sink);
            }
        }
        Value::Seq(items) => {
            for item in items {
                duplicates(doc, format, item, sink);
            }
        }
        _ => {}
    }
}

/// A key compared and hashed ignoring ASCII case, without lowering a copy.
#[derive(Clone, Copy)]
struct AsciiFolded<'a>(&'a str);

impl PartialEq for AsciiFolded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for AsciiFolded<'_> {}

impl std::hash::Hash for AsciiFolded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut lowered = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(lowered.len()) {
            for (to, from) in lowered.iter_mut().zip(chunk) {
                *to = from.to_ascii_lowercase();
            }
            state.write(&lowered[..chunk.len()]);
        }
        state.write_u8(0xff);
    }
}

fn exact_duplicate(doc: &Document, format: Format, first: &Entry, second: &Entry) -> Diagnostic {
    let help = match (doc.flavor, format) {
        (Flavor::Hugo, Format::Yaml) => format!(
            "Hugo fails the build (\"mapping key {:?} already defined\"); keep one of the two",
            second.key
        ),
        (Flavor::Hugo, _) => {
            "Hugo silently keeps the last value and drops the first; keep one of the two".to_string()
        }
        (Flavor::Jekyll, _) => {
            "Jekyll's YAML reader silently keeps the last value and drops the first; keep one of the two".to_string()
        }
    };
    Diagnostic::new(
        &DUPLICATE_KEY,
        second.key_span,
        format!("key `{}` is defined twice in the same mapping", second.key),
    )
    .label("defined again here")
    .secondary(first.key_span, "first defined here")
    .help(help)
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
        if !fits(known.flavor, &entry.value, kind) || fields::site_declared(cx.site, key) {
            continue;
        }
        let lookup = match known.flavor {
            Flavor::Hugo => key.to_ascii_lowercase(),
            Flavor::Jekyll => key.to_string(),
        };
        if fields::template_params(cx.site).contains(&lookup) {
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
            Flavor::Hugo => fields::go_bool(text).is_some(),
            Flavor::Jekyll => fields::yaml11_bool(value).is_some(),
        },
        (Value::Int(_), Kind::Int) => true,
        (Value::Str { text, .. }, Kind::Int) => text.trim().parse::<i64>().is_ok(),
        (Value::Datetime(_), Kind::Date) => true,
        (Value::Str { text, .. }, Kind::Date) => {
            super::dates::hugo(text).is_ok()
                || matches!(
                    super::dates::jekyll(text, false),
                    Ok(super::dates::JekyllDate::Known(_))
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

/// FM012: retired keys at the top level and in each `cascade` mapping.
fn retired(cx: &FileContext, doc: &Document, data: &Node, sink: &mut Sink) {
    let version = cx.settings.hugo_version;
    let mut places: Vec<(&Node, bool)> = vec![(data, false)];
    for entry in data.entries() {
        if entry.key.eq_ignore_ascii_case("cascade") {
            places.extend(fields::cascade_maps(entry).into_iter().map(|m| (m, true)));
        }
    }
    for retired in RETIRED_KEYS {
        if version < retired.deprecated {
            continue;
        }
        for (map, in_cascade) in &places {
            if retired.scope == Scope::Cascade && !in_cascade {
                continue;
            }
            for entry in map.entries() {
                if entry.key.eq_ignore_ascii_case(retired.key) {
                    sink.push(retired_finding(doc, retired, entry, map, version));
                }
            }
        }
    }
}

fn retired_finding(
    doc: &Document,
    retired: &RetiredKey,
    entry: &Entry,
    map: &Node,
    version: crate::config::HugoVersion,
) -> Diagnostic {
    let fails = retired.fails.is_some_and(|fails| version >= fails);
    let (severity, message, consequence) = if fails {
        (
            Severity::Error,
            format!(
                "Hugo {version} rejects the front matter key `{}`: it was deprecated in Hugo {} and removed",
                entry.key, retired.deprecated
            ),
            "Hugo fails the build on this page".to_string(),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "the front matter key `{}` is deprecated since Hugo {}",
                entry.key, retired.deprecated
            ),
            match retired.fails {
                Some(fails) => format!("Hugo {fails} and later fail the build on it"),
                None => "a later Hugo will remove it".to_string(),
            },
        )
    };
    let mut diagnostic = Diagnostic::new(&REMOVED_KEY, entry.key_span, message)
        .severity(severity)
        .label(format!("use `{}`", retired.replacement))
        .help(format!(
            "{consequence}; rename `{}` to `{}`, which takes the same options",
            entry.key, retired.replacement
        ));
    let written = &doc.text()[entry.key_span.range()];
    let replacement_taken = map
        .entries()
        .iter()
        .any(|e| e.key.eq_ignore_ascii_case(retired.replacement));
    if written == entry.key && !replacement_taken {
        diagnostic = diagnostic.fix(Fix {
            message: format!("rename `{}` to `{}`", entry.key, retired.replacement),
            edits: vec![Edit {
                span: entry.key_span,
                replacement: retired.replacement.to_string(),
            }],
        });
    }
    diagnostic
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

//! TOML to `Node`, through the `toml` crate's span-keeping document parser.

use ::toml::Spanned;
use ::toml::de::{DeTable, DeValue};

use super::{Entry, ErrorPoint, MAX_DEPTH, Node, ParseError, Value};
use crate::diagnostic::Span;

/// Parses a TOML document; `base` is the byte offset of `text` in the file.
pub fn parse_toml(text: &str, base: usize) -> Result<Node, ParseError> {
    let table = DeTable::parse(text).map_err(|err| ParseError {
        message: first_line(err.message()),
        span: err
            .span()
            .map_or(Span::empty(base), |range| Span::from(range).offset_by(base)),
        points_at: ErrorPoint::Stop,
    })?;
    let span = Span::from(table.span()).offset_by(base);
    convert_table(table.into_inner(), span, base, 0)
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

fn convert_table(
    table: DeTable<'_>,
    span: Span,
    base: usize,
    depth: usize,
) -> Result<Node, ParseError> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table {
        let key_span = Span::from(key.span()).offset_by(base);
        entries.push(Entry {
            key: key.into_inner().into_owned(),
            key_span,
            value: convert(value, base, depth + 1)?,
        });
    }
    Ok(Node::new(Value::Map(entries), span))
}

fn convert(value: Spanned<DeValue<'_>>, base: usize, depth: usize) -> Result<Node, ParseError> {
    let span = Span::from(value.span()).offset_by(base);
    if depth > MAX_DEPTH {
        return Err(ParseError {
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
            span,
            points_at: ErrorPoint::Stop,
        });
    }
    let value = match value.into_inner() {
        DeValue::String(text) => Value::Str {
            text: text.into_owned(),
            quoted: true,
        },
        DeValue::Integer(int) => {
            let digits = int.as_str().replace('_', "");
            let digits = digits
                .strip_prefix("0x")
                .or_else(|| digits.strip_prefix("0o"))
                .or_else(|| digits.strip_prefix("0b"))
                .unwrap_or(&digits);
            match i64::from_str_radix(digits, int.radix()) {
                Ok(int) => Value::Int(int),
                Err(_) => Value::Float(digits.parse().unwrap_or(f64::NAN)),
            }
        }
        DeValue::Float(float) => {
            let text = float.as_str().replace('_', "");
            Value::Float(match text.trim_start_matches(['+', '-']) {
                "inf" if text.starts_with('-') => f64::NEG_INFINITY,
                "inf" => f64::INFINITY,
                "nan" => f64::NAN,
                _ => text.parse().unwrap_or(f64::NAN),
            })
        }
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(datetime) => Value::Datetime(datetime.to_string()),
        DeValue::Array(items) => Value::Seq(
            items
                .into_iter()
                .map(|item| convert(item, base, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => return convert_table(table, span, base, depth),
    };
    Ok(Node::new(value, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_spans() {
        let text = "title = \"Hi\"\ndate = 2024-05-02T10:00:00Z\n[params]\nx = [1, 2]\n";
        let node = parse_toml(text, 4).unwrap();
        let title = node.entry("title").unwrap();
        assert_eq!(title.key_span, Span::new(4, 9));
        assert_eq!(
            &text[title.value.span.start - 4..title.value.span.end - 4],
            "\"Hi\""
        );
        assert!(matches!(
            node.get("date").unwrap().value,
            Value::Datetime(_)
        ));
        let x = node.path_ci(&["params", "x"]).unwrap();
        assert_eq!(x.as_seq().unwrap()[1].value, Value::Int(2));
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let err = parse_toml("title = \"unterminated\n", 100).unwrap_err();
        assert!(err.span.start >= 100, "{err:?}");
    }
}

//! Finding invisible characters that change what a page means or how it
//! parses without showing: zero-width characters, bidirectional controls
//! (Trojan Source), byte order marks inside a file, and non-breaking or
//! zero-width spaces inside front matter keys.

use crate::diagnostic::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// U+200B, U+2060, U+180E, and U+200C/U+200D outside the scripts and
    /// emoji sequences that use them.
    ZeroWidth,
    /// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
    /// and the marks (U+200E, U+200F, U+061C) on a line with no
    /// right-to-left text.
    Bidi,
    /// U+FEFF anywhere but the first character of the file.
    StrayBom,
    /// A space-like or invisible character inside a front matter key.
    InKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invisible {
    pub span: Span,
    pub ch: char,
    pub kind: Kind,
}

/// The Unicode name of the characters this rule knows, for messages.
pub fn name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{FEFF}' => "BYTE ORDER MARK",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{2007}' => "FIGURE SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        _ => "invisible character",
    }
}

/// Characters that are never right inside a front matter key.
fn key_breaking(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{00AD}' | '\u{200B}'
            ..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Scans `text`; `keys` are the spans of the front matter keys.
pub fn find(text: &str, keys: &[Span]) -> Vec<Invisible> {
    let mut out = Vec::new();
    if text.is_ascii() {
        return out;
    }
    for key in keys {
        let Some(key_text) = text.get(key.range()) else {
            continue;
        };
        for (i, ch) in key_text.char_indices() {
            if key_breaking(ch) {
                let at = key.start + i;
                out.push(Invisible {
                    span: Span::new(at, at + ch.len_utf8()),
                    ch,
                    kind: Kind::InKey,
                });
            }
        }
    }
    let in_key = |at: usize| keys.iter().any(|k| k.contains(at));
    // (line start, whether that line holds right-to-left text), computed
    // at most once per line.
    let mut rtl_line: Option<(usize, bool)> = None;
    let mut has_rtl = |start: usize| -> bool {
        match rtl_line {
            Some((cached, rtl)) if cached == start => rtl,
            _ => {
                let rtl = line_has_rtl(text, start);
                rtl_line = Some((start, rtl));
                rtl
            }
        }
    };
    // Every character looked for starts with one of these UTF-8 lead bytes
    // (U+2xxx: E2, U+FEFF: EF, U+180E: E1, U+061C: D8): jump between them.
    let bytes = text.as_bytes();
    let leads =
        memchr::memchr3_iter(0xE2, 0xEF, 0xE1, bytes).chain(memchr::memchr_iter(0xD8, bytes));
    for at in leads {
        let Some(ch) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let prev = text[..at].chars().next_back();
        let next = text[at + ch.len_utf8()..].chars().next();
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let kind = match ch {
            '\u{200B}' | '\u{2060}' | '\u{180E}' => Some(Kind::ZeroWidth),
            '\u{200D}' if !joins_emoji(prev, next) && !joins_script(prev, next) => {
                Some(Kind::ZeroWidth)
            }
            '\u{200C}' if !joins_script(prev, next) => Some(Kind::ZeroWidth),
            '\u{FEFF}' if at > 0 => Some(Kind::StrayBom),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Kind::Bidi),
            '\u{200E}' | '\u{200F}' | '\u{061C}' if !has_rtl(line_start) => Some(Kind::Bidi),
            _ => None,
        };
        if let Some(kind) = kind
            && !in_key(at)
        {
            out.push(Invisible {
                span: Span::new(at, at + ch.len_utf8()),
                ch,
                kind,
            });
        }
    }
    out.sort_by_key(|i| i.span.start);
    out
}

/// Part of an emoji sequence: `👩‍💻`, `🏳️‍🌈`, `🧙🏽‍♂️`.
fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|c| is_emoji_part(c) || c == '\u{FE0F}') && next.is_some_and(is_emoji_part)
}

fn is_emoji_part(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF   // emoji, pictographs, skin tones
        | 0x2300..=0x23FF   // technical (⌚ ⏱)
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats (♀ ♂ ⚕ ❤ ✈)
        | 0x2B00..=0x2BFF   // arrows and stars (⬛ ⭐)
        | 0xE0020..=0xE007F // tag sequences (subdivision flags)
        | 0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21AA | 0x3030 | 0x303D
    )
}

/// Next to a character of a script that uses joiners, on either side: a
/// Latin word with a Persian suffix (`asset\u{200C}های`) is as intended as
/// `می\u{200C}خواهم`; only a joiner with no such neighbour is stray.
fn joins_script(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(uses_joiners) || next.is_some_and(uses_joiners)
}

/// The scripts whose spelling needs U+200C ZERO WIDTH NON-JOINER and U+200D
/// ZERO WIDTH JOINER (The Unicode Standard 15.1, §23.2 "Layout Controls"):
/// the cursively joining scripts, where they break or keep a join (Persian
/// `می\u{200C}خواهم`; the joining scripts are those of `ArabicShaping.txt`), and
/// the Brahmic scripts, where they choose between a conjunct, a half form
/// and an explicit virama (Devanagari `क्\u{200D}ष`, §12.1). Ranges are whole
/// blocks of `Blocks.txt`, so digits and punctuation of those scripts count
/// too (Persian `۱۳۶۰\u{200C}ها`).
fn uses_joiners(c: char) -> bool {
    matches!(u32::from(c),
        // Arabic, Syriac, Arabic Supplement, Thaana, NKo, Samaritan,
        // Mandaic, Syriac Supplement, Arabic Extended-B and -A.
        0x0600..=0x08FF
        // Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
        // Kannada, Malayalam, Sinhala.
        | 0x0900..=0x0DFF
        | 0x0F00..=0x0FFF   // Tibetan
        | 0x1000..=0x109F   // Myanmar
        | 0x1780..=0x18AF   // Khmer, Mongolian
        | 0x1CD0..=0x1CFF   // Vedic Extensions
        | 0xA840..=0xA87F   // Phags-pa
        | 0xA8E0..=0xA8FF   // Devanagari Extended
        | 0xA9E0..=0xA9FF   // Myanmar Extended-B
        | 0xAA60..=0xAA7F   // Myanmar Extended-A
        | 0xFB50..=0xFDFF   // Arabic Presentation Forms-A
        | 0xFE70..=0xFEFE   // Arabic Presentation Forms-B (U+FEFF is the byte order mark)
        | 0x10AC0..=0x10AFF // Manichaean
        | 0x10B80..=0x10BAF // Psalter Pahlavi
        | 0x10D00..=0x10D3F // Hanifi Rohingya
        | 0x10EC0..=0x10EFF // Arabic Extended-C
        | 0x10F30..=0x10FDF // Sogdian, Old Uyghur, Chorasmian
        // The Brahmic scripts of the Supplementary Multilingual Plane
        // (Brahmi, Kaithi, Sharada, Grantha, Newa, Tirhuta, Siddham, Modi,
        // Takri, Ahom, Dogra, Nandinagari, Kawi, Tamil Supplement…).
        | 0x11000..=0x11FFF
        | 0x1E900..=0x1E95F // Adlam
    ) && !c.is_whitespace()
}

/// Whether the line starting at `start` holds right-to-left letters.
fn line_has_rtl(text: &str, start: usize) -> bool {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..end].chars().any(|c| {
        matches!(u32::from(c),
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(char, Kind)> {
        find(text, &[])
            .into_iter()
            .map(|i| (i.ch, i.kind))
            .collect()
    }

    #[test]
    fn legitimate_joiners_are_left_alone() {
        assert_eq!(kinds("👩\u{200D}💻 🧙🏽\u{200D}♂️ 🏳️\u{200D}🌈"), []);
        assert_eq!(kinds("می\u{200C}خواهم"), []);
        assert_eq!(kinds("क्\u{200D}ष"), []);
        assert_eq!(kinds("क्\u{200C}ष"), []);
        assert_eq!(kinds("👨\u{200D}👩\u{200D}👧"), []);
        assert_eq!(kinds("\u{FEFF}---\ntitle: x\n---\n"), []);
        assert_eq!(kinds("שלום \u{200F}(1)"), []);
    }

    #[test]
    fn a_joiner_next_to_a_script_that_uses_it_is_left_alone_on_either_side() {
        // A Latin word with a Persian suffix, and the other way round.
        assert_eq!(kinds("asset\u{200C}های"), []);
        assert_eq!(kinds("های\u{200C}asset"), []);
        assert_eq!(kinds("\u{200C}های"), []);
        assert_eq!(kinds("۱۳۶۰\u{200C}ها"), []);
        assert_eq!(kinds("CSS\u{200D}क"), []);
        // Presentation forms and the Brahmic scripts past the BMP.
        assert_eq!(kinds("a\u{200C}\u{FEB3}"), []);
        assert_eq!(kinds("a\u{200D}\u{11013}"), []);
    }

    #[test]
    fn a_joiner_between_other_letters_is_found() {
        assert_eq!(kinds("a\u{200D}b"), [('\u{200D}', Kind::ZeroWidth)]);
        assert_eq!(kinds("é\u{200C}ü"), [('\u{200C}', Kind::ZeroWidth)]);
        assert_eq!(kinds("Ω\u{200D}ж"), [('\u{200D}', Kind::ZeroWidth)]);
        assert_eq!(kinds("های \u{200C} asset"), [('\u{200C}', Kind::ZeroWidth)]);
        assert_eq!(kinds("\u{200C}x"), [('\u{200C}', Kind::ZeroWidth)]);
        // Not an emoji sequence: a letter before the joiner.
        assert_eq!(kinds("a\u{200D}💻"), [('\u{200D}', Kind::ZeroWidth)]);
    }

    #[test]
    fn stray_invisibles_are_found() {
        assert_eq!(kinds("a\u{200B}b"), [('\u{200B}', Kind::ZeroWidth)]);
        assert_eq!(kinds("Auf\u{200C}lage"), [('\u{200C}', Kind::ZeroWidth)]);
        assert_eq!(kinds("x\u{200D}y"), [('\u{200D}', Kind::ZeroWidth)]);
        assert_eq!(kinds("a\n\u{FEFF}b"), [('\u{FEFF}', Kind::StrayBom)]);
        assert_eq!(
            kinds("if x \u{202E}{ y }\u{2066}"),
            [('\u{202E}', Kind::Bidi), ('\u{2066}', Kind::Bidi)]
        );
        assert_eq!(kinds("plain \u{200E}text"), [('\u{200E}', Kind::Bidi)]);
    }

    #[test]
    fn keys_are_checked_for_spaces() {
        let text = "title\u{A0}: x\n";
        let found = find(text, &[Span::new(0, 7)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::InKey);
        assert_eq!(found[0].span, Span::new(5, 7));
    }
}

//! The single-byte code pages UTF-8 text is commonly mis-decoded with
//! (Windows-1252, Mac OS Roman), and the way back: re-encoding text through
//! one and reading the bytes as UTF-8.

use std::sync::LazyLock;

/// A single-byte code page that UTF-8 text is commonly mis-decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePage {
    /// Windows-1252, including Latin-1's C1 controls for bytes 0x80–0x9F
    /// (what ISO-8859-1 decoders and Windows produce for the five bytes
    /// Windows-1252 leaves undefined).
    Windows1252,
    MacRoman,
}

impl CodePage {
    pub const ALL: [CodePage; 2] = [CodePage::Windows1252, CodePage::MacRoman];

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Windows1252 => "Windows-1252",
            CodePage::MacRoman => "Mac OS Roman",
        }
    }

    /// The character a byte 0x80–0xFF decodes to.
    pub fn decode_byte(self, byte: u8) -> Option<char> {
        let index = usize::from(byte.checked_sub(0x80)?);
        match self {
            CodePage::Windows1252 => Some(match WINDOWS_1252_80_9F.get(index) {
                Some(&c) => c,
                None => char::from(byte),
            }),
            CodePage::MacRoman => MAC_ROMAN_80_FF.get(index).copied(),
        }
    }

    /// The byte 0x80–0xFF a non-ASCII character stands for, if any.
    pub fn encode_char(self, c: char) -> Option<u8> {
        let (bytes, pairs) = match self {
            CodePage::Windows1252 => (&*BYTES_1252, &*REVERSE_1252),
            CodePage::MacRoman => (&*BYTES_MAC_ROMAN, &*REVERSE_MAC_ROMAN),
        };
        match bytes.get(c as usize) {
            Some(0) => None,
            Some(&byte) => Some(byte),
            // Past the table: no code page has such a character, but the
            // pairs say so, not an assumption.
            None => pairs
                .binary_search_by_key(&c, |&(ch, _)| ch)
                .ok()
                .map(|i| pairs[i].1),
        }
    }
}

/// Each code page's byte for the characters below U+10000 (0: none): the
/// quick test asks it of every non-ASCII character of every file, a
/// lookup instead of a search.
fn byte_table(pairs: &[(char, u8)], latin1: bool) -> Box<[u8]> {
    let mut table = vec![0u8; 0x1_0000].into_boxed_slice();
    for &(c, byte) in pairs {
        if let Some(slot) = table.get_mut(c as usize) {
            *slot = byte;
        }
    }
    if latin1 {
        // Latin-1: U+0080–U+00FF are their own byte (C1 controls
        // included, which covers Windows-1252's undefined bytes).
        for byte in 0x80..=0xFF_u8 {
            table[usize::from(byte)] = byte;
        }
    }
    table
}

static BYTES_1252: LazyLock<Box<[u8]>> = LazyLock::new(|| byte_table(&REVERSE_1252, true));

static BYTES_MAC_ROMAN: LazyLock<Box<[u8]>> =
    LazyLock::new(|| byte_table(&REVERSE_MAC_ROMAN, false));

/// Windows-1252 bytes 0x80–0x9F; the five undefined ones read as the C1
/// control of the same number, as browsers and Windows decode them.
const WINDOWS_1252_80_9F: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Mac OS Roman bytes 0x80–0xFF (Apple's table as of Mac OS 8.5: 0xDB is
/// the euro sign, 0xF0 the Apple logo).
const MAC_ROMAN_80_FF: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{A0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', //
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    '\u{F8FF}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ', //
];

fn reverse(table: &[char], first: u8) -> Vec<(char, u8)> {
    let mut pairs: Vec<(char, u8)> = table
        .iter()
        .zip(first..=u8::MAX)
        .map(|(&c, b)| (c, b))
        .collect();
    pairs.sort_unstable();
    pairs
}

static REVERSE_1252: LazyLock<Vec<(char, u8)>> =
    LazyLock::new(|| reverse(&WINDOWS_1252_80_9F, 0x80));

static REVERSE_MAC_ROMAN: LazyLock<Vec<(char, u8)>> =
    LazyLock::new(|| reverse(&MAC_ROMAN_80_FF, 0x80));

/// Re-encodes `text` through a code page and decodes the bytes as UTF-8:
/// the inverse of a mis-decoding, when `text` is one.
pub fn redecode(text: &str, page: CodePage) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            bytes.push(c as u8);
        } else {
            bytes.push(page.encode_char(c)?);
        }
    }
    String::from_utf8(bytes).ok()
}

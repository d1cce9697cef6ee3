//! Finding mojibake: UTF-8 text that was decoded as Windows-1252 (or
//! Latin-1) or Mac OS Roman and saved again, so that `é` reads `Ã©` or `√©`.
//!
//! The approach is ftfy's (re-encode, re-decode, keep what is more
//! plausible), with our own code and heuristics:
//!
//! 1. A *run* is a maximal sequence of characters that a code page maps to
//!    its bytes 0x80–0xFF. Re-encoding a run gives bytes; every complete
//!    UTF-8 sequence in them is a candidate, and adjacent candidates form a
//!    *chunk* (the characters that would be replaced).
//! 2. Real text rarely re-encodes to valid UTF-8 at all, and when it does
//!    the characters involved sit in natural places: a letter before a
//!    closing quote, a dash before a word (`—Él`, `L’été`). Mojibake puts
//!    characters in places text never does: a capital letter glued after a
//!    lowercase one (`cafÃ©`), a letter followed by a currency or math sign
//!    (`â€™`), C1 control characters. [`oddness`] counts such juxtapositions.
//! 3. A chunk is reported on its own when it is odd enough for what it
//!    decodes to: a common target (Latin-1 and Latin Extended-A letters,
//!    punctuation, symbols, CJK, emoji) needs one oddity, a rare one (IPA,
//!    Armenian, a lone Cyrillic letter glued to Latin ones) two, and a
//!    decoding to a control or unassigned character is never taken. The
//!    decoded text must also be less odd than the source.
//! 4. A file (else a line) whose every non-ASCII character belongs to a
//!    complete candidate is *consistent* with having been mis-decoded as a
//!    whole; when it also holds one chunk reported on its own, every chunk in
//!    it is reported, including the ones that would look natural alone
//!    (`√π` is `ù` in a French file read as Mac OS Roman).
//!
//! Mac OS Roman maps byte 0xF0 to the Apple logo (U+F8FF), a private-use
//! character that is often lost on the way; a four-byte emoji then shows as
//! three characters (`üî©` for `🔩`). A standalone `ü` followed by two more
//! continuation characters that decode to an emoji is read that way.

use super::codepages::{CodePage, redecode};
use crate::diagnostic::Span;

/// One run of mojibake and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    /// The mis-decoded characters, in file offsets.
    pub span: Span,
    pub code_page: CodePage,
    /// The text the UTF-8 bytes spell.
    pub original: String,
    /// Mac OS Roman: the Apple logo that stood for the emoji's first byte was
    /// lost, and the fix restores that byte too.
    pub lost_lead: bool,
}

/// Finds the mojibake in `text`. `in_code` tells whether an offset lies in
/// a code span or block: a chunk there is only reported when the file or the
/// line as a whole is mis-decoded (a post may show mojibake on purpose).
pub fn find(text: &str, in_code: impl Fn(usize) -> bool) -> Vec<Mojibake> {
    if !may_hold_mojibake(text) {
        return Vec::new();
    }
    read_both_ways(text, in_code)
}

/// `find` past its quick test: every non-ASCII character read through
/// both code pages.
fn read_both_ways(text: &str, in_code: impl Fn(usize) -> bool) -> Vec<Mojibake> {
    let scans: Vec<Scan> = CodePage::ALL
        .iter()
        .map(|&page| Scan::new(text, page, &in_code))
        .collect();

    // A file mis-decoded as a whole: take that code page everywhere.
    // When both code pages read it back, the one with more believable
    // results wins, Windows-1252 on a tie.
    let mut whole: Option<&Scan> = None;
    for scan in &scans {
        if scan.consistent
            && scan.chunks.iter().any(|c| c.odd_enough)
            && whole.is_none_or(|best| scan.rank() > best.rank())
        {
            whole = Some(scan);
        }
    }
    if let Some(scan) = whole {
        // Every chunk, whatever it decodes to: the bytes are what the file
        // held before it was mis-decoded (even a `\u{FFFD}` it had).
        return scan.chunks.iter().map(|c| c.finding(scan.page)).collect();
    }

    // (only_alone, tier, score, finding): a line mis-decoded as a whole is
    // the strongest reading, so it sorts first.
    let mut found: Vec<(bool, Tier, u32, Mojibake)> = Vec::new();
    for scan in &scans {
        for chunk in &scan.chunks {
            let line_wide = scan.line_is_mojibake(chunk.line);
            let alone = chunk.odd_enough && !chunk.in_code;
            if line_wide || alone {
                found.push((
                    !line_wide,
                    chunk.tier,
                    chunk.score,
                    chunk.finding(scan.page),
                ));
            }
        }
    }
    // Two code pages may claim overlapping characters: keep the line-wide
    // reading, then the more believable result, then the odder source
    // (Windows-1252 on a tie).
    found.sort_by_key(|(alone, tier, score, m)| {
        (m.span.start, *alone, *tier, std::cmp::Reverse(*score))
    });
    let mut out: Vec<Mojibake> = Vec::with_capacity(found.len());
    for (_, _, _, m) in found {
        match out.last() {
            Some(last) if m.span.start < last.span.end => {}
            _ => out.push(m),
        }
    }
    out
}

/// Whether some code page reads two neighbouring characters of `text` as
/// the first two bytes of a UTF-8 sequence (a lead byte, or Mac OS Roman's
/// 0x9F after a lost Apple logo, then a continuation byte): no mojibake
/// without them. Accents and curly quotes next to ASCII, what most posts
/// hold, are passed over without the two full readings.
fn may_hold_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = next_non_ascii(bytes, 0);
    while at < text.len() {
        let mut chars = text[at..].chars();
        let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
            return false;
        };
        if !second.is_ascii()
            && CodePage::ALL.iter().any(|&page| {
                let lead = page.encode_char(first).is_some_and(|b| {
                    (0xC2..=0xF4).contains(&b) || (page == CodePage::MacRoman && b == 0x9F)
                });
                lead && page
                    .encode_char(second)
                    .is_some_and(|b| (0x80..=0xBF).contains(&b))
            })
        {
            return true;
        }
        at = next_non_ascii(bytes, at + first.len_utf8());
    }
    false
}

/// How believable a decoded chunk is as what the author wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Good,
    Rare,
    /// Private use: believable only when the whole file is mis-decoded.
    PrivateUse,
    Invalid,
}

#[derive(Debug)]
struct Chunk {
    span: Span,
    decoded: String,
    lost_lead: bool,
    score: u32,
    tier: Tier,
    odd_enough: bool,
    in_code: bool,
    line: usize,
}

impl Chunk {
    fn finding(&self, page: CodePage) -> Mojibake {
        Mojibake {
            span: self.span,
            code_page: page,
            original: self.decoded.clone(),
            lost_lead: self.lost_lead,
        }
    }
}

/// The offset of the first non-ASCII byte at or after `from` (the end if
/// there is none). Blocks are tested whole (`is_ascii` reads a word at a
/// time): prose is mostly ASCII, and a byte-by-byte scan was most of this
/// rule's time.
fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    const BLOCK: usize = 64;
    let mut at = from;
    while let Some(block) = bytes.get(at..at + BLOCK)
        && block.is_ascii()
    {
        at += BLOCK;
    }
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|b| !b.is_ascii()))
        .map_or(bytes.len(), |i| at + i)
}

/// One code page's reading of a text.
struct Scan {
    page: CodePage,
    chunks: Vec<Chunk>,
    /// Every non-ASCII character belongs to a complete candidate.
    consistent: bool,
    /// Lines (0-based) holding a non-ASCII character that is not part of a
    /// complete candidate, sorted.
    inconsistent_lines: Vec<usize>,
    /// Consistent lines holding a chunk that is mojibake on its own (outside
    /// code), sorted: every chunk on them is reported.
    mojibake_lines: Vec<usize>,
}

/// A character of a run: its offset, the character, and its byte.
#[derive(Clone, Copy)]
struct Cell {
    at: usize,
    ch: char,
    byte: u8,
}

impl Scan {
    fn new(text: &str, page: CodePage, in_code: &impl Fn(usize) -> bool) -> Scan {
        let mut scan = Scan {
            page,
            chunks: Vec::new(),
            consistent: true,
            inconsistent_lines: Vec::new(),
            mojibake_lines: Vec::new(),
        };
        let mut run: Vec<Cell> = Vec::new();
        let mut before: Option<char> = None;
        let mut prev: Option<char> = None;
        let mut line = 0usize;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < text.len() {
            // Between runs, ASCII only moves the line count along: skip it.
            if run.is_empty() {
                let next = next_non_ascii(bytes, at);
                if next > at {
                    line += memchr::memchr_iter(b'\n', &bytes[at..next]).count();
                    prev = Some(char::from(bytes[next - 1]));
                    at = next;
                    if at == text.len() {
                        break;
                    }
                }
            }
            let Some(ch) = text[at..].chars().next() else {
                break;
            };
            let byte = if ch.is_ascii() {
                None
            } else {
                page.encode_char(ch)
            };
            match byte {
                Some(byte) => {
                    if run.is_empty() {
                        before = prev;
                    }
                    run.push(Cell { at, ch, byte });
                }
                None => {
                    if !run.is_empty() {
                        scan.run(text, &run, before, Some(ch), line, in_code);
                        run.clear();
                    }
                    if !ch.is_ascii() {
                        scan.mark_inconsistent(line);
                    }
                    if ch == '\n' {
                        line += 1;
                    }
                }
            }
            prev = Some(ch);
            at += ch.len_utf8();
        }
        if !run.is_empty() {
            scan.run(text, &run, before, None, line, in_code);
        }
        let mut lines: Vec<usize> = scan
            .chunks
            .iter()
            .filter(|c| c.odd_enough && !c.in_code)
            .map(|c| c.line)
            .filter(|line| scan.inconsistent_lines.binary_search(line).is_err())
            .collect();
        lines.dedup();
        scan.mojibake_lines = lines;
        scan
    }

    /// How convincing this reading is: believable results first, then how
    /// odd the source was.
    fn rank(&self) -> (usize, u32) {
        let good = self.chunks.iter().filter(|c| c.tier == Tier::Good).count();
        let score = self.chunks.iter().map(|c| c.score).sum();
        (good, score)
    }

    fn mark_inconsistent(&mut self, line: usize) {
        self.consistent = false;
        if self.inconsistent_lines.last() != Some(&line) {
            self.inconsistent_lines.push(line);
        }
    }

    fn line_is_mojibake(&self, line: usize) -> bool {
        self.mojibake_lines.binary_search(&line).is_ok()
    }

    /// Splits a run into chunks of complete UTF-8 sequences.
    fn run(
        &mut self,
        text: &str,
        run: &[Cell],
        before: Option<char>,
        after: Option<char>,
        line: usize,
        in_code: &impl Fn(usize) -> bool,
    ) {
        let bytes: Vec<u8> = run.iter().map(|cell| cell.byte).collect();
        let char_at = |i: usize| -> Option<char> {
            match i.checked_sub(1) {
                None => before,
                Some(j) => run.get(j).map(|cell| cell.ch),
            }
        };
        // `char_at(i)` is the character before cell `i`.
        let mut complete = true;
        let mut start: Option<usize> = None;
        let mut decoded: Vec<char> = Vec::new();
        let mut lost_lead = false;
        let mut i = 0;
        while i < bytes.len() {
            let sequence = utf8_sequence(&bytes[i..]).map(|(c, len)| (c, len, false));
            let sequence = sequence.or_else(|| {
                let follows = run.get(i + 3).map(|cell| cell.ch).or(after);
                (self.page == CodePage::MacRoman
                    && start.is_none()
                    && !char_at(i).is_some_and(char::is_alphanumeric)
                    && !follows.is_some_and(|c| c.is_ascii_alphanumeric()))
                .then(|| lost_apple_logo(&bytes[i..]))
                .flatten()
                .map(|c| (c, 3, true))
            });
            match sequence {
                Some((c, len, lost)) => {
                    start.get_or_insert(i);
                    decoded.push(c);
                    lost_lead |= lost;
                    i += len;
                }
                None => {
                    if let Some(first) = start.take() {
                        self.chunk(
                            text,
                            run,
                            first,
                            i,
                            &decoded,
                            lost_lead,
                            (before, after),
                            line,
                            in_code,
                        );
                        decoded.clear();
                        lost_lead = false;
                    }
                    complete = false;
                    i += 1;
                }
            }
        }
        if let Some(first) = start {
            self.chunk(
                text,
                run,
                first,
                i,
                &decoded,
                lost_lead,
                (before, after),
                line,
                in_code,
            );
        }
        if !complete {
            self.mark_inconsistent(line);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn chunk(
        &mut self,
        text: &str,
        run: &[Cell],
        first: usize,
        end: usize,
        decoded: &[char],
        lost_lead: bool,
        (before, after): (Option<char>, Option<char>),
        line: usize,
        in_code: &impl Fn(usize) -> bool,
    ) {
        let source: Vec<char> = run[first..end].iter().map(|cell| cell.ch).collect();
        let prev = first.checked_sub(1).map_or(before, |j| Some(run[j].ch));
        let next = run.get(end).map(|cell| cell.ch).or(after);
        let start_at = run[first].at;
        let end_at = run[end - 1].at + run[end - 1].ch.len_utf8();
        debug_assert!(text.is_char_boundary(end_at));

        if lost_lead && next.is_some_and(char::is_alphanumeric) {
            self.mark_inconsistent(line);
            return;
        }
        let mut score = oddness(&source, prev, next);
        if lost_lead {
            score += 1;
        }
        // Mojibake of mojibake: decode again while that gives a common
        // result that is less odd (`Ã¢â‚¬â„¢` → `â€™` → `’`).
        let mut result: Vec<char> = decoded.to_vec();
        for _ in 0..3 {
            let odd = oddness(&result, prev, next);
            if odd == 0 {
                break;
            }
            let text: String = result.iter().collect();
            let Some(again) = redecode(&text, self.page) else {
                break;
            };
            let again: Vec<char> = again.chars().collect();
            if again == result
                || tier(&again, prev, next) != Tier::Good
                || oddness(&again, prev, next) >= odd
            {
                break;
            }
            result = again;
        }
        let tier = tier(&result, prev, next);
        let threshold = if tier == Tier::Good { 1 } else { 2 };
        let odd_enough =
            tier <= Tier::Rare && score >= threshold && oddness(&result, prev, next) < score;
        self.chunks.push(Chunk {
            span: Span::new(start_at, end_at),
            decoded: result.into_iter().collect(),
            lost_lead,
            score,
            tier,
            odd_enough,
            in_code: in_code(start_at),
            line,
        });
    }
}

/// The character a complete, valid multi-byte UTF-8 sequence at the start
/// of `bytes` encodes, and its length.
fn utf8_sequence(bytes: &[u8]) -> Option<(char, usize)> {
    let len = match bytes.first()? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let sequence = std::str::from_utf8(bytes.get(..len)?).ok()?;
    sequence.chars().next().map(|c| (c, len))
}

/// An emoji (U+1F000–U+1FAFF) whose first byte, 0xF0, went missing with the
/// Apple logo that stood for it.
fn lost_apple_logo(bytes: &[u8]) -> Option<char> {
    let [0x9F, b2, b3, ..] = *bytes else {
        return None;
    };
    let (c, _) = utf8_sequence(&[0xF0, 0x9F, b2, b3])?;
    ('\u{1F000}'..='\u{1FAFF}').contains(&c).then_some(c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// C1 controls, the Apple logo, the replacement character: no text
    /// holds them next to other accented characters.
    Control,
    Open,
    Close,
    /// Dashes, ellipsis, bullets: natural between words.
    Punct,
    Space,
    Currency,
    Math,
    /// © ® ™ § ¶ †
    Mark,
    /// Characters text almost never puts next to another accented
    /// character: spacing accents, ¬ ¦ ¤ ¢ ƒ ‰ ◊ ⁄ ‡ ª º and ligatures.
    Rare,
    Upper,
    Lower,
    AsciiLetter,
    Ascii,
    Other,
}

fn class(c: char) -> Class {
    match c {
        '\u{80}'..='\u{9F}' | '\u{F8FF}' | '\u{FFFD}' => Class::Control,
        '‘' | '“' | '‚' | '„' | '«' | '‹' | '¡' | '¿' => Class::Open,
        '’' | '”' | '»' | '›' => Class::Close,
        '–' | '—' | '…' | '•' | '·' => Class::Punct,
        '\u{A0}' | '\u{AD}' => Class::Space,
        '€' | '£' | '¥' => Class::Currency,
        '±' | '×' | '÷' | '√' | '∂' | '∑' | '∏' | 'π' | '∫' | 'Ω' | '≈' | '∆' | '≠' | '∞' | '≤'
        | '≥' | 'µ' | '¹' | '²' | '³' | '¼' | '½' | '¾' | '°' => Class::Math,
        '©' | '®' | '™' | '§' | '¶' | '†' => Class::Mark,
        '¬' | '¦' | '¤' | '¢' | 'ƒ' | '‰' | '◊' | '⁄' | 'ﬁ' | 'ﬂ' | '‡' | 'ª' | 'º' | '´' | '¨'
        | '¯' | '¸' | 'ˆ' | '˜' | '˘' | '˙' | '˚' | '˝' | '˛' | 'ˇ' => Class::Rare,
        c if c.is_ascii_alphabetic() => Class::AsciiLetter,
        c if c.is_ascii() => Class::Ascii,
        c if c.is_uppercase() => Class::Upper,
        c if c.is_lowercase() => Class::Lower,
        _ => Class::Other,
    }
}

fn is_letter(class: Class) -> bool {
    matches!(class, Class::Upper | Class::Lower)
}

fn is_symbol(class: Class) -> bool {
    matches!(class, Class::Currency | Class::Math | Class::Mark)
}

/// Counts the juxtapositions in `chars` (with the characters around it)
/// that real text does not produce and mojibake does.
fn oddness(chars: &[char], prev: Option<char>, next: Option<char>) -> u32 {
    let at = |i: usize| {
        chars
            .get(i)
            .copied()
            .or(if i == chars.len() { next } else { None })
    };
    let alnum_at = |i: usize| at(i).is_some_and(char::is_alphanumeric);
    let mut score = 0;
    for (i, &c) in chars.iter().enumerate() {
        let cc = class(c);
        match cc {
            Class::Control => score += 2,
            Class::Rare if chars.len() > 1 => score += 1,
            _ => {}
        }
        if matches!(c, 'œ' | 'Œ') && !at(i + 1).is_some_and(|d| d.is_ascii_alphabetic()) {
            score += 1;
        }
        // A soft hyphen marks a break inside a word; next to anything but
        // letters it is mojibake (`á»\u{ad}`, `Å\u{ad}`).
        if c == '\u{AD}' {
            let before = if i == 0 { prev } else { Some(chars[i - 1]) };
            if !before.is_some_and(char::is_alphabetic)
                || !at(i + 1).is_some_and(char::is_alphabetic)
            {
                score += 1;
            }
        }
        let Some(&d) = chars.get(i + 1) else {
            continue;
        };
        let dc = class(d);
        // A lowercase letter directly followed by a capital: `ƒÄ`, `ðŸ`.
        if cc == Class::Lower && dc == Class::Upper {
            score += 1;
        }
        // A letter followed by a symbol that does not end words (`Ã©`,
        // `â€`); `®`, `™` and `†` may follow a name.
        if is_letter(cc) && is_symbol(dc) && !matches!(d, '®' | '™' | '†') {
            score += 1;
        }
        // A symbol followed by a letter (`√ß`, `€œ`).
        if is_symbol(cc) && is_letter(dc) {
            score += 1;
        }
        // Mac OS Roman's most common lead, `√`, before anything but math.
        if c == '√' && !matches!(d, 'π' | '∞') {
            score += 1;
        }
        // The leads of Windows-1252's most common mojibake (Latin-1
        // letters and symbols, Greek, Cyrillic, punctuation and arrows),
        // unless `Ã` or `â` ends a Portuguese word before a quote or dash
        // (`IRMÃ”`).
        if matches!(c, 'Â' | 'Ã' | 'Î' | 'Ð' | 'Ñ' | 'â') {
            let after_letter = if i == 0 { prev } else { Some(chars[i - 1]) };
            let word_end = matches!(c, 'Ã' | 'â')
                && after_letter.is_some_and(char::is_alphabetic)
                && matches!(d, '’' | '”' | '»' | '›' | '–' | '—' | '…')
                && !alnum_at(i + 2);
            if !word_end {
                score += 1;
            }
        }
        // A capital, a no-break space or soft hyphen, and the rest of the
        // word in lowercase: `Å\u{a0}vedska` for `Švedska`.
        if cc == Class::Upper
            && dc == Class::Space
            && at(i + 2).is_some_and(|e| e.is_ascii_lowercase())
        {
            score += 1;
        }
        // `×` before a letter, quote or mark (Hebrew in Windows-1252);
        // `5×£35` and `4288×…` are real.
        if c == '×' && !matches!(dc, Class::Currency | Class::Math) && d != '…' {
            score += 1;
        }
        // `≈` before anything but a currency sign (Latin Extended-A in Mac
        // OS Roman; `≈£5` is real).
        if c == '≈' && dc != Class::Currency {
            score += 1;
        }
        // Quotes inside a word: `Ã¡b`, `Ã‘o`.
        if is_letter(cc) && matches!(dc, Class::Open | Class::Close) && alnum_at(i + 2) {
            score += 1;
        }
        // A closing quote straight after a letter and before an opening
        // one: `ï»¿` (a byte order mark).
        if is_letter(cc) && dc == Class::Close && at(i + 2).is_some_and(|e| class(e) == Class::Open)
        {
            score += 1;
        }
        // A closing quote before a currency, math or rare sign: `á»£`
        // (Vietnamese in Windows-1252); `”†` is a footnote.
        if cc == Class::Close
            && (matches!(dc, Class::Currency | Class::Math | Class::Rare)
                || (dc == Class::Mark && d != '†'))
        {
            score += 1;
        }
        // Punctuation leading a three-character sequence: `‚Äô`, `‚àô`.
        if matches!(cc, Class::Open | Class::Punct) && i + 2 < chars.len() {
            score += 1;
        }
        // Accented letters in a row, as no word has them: `Êñá` (CJK in
        // Mac OS Roman), `ŸÖŸÑŸÅ` (Arabic); an alphabet in capitals
        // (`ÈÉÆØÅ`) is not odd.
        let starts_row = is_letter(cc) && (i == 0 || !is_letter(class(chars[i - 1])));
        if starts_row {
            let letters = chars[i..]
                .iter()
                .take_while(|&&e| is_letter(class(e)))
                .count();
            if letters >= 4
                || (letters == 3 && !chars[i..i + 3].iter().all(|&e| class(e) == Class::Upper))
            {
                score += 1;
            }
        }
        // The leads of Latin Extended-A before anything but what ends a
        // word (`Ä…` for `ą`, `Å®` for `Ů`; `PÅ…` is real).
        if matches!(c, 'Ä' | 'Å') && !matches!(dc, Class::Close | Class::Punct | Class::Space) {
            score += 1;
        }
        // Romanian `ș` and `ț` in both code pages: `È™`, `Èš`, `»ô`, `»õ`.
        if (c == 'È' && matches!(d, '˜' | '™' | 'š' | '›'))
            || (c == '»' && matches!(d, 'ô' | 'õ' | 'ò'))
        {
            score += 1;
        }
        // `Å` before a no-break space is `Š` (`GREÅ\u{a0}KA`).
        if c == 'Å' && d == '\u{A0}' {
            score += 1;
        }
        // `™` or `®` before a quote, currency or rare sign (`æ™‚`).
        if matches!(c, '™' | '®' | '©')
            && matches!(
                dc,
                Class::Open | Class::Currency | Class::Rare | Class::Mark
            )
        {
            score += 1;
        }
    }
    if let (Some(p), Some(&first)) = (prev, chars.first()) {
        let fc = class(first);
        // Glued to the end of a lowercase word: `cafÃ©`, `siÄ™`.
        if p.is_ascii_lowercase() && fc == Class::Upper {
            score += 1;
        }
        if p.is_ascii_alphabetic() && (is_symbol(fc) || fc == Class::Rare) {
            score += 1;
        }
        // A quote, dash or ellipsis glued to the end of a word and
        // followed by another such character: `Mure»ô` (Mac OS Roman for
        // `Mureș`), `Antil…ôri` (for `Antilləri`), `pa«µina`.
        if p.is_ascii_alphabetic()
            && matches!(fc, Class::Open | Class::Close | Class::Punct)
            && chars.len() > 1
        {
            score += 1;
        }
    }
    if let (Some(n), Some(&last)) = (next, chars.last()) {
        let lc = class(last);
        if n.is_ascii_alphabetic() && (is_symbol(lc) || lc == Class::Rare) {
            score += 1;
        }
    }
    score
}

/// How believable `decoded` is as the characters the author wrote.
fn tier(decoded: &[char], prev: Option<char>, next: Option<char>) -> Tier {
    let word = decoded.len() > 1
        && decoded
            .iter()
            .all(|&d| ('\u{370}'..='\u{7FF}').contains(&d) && (d.is_alphabetic() || is_mark(d)));
    let glued = prev.is_some_and(|p| p.is_ascii_alphabetic())
        || next.is_some_and(|n| n.is_ascii_alphabetic());
    let mut worst = Tier::Good;
    for (i, &c) in decoded.iter().enumerate() {
        let code = u32::from(c);
        let tier = match code {
            0x80..=0x9F | 0xFFFD | 0xFDD0..=0xFDEF => Tier::Invalid,
            _ if code & 0xFFFE == 0xFFFE => Tier::Invalid,
            0x4_0000..=0xD_FFFF => Tier::Invalid,
            0xE000..=0xF8FF | 0xF_0000.. => Tier::PrivateUse,
            0xA0..=0x17F | 0x1CD..=0x1DC | 0x218..=0x21B => Tier::Good,
            _ if ORTHOGRAPHY.contains(&c) => Tier::Good,
            // Combining accents (decomposed text), after a letter.
            0x300..=0x36F => {
                let base = if i == 0 { prev } else { Some(decoded[i - 1]) };
                if base.is_some_and(char::is_alphabetic) {
                    Tier::Good
                } else {
                    Tier::Rare
                }
            }
            // Greek, Cyrillic, Armenian, Hebrew, Arabic and the other
            // scripts of two-byte UTF-8: believable as a word, or as one
            // common letter standing apart; not as one letter glued to Latin
            // ones (`—Él` is not `уl`, `L’été` is not `LՎté`).
            0x370..=0x7FF => {
                let common = matches!(code,
                    0x386..=0x3CE | 0x400..=0x45F | 0x531..=0x587 | 0x5D0..=0x5EA | 0x620..=0x64A
                );
                if word || (common && !glued) {
                    Tier::Good
                } else {
                    Tier::Rare
                }
            }
            0x800.. => Tier::Good,
            _ => Tier::Rare,
        };
        worst = worst.max(tier);
    }
    worst
}

/// Letters of Latin Extended-B and IPA that living orthographies use
/// (Azerbaijani, Vietnamese, West African languages, Hawaiian…): as common
/// a target as Latin-1.
const ORTHOGRAPHY: &[char] = &[
    'Ɓ', 'ɓ', 'Ɔ', 'ɔ', 'Ɗ', 'ɗ', 'Ǝ', 'ǝ', 'Ə', 'ə', 'Ɛ', 'ɛ', 'Ɣ', 'ɣ', 'Ƙ', 'ƙ', 'Ɲ', 'ɲ', 'Ơ',
    'ơ', 'Ư', 'ư', 'Ʋ', 'ʋ', 'Ƴ', 'ƴ', 'Ʒ', 'ʒ', 'Ʃ', 'ʃ', 'Ǧ', 'ǧ', 'Ǩ', 'ǩ', 'Ǯ', 'ǯ', 'ʻ', 'ʼ',
];

/// A combining mark of the two-byte scripts (Hebrew points, Arabic
/// vowel signs, Cyrillic titlo…).
fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x483..=0x489 | 0x591..=0x5C7 | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED | 0x711 | 0x730..=0x74A | 0x7A6..=0x7B0 | 0x7EB..=0x7F3)
}

#[cfg(test)]
mod tests;

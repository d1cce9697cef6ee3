//! The mojibake scan on text mis-decoded on purpose, and on text that only
//! looks odd.

use super::*;

/// Every text with mojibake passes the quick test: random strings of
/// ASCII, accents, symbols and mojibake pieces of both code pages.
#[test]
fn texts_with_mojibake_pass_the_quick_test() {
    let pieces = [
        "a", " ", "\n", "é", "’", "—", "Ã©", "â€™", "Ã", "©", "Ÿ", "ü", "√", "∂", "Ô£ø", "üòÄ",
        "Ÿò", "ÔøΩ", "Â", "\u{A0}", "日本", "â", "€", "ð", "Ÿ\u{A0}", "`x`",
    ];
    let mut seed = 3u32;
    let (mut found, mut skipped) = (0, 0);
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..1 + (seed >> 4) % 8 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(pieces[(seed >> 8) as usize % pieces.len()]);
        }
        let quick = may_hold_mojibake(&text);
        if !read_both_ways(&text, |_| false).is_empty() {
            found += 1;
            assert!(quick, "{text:?}");
        }
        skipped += usize::from(!quick && !text.is_ascii());
    }
    assert!(
        found > 1000 && skipped > 1000,
        "{found} found, {skipped} skipped"
    );
}

#[test]
fn the_next_non_ascii_byte_is_found_across_blocks() {
    for len in [0, 1, 63, 64, 65, 130] {
        for place in 0..=len {
            let mut bytes = vec![b'a'; len];
            if place < len {
                bytes[place] = 0xC3;
            }
            for from in 0..=len {
                let expected = bytes[from..]
                    .iter()
                    .position(|b| !b.is_ascii())
                    .map_or(len, |i| from + i);
                assert_eq!(
                    next_non_ascii(&bytes, from),
                    expected,
                    "{len} {place} {from}"
                );
            }
        }
    }
}

fn fixed(text: &str) -> String {
    let mut out = text.to_string();
    for m in find(text, |_| false).iter().rev() {
        out.replace_range(m.span.range(), &m.original);
    }
    out
}

fn misdecode(text: &str, page: CodePage) -> String {
    text.bytes()
        .map(|b| {
            if b < 0x80 {
                char::from(b)
            } else {
                page.decode_byte(b).unwrap()
            }
        })
        .collect()
}

#[test]
fn tables_round_trip() {
    for page in CodePage::ALL {
        for byte in 0x80..=0xFF {
            let c = page.decode_byte(byte).unwrap();
            assert_eq!(page.encode_char(c), Some(byte), "{page:?} {byte:#x}");
        }
    }
}

#[test]
fn only_decoded_and_latin1_characters_encode() {
    for page in CodePage::ALL {
        let decoded: Vec<(char, u8)> = (0x80..=0xFF_u8)
            .map(|byte| (page.decode_byte(byte).unwrap(), byte))
            .collect();
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            // Windows-1252 read as Latin-1 too: U+0080–U+00FF are
            // their own byte (the C1 controls a decoder may give).
            let latin1 = page == CodePage::Windows1252 && ('\u{80}'..='\u{FF}').contains(&c);
            let expected = match latin1 {
                true => u8::try_from(u32::from(c)).ok(),
                false => decoded.iter().find(|(ch, _)| *ch == c).map(|(_, b)| *b),
            };
            assert_eq!(page.encode_char(c), expected, "{page:?} {c:?}");
        }
    }
}

#[test]
fn fixes_the_classics() {
    assert_eq!(fixed("cafÃ© au lait"), "café au lait");
    assert_eq!(fixed("It’s"), "It’s");
    assert_eq!(fixed("Itâ€™s fine"), "It’s fine");
    assert_eq!(fixed("caf√© au lait"), "café au lait");
    assert_eq!(fixed("It‚Äôs fine"), "It’s fine");
    assert_eq!(fixed("whiteboard ‚àô 2 May"), "whiteboard ∙ 2 May");
    assert_eq!(fixed("### üî© Where"), "### 🔩 Where");
    assert_eq!(fixed("##### üó°Ô∏è Habits"), "##### 🗡️ Habits");
    assert_eq!(fixed("Ã¼ber"), "über");
    assert_eq!(fixed("10 Î¼s"), "10 μs");
    assert_eq!(fixed("ðŸ˜€ hi"), "😀 hi");
}

#[test]
fn leaves_real_text_alone() {
    for text in [
        "„Das ist ‚gut‘“, sagte sie.",
        "Ação, coração, não — é?",
        "L’été dernier, à Paris…",
        "—Él no vino —dijo ella.",
        "«Élan» et “Ébauche”",
        "»Öl« und »über«",
        "CAFÉ—and then NESTLÉ® or ZZAJÉ’s",
        "(-1/2)! = √π and 2012—∞ and ∆° and 5×£35 and 4288×…",
        "東京タワー 🗼 👩‍💻 — naïve café",
        "üçüncü gün",
        "the café…” she said",
        "SELKÄ\u{a0}EDELLÄ",
        "QUEM É¿",
    ] {
        assert_eq!(find(text, |_| false), [], "{text}");
    }
}

#[test]
fn whole_file_misdecoding_is_undone_exactly() {
    let original = "Où est la gare? √π 1920×1080 naïve — “quoted” 🔩 中文 עברית ﻿ end";
    for page in CodePage::ALL {
        let broken = misdecode(original, page);
        assert_eq!(fixed(&broken), original, "{page:?}: {broken}");
    }
}

#[test]
fn double_mojibake_is_undone() {
    let once = misdecode("it’s", CodePage::Windows1252);
    let twice = misdecode(&once, CodePage::Windows1252);
    assert_eq!(fixed(&twice), "it’s");
}

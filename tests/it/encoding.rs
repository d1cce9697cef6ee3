//! ENC002 (mojibake) and ENC003 (invisible characters): the real binary on
//! the example site, the fixes applied at library level, real text in many
//! languages that must stay untouched, and the corpus round trip: every
//! corpus file mis-decoded through Windows-1252 and Mac OS Roman is found,
//! and applying the fixes restores its bytes exactly.

use crate::common;

use std::fs;

use common::{Scratch, run};
use postlint::config::{Overrides, Settings};
use postlint::diagnostic::Diagnostic;
use postlint::engine::{example_site, lint_text};
use postlint::generator::Flavor;
use postlint::site::Site;

const LEDGER: &str = "fixtures/hugo-blog/content/posts/cafe-ledger.md";
const SEED: &str = "fixtures/hugo-blog/content/posts/architects-and-tech-leads.md";
const INVISIBLE: &str = "fixtures/hugo-blog/content/posts/invisible-characters.md";
const LANGUAGES: &str = "fixtures/hugo-blog/content/posts/notes-in-many-languages.md";
const JOINERS: &str = "fixtures/hugo-blog/content/posts/joiners.md";

fn settings(site: &Site, select: &str) -> Settings {
    let overrides = Overrides {
        select: Some(vec![select.to_string()]),
        ..Overrides::default()
    };
    Settings::defaults(&site.root, &overrides).expect("default settings")
}

/// Applies every fix of `diagnostics` to `text`, as `--fix` will.
fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut edits: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
        .collect();
    edits.sort_by_key(|edit| edit.span.start);
    for pair in edits.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "overlapping edits");
    }
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.span.range(), &edit.replacement);
    }
    out
}

fn lint_fixture(relative: &str, select: &str) -> (String, Vec<Diagnostic>) {
    let root = common::repo_root().join("fixtures/hugo-blog");
    let site = Site::at(&root).unwrap().unwrap();
    let text = fs::read_to_string(common::repo_root().join(relative)).unwrap();
    let within = relative.strip_prefix("fixtures/hugo-blog/").unwrap();
    let found = lint_text(&site, &settings(&site, select), within, &text);
    (text, found)
}

#[test]
fn mojibake_in_the_example_site() {
    let out = run(&["check", "--select", "ENC002", LEDGER, SEED, LANGUAGES]);
    assert_eq!(out.code, 0, "warnings only: {}", out.all());
    insta::assert_snapshot!(out.all());
}

#[test]
fn mojibake_fixes_are_json_edits() {
    let out = run(&["check", "--select", "ENC002", "--format", "json", SEED]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let fixes: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["fix"].to_string())
        .collect();
    insta::assert_snapshot!(fixes.join("\n"));
}

#[test]
fn the_seed_posts_fixes_restore_its_characters() {
    let (text, found) = lint_fixture(SEED, "ENC002");
    assert_eq!(found.len(), 3);
    let fixed = apply_fixes(&text, &found);
    assert!(fixed.contains("whiteboard ∙ 2 May"), "{fixed}");
    assert!(fixed.contains("### 🔩 Where the roles overlap"), "{fixed}");
    assert!(fixed.contains("##### 🗡️ Habits worth keeping"), "{fixed}");
    let expected = text
        .replace("‚àô", "∙")
        .replace("üî©", "🔩")
        .replace("üó°Ô∏è", "🗡️");
    assert_eq!(fixed, expected);
}

#[test]
fn a_partly_fixed_post_is_fixed_where_needed_only() {
    let (text, found) = lint_fixture(LEDGER, "ENC002");
    let fixed = apply_fixes(&text, &found);
    assert!(fixed.contains("title = \"The café ledger\""));
    assert!(fixed.contains("came back as “Café Müller” and it’s still"));
    assert!(fixed.contains("costs 3,50 € — the same"));
    // The hand-fixed line and the code span shown on purpose stay.
    assert!(fixed.contains("naïve crème brûlée, 5 €."));
    assert!(fixed.contains("on purpose: `Ã©`."));
}

/// Real text, written for this test: none of it is mojibake.
const REAL_TEXT: &[&str] = &[
    "„Wir sehen uns morgen“, sagte sie. ‚Gut‘, antwortete er.",
    "»Das Öl ist alle«, und das Ärgernis war groß. Grüße, Jürgen.",
    "A ação do coração não é fácil; é necessário pôr à prova.",
    "À bientôt ! « Élan » et “ébauche”, l’été à Paris… c’est déjà ça.",
    "—Él no vino —dijo ella—. ¿Por qué? ¡Qué pena! Año, niño, señor.",
    "Üçüncü gün çok güzel geçti; İstanbul’da ışıklar yandı.",
    "Mureș, Constanța și Timișoara; Łódź, Kraków, Gdańsk; Praha, Brno, Žižkov.",
    "東京タワーに行きました。北京和上海。서울에서 만나요.",
    "שלום עולם — مرحبا بالعالم — Привет, мир! Γειά σου κόσμε.",
    "Deploy 🚀, pair 👩‍💻, wave 👋🏽, flag 🏳️‍🌈, wizard 🧙🏽‍♂️.",
    "Our asset\u{200C}های and کتاب\u{200C}ها; क्\u{200D}ष and क्\u{200C}ष; family 👨\u{200D}👩\u{200D}👧.",
    "(-1/2)! = √π, x ≤ 5 ≥ y, ∑ᵢ xᵢ, 2012—∞, 1920×1080, 5×£35, ±0.5 °C, 10 µs, ∆°.",
    "Prices: 5 €, £3, ¥500, 3¢; © 2024 ACME™; NESTLÉ® and CAFÉ—and ZZAJÉ’s.",
    "Em dashes—like this—and en dashes: 2019–2024; ellipsis… and bullets • here.",
    "PARCE QU’IL Y A MARQUÉ… ET VOCÊ… E SÓ… SELKÄ\u{a0}EDELLÄ QUEM É¿",
    "Français : « d’accord » ; l’œuvre, le cœur, Œdipe ; naïve, Noël, Zoë’s.",
    "Nordic: Ærø, Øresund, Åland, smørrebrød, blåbær, ÆØÅ æøå.",
    "Tiếng Việt: Xin chào, cảm ơn, người Việt Nam.",
    "Azərbaycan, Ɛwe, Ɗaka, ʻŌlelo Hawaiʻi.",
];

#[test]
fn real_text_in_many_languages_is_left_alone() {
    let site = example_site(Flavor::Hugo);
    for flavor_select in ["ENC002", "ENC003"] {
        let settings = settings(&site, flavor_select);
        for text in REAL_TEXT {
            for body in [
                text.to_string(),
                format!("line one\n\n{text}\n\n`{text}`\n"),
            ] {
                let page = format!("---\ntitle: x\n---\n{body}\n");
                let found = lint_text(&site, &settings, "content/posts/x.md", &page);
                assert!(
                    found.is_empty(),
                    "{flavor_select} fires on real text {text:?}: {:?}",
                    found.iter().map(|d| &d.message).collect::<Vec<_>>()
                );
            }
        }
    }
    let (_, found) = lint_fixture(LANGUAGES, "ALL");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn whole_posts_misdecoded_are_restored_exactly() {
    let site = example_site(Flavor::Hugo);
    let settings = settings(&site, "ENC002");
    let original = REAL_TEXT.join("\n\n");
    let page = format!("---\ntitle: \"Grüße, Jürgen\"\n---\n{original}\n");
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::MACINTOSH] {
        let broken = misdecode(page.as_bytes(), encoding);
        let found = lint_text(&site, &settings, "content/posts/x.md", &broken);
        assert!(!found.is_empty());
        assert_eq!(apply_fixes(&broken, &found), page, "{}", encoding.name());
    }
}

#[test]
fn invisible_characters_in_the_example_site() {
    let out = run(&["check", "--select", "ENC003", INVISIBLE, LANGUAGES]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// Joiners in Persian (after Persian and after Latin words), Hindi and
/// emoji sequences are left alone; the one between two Latin letters is
/// reported, at its line.
#[test]
fn joiners_where_a_script_uses_them() {
    let out = run(&[
        "check", "--select", "ENC003", "--format", "concise", JOINERS,
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
    let (text, found) = lint_fixture(JOINERS, "ENC003");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].primary.span.range()], "\u{200D}");
    assert!(text[..found[0].primary.span.start].ends_with("pair"));
}

#[test]
fn invisible_character_fixes() {
    let (text, found) = lint_fixture(INVISIBLE, "ENC003");
    let fixed = apply_fixes(&text, &found);
    // The key and the byte order mark are fixed; the zero-width space and
    // the bidirectional controls are left to the author.
    assert!(fixed.contains("\ntags: [unicode]\n"));
    assert!(fixed.contains("\nThe end."));
    assert!(fixed.contains("product\u{200B}page"));
    assert!(fixed.contains('\u{202E}'));
}

#[test]
fn jekyll_keys_with_invisible_spaces() {
    let site = Scratch::new(&[
        ("_config.yml", b"title: Blog\n"),
        (
            "_posts/2024-01-02-hello.md",
            "---\ntitle: Hello\nlayout\u{200B}: post\n---\nBody.\n".as_bytes(),
        ),
    ]);
    let out = site.run(&["check", "--format", "concise", "--select", "ENC"]);
    insta::assert_snapshot!(out.all());
}

/// Decodes bytes with a single-byte code page, as the editor that broke the
/// file did.
fn misdecode(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> String {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The corpus round trip: every content file of every corpus site,
/// mis-decoded through Windows-1252 and through Mac OS Roman, is reported
/// when it held non-ASCII text, and its fixes restore the original bytes.
#[test]
fn corpus_round_trip_through_both_code_pages() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let sites = common::corpus_sites(&root);
    let mut failures = Vec::new();
    for dir in sites {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let site = Site::at(&dir).unwrap().unwrap();
        let settings = settings(&site, "ENC002");
        let shown = common::run_in(&dir, &["check", "--show-files"]);
        let files: Vec<&str> = shown.stdout.lines().collect();
        let (mut non_ascii, mut findings) = (0, [0usize; 2]);
        let mut restored = [0usize; 2];
        let mut clean_findings = 0;
        for relative in &files {
            let bytes = fs::read(dir.join(relative)).unwrap();
            let Ok(original) = String::from_utf8(bytes.clone()) else {
                continue;
            };
            clean_findings += lint_text(&site, &settings, relative, &original).len();
            if original.is_ascii() {
                continue;
            }
            non_ascii += 1;
            for (k, encoding) in [encoding_rs::WINDOWS_1252, encoding_rs::MACINTOSH]
                .into_iter()
                .enumerate()
            {
                let broken = misdecode(&bytes, encoding);
                let found = lint_text(&site, &settings, relative, &broken);
                findings[k] += found.len();
                let fixed = apply_fixes(&broken, &found);
                if !found.is_empty() && fixed.as_bytes() == bytes.as_slice() {
                    restored[k] += 1;
                } else {
                    failures.push(format!("{name}/{relative} via {}", encoding.name()));
                }
            }
        }
        eprintln!(
            "{name}: {} files, {non_ascii} with non-ASCII text, {clean_findings} ENC002 on the clean files; \
             Windows-1252: {} restored ({} findings); Mac OS Roman: {} restored ({} findings)",
            files.len(),
            restored[0],
            findings[0],
            restored[1],
            findings[1],
        );
        assert_eq!(clean_findings, 0, "{name}: ENC002 on clean UTF-8");
    }
    assert!(
        failures.is_empty(),
        "not found or not restored: {failures:#?}"
    );
}

/// ENC002's own tables are the WHATWG tables `encoding_rs` implements
/// (Windows-1252's five undefined bytes read as C1 controls there too).
#[test]
fn code_page_tables_match_encoding_rs() {
    use postlint::text::codepages::CodePage;
    for (page, encoding) in [
        (CodePage::Windows1252, encoding_rs::WINDOWS_1252),
        (CodePage::MacRoman, encoding_rs::MACINTOSH),
    ] {
        for byte in 0x80..=0xFFu8 {
            let expected = misdecode(&[byte], encoding);
            assert_eq!(
                page.decode_byte(byte).map(String::from),
                Some(expected),
                "{} byte {byte:#04x}",
                encoding.name()
            );
        }
    }
}

#[test]
fn encoding_in_the_jekyll_example_site() {
    let out = run(&[
        "check",
        "--select",
        "ENC",
        "--format",
        "concise",
        "fixtures/jekyll-blog",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    insta::assert_snapshot!(out.all());
}

/// The same round trip through the binary: every non-ASCII corpus file,
/// mis-decoded, in a throwaway site; `postlint check --fix` restores them
/// all byte for byte.
#[test]
fn corpus_round_trip_with_the_fix_command() {
    let Some(root) = common::corpus_root() else {
        return;
    };
    let mut originals: Vec<Vec<u8>> = Vec::new();
    for site in fs::read_dir(&root).unwrap().filter_map(|e| e.ok()) {
        let dir = site.path();
        if !dir.join("corpus.json").is_file() {
            continue;
        }
        let shown = common::run_in(&dir, &["check", "--show-files"]);
        for relative in shown.stdout.lines() {
            let bytes = fs::read(dir.join(relative)).unwrap();
            if std::str::from_utf8(&bytes).is_ok_and(|text| !text.is_ascii()) {
                originals.push(bytes);
            }
        }
    }
    assert!(!originals.is_empty());
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::MACINTOSH] {
        let site = Scratch::new(&[("hugo.toml", b"title = 'round trip'\n")]);
        for (i, bytes) in originals.iter().enumerate() {
            site.write(
                &format!("content/f{i}.md"),
                misdecode(bytes, encoding).as_bytes(),
            );
        }
        let out = site.run(&[
            "check", "--fix", "--select", "ENC002", "--format", "concise",
        ]);
        assert_eq!(out.stdout, "", "{}: {}", encoding.name(), out.all());
        for (i, bytes) in originals.iter().enumerate() {
            let fixed = fs::read(site.path().join(format!("content/f{i}.md"))).unwrap();
            assert!(
                fixed == *bytes,
                "{}: file {i} not restored",
                encoding.name()
            );
        }
        eprintln!(
            "--fix restored {} mis-decoded corpus files ({})",
            originals.len(),
            encoding.name()
        );
    }
}

/// A byte order mark after a form feed, then `{{`: deleting the mark would
/// make `{` the file's first non-blank character, and Hugo would read the
/// rest as JSON front matter that does not parse. ENC003 reports the mark
/// but offers no fix for it; `--fix` deletes only the second mark, and the
/// file keeps having no front matter.
#[test]
fn a_mark_before_everything_else_is_not_fixed_away() {
    let bytes: &[u8] = b"\x0c\xef\xbb\xbf{{\n\xef\xbb\xbf/>}}";
    let site = Scratch::new(&[
        ("hugo.toml", b"title = 'x'\n"),
        ("content/posts/bom.md", bytes),
    ]);
    let before = site.run(&[
        "check",
        "--select",
        "ALL",
        "--format",
        "concise",
        "content/posts/bom.md",
    ]);
    assert!(before.stdout.contains("1:2: ENC003"), "{}", before.all());
    let fixed = site.run(&[
        "check",
        "--select",
        "ALL",
        "--fix",
        "--format",
        "concise",
        "content/posts/bom.md",
    ]);
    assert!(!fixed.stdout.contains("FM001"), "{}", fixed.all());
    assert!(fixed.stdout.contains("FM003"), "{}", fixed.all());
    let after = fs::read(site.path().join("content/posts/bom.md")).unwrap();
    assert_eq!(after, b"\x0c\xef\xbb\xbf{{\n/>}}", "{}", fixed.all());
}

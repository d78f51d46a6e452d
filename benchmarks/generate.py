"""A deterministic corpus of synthetic news articles for benchmarks and stress tests.

    python benchmarks/generate.py DEST --articles 200 [--languages en,es,de] [--seed 1] [--corpus realistic]

writes ``DEST/l10n.toml``, ``DEST/source/article-NNNN.md`` and, unless ``--no-catalogs``,
filled catalogs for every non-source language (pseudo-translations: every letter
outside links, URLs and code changed, so a build visibly differs from the source).
The same arguments always produce the same bytes.

``--corpus realistic`` writes what news copy looks like to a sentence splitter: most paragraphs
hold a quotation (often of two sentences, with its attribution), a parenthesis, and abbreviations
(titles, months, "a.m.", "e.g.", "U.S.", "Inc.", "No."); the default ``plain`` corpus avoids them.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

WORDS = (
    "government minister election parliament council city region border economy market inflation "
    "budget report police court judge law reform protest union worker company bank energy climate "
    "water drought harbor railway school hospital doctor nurse teacher student farmer village river "
    "mountain coast island bridge tunnel airport station museum festival season winter summer storm "
    "flood fire forest road traffic price wage tax debt export import trade agreement treaty summit "
    "delegation spokesperson analyst researcher survey study data figure number share growth decline "
    "crisis recovery plan strategy program project investment fund aid support opposition coalition "
    "party leader president mayor governor official citizen resident community neighborhood district"
).split()
VERBS = ("said announced warned reported confirmed rejected approved criticized proposed expected "
         "promised demanded explained described welcomed questioned estimated revealed").split()
ADJECTIVES = ("new local national regional international economic political social public private "
              "rural urban annual recent major early late former current independent official").split()
NAMES = ("Maria Keller", "Jonas Weber", "Ana Torres", "Daniel Noboa", "Lena Fischer", "Carlos Ruiz",
         "Amira Haddad", "Tomás Silva", "Yuki Tanaka", "Olga Petrova")
PLACES = ("Quito", "Berlin", "Bogotá", "Lisbon", "Nairobi", "Warsaw", "Lima", "Bonn", "Accra", "Porto")


def sentence(rng: random.Random) -> str:
    length = rng.randint(12, 26)
    words = [rng.choice(WORDS) for _ in range(length)]
    for _ in range(rng.randint(1, 3)):
        spot = rng.randrange(1, length)
        words[spot] = rng.choice(VERBS + ADJECTIVES)
    extra = rng.random()
    if extra < 0.25:
        words.insert(rng.randrange(1, len(words)),
                     rng.choice([f"{rng.randint(2, 99)}.{rng.randint(1, 9)}%",
                                 f"{rng.randint(1, 9)},{rng.randint(100, 999)}",
                                 str(rng.randint(1990, 2030)), f"€{rng.randint(2, 900)} million"]))
    elif extra < 0.4:
        words.insert(rng.randrange(1, len(words)), rng.choice(PLACES))
    elif extra < 0.5:
        at = rng.randrange(1, len(words) - 1)
        words[at] = f"[{words[at]} {words[at + 1]}](https://example.org/{words[at]}/{rng.randint(1, 9999)})"
        del words[at + 1]
    elif extra < 0.58:
        at = rng.randrange(1, len(words))
        words[at] = f"*{words[at]}*"
    elif extra < 0.62:
        words.insert(rng.randrange(1, len(words)), "the U.S.")
    if rng.random() < 0.3:
        words.append(f"{rng.choice(VERBS)} {rng.choice(NAMES)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng: random.Random, corpus: str = "plain") -> str:
    sentences = [sentence(rng) for _ in range(rng.randint(2, 4))]
    if corpus == "realistic":
        sentences = realistic(rng, sentences)
    return " ".join(sentences)


TITLES = ("Dr.", "Gen.", "Prof.", "Sen.", "Gov.", "Lt. Col.", "Mr.", "Ms.")
MONTHS = ("Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def abbreviation(rng: random.Random) -> str:
    return rng.choice([
        f"{rng.choice(TITLES)} {rng.choice(NAMES)}", f"on {rng.choice(MONTHS)} {rng.randint(1, 28)}",
        f"at {rng.randint(1, 11)} {rng.choice(['a.m.', 'p.m.'])}", f"e.g. {rng.choice(PLACES)}",
        "the U.S. government", f"{rng.choice(['Acme', 'Andes', 'Pacific'])} Inc.", f"No. {rng.randint(2, 40)}",
        f"approx. {rng.randint(2, 90)} percent", "St. Louis"])


def realistic(rng: random.Random, sentences: list[str]) -> list[str]:
    """Abbreviations, a quotation and a parenthesis in most paragraphs, as in news copy."""
    for index, text in enumerate(sentences):
        if rng.random() < 0.6:
            words = text.split(" ")
            words.insert(rng.randrange(1, len(words)), abbreviation(rng))
            sentences[index] = " ".join(words)
    if rng.random() < 0.7:
        at = rng.randrange(len(sentences))
        quoted = sentences[at][:-1]
        if at + 1 < len(sentences) and rng.random() < 0.5:  # a quotation of two sentences
            quoted += sentences[at][-1] + " " + sentences.pop(at + 1)[:-1]
        name = rng.choice(NAMES)
        sentences[at] = rng.choice([f"“{quoted},” {name} said.", f"{name} said: “{quoted}.”",
                                    f'"{quoted}," said {name}, {rng.choice(["the mayor", "a spokesperson", "an analyst"])}.'])
    if rng.random() < 0.6:
        at = rng.randrange(len(sentences))
        words = sentences[at].split(" ")
        words.insert(rng.randrange(1, len(words)),
                     rng.choice([f"({rng.choice(PLACES)}, {rng.randint(1990, 2030)})", "(FES)",
                                 f"(about {rng.randint(2, 90)}.{rng.randint(0, 9)}% of the total)"]))
        sentences[at] = " ".join(words)
    if rng.random() < 0.15:
        sentences.insert(rng.randrange(len(sentences) + 1), "(The figure was later revised.)")
    return sentences


def heading(rng: random.Random) -> str:
    words = [rng.choice(WORDS + ADJECTIVES) for _ in range(rng.randint(3, 7))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(["", "", "?"])


def figure(rng: random.Random, number: int) -> str:
    alt = heading(rng).rstrip("?")
    caption = sentence(rng).rstrip(".!?")
    credit = f"Image: {rng.choice(NAMES)}/{rng.choice(['AFP', 'Reuters', 'AP', 'dpa'])}"
    return f"![{alt}](images/photo-{number}.jpg)\n{caption}\n{credit}"


def article(rng: random.Random, number: int, paragraphs: int = 30, corpus: str = "plain") -> str:
    title = heading(rng).rstrip("?")
    teaser = " ".join(sentence(rng) for _ in range(2))
    lines = ["---", f"title: {title}", f"teaser: {teaser}", "authors:", f"  - {rng.choice(NAMES)}",
             f"date: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"section: {rng.choice(['Politics', 'Business', 'Science', 'Culture'])}",
             "---", ""]
    blocks = []
    for index in range(paragraphs):
        if index and index % 7 == 0:
            blocks.append("## " + heading(rng))
        if index % 9 == 4:
            blocks.append(figure(rng, number * 100 + index))
        else:
            blocks.append(paragraph(rng, corpus))
    return "\n".join(lines) + "\n" + "\n\n".join(blocks) + "\n"


# Letters change, markup and URLs do not: the pseudo-translation must still build.
_KEEP = re.compile(r"\]\([^)]*\)|https?://\S+|`[^`]*`|\d[\d.,]*")
_TABLES = {"es": str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ"), "de": str.maketrans("aouAOUs", "äöüÄÖÜß")}


def pseudo_translate(text: str, language: str) -> str:
    table = _TABLES.get(language) or str.maketrans("ae", "æë")
    if text.startswith("Image: "):  # a credit: translators translate the label, never the names
        return "Image".translate(table) + text[len("Image"):]
    out, position = [], 0
    for match in _KEEP.finditer(text):
        out.append(text[position:match.start()].translate(table))
        out.append(match.group())
        position = match.end()
    out.append(text[position:].translate(table))
    return "".join(out)


def write_config(dest: Path, languages: list[str]) -> None:
    listed = ", ".join(f'"{lang}"' for lang in languages)
    (dest / "l10n.toml").write_text(
        f'source_language = "{languages[0]}"\nlanguages = [{listed}]\nsources = ["source/*.md"]\n'
        'locales_dir = "locales"\nbuild_dir = "build"\nsegment = "sentence"\n', encoding="utf-8")


def generate(dest: Path, articles: int, languages: list[str], seed: int = 1, catalogs: bool = True,
             corpus: str = "plain") -> None:
    dest = Path(dest)
    (dest / "source").mkdir(parents=True, exist_ok=True)
    write_config(dest, languages)
    rng = random.Random(seed)
    for number in range(1, articles + 1):
        text = article(rng, number, corpus=corpus)
        (dest / "source" / f"article-{number:04d}.md").write_bytes(text.encode("utf-8"))
    if catalogs:
        fill_catalogs(dest, languages[1:])


def fill_catalogs(dest: Path, languages: list[str]) -> None:
    """Create the catalogs with l10n itself, then translate every entry."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from l10n_tool.catalogs.pofile import load_catalog, serialize
    from l10n_tool.updating import update
    from l10n_tool.workspace import Workspace

    update(Workspace.open(dest))
    for language in languages:
        for path in sorted((dest / "locales" / language / "LC_MESSAGES").glob("*.po")):
            catalog = load_catalog(path)
            for entry in catalog:
                entry.msgstr = pseudo_translate(entry.msgid, language)
            path.write_bytes(serialize(catalog))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--languages", default="en,es,de")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-catalogs", action="store_true")
    parser.add_argument("--corpus", choices=["plain", "realistic"], default="plain")
    args = parser.parse_args()
    generate(args.dest, args.articles, args.languages.split(","), args.seed, not args.no_catalogs, args.corpus)


if __name__ == "__main__":
    main()

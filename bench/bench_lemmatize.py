"""Lemmatise every paragraph of the Kazakh Criminal Code and Criminal Procedure Code (Russian texts)
two ways and print the timings side by side.

    (a) baseline: spaCy's blank "ru" pipeline with its pymorphy3 lemmatizer, nlp.pipe over paragraphs;
    (b) lexgap:   lexgap.lang tokenize + pymorphy3 once per distinct lower-case form (LemmaIndex.build).

Run: .venv/bin/python bench/bench_lemmatize.py  (needs spacy in the environment and the corpora in
../shared/corpora; it is a script, not a test). Loading the dictionaries is done before timing, for
both. Timings vary with the machine's load: run it twice.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "kz"
FILES = ("criminal-code.rus.2019-12-27.md", "criminal-procedure-code.rus.2022-12-30.md")


def paragraphs() -> list[str]:
    """The non-empty blocks between blank lines of both codes."""
    blocks: list[str] = []
    for name in FILES:
        text = (CORPORA / name).read_text(encoding="utf-8")
        blocks.extend(block for block in re.split(r"\n[ \t]*\n", text) if block.strip())
    return blocks


def baseline(blocks: list[str]) -> tuple[float, int, dict[str, str]]:
    """spaCy blank "ru" + lemmatizer(mode="pymorphy3"): seconds, word tokens, form -> lemma seen."""
    import spacy

    nlp = spacy.blank("ru")
    nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    nlp.initialize()
    started = time.perf_counter()
    docs = list(nlp.pipe(blocks, batch_size=256))
    seconds = time.perf_counter() - started
    lemmas = {t.lower_: t.lemma_.lower() for doc in docs for t in doc if t.is_alpha}
    words = sum(1 for doc in docs for t in doc if not (t.is_punct or t.is_space))
    return seconds, words, lemmas


def ours(blocks: list[str]) -> tuple[float, int, int, dict[str, str]]:
    """lexgap: seconds, word tokens, distinct forms, form -> lemma."""
    from lexgap.lang.index import LemmaIndex
    from lexgap.lang.ru import russian_lemmatizer

    lemmatizer = russian_lemmatizer()  # a fresh cache; the dictionaries are loaded here, untimed
    started = time.perf_counter()
    index = LemmaIndex.build(((str(i), block) for i, block in enumerate(blocks)), "rus", lemmatizer)
    seconds = time.perf_counter() - started
    words = sum(len(index.tokens(pid)) for pid in index.provision_ids)
    forms = {form: lemmatizer.lemma(form) for form in lemmatizer._cache}
    return seconds, words, index.distinct_forms, forms


def tokenizers(blocks: list[str]) -> tuple[float, float]:
    """Seconds to tokenise only: lexgap's regex (with normalisation) and spaCy's blank "ru"."""
    import spacy

    from lexgap.lang.tokenize import tokenize

    started = time.perf_counter()
    for block in blocks:
        tokenize(block)
    ours_seconds = time.perf_counter() - started
    nlp = spacy.blank("ru")
    started = time.perf_counter()
    list(nlp.pipe(blocks, batch_size=256))
    return ours_seconds, time.perf_counter() - started


def main() -> int:
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 1
    blocks = paragraphs()
    base_seconds, base_words, base_lemmas = baseline(blocks)
    our_seconds, our_words, distinct, our_lemmas = ours(blocks)
    tok_ours, tok_spacy = tokenizers(blocks)
    shared = [form for form in base_lemmas if form in our_lemmas]
    same = sum(1 for form in shared if base_lemmas[form].replace("ё", "е") == our_lemmas[form])
    unchanged = sum(1 for form in shared if base_lemmas[form] == form and our_lemmas[form] != form)
    print(f"paragraphs           {len(blocks):>10,}")
    print(f"word tokens          {our_words:>10,}   (spaCy tokens that are not punctuation: {base_words:,})")
    print(f"distinct forms       {distinct:>10,}")
    print(f"{'':21}{'spaCy nlp.pipe':>16}{'lexgap':>12}")
    print(f"{'lemmatise, s':21}{base_seconds:>16.2f}{our_seconds:>12.2f}   speedup x{base_seconds / our_seconds:.1f}")
    print(f"{'tokenise only, s':21}{tok_spacy:>16.2f}{tok_ours:>12.2f}   (lexgap includes normalisation)")
    print(f"same lemma on {len(shared):,} shared forms: {same / len(shared):.1%}; "
          f"forms spaCy left unlemmatised (ambiguous without a tagger) that lexgap lemmatises: {unchanged:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

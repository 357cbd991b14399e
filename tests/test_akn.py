"""Akoma Ntoso: every corpus document reads, every export validates against the official AKN 3.0
schema, and AKN -> model -> AKN keeps structure and text.

"Keeps structure and text" means: reading a document, exporting it and reading the export gives the
same sequence of (kind, num, heading, text, wrap-up) over all provisions, and exporting that second
reading gives the first export byte for byte. A code built here (and the Kazakh chapter editions of
the corpus) must come back from its export equal in everything but source spans.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from conftest import CORPORA, GOLDEN
from lexgap.model import AmendmentNote, Code, CodeKind, Kind, Provision, Span, Status
from lexgap.read.akn import clean_num, read_akn
from lexgap.write.akn import to_akn, validate_akn

AKN_DIR = CORPORA / "akn"
AKN3 = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SYNTHETIC_GOLDEN = GOLDEN / "akn" / "synthetic.xml"  # regenerate: write to_akn(synthetic_code()) there
NOWHERE = Span(0, 0, 0)

#: Articles each corpus document must yield (sections count where a document has no articles).
ARTICLES = {
    "oxygen_eu_COM2013-0619_EN-8.xml": 24,
    "pl_D20170005_WD17ns.xml": 0,  # an empty template
    "v2_Act_Kenya_2003-12-10-short.xml": 7,
    "v3_eu_COM20130619_EN-8.xml": 24,
    "v3_it_senato_ddl_2013.xml": 6,  # two more are quoted by amending provisions
    "v3_uk_asp-2017-1-enacted-data.akn.xml": 11,
    "v3_uk_pga-2014-27-enacted-data.xml": 8,
    "v3_uk_pga_1998_29.xml": 95,  # two more are quoted by amending provisions
    "v3_us_Act_2011-11-29.xml": 7,
    "v3_us_Title9-Chap3-eng.xml": 7,
    "v3_uy_bill_2010-09-27.xml": 3,
    "v3_za_Judgement_2008-11-26.xml": 0,  # a judgment has no body of provisions
}


def _namespace(path: Path) -> str:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    return etree.QName(etree.parse(str(path), parser).getroot()).namespace or ""


def _corpus(*, final_only: bool = False) -> list:
    """One parameter per AKN corpus file (3.0 final only, if asked); a skipped one when it is absent."""
    if not AKN_DIR.is_dir():
        return [pytest.param(None, id="no-corpus", marks=pytest.mark.skip(reason=f"{AKN_DIR} is absent"))]
    files = sorted(AKN_DIR.glob("*.xml"))
    if final_only:
        files = [f for f in files if _namespace(f) == AKN3]
    return [pytest.param(f, id=f.name, marks=pytest.mark.corpus) for f in files]


def _read(path: Path) -> Code:
    return read_akn(path.read_bytes(), source=str(path), sha256="0" * 64)


def _shape(code: Code) -> list[tuple[Kind, str, str, str, str]]:
    return [(p.kind, p.num, p.heading, " ".join(p.text.split()), p.wrap_up) for p in code.walk()]


def _unplaced(code: Code) -> Code:
    """The code without what an export cannot carry: spans, source, checksum."""

    def provision(p: Provision) -> Provision:
        return replace(p, span=NOWHERE, text_spans=(), heading_span=None, amendments=notes(p.amendments),
                       children=tuple(provision(c) for c in p.children))

    def notes(items: tuple[AmendmentNote, ...]) -> tuple[AmendmentNote, ...]:
        return tuple(replace(n, span=NOWHERE) for n in items)

    return replace(code, source="", sha256="", body=tuple(provision(p) for p in code.body),
                   amendments=notes(code.amendments))


@pytest.mark.parametrize("path", _corpus())
def test_corpus_document_reads(path: Path) -> None:
    code = _read(path)
    assert len(code.articles()) == ARTICLES[path.name]
    ids = [p.id for p in code.walk()]
    assert len(ids) == len(set(ids))
    assert all(p.span.line > 0 for p in code.walk())


@pytest.mark.parametrize("path", _corpus(final_only=True))
def test_corpus_round_trip(path: Path) -> None:
    first = _read(path)
    xml = to_akn(first)
    assert validate_akn(xml) == []
    second = read_akn(xml, source="export", sha256="1" * 64)
    assert _shape(second) == _shape(first)
    assert to_akn(second) == xml


@pytest.mark.corpus
@pytest.mark.parametrize(
    "relative", sorted(p.relative_to(CORPORA).as_posix() for p in (CORPORA / "kz" / "editions").glob("*.md"))
    or [pytest.param("kz/editions", marks=pytest.mark.skip(reason="corpus absent"))],
)
def test_text_code_survives_export(relative: str) -> None:
    from lexgap.read import read_code

    code = read_code(CORPORA / relative)
    xml = to_akn(code)
    assert validate_akn(xml) == []
    assert _unplaced(read_akn(xml, source="", sha256="")) == _unplaced(code)


def synthetic_code() -> Code:
    """A small code with every kind, a repealed article, a note, wrap-up text and amendment footnotes."""
    at = Span(1, 0, 0)
    amended = AmendmentNote(
        "84-VI", date(2016, 7, 1), "amended",
        "Сноска. Статья 2 с изменениями, внесенными Законом РК от 01.07.2016 № 84-VI.", at)
    repealed = AmendmentNote("292-VI", date(2019, 12, 27), "repealed",
                             "Сноска. Статья 144² исключена Законом РК от 27.12.2019 № 292-VI.", at)
    undated = AmendmentNote("", None, "other", "Сноска. По всему тексту слова «штраф» заменены.", at)

    def p(pid: str, kind: Kind, num: str, text: str = "", *children: Provision, heading: str = "",
          **extra: Any) -> Provision:
        return Provision(pid, kind, num, heading, text, at, children, **extra)

    article_2 = p(
        "art_2", Kind.ARTICLE, "2", "",
        p("art_2__para_1", Kind.PARAGRAPH, "1", "Наказание назначается:",
          p("art_2__para_1__point_1", Kind.POINT, "1", "за первое деяние;"),
          p("art_2__para_1__point_2", Kind.POINT, "2", "за повторное деяние:",
            p("art_2__para_1__point_2__point_a", Kind.POINT, "а", "в виде штрафа;"),
            p("art_2__para_1__point_2__point_b", Kind.POINT, "б", "в виде ареста.")),
          wrap_up="– наказывается штрафом в размере до ста месячных расчетных показателей."),
        p("art_2__para_2", Kind.PARAGRAPH, "2",
          "То же деяние, совершенное группой лиц,\nнаказывается арестом."),
        p("art_2__note_1", Kind.NOTE, "", "Примечание. В настоящей статье:",
          p("art_2__note_1__point_1", Kind.POINT, "1",
            "лицом признается &lt;любое&gt; лицо & его представитель.")),
        heading="Назначение  наказания",  # two spaces, as a source may have them
        amendments=(amended,),
    )
    chapter = p(
        "chp_1", Kind.CHAPTER, "1", "",
        p("subchp_1", Kind.SUBCHAPTER, "1", "",
          p("art_1", Kind.ARTICLE, "1",
            "Настоящий Кодекс действует на всей территории.\nОн основан на Конституции.",
            heading="Задачи Кодекса"),
          article_2,
          p("art_144-2", Kind.ARTICLE, "144²", "", heading="Исключена", status=Status.REPEALED,
            amendments=(repealed,)),
          heading="Общие положения"),
        heading="Основные положения",
    )
    body = (p("part_1", Kind.PART, "1", "", p("sec_1", Kind.SECTION, "1", "", chapter, heading="Закон"),
              heading="Общая часть"),)
    return Code(title="Испытательный кодекс Республики Казахстан", kind=CodeKind.CRIMINAL, language="rus",
                jurisdiction="kz", source="synthetic", sha256="0" * 64, body=body, number="0-T",
                adopted=date(2014, 7, 3), edition_date=date(2020, 1, 1), amendments=(undated,),
                preface="Вводится в действие с 1 января 2015 года.")


def test_synthetic_code_exports_valid_akn() -> None:
    xml = to_akn(synthetic_code())
    assert validate_akn(xml) == []
    root = etree.fromstring(xml)
    ns = {"a": AKN3}
    assert root.xpath("//a:article[@eId='art_144-2']/@status", namespaces=ns) == ["removed"]
    assert root.xpath("//a:hcontainer[@name='note']/@eId", namespaces=ns) == ["art_2__note_1"]
    assert root.xpath("//a:note[@placementBase='#art_2']/@refersTo", namespaces=ns) == ["#amending_law_1"]
    assert root.xpath("//a:eventRef/@date", namespaces=ns) == ["2016-07-01", "2019-12-27"]
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")


def test_synthetic_code_round_trips() -> None:
    code = synthetic_code()
    xml = to_akn(code)
    again = read_akn(xml, source="export", sha256="")
    assert _unplaced(again) == _unplaced(code)
    assert to_akn(again) == xml == to_akn(code)


def test_synthetic_export_matches_golden() -> None:
    assert to_akn(synthetic_code()) == SYNTHETIC_GOLDEN.read_bytes()


def test_unknown_dates_and_empty_body_validate() -> None:
    code = Code(title="", kind=CodeKind.OTHER, language="eng", jurisdiction="", source="", sha256="")
    xml = to_akn(code)
    assert validate_akn(xml) == []
    again = read_akn(xml, source="", sha256="")
    assert (again.adopted, again.edition_date, again.body, again.jurisdiction) == (None, None, (), "")


def test_characters_xml_cannot_hold_are_dropped() -> None:
    article = Provision("art_1", Kind.ARTICLE, "1", "Head\x0cing", "Text\x00 here", Span(1, 0, 0))
    code = Code(title="T\x1f", kind=CodeKind.OTHER, language="eng", jurisdiction="", source="", sha256="",
                body=(article,))
    xml = to_akn(code)
    assert validate_akn(xml) == []
    again = read_akn(xml, source="", sha256="")
    assert (again.title, again.body[0].heading, again.body[0].text) == ("T", "Heading", "Text here")


def test_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = f"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso [
  <!ENTITY xxe SYSTEM "{secret.as_uri()}">
  <!ENTITY inner "EXPANDED">
]>
<akomaNtoso xmlns="{AKN3}"><act><body><article eId="art_1"><num>1</num>
<content><p>before &xxe; &inner; after</p></content></article></body></act></akomaNtoso>""".encode()
    code = read_akn(xml, source="evil.xml", sha256="")
    assert [p.text for p in code.walk()] == ["before after"]


def test_sections_are_articles_only_without_articles() -> None:
    def kinds(body: str) -> list[tuple[str, Kind]]:
        xml = f'<akomaNtoso xmlns="{AKN3}"><act><body>{body}</body></act></akomaNtoso>'.encode()
        return [(p.id, p.kind) for p in read_akn(xml, source="", sha256="").walk()]

    leaf = "<content><p>text</p></content>"
    assert kinds(f"<section><num>1.</num><subsection><num>(1)</num><paragraph><num>(a)</num>{leaf}"
                 "</paragraph></subsection></section>") == [
        ("art_1", Kind.ARTICLE), ("art_1__para_1", Kind.PARAGRAPH), ("art_1__para_1__point_a", Kind.POINT)]
    assert kinds(f"<section><num>I</num><article><num>Article 5</num>{leaf}</article></section>") == [
        ("sec_i", Kind.SECTION), ("art_5", Kind.ARTICLE)]


@pytest.mark.parametrize(("raw", "num"), [
    ("Article 1", "1"), ("SEC. 3 .", "3"), ("CHAPTER 3—", "3"), ("(a)", "a"), ("1)", "1"), ("2.", "2"),
    ("§ 12", "12"), ("III.1", "III.1"), ("65-1", "65-1"), ("144²", "144²"), ("Статья 146.", "146"), ("", ""),
])
def test_clean_num(raw: str, num: str) -> None:
    assert clean_num(raw) == num


def test_not_akoma_ntoso_is_refused() -> None:
    with pytest.raises(ValueError, match="not <akomaNtoso>"):
        read_akn(b"<html><body/></html>", source="", sha256="")
    with pytest.raises(ValueError, match="well-formed"):
        read_akn(b"<akomaNtoso>", source="", sha256="")


def test_large_code_exports_and_validates_quickly() -> None:
    """5000 articles (65,000 provisions, twice the largest Kazakh code) export and validate in seconds."""
    at = Span(1, 0, 0)

    def paragraph(n: int, k: int) -> Provision:
        points = tuple(Provision(f"art_{n}__para_{k}__point_{i}", Kind.POINT, str(i), "", f"пункт {i};", at)
                       for i in range(1, 4))
        return Provision(f"art_{n}__para_{k}", Kind.PARAGRAPH, str(k), "", f"Часть {k}:", at, points)

    def article(n: int) -> Provision:
        paragraphs = tuple(paragraph(n, k) for k in range(1, 4))
        return Provision(f"art_{n}", Kind.ARTICLE, str(n), f"Статья номер {n}", "", at, paragraphs)

    code = Code(title="Большой кодекс", kind=CodeKind.OTHER, language="rus", jurisdiction="kz", source="",
                sha256="", body=tuple(article(n) for n in range(1, 5001)))
    validate_akn(to_akn(replace(code, body=code.body[:1])))  # load the schema outside the timing
    start = time.perf_counter()
    xml = to_akn(code)
    errors = validate_akn(xml)
    elapsed = time.perf_counter() - start
    assert errors == []
    assert elapsed < 10, f"export and validation took {elapsed:.1f} s"

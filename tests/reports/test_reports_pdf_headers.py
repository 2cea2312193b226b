"""Table headers in the summary PDF wrap only between words; a word too wide for any column
the page allows is hyphenated at a syllable, never cut anywhere."""

from __future__ import annotations

import itertools

import pytest
from reportlab.pdfbase import pdfmetrics

from isu.domain.text import Text
from isu.reports import pdf
from isu.reports.grid import EMPTY, GridCell, Role, TableGrid
from isu.reports.pdf import write_summary_pdf
from isu.summary.builders import cross_table, frequency_table
from isu.summary.disclosure import protect_report
from isu.summary.model import Section, Split, SummaryReport

from .pdf_text import all_rows
from .sample_report import meta

VOWELS = set("aeiouyåäö")
GROUPS = [
    "Aktualiserade",
    "Sysselsättning",
    "Arbetsmarknadsinsats",
    "Orsak till saknat svar",
    "Uppgift saknas",
]
LONG_COLUMNS = ["Arbetsmarknadsinsats", "Medelvärde", "Aktualiserade", "Familjebehandling"]
CROWDED = [
    "Arbetsmarknadsinsats",
    "Behandlingsinsatser",
    "Familjebehandling",
    "Fritidsverksamhet",
    "Skolkurator",
]
TOO_MANY = [
    "Sysselsättningsförändring",
    "Behandlingsinsatser",
    "Familjebehandling",
    "Fritidsverksamhet",
    "Socialsekreterare",
    "Skolkuratorerna",
    "Missbruksvård",
    "Föräldrastöd",
]


def texts(words: list[str]) -> list[Text]:
    return [Text.same(word) for word in words]


def crossed(key: str, title: str, columns: list[str]):
    """Two rows (Ja, Nej) by ``columns``, every count shown (none below k)."""
    counts = [[10 + i for i in range(len(columns))], [20 + i for i in range(len(columns))]]
    rows = texts(["Ja", "Nej"])
    return cross_table(
        key, Text.same(title), rows, texts(columns), counts, row_header=Text.same("Svar")
    )


def header_report() -> SummaryReport:
    groups = frequency_table(
        "groups",
        Text.same("Grupper med långa namn"),
        texts(["Första svaret", "Andra svaret"]),
        [[12, 14, 16, 18, 20], [22, 24, 26, 28, 30]],
        col_labels=texts(GROUPS),
        split=Split.OTHER,
    )
    tables = (
        groups,
        crossed("long", "Långa kolumnnamn", LONG_COLUMNS),
        crossed("crowded", "Trångt om plats", CROWDED),
        crossed("too_many", "För många långa ord", TOO_MANY),
    )
    return SummaryReport(meta(), (Section("s", Text.same("Rubriker"), tables),))


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[list[list[str]]]:
    path = tmp_path_factory.mktemp("headers") / "headers.pdf"
    return all_rows(write_summary_pdf(protect_report(header_report()), path))


def table_rows(pages, title: str) -> list[list[str]]:
    """The lines from a table's title to the end of its page."""
    for rows in pages:
        if [title] in rows:
            return rows[rows.index([title]) + 1 :]
    raise AssertionError(f"no table titled {title!r}")


def header_tokens(pages, title: str, first_label: str) -> list[str]:
    """The words printed between a table's title and its first body row: its header."""
    rows = table_rows(pages, title)
    end = next(i for i, row in enumerate(rows) if row[0] == first_label)
    return [token for row in rows[:end] for text in row for token in text.split()]


def spelled_by(word: str, tokens: list[str]) -> list[str] | None:
    """The tokens that print ``word``: itself, or hyphenated lines ("Sysselsätt-", "ning")."""
    if word in tokens:
        return [word]
    for token in tokens:
        stem = token[:-1]
        if token.endswith("-") and stem and word.startswith(stem) and len(stem) < len(word):
            rest = spelled_by(word[len(stem) :], tokens)
            if rest:
                return [token, *rest]
    return None


@pytest.mark.parametrize(
    ("title", "first_label", "labels"),
    [
        ("Grupper med långa namn", "Första svaret", GROUPS),
        ("Långa kolumnnamn", "Ja", LONG_COLUMNS),
        ("Trångt om plats", "Ja", CROWDED),
    ],
)
def test_header_words_that_fit_are_printed_whole(pages, title, first_label, labels):
    tokens = header_tokens(pages, title, first_label)
    for word in " ".join(labels).split():
        assert word in tokens, (word, tokens)
    assert not [token for token in tokens if token.endswith("-")]


def test_words_too_wide_for_the_page_are_hyphenated_at_syllables(pages):
    tokens = header_tokens(pages, "För många långa ord", "Ja")
    hyphenated = 0
    for word in TOO_MANY:
        pieces = spelled_by(word, tokens)
        assert pieces, (word, tokens)
        hyphenated += len(pieces) > 1
        for before, after in itertools.pairwise(pieces):
            # a new line starts a syllable (one consonant, a vowel) or follows a joining s
            assert after[0].lower() not in VOWELS, pieces
            assert after[1].lower() in VOWELS or before.endswith("s-"), pieces
    assert hyphenated >= 4
    # and the numbers below are all there, one per column
    body = next(row for row in table_rows(pages, "För många långa ord") if row[0] == "Ja")
    assert body[1:] == [str(10 + i) for i in range(len(TOO_MANY))] + [str(sum(range(10, 18)))]


# --- the widths themselves ---------------------------------------------------------------


HUNDRED, SEVEN = GridCell(Role.PERCENT, 100), GridCell(Role.COUNT, 7)


def grid(
    labels: list[str], span: int = 1, label: str = "Ja", number: GridCell = HUNDRED
) -> TableGrid:
    """One header row (``labels``, each over ``span`` columns), one body row of ``number``."""
    head = [GridCell(Role.HEADER, "Svar")]
    for text in labels:
        head += [GridCell(Role.HEADER, text, span), *[EMPTY] * (span - 1)]
    body = [GridCell(Role.LABEL, label), *[number] * (len(labels) * span)]
    return TableGrid((tuple(head),), (tuple(body),), ())


def bold_need(text: str) -> float:
    widest = max(
        pdfmetrics.stringWidth(w, pdf.report_fonts()[1], pdf.HEAD_FONT_SIZE) for w in text.split()
    )
    return pdf._need(widest)


def number_need(text: str = "100 %") -> float:
    return pdf._need(pdfmetrics.stringWidth(text, pdf.report_fonts()[0], pdf.TABLE_FONT_SIZE))


def spanned(widths: list[float], span: int) -> list[float]:
    data = widths[1:]
    return [sum(data[i : i + span]) for i in range(0, len(data), span)]


@pytest.mark.parametrize(
    ("labels", "span", "number"),
    [(GROUPS, 2, HUNDRED), (GROUPS, 2, SEVEN), (LONG_COLUMNS, 1, SEVEN), (CROWDED, 1, HUNDRED)],
)
def test_every_column_holds_its_widest_header_word(labels, span, number):
    widths = pdf._column_widths(grid(labels, span, number=number))
    for text, width in zip(labels, spanned(widths, span), strict=True):
        assert width >= bold_need(text), text
    assert sum(widths) <= pdf.FRAME_WIDTH + 0.01
    assert widths[0] >= bold_need("Svar")


def test_roomy_tables_keep_wide_labels():
    widths = pdf._column_widths(grid(["n"], number=SEVEN))
    assert widths == pytest.approx([pdf.MAX_LABEL_WIDTH, pdf.MIN_NUMBER_WIDTH])


def test_label_column_gives_way_before_any_word_is_hyphenated():
    widths = pdf._column_widths(grid(CROWDED, label="Behandlare"))
    assert widths[0] < pdf.PREFERRED_LABEL_WIDTH
    label_word = pdfmetrics.stringWidth("Behandlare", pdf.report_fonts()[0], pdf.TABLE_FONT_SIZE)
    assert widths[0] >= pdf._need(label_word)  # row labels too wrap only between words
    for text, width in zip(CROWDED, widths[1:], strict=True):
        assert width >= bold_need(text), text


def test_number_columns_give_up_their_slack_before_the_labels():
    widths = pdf._column_widths(grid(["n"] * 15, number=SEVEN))
    assert widths[0] == pytest.approx(pdf.PREFERRED_LABEL_WIDTH)
    assert all(number_need("7") <= w < pdf.MIN_NUMBER_WIDTH for w in widths[1:])
    assert sum(widths) == pytest.approx(pdf.FRAME_WIDTH)


def test_only_the_widest_headers_give_way_when_nothing_else_can():
    widths = pdf._column_widths(grid(TOO_MANY))
    assert sum(widths) == pytest.approx(pdf.FRAME_WIDTH)
    assert widths[0] == pytest.approx(bold_need("Svar"))  # the labels gave all they had
    data = widths[1:]
    assert all(w >= number_need() for w in data)
    narrowed = [w for text, w in zip(TOO_MANY, data, strict=True) if w < bold_need(text)]
    assert len(narrowed) >= 4
    assert max(data) - min(narrowed) < 0.01  # one common cap, the rest untouched
    style = pdf._styles()["head"]
    for text, width in zip(TOO_MANY, data, strict=True):
        markup = pdf._header_markup(text, style, width)
        assert ("-<br/>" in markup) == (width < bold_need(text)), markup


# --- hyphenation -------------------------------------------------------------------------


def head_width(text: str) -> float:
    return pdfmetrics.stringWidth(text, pdf.report_fonts()[1], pdf.HEAD_FONT_SIZE)


@pytest.mark.parametrize(
    ("word", "line", "expected"),
    [
        ("Sysselsättning", "Sysselsätt-", ["Sysselsätt-", "ning"]),
        ("Sysselsättning", "Sysselsä-", ["Syssel-", "sättning"]),
        ("Medelvärde", "Medelv-", ["Medel-", "värde"]),
        ("Fritidsverksamhet", "Fritidsverksa", ["Fritids-", "verksamhet"]),
        ("Behandlingsinsatser", "Behandlingsin", ["Behand-", "lingsinsatser"]),
        ("Flicka/kvinna", "Flicka/kvin-", ["Flicka/", "kvinna"]),
        ("Hälso-sjukvård", "Hälso-sjuk", ["Hälso-", "sjukvård"]),
        ("Uppföljning", "Uppföljning", ["Uppföljning"]),
    ],
)
def test_hyphenation_breaks_at_a_sensible_point(word, line, expected):
    assert pdf._hyphenate(word, pdf._styles()["head"], head_width(line)) == expected


@pytest.mark.parametrize("room", [40.0, 12.0, 1.0])
def test_hyphenation_without_syllables_fills_lines_and_always_ends(room):
    word = "BRTSKNPLXQZW"
    pieces = pdf._hyphenate(word, pdf._styles()["head"], room)
    assert "".join(piece.removesuffix("-") for piece in pieces) == word
    assert all(piece.endswith("-") for piece in pieces[:-1])
    if room > head_width("W-"):  # a line holds one letter at least, so every line fits
        assert all(head_width(piece) <= room for piece in pieces)
        fuller = [head_width(a[:-1] + b[0] + "-") for a, b in itertools.pairwise(pieces)]
        assert all(width > room for width in fuller)  # each line as full as it can be

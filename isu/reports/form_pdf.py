"""The printed form: a blank paper copy of a form (phases, sections, questions with their
answer boxes, descriptive texts), for filling in by hand or reading through before a form
is published. Plain data in (a ``FormSpec``), a PDF out; no answers, so no personal data.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from isu.domain.form import Descriptive, FormSpec, QType, Question, RepeatGroup, Section
from isu.domain.text import Text
from isu.reports.files import output_file
from isu.reports.pdf import MARGIN, report_fonts

_LINE = "_" * 60


REPEATS_NOTE = Text("Fylls i en gång per rad (upprepas):", "Filled in once per row (repeats):")
YES, NO = Text("Ja", "Yes"), Text("Nej", "No")
COMPUTED_NOTE = Text("(beräknas av programmet)", "(calculated by the program)")
DATE_PROMPT = Text("Datum (ÅÅÅÅ-MM-DD): ", "Date (YYYY-MM-DD): ")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = report_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceAfter=4)
    grey = colors.HexColor("#555555")
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=18, leading=23),
        "phase": ParagraphStyle(
            "phase",
            base,
            fontName=bold,
            fontSize=14,
            leading=18,
            spaceBefore=14,
            keepWithNext=True,
        ),
        "section": ParagraphStyle(
            "section",
            base,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            keepWithNext=True,
        ),
        "question": ParagraphStyle("question", base, fontName=bold, spaceAfter=1),
        "answer": ParagraphStyle("answer", base, leftIndent=12, spaceAfter=1),
        "help": ParagraphStyle("help", base, fontSize=8.5, leading=11, textColor=grey),
        "text": ParagraphStyle(
            "text",
            base,
            leftIndent=6,
            borderPadding=4,
            borderColor=colors.HexColor("#9AA5B1"),
            borderWidth=0.5,
            spaceBefore=4,
            spaceAfter=8,
        ),
    }


def _box(regular_font: str) -> str:
    """An empty tick box; Helvetica has no □, so it gets brackets."""
    return "[ ]" if regular_font == "Helvetica" else "\u2610"


def form_story(spec: FormSpec, lang: str = "sv") -> list[Flowable]:
    styles = _styles()
    box = _box(report_fonts()[0])
    story: list[Flowable] = [Paragraph(escape(spec.title.get(lang)), styles["title"])]
    if spec.description is not None:
        story.append(Paragraph(escape(spec.description.get(lang)), styles["body"]))
    story.append(
        Paragraph(
            escape(
                Text(
                    f"Formulär {spec.id}, version {spec.version}",
                    f"Form {spec.id}, version {spec.version}",
                ).get(lang)
            ),
            styles["help"],
        )
    )
    for phase in spec.phases:
        if not phase.sections:
            continue
        story.append(Paragraph(escape(phase.title.get(lang)), styles["phase"]))
        for section in phase.sections:
            story += _section(section, lang, styles, box)
    return story


def _section(section: Section, lang: str, styles, box: str) -> list[Flowable]:
    flow: list[Flowable] = [Paragraph(escape(section.title.get(lang)), styles["section"])]
    for item in section.items:
        if isinstance(item, Descriptive):
            flow.append(Paragraph(escape(item.label.get(lang)), styles["text"]))
        elif isinstance(item, RepeatGroup):
            flow.append(Paragraph(escape(item.label.get(lang)), styles["question"]))
            flow.append(Paragraph(escape(REPEATS_NOTE.get(lang)), styles["help"]))
            for question in item.questions:
                flow.append(KeepTogether(_question(question, lang, styles, box, indent=True)))
        else:
            flow.append(KeepTogether(_question(item, lang, styles, box)))
    return flow


def _question(
    question: Question, lang: str, styles, box: str, indent: bool = False
) -> list[Flowable]:
    prefix = "\u2003" if indent else ""
    flow: list[Flowable] = [
        Paragraph(prefix + escape(question.label.get(lang)), styles["question"])
    ]
    if question.help is not None:
        flow.append(Paragraph(prefix + escape(question.help.get(lang)), styles["help"]))
    for line in _answer_lines(question, lang, box):
        flow.append(Paragraph(prefix + escape(line), styles["answer"]))
    flow.append(Spacer(1, 4))
    return flow


def _answer_lines(question: Question, lang: str, box: str) -> list[str]:
    qtype = question.type
    if qtype.has_choices and question.choices is not None:
        return [f"{box} {choice.label.get(lang)}" for choice in question.choices.choices]
    if qtype is QType.YESNO:
        return [f"{box} {YES.get(lang)}    {box} {NO.get(lang)}"]
    if qtype is QType.SCALE:
        low, high = question.scale_min or 0, question.scale_max or 0
        anchors = {a.value: a.label.get(lang) for a in question.anchors}
        return ["   ".join(f"{box} {v}" for v in range(low, high + 1))] + [
            f"{value} = {text}" for value, text in anchors.items()
        ]
    if qtype is QType.COMPUTED:
        return [COMPUTED_NOTE.get(lang)]
    if qtype is QType.DATE:
        return [DATE_PROMPT.get(lang) + "_" * 20]
    if qtype is QType.LONGTEXT:
        return [_LINE, _LINE, _LINE]
    return [_LINE]


def write_form_pdf(spec: FormSpec, path: str | os.PathLike, lang: str = "sv") -> Path:
    """The printed form of ``spec`` into ``path``, atomically and owner-only."""
    path = Path(path)
    with output_file(path) as stream:
        SimpleDocTemplate(
            stream,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=spec.title.get(lang),
            creator="isu",
        ).build(form_story(spec, lang))
    return path

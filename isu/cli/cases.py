"""``isu case …``: the coordinator's registration work without the desktop window."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from isu.cli.common import (
    add_command,
    commands_of,
    db_command,
    open_workspace,
    parse_date,
    period_options,
)
from isu.cli.i18n import say, tr, ui_language
from isu.errors import UserError

if TYPE_CHECKING:  # the domain model loads when a command runs, not for --help
    from isu.domain.answers import Answer


def add_case_parsers(sub):
    """``isu case``; returns its sub-command parsers (``import``: isu.cli.case_import)."""
    p = add_command(sub, "case", "registrera och visa ärenden", "register and view cases")
    case_sub = commands_of(p, "case_command")
    number_help = tr("ärendenumret", "the case number")
    answers_help = tr(
        "svar som KOD=VÄRDE (tomt värde tar bort svaret)",
        "answers as CODE=VALUE (an empty value removes the answer)",
    )
    answer_metavar = tr("KOD=VÄRDE", "CODE=VALUE")

    q = db_command(case_sub, "list", "lista ärenden", "list cases")
    q.add_argument(
        "--search",
        default="",
        metavar=tr("TEXT", "TEXT"),
        help=tr("sök i ärendenummer", "search the case numbers"),
    )
    q.add_argument(
        "--status",
        choices=["ongoing", "closed"],
        help=tr("ongoing = pågående, closed = avslutade", "ongoing or closed cases only"),
    )
    period_options(
        q,
        first=("aktiva från och med", "active from"),
        last=("aktiva till och med", "active until"),
    )
    q.add_argument(
        "--sort",
        default="updated_at",
        metavar=tr("KOLUMN", "COLUMN"),
        help=tr(
            "sorteringskolumn (standard: senast ändrad)", "sort column (default: last changed)"
        ),
    )
    q.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help=tr("högst så många rader (standard 50)", "at most this many rows (default 50)"),
    )

    q = db_command(case_sub, "new", "nytt ärende", "new case")
    q.add_argument(
        "--number",
        metavar=tr("NUMMER", "NUMBER"),
        help=tr("ärendenummer (föreslås annars)", "case number (suggested otherwise)"),
    )
    q.add_argument(
        "--form",
        metavar="ID",
        help=tr(
            "formulärets id (krävs när fler än ett formulär är publicerat)",
            "the form's id (required when more than one form is published)",
        ),
    )
    q.add_argument("answers", nargs="*", metavar=answer_metavar, help=answers_help)

    q = db_command(case_sub, "show", "visa ett ärende", "show a case")
    q.add_argument("number", metavar=tr("NUMMER", "NUMBER"), help=number_help)

    q = db_command(case_sub, "set", "ändra svar", "change answers")
    q.add_argument("number", metavar=tr("NUMMER", "NUMBER"), help=number_help)
    q.add_argument("answers", nargs="*", metavar=answer_metavar, help=answers_help)
    q.add_argument(
        "--item",
        action="append",
        default=[],
        metavar=tr("GRUPP:KOD=V,KOD=V", "GROUP:CODE=V,CODE=V"),
        help=tr("lägg till en rad i en upprepad grupp", "append a repeat-group item"),
    )
    q.add_argument(
        "--revision",
        type=int,
        metavar="N",
        help=tr(
            "spara bara om ärendet fortfarande har version N (som case show visar); annars"
            " sägs vem som ändrade det och när",
            "save only if the case is still at revision N (as case show prints); otherwise"
            " says who changed it and when",
        ),
    )

    q = db_command(case_sub, "close", "avsluta ett ärende", "close a case")
    q.add_argument("number", metavar=tr("NUMMER", "NUMBER"), help=number_help)
    q.add_argument(
        "--date",
        type=parse_date,
        required=True,
        metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
        help=tr("avslutsdatum", "closure date"),
    )
    q.add_argument(
        "--reason",
        required=True,
        metavar=tr("KOD", "CODE"),
        help=tr("avslutsorsakens kod", "the closure reason's code"),
    )

    q = db_command(case_sub, "reopen", "öppna ett avslutat ärende", "reopen a case")
    q.add_argument("number", metavar=tr("NUMMER", "NUMBER"), help=number_help)
    p.set_defaults(func=run_case_command)
    return case_sub


def _parse_pairs(form, texts: list[str]) -> dict[str, Answer]:
    from isu.domain.answers import Answer
    from isu.formdefs import parse_answer

    answers: dict[str, Answer] = {}
    for text in texts:
        code, sep, raw = text.partition("=")
        if not sep:
            raise UserError(
                f"Skriv svar som KOD=VÄRDE: {text!r}", f"Write answers as CODE=VALUE: {text!r}"
            )
        question = form.question(code.strip())
        answers[question.code] = (
            parse_answer(form, question, raw.strip()) if raw.strip() else Answer()
        )
    return answers


def run_case_command(args: argparse.Namespace) -> int:
    from isu.services import cases, forms

    with open_workspace(args) as ws:
        command = args.case_command
        if command == "list":
            _list(ws, args)
        elif command == "new":
            form = forms.get_form(ws, args.form or _only_form(ws))
            number = args.number or cases.suggest_case_number(ws)
            result = cases.register_case(
                ws, number, form_id=form.id, answers=_parse_pairs(form, args.answers)
            )
            say(
                f"Ärende {number} registrerat ({result.warnings} varningar).",
                f"Case {number} registered ({result.warnings} warnings).",
            )
        elif command == "show":
            _show(ws, cases.case_id_by_number(ws, args.number, "show"))
        elif command == "set":
            _set(ws, args)
        elif command == "close":
            case_id = cases.case_id_by_number(ws, args.number, "close")
            cases.close_case(ws, case_id, args.date, args.reason)
            say(f"Ärende {args.number} avslutat.", f"Case {args.number} closed.")
        elif command == "reopen":
            cases.reopen_case(ws, cases.case_id_by_number(ws, args.number, "reopen"))
            say(f"Ärende {args.number} är öppnat igen.", f"Case {args.number} reopened.")
    return 0


LIST_HEADER = {
    "sv": ("Ärende", "Status", "Start", "Avslut", "Samordnare", "Klara delar", "Varningar"),
    "en": ("Case", "Status", "Start", "Closed", "Coordinator", "Parts done", "Warnings"),
}
PHASES = ("admin", "before", "during", "after", "experience")
PHASE_LABELS = {
    "sv": ("Administration", "Före", "Under", "Efter", "Upplevelse"),
    "en": ("Administration", "Before", "During", "After", "Experience"),
}


def _only_form(ws) -> str:
    """The form a new case uses when ``--form`` is not given: the only published one."""
    from isu.errors import UserError
    from isu.services import forms

    published = sorted({f.form_id for f in forms.list_forms(ws)})
    if len(published) == 1:
        return published[0]
    if not published:
        raise UserError(
            "Inget formulär är publicerat. Publicera ett med isu form publish FIL.",
            "No form is published. Publish one with isu form publish FILE.",
        )
    names = ", ".join(published)
    raise UserError(
        f"Flera formulär är publicerade ({names}). Ange vilket med --form, t.ex. "
        f"--form {published[0]}.",
        f"Several forms are published ({names}). Say which with --form, e.g. "
        f"--form {published[0]}.",
    )


def phase_label(phase: str, lang: str) -> str:
    return dict(zip(PHASES, PHASE_LABELS[lang], strict=True)).get(phase, phase)


def _list(ws, args: argparse.Namespace) -> None:
    from isu.domain.model import CaseQuery, CaseStatus
    from isu.services import cases

    query = CaseQuery(
        search=args.search,
        status=CaseStatus(args.status) if args.status else None,
        period_from=args.date_from,
        period_to=args.date_to,
        sort=args.sort,
        descending=args.sort == "updated_at",
        limit=args.limit,
    )
    page = cases.list_cases(ws, query)
    lang = ui_language()
    print("\t".join(LIST_HEADER[lang]))
    for r in page.rows:
        phases = ", ".join(phase_label(p, lang) for p in r.phases_complete) or "–"
        print(
            f"{r.case_number}\t{r.status.label(lang)}\t{r.start_date or ''}\t"
            f"{r.closure_date or ''}\t{r.coordinator}\t{phases}\t{r.warnings}"
        )
    say(f"{len(page.rows)} av {page.total} ärenden", f"{len(page.rows)} of {page.total} cases")


def _show(ws, case_id: int) -> None:
    from isu.formdefs import evaluate_case, format_value
    from isu.services import cases, forms

    detail = cases.get_case(ws, case_id)
    form = forms.get_form(ws, detail.form_id, detail.form_version)
    lang = ui_language()
    print(
        f"{detail.case_number}  {detail.status.label(lang)}  {form.title.get(lang)}"
        f" v{detail.form_version}  {detail.coordinator}"
    )
    print(tr(f"Version {detail.revision}", f"Revision {detail.revision}"))
    for phase in form.phases:
        print(f"\n== {phase.title.get(lang)} ==")
        for question in form.phase_questions(phase.name):
            if question.group is not None:
                continue
            answer = detail.answers.get(question.code)
            if answer is None or not answer.is_answered:
                continue
            text = (
                format_value(question, answer.value, lang)
                if answer.missing is None
                else (form.missing_label(answer.missing) or answer.missing).__str__()
            )
            print(f"  {question.label.get(lang)}: {text}")
        for group in form.repeat_groups():
            if group.phase != phase.name:
                continue
            for index, item in enumerate(detail.repeats.get(group.code, []), 1):
                parts = [
                    format_value(form.question(c), a.value, lang)
                    for c, a in item.items()
                    if a.value is not None
                ]
                print(f"  {group.label.get(lang)} {index}: {'; '.join(parts)}")
    issues = evaluate_case(form, detail.answers, detail.repeats, dt.date.today()).issues
    if issues:
        print(tr(f"\n{len(issues)} varningar:", f"\n{len(issues)} warnings:"))
        for issue in issues:
            print(f"  {issue.code}: {issue.message.get(lang)}")


def _set(ws, args: argparse.Namespace) -> None:
    from isu.services import cases, forms

    case_id = cases.case_id_by_number(ws, args.number, "set")
    detail = cases.get_case(ws, case_id)
    form = forms.get_form(ws, detail.form_id, detail.form_version)
    answers = {**detail.answers, **_parse_pairs(form, args.answers)}
    repeats = {g: list(items) for g, items in detail.repeats.items()}
    for spec in args.item:
        group, sep, body = spec.partition(":")
        if not sep or form.group(group) is None:
            raise UserError(f"Okänd grupp i --item: {spec!r}", f"Unknown group in --item: {spec!r}")
        repeats.setdefault(group, []).append(_parse_pairs(form, body.split(",")))
    expected = detail.revision if args.revision is None else args.revision
    result = cases.save_case(ws, case_id, answers, repeats, expected_revision=expected)
    say(f"Sparat ({result.warnings} varningar).", f"Saved ({result.warnings} warnings).")

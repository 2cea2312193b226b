"""``isu form check|list|publish|show`` (``import`` and ``pdf``: isu.cli.form_import)."""

from __future__ import annotations

import argparse
from pathlib import Path

from isu.cli.common import (
    add_command,
    commands_of,
    db_command,
    file_option,
    open_workspace,
)
from isu.cli.i18n import say, tr, ui_language


def run_form_command(args: argparse.Namespace) -> int:
    if args.form_command == "check":
        return _check(args.files)
    from isu.services import forms

    with open_workspace(args) as ws:
        if args.form_command == "list":
            for f in forms.list_forms(ws):
                title = f.title_sv if ui_language() == "sv" else f.title_en
                print(f"{f.form_id}\tv{f.version}\t{f.published_at[:10]}\t{title}")
        elif args.form_command == "publish":
            published = forms.publish_file(ws, args.file)
            _warn(args.file, forms.get_form(ws, published.form_id), ui_language())
            say(
                f"Publicerade {published.form_id} version {published.version}.",
                f"Published {published.form_id} version {published.version}.",
            )
        elif args.form_command == "show":
            print(forms.form_source(ws, args.form_id, args.version), end="")
    return 0


def _check(files: list[str]) -> int:
    from isu.formdefs import check_form_file, load_form

    lang = ui_language()
    failed = 0
    for name in files:
        problems = check_form_file(Path(name))
        for p in problems:
            message = p.message_sv if lang == "sv" else p.message_en
            print(f"{name}:{p.line}: {message}")
        if problems:
            failed += 1
            continue
        spec = load_form(Path(name))
        _warn(name, spec, lang)
        n_q, n_g, n_p = len(spec.questions()), len(spec.repeat_groups()), len(spec.pairs())
        head = f"{name}: OK – {spec.id} version {spec.version}"
        print(
            tr(
                f"{head}, {n_q} frågor, {n_g} upprepade grupper, {n_p} före/efter-par",
                f"{head}, {n_q} questions, {n_g} repeat groups, {n_p} before/after pairs",
            )
        )
    return 2 if failed else 0


def _warn(name: str, spec, lang: str) -> None:
    """Warnings that do not stop a form: a phase whose questions can never count."""
    from isu.formdefs.phase_check import phase_warnings

    word = "varning" if lang == "sv" else "warning"
    for problem in phase_warnings(spec):
        print(f"{name}:{problem.line}: {word}: {problem.message(lang)}")


def add_form_parsers(sub):
    """``isu form`` and its database commands; returns the sub-command parsers, for the
    commands on files (isu.cli.form_import)."""
    p = add_command(sub, "form", "formulär", "forms")
    form_sub = commands_of(p, "form_command")
    q = add_command(form_sub, "check", "kontrollera formulärfiler", "check form files")
    file_option(q, "files", "formulärfiler (YAML)", "form files (YAML)", nargs="+")
    db_command(form_sub, "list", "lista publicerade formulär", "list published forms")
    q = db_command(form_sub, "publish", "publicera ett formulär", "publish a form")
    file_option(q, "file", "formulärfilen (YAML)", "the form file")
    q = db_command(form_sub, "show", "visa ett formulärs källtext", "show a form's source")
    q.add_argument("form_id", metavar="ID", help=tr("formulärets id", "the form's id"))
    q.add_argument(
        "--version",
        type=int,
        metavar="N",
        help=tr("versionen (annars den senaste)", "the version (otherwise the latest)"),
    )
    p.set_defaults(func=run_form_command)
    return form_sub

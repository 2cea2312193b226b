"""``isu form check|list|publish|show`` (``import`` and ``pdf``: isu.cli_form_import)."""

from __future__ import annotations

import argparse
from pathlib import Path

from isu.cli import open_workspace, say, tr, ui_language


def run_form_command(args: argparse.Namespace) -> int:
    if args.form_command == "check":
        return _check(args.files)
    if args.form_command in ("import", "pdf"):  # files only, no database
        from isu.cli_form_import import run_import, run_pdf

        return run_import(args) if args.form_command == "import" else run_pdf(args)
    from isu.services import forms

    ws = open_workspace(args)
    try:
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
    finally:
        ws.close()
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

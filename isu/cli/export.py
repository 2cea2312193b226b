"""``isu export``, ``isu keygen``, ``isu verify-export`` and ``isu merge``.

Exit codes as for every ``isu`` command: 0 success, 1 runtime failure, 2 bad input (a package
that fails verification is bad input).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from isu.cli.common import (
    add_command,
    db_command,
    file_option,
    flag,
    k_option,
    lang_option,
    open_workspace,
    option,
    passphrase_file_option,
    period_options,
    read_key_file,
    read_passphrase,
    report_file_options,
)
from isu.cli.i18n import say, tr, ui_language
from isu.errors import UserError


def add_export_parsers(subparsers) -> None:
    _export_parser(subparsers)
    _keygen_parser(subparsers)
    _verify_parser(subparsers)
    _merge_parser(subparsers)


def _private_key_options(p) -> None:
    file_option(p, "--key", "privat nyckel för förseglade paket", "private key for sealed packages")
    passphrase_file_option(p)


def _export_parser(subparsers) -> None:
    p = db_command(
        subparsers,
        "export",
        "anonymiserad export (t.ex. till Socialstyrelsen)",
        "anonymised export (e.g. to Socialstyrelsen)",
    )
    option(
        p,
        "--kind",
        "aggregate = sammanräknade tabeller, records = en rad per ärende",
        "aggregate = counted tables, records = one row per case",
        required=True,
        choices=("aggregate", "records"),
    )
    period_options(p, required=True)
    file_option(p, "--out", "paketfil (.isux) att skriva", "package file (.isux) to write")
    k_option(p)
    option(
        p,
        "--l",
        "minst så många olika känsliga värden per grupp (2)",
        "l-diversity (2)",
        dest="l_diversity",
        type=int,
    )
    flag(
        p,
        "--stable-ids",
        "samma export-id för ett ärende i varje export",
        "the same export id each time",
    )
    file_option(p, "--recipient-key", "mottagarens publika nyckel", "the recipient's public key")
    flag(p, "--preview", "visa bara, skriv inget", "show, write nothing")
    p.set_defaults(func=run_export)


def _keygen_parser(subparsers) -> None:
    p = add_command(
        subparsers, "keygen", "skapa mottagarens nyckelpar", "make a recipient key pair"
    )
    file_option(
        p, "--out-private", "fil för den privata nyckeln", "file for the private key", required=True
    )
    file_option(
        p, "--out-public", "fil för den publika nyckeln", "file for the public key", required=True
    )
    passphrase_file_option(
        p,
        "fil med en lösenfras som skyddar den privata nyckeln",
        "file with a passphrase that protects the private key",
    )
    p.set_defaults(func=run_keygen)


def _verify_parser(subparsers) -> None:
    p = add_command(
        subparsers, "verify-export", "kontrollera ett exportpaket", "check an export package"
    )
    file_option(p, "file", "exportpaketet", "the package")
    _private_key_options(p)
    p.set_defaults(func=run_verify_export)


def _merge_parser(subparsers) -> None:
    p = add_command(
        subparsers, "merge", "nationell sammanställning av exportpaket", "merge export packages"
    )
    file_option(p, "files", "exportpaketen", "the packages", nargs="+")
    _private_key_options(p)
    report_file_options(p, pdf_required=True)
    k_option(p)
    file_option(p, "--form", "formulärdefinition (YAML)", "form definition (YAML)")
    lang_option(p)
    p.set_defaults(func=run_merge)


# --- commands --------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from isu.services import exports

    extra = {} if getattr(args, "l_diversity", None) is None else {"l": args.l_diversity}
    request = exports.ExportRequest(
        args.kind, args.date_from, args.date_to, k=args.k, stable_ids=args.stable_ids, **extra
    )
    if not args.preview and not args.out:
        raise UserError("Ange --out eller --preview.", "Give --out or --preview.")
    key = read_key_file(args.recipient_key) if args.recipient_key else None
    with open_workspace(args) as ws:
        if args.preview:
            for line in preview_lines(exports.preview_export(ws, request), ui_language()):
                print(line)
            return 0
        written = exports.write_export(ws, request, Path(args.out), key)
    sealed = tr(" (förseglat)", " (sealed)") if written.sealed else ""
    say(
        f"Exporten skrevs till {written.path}{sealed}. SHA-256: {written.sha256}",
        f"The export was written to {written.path}{sealed}. SHA-256: {written.sha256}",
    )
    return 0


def preview_lines(preview, lang: str = "sv") -> list[str]:
    from isu.services.export_preview import preview_lines as lines

    return lines(preview, lang)


def run_keygen(args: argparse.Namespace) -> int:
    from isu.export.seal import generate_keypair, public_key_fingerprint

    private, public = generate_keypair(read_passphrase(args))
    _write_new(Path(args.out_private), private, 0o600)  # the private key: owner only
    _write_new(Path(args.out_public), public, 0o600)  # shared by sending, not by the disk
    say(
        f"Nyckelparet skrevs. Fingeravtryck: {public_key_fingerprint(public)}",
        f"The key pair was written. Fingerprint: {public_key_fingerprint(public)}",
    )
    return 0


def run_verify_export(args: argparse.Namespace) -> int:
    from isu.export.package import verify_package

    key = read_key_file(args.key) if args.key else None
    passphrase = read_passphrase(args)
    report = verify_package(args.file, key, passphrase=passphrase)
    print(report.summary(ui_language()))
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from isu.formdefs import load_form
    from isu.services import merge

    key = read_key_file(args.key) if args.key else None
    passphrase = read_passphrase(args)
    specs = [load_form(args.form)] if args.form else None
    result = merge.merge_packages(args.files, key, passphrase, k=args.k, form_specs=specs)
    lang = args.lang or ui_language()
    for item in result.excluded:
        print(f"{item.file}: {item.reason.get(lang)}")
    for path in merge.write_merge_outputs(result, args.pdf, args.xlsx, lang):
        say(f"Skrev {path}", f"Wrote {path}")
    return 0


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError as exc:
        raise UserError(
            f"Filen finns redan: {path}. Välj ett annat namn.",
            f"The file already exists: {path}. Choose another name.",
        ) from exc
    except OSError as exc:
        raise UserError(
            f"Filen kan inte skrivas: {path}", f"The file cannot be written: {path}"
        ) from exc
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)

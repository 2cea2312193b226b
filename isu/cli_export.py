"""``isu export``, ``isu keygen``, ``isu verify-export`` and ``isu merge``.

Exit codes as for every ``isu`` command: 0 success, 1 runtime failure, 2 bad input (a package
that fails verification is bad input).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from isu.cli import (
    add_command,
    file_metavar,
    open_workspace,
    parse_date,
    read_password,
    say,
    tr,
    ui_language,
)
from isu.errors import UserError


def add_export_parsers(subparsers) -> None:
    _export_parser(subparsers)
    _keygen_parser(subparsers)
    _verify_parser(subparsers)
    _merge_parser(subparsers)


def _login_options(p) -> None:
    from isu.cli import _with_db

    _with_db(p)


def _private_key_options(p) -> None:
    p.add_argument(
        "--key",
        metavar=file_metavar(),
        help=tr("privat nyckel för förseglade paket", "private key for sealed packages"),
    )
    p.add_argument(
        "--passphrase-file",
        metavar=file_metavar(),
        help=tr("fil med den privata nyckelns lösenfras", "file with the private key's passphrase"),
    )


def _export_parser(subparsers) -> None:
    p = add_command(
        subparsers,
        "export",
        "anonymiserad export (t.ex. till Socialstyrelsen)",
        "anonymised export (e.g. to Socialstyrelsen)",
    )
    _login_options(p)
    p.add_argument(
        "--kind",
        required=True,
        choices=("aggregate", "records"),
        help=tr(
            "aggregate = sammanräknade tabeller, records = en rad per ärende",
            "aggregate = counted tables, records = one row per case",
        ),
    )
    date = tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD")
    p.add_argument(
        "--from",
        dest="date_from",
        required=True,
        type=parse_date,
        metavar=date,
        help=tr("periodens första dag", "the period's first day"),
    )
    p.add_argument(
        "--to",
        dest="date_to",
        required=True,
        type=parse_date,
        metavar=date,
        help=tr("periodens sista dag", "the period's last day"),
    )
    p.add_argument(
        "--out",
        metavar=file_metavar(),
        help=tr("paketfil (.isux) att skriva", "package file (.isux) to write"),
    )
    p.add_argument(
        "--k", type=int, metavar="K", help=tr("gräns för små tal", "small-number threshold")
    )
    p.add_argument(
        "--l",
        dest="l_diversity",
        type=int,
        help=tr("minst så många olika känsliga värden per grupp (2)", "l-diversity (2)"),
    )
    p.add_argument(
        "--stable-ids",
        action="store_true",
        help=tr("samma export-id för ett ärende i varje export", "the same export id each time"),
    )
    p.add_argument(
        "--recipient-key",
        metavar=file_metavar(),
        help=tr("mottagarens publika nyckel", "the recipient's public key"),
    )
    p.add_argument(
        "--preview", action="store_true", help=tr("visa bara, skriv inget", "show, write nothing")
    )
    p.set_defaults(func=run_export)


def _keygen_parser(subparsers) -> None:
    p = add_command(
        subparsers, "keygen", "skapa mottagarens nyckelpar", "make a recipient key pair"
    )
    p.add_argument(
        "--out-private",
        required=True,
        metavar=file_metavar(),
        help=tr("fil för den privata nyckeln", "file for the private key"),
    )
    p.add_argument(
        "--out-public",
        required=True,
        metavar=file_metavar(),
        help=tr("fil för den publika nyckeln", "file for the public key"),
    )
    p.add_argument(
        "--passphrase-file",
        metavar=file_metavar(),
        help=tr(
            "fil med en lösenfras som skyddar den privata nyckeln",
            "file with a passphrase that protects the private key",
        ),
    )
    p.set_defaults(func=run_keygen)


def _verify_parser(subparsers) -> None:
    p = add_command(
        subparsers, "verify-export", "kontrollera ett exportpaket", "check an export package"
    )
    p.add_argument("file", metavar=file_metavar(), help=tr("exportpaketet", "the package"))
    _private_key_options(p)
    p.set_defaults(func=run_verify_export)


def _merge_parser(subparsers) -> None:
    p = add_command(
        subparsers, "merge", "nationell sammanställning av exportpaket", "merge export packages"
    )
    p.add_argument(
        "files", nargs="+", metavar=file_metavar(), help=tr("exportpaketen", "the packages")
    )
    _private_key_options(p)
    p.add_argument(
        "--pdf",
        required=True,
        metavar=file_metavar(),
        help=tr("PDF-fil att skriva", "PDF file to write"),
    )
    p.add_argument(
        "--xlsx", metavar=file_metavar(), help=tr("Excel-fil att skriva", "Excel file to write")
    )
    p.add_argument(
        "--k", type=int, metavar="K", help=tr("gräns för små tal", "small-number threshold")
    )
    p.add_argument(
        "--form",
        metavar=file_metavar(),
        help=tr("formulärdefinition (YAML)", "form definition (YAML)"),
    )
    p.add_argument(
        "--lang", choices=("sv", "en"), help=tr("rapportens språk", "the report's language")
    )
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
    key = _read_bytes(args.recipient_key) if args.recipient_key else None
    ws = open_workspace(args)
    try:
        if args.preview:
            for line in preview_lines(exports.preview_export(ws, request), ui_language()):
                print(line)
            return 0
        written = exports.write_export(ws, request, Path(args.out), key)
    finally:
        ws.close()
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

    passphrase = None
    if args.passphrase_file:
        passphrase = read_password(args, file_attr="passphrase_file")
    private, public = generate_keypair(passphrase)
    _write_new(Path(args.out_private), private, 0o600)  # the private key: owner only
    _write_new(Path(args.out_public), public, 0o600)  # shared by sending, not by the disk
    say(
        f"Nyckelparet skrevs. Fingeravtryck: {public_key_fingerprint(public)}",
        f"The key pair was written. Fingerprint: {public_key_fingerprint(public)}",
    )
    return 0


def run_verify_export(args: argparse.Namespace) -> int:
    from isu.export.package import verify_package

    key = _read_bytes(args.key) if args.key else None
    passphrase = read_password(args, file_attr="passphrase_file") if args.passphrase_file else None
    report = verify_package(args.file, key, passphrase=passphrase)
    print(report.summary(ui_language()))
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from isu.formdefs import load_form
    from isu.services import merge

    key = _read_bytes(args.key) if args.key else None
    passphrase = read_password(args, file_attr="passphrase_file") if args.passphrase_file else None
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


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(
            f"Nyckelfilen kan inte läsas: {path}", f"The key file cannot be read: {path}"
        ) from exc

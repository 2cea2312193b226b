"""``isu verify`` (the database and its audit log) and ``isu audit`` (the log itself)."""

from __future__ import annotations

import argparse
from pathlib import Path

from isu.cli.common import db_command, flag, open_workspace, option, parse_date
from isu.cli.i18n import tr, ui_language


def cmd_verify(args: argparse.Namespace) -> int:
    from isu.paths import AppPaths  # with dataclasses: not for --help
    from isu.services.maintenance import verify

    with open_workspace(args) as ws:
        paths = AppPaths.create(getattr(args, "data_dir", None))
        report = verify(
            ws,
            backup_dir=paths.backup_dir,
            anchors_in=[Path(p) for p in args.anchor],
            acknowledge=args.acknowledge,
        )
    for line in report.lines(ui_language()):
        print(line)
    return 0 if report.ok else 1


def cmd_audit(args: argparse.Namespace) -> int:
    from isu.domain.roles import Permission
    from isu.services import audit

    with open_workspace(args) as ws:
        ws.require(Permission.READ_AUDIT)
        with ws.db.reading() as session:
            for e in audit.entries(session, since=args.since):
                print(f"{e.id}\t{e.ts}\t{e.actor}\t{e.action}\t{e.target}\t{e.detail}")
    return 0


def add_audit_parsers(sub) -> None:
    p = db_command(sub, "verify", "kontrollera databasen", "check the database", func=cmd_verify)
    option(
        p,
        "--anchor",
        "jämför granskningsloggen även med ankaret i denna säkerhetskopia eller export",
        "also compare the audit log with the anchor in this backup or export",
        action="append",
        default=[],
        metavar="FILE",
    )
    flag(
        p,
        "--acknowledge",
        "kvittera tidigare upptäckta avvikelser i granskningsloggen",
        "acknowledge audit-log mismatches found earlier",
    )

    p = db_command(sub, "audit", "visa granskningsloggen", "show the audit log", func=cmd_audit)
    option(
        p,
        "--since",
        "bara poster från och med detta datum",
        "only entries from this date on",
        type=parse_date,
        metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    )

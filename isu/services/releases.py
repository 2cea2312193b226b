"""Release control: every protected output's case populations are kept, and a new output
that would reveal by subtraction a figure about fewer than k cases is refused.

``admit`` is called by every path that leaves protected numbers to a person (the summary
page and its chart, the PDF/XLSX/CSV report, a saved summary run, the aggregate export): it
checks the output's populations against every earlier release by any user (rules in
``isu.summary.populations``), then records them, encrypted with the rest of the database,
in ``releases`` next to an audit entry. A refusal is audited too. An output whose
populations equal an earlier release's is admitted without a new row. A database open
read-only can only repeat earlier releases. Exact on-screen counts (a unit head's screen,
when the database allows it) are not releases: that viewer sees exact figures anyway.
"""

from __future__ import annotations

from sqlalchemy import func, select

from isu.db.models import AuditRecord, CaseRecord, ReleaseRecord
from isu.errors import UserError
from isu.services import audit
from isu.services.workspace import Workspace
from isu.summary.data import SplitBy, SummaryData
from isu.summary.populations import Conflict, Populations, find_conflict, populations_of

__all__ = ["ReleaseRefused", "admit", "admit_populations", "history"]


class ReleaseRefused(UserError):
    """A new output would reveal, with earlier ones, figures about fewer than k cases."""


def admit(ws: Workspace, data: SummaryData, split: SplitBy, k: int, kind: str) -> None:
    """Check and record the release of a protected output over ``data``; raises
    ``ReleaseRefused`` when it differs from earlier releases by 1..k−1 cases."""
    admit_populations(ws, populations_of(data, split), k, kind)


def admit_populations(ws: Workspace, new: Populations, k: int, kind: str) -> None:
    if not new.masks:
        return
    new = new.with_revisions(_revisions(ws))
    digest = new.digest()
    if ws.db.read_only:
        with ws.db.reading() as session:
            if _seen(session, digest):
                return
            conflict = find_conflict(new, _earlier(session), k) or Conflict("A", 0)
        raise _refused(conflict, k, read_only=True)
    with ws.db.unit_of_work() as session:  # the write lock: two releases cannot race
        if _seen(session, digest):
            return
        conflict = find_conflict(new, _earlier(session), k)
        if conflict is not None:
            audit.append(
                session,
                ws.user.username,
                "release_refused",
                "summary",
                {"kind": kind, "k": k, "rule": conflict.rule, "release": conflict.release},
            )
        else:
            audit.append(
                session,
                ws.user.username,
                "release_recorded",
                kind,
                {"k": k, "cases": new.cases, "populations": list(new.labels)},
            )
            session.flush()
            audit_id = session.execute(select(func.max(AuditRecord.id))).scalar()
            session.add(
                ReleaseRecord(
                    actor=ws.user.username,
                    kind=kind,
                    audit_id=audit_id,
                    k=k,
                    cases=new.cases,
                    digest=digest,
                    populations=new.encode(),
                )
            )
    if conflict is not None:
        raise _refused(conflict, k)


def history(ws: Workspace) -> list[tuple[int, str, str, int, Populations]]:
    """Every release: (id, when, kind, cases, populations), oldest first (for tests and
    the data-protection officer)."""
    with ws.db.reading() as session:
        rows = session.execute(
            select(
                ReleaseRecord.id,
                ReleaseRecord.created_at,
                ReleaseRecord.kind,
                ReleaseRecord.cases,
                ReleaseRecord.populations,
            ).order_by(ReleaseRecord.id)
        ).all()
    return [(r[0], r[1], r[2], r[3], Populations.decode(r[4])) for r in rows]


def _revisions(ws: Workspace) -> dict[int, int]:
    """Each case's revision (its save counter): outputs over cases saved since an earlier
    release are compared as over other cases (rule E in ``isu.summary.populations``)."""
    with ws.db.reading() as session:
        rows = session.execute(select(CaseRecord.id, CaseRecord.revision)).all()
    return {case_id: revision for case_id, revision in rows}


def _seen(session, digest: str) -> bool:
    found = session.execute(
        select(ReleaseRecord.id).where(ReleaseRecord.digest == digest).limit(1)
    ).first()
    return found is not None


def _earlier(session) -> list[tuple[int, Populations]]:
    rows = session.execute(select(ReleaseRecord.id, ReleaseRecord.populations)).all()
    return [(row[0], Populations.decode(row[1])) for row in rows]


def _refused(conflict: Conflict, k: int, *, read_only: bool = False) -> ReleaseRefused:
    if read_only:
        return ReleaseRefused(
            "Databasen är öppnad skrivskyddad, och den här sammanställningen har inte lämnats "
            "ut förut. Öppna databasen skrivbar, eller välj ett urval som redan lämnats ut.",
            "The database is open read-only and this summary has not been released before. "
            "Open the database for writing, or choose a selection already released.",
        )
    cases = "ett ärende" if conflict.cases == 1 else f"{conflict.cases} ärenden"
    cases_en = "one case" if conflict.cases == 1 else f"{conflict.cases} cases"
    if conflict.rule == "E":
        refused = ReleaseRefused(
            f"Sammanställningen lämnas inte ut: sedan en tidigare utlämnad sammanställning över "
            f"samma ärenden har svaren ändrats i bara {cases} (färre än k = {k}, tillagda och "
            "borttagna ärenden medräknade). Skillnaden mellan de två skulle visa hur enskilda "
            f"personers uppgifter ändrats. Vänta tills fler ärenden har uppdaterats, eller "
            "vidga perioden eller filtren.",
            f"The summary is not released: since a summary over the same cases was released, "
            f"answers have changed in only {cases_en} (fewer than k = {k}, counting cases added "
            "or removed). The difference between the two would show how individuals' data "
            "changed. Wait until more cases have been updated, or widen the period or filters.",
        )
        refused.conflict = conflict
        return refused
    refused = ReleaseRefused(
        f"Sammanställningen lämnas inte ut: jämförd med en tidigare utlämnad sammanställning "
        f"skiljer den sig med bara {cases} (färre än k = {k}). Skillnaden mellan de två "
        "skulle visa uppgifter om enskilda personer. Välj en period i hela månader, kvartal "
        "eller år, vidga perioden eller filtren så att skillnaden blir minst "
        f"{k} ärenden, eller använd samma urval som förut.",
        f"The summary is not released: compared with a summary released earlier it differs "
        f"by only {cases_en} (fewer than k = {k}). The difference between the two would show "
        "figures about individuals. Choose a period of whole months, quarters or years, "
        f"widen the period or the filters so that the difference is at least {k} cases, or "
        "use the same selection as before.",
    )
    refused.conflict = conflict
    return refused

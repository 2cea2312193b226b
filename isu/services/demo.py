"""Synthetic but realistic SIG cases for trying the program, screenshots and benchmarks.

The numbers are invented: distributions loosely follow what SIG pilots describe (mostly boys,
ages 15–19, high assessed risk, several interventions, most cases closed with partly reached
goals). Nothing here is real data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from isu.db.models import SettingRecord
from isu.domain.answers import Answer
from isu.domain.form import FormSpec
from isu.domain.roles import Permission, Role
from isu.errors import IsuError
from isu.security import keyslots
from isu.services import audit, case_bulk, forms, settings, users
from isu.services.case_bulk import NewCase
from isu.services.sign_in import login
from isu.services.workspace import Workspace

NEED_AREAS = (
    "crime",
    "school",
    "occupation",
    "drugs",
    "peers",
    "family",
    "leisure",
    "mental_health",
    "attitudes",
    "housing",
    "debts",
    "victimisation",
    "networks",
)
AREA_CODES = {
    "crime": "brottslighet",
    "school": "skola",
    "occupation": "sysselsattning",
    "drugs": "droger",
    "peers": "kamrater",
    "family": "familj",
    "leisure": "fritid",
    "mental_health": "psykisk_halsa",
    "attitudes": "attityder",
    "housing": "boende",
    "debts": "skulder",
    "victimisation": "utsatthet",
    "networks": "natverk",
}
INTERVENTION_FOR_AREA = {
    "crime": "strukturerat_program",
    "school": "skolinsats",
    "occupation": "sysselsattning",
    "drugs": "beroendebehandling",
    "peers": "mentor",
    "family": "familjestod",
    "leisure": "fritidsinsats",
    "mental_health": "psykiatri",
    "attitudes": "samtalsstod",
    "housing": "boende",
    "debts": "ekonomi",
    "victimisation": "samtalsstod",
    "networks": "avhopparstod",
}
ACTOR_FOR_TYPE = {
    "skolinsats": "skola",
    "sysselsattning": "arbetsformedling",
    "beroendebehandling": "beroendevard",
    "psykiatri": "bup",
    "fritidsinsats": "fritid",
    "avhopparstod": "ideell",
    "mentor": "ideell",
    "strukturerat_program": "socialtjanst",
}
DEMO_COORDINATORS = (
    ("samordnare1", "Sara Lind"),
    ("samordnare2", "Johan Ek"),
    ("samordnare3", "Amira Hassan"),
)
DEMO_UNIT_HEAD = ("enhetschef", "Eva Berg")


@dataclass(frozen=True)
class DemoOptions:
    cases: int = 200
    seed: int = 1
    today: dt.date | None = None
    unit: str = "SIG Centrum"
    municipality: str = "0180"
    staff_password: str | None = None  # when set, demo coordinators and a unit head are added


class _Case:
    """Builds one case's answers, skipping codes the form does not have."""

    def __init__(self, spec: FormSpec, rng: random.Random):
        self.spec, self.rng = spec, rng
        self.answers: dict[str, Answer] = {}
        self.repeats: dict[str, list[dict[str, Answer]]] = {}

    def set(self, code: str, value) -> None:
        if self.spec.has_question(code) and value is not None:
            self.answers[code] = Answer(value)

    def missing(self, code: str, reason: str = "uppgift_saknas") -> None:
        if self.spec.has_question(code):
            self.answers[code] = Answer(None, reason)

    def pick(self, code: str, weights: dict[str, float]) -> str | None:
        if not self.spec.has_question(code):
            return None
        valid = {k: w for k, w in weights.items() if k in self.spec.question(code).choice_codes}
        if not valid:
            return None
        value = self.rng.choices(list(valid), weights=list(valid.values()))[0]
        self.set(code, value)
        return value

    def pick_many(self, code: str, weights: dict[str, float], low: int, high: int) -> tuple:
        if not self.spec.has_question(code):
            return ()
        valid = [k for k in weights if k in self.spec.question(code).choice_codes]
        count = min(len(valid), self.rng.randint(low, high))
        chosen: list[str] = []
        pool = dict((k, weights[k]) for k in valid)
        for _ in range(count):
            value = self.rng.choices(list(pool), weights=list(pool.values()))[0]
            chosen.append(value)
            pool.pop(value)
        self.set(code, tuple(chosen))
        return tuple(chosen)


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def synthetic_case(
    spec: FormSpec, rng: random.Random, today: dt.date, number: str
) -> tuple[dict, dict, bool]:
    c = _Case(spec, rng)
    referral = today - _days(rng, 20, 3 * 365)
    c.set("referral_date", referral)
    c.pick(
        "referred_by",
        {
            "socialtjanst": 40,
            "polis": 25,
            "skola": 10,
            "kriminalvard": 6,
            "sis": 4,
            "vard": 4,
            "vardnadshavare": 6,
            "den_unge": 3,
            "annan": 2,
        },
    )
    start = referral + _days(rng, 5, 50)
    started = start <= today - dt.timedelta(days=3)
    age = rng.choices(range(13, 26), weights=[3, 8, 14, 17, 16, 12, 9, 7, 5, 4, 3, 1, 1])[0]
    c.set("consent_youth", True)
    c.set("consent_youth_date", referral + _days(rng, 0, 5))
    if age < 18:
        c.set("consent_guardians", rng.random() < 0.93)
        c.set("consent_guardians_date", referral + _days(rng, 0, 10))
    gender = c.pick("gender", {"pojke_man": 78, "flicka_kvinna": 20, "annat": 2})
    if rng.random() < 0.01:
        c.missing("gender")
    c.set("birth_year", (start.year if started else today.year) - age)
    if not started:
        return c.answers, c.repeats, False
    c.set("start_date", start)
    risk = _before(c, gender, age)
    closure = start + _days(rng, 90, 600)
    closed = closure <= today and rng.random() < 0.9
    _during(c, start, min(closure, today), closed, risk)
    if closed:
        _after(c, closure, risk)
    return c.answers, c.repeats, closed


def _before(c: _Case, gender: str | None, age: int) -> str:
    rng = c.rng
    c.pick_many(
        "sig_reason",
        {
            "brottslighet": 50,
            "risk_rekrytering": 30,
            "koppling_natverk": 20,
            "vill_lamna": 8,
            "utsatthet": 10,
            "annan": 2,
        },
        1,
        3,
    )
    c.pick(
        "living_situation",
        {
            "bada_foraldrarna": 20,
            "en_foralder": 38,
            "vaxelvis": 8,
            "familjehem": 8,
            "hvb_stodboende": 10,
            "sis_hem": 3,
            "eget_boende": 8 if age >= 18 else 0.5,
            "saknar_bostad": 3,
            "annat": 2,
        },
    )
    c.pick_many(
        "sanctions",
        {
            "ingen": 45,
            "ungdomstjanst": 15,
            "ungdomsvard": 15,
            "ungdomsovervakning": 5,
            "lvu": 6,
            "frivard": 8 if age >= 18 else 0.5,
            "villkorlig_frigivning": 2 if age >= 18 else 0.1,
        },
        1,
        1,
    )
    c.pick("risk_instrument", {"inget": 25, "check_irk": 45, "savry": 20, "yls_cmi": 8, "annat": 2})
    risk = c.pick("risk_level", {"lag": 18, "mattlig": 44, "hog": 38}) or "mattlig"
    shift = {"lag": 0, "mattlig": 1, "hog": 2}[risk]
    girl = gender == "flicka_kvinna"
    for area in NEED_AREAS:
        base = [30, 30, 25, 15]
        if area in ("crime", "peers", "attitudes", "networks"):
            base = [10, 20, 35, 35]
        if area in ("mental_health", "victimisation") and girl:
            base = [10, 20, 35, 35]
        weights = base[:]
        for _ in range(shift):
            weights = [weights[0] * 0.6, weights[1] * 0.9, weights[2] * 1.2, weights[3] * 1.5]
        c.pick(
            f"need_{area}", dict(zip(("inget", "litet", "mattligt", "stort"), weights, strict=True))
        )
        if rng.random() < 0.02:
            c.missing(f"need_{area}")
    c.pick(
        "school_status",
        {
            "skola_narvaro": 25,
            "skola_franvaro": 35,
            "arbete": 8,
            "praktik_insats": 7,
            "ingen_sysselsattning": 25,
        },
    )
    c.pick("police_reports", {"inga": 15 - 5 * shift, "en": 30, "flera": 30 + 15 * shift})
    c.pick("drug_use", {"ingen": 40, "enstaka": 35, "regelbunden": 15 + 10 * shift})
    c.set("victimisation", rng.random() < (0.45 if girl else 0.3))
    return risk


def _during(c: _Case, start: dt.date, until: dt.date, closed: bool, risk: str) -> None:
    rng = c.rng
    has_plan = rng.random() < 0.87
    c.set("action_plan", has_plan)
    if has_plan:
        c.set("action_plan_date", min(until, start + _days(rng, 5, 40)))
        c.set("action_plan_goals", rng.randint(2, 6))
    months = max(1, (until - start).days // 30)
    c.set("sig_meetings", max(1, min(40, int(months * rng.uniform(0.6, 1.4)))))
    actors = {
        "socialtjanst": 100,
        "faltassistenter": 40,
        "polis": 70,
        "skola": 55,
        "fritid": 25,
        "arbetsformedling": 12,
        "kriminalvard": 8,
        "sis": 5,
        "bup": 15,
        "beroendevard": 12,
        "vardnadshavare": 60,
        "ideell": 20,
    }
    chosen = list(c.pick_many("actors", actors, 3, 7))
    if "socialtjanst" not in chosen and c.spec.has_question("actors"):
        c.set("actors", ("socialtjanst", *chosen[:-1]))
    needs = [
        a for a in NEED_AREAS if c.answers.get(f"need_{a}", Answer()).value in ("mattligt", "stort")
    ]
    _interventions(c, start, until, closed, needs or ["crime"])
    group = c.spec.group_by_role("meetings")
    if group is not None and c.spec.has_question("meeting_date"):
        meetings = []
        for i in range(min(6, months)):
            meetings.append(
                {
                    "meeting_date": Answer(min(until, start + dt.timedelta(days=30 * i + 3))),
                    "meeting_participants": Answer(
                        tuple(
                            rng.sample(
                                [
                                    x
                                    for x in ("socialtjanst", "polis", "skola", "vardnadshavare")
                                    if x in c.spec.question("meeting_participants").choice_codes
                                ],
                                2,
                            )
                        )
                    ),
                }
            )
        c.repeats[group.code] = meetings


def _interventions(c: _Case, start: dt.date, until: dt.date, closed: bool, needs: list) -> None:
    group = c.spec.group_by_role("interventions")
    if group is None:
        return
    rng = c.rng
    status_weights = (
        {"genomford": 60, "avbruten": 18, "paborjad": 17, "planerad": 5}
        if closed
        else {"genomford": 25, "avbruten": 8, "paborjad": 50, "planerad": 17}
    )
    items = []
    for _ in range(rng.randint(1, 6)):
        # mostly aimed at a rated need, as in practice; sometimes elsewhere
        area = rng.choice(needs if rng.random() < 0.85 else NEED_AREAS)
        kind = (
            INTERVENTION_FOR_AREA[area]
            if rng.random() < 0.75
            else rng.choice(list(INTERVENTION_FOR_AREA.values()))
        )
        began = min(until, start + _days(rng, 0, max(1, (until - start).days // 2)))
        status = rng.choices(list(status_weights), weights=list(status_weights.values()))[0]
        item = {
            "intervention_type": Answer(kind),
            "intervention_focus": Answer(AREA_CODES[area]),
            "intervention_actor": Answer(ACTOR_FOR_TYPE.get(kind, "socialtjanst")),
            "intervention_status": Answer(status),
        }
        if status != "planerad":
            item["intervention_start"] = Answer(began)
        if status in ("genomford", "avbruten"):
            item["intervention_end"] = Answer(min(until, began + _days(rng, 20, 200)))
        items.append({k: v for k, v in item.items() if c.spec.has_question(k)})
    c.repeats[group.code] = items


def _after(c: _Case, closure: dt.date, risk: str) -> None:
    rng = c.rng
    c.set("closure_date", closure)
    reason = c.pick(
        "closure_reason",
        {
            "plan_genomford": 55,
            "avslutat_av_den_unge": 14,
            "samtycke_aterkallat": 8,
            "flyttat": 8,
            "frihetsberovad": 10,
            "annat": 5,
        },
    )
    good = {"lag": 0.65, "mattlig": 0.5, "hog": 0.35}[risk]
    if reason != "plan_genomford":
        good -= 0.2
    c.pick("goal_attainment", {"helt": good * 40, "delvis": 45, "inte": (1 - good) * 40})
    for area in NEED_AREAS:
        need = c.answers.get(f"need_{area}", Answer()).value
        if need and need != "inget":
            c.pick(
                f"change_{area}",
                {"forbattrad": good * 90, "oforandrad": 40, "forsamrad": (1 - good) * 25},
            )
    _status_after(c, "school_status", good, {"skola_narvaro", "arbete", "praktik_insats"})
    _status_after(c, "police_reports", good, {"inga"})
    _status_after(c, "drug_use", good, {"ingen"})
    if c.spec.has_question("victimisation_after") and "victimisation" in c.answers:
        before = c.answers["victimisation"].value
        c.set("victimisation_after", bool(before) and rng.random() > good)
    c.set("continued_support", rng.random() < 0.55)
    if c.answers.get("continued_support", Answer()).value:
        c.pick_many(
            "continued_support_from",
            {"socialtjanst": 60, "bup": 10, "skola": 20, "ideell": 15, "arbetsformedling": 10},
            1,
            2,
        )
    if reason not in ("samtycke_aterkallat", "flyttat") and rng.random() < 0.62:
        _experience(c, closure, good)


def _status_after(c: _Case, code: str, good: float, better: set[str]) -> None:
    after_code = f"{code}_after"
    if not c.spec.has_question(after_code) or code not in c.answers:
        return
    before = c.answers[code].value
    if before is None:
        c.missing(after_code)
        return
    choices = c.spec.question(after_code).choice_codes
    if c.rng.random() < good * 0.8:
        options = [x for x in choices if x in better] or list(choices)
        c.set(after_code, c.rng.choice(options))
    elif c.rng.random() < 0.75:
        c.set(after_code, before)
    else:
        c.set(after_code, c.rng.choice(choices))


def _experience(c: _Case, closure: dt.date, good: float) -> None:
    c.set("experience_date", closure)
    c.pick("experience_filled_by", {"sjalv": 60, "med_stod_personal": 30, "med_stod_annan": 10})
    for item in (
        "safe",
        "understood",
        "influence",
        "information",
        "respect",
        "reach",
        "improved",
        "overall",
    ):
        weights = [3, 7, 20, 40 * good + 10, 30 * good + 5]
        c.set(f"exp_{item}", c.rng.choices([1, 2, 3, 4, 5], weights=weights)[0])


def _case_number(year: int, number: int) -> str:
    # Ten digits in a row would be refused as a possible personnummer, hence the letter.
    return f"{year}-{number:05d}" if number < 100_000 else f"{year}-D{number}"


def populate(
    ws: Workspace, options: DemoOptions, progress: Callable[[int, int], None] | None = None
) -> int:
    """Add ``options.cases`` synthetic cases (and, optionally, demo staff) to a database."""
    rng = random.Random(options.seed)
    today = options.today or dt.date.today()
    settings.save(ws, unit=options.unit, municipality=options.municipality)
    if forms.list_forms(ws) == []:
        forms.publish_default_form(ws)
    spec = forms.get_form(ws, "sig")
    coordinator_ids = [ws.user.id]
    if options.staff_password:
        coordinator_ids = [
            users.add_user(
                ws, name, options.staff_password, Role.COORDINATOR, display_name=display
            ).id
            for name, display in DEMO_COORDINATORS
        ]
        users.add_user(
            ws,
            DEMO_UNIT_HEAD[0],
            options.staff_password,
            Role.UNIT_HEAD,
            display_name=DEMO_UNIT_HEAD[1],
        )
    new_cases = _synthetic_cases(spec, options, rng, today, coordinator_ids)
    return case_bulk.import_cases(
        ws, new_cases, form_id=spec.id, today=today, progress=progress, total=options.cases
    )


def _synthetic_cases(
    spec: FormSpec,
    options: DemoOptions,
    rng: random.Random,
    today: dt.date,
    coordinator_ids: list[int],
) -> Iterator[NewCase]:
    """The demo's cases one at a time: ``import_cases`` holds one batch, never all of them."""
    for number in range(1, options.cases + 1):
        answers, repeats, closed = synthetic_case(spec, rng, today, str(number))
        answers = {
            **answers,
            "municipality": Answer(options.municipality),
            "unit": Answer(options.unit),
        }
        answers = {k: v for k, v in answers.items() if spec.has_question(k)}
        referral = answers.get("referral_date")
        year = referral.value.year if referral and referral.value else today.year
        yield NewCase(
            _case_number(year, number), answers, repeats, closed, rng.choice(coordinator_ids)
        )


# -- the demo marker ----------------------------------------------------------------------------
# ``isu demo`` prints the demo password and, with --force, replaces the file: it must only ever
# do that to a database it made. The marker is a setting inside the encrypted database, written
# when the demo is complete; a database without it is never treated as a demo.
DEMO_SETTING = "demo_database"


def mark_as_demo(ws: Workspace) -> None:
    ws.require(Permission.MAINTAIN)
    with ws.db.unit_of_work() as session:
        session.merge(SettingRecord(key=DEMO_SETTING, value=json.dumps(True)))
        audit.append(session, ws.user.username, "marked_as_demo")


def is_marked_as_demo(ws: Workspace) -> bool:
    with ws.db.reading() as session:
        record = session.get(SettingRecord, DEMO_SETTING)
        return record is not None and json.loads(record.value) is True


def is_demo_database(db_path: str | os.PathLike, username: str, password: str) -> bool:
    """True only for a database that opens with the demo account and carries the marker.

    Nothing is written to a database that is not a demo: the password is tried against the
    key file directly (a failed try is not recorded as a failed sign-in), and only a database
    the demo password opens is signed in to."""
    db_path = Path(db_path)
    slot_path = keyslots.slot_path_for(db_path)
    if not (db_path.is_file() and slot_path.is_file()):
        return False
    try:
        slots = keyslots.read_slot_file(slot_path)
        if slots.find(slots.user_slot_id(username)) is None:
            return False
        if keyslots.unlock_user(slots, username, password) is None:
            return False
        ws = login(db_path, username, password)
    except IsuError:
        return False
    try:
        return is_marked_as_demo(ws)
    finally:
        ws.close()

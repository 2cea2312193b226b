"""The export preview as text, in Swedish or English: one wording for the CLI ``--preview``
and the export dialog (uniqueness before and after, k, l per sensitive column, what was
generalised, the rules)."""

from __future__ import annotations

from isu.export.kanon import ClassStats
from isu.export.labels import privacy_label, type_label
from isu.services.export_request import ExportPreview


def stats_lines(preview: ExportPreview, lang: str = "sv") -> list[str]:
    """Uniqueness on the quasi-identifiers before and after, smallest class, l per column."""
    sv = lang == "sv"
    if preview.kind != "records" or preview.after is None:
        return []
    lines = [
        (
            f"Indirekta identifierare ({len(preview.quasi)}): "
            if sv
            else f"Quasi-identifiers ({len(preview.quasi)}): "
        )
        + ", ".join(preview.quasi),
        ("Känsliga kolumner: " if sv else "Sensitive columns: ")
        + (", ".join(preview.sensitive) or "–"),
    ]
    for title_sv, title_en, stats in (
        ("Före (exakta värden)", "Before (exact values)", preview.exact),
        ("Efter intervall, före generalisering", "After banding, before generalising",
         preview.before),
        ("Efter (det som lämnar enheten)", "After (what leaves the unit)", preview.after),
    ):  # fmt: skip
        if stats is not None:
            lines.append(f"{title_sv if sv else title_en}: {_stats_text(stats, sv)}")
    if preview.after is not None and preview.after.l:
        lines.append("l per känslig kolumn (före → efter):" if sv else
                      "l per sensitive column (before → after):")  # fmt: skip
        before = preview.exact.l if preview.exact is not None else {}
        lines += [
            f"  {col}: {before.get(col, '?')} → {value}"
            for col, value in sorted(preview.after.l.items())
        ]
    return lines


def _stats_text(stats: ClassStats, sv: bool) -> str:
    if sv:
        return (
            f"{stats.records} poster, {stats.unique} unika, {stats.classes} grupper, "
            f"minsta grupp {stats.smallest}, minsta l {min(stats.l.values(), default=0)}"
        )
    return (
        f"{stats.records} records, {stats.unique} unique, {stats.classes} classes, "
        f"smallest class {stats.smallest}, smallest l {min(stats.l.values(), default=0)}"
    )


def generalisation_lines(preview: ExportPreview, lang: str = "sv") -> list[str]:
    sv = lang == "sv"
    lines = []
    for item in preview.generalisations:
        if not item.level:
            continue
        level = (
            f"nivå {item.level} av {item.height}" if sv else f"level {item.level} of {item.height}"
        )
        lines.append(f"  {item.column}: {level} – {item.what.get(lang)}")
    return lines


def rule_lines(preview: ExportPreview, lang: str = "sv") -> list[str]:
    if preview.rule_texts:
        return [text.get(lang) for text in preview.rule_texts]
    return list(preview.rules)


def preview_lines(preview: ExportPreview, lang: str = "sv") -> list[str]:
    sv = lang == "sv"
    kind = {"records": ("individnivå (anonymiserad)", "record level (anonymised)"),
            "aggregate": ("sammanställda tabeller", "aggregated tables")}  # fmt: skip
    kind_sv, kind_en = kind.get(preview.kind, (preview.kind, preview.kind))
    k_line = f"; k = {preview.k}" + (f", l = {preview.l}" if preview.kind == "records" else "")
    lines = [
        (f"Typ: {kind_sv}" if sv else f"Kind: {kind_en}")
        + f"; {preview.period_from} – {preview.period_to}{k_line}",
        ("Ärenden i perioden: " if sv else "Cases in the period: ") + str(preview.cases_in),
        "",
        "Filer:" if sv else "Files:",
        *(f"  {name}: {count}" for name, count in preview.rows),
        "",
        "Variabler som lämnar enheten:" if sv else "Variables leaving the unit:",
        *(
            f"  {v.code}\t{type_label(v.type, lang)}\t{privacy_label(v.privacy, lang)}\t{v.file}"
            for v in preview.variables
        ),
        "",
        "Borttagna eller omräknade:" if sv else "Removed or converted:",
        *(f"  {r.code}\t{r.reason_text(lang)}" for r in preview.removed),
        "",
    ]
    if preview.kind == "records":
        lines += [
            ("Generaliserade poster: " if sv else "Generalised records: ")
            + str(preview.generalised),
            ("Borttagna poster (undertryckta): " if sv else "Suppressed records: ")
            + str(preview.suppressed),
            "Generaliserat:" if sv else "Generalised:",
            *(generalisation_lines(preview, lang) or ["  –"]),
            "",
            *stats_lines(preview, lang),
            "",
        ]
    else:
        lines += [("Dolda celler: " if sv else "Hidden cells: ") + str(preview.suppressed), ""]
    lines += ["Regler:" if sv else "Rules:", *(f"  {rule}" for rule in rule_lines(preview, lang))]
    return lines

"""Anonymised export packages (no Qt, no database): format, sealing, ids, k-anonymity.

See docs/export-format.md for the format as the receiving side sees it.
"""

from isu.export.contents import (
    CodedValue,
    DataFile,
    ExportCounts,
    ExportPlan,
    ForbiddenVariable,
    PackageContents,
    PackageInvalid,
    Variable,
    VerifyReport,
    WrittenPackage,
)
from isu.export.ids import hmac_ids, new_id_secret, random_ids
from isu.export.kanon import (
    KAnonReport,
    Ladder,
    combinations_below_k,
    default_ladders,
    kanonymize,
)
from isu.export.package import build_package_bytes, read_package, verify_package, write_package

# The seal functions stay in isu.export.seal: a re-exported ``seal`` would hide the module.
from isu.export.seal import generate_keypair, is_sealed

__all__ = [
    "CodedValue",
    "DataFile",
    "ExportCounts",
    "ExportPlan",
    "ForbiddenVariable",
    "KAnonReport",
    "Ladder",
    "PackageContents",
    "PackageInvalid",
    "Variable",
    "VerifyReport",
    "WrittenPackage",
    "build_package_bytes",
    "combinations_below_k",
    "default_ladders",
    "generate_keypair",
    "hmac_ids",
    "is_sealed",
    "kanonymize",
    "new_id_secret",
    "random_ids",
    "read_package",
    "verify_package",
    "write_package",
]

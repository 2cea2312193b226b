"""What every window needs to know: the language, the folders, the worker and error display."""

from __future__ import annotations

from dataclasses import dataclass

from isu.paths import AppPaths
from isu.ui.errors import ErrorReporter
from isu.ui.workers import DbExecutor


@dataclass(frozen=True)
class UiContext:
    lang: str
    paths: AppPaths
    executor: DbExecutor
    errors: ErrorReporter

"""Every folder the program writes to comes from here, and can be redirected."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from isu.fileio import private_dir

APP_NAME = "isu"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    backup_dir: Path
    settings_file: Path

    @classmethod
    def create(cls, data_dir: str | os.PathLike | None = None) -> AppPaths:
        base = data_dir or os.environ.get("ISU_DATA_DIR")
        if base:
            root = Path(base)
            paths = cls(root, root / "logs", root / "backups", root / "settings.json")
        else:
            from platformdirs import PlatformDirs  # imported when used: fast --help

            dirs = PlatformDirs(APP_NAME, appauthor=False)
            root = Path(dirs.user_data_dir)
            paths = cls(
                root,
                Path(dirs.user_log_dir),
                root / "backups",
                Path(dirs.user_config_dir) / "settings.json",
            )
        return paths

    def ensure(self) -> AppPaths:
        """Create the program's folders, owner-only (0700) on POSIX, and narrow them if they
        exist with wider permissions."""
        for folder in (self.data_dir, self.log_dir, self.backup_dir, self.settings_file.parent):
            private_dir(folder, own=True)
        return self

    @property
    def default_db(self) -> Path:
        return self.data_dir / "isu.db"


def package_root() -> Path:
    return Path(__file__).resolve().parent


def resource_dir(*parts: str) -> Path:
    """A folder of the data shipped inside the package (``isu/resources/...``): forms,
    translations, icons, styles and the user guides. The one place every caller finds them,
    the same way from a source checkout, an editable install, a wheel and the frozen build."""
    import importlib.resources

    root = importlib.resources.files("isu").joinpath("resources", *parts)
    # isu is a regular package on the file system in all four cases, so this is a real path.
    return Path(str(root))


def forms_dir() -> Path:
    """The shipped form definitions (``isu/resources/forms``)."""
    return resource_dir("forms")

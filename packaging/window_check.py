"""Show one real window on the platform Qt is told to use (by default: check it is ``xcb``).

``isu --smoke-test`` always draws offscreen, so it cannot notice that a Linux desktop lacks
a library Qt's X11 plugin needs (the app then dies with "could not load the Qt platform plugin
xcb"). This opens the program's own unlock dialog the way the app does (translation, style
sheet), waits until the window system has shown it, grabs it and exits 0, or says what failed
and exits 1. Under a virtual X server, as CI runs it:

    xvfb-run -a env QT_QPA_PLATFORM=xcb python packaging/window_check.py [--platform xcb]

It imports the installed ``isu`` (run it from outside the checkout to test a wheel).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

EXPOSE_TIMEOUT_S = 20.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", default="xcb", help="the Qt platform expected (xcb)")
    parser.add_argument("--png", help="also save the grabbed window here")
    args = parser.parse_args(argv)

    from isu.app import prepare_application
    from isu.paths import AppPaths
    from isu.ui.dialogs.unlock import UnlockDialog

    with tempfile.TemporaryDirectory(prefix="isu-window-check-") as folder:
        paths = AppPaths.create(folder).ensure()
        app, ctx = prepare_application(paths)
        if app.platformName() != args.platform:
            print(
                f"isu window check FAILED: Qt runs on {app.platformName()!r},"
                f" not {args.platform!r}",
                file=sys.stderr,
            )
            return 1
        dialog = UnlockDialog(ctx, Path(folder) / "isu.db", prefill_user="demo")
        dialog.show()
        deadline = time.monotonic() + EXPOSE_TIMEOUT_S
        while time.monotonic() < deadline:
            app.processEvents()
            handle = dialog.windowHandle()
            if handle is not None and handle.isExposed():
                break
            time.sleep(0.05)
        else:
            print("isu window check FAILED: the window was never shown", file=sys.stderr)
            return 1
        app.processEvents()
        image = dialog.grab().toImage()
        if image.isNull() or image.width() < 100 or image.height() < 50:
            print("isu window check FAILED: the window could not be drawn", file=sys.stderr)
            return 1
        if args.png:
            image.save(args.png)
        title = dialog.windowTitle()
        dialog.close()
        ctx.executor.wait_idle()
        print(
            f"isu window check OK: {title!r} {image.width()}x{image.height()}"
            f" on {app.platformName()!r}"
        )
        return 0


if __name__ == "__main__":
    sys.exit(main())

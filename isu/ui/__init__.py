"""The desktop app (PySide6). The only package besides ``isu.app`` that imports Qt."""

"""Watch mode: rebuild when content, config or theme change, then tell the open tabs.

Every rebuild is a full build over the cache (no stale pages; an edit costs about one
article). Saves that arrive together are folded into one rebuild. A broken edit keeps
the last good site on the server and shows its problems in the terminal and the tabs.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from helpgen.config import Project
from helpgen.resources import default_theme

DEBOUNCE = 0.03
"""Seconds of quiet before a rebuild starts: editors write a file in several steps."""
_IGNORED_PARTS = {".helpgen", ".git", "__pycache__", "node_modules"}


def watched_paths(project: Project) -> list[tuple[Path, bool]]:
    """(folder, recursive) pairs: content, theme overrides, default theme, the config's folder."""
    folders = [(project.content_dir, True), (default_theme(), True), (project.root, False)]
    if project.theme_dir:
        folders.append((project.theme_dir, True))
    return folders


class _Handler(FileSystemEventHandler):
    def __init__(self, changed: Callable[[], None], top_level: set[str]):
        self.changed = changed
        self.top_level = top_level
        """Files of the project folder itself that matter (helpgen.yml, custom CSS)."""

    def on_any_event(self, event: FileSystemEvent) -> None:
        if (
            event.event_type in ("opened", "closed_no_write")
            or event.is_directory
            and event.event_type == "modified"
        ):
            return
        path = Path(str(getattr(event, "dest_path", "") or event.src_path))
        if (
            any(part in _IGNORED_PARTS for part in path.parts)
            or path.name.startswith((".#", "~"))
            or path.name.endswith(("~", ".swp", ".swx", ".tmp"))
        ):
            return
        if path.parent.as_posix() + "/" in self.top_level and str(path) not in self.top_level:
            return
        self.changed()


class Watcher:
    """Calls `rebuild()` (in its own thread, one at a time) after a watched file changes."""

    def __init__(self, project: Project, rebuild: Callable[[], None]):
        self.rebuild = rebuild
        self.observer = Observer()
        top = {str(project.config_path), project.root.as_posix() + "/"}
        if project.config.custom_css:
            top.add(str((project.root / project.config.custom_css).resolve()))
        handler = _Handler(self._event_set, top)
        for folder, recursive in watched_paths(project):
            if folder.exists():  # links out of a folder are never read, so never watched either
                self.observer.schedule(
                    handler, str(folder), recursive=recursive, follow_symlink=False
                )
        self._event = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="helpgen-rebuild", daemon=True)

    def start(self) -> None:
        self.observer.start()
        self._thread.start()

    def stop(self) -> None:
        self.observer.stop()

    def _event_set(self) -> None:
        self._event.set()

    def _loop(self) -> None:
        while True:
            self._event.wait()
            while self._event.is_set():  # fold a burst of saves into one rebuild
                self._event.clear()
                time.sleep(DEBOUNCE)
            try:
                self.rebuild()
            except Exception:  # noqa: BLE001 - the watcher must outlive any one rebuild
                traceback.print_exc()

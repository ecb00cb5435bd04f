"""Writing a file whole or not at all: a temporary file beside it, synced, then renamed.

The summary (`report.save_summary`, `recommend --out`) and the interview's autosave
(`session.save`) both write through here, so a crash or a full disk leaves the old file or
the new one, never half of one, and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def temporary_beside(path: Path, text: str) -> Path:
    """Write `text` to a new, synced temporary file in `path`'s folder (same file system)."""
    import tempfile  # here, not at the top: it loads shutil and random, which only a write needs

    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)  # mkstemp makes 0600; a summary is an ordinary file
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def place(temporary: Path, path: Path, *, replace: bool) -> None:
    """Give a finished temporary file its name and remove the temporary in every case.

    Without `replace`, an existing file is never touched: FileExistsError. The link is
    atomic, so two writers racing for one name cannot both win.
    """
    try:
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(str(path)) from None
                os.replace(temporary, path)
        _sync_folder(path.parent)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_whole(path: Path, text: str, *, replace: bool = True) -> None:
    """Write `text` to `path` whole or not at all."""
    place(temporary_beside(path, text), path, replace=replace)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot sync a folder, and then the
    file's own data is already synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)

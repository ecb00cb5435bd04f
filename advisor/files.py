"""Writing a file whole or not at all: a temporary file beside it, synced, then renamed.

The summary (`Advisor.save_summary`, `recommend --out`) and the interview's autosave
(`session.save`) all write through here, so a crash or a full disk leaves the old file or
the new one, never half of one, and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from advisor.errors import OutputError


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


def check_target(path: Path, force: bool) -> None:
    """Refuse, before anything is written, a path that cannot take a new file."""
    if not str(path) or str(path) == ".":
        raise OutputError("the output file name is empty; give a file name")
    try:
        _check_target(path, force)
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _check_target(path: Path, force: bool) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first or "
                          "choose another path")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to overwrite it")


def _place_new(temporary: Path, path: Path, force: bool) -> None:
    """Move a finished temporary file to its name; without force, never replace a file."""
    try:
        place(temporary, path, replace=force)
    except FileExistsError:
        raise OutputError(f"{path}: already exists; use --force to overwrite it") from None


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write a whole file or nothing; an existing file only with `force`."""
    path = Path(path)
    check_target(path, force)
    try:
        _place_new(temporary_beside(path, text), path, force)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from exc


def _keep_aside(path: Path) -> Path | None:
    """A second name for an existing file, so a failed save can put it back; None if there is
    no file. A hard link costs nothing; a file system without them gets a copy."""
    if not path.exists():
        return None
    kept = path.with_name(f".{path.name}.{os.getpid()}.previous")
    with contextlib.suppress(FileNotFoundError):
        kept.unlink()
    try:
        os.link(path, kept)
    except OSError:
        import shutil  # only on a file system without hard links

        shutil.copy2(path, kept)
    return kept


def write_together(texts: dict[Path, str], force: bool = False) -> None:
    """Write several files as one: all of them whole, or none (what was there is put back)."""
    for target in texts:
        check_target(target, force)
    previous = {target: _keep_aside(target) for target in texts} if force else {}
    temporaries: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for target, text in texts.items():
            temporaries[target] = temporary_beside(target, text)
        for target, temporary in temporaries.items():
            _place_new(temporary, target, force)
            placed.append(target)
    except (OSError, OutputError) as exc:
        for target in placed:  # put back what was there, or remove what is new
            with contextlib.suppress(OSError):
                kept = previous.get(target)
                if kept is not None:
                    os.replace(kept, target)
                else:
                    target.unlink()
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                temporary.unlink()
        if isinstance(exc, OutputError):
            raise
        first = next(iter(texts))
        raise OutputError(f"{first}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        for kept in previous.values():
            if kept is not None:
                with contextlib.suppress(OSError):
                    kept.unlink()

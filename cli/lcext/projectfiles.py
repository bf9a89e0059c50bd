"""Reading, writing and deleting a project's files without ever leaving the project.

Every path is project-relative and checked first: no absolute path, no ``..``, nothing in
``.git``. No symbolic link below the project is followed: each folder on the way is opened with
``O_NOFOLLOW`` relative to the one above it, a file is replaced through a temporary file in its
own folder, and a link (or a folder, or a special file) where lcext expects a plain file or
folder is reported as an ``InTheWay`` error and left alone. The project folder itself is the
one the user named, links and all.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lcext.errors import LcextError

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)


class UnsafePathError(LcextError):
    """A path that does not name a file inside the project."""


@dataclass(frozen=True)
class Obstacle:
    path: str  # project-relative: what is in the way
    what: str  # "a symbolic link", "a folder", "a file", "a special file"


class InTheWay(LcextError):
    """Something lcext does not write through is where a project file goes."""

    def __init__(self, obstacle: Obstacle) -> None:
        super().__init__(f"{obstacle.path} is {obstacle.what}")
        self.obstacle = obstacle


def checked_parts(relative: str) -> tuple[str, ...]:
    """The components of a project-relative path; UnsafePathError for anything that could
    reach outside the project or into its git folder."""
    reason = _unsafe(relative)
    if reason is not None:
        raise UnsafePathError(f"{relative!r} is not a file of the project: {reason}")
    return PurePosixPath(relative).parts


def _unsafe(relative: str) -> str | None:
    if not relative:
        return "it is empty"
    if any(ord(char) < 0x20 or char in "\x7f\\" for char in relative):
        return "it holds a control character or a backslash"
    if relative.startswith("/"):
        return "it is absolute"
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "it holds an empty, '.' or '..' component"
    if any(part.casefold().rstrip(". ") == ".git" for part in parts):
        return "it is in the git folder"
    return None


def read(project: Path, relative: str) -> bytes | None:
    """The file's bytes, or None if there is no file; InTheWay for anything else there."""
    parts = checked_parts(relative)
    folder = _open_parent(project, parts, create=False)
    if folder is None:
        return None
    try:
        try:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
        except FileNotFoundError:
            return None
        except OSError:
            raise InTheWay(_obstacle(folder, parts, len(parts) - 1)) from None
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise InTheWay(_obstacle(folder, parts, len(parts) - 1))
            return file.read()
    finally:
        os.close(folder)


def obstacle(project: Path, relative: str) -> Obstacle | None:
    """What would stop lcext writing the file (a link, a folder, a file where a folder goes)."""
    parts = checked_parts(relative)
    try:
        folder = _open_parent(project, parts, create=False)
        if folder is None:
            return None
        try:
            _plain_file_or_nothing(folder, parts)
        finally:
            os.close(folder)
    except InTheWay as blocked:
        return blocked.obstacle
    return None


def write(project: Path, relative: str, content: bytes, mode: int | None = None) -> None:
    """Write the file, making the folders on the way. Its mode is ``mode``, else the mode of
    the file it replaces, else the default for new files."""
    parts = checked_parts(relative)
    folder = _open_parent(project, parts, create=True)
    if folder is None:  # a folder lcext just made was removed meanwhile
        raise FileNotFoundError(errno.ENOENT, "a folder on the way vanished", relative)
    try:
        existing = _plain_file_or_nothing(folder, parts)
        if mode is None and existing is not None:
            mode = stat.S_IMODE(existing.st_mode)
        temporary = f".lcext-{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(temporary, flags, 0o666, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as file:
                if mode is not None:
                    os.fchmod(file.fileno(), mode)
                file.write(content)
            # rename() replaces the name itself: a link put there meanwhile is not followed.
            os.replace(temporary, parts[-1], src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            os.unlink(temporary, dir_fd=folder)
            raise
    finally:
        os.close(folder)


def remove(project: Path, relative: str) -> None:
    """Delete the file if it is there (never what a link points to)."""
    parts = checked_parts(relative)
    folder = _open_parent(project, parts, create=False)
    if folder is None:
        return
    try:
        if _plain_file_or_nothing(folder, parts) is not None:
            os.unlink(parts[-1], dir_fd=folder)  # unlink() never follows the last component
    finally:
        os.close(folder)


def _open_parent(project: Path, parts: tuple[str, ...], create: bool) -> int | None:
    """A descriptor of the folder that holds the file, reached without following any link;
    None if a folder on the way is missing (and ``create`` is false)."""
    folder = os.open(project, _FOLDER)
    try:
        for depth, part in enumerate(parts[:-1]):
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, dir_fd=folder)
            try:
                child = os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=folder)
            except FileNotFoundError:
                os.close(folder)
                return None
            except OSError:
                raise InTheWay(_obstacle(folder, parts, depth)) from None
            os.close(folder)
            folder = child
    except BaseException:
        os.close(folder)
        raise
    return folder


def _plain_file_or_nothing(folder: int, parts: tuple[str, ...]) -> os.stat_result | None:
    try:
        status = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        raise InTheWay(_obstacle(folder, parts, len(parts) - 1))
    return status


def _obstacle(folder: int, parts: tuple[str, ...], depth: int) -> Obstacle:
    """What ``parts[depth]`` (in ``folder``) is, when it is not what lcext needs there."""
    mode = os.stat(parts[depth], dir_fd=folder, follow_symlinks=False).st_mode
    if stat.S_ISLNK(mode):
        what = "a symbolic link"
    elif stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISREG(mode):
        what = "a file"
    else:
        what = "a special file"
    return Obstacle("/".join(parts[: depth + 1]), what)

"""Atomic, change-aware file writes, confined to the project.

Every write of the tool goes through here, so here is where a target is required to be
inside the project root with no symbolic link on the way: a pull request can commit
``build/es -> /elsewhere``, and CI would then write wherever it points.  The root is
given (``root=``) or is that of the project lock the command holds.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import ChangedMeanwhileError, L10nError


class _Unread:
    """The type of ``UNREAD``: it stays the one object when pickled, as a worker's staged files are."""

    def __reduce__(self) -> str:
        return "UNREAD"


UNREAD = _Unread()  # "no expectation": the target may hold anything
_CHANGED = ("changed while l10n was working on it (someone saved it?); it was left as it is: "
            "run the command again")

_LOCKED_ROOT: contextvars.ContextVar[Path | None] = contextvars.ContextVar("l10n_locked_root", default=None)


class OutsideProjectError(L10nError):
    """A write target outside the project root, or reached through a symbolic link."""


def check_target(path: Path, root: Path | None = None) -> None:
    """Refuse ``path`` unless it lies inside ``root`` (default: the locked project) through real folders."""
    root = root if root is not None else _LOCKED_ROOT.get()
    if root is None:
        return
    real_root = Path(os.path.realpath(root))
    target = Path(os.path.abspath(path))
    if not target.is_relative_to(real_root):
        root_abs = Path(os.path.abspath(root))
        if not target.is_relative_to(root_abs):
            raise OutsideProjectError("refusing to write outside the project", path)
        target = real_root / target.relative_to(root_abs)
    current = real_root
    for part in target.relative_to(real_root).parts[:-1]:
        current = current / part
        if current.is_symlink():
            raise OutsideProjectError(f"refusing to write through the symbolic link to {os.readlink(current)}; "
                                      "the tool writes only inside the project", current)
        if not current.exists():
            break


def check_opened_in_place(path: Path, root: Path | None = None) -> None:
    """``check_target`` for a file a library opens and writes in place (SQLite), not replaced by a
    rename: the file itself must not be a symbolic link either, nor anything but a regular file."""
    check_target(path, root)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise OutsideProjectError(f"refusing to write through the symbolic link to {os.readlink(path)}; "
                                  "the tool writes only inside the project", path)
    if not stat.S_ISREG(mode):
        read_file(path)  # a FIFO or device: NotRegularFileError


def make_folder(folder: Path, root: Path | None = None) -> None:
    """``mkdir -p`` of a folder inside the project (checked as a write target is)."""
    check_target(folder / "_", root)
    folder.mkdir(parents=True, exist_ok=True)


def write_if_changed(path: Path, data: bytes, *, root: Path | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) if unchanged.

    The temporary file lives in the target folder so ``os.replace`` is a rename on
    one file system: a reader sees the old file or the new one, never a torn one.
    """
    return write_many([(path, data)], root=root)[0]


class NotRegularFileError(L10nError):
    """A FIFO, device or socket where a file belongs: opening or reading it may never return."""


def read_file(path: Path | str) -> bytes:
    """``path``'s bytes, refusing anything that is not a regular file before reading it.

    Every file the tool reads (catalog, template, source, page, memory) is read here: a FIFO
    committed where a catalog belongs would otherwise block the command forever, and a link to
    ``/dev/zero`` never end. Opened without blocking, then checked on the open file (no race
    between a check and the open). A missing file raises FileNotFoundError, a folder
    IsADirectoryError, as ``Path.read_bytes`` does.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
                else "a socket" if stat.S_ISSOCK(mode) else "a special file"
            raise NotRegularFileError(f"not a regular file ({kind}) where a file belongs; remove it", Path(path))
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def ensure_regular(path: Path | str) -> None:
    """Refuse ``path`` when it exists and is not a regular file or folder (before a library opens it)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        read_file(path)  # raises NotRegularFileError, worded in one place


def _current(path: Path) -> bytes | None:
    try:
        return read_file(path)
    except FileNotFoundError:
        return None


def verify_unchanged(path: Path, expected) -> None:
    """Stop (ChangedMeanwhileError naming the file) unless ``path`` still holds ``expected``.

    ``expected`` is the bytes a command read (None: the file did not exist), or UNREAD.
    """
    if expected is not UNREAD and _current(path) != expected:
        raise ChangedMeanwhileError(_CHANGED, path)


def write_if_unchanged_since(path: Path, expected: bytes | None, data: bytes) -> bool:
    """``write_if_changed``, unless the file no longer holds ``expected``, the bytes read from it.

    A translator who saves a catalog while a command works on it must not lose that save:
    the target is compared just before the rename, and a difference stops the command
    (ChangedMeanwhileError) with the file left as the translator saved it.
    """
    return write_many([(path, data)], expected=[expected])[0]


def write_many(items: list[tuple[Path, bytes]], *, durable: bool = True, root: Path | None = None,
               expected: list | None = None) -> list[bool]:
    """``write_if_changed`` for many files at once: which of them were written.

    All or nothing, as ``Staging`` does it; ``expected``, per item, is what the caller
    read from the target (see ``verify_unchanged``).
    """
    expected = expected if expected is not None else [UNREAD] * len(items)
    for path, _ in items:  # every target before any write: a refusal costs no temporary
        check_target(path, root)
    with Staging(durable=durable, root=root) as staging:
        return [staging.stage(path, data, read) for (path, data), read in zip(items, expected)]


@dataclass(frozen=True)
class Staged:
    """A temporary file holding the new bytes of ``target``, waiting for its rename."""

    temporary: str
    target: Path
    expected: object  # what the command read from the target (see ``verify_unchanged``)


class Staging:
    """Write many files as they are produced, and make them all visible at the end.

    ``stage`` writes each changed file to a temporary beside its target at once, so a
    command holds only paths in memory, not every file's bytes.  Leaving the ``with``
    block normally renames them all into place, after one ``os.sync`` (one flush instead
    of one per file; ``durable=False`` skips it, for caches that may be lost); an error
    anywhere removes every temporary and changes no target.  A process killed at any
    point leaves each target old or new, never torn.  Each target's ``expected`` bytes
    are checked before the first rename and again just before its own.

    A forked worker stages into its own ``Staging`` and hands ``detach()`` to the parent,
    which ``adopt``s them: the temporaries, not the bytes, cross the process boundary.
    """

    def __init__(self, *, durable: bool = True, root: Path | None = None):
        self.durable = durable
        self.root = root
        self.staged: list[Staged] = []
        self._current: Path | None = None  # the file being written, to name in an error

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()
            self._name_the_file(exc)

    def stage(self, path: Path, data: bytes, expected=UNREAD) -> bool:
        """Write ``data`` beside ``path``, unless the target already holds it: whether it will change."""
        check_target(path, self.root)
        self._current = path
        try:
            try:
                if read_file(path) == data:
                    return False
                mode = path.stat().st_mode & 0o777
            except FileNotFoundError:
                mode = 0o644
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # imported where used: a run that writes nothing starts without it

            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            self.staged.append(Staged(tmp, path, expected))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
        except BaseException as exc:
            self.discard()
            self._name_the_file(exc)
            raise
        return True

    def detach(self) -> list[Staged]:
        """Hand the staged temporaries over (to ``adopt`` elsewhere); this staging forgets them."""
        staged, self.staged = self.staged, []
        return staged

    def adopt(self, staged: list[Staged]) -> None:
        self.staged.extend(staged)

    def commit(self) -> None:
        try:
            if self.durable and self.staged:
                os.sync()
            for item in self.staged:
                self._current = item.target
                verify_unchanged(item.target, item.expected)
            while self.staged:
                item = self.staged[0]
                self._current = item.target
                verify_unchanged(item.target, item.expected)
                os.replace(item.temporary, item.target)
                self.staged.pop(0)
        except BaseException as exc:
            self.discard()
            self._name_the_file(exc)
            raise

    def discard(self) -> None:
        """Remove every temporary not yet renamed: the targets stay as they were."""
        for item in self.detach():
            try:
                os.unlink(item.temporary)
            except FileNotFoundError:
                pass

    def _name_the_file(self, exc) -> None:
        if isinstance(exc, OSError) and not exc.filename and self._current is not None:
            # A full disk or a failed sync names no file; the one being written is the one to name.
            raise L10nError(f"cannot write: {exc.strerror or exc}", self._current) from None


_HELD_LOCKS: set[int] = set()  # descriptors of locks this process holds


@contextlib.contextmanager
def project_lock(root: Path):
    """Hold the project's write lock: a second writer waits until the first is done.

    The lock is ``flock`` on the project folder itself, so taking it creates no file; the
    kernel releases it when the process ends, however it ends (even SIGKILL).
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before; writes are still confined
        token = _LOCKED_ROOT.set(Path(root))
        try:
            yield
        finally:
            _LOCKED_ROOT.reset(token)
        return
    fd = os.open(root, os.O_RDONLY)
    token = _LOCKED_ROOT.set(Path(root))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD_LOCKS.add(fd)
        yield
    finally:
        _LOCKED_ROOT.reset(token)
        _HELD_LOCKS.discard(fd)
        os.close(fd)  # closing the last descriptor releases the lock


def detach_worker(parent: int | None = None) -> None:
    """In a forked worker: drop inherited locks, and die with the parent.

    A lock belongs to every process holding its descriptor; a worker left orphaned by a
    killed parent would otherwise keep the project locked forever.
    """
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
        if parent is not None and os.getppid() != parent:  # it died before the line above
            os._exit(1)
    except (OSError, AttributeError):
        pass

"""Saving a file safely: every format writes through :func:`write_atomically`.

A save writes a temporary file in the target's directory, flushes it to disk and renames it
over the target, so that a crash or an error part-way leaves the previous file as it was.
Around that rename it keeps what the user set up:

- **Symbolic links** are followed: the link's target is written and the link stays a link.
  A dangling link gets its target created, as a shell's ``>`` would.
- **Special files** (a directory, a FIFO, a socket, a device such as ``/dev/null``) are
  refused before anything is written: a rename would replace them with a regular file.
- **Hard links**: a file with more than one name is refused, since a rename would give this
  name a new file and leave the other names on the old one.
- **Owner and permissions** of the previous file are kept (the owner as far as the system
  allows); a new file gets the usual mode for the umask.
- **Temporary files** are named after the target (``.NAME.HASH.tmp``, cut to fit the file
  system's limit on names), and locked while written. A save killed part-way leaves its
  temporary behind; the next save of the same target finds it, sees that no writer holds
  it, and writes over it, so at most one is ever left per target. A save that finds the
  lock held (another save of the target under way) writes a temporary of a unique name.

Every error is a :class:`~geotimeline.errors.SaveError` naming the target, never the
temporary file, with the system's error as its cause.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO, Final

from geotimeline.errors import SaveError

if sys.platform != "win32":  # Windows has no flock: its temporaries get unique names
    import fcntl

__all__ = ["temporary_name", "write_atomically", "write_bytes_atomically"]

#: The longest file name most file systems allow, in bytes, when the system does not say.
_NAME_MAX: Final = 255
#: Hex digits of the hash of the target's name in its temporary's name: the name is cut to
#: fit, and the hash tells targets that share a long beginning apart.
_HASH_DIGITS: Final = 16
_SUFFIX: Final = ".tmp"
# The temporary file is private while it is written; it gets the target's mode before the
# rename.
_PRIVATE: Final = 0o600
_OPEN_FLAGS: Final = (
    os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
)

_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def write_atomically(
    path: str | os.PathLike[str], produce: Callable[[Callable[[str], object]], None]
) -> None:
    """Call ``produce(write)`` to write text to ``path`` as UTF-8, atomically.

    The text goes to a temporary file beside the target, which is flushed to disk and then
    renamed over it: a crash or an error part-way leaves the previous file intact. See the
    module's documentation for links, special files, permissions and temporary files.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "note.txt")
    ...     write_atomically(path, lambda write: write("Talks in Astana"))
    ...     print(path.read_text(), [entry.name for entry in pathlib.Path(folder).iterdir()])
    Talks in Astana ['note.txt']

    Raises :class:`~geotimeline.errors.SaveError` naming ``path`` when it is not a regular
    file or the system refuses the write; an error ``produce`` raises goes through as it is.

    Runtime complexity: O(size of the text); O(1) memory beyond what ``produce`` holds.
    """
    _replace_atomically(path, lambda descriptor: _fill(descriptor, produce))


def write_bytes_atomically(
    path: str | os.PathLike[str], produce: Callable[[BinaryIO], None]
) -> None:
    """Call ``produce(handle)`` to write bytes to ``path`` through an open binary file,
    atomically, as :func:`write_atomically` writes text (for binary formats such as Parquet).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "note.bin")
    ...     write_bytes_atomically(path, lambda handle: handle.write(b"PAR1"))
    ...     print(path.read_bytes())
    b'PAR1'

    Runtime complexity: O(size of the bytes); O(1) memory beyond what ``produce`` holds.
    """
    _replace_atomically(path, lambda descriptor: _fill_bytes(descriptor, produce))


def _replace_atomically(path: str | os.PathLike[str], fill: Callable[[int], None]) -> None:
    shown = os.fspath(path)
    try:
        target = _resolved(shown)
        previous = _previous(target, shown)
        with _replacing(target) as (temporary, descriptor):
            fill(descriptor)
            _keep_owner_and_mode(temporary, descriptor, previous)
        _sync_directory(os.path.dirname(target))
    except SaveError:
        raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise SaveError(shown, reason, error.errno) from error


def temporary_name(target: str | os.PathLike[str], token: str = "") -> str:
    """The name of the temporary file that saving ``target`` writes: in the target's
    directory, named after it, and short enough for the file system. ``token``, if given,
    makes a name that no other save uses.

    >>> temporary_name("events/timeline.json")
    'events/.timeline.json.f1dd387276a2395a.tmp'
    >>> len(os.path.basename(temporary_name("x" * 255)).encode())
    255

    Runtime complexity: O(length of the name).
    """
    folder, name = os.path.split(os.fspath(target))
    encoded = os.fsencode(name)
    digest = hashlib.blake2b(encoded, digest_size=_HASH_DIGITS // 2).hexdigest()
    ending = f".{digest}.{token}{_SUFFIX}" if token else f".{digest}{_SUFFIX}"
    room = _name_max(folder) - len(ending) - 1
    return os.path.join(folder, f".{_cut(name, room)}{ending}")


def _resolved(path: str) -> str:
    """The file a save of ``path`` writes: ``path`` with every symbolic link followed."""
    target = os.path.realpath(path)
    if os.path.islink(target):  # realpath stops at a link that loops
        raise SaveError(path, "is a symbolic link that loops")
    return target


def _previous(target: str, shown: str) -> os.stat_result | None:
    """The status of the file a save replaces (None if there is none), refusing a file
    that a rename would lose: a special file, or one with other names.
    """
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return None
    for is_kind, kind in _KINDS:
        if is_kind(status.st_mode):
            raise SaveError(shown, f"is {kind}, not a regular file")
    if status.st_nlink > 1:
        raise SaveError(
            shown,
            f"has {status.st_nlink} hard links, and saving would break them (a new file "
            "would take this name only): save to another name, or remove the other links",
        )
    return status


@contextlib.contextmanager
def _replacing(target: str) -> Iterator[tuple[str, int]]:
    """A temporary file for ``target``, open and empty, renamed over ``target`` when the block
    ends, and removed instead if it fails.
    """
    temporary, descriptor = _claim(target)
    descriptors = [descriptor]
    try:
        yield temporary, descriptor
        _close(descriptors, before_rename=True)
        os.replace(temporary, target)
    except BaseException:
        _close(descriptors, before_rename=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        # Closing releases the lock, after the rename or the removal.
        _close(descriptors)


def _close(descriptors: list[int], before_rename: bool = False) -> None:
    """Close the temporary file once: after the rename where it is locked, so that no other
    save takes it over meanwhile; before it on Windows, which renames and removes no open file.
    """
    if descriptors and (sys.platform == "win32" or not before_rename):
        os.close(descriptors.pop())


def _claim(target: str) -> tuple[str, int]:
    """Open and lock the temporary file of ``target``, taking over one left by a save that
    was killed; a file of a unique name instead where that one cannot be had.
    """
    if sys.platform == "win32":  # pragma: no cover - no flock on Windows
        return _unique(target)
    temporary = temporary_name(target)
    while True:
        try:
            descriptor = os.open(temporary, _OPEN_FLAGS, _PRIVATE)
        except OSError:
            # Another user's file, a directory, or a link planted there (O_NOFOLLOW): leave
            # it alone. The unique name says what is wrong if it is the directory.
            return _unique(target)
        state = _lock(descriptor, temporary)
        if state is _Claim.OURS:
            os.ftruncate(descriptor, 0)
            return temporary, descriptor
        os.close(descriptor)
        if state is _Claim.UNUSABLE:
            return _unique(target)
        # _Claim.GONE: the save that held it renamed it meanwhile: make a new one.


class _Claim(enum.Enum):
    OURS = "ours"
    GONE = "gone"
    UNUSABLE = "unusable"


def _lock(descriptor: int, temporary: str) -> _Claim:
    """Lock the open temporary file, unless another save of the same target holds it.

    The file is ours to write when it is still under its name (the save that held the lock
    may have renamed it over the target meanwhile), a regular file, of ours, with one name.
    """
    try:
        # Not waiting: a save must not hang behind another one that is paused or stuck.
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another save is writing it, or the file system has no locks
        return _Claim.UNUSABLE
    opened = os.fstat(descriptor)
    try:
        named = os.lstat(temporary)
    except FileNotFoundError:
        return _Claim.GONE
    if not os.path.samestat(opened, named):
        return _Claim.GONE
    ours = opened.st_uid == os.geteuid() and opened.st_nlink == 1
    return _Claim.OURS if ours and stat.S_ISREG(opened.st_mode) else _Claim.UNUSABLE


def _unique(target: str) -> tuple[str, int]:
    """A temporary file of a name no other save uses: such a file is not found again if the
    save is killed, so it serves only where the usual one cannot.
    """
    unique = temporary_name(target, secrets.token_hex(4))
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    return unique, os.open(unique, flags, _PRIVATE)


def _fill(descriptor: int, produce: Callable[[Callable[[str], object]], None]) -> None:
    """Write what ``produce`` gives to the open file, and make sure it is on the disk."""
    with open(descriptor, "w", encoding="utf-8", newline="", closefd=False) as handle:
        produce(handle.write)
        handle.flush()
        os.fsync(descriptor)


def _fill_bytes(descriptor: int, produce: Callable[[BinaryIO], None]) -> None:
    """Let ``produce`` write bytes to the open file, and make sure they are on the disk."""
    with open(descriptor, "wb", closefd=False) as handle:
        produce(handle)
        handle.flush()
        os.fsync(descriptor)


def _keep_owner_and_mode(temporary: str, descriptor: int, previous: os.stat_result | None) -> None:
    """Give the temporary file the owner and mode of the file it replaces, or the usual mode
    for a new file: a rename keeps the temporary's, which are the writer's and private.
    """
    if previous is not None and hasattr(os, "fchown"):  # Windows has no owner to keep
        _keep_owner(descriptor, previous)
    mode = _new_file_mode() if previous is None else stat.S_IMODE(previous.st_mode)
    os.chmod(descriptor if os.chmod in os.supports_fd else temporary, mode)


def _keep_owner(descriptor: int, previous: os.stat_result) -> None:
    # Only root can give a file away; anyone can give it a group they belong to. What cannot
    # be kept is not an error: the file is the writer's, as any file it writes.
    for uid, gid in ((previous.st_uid, previous.st_gid), (-1, previous.st_gid)):
        try:
            os.fchown(descriptor, uid, gid)
        except PermissionError:
            continue
        return


def _new_file_mode() -> int:
    # The mode open() gives a new file; the umask can only be read by setting it.
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_directory(folder: str) -> None:
    """Flush the directory, so that the rename itself survives a power cut."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; the rename is done either way
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # the file is saved; a file system that cannot flush a directory says so here
    finally:
        os.close(descriptor)


def _name_max(folder: str) -> int:
    """The longest file name, in bytes, that the file system holding ``folder`` allows."""
    try:
        return os.pathconf(folder or os.curdir, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf, or the folder is not there
        return _NAME_MAX


def _cut(name: str, room: int) -> str:
    """``name``, cut to at most ``room`` bytes as the file system encodes it, on a whole
    character."""
    if len(os.fsencode(name)) <= room:
        return name
    kept, used = [], 0
    for character in name:
        size = len(os.fsencode(character))
        if used + size > room:
            break
        kept.append(character)
        used += size
    return "".join(kept)

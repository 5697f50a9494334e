"""Reader for ZIP archives: each member's bytes, read in memory, never extracted to disk.

Two limits keep a hostile archive from filling memory: each member may expand
to at most ``max_member_bytes`` and the whole archive to ``max_expanded_bytes``.
Both are checked against the sizes the archive declares before anything is
read, and again while reading, because a crafted archive can lie in its headers.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from articles.readers.record import UnreadableArticle

_CHUNK_BYTES = 64 * 1024

# (name inside the archive, its bytes or why it was refused)
ArchiveMember = tuple[str, bytes | UnreadableArticle]


def members_from_zip(
    file: BinaryIO, *, max_member_bytes: int, max_expanded_bytes: int
) -> Iterator[ArchiveMember]:
    """The archive's files in name order; raise UnreadableArticle if the archive as a whole is."""
    try:
        archive = zipfile.ZipFile(file)
    except Exception as error:
        # BadZipFile mostly; a crafted central directory can raise about anything.
        raise UnreadableArticle(f"not a readable ZIP archive: {error}") from error
    with archive:
        infos = sorted(
            (info for info in archive.infolist() if not info.is_dir()), key=lambda i: i.filename
        )
        declared = sum(info.file_size for info in infos)
        if declared > max_expanded_bytes:
            raise UnreadableArticle(
                f"archive would expand to {declared:,} bytes, over the "
                f"{max_expanded_bytes:,}-byte limit (NEWSBROWSER_MAX_ARCHIVE_BYTES)"
            )
        if not infos:
            raise UnreadableArticle("archive holds no files")
        budget = max_expanded_bytes
        for info in infos:
            name = info.filename
            problem = _unsafe_name_problem(name)
            if problem:
                yield name, UnreadableArticle(f"refused archive entry: {problem}")
                continue
            if _is_hidden(name):
                continue  # __MACOSX/ resource forks, .DS_Store and the like
            if info.flag_bits & 0x1:
                yield name, UnreadableArticle("encrypted archive entry")
                continue
            if info.file_size > max_member_bytes:
                yield (
                    name,
                    UnreadableArticle(
                        f"file is {info.file_size:,} bytes, "
                        f"over the {max_member_bytes:,}-byte limit"
                    ),
                )
                continue
            limit = min(max_member_bytes, budget)
            try:
                data = _bounded_read(archive, info, limit=limit)
            except UnreadableArticle as error:
                # A member larger than it declared: the archive is crafted; read no further.
                yield name, error
                raise UnreadableArticle(
                    f"archive refused: {name} expands beyond its declared size"
                ) from error
            except Exception as error:
                # A corrupt deflate stream (zlib.error), a bad CRC (BadZipFile) or any other
                # damage spoils this member only.
                yield name, UnreadableArticle(f"corrupt archive entry: {_why(error)}")
                continue
            budget -= len(data)
            yield name, data


def member_count(file: BinaryIO) -> int:
    """How many members members_from_zip reports on, from the central directory; 0 if unreadable."""
    try:
        with zipfile.ZipFile(file) as archive:
            return sum(
                1
                for info in archive.infolist()
                if not info.is_dir()
                and (_unsafe_name_problem(info.filename) or not _is_hidden(info.filename))
            )
    except Exception:  # members_from_zip says why
        return 0


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise UnreadableArticle(
                    f"expands to more than {limit:,} bytes although it declares "
                    f"{info.file_size:,}; refused"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _why(error: Exception) -> str:
    return str(error) or type(error).__name__


def _unsafe_name_problem(name: str) -> str:
    """Why a member name could escape an extraction folder, or "" if it could not."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return f"absolute path {name!r}"
    if ".." in PurePosixPath(normalised).parts:
        return f"path with '..' {name!r}"
    return ""


def _is_hidden(name: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)

"""Every fetched response as a WARC record (warcio, one gzip member per record), in files
rotated by size in a folder next to the archive. A capture is found again by (file, offset).

A crawl killed mid-write leaves at most one truncated record at the end of its last file;
a new crawl never appends to an old file, and the archive only points at records that
were flushed before the row pointing at them was written.
"""

import io
import os
import socket
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"
# Headers describing the bytes on the wire, not the decoded body the record holds.
_TRANSPORT_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class CaptureRef:
    """Where one response is kept."""

    warc_file: str  # name inside the WARC folder
    warc_offset: int
    warc_record_id: str
    warc_payload_digest: str
    captured_at: str  # WARC-Date

    def to_dict(self) -> dict:
        return asdict(self)


def warc_dir_for(archive_path: str | Path, configured: str = "") -> Path:
    """The WARC folder of an archive: WARC_DIR if set, else next to it (`archive.db` →
    `archive.warc/`)."""
    if configured:
        return Path(configured)
    path = Path(archive_path)
    return path.with_name(path.stem + ".warc")


class WarcFiles:
    """Appends response records to `folder/natocrawl-<start>-<n>.warc.gz`, a new file once
    the current one passes `max_bytes`."""

    def __init__(self, folder: str | Path, max_bytes: int):
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.prefix = f"natocrawl-{datetime.now(UTC):%Y%m%d%H%M%S%f}-{socket.gethostname()}"
        self.number = 0
        self.file = None

    def write_response(
        self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes
    ) -> CaptureRef:
        handle = self._current_file()
        offset = handle.tell()
        http_headers = StatusAndHeaders(
            f"{status} {reason}".strip(),
            [(k, v) for k, v in headers if k.lower() not in _TRANSPORT_HEADERS]
            + [("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        if status == 304:
            # The portal said the copy we hold is current: a revisit record, as WARC 1.0 has it.
            record = writer.create_warc_record(
                url,
                "revisit",
                http_headers=http_headers,
                warc_headers_dict={"WARC-Profile": NOT_MODIFIED_PROFILE, "WARC-Refers-To-Target-URI": url},
            )
        else:
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http_headers
            )
        writer.write_record(record)
        _append(handle, buffer.getbuffer(), offset)
        return CaptureRef(
            warc_file=Path(handle.name).name,
            warc_offset=offset,
            warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
            warc_payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
            captured_at=record.rec_headers.get_header("WARC-Date"),
        )

    def _current_file(self):
        if self.file is not None and self.file.tell() >= self.max_bytes:
            self.close()
            self.number += 1
        if self.file is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Open across many writes, closed by close() (rotation, end of crawl).
            # Unbuffered: a record is one write, taken back whole if it fails (see _append).
            path = self.folder / f"{self.prefix}-{self.number:05d}.warc.gz"
            self.file = open(path, "xb", buffering=0)  # noqa: SIM115
        return self.file

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _append(handle, record: memoryview, offset: int) -> None:
    """Write a whole record at the end of the file, or nothing: a record cut short by a full
    disk is truncated away, so that the file stays readable from end to end."""
    try:
        while record:
            record = record[handle.write(record) :]
    except OSError:
        os.ftruncate(handle.fileno(), offset)
        handle.seek(offset)
        raise


class CaptureError(Exception):
    """A pointer that leads to no readable response record."""


GZIP_MAGIC = b"\x1f\x8b"


def read_capture(folder: str | Path, warc_file: str, offset: int) -> tuple[str, bytes]:
    """(target URL, payload bytes) of the response record at `offset` in `folder/warc_file`."""
    path = Path(folder) / warc_file
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            # Each record is a gzip member of its own: a pointer elsewhere is no record, and
            # warcio, given one, may read the bytes after it as an uncompressed record.
            start = handle.read(2)
            if path.suffix == ".gz" and start and start != GZIP_MAGIC:
                raise CaptureError(f"no readable record at {path}:{offset}: not the start of a gzip member")
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)), None)
            if record is None or record.rec_type != "response":
                raise CaptureError(f"no response record at {path}:{offset}")
            return record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read()
    except OSError as error:
        raise CaptureError(f"cannot read {path}: {error.strerror}") from error
    except (ArchiveLoadFailed, zlib.error, EOFError) as error:  # a pointer into the middle of a record
        raise CaptureError(f"no readable record at {path}:{offset}: {str(error)[:80]}") from error

"""Every response as a WARC record, and every article pointing at the record it came from."""

import pytest
from warcio.archiveiterator import ArchiveIterator

from natocrawl.archive.warc import CaptureError, WarcFiles, read_capture, warc_dir_for
from natocrawl.extract import extract
from natocrawl.extract.version import extractor_version

HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("ETag", '"v1"')]


def test_records_read_back_by_pointer_and_files_rotate_by_size(tmp_path):
    files = WarcFiles(tmp_path, max_bytes=1)
    bodies = [f"<html><body><p>Sécurité {n}</p></body></html>".encode() * 5 for n in range(3)]
    refs = [
        files.write_response(f"http://127.0.0.1/page-{n}", 200, "OK", HEADERS, body)
        for n, body in enumerate(bodies)
    ]
    files.close()
    assert len({ref.warc_file for ref in refs}) == 3  # each record passed the size limit
    for ref, body in zip(refs, bodies):
        assert read_capture(tmp_path, ref.warc_file, ref.warc_offset)[1] == body
        assert ref.warc_record_id.startswith("<urn:uuid:") and ref.warc_payload_digest.startswith("sha1:")


def test_a_304_is_kept_as_a_server_not_modified_revisit_record(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    files = WarcFiles(tmp_path, max_bytes=10**6)
    ref = files.write_response("http://127.0.0.1/page", 304, "Not Modified", HEADERS, b"")
    files.close()
    with open(tmp_path / ref.warc_file, "rb") as handle:
        (record,) = list(ArchiveIterator(handle))
    assert record.rec_type == "revisit"
    assert record.rec_headers.get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert record.http_headers.get_statuscode() == "304" and record.http_headers.get_header("ETag") == '"v1"'
    with pytest.raises(CaptureError, match="no response record"):  # never taken for a page's text
        read_capture(tmp_path, ref.warc_file, ref.warc_offset)


def test_a_record_holds_the_decoded_body_without_transport_headers(tmp_path):
    files = WarcFiles(tmp_path, max_bytes=10**6)
    ref = files.write_response("http://127.0.0.1/page", 200, "OK", HEADERS, b"<html>x</html>")
    files.close()
    with open(tmp_path / ref.warc_file, "rb") as handle:
        record = next(iter(ArchiveIterator(handle)))
    assert record.http_headers.get_header("Content-Encoding") is None
    assert record.http_headers.get_header("ETag") == '"v1"'
    assert record.http_headers.get_header("Content-Length") == "14"


def test_a_pointer_to_nothing_is_a_clear_error(tmp_path):
    files = WarcFiles(tmp_path, max_bytes=10**6)
    ref = files.write_response("http://127.0.0.1/page", 200, "OK", HEADERS, b"<html>x</html>")
    files.close()
    with pytest.raises(CaptureError, match="no response record"):
        read_capture(tmp_path, ref.warc_file, ref.warc_offset + 10**5)
    with pytest.raises(CaptureError, match="cannot read"):
        read_capture(tmp_path, "missing.warc.gz", 0)
    with pytest.raises(CaptureError, match="no readable record"):  # into the middle of a record
        read_capture(tmp_path, ref.warc_file, ref.warc_offset + 7)


def test_the_crawl_keeps_every_response_and_each_article_points_at_its_own(crawled, rows):
    archive_path, _result, request_log = crawled
    folder = warc_dir_for(archive_path)
    records = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as handle:
            records += [
                record.rec_headers.get_header("WARC-Target-URI") for record in ArchiveIterator(handle)
            ]
    assert len(records) >= len(rows)
    assert any(uri.endswith("/robots.txt") for uri in records)  # not only article pages
    for url, row in rows.items():
        target, html = read_capture(folder, row["warc_file"], row["warc_offset"])
        assert extract(html, url).content_hash == row["content_hash"], url
        assert row["extractor_version"] == extractor_version()
        assert row["warc_record_id"] and row["captured_at"]

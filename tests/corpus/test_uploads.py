import pytest

from corpus.files import FileStore, digest_of
from corpus.uploads import check_upload, clean_filename, sniff
from indexer.errors import FileTooLarge, NotFound, ParseError, UnsupportedFormat

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
DOCX = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 50
ZIP = b"PK\x03\x04" + b"\x00" * 26 + b"xl/workbook.xml" + b"\x00" * 50
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.mark.parametrize("raw, clean", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\system.ini.txt", "system.ini.txt"),
    ("/abs/path/Årsrapport 2023.pdf", "Årsrapport 2023.pdf"),
    ("rap\x00port\n.md", "rapport.md"),
    ("<script>alert(1)</script>.html", "script_.html"),
    ("...", "dokument"),
    ("", "dokument"),
    (None, "dokument"),
    ("a" * 300 + ".pdf", "a" * 110 + ".pdf"),
])
def test_file_names_are_reduced_to_a_safe_base_name(raw, clean):
    assert clean_filename(raw) == clean


@pytest.mark.parametrize("data, kind", [
    (PDF, "pdf"), (b"\xef\xbb\xbf  %PDF-1.7", "pdf"), (DOCX, "docx"), (ZIP, None), (PNG, None),
    (b"MZ\x90\x00" + b"\x00" * 60, None), (b"\x7fELF\x02\x01", None), (bytes(range(256)) * 4, None),
    (b"<!DOCTYPE html><html><body>x</body></html>", "html"), ("Referat fra mødet".encode("cp1252"), "text"),
    ("Lokalgrupper i Faxe".encode("utf-8"), "text"),
])
def test_the_type_is_read_from_the_content(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize("name, data", [
    ("rapport.pdf", PNG), ("rapport.pdf", b"Bare tekst, ikke en PDF"), ("noter.txt", PDF),
    ("ark.docx", ZIP), ("side.html", PDF), ("program.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),
])
def test_content_that_does_not_match_the_name_is_415(name, data):
    with pytest.raises(UnsupportedFormat):
        check_upload(name, data, max_bytes=10_000)


def test_accepted_upload_gets_a_clean_name_and_an_extension_from_its_content():
    checked = check_upload("../rapport", PDF, max_bytes=10_000)
    assert (checked.name, checked.kind, checked.media_type) == ("rapport.pdf", "pdf", "application/pdf")
    assert check_upload("noter.md", b"# Noter", max_bytes=100).kind == "md"


def test_empty_and_oversized_uploads_are_refused():
    with pytest.raises(ParseError):
        check_upload("tom.txt", b"  \n", max_bytes=100)
    with pytest.raises(FileTooLarge):
        check_upload("stor.txt", b"x" * 101, max_bytes=100)


def test_files_are_stored_once_by_content_hash(tmp_path):
    files = FileStore(tmp_path / "files")
    digest = files.put(b"indhold")
    assert digest == digest_of(b"indhold") == files.put(b"indhold")
    assert files.path(digest) == tmp_path / "files" / digest[:2] / digest
    assert files.read(digest) == b"indhold" and list(files.digests()) == [digest]
    files.delete(digest)
    with pytest.raises(NotFound):
        files.read(digest)
    with pytest.raises(NotFound):
        files.path("../../etc/passwd")

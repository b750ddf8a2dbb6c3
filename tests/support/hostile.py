"""Hostile files built in code: PDFs with odd page boxes or page trees, DOCX with an external
entity, Markdown and sidecars with unsafe links. Small and deterministic."""

from __future__ import annotations

import io
import zipfile


def pdf(objects: list[str]) -> bytes:
    """A PDF of numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _text_stream(text: str) -> str:
    content = f"BT /F1 9 Tf 2 10 Td ({text}) Tj ET"
    return f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"


def text_pdf(width: float, height: float, text: str = "Lokalgrupperne i Faxe modes hver anden maned.") -> bytes:
    """One page of ``width`` x ``height`` points with a line of text."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _text_stream(text.encode("latin-1", "replace").decode("latin-1")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def cyclic_pdf() -> bytes:
    """A page tree whose node lists itself as its own child."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _text_stream("Lokalgrupper"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def lying_count_pdf() -> bytes:
    """A page tree that claims two billion pages."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [" + " ".join(["3 0 R"] * 2000) + "] /Count 2147483647 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        _text_stream("Lokalgrupper"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def xxe_docx() -> bytes:
    """A DOCX whose document.xml declares an external entity pointing at /etc/passwd."""
    document = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>Lokalgrupper &xxe;</w:t></w:r></w:p></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
    return out.getvalue()


def markdown(body: str, **front: str) -> bytes:
    """Markdown with YAML front matter."""
    head = "".join(f"{k}: {v!r}\n" for k, v in front.items())
    return f"---\n{head}---\n\n{body}\n".encode()


GOOD = """# Lokalgrupper i Faxe

Lokalgrupperne i Faxe Kommune mødes fire gange om året med skoleledere, SSP-konsulenten og en
lokalbetjent. De følger børn og unge i hvert skoledistrikt og planlægger forebyggende forløb.
"""

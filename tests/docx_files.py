"""Real Word documents for tests, written with python-docx."""
from __future__ import annotations

import io
import struct
import zlib

import docx

ARTICLES = ["Artículo 1.- Objeto", "Artículo 2.- Ámbito", "Artículo 3.- Solicitud",
            "Artículo 4.- Plazos"]


def _png() -> bytes:
    """A 1×1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def regulation(*, headings: bool = True, image: bool = False) -> bytes:
    """A draft regulation: a preamble and four articles (Heading 1), a sub-heading, a list
    and a table."""
    document = docx.Document()
    document.add_paragraph("Considerando que el teletrabajo requiere reglas claras.")
    for number, title in enumerate(ARTICLES, start=1):
        if headings:
            document.add_heading(title, level=1)
        else:
            document.add_paragraph(title)
        paragraph = document.add_paragraph("Texto del artículo con ")
        paragraph.add_run(f"regla {number}").bold = True
        if number == 2:
            if headings:
                document.add_heading("Excepciones", level=2)
            document.add_paragraph("servidores de atención presencial;", style="List Bullet")
            document.add_paragraph("personal de seguridad.", style="List Bullet")
        if number == 4:
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "Trámite", "Plazo"
            table.cell(1, 0).text, table.cell(1, 1).text = "Solicitud", "15 días"
    if image:
        document.add_picture(io.BytesIO(_png()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

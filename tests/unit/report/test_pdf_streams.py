"""The packed PDF holds exactly the objects Typst wrote: read back, object by object."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

import pytest
import typst

from woonzorg_analyse.report.render.pdf_streams import compact

DOCUMENT = b"""
#set document(title: "Proef")
#set text(lang: "nl")
= Kop
#table(columns: 3, ..range(90).map(i => [cel #i]))
#pagebreak()
== Tweede
Een alinea met tekst.
"""


@pytest.fixture(scope="module")
def tagged() -> bytes:
    return typst.compile(DOCUMENT, ignore_system_fonts=True)


def objects_of_plain(pdf: bytes) -> dict[int, bytes]:
    """Return every object body of a PDF with a plain cross-reference table."""
    start = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
    count = int(pdf[start:].split(b"\n")[1].split()[1])
    table = pdf[start:].split(b"\n", 2)[2]
    result = {}
    for number in range(1, count):
        entry = table[number * 20 : number * 20 + 20]
        if entry[17:18] == b"n":
            offset = int(entry[:10])
            end = pdf.index(b"endobj", offset)
            result[number] = pdf[offset:end].split(b"obj", 1)[1].strip()
    return result


def objects_of_packed(pdf: bytes) -> dict[int, bytes]:
    """Return every object body of a packed PDF, following its cross-reference stream."""
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))

    def stream_at(offset: int) -> tuple[bytes, bytes]:
        head_end = pdf.index(b"stream\n", offset)
        head = pdf[offset:head_end]
        length = int(re.search(rb"/Length (\d+)", head).group(1))
        return head, zlib.decompress(pdf[head_end + 7 : head_end + 7 + length])

    head, rows = stream_at(start)
    assert b"/Type/XRef" in head and b"/W[1 4 2]" in head
    entries = [rows[i : i + 7] for i in range(0, len(rows), 7)]
    result, streams = {}, {}
    for number, row in enumerate(entries):
        kind, second = row[0], int.from_bytes(row[1:5], "big")
        if kind == 1:
            end = pdf.index(b"endobj", second)
            body = pdf[second:end].split(b"obj", 1)[1].strip()
            if b"/Type/ObjStm" in body[:80] or b"/Type/XRef" in body[:80]:
                streams[number] = second
            else:
                result[number] = body
    for number, row in enumerate(entries):
        if row[0] == 2:
            objstm, index = int.from_bytes(row[1:5], "big"), int.from_bytes(row[5:7], "big")
            head, data = stream_at(streams[objstm])
            first = int(re.search(rb"/First (\d+)", head).group(1))
            pairs = data[:first].split()
            offsets = [int(x) for x in pairs[1::2]]
            assert int(pairs[2 * index]) == number
            end = offsets[index + 1] if index + 1 < len(offsets) else len(data) - first
            result[number] = data[first + offsets[index] : first + end].strip()
    return result


def test_every_object_survives_unchanged_and_the_file_shrinks(tagged):
    packed = compact(tagged)
    assert len(packed) < len(tagged) / 2
    assert objects_of_packed(packed) == objects_of_plain(tagged)
    # the catalog still names its structure tree and says the file is tagged
    assert any(
        b"/StructTreeRoot" in body and b"/Marked true" in body for body in objects_of_packed(packed).values()
    )
    assert compact(tagged) == packed  # deterministic


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")
def test_a_reader_sees_the_same_text_and_tags(tagged, tmp_path):
    (tmp_path / "a.pdf").write_bytes(tagged)
    (tmp_path / "b.pdf").write_bytes(compact(tagged))
    text = [
        subprocess.run(["pdftotext", str(tmp_path / n), "-"], capture_output=True).stdout
        for n in ("a.pdf", "b.pdf")
    ]
    assert text[0] == text[1] and b"cel 89" in text[1]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "b.pdf")], capture_output=True, text=True).stdout
        assert re.search(r"Tagged:\s+yes", info) and re.search(r"Pages:\s+2", info)


def test_a_pdf_laid_out_otherwise_is_left_as_it_is(tagged):
    assert compact(b"%PDF-1.7\nnot a pdf") == b"%PDF-1.7\nnot a pdf"
    packed = compact(tagged)
    assert compact(packed) == packed  # no plain cross-reference table: nothing to pack

"""Renderers: PDF (Typst), HTML, XLSX and the index page; they only format what content built."""

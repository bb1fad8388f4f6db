"""The documents the office prints (DOCUMENTS.md): commendation lists, certificates and
period reports, drawn with reportlab in a font that covers Vietnamese."""

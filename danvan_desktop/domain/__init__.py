"""Plain-Python domain: vocabularies, records, validation and Vietnamese text. No Qt, no SQL."""

"""Wrappers of external programs: the only modules that import pytesseract and pdf2image."""

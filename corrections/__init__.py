"""Thai OCR correction against a dictionary of known terms (never imports digitizer)."""

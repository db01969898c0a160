"""Commands that make files for the repository (``python scripts/<name>.py``); not imported by the app."""

"""The decision report (printable page and PDF) and the exports of scores, ranking and
decisions (CSV, XLSX, JSON), in the browser and from the command line."""

# Kept here (not in export.py) so the CLI can name them without importing the app's models.
TABLES = ("scores", "ranking", "decisions")
FORMATS = ("csv", "xlsx", "json", "pdf")

"""The decision report (printable page and PDF) and the exports of scores, ranking and
decisions (CSV, XLSX, JSON), in the browser and from the command line."""

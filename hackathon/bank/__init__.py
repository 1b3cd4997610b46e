"""The knowledge bank: consented proposals, decisions and prototypes of every event, searchable
in Danish, with similar entries, interest from other organisations and open data."""

"""Each event's list of organisations: add, rename, merge, remove, import, propose."""

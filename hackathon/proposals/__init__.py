"""Proposals: teams write prototype proposals, autosaved, merged, versioned and submitted."""

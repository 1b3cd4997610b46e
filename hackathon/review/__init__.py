"""The qualification round: set-up, assignment, conflicts of interest, scoring, progress."""

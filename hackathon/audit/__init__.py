"""The audit log: who changed a phase, a score, a decision or the weighting in force, and when."""

"""Results and selection: the ranking with its robustness, what-if, decisions, the report."""

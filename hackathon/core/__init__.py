"""Pages that belong to no single capability: front page, health check, language, errors."""

"""Answers: the schema of the answers file, reading and validating it, and units ("10k/day")."""

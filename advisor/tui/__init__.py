"""The Textual interview. Everything it decides or computes comes from the core (`advisor.service`)."""

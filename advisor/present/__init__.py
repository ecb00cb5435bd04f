"""Presentation: one number formatter; text, Markdown and JSON renderings for the CLI and the TUI."""

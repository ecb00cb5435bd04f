"""The interview's screens: one module per screen, dialogs together."""

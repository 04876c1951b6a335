"""Use cases over an open project: import, suggest, annotate, undo/redo, export. No Qt here."""

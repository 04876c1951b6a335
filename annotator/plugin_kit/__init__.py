"""The plugin kit: what a researcher needs to go from an idea to a working, tested plugin.

- :mod:`.scaffold`: ``annotator plugin new NAME`` writes a ready package;
- :mod:`.check`: ``annotator plugin check PATH`` loads a plugin in a fresh host and reports on it;
- :mod:`.reference`: the hook reference of docs/plugins.md, generated from ``annotator/hookspecs.py``;
- ``annotator.testing``: pytest fixtures for plugin authors.
"""

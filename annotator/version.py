"""The one place the version is written (pyproject reads it from here)."""

__version__ = "0.1.0"

# The plugin API's version (semver): a plugin may declare the range it supports with a module-level
# ``ANNOTATOR_API = ">=1.0,<2"``. Minor: additions; major: anything a plugin may notice going away or changing.
API_VERSION = "1.1.0"

"""The names the plugin host and the stored plugin listing share, in a module that imports nothing."""

ENTRY_POINT_GROUP = "annotator.plugins"
LOAD_ENV = "ANNOTATOR_LOAD_PLUGINS"  # comma-separated plugin names: load only these
DIRS_ENV = "ANNOTATOR_PLUGINS_DIR"  # extra plugins folders, separated by os.pathsep

"""The SQLite project file: schema, migrations, all SQL, the operation log. Nothing above this package
writes SQL; plugins never import it (they use :class:`annotator.Project`)."""

from .lean_import import import_sqlite_utils

import_sqlite_utils()

from .database import SUFFIX, FileBusy, NotAProject, Store, UndoConflict, sha256_of  # noqa: E402

__all__ = ["SUFFIX", "FileBusy", "NotAProject", "Store", "UndoConflict", "sha256_of"]

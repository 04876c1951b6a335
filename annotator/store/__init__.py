"""The SQLite project file: schema, migrations, all SQL, the operation log. Nothing above this package
writes SQL; plugins never import it (they use :class:`annotator.Project`)."""

from . import analysis_cache  # noqa: F401 - registers its migration
from .database import SUFFIX, NotAProject, Store, sha256_of

__all__ = ["SUFFIX", "NotAProject", "Store", "sha256_of"]

"""Build hook (everything else is in pyproject.toml): ship the sample corpus inside the package.

The canonical corpus is the top-level ``corpus/`` folder; there is no second copy in the repository. When a
wheel is built, ``build_py`` copies it to ``annotator/resources/corpus/`` in the build tree, where
``annotator.config.sample_corpus_dir()`` finds it in an installed package. The sdist carries ``corpus/`` (see
MANIFEST.in), so a wheel built from the sdist gets it too. Editable installs skip the copy: there
``sample_corpus_dir()`` falls back to ``../corpus`` of the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CORPUS_IN_PACKAGE = ("annotator", "resources", "corpus")


def copy_corpus(build_lib: str | Path, source: Path = CORPUS) -> list[str]:
    """Copy the sample corpus into ``build_lib``; return the files written. A missing corpus fails the build."""
    if not (source / "manifest.json").is_file():
        raise SystemExit(f"sample corpus missing: {source / 'manifest.json'} (a wheel without it is broken)")
    target = Path(build_lib).joinpath(*CORPUS_IN_PACKAGE)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written = []
    for path in sorted(source.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, target / path.name)
            written.append(str(target / path.name))
    return written


class BuildPyWithCorpus(build_py):
    """``build_py`` that also places the sample corpus in the package."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            self._corpus_files = copy_corpus(self.build_lib)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_corpus_files", [])]


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildPyWithCorpus})

"""The Qt desktop shell: a thin layer of views over :class:`annotator.Project`.

Modules, one job each: ``app`` (start-up), ``main_window`` (composition and the WindowAPI), ``text_pane``
(annotated text drawing), ``spans`` (Qt-free span index and word snapping), ``reader``, ``compare_view``,
``corpus_browser``, ``annotation_panel``, ``corpus_search``, ``find_bar``, ``annotate`` (keyboard annotation),
``keymap``/``key_actions`` (shortcuts), ``plugin_ui`` (plugin commands and panels), ``errors``, ``tasks``
(long work off the UI thread), ``import_export``, ``plugins_dialog``, ``settings_dialog``, ``status_bar``.
Plugins never import this package; they talk to the window through :mod:`annotator.window_api`.
"""

from .compat import protect_singletons as _protect_singletons

_protect_singletons()  # PySide6 6.12.0 on Python 3.11 leaks references to None, True, False (see compat.py)

"""Where the window goes and how its room is shared: the initial geometry from the screen's available area, a
saved geometry clamped to the current screen, the side docks' widths (the text gets most of the room), and the
reading measure (the text column's width in characters, centred in a wide pane).

The sizes are pure arithmetic on rectangles (:func:`initial_rect`, :func:`clamp_rect`, :func:`dock_widths`),
tested without a window; :func:`fit_window` applies them to a main window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication

MIN_WIDTH, MIN_HEIGHT = 960, 600  # the window's minimum size: fits a 1280x720 screen with room for a taskbar
FILL = 0.92  # share of the available area a first window takes (centred) on a big screen, up to MAX_* below
SMALL_SCREEN = 1600  # narrower than this (a laptop): the first window takes the whole available area
MAX_WIDTH, MAX_HEIGHT = 1800, 1100
DEFAULT_MEASURE = 80  # characters per line in the reader (0 = the pane's whole width)
MEASURE_RANGE = (40, 200)


def available_rect(widget=None) -> QRect:
    """The available area (without panels and taskbars) of the screen the widget is on, else the primary one."""
    screen = None
    if widget is not None and widget.screen() is not None:
        screen = widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def initial_rect(available: QRect, frame: tuple[int, int] = (0, 0)) -> QRect:
    """A first window: most of the available area, centred, never larger than it (``frame``: the window
    manager's decoration, width and height, added outside the client rectangle)."""
    fw, fh = frame
    if available.width() < SMALL_SCREEN:
        return QRect(available.x(), available.y(), available.width() - fw, available.height() - fh)
    w = min(MAX_WIDTH, max(int(available.width() * FILL), min(MIN_WIDTH, available.width())))
    h = min(MAX_HEIGHT, max(int(available.height() * FILL), min(MIN_HEIGHT, available.height())))
    w = min(w, available.width() - fw)
    h = min(h, available.height() - fh)
    x = available.x() + (available.width() - w - fw) // 2
    y = available.y() + (available.height() - h - fh) // 2
    return QRect(x, y, w, h)


def clamp_rect(rect: QRect, available: QRect, frame: tuple[int, int] = (0, 0)) -> QRect:
    """A saved geometry moved and shrunk so it lies inside the available area of the current screen (a window
    saved on a bigger or a second monitor comes back whole)."""
    fw, fh = frame
    w = max(1, min(rect.width(), available.width() - fw))
    h = max(1, min(rect.height(), available.height() - fh))
    x = min(max(rect.x(), available.x()), available.x() + available.width() - w - fw)
    y = min(max(rect.y(), available.y()), available.y() + available.height() - h - fh)
    return QRect(x, y, w, h)


def dock_widths(window_width: int) -> tuple[int, int]:
    """Widths of the left (corpus) and right (annotations and plugin panels) dock areas: together at most about
    45% of the window, so the reader keeps more than half of it."""
    left = max(200, min(380, int(window_width * 0.2)))
    right = max(300, min(520, int(window_width * 0.26)))
    room = int(window_width * 0.45)
    if left + right > room:  # a narrow window: both shrink alike
        left, right = left * room // (left + right), right * room // (left + right)
    return left, right


def fit_window(window, saved_geometry=None) -> None:
    """Give the window its first geometry, or restore the saved one clamped to the screen it opens on."""
    available = available_rect(window)
    window.setMinimumSize(min(MIN_WIDTH, available.width() - 16), min(MIN_HEIGHT, available.height() - 40))
    if saved_geometry is not None and window.restoreGeometry(saved_geometry):
        if window.isMaximized() or window.isFullScreen():
            return
        frame = _frame(window)
        window.setGeometry(clamp_rect(window.geometry(), available, frame))
        return
    window.setGeometry(initial_rect(available, _frame(window)))


def keep_on_screen(window) -> bool:
    """Once the window manager has framed the window: move and shrink it so the frame lies inside the
    available area (the decoration's size is only known after the window is shown). Returns whether it moved."""
    if window.isMaximized() or window.isFullScreen():
        return False
    area = available_rect(window)
    fg, g = window.frameGeometry(), window.geometry()
    if area.contains(fg.topLeft()) and area.contains(fg.bottomRight()):
        return False
    left, top = g.x() - fg.x(), g.y() - fg.y()
    right, bottom = fg.right() - g.right(), fg.bottom() - g.bottom()
    target = clamp_rect(fg, area)
    window.setGeometry(target.x() + left, target.y() + top, target.width() - left - right,
                       target.height() - top - bottom)
    return True


def _frame(window) -> tuple[int, int]:
    """The window manager's decoration (known once shown; a typical title bar before that)."""
    fg, g = window.frameGeometry(), window.geometry()
    if window.isVisible() and fg.width() >= g.width():
        return fg.width() - g.width(), fg.height() - g.height()
    return 0, 0 if window.windowFlags() & Qt.FramelessWindowHint else 32


def measure_margin(viewport_width: int, char_width: float, measure: int, minimum: int = 18) -> int:
    """The left and right margin that centres a column of ``measure`` characters in a viewport (``minimum``
    when the viewport is narrower, or ``measure`` is 0: the whole width)."""
    if measure <= 0 or char_width <= 0:
        return minimum
    column = int(measure * char_width)
    return max(minimum, (viewport_width - column) // 2)

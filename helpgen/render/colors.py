"""WCAG contrast arithmetic for brand colours: a merchant picks one colour, the theme keeps
text on it and links in it readable (4.5:1) in light and dark mode."""

from __future__ import annotations

import colorsys

AA = 4.5
LIGHT_SURFACE = "#f5f7fa"
"""The lightest tinted background links sit on in the default theme."""
DARK_SURFACE = "#181e28"
"""The dark-mode background links sit on."""


def _rgb(color: str) -> tuple[float, float, float]:
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    red, green, blue = (int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0), 1) * 255):02x}" for c in rgb)


def luminance(color: str) -> float:
    """Relative luminance, as WCAG 2 defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str) -> str:
    """Black or white, whichever contrasts more with `background`."""
    return (
        "#ffffff"
        if contrast(background, "#ffffff") >= contrast(background, "#000000")
        else "#000000"
    )


def with_contrast(color: str, background: str, ratio: float = AA) -> str:
    """`color` made darker (on a light background) or lighter (on a dark one), keeping its hue,
    just enough to reach `ratio` against `background`."""
    if contrast(color, background) >= ratio:
        return color
    hue, light, sat = colorsys.rgb_to_hls(*_rgb(color))
    darken = luminance(background) > 0.5
    for step in range(1, 101):
        lightness = light * (1 - step / 100) if darken else light + (1 - light) * step / 100
        candidate = _hex(colorsys.hls_to_rgb(hue, lightness, sat))
        if contrast(candidate, background) >= ratio:
            return candidate
    return "#000000" if darken else "#ffffff"

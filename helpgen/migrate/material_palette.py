"""Material for MkDocs' named colours as hex, to turn `theme.palette` into brand colours.

Values are the `--md-primary-fg-color` / `--md-accent-fg-color` of Material 9's palette
stylesheet; helpgen's theme derives readable variants (WCAG AA) from whatever it gets.
"""

PRIMARY = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue grey": "#546d78",
    "black": "#14161a",
    "white": "#ffffff",
}
ACCENT = {
    "red": "#ff1a47",
    "pink": "#f50056",
    "purple": "#df41fb",
    "deep purple": "#7c4dff",
    "indigo": "#526cfe",
    "blue": "#4287ff",
    "light blue": "#0091eb",
    "cyan": "#00bad6",
    "teal": "#00bda4",
    "green": "#00c753",
    "light green": "#63de17",
    "lime": "#b0eb00",
    "yellow": "#ffd500",
    "amber": "#ffaa00",
    "orange": "#ff9100",
    "deep orange": "#ff6e42",
}


def color(table: dict[str, str], name: object) -> str | None:
    """The hex of a Material colour name (`deep-purple`, `Deep Purple`), or None if it has none."""
    if not isinstance(name, str):
        return None
    return table.get(name.strip().lower().replace("-", " ").replace("_", " "))

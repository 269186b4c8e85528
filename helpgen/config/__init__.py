"""Stage 1: read helpgen.yml, validate it, resolve paths. See `load_project`."""

from helpgen.config.load import Project, load_project
from helpgen.config.model import Config

__all__ = ["Config", "Project", "load_project"]

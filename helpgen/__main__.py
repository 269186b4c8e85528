"""Allow `python -m helpgen`."""

from helpgen.cli import main

main()

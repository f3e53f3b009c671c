"""``python -m civledger``."""

from civledger.cli.main import main

main()

"""``python -m civledger``."""

from civledger.cli.main import main

if __name__ == "__main__":
    main()

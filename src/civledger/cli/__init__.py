"""The ``civledger`` command line, one module per command."""

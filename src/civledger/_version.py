__version__ = "0.1.0.dev0"
"""The version of this civledger (PEP 440), as ``civledger --version`` prints it."""

"""lcext: start a LiveChat Agent App extension that works the first time it is loaded."""

__version__ = "0.1.0"

"""lcext's commands, one module each; ``lcext.app`` registers them."""

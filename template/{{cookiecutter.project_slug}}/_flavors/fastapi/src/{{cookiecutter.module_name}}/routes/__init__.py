"""The app's routes, one module per concern."""

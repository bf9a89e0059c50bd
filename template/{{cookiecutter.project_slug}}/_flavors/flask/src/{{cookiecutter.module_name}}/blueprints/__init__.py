"""The app's blueprints, one module per concern; create_app() registers them."""

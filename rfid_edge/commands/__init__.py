"""One module per `rfid-edge` subcommand; each defines ``register(subparsers)``."""

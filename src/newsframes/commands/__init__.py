"""One module per `newsframes` subcommand: `configure(parser)` and `run(args) -> int`."""

"""The command line's parts: option types and shared options, the one mapping of errors to exit codes, output
paths, and the shape every sweep command shares. cli.py holds the commands; the library never imports this."""

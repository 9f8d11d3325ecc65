"""One module per fuzz target: ``ALLOWED`` (the errors the parser documents) and
``one_input(data: bytes)`` (feeds the bytes to the parser; may assert what it promises)."""

"""The centre end of the link: the bridge that applies each transaction exactly once, event-time ordering, the ledger, conflicts and statistics."""

"""lpskg: the knowledge graph of the lean-digitalization paradox."""

"""Indexer: load inspection letters, chunk them, embed them, write a hybrid index."""

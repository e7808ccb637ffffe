"""Search: open an index, retrieve passages, compose cited answers."""
from search.filters import FilterError, Filters
from search.index import Index, IndexOpenError, open_index
from search.query import QueryError
from search.types import Answer, AnswerSentence, Hit

__all__ = ["open_index", "Index", "IndexOpenError", "Filters", "FilterError", "QueryError", "Hit", "Answer",
           "AnswerSentence"]

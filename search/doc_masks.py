"""Which documents a search may return and which it favours: the filters' mask, a council's
documents, the boost of the documents a query names (council, year, month, kind, news outlet,
latest inspection).

`DocumentMasks` is a part of search.index.Index; it reads the per-document arrays the Index loads
(`documents`, `doc_row`, `doc_year`, `doc_month`, `doc_inspection_year`, `doc_inspection_month`,
`doc_kind`, `_authority_rows`), its `fusion` settings and `outlet_docs`. Index.__init__ keeps the
last FILTER_MASKS masks `_filter_mask` made as `_doc_mask`.
"""
from __future__ import annotations

import numpy as np

from indexer.authorities import authority_key
from search.filters import Filters
from search.query import LATEST, QueryContext
from search.rerank import GRADE_QUESTION

FILTER_MASKS = 64  # document masks kept per Filters (a "no news" filter is the same every time)
GRADED_KINDS = ("ILACS inspection", "SIF inspection")  # the inspections that grade a council


class DocumentMasks:
    """Per-document masks and boosts over an open index's documents (a part of search.index.Index)."""

    def _filter_mask(self, filters: Filters) -> np.ndarray:
        """Which documents pass `filters` (a read-only bool array over document rows); Index._doc_mask
        keeps the last FILTER_MASKS of them."""
        mask = np.fromiter((filters.matches(d.authority, d.kind, d.date, d.judgement) for d in self.documents),
                           dtype=bool, count=len(self.documents))
        mask.flags.writeable = False
        return mask

    def _authority_docs(self, names: tuple[str, ...]) -> np.ndarray:
        """Which documents are of the councils `names` (predecessors and successors included)."""
        mask = np.zeros(len(self.documents), dtype=bool)
        for key in {authority_key(n) for n in names}:  # rows per authority, looked up once at open
            mask[self._authority_rows.get(key, [])] = True
        return mask

    def _doc_boost(self, ctx: QueryContext, filters: Filters, query: str = "") -> np.ndarray:
        """Per document: what its passages' fused scores gain for matching what the query names."""
        settings = self.fusion
        boost = np.zeros(len(self.documents))
        if ctx.authorities and not filters.authority:
            boost += settings.authority_boost * self._authority_docs(ctx.authorities)
        if ctx.years:
            # "the December 2021 ILACS report": the letter of an inspection that year, though it
            # was published in February 2022
            year_match = np.isin(self.doc_year, ctx.years) | np.isin(self.doc_inspection_year, ctx.years)
            boost += settings.date_boost * year_match
            if ctx.months:
                boost += settings.date_boost * 0.5 * self._month_match(ctx.years, ctx.months)
        if ctx.kinds and not filters.kind:
            boost += settings.kind_boost * np.isin(self.doc_kind, ctx.kinds)
        outlet = self.outlet_docs(query)
        if outlet:  # "According to CYP Now, ...": that outlet's articles, as a council named favours its letters
            boost[[self.doc_row[doc_id] for doc_id in outlet]] += settings.authority_boost
        if ctx.authorities and not ctx.years and (GRADE_QUESTION.search(query) or LATEST.search(query)):
            # "how was Bromley graded for care leavers?", "when was Tameside last inspected?": its latest inspection
            boost[self._latest_inspections(ctx.authorities)] += settings.latest_boost
        return boost

    def _month_match(self, years, months) -> np.ndarray:
        """Per document: True when its inspection took place in one of the (year, month) pairs
        asked for, or its letter is dated in that month or up to two months after it (letters
        are published some weeks after the visit; December's visit is dated the next year)."""
        published = self.doc_year * 12 + self.doc_month - 1
        inspected = self.doc_inspection_year * 12 + self.doc_inspection_month - 1
        near = np.zeros(len(self.documents), dtype=bool)
        for year in years:
            for month in months:
                asked = year * 12 + month - 1
                near |= ((published >= asked) & (published <= asked + 2) & (self.doc_month > 0)) | (
                    (inspected == asked) & (self.doc_inspection_month > 0))
        return near

    def _latest_inspections(self, names: tuple[str, ...]) -> list[int]:
        """Document rows of the latest ILACS or SIF inspection of each authority in `names`."""
        rows = []
        for key in {authority_key(n) for n in names}:
            graded = [r for r in self._authority_rows.get(key, []) if self.documents[r].kind in GRADED_KINDS]
            if graded:
                rows.append(max(graded, key=lambda r: self.documents[r].date))
        return rows

"""Finding the records a new one may duplicate, without comparing all pairs.

Candidates come from blocking: records sharing an identifier, records whose title is the
query's title or main title (or whose main title is the query's title), records sharing one of
the query's rarest title words (of the whole title and of the main title), records at the same
volume and first page, and, where a title is provisional, records sharing rare abstract words.
Each candidate is then judged by :func:`zsync.dedupe.compare.compare`.

An index of a large library holds only these keys, not the records (a record with a real
author list and abstract takes about 3 KB, the keys a few hundred bytes): given ``load``, it
reads the records of an entry's candidates when it compares them (from the records the
library keeps, :mod:`zsync.library.records`), so a run's memory grows with its digest, not
with the library.
"""

from __future__ import annotations

from collections import Counter, OrderedDict, defaultdict
from typing import Callable

from rapidfuzz import fuzz, process

from zsync.batches import chunks
from zsync.config import DedupeSettings
from zsync.dedupe.compare import NEAR_MISS, Match, Verdict, compare
from zsync.dedupe.record import BlockingKeys, Record

STOPWORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "via", "by", "from", "at",
             "is", "are", "we", "our", "this", "that", "as", "its", "into", "using", "towards", "toward"}
BLOCK_WORDS = 3
#: a word in more records than this share of the index is too common to block on (JabRef drops
#: such blocks too); identical titles and main titles are still found through their own keys
COMMON_SHARE = 0.02
COMMON_MIN = 200
RANK = {Verdict.SAME: 0, Verdict.POSSIBLE: 1, Verdict.DISTINCT: 2}
ABSTRACT_WORDS = 80
#: records read back with ``load`` kept for later entries, the most recently compared first: in a
#: digest of 10,000 entries against 116,000 papers, 368,000 reads were of 40,000 papers, and 5,000
#: kept (15 MB) answered 79 % of them
LOADED = 5_000
POOL_LIMIT = 300  # a word-blocked pool larger than this keeps only records sharing two rare words  # abstract blocking uses the opening words, where wording is most stable


def words(text: str) -> list[str]:
    return [w for w in text.split() if w not in STOPWORDS and len(w) > 1]


#: the records of some refs, read from where an index's records are kept
Loader = Callable[[list[str]], dict[str, Record]]


class DedupeIndex:
    def __init__(self, settings: DedupeSettings | None = None, load: Loader | None = None):
        self.settings = settings or DedupeSettings()
        self.load = load
        self.records: dict[str, Record] = {}  # held only without ``load``
        self.loaded: OrderedDict[str, Record] = OrderedDict()  # the last LOADED records read with ``load``
        self.size = 0
        self.titles: dict[str, str] = {}  # normalised titles by ref, for scoring a pool in one call
        self.by_id: dict[str, list[str]] = defaultdict(list)
        self.by_title_word: dict[str, list[str]] = defaultdict(list)
        self.by_title: dict[str, list[str]] = defaultdict(list)  # full titles
        self.by_main_title: dict[str, list[str]] = defaultdict(list)  # main titles of titles with a subtitle
        self.by_coordinates: dict[str, list[str]] = defaultdict(list)
        self.by_abstract_word: dict[str, list[str]] = defaultdict(list)  # see all_abstracts
        self.every_abstract = False  # whether every record's abstract words are in by_abstract_word yet
        self.provisional: set[str] = set()  # records whose title is provisional: only their abstract can match

    def add(self, record: Record) -> None:
        if self.load is None:
            self.records[record.ref] = record
        self.add_keys(BlockingKeys.of(record), record)

    def add_keys(self, keys: BlockingKeys, record: Record | None = None) -> None:
        """Index a record by its keys; its record (for its abstract words) is read with ``load``
        only where those are indexed: a provisional title, or after :meth:`all_abstracts`."""
        ref = keys.ref
        self.size += 1
        self.titles[ref] = keys.title
        for identifier in keys.identifiers:
            self.by_id[identifier].append(ref)
        if keys.title and not keys.provisional:
            for word in set(words(keys.title)):
                self.by_title_word[word].append(ref)
            self.by_title[keys.title].append(ref)
            if keys.main_title != keys.title:
                self.by_main_title[keys.main_title].append(ref)
        if keys.coordinates:
            self.by_coordinates[keys.coordinates].append(ref)
        if keys.provisional:
            self.provisional.add(ref)
        if keys.provisional or self.every_abstract:
            if record is None and self.load is not None:
                record = self.load([ref])[ref]
            if record is not None:
                self._add_abstract(record)

    def _add_abstract(self, record: Record) -> None:
        for word in set(words(record.abstract)[:ABSTRACT_WORDS]):
            self.by_abstract_word[word].append(record.ref)

    def all_abstracts(self) -> dict[str, list[str]]:
        """Abstract words of every record, indexed when a query without a real title first asks
        (an abstract-only digest). A titled query is compared by abstract only with records
        whose title is provisional, which are indexed as they come: reading the abstracts of a
        100,000-paper library up front was half the time of a dedupe against it."""
        if not self.every_abstract:
            self.every_abstract = True
            refs = [ref for ref in self.titles if ref not in self.provisional]
            for part in chunks(refs, 1000):
                records = self.records if self.load is None else self.load(part)
                for ref in part:
                    self._add_abstract(records[ref])
        return self.by_abstract_word

    def _rarest(self, table: dict[str, list[str]], tokens: list[str], n: int) -> set[str]:
        return set().union(*self._rare_postings(table, tokens, n))

    def _rare_postings(self, table: dict[str, list[str]], tokens: list[str], n: int) -> list[list[str]]:
        """The postings of the ``n`` rarest known tokens, leaving out tokens too common to block on
        (ties in the order the tokens come, so the same input gives the same candidates every run)."""
        limit = max(COMMON_MIN, int(self.size * COMMON_SHARE))
        found = [postings for token in dict.fromkeys(tokens) if 0 < len(postings := table.get(token, ())) <= limit]
        return sorted(found, key=len)[:n]

    def _word_candidates(self, query: Record) -> list[str]:
        """Records sharing rare title words with the query; in a large pool, only those sharing
        two of them (a title near the query's shares most of its rare words)."""
        lists = (self._rare_postings(self.by_title_word, words(query.title), BLOCK_WORDS)
                 + self._rare_postings(self.by_title_word, words(query.main_title), BLOCK_WORDS - 1))
        pool: Counter[str] = Counter()
        for postings in lists:
            pool.update(set(postings))  # counted in C: pools of thousands are common in large libraries
        if len(pool) > POOL_LIMIT and len(lists) >= 2:
            return [ref for ref, shared in pool.items() if shared >= 2]
        return list(pool)

    def candidates(self, query: Record) -> set[str]:
        """Records sharing a key with the query, and records sharing rare title words whose
        titles are near enough to matter (scored in one batch by rapidfuzz, in C)."""
        refs = {ref for identifier in query.identifiers for ref in self.by_id.get(identifier, ())}
        if query.title and not query.title_provisional:
            refs.update(self.by_title.get(query.title, ()))
            refs.update(self.by_title.get(query.main_title, ()))  # the query with its subtitle dropped
            refs.update(self.by_main_title.get(query.title, ()))  # a record with its subtitle dropped
            # two subtitles under one main title ("Introduction: ...", "Deep learning: ..." are shared
            # by hundreds): compared in full only where one title holds the other, else scored with
            # the word-blocked pool
            siblings = self.by_main_title.get(query.main_title, ()) if query.main_title != query.title else ()
            refs.update(ref for ref in siblings if (title := self.titles[ref]) in query.title or query.title in title)
            pool = [ref for ref in dict.fromkeys([*self._word_candidates(query), *siblings]) if ref not in refs]
            if pool:
                cutoff = (self.settings.threshold - NEAR_MISS) * 100
                near = process.extract(query.title, list(map(self.titles.__getitem__, pool)), scorer=fuzz.ratio,
                                       score_cutoff=cutoff, limit=None)
                refs.update(pool[index] for _, _, index in near)
        if query.coordinates:
            refs.update(self.by_coordinates.get(query.coordinates, ()))
        if query.abstract and (query.title_provisional or self.provisional):
            table = self.all_abstracts() if query.title_provisional else self.by_abstract_word
            found = self._rarest(table, words(query.abstract)[:ABSTRACT_WORDS], BLOCK_WORDS + 1)
            refs |= found if query.title_provisional else found & self.provisional
        refs.discard(query.ref)
        return refs

    def matches(self, query: Record) -> list[Match]:
        """Every candidate with its evidence: the same paper first, then possible ones, then by score."""
        refs = list(self.candidates(query))
        records = self.records if self.load is None else self._records(self.load, refs)
        found = [compare(query, records[ref], self.settings) for ref in refs]
        return sorted(found, key=lambda m: (RANK[m.verdict], -m.score, m.ref))

    def _records(self, load: Loader, refs: list[str]) -> dict[str, Record]:
        """The records of ``refs``, read with ``load`` unless read lately."""
        if missing := [ref for ref in refs if ref not in self.loaded]:
            self.loaded.update(load(missing))
        for ref in refs:
            self.loaded.move_to_end(ref)
        found = {ref: self.loaded[ref] for ref in refs}
        while len(self.loaded) > LOADED:
            self.loaded.popitem(last=False)
        return found

    def find(self, query: Record) -> Match | None:
        """The record ``query`` duplicates, or ``None``."""
        best = self.matches(query)
        return best[0] if best and best[0].same else None

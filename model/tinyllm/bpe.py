# bpe.py: TinyLLM's byte-level BPE tokenizer (doc/model-format.md).
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This program is free software: you can redistribute it and/or modify it
# under the terms of the GNU General Public License as published by the Free
# Software Foundation, either version 3 of the License, or (at your option)
# any later version.
"""Byte-level BPE: pre-tokenization, training, encoding and decoding.

The rules are those of ``doc/model-format.md`` ("Tokenizer" and "Encoding
text"); the C engine (``src/engine/tokenizer.c``) implements the same ones,
and ``tests/check_reference.c`` checks that both give the same ids.

Token ids made by :func:`train`:

* ``0..255``: the byte tokens (kind 1), id == byte value;
* ``256..259``: the role tokens ``<|question|>``, ``<|reasoning|>``,
  ``<|answer|>``, ``<|end|>`` (kind 2), never produced from text;
* ``260..``: one merged token (kind 0) per merge, in merge order, so merge
  ``k`` (priority ``k``, 0 first) makes token ``260 + k``.

A :class:`Tokenizer` read from a file need not follow that numbering; it
only has to obey the file format's rules, which its constructor checks.
"""

from __future__ import annotations

import heapq
import re
import struct
from collections import Counter, defaultdict
from typing import Iterable, Sequence

__all__ = [
    "KIND_MERGED", "KIND_BYTE", "KIND_ROLE", "ROLE_TOKENS", "MAX_TOKEN_LEN",
    "Tokenizer", "pretokenize", "train",
]

KIND_MERGED = 0
KIND_BYTE = 1
KIND_ROLE = 2

#: The role tokens, in the order of the C enum ``tlm_special``.
ROLE_TOKENS: tuple[bytes, ...] = (
    b"<|question|>", b"<|reasoning|>", b"<|answer|>", b"<|end|>",
)

#: The longest token the format allows, in bytes.
MAX_TOKEN_LEN = 256

_SECTION_HEADER = struct.Struct("<IIII")
_TOKEN_RECORD = struct.Struct("<BBH")
_MERGE_RECORD = struct.Struct("<III")

# Byte classes: D digit, N newline, S space (0x20), L letter (A-Z, a-z or
# any byte >= 0x80), P anything else.  Alternatives are tried in order:
#   1. one optional S, then a maximal run of L;
#   2. one optional S, then a maximal run of P;
#   3. a single D;   4. a single N;
#   5. a run of S that leaves its last space to a following L or P run
#      (the lookahead), else 6. a maximal run of S.
# A run of S of length 1 directly before L or P never reaches 5/6: 1 or 2
# takes it first.
_PRETOKEN_RE = re.compile(
    rb" ?[A-Za-z\x80-\xff]+"
    rb"| ?[^0-9\n A-Za-z\x80-\xff]+"
    rb"|[0-9]"
    rb"|\n"
    rb"| +(?= [^0-9\n ])"
    rb"| +"
)


def pretokenize(text: bytes) -> list[bytes]:
    """Split ``text`` into pre-tokens (doc/model-format.md, step 1).

    Each digit and each newline is a pre-token alone; a maximal run of
    letters (``A-Z a-z`` or any byte >= 0x80) or of other bytes is one,
    taking with it one space directly before it; remaining spaces form
    runs of their own.  The pieces concatenate back to ``text``.

    >>> pretokenize(b"Tom has 12 apples.\\n  Hi")
    [b'Tom', b' has', b' ', b'1', b'2', b' apples', b'.', b'\\n', b' ', b' Hi']
    """
    return _PRETOKEN_RE.findall(bytes(text))


def _check_merged_token(data: bytes) -> str | None:
    """Return why ``data`` cannot be a merged token, or None if it can."""
    if len(data) < 2 or len(data) > MAX_TOKEN_LEN:
        return f"length {len(data)} out of 2..{MAX_TOKEN_LEN}"
    if any(0x30 <= b <= 0x39 or b == 0x0A for b in data):
        return "contains a digit or a newline"
    if pretokenize(data) != [data]:
        return "crosses a pre-token boundary"
    return None


class Tokenizer:
    """A BPE vocabulary: tokens, their kinds and the merges by priority.

    ``tokens[i]`` is token ``i``'s bytes (a role token's bytes are its
    name), ``kinds[i]`` its kind (0 merged, 1 byte, 2 role) and
    ``merges[k] = (left, right, result)`` the merge of priority ``k``
    (lower first).  The constructor enforces every rule of the file format
    and raises :class:`ValueError` naming the first one broken.
    """

    def __init__(self, tokens: Sequence[bytes], kinds: Sequence[int],
                 merges: Sequence[tuple[int, int, int]]) -> None:
        self.tokens: tuple[bytes, ...] = tuple(bytes(t) for t in tokens)
        self.kinds: tuple[int, ...] = tuple(int(k) for k in kinds)
        self.merges: tuple[tuple[int, int, int], ...] = tuple(
            (int(a), int(b), int(c)) for a, b, c in merges)
        self._byte_id: list[int] = [-1] * 256
        self._roles: dict[bytes, int] = {}
        self._ranks: dict[tuple[int, int], tuple[int, int]] = {}
        self._cache: dict[bytes, tuple[int, ...]] = {}
        self._validate()

    # ---- construction -------------------------------------------------

    def _validate(self) -> None:
        """Check the format's rules and build the lookup tables."""
        n = len(self.tokens)
        if len(self.kinds) != n:
            raise ValueError("tokens and kinds differ in length")
        for i, (data, kind) in enumerate(zip(self.tokens, self.kinds)):
            self._validate_token(i, data, kind)
        missing = [r for r in ROLE_TOKENS if r not in self._roles]
        if missing:
            raise ValueError(f"role token {missing[0]!r} missing")
        if -1 in self._byte_id:
            raise ValueError(f"no byte token for 0x{self._byte_id.index(-1):02x}")
        self._validate_merges()

    def _validate_token(self, i: int, data: bytes, kind: int) -> None:
        """Check token ``i`` alone and register bytes and role tokens."""
        if not 1 <= len(data) <= MAX_TOKEN_LEN:
            raise ValueError(f"token {i}: length {len(data)} out of 1..{MAX_TOKEN_LEN}")
        if kind == KIND_BYTE:
            if len(data) != 1:
                raise ValueError(f"token {i}: a byte token must be 1 byte long")
            if self._byte_id[data[0]] != -1:
                raise ValueError(f"token {i}: second byte token for 0x{data[0]:02x}")
            self._byte_id[data[0]] = i
        elif kind == KIND_ROLE:
            if data in self._roles:
                raise ValueError(f"token {i}: role token {data!r} repeated")
            self._roles[data] = i
        elif kind == KIND_MERGED:
            why = _check_merged_token(data)
            if why:
                raise ValueError(f"token {i}: merged token {data!r} {why}")
        else:
            raise ValueError(f"token {i}: unknown kind {kind}")

    def _validate_merges(self) -> None:
        """Check that the merges define each merged token exactly once."""
        n = len(self.tokens)
        defined = [k == KIND_BYTE for k in self.kinds]
        for rank, (left, right, result) in enumerate(self.merges):
            if not all(0 <= t < n for t in (left, right, result)):
                raise ValueError(f"merge {rank}: id out of range")
            if not (defined[left] and defined[right]):
                raise ValueError(f"merge {rank}: uses a token not defined before it")
            if self.kinds[result] != KIND_MERGED or defined[result]:
                raise ValueError(f"merge {rank}: result {result} is not a new merged token")
            if self.tokens[result] != self.tokens[left] + self.tokens[right]:
                raise ValueError(f"merge {rank}: result's bytes are not left + right")
            if (left, right) in self._ranks:
                raise ValueError(f"merge {rank}: pair ({left}, {right}) repeated")
            defined[result] = True
            self._ranks[(left, right)] = (rank, result)
        for i, kind in enumerate(self.kinds):
            if kind == KIND_MERGED and not defined[i]:
                raise ValueError(f"token {i}: merged token made by no merge")

    # ---- queries ------------------------------------------------------

    @property
    def vocab_size(self) -> int:
        """The number of tokens."""
        return len(self.tokens)

    @property
    def max_token_len(self) -> int:
        """The longest token's length in bytes."""
        return max(len(t) for t in self.tokens)

    def role_id(self, name: bytes | str) -> int:
        """The id of a role token, e.g. ``role_id("<|end|>")``."""
        key = name.encode() if isinstance(name, str) else bytes(name)
        return self._roles[key]

    def role_ids(self) -> list[int]:
        """The ids of the four role tokens in :data:`ROLE_TOKENS` order."""
        return [self._roles[r] for r in ROLE_TOKENS]

    # ---- encoding and decoding ---------------------------------------

    def _encode_piece(self, piece: bytes) -> tuple[int, ...]:
        """Encode one pre-token: apply the best merge at its leftmost place
        until no adjacent pair has a merge (doc, step 2)."""
        ids = [self._byte_id[b] for b in piece]
        ranks = self._ranks
        while len(ids) > 1:
            best_rank, best_at, best_result = -1, -1, -1
            for at in range(len(ids) - 1):
                hit = ranks.get((ids[at], ids[at + 1]))
                if hit is not None and (best_at < 0 or hit[0] < best_rank):
                    best_rank, best_at, best_result = hit[0], at, hit[1]
            if best_at < 0:
                break
            ids[best_at:best_at + 2] = [best_result]
        return tuple(ids)

    def encode(self, text: bytes) -> list[int]:
        """Encode a byte string into token ids (never role tokens)."""
        out: list[int] = []
        for piece in pretokenize(text):
            ids = self._cache.get(piece)
            if ids is None:
                ids = self._encode_piece(piece)
                self._cache[piece] = ids
            out.extend(ids)
        return out

    def decode(self, ids: Iterable[int]) -> bytes:
        """Concatenate the tokens' bytes; role tokens give no bytes."""
        return b"".join(self.tokens[i] for i in ids
                        if self.kinds[i] != KIND_ROLE)

    # ---- the file section --------------------------------------------

    def to_bytes(self) -> bytes:
        """Serialise as a ``.tlm`` tokenizer section (doc/model-format.md)."""
        parts = [_SECTION_HEADER.pack(len(self.tokens), len(self.merges),
                                      self.max_token_len, 0)]
        for data, kind in zip(self.tokens, self.kinds):
            parts.append(_TOKEN_RECORD.pack(kind, 0, len(data)))
            parts.append(data)
        for merge in self.merges:
            parts.append(_MERGE_RECORD.pack(*merge))
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Tokenizer":
        """Parse and validate a tokenizer section (the exact section)."""
        if len(data) < _SECTION_HEADER.size:
            raise ValueError("tokenizer section shorter than its header")
        n_tokens, n_merges, max_len, reserved = _SECTION_HEADER.unpack_from(data, 0)
        if reserved != 0:
            raise ValueError("tokenizer header: reserved field not zero")
        at = _SECTION_HEADER.size
        tokens: list[bytes] = []
        kinds: list[int] = []
        for i in range(n_tokens):
            if at + _TOKEN_RECORD.size > len(data):
                raise ValueError(f"token {i}: record out of bounds")
            kind, pad, length = _TOKEN_RECORD.unpack_from(data, at)
            at += _TOKEN_RECORD.size
            if pad != 0:
                raise ValueError(f"token {i}: reserved byte not zero")
            if at + length > len(data):
                raise ValueError(f"token {i}: bytes out of bounds")
            tokens.append(bytes(data[at:at + length]))
            kinds.append(kind)
            at += length
        if at + n_merges * _MERGE_RECORD.size != len(data):
            raise ValueError("tokenizer section size disagrees with its merges")
        merges = [_MERGE_RECORD.unpack_from(data, at + k * _MERGE_RECORD.size)
                  for k in range(n_merges)]
        tok = cls(tokens, kinds, merges)
        if tok.max_token_len != max_len:
            raise ValueError(f"max_token_len {max_len} but the longest token "
                             f"has {tok.max_token_len} bytes")
        return tok


# ---- training ----------------------------------------------------------


def _count_pretokens(texts: Iterable[bytes]) -> Counter:
    """Count each distinct pre-token over all texts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(pretokenize(text))
    return counts


def _merge_word(word: list[int], left: int, right: int, result: int) -> list[int]:
    """Replace each non-overlapping (left, right), left to right, by result."""
    out: list[int] = []
    i = 0
    while i < len(word):
        if i + 1 < len(word) and word[i] == left and word[i + 1] == right:
            out.append(result)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


class _PairStats:
    """Weighted counts of adjacent pairs over the distinct pre-tokens, with
    the words each pair occurs in and a lazy max-heap for the best pair."""

    def __init__(self, words: list[list[int]], freqs: list[int]) -> None:
        self.words = words
        self.freqs = freqs
        self.count: dict[tuple[int, int], int] = defaultdict(int)
        self.where: dict[tuple[int, int], set[int]] = defaultdict(set)
        for w, word in enumerate(words):
            self._add(w, word, +1)
        self.heap = [(-c, a, b) for (a, b), c in self.count.items()]
        heapq.heapify(self.heap)

    def _add(self, w: int, word: list[int], sign: int) -> set[tuple[int, int]]:
        """Add (sign +1) or remove (-1) word ``w``'s pairs; return them."""
        touched = set()
        f = self.freqs[w] * sign
        for pair in zip(word, word[1:]):
            self.count[pair] += f
            touched.add(pair)
            if sign > 0:
                self.where[pair].add(w)
        return touched

    def best(self) -> tuple[int, int, int] | None:
        """The pair with the highest count, ties to the lowest (left,
        right); returns (count, left, right) or None when none is left."""
        while self.heap:
            neg, a, b = self.heap[0]
            if self.count.get((a, b), 0) == -neg and neg < 0:
                return -neg, a, b
            heapq.heappop(self.heap)
        return None

    def drop(self, pair: tuple[int, int]) -> None:
        """Never offer ``pair`` again (it would make too long a token)."""
        self.count.pop(pair, None)
        self.where.pop(pair, None)

    def merge(self, left: int, right: int, result: int) -> None:
        """Apply a merge to every word containing the pair."""
        pair = (left, right)
        touched: set[tuple[int, int]] = set()
        for w in sorted(self.where.pop(pair, ())):
            old = self.words[w]
            new = _merge_word(old, left, right, result)
            if len(new) == len(old):
                continue
            touched |= self._add(w, old, -1)
            touched |= self._add(w, new, +1)
            self.words[w] = new
        self.count.pop(pair, None)
        for p in touched:
            c = self.count.get(p, 0)
            if c > 0:
                heapq.heappush(self.heap, (-c, p[0], p[1]))
            else:
                self.count.pop(p, None)


def train(texts: Iterable[bytes], vocab_size: int, min_count: int = 2) -> Tokenizer:
    """Learn a BPE vocabulary of at most ``vocab_size`` tokens from ``texts``.

    The vocabulary starts with the 256 byte tokens and the four role tokens;
    each step then merges the adjacent pair that occurs most often inside
    the pre-tokens of the corpus (each distinct pre-token counted with its
    frequency), ties going to the lowest (left id, right id).  Training
    stops at ``vocab_size`` tokens, or earlier when no pair occurs
    ``min_count`` times.  Pairs whose token would exceed
    :data:`MAX_TOKEN_LEN` bytes are skipped.  Digits and newlines are
    pre-tokens of one byte, so no merged token contains one.  The result
    depends only on the multiset of pre-tokens: it is deterministic.
    """
    if vocab_size < 256 + len(ROLE_TOKENS):
        raise ValueError(f"vocab_size must be at least {256 + len(ROLE_TOKENS)}")
    tokens: list[bytes] = [bytes([b]) for b in range(256)] + list(ROLE_TOKENS)
    kinds: list[int] = [KIND_BYTE] * 256 + [KIND_ROLE] * len(ROLE_TOKENS)
    merges: list[tuple[int, int, int]] = []

    counts = _count_pretokens(texts)
    pieces = sorted(counts)
    stats = _PairStats([list(p) for p in pieces], [counts[p] for p in pieces])
    while len(tokens) < vocab_size:
        best = stats.best()
        if best is None or best[0] < min_count:
            break
        _, left, right = best
        data = tokens[left] + tokens[right]
        if len(data) > MAX_TOKEN_LEN:
            stats.drop((left, right))
            continue
        result = len(tokens)
        tokens.append(data)
        kinds.append(KIND_MERGED)
        merges.append((left, right, result))
        stats.merge(left, right, result)
    return Tokenizer(tokens, kinds, merges)

"""An entry of the pack cache (:mod:`macrograph.rules.reading.cache`), sealed: a header line
holding the cache's format, the entry's key and an HMAC-SHA256 of the key and the payload,
then the payload. An entry is only decoded once its seal checks, so that an entry that
checks was written by this code for the user who holds the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json

FORMAT = 3
MAGIC = "macrograph-pack-cache"
MAX_HEADER = 512


def _digest(secret: bytes, key: str, payload: bytes) -> str:
    mac = hmac.new(secret, key.encode() + b"\0", hashlib.sha256)
    mac.update(payload)  # apart, as for the key: no copy of the payload
    return mac.hexdigest()


def seal(secret: bytes, key: str, payload: bytes) -> bytes:
    """An entry: a header line (format, key, keyed digest of key and payload), then the
    payload.

    Examples
    --------
    >>> header, payload = seal(b"secret", "k", b"{}").split(b"\\n")
    >>> json.loads(header)["format"], json.loads(header)["key"], payload
    (3, 'k', b'{}')
    """
    digest = _digest(secret, key, payload)
    header = {"magic": MAGIC, "format": FORMAT, "key": key, "hmac_sha256": digest}
    return json.dumps(header, sort_keys=True).encode() + b"\n" + payload


def unseal(secret: bytes, key: str, data: bytes) -> bytes | None:
    """The payload of an entry written for ``key``, or None when anything does not check.

    Examples
    --------
    >>> entry = seal(b"s", "k", b"{}")
    >>> unseal(b"s", "k", entry), unseal(b"s", "other", entry), unseal(b"t", "k", entry)
    (b'{}', None, None)
    >>> unseal(b"s", "k", entry[:-1] + b"]")
    """
    end = data.find(b"\n", 0, MAX_HEADER)
    if end < 0:
        return None
    payload = data[end + 1 :]
    try:
        header = json.loads(data[:end])
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("magic") != MAGIC:
        return None
    if header.get("format") != FORMAT or header.get("key") != key:
        return None
    digest = header.get("hmac_sha256")
    if not isinstance(digest, str) or not hmac.compare_digest(
        digest, _digest(secret, key, payload)
    ):
        return None
    return payload

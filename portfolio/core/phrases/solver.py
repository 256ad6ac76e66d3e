"""Sentences of solver: key -> (nl, en), the same {fields} on both sides (see portfolio.core.phrases)."""

SENTENCES: dict[str, tuple[str, str]] = {
}

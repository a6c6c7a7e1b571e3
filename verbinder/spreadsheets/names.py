"""Splitting a contact's full name into first and last name, the Dutch way."""

from __future__ import annotations

# Tussenvoegsels: they belong to the last name ("Jan van der Berg" -> "Jan" + "van der Berg").
NAME_PREFIXES = frozenset({
    "van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "aan", "bij", "uit", "onder",
    "voor", "over", "la", "le", "les", "du", "da", "di", "del", "della", "dos", "das", "von", "zu", "vander",
    "vanden", "vd", "v.d.", "d'", "l'", "'s",
})  # fmt: skip
# Forms of address that are not part of a name ("Dhr. Jansen", "mevrouw De Boer").
SALUTATIONS = frozenset({
    "dhr", "dhr.", "mevr", "mevr.", "mw", "mw.", "mevrouw", "meneer", "heer", "mr.", "mrs", "mrs.", "ms", "ms.",
    "mx", "mx.", "dr", "dr.", "drs", "drs.", "ir", "ir.", "ing", "ing.", "prof", "prof.",
})  # fmt: skip


def _strip_salutation(words: list[str]) -> tuple[list[str], bool]:
    stripped = False
    while len(words) > 1:
        if words[0].lower() in SALUTATIONS:
            words = words[1:]
        elif words[0].lower() == "de" and words[1].lower() == "heer":  # "de heer Jansen"
            words = words[2:]
        else:
            break
        stripped = True
    return words, stripped


def split_name(full_name: str) -> tuple[str, str]:
    """(first name, last name). "Jansen, Jan" and "Berg, Jan van den" are read last-name-first.

    Without a prefix the last word is the last name ("Jan Peter Balkenende"). A single word is a first name,
    unless it follows a form of address ("Dhr. Jansen") or is itself a prefixed last name ("Van Dijk").
    """
    text = " ".join((full_name or "").split())
    if not text:
        return "", ""
    if "," in text:
        last, _, first = (part.strip() for part in text.partition(","))
        first_words = first.split()
        prefix_at = next((i for i, word in enumerate(first_words) if word.lower() in NAME_PREFIXES and i > 0), None)
        if prefix_at is not None:
            return " ".join(first_words[:prefix_at]), " ".join([*first_words[prefix_at:], last])
        return first, last
    words, had_salutation = _strip_salutation(text.split())
    if words[0].lower() in NAME_PREFIXES:
        return "", " ".join(words)
    if len(words) == 1:
        return ("", words[0]) if had_salutation else (words[0], "")
    prefix_at = next((i for i, word in enumerate(words) if i > 0 and word.lower() in NAME_PREFIXES), None)
    if prefix_at is not None and prefix_at < len(words) - 1:
        return " ".join(words[:prefix_at]), " ".join(words[prefix_at:])
    return " ".join(words[:-1]), words[-1]

"""What a reader sees of a page, and the rules it must keep in each language.

`visible_text(html, language)` is the text nodes (not scripts, styles or comments) and the
attribute values a browser shows: a tooltip (title), a field's hint (placeholder), what a
screen reader says (aria-label), an image's alt text, a button's or a text field's value.
Of a workflow diagram's Mermaid source, only its labels (after " : ") are seen. Each piece
comes back on its own, so a report names the fragment at fault rather than a page.

`leaks(pieces, language, typed, codes)` checks them: in English no Vietnamese (told by its
letters, the ones English never writes: ă â đ ê ô ơ ư and the tone marks) but what users
typed; in both languages no code where a label belongs (pages show labels, never codes),
no None, nan, True/False, Python repr, unrendered placeholder, ISO date (people read
dd/mm/yyyy), nor a figure in the other language's format."""
import re
from html.parser import HTMLParser

SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Inputs whose value is text on the screen (a hidden, checkbox or date input's is not).
TEXT_INPUTS = ("text", "search", "number", "email", "tel", "url", "submit", "button", "reset")
SKIPPED = ("script", "style")

VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]")

# A figure next to the unit that says it is an amount or a measure: it must be written in
# the page's format (Babel's: 1.234,5 in Vietnamese, 1,234.5 in English).
UNITS = r"(?:đ|đồng|VND|ha|m³|m3|mg/l|mg/L|µg/m3|KB|MB|%)"
MEASURE = re.compile(r"(?<![\w.,/-])(\d[\d.,]*\d|\d)\s?" + UNITS + r"(?![\w/])")
FORMAT = {"vi": re.compile(r"^\d{1,3}(?:\.\d{3})*(?:,\d+)?$"),
          "en": re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?$")}
# A figure standing alone (a value on the timeline: "1.500 → 2.000"), a year aside.
BARE_NUMBER = re.compile(r"^\d[\d.,]*$")
YEAR = re.compile(r"^(?:19|20)\d\d$")
# Elsewhere only what cannot be read the other way: two groups of thousands (5,000,000 is
# never a Vietnamese number, 5.000.000 never an English one), or a long figure nobody
# grouped (a VND amount of 450000000).
OTHER_GROUPING = {"vi": re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3}){2,}(?![\w,])"),
                  "en": re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3}){2,}(?![\w.])")}
UNGROUPED = re.compile(r"(?<![\w.,/:#-])\d{5,}(?![\w.,/-])")
# A file's name is what was uploaded or generated, not a text of the page.
FILE_NAME = re.compile(r"\S+\.(?:pdf|docx|xlsx|csv|png|jpe?g|webp)\b")
PARTS = re.compile(r" → | · |: | — ")

EVERYWHERE = {
    "None": re.compile(r"\bNone\b"),
    "nan": re.compile(r"\b(?:nan|NaN)\b"),
    "True/False": re.compile(r"\b(?:True|False)\b"),
    "placeholder": re.compile(r"%\(|\{\{|\}\}|\{%|%\}|\{#|%[sd]\b"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?\b"),
    "repr": re.compile(r"Decimal\(|datetime\.|datetime\(|\bdate\(|\[<|<[a-z_.]+ object|"
                       r"object at 0x|Markup\(|\['|\{'|LazyString"),
}


class Field(str):
    """A text field's value: what the form reads back."""


class _Reader(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language, self.pieces = language, []
        self.skipping = None  # inside <script> or <style>
        self.diagram = False  # inside a Mermaid source
        # Inside an element marked as another language (the language switch names
        # Vietnamese in Vietnamese): [tag, depth] while it is open.
        self.foreign = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED:
            self.skipping = tag
            return
        if "mermaid" in (attrs.get("class") or "").split():
            self.diagram = True
        if self.foreign and tag == self.foreign[0]:
            self.foreign[1] += 1
        elif not self.foreign and attrs.get("lang") not in (None, self.language):
            self.foreign = [tag, 1]
        for name in SHOWN_ATTRIBUTES:
            self._add(attrs.get(name))
        # A field for one language's text (an organization's name_vi, a target's
        # label_en) shows it in either; a figure in a field is written as the form
        # takes it back (74.25), not as a page writes it.
        other = "_vi" if self.language == "en" else "_en"
        if tag == "input" and (attrs.get("type") or "text") in TEXT_INPUTS \
                and not (attrs.get("name") or "").endswith(other):
            self._add(attrs.get("value"), Field)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.foreign and tag == self.foreign[0]:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == self.skipping:
            self.skipping = None
        if tag == "pre":
            self.diagram = False
        if self.foreign and tag == self.foreign[0]:
            self.foreign[1] -= 1
            if not self.foreign[1]:
                self.foreign = None

    def handle_data(self, data):
        if self.skipping:
            return
        if self.diagram:  # `state : label`, `a --> b : label`: the labels are drawn
            for line in data.splitlines():
                self._add(line.partition(" : ")[2])
            return
        self._add(data)

    def _add(self, text, kind=str):
        text = " ".join((text or "").split())
        if text and not self.foreign:
            self.pieces.append(kind(text))


def visible_text(html: str, language: str) -> list[str]:
    reader = _Reader(language)
    reader.feed(html)
    reader.close()
    return reader.pieces


# English words a value's leak also writes: a catalogue's own text ("None.") is no leak.
WORDS = ("None", "True/False")


def leaks(pieces: list[str], language: str, typed: list[str], codes: set[str],
          catalogue: set[str] = frozenset()) -> list[tuple[str, str]]:
    """[(rule, fragment)] over the pieces of a page. `typed` are the values users typed or
    records keep in Vietnamese (names, titles, comments): taken out before looking for
    Vietnamese. `codes` are the identifiers the app has labels for (states, actions,
    fields, kinds, roles); `catalogue` the English texts of the catalogue."""
    found = []
    for piece in pieces:
        for rule, pattern in EVERYWHERE.items():
            if pattern.search(piece) and not (rule in WORDS and piece in catalogue):
                found.append((rule, piece))
        if not isinstance(piece, Field):
            found += [(f"number format ({n})", piece) for n in _misformatted(piece, language)]
        words = set(re.findall(r"[a-z][a-z0-9_]*", FILE_NAME.sub(" ", piece)))
        # A snake_case code never reads as a word; in Vietnamese no code does, and in
        # English a code standing alone where a label belongs.
        shown = {w for w in words & codes if "_" in w or language == "vi"} | \
            {p for p in PARTS.split(piece) if p in codes}
        if shown:
            found.append((f"code ({', '.join(sorted(shown))})", piece))
        if language == "en":
            rest = piece
            for value in typed:
                rest = rest.replace(value, " ")
            if VIETNAMESE.search(rest):
                found.append(("Vietnamese", piece))
    return found


def _misformatted(piece: str, language: str) -> list[str]:
    numbers = [n for n in MEASURE.findall(piece) if not FORMAT[language].match(n)]
    numbers += [p for p in PARTS.split(piece) if BARE_NUMBER.match(p) and not YEAR.match(p)
                and not FORMAT[language].match(p)]
    numbers += OTHER_GROUPING[language].findall(piece) + UNGROUPED.findall(piece)
    return numbers

"""The layers the quote marker declares: ``quote`` (span) and ``same-statement`` (links between quotes)."""

from __future__ import annotations

from annotator import AttributeSpec, LabelSpec, LayerSpec

from .detect import KINDS

QUOTE = "quote"
SAME = "same-statement"

QUOTE_LAYER = LayerSpec(
    QUOTE,
    title="Quotes",
    kind="span",
    labels=(LabelSpec(QUOTE, "#ce93d8", "Q", "the quoted words, without the quotation marks"),),
    attributes=(
        AttributeSpec("speaker", "text", description="who said it, as the article names them (the fullest form "
                                                     "of the name the article uses)"),
        AttributeSpec("speaker_entity_id", "entity", description="the speaker's record in the entity registry"),
        AttributeSpec("cue", "object", description="the attribution verb and its offsets: "
                                                   "{\"text\": \"said in a tweet\", \"start\": 10, \"end\": 25}"),
        AttributeSpec("kind", "choice", KINDS, "direct", "direct: a statement quoted whole; partial: a quoted "
                      "fragment inside reported speech; scare: quotation marks around a term or name, no speaker; "
                      "indirect: reported speech (marked by hand)"),
        AttributeSpec("continues", "bool", default=False, description="this paragraph piece continues the "
                      "quotation of the previous paragraph (same speaker)"),
    ),
    color="#ce93d8",
    description="Quotations and who said them (quote-marker plugin).",
)

SAME_LAYER = LayerSpec(
    SAME,
    title="Same statement",
    kind="link",
    labels=(LabelSpec(SAME, "#80cbc4", None, "two quotes in different articles report the same utterance"),),
    attributes=(AttributeSpec("similarity", "number", description="wording similarity 0-1 when proposed"),),
    color="#80cbc4",
    link_ends=(QUOTE,),
    description="Links between quotes of different outlets that report the same utterance.",
)

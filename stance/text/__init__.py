"""Text preparation: boilerplate labelling and sentence segmentation, offsets kept."""

from stance.text.clean import BODY, Block, CleanText, clean
from stance.text.segment import sentences, split_sentences

__all__ = ["BODY", "Block", "CleanText", "clean", "sentences", "split_sentences"]

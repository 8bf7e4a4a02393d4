"""The static explorer: a page per record, the source text with its facts, offline in ja and en."""

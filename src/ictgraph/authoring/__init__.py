"""Fact files as curators write them: YAML with line marks, checked records, dates, amounts, audit."""

"""The outline of a document, for people: headings, questions, word counts, listening time."""

"""The words narrator adds to an article ("Section 2 of 6", "List of 3 items"), in the article's language.

Announcements are spoken by the article's voice, so they are said in its
language: a German article's voice reading "Section 2 of 6" says "Section
zwei of sechs". Languages without a catalogue here are announced in English.
Numbers stay digits, which every engine reads in its own language; a count
of one takes the noun's own form ("eine Frage", not "eins Frage").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    """Every phrase the script builder announces, with ``{placeholders}`` for what varies."""

    section: str
    """"Section 2 of 6": the ``full`` announcement of a section."""
    subsection: str
    """Added after ``section`` below the article's top heading level."""
    heading: str
    subheading: str
    byline: str
    """"By {byline}", unless the byline already starts with ``by_word``."""
    by_word: str
    contents: str
    """"This article has {sections}:", before the spoken contents."""
    contents_entry: str
    """"Section 2", each entry of the spoken contents."""
    list: str
    nested_list: str
    end_of_list: str
    end_of_nested_list: str
    table: str
    columns: str
    image: str
    quote: str
    quote_from: str
    end_of_quote: str
    code: str
    code_skipped: str
    end_of_code: str
    faqs: str
    question: str
    answer: str
    one: dict[str, str]
    """A count of one with each noun: ``{"item": "1 item"}``."""
    many: dict[str, str]
    """Other counts: ``{"item": "{count} items"}``."""

    def count(self, number: int, noun: str) -> str:
        """ "1 item", "3 items"."""
        return self.one[noun] if number == 1 else self.many[noun].format(count=number)


ENGLISH = Phrases(
    section="Section {number} of {total}",
    subsection=", subsection",
    heading="Heading",
    subheading="Subheading",
    byline="By {byline}",
    by_word="by",
    contents="This article has {sections}:",
    contents_entry="Section {number}",
    list="List of {items}.",
    nested_list="Nested list of {items}.",
    end_of_list="End of list.",
    end_of_nested_list="End of nested list.",
    table="Table with {rows} and {columns}",
    columns="Columns: {names}.",
    image="Image: {text}",
    quote="Quote.",
    quote_from="Quote from {source}.",
    end_of_quote="End of quote.",
    code="Code block, {lines}.",
    code_skipped="Code block, {lines}, skipped.",
    end_of_code="End of code.",
    faqs="Frequently asked questions, {questions}.",
    question="Question {number}",
    answer="Answer:",
    one={
        "section": "1 section",
        "item": "1 item",
        "row": "1 row",
        "column": "1 column",
        "line": "1 line",
        "question": "1 question",
    },
    many={
        "section": "{count} sections",
        "item": "{count} items",
        "row": "{count} rows",
        "column": "{count} columns",
        "line": "{count} lines",
        "question": "{count} questions",
    },
)

_CATALOGUES = {
    "en": ENGLISH,
    "de": Phrases(
        section="Abschnitt {number} von {total}",
        subsection=", Unterabschnitt",
        heading="Überschrift",
        subheading="Unterüberschrift",
        byline="Von {byline}",
        by_word="von",
        contents="Dieser Artikel hat {sections}:",
        contents_entry="Abschnitt {number}",
        list="Liste mit {items}.",
        nested_list="Verschachtelte Liste mit {items}.",
        end_of_list="Ende der Liste.",
        end_of_nested_list="Ende der verschachtelten Liste.",
        table="Tabelle mit {rows} und {columns}",
        columns="Spalten: {names}.",
        image="Bild: {text}",
        quote="Zitat.",
        quote_from="Zitat von {source}.",
        end_of_quote="Ende des Zitats.",
        code="Codeblock, {lines}.",
        code_skipped="Codeblock, {lines}, übersprungen.",
        end_of_code="Ende des Codes.",
        faqs="Häufig gestellte Fragen, {questions}.",
        question="Frage {number}",
        answer="Antwort:",
        one={
            "section": "einen Abschnitt",
            "item": "einem Eintrag",
            "row": "einer Zeile",
            "column": "einer Spalte",
            "line": "eine Zeile",
            "question": "eine Frage",
        },
        many={
            "section": "{count} Abschnitte",
            "item": "{count} Einträgen",
            "row": "{count} Zeilen",
            "column": "{count} Spalten",
            "line": "{count} Zeilen",
            "question": "{count} Fragen",
        },
    ),
    "fr": Phrases(
        section="Section {number} sur {total}",
        subsection=", sous-section",
        heading="Titre",
        subheading="Sous-titre",
        byline="Par {byline}",
        by_word="par",
        contents="Cet article a {sections} :",
        contents_entry="Section {number}",
        list="Liste : {items}.",
        nested_list="Liste imbriquée : {items}.",
        end_of_list="Fin de la liste.",
        end_of_nested_list="Fin de la liste imbriquée.",
        table="Tableau : {rows}, {columns}",
        columns="Colonnes : {names}.",
        image="Image : {text}",
        quote="Citation.",
        quote_from="Citation de {source}.",
        end_of_quote="Fin de la citation.",
        code="Bloc de code, {lines}.",
        code_skipped="Bloc de code, {lines}, ignoré.",
        end_of_code="Fin du code.",
        faqs="Foire aux questions, {questions}.",
        question="Question {number}",
        answer="Réponse :",
        one={
            "section": "une section",
            "item": "un élément",
            "row": "une ligne",
            "column": "une colonne",
            "line": "une ligne",
            "question": "une question",
        },
        many={
            "section": "{count} sections",
            "item": "{count} éléments",
            "row": "{count} lignes",
            "column": "{count} colonnes",
            "line": "{count} lignes",
            "question": "{count} questions",
        },
    ),
    "es": Phrases(
        section="Sección {number} de {total}",
        subsection=", subsección",
        heading="Encabezado",
        subheading="Subencabezado",
        byline="Por {byline}",
        by_word="por",
        contents="Este artículo tiene {sections}:",
        contents_entry="Sección {number}",
        list="Lista de {items}.",
        nested_list="Lista anidada de {items}.",
        end_of_list="Fin de la lista.",
        end_of_nested_list="Fin de la lista anidada.",
        table="Tabla con {rows} y {columns}",
        columns="Columnas: {names}.",
        image="Imagen: {text}",
        quote="Cita.",
        quote_from="Cita de {source}.",
        end_of_quote="Fin de la cita.",
        code="Bloque de código, {lines}.",
        code_skipped="Bloque de código, {lines}, omitido.",
        end_of_code="Fin del código.",
        faqs="Preguntas frecuentes, {questions}.",
        question="Pregunta {number}",
        answer="Respuesta:",
        one={
            "section": "una sección",
            "item": "un elemento",
            "row": "una fila",
            "column": "una columna",
            "line": "una línea",
            "question": "una pregunta",
        },
        many={
            "section": "{count} secciones",
            "item": "{count} elementos",
            "row": "{count} filas",
            "column": "{count} columnas",
            "line": "{count} líneas",
            "question": "{count} preguntas",
        },
    ),
    "it": Phrases(
        section="Sezione {number} di {total}",
        subsection=", sottosezione",
        heading="Titolo",
        subheading="Sottotitolo",
        byline="Di {byline}",
        by_word="di",
        contents="Questo articolo ha {sections}:",
        contents_entry="Sezione {number}",
        list="Elenco di {items}.",
        nested_list="Elenco annidato di {items}.",
        end_of_list="Fine dell'elenco.",
        end_of_nested_list="Fine dell'elenco annidato.",
        table="Tabella con {rows} e {columns}",
        columns="Colonne: {names}.",
        image="Immagine: {text}",
        quote="Citazione.",
        quote_from="Citazione di {source}.",
        end_of_quote="Fine della citazione.",
        code="Blocco di codice, {lines}.",
        code_skipped="Blocco di codice, {lines}, saltato.",
        end_of_code="Fine del codice.",
        faqs="Domande frequenti, {questions}.",
        question="Domanda {number}",
        answer="Risposta:",
        one={
            "section": "una sezione",
            "item": "un elemento",
            "row": "una riga",
            "column": "una colonna",
            "line": "una riga",
            "question": "una domanda",
        },
        many={
            "section": "{count} sezioni",
            "item": "{count} elementi",
            "row": "{count} righe",
            "column": "{count} colonne",
            "line": "{count} righe",
            "question": "{count} domande",
        },
    ),
    "nl": Phrases(
        section="Sectie {number} van {total}",
        subsection=", subsectie",
        heading="Kop",
        subheading="Subkop",
        byline="Door {byline}",
        by_word="door",
        contents="Dit artikel heeft {sections}:",
        contents_entry="Sectie {number}",
        list="Lijst met {items}.",
        nested_list="Geneste lijst met {items}.",
        end_of_list="Einde van de lijst.",
        end_of_nested_list="Einde van de geneste lijst.",
        table="Tabel met {rows} en {columns}",
        columns="Kolommen: {names}.",
        image="Afbeelding: {text}",
        quote="Citaat.",
        quote_from="Citaat van {source}.",
        end_of_quote="Einde van het citaat.",
        code="Codeblok, {lines}.",
        code_skipped="Codeblok, {lines}, overgeslagen.",
        end_of_code="Einde van de code.",
        faqs="Veelgestelde vragen, {questions}.",
        question="Vraag {number}",
        answer="Antwoord:",
        one={
            "section": "één sectie",
            "item": "één item",
            "row": "één rij",
            "column": "één kolom",
            "line": "één regel",
            "question": "één vraag",
        },
        many={
            "section": "{count} secties",
            "item": "{count} items",
            "row": "{count} rijen",
            "column": "{count} kolommen",
            "line": "{count} regels",
            "question": "{count} vragen",
        },
    ),
    "pt": Phrases(
        section="Secção {number} de {total}",
        subsection=", subsecção",
        heading="Título",
        subheading="Subtítulo",
        byline="Por {byline}",
        by_word="por",
        contents="Este artigo tem {sections}:",
        contents_entry="Secção {number}",
        list="Lista de {items}.",
        nested_list="Lista aninhada de {items}.",
        end_of_list="Fim da lista.",
        end_of_nested_list="Fim da lista aninhada.",
        table="Tabela com {rows} e {columns}",
        columns="Colunas: {names}.",
        image="Imagem: {text}",
        quote="Citação.",
        quote_from="Citação de {source}.",
        end_of_quote="Fim da citação.",
        code="Bloco de código, {lines}.",
        code_skipped="Bloco de código, {lines}, ignorado.",
        end_of_code="Fim do código.",
        faqs="Perguntas frequentes, {questions}.",
        question="Pergunta {number}",
        answer="Resposta:",
        one={
            "section": "uma secção",
            "item": "um item",
            "row": "uma linha",
            "column": "uma coluna",
            "line": "uma linha",
            "question": "uma pergunta",
        },
        many={
            "section": "{count} secções",
            "item": "{count} itens",
            "row": "{count} linhas",
            "column": "{count} colunas",
            "line": "{count} linhas",
            "question": "{count} perguntas",
        },
    ),
}


def phrases_for(language: str) -> Phrases:
    """The catalogue for a BCP 47 tag (``de-AT`` -> German); English when there is none."""
    return _CATALOGUES.get(language.split("-")[0].lower(), ENGLISH)

"""The words narrator adds to an article ("Section 2 of 6", "List of 3 items"), in the article's language.

Announcements and the player's messages are spoken by the article's voice,
so they are said in its language: a German article's voice reading "Section
2 of 6" says "Section zwei of sechs". Languages without a catalogue here are
announced in English (and spoken by an English voice, see
:func:`phrases_language`).
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
    last_section: str
    """The player's answer to "next section" in the last one."""
    no_more_headings: str
    no_more_questions: str
    no_section: str
    """"There is no section {number}": a section number past the end."""
    paused: str
    playing: str
    rate: str
    """"Rate {rate} words per minute", after "faster" or "slower"."""
    resuming: str
    """"Resuming at {place}", where ``place`` is a section as :attr:`section` names it, then its heading."""
    resuming_at_start: str
    no_saved_position: str
    at_beginning: str
    """"Where am I" in the opening of an untitled article."""
    at_beginning_of: str
    """"Where am I" in the opening: "At the beginning: {title}"."""
    sentence: str
    """"Sentence {number} of {total}", after the section in "where am I"."""
    introduction: str
    """The name of the untitled text before the first heading, wherever sections are listed."""
    one: dict[str, str]
    """A count of one with each noun: ``{"item": "1 item"}``."""
    many: dict[str, str]
    """Other counts: ``{"item": "{count} items"}``."""
    colon: str = ": "
    """Between a cue and a heading: "Section 2 of 6: heading"."""

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
    last_section="This is the last section.",
    no_more_headings="No more headings.",
    no_more_questions="No more questions.",
    no_section="There is no section {number}.",
    paused="Paused.",
    playing="Playing.",
    rate="Rate {rate} words per minute.",
    resuming="Resuming at {place}.",
    resuming_at_start="Resuming at the beginning.",
    no_saved_position="No saved position for this article: starting at the beginning.",
    at_beginning="At the beginning.",
    at_beginning_of="At the beginning: {title}.",
    sentence="Sentence {number} of {total}.",
    introduction="Introduction",
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
        last_section="Das ist der letzte Abschnitt.",
        no_more_headings="Keine weiteren Überschriften.",
        no_more_questions="Keine weiteren Fragen.",
        no_section="Es gibt keinen Abschnitt {number}.",
        paused="Angehalten.",
        playing="Wiedergabe.",
        rate="Tempo {rate} Wörter pro Minute.",
        resuming="Weiter bei {place}.",
        resuming_at_start="Weiter am Anfang.",
        no_saved_position="Keine gespeicherte Position für diesen Artikel: Start am Anfang.",
        at_beginning="Am Anfang.",
        at_beginning_of="Am Anfang: {title}.",
        sentence="Satz {number} von {total}.",
        introduction="Einleitung",
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
        last_section="C'est la dernière section.",
        no_more_headings="Plus de titres.",
        no_more_questions="Plus de questions.",
        no_section="Il n'y a pas de section {number}.",
        paused="Pause.",
        playing="Lecture.",
        rate="Vitesse {rate} mots par minute.",
        resuming="Reprise à {place}.",
        resuming_at_start="Reprise au début.",
        no_saved_position="Aucune position enregistrée pour cet article : lecture depuis le début.",
        at_beginning="Au début.",
        at_beginning_of="Au début : {title}.",
        sentence="Phrase {number} sur {total}.",
        introduction="Introduction",
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
        colon=" : ",
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
        last_section="Esta es la última sección.",
        no_more_headings="No hay más encabezados.",
        no_more_questions="No hay más preguntas.",
        no_section="No hay sección {number}.",
        paused="En pausa.",
        playing="Reproduciendo.",
        rate="Velocidad {rate} palabras por minuto.",
        resuming="Reanudando en {place}.",
        resuming_at_start="Reanudando desde el principio.",
        no_saved_position="No hay posición guardada para este artículo: empezando desde el principio.",
        at_beginning="Al principio.",
        at_beginning_of="Al principio: {title}.",
        sentence="Frase {number} de {total}.",
        introduction="Introducción",
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
        last_section="Questa è l'ultima sezione.",
        no_more_headings="Non ci sono altri titoli.",
        no_more_questions="Non ci sono altre domande.",
        no_section="Non c'è la sezione {number}.",
        paused="In pausa.",
        playing="Riproduzione.",
        rate="Velocità {rate} parole al minuto.",
        resuming="Si riprende da {place}.",
        resuming_at_start="Si riprende dall'inizio.",
        no_saved_position="Nessuna posizione salvata per questo articolo: si parte dall'inizio.",
        at_beginning="All'inizio.",
        at_beginning_of="All'inizio: {title}.",
        sentence="Frase {number} di {total}.",
        introduction="Introduzione",
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
        last_section="Dit is de laatste sectie.",
        no_more_headings="Geen koppen meer.",
        no_more_questions="Geen vragen meer.",
        no_section="Er is geen sectie {number}.",
        paused="Gepauzeerd.",
        playing="Afspelen.",
        rate="Snelheid {rate} woorden per minuut.",
        resuming="Verder bij {place}.",
        resuming_at_start="Verder vanaf het begin.",
        no_saved_position="Geen opgeslagen positie voor dit artikel: begin bij het begin.",
        at_beginning="Aan het begin.",
        at_beginning_of="Aan het begin: {title}.",
        sentence="Zin {number} van {total}.",
        introduction="Inleiding",
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
        last_section="Esta é a última secção.",
        no_more_headings="Não há mais títulos.",
        no_more_questions="Não há mais perguntas.",
        no_section="Não existe a secção {number}.",
        paused="Em pausa.",
        playing="A reproduzir.",
        rate="Velocidade {rate} palavras por minuto.",
        resuming="A retomar em {place}.",
        resuming_at_start="A retomar do início.",
        no_saved_position="Nenhuma posição guardada para este artigo: a começar do início.",
        at_beginning="No início.",
        at_beginning_of="No início: {title}.",
        sentence="Frase {number} de {total}.",
        introduction="Introdução",
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
    "zh": Phrases(
        section="第{number}节，共{total}节",
        subsection="，小节",
        heading="标题",
        subheading="副标题",
        byline="作者：{byline}",
        by_word="作者",
        contents="本文共有{sections}：",
        contents_entry="第{number}节",
        list="列表，共{items}。",
        nested_list="嵌套列表，共{items}。",
        end_of_list="列表结束。",
        end_of_nested_list="嵌套列表结束。",
        table="表格，{rows}，{columns}",
        columns="各列：{names}。",
        image="图片：{text}",
        quote="引文。",
        quote_from="引自{source}。",
        end_of_quote="引文结束。",
        code="代码块，{lines}。",
        code_skipped="代码块，{lines}，已跳过。",
        end_of_code="代码结束。",
        faqs="常见问题，共{questions}。",
        question="问题{number}",
        answer="回答：",
        last_section="这是最后一节。",
        no_more_headings="没有更多标题了。",
        no_more_questions="没有更多问题了。",
        no_section="没有第{number}节。",
        paused="已暂停。",
        playing="继续播放。",
        rate="语速每分钟{rate}字。",
        resuming="从{place}继续。",
        resuming_at_start="从头继续。",
        no_saved_position="这篇文章没有保存的位置：从头开始。",
        at_beginning="在开头。",
        at_beginning_of="在开头：{title}。",
        sentence="第{number}句，共{total}句。",
        introduction="引言",
        one={
            "section": "1节",
            "item": "1项",
            "row": "1行",
            "column": "1列",
            "line": "1行",
            "question": "1个问题",
        },
        many={
            "section": "{count}节",
            "item": "{count}项",
            "row": "{count}行",
            "column": "{count}列",
            "line": "{count}行",
            "question": "{count}个问题",
        },
        colon="：",
    ),
    "ja": Phrases(
        section="セクション{number}、全{total}セクション",
        subsection="、サブセクション",
        heading="見出し",
        subheading="小見出し",
        byline="著者：{byline}",
        by_word="著者",
        contents="この記事には{sections}があります：",
        contents_entry="セクション{number}",
        list="{items}のリスト。",
        nested_list="{items}の入れ子のリスト。",
        end_of_list="リストの終わり。",
        end_of_nested_list="入れ子のリストの終わり。",
        table="{rows}、{columns}のテーブル",
        columns="列：{names}。",
        image="画像：{text}",
        quote="引用。",
        quote_from="{source}からの引用。",
        end_of_quote="引用の終わり。",
        code="コードブロック、{lines}。",
        code_skipped="コードブロック、{lines}、省略。",
        end_of_code="コードの終わり。",
        faqs="よくある質問、{questions}。",
        question="質問{number}",
        answer="答え：",
        last_section="これが最後のセクションです。",
        no_more_headings="これ以上見出しはありません。",
        no_more_questions="これ以上質問はありません。",
        no_section="セクション{number}はありません。",
        paused="一時停止。",
        playing="再生。",
        rate="速さ、毎分{rate}語。",
        resuming="{place}から再開します。",
        resuming_at_start="最初から再開します。",
        no_saved_position="この記事の保存された位置はありません：最初から始めます。",
        at_beginning="最初です。",
        at_beginning_of="最初：{title}。",
        sentence="{total}文のうち{number}番目の文。",
        introduction="はじめに",
        one={
            "section": "1セクション",
            "item": "1項目",
            "row": "1行",
            "column": "1列",
            "line": "1行",
            "question": "質問1件",
        },
        many={
            "section": "{count}セクション",
            "item": "{count}項目",
            "row": "{count}行",
            "column": "{count}列",
            "line": "{count}行",
            "question": "質問{count}件",
        },
        colon="：",
    ),
}


def phrases_for(language: str) -> Phrases:
    """The catalogue for a BCP 47 tag (``de-AT`` -> German); English when there is none."""
    return _CATALOGUES.get(language.split("-")[0].lower(), ENGLISH)


def phrases_language(language: str) -> str:
    """The language :func:`phrases_for` answers in: ``language`` itself when it has a catalogue (or is
    unknown, ``""``: then every voice is the default one), else ``en``."""
    return language if not language or language.split("-")[0].lower() in _CATALOGUES else "en"

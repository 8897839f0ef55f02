"""What each language's listener hears for the written forms of numbers, money, units, dates and symbols.

One table per language narrator has rules for, written form -> what ``narrate script`` shows (and any engine
is given). Most rows are taken from pages of ``../shared/corpus`` (the heise, forum and Svelte pages in German,
Le Monde in French, the Hogarmania recipe in Spanish, the SRE book, HTTP specs and release notes in English);
the others are the forms issue 12 names. A language without rules keeps its numbers as written.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.script.normalize import has_rules, normalize, split_sentences

ENGLISH = [
    ("It costs $22.6bn, and more", "It costs twenty-two point six billion dollars, and more"),
    ("a loss of $2.6bn over the year", "a loss of two point six billion dollars over the year"),
    ("achieve 100% utilization", "achieve one hundred percent utilization"),
    ("your 99th percentile response", "your ninety-ninth percentile response"),
    ("99.9% annual uptime", "ninety-nine point nine percent annual uptime"),
    ("latency is 50x the average", "latency is fifty times the average"),
    ("committed 22,134 changesets", "committed twenty-two thousand one hundred and thirty-four changesets"),
    ("the 2.8.x series", "the two point eight point x series"),
    ("Firefox 85 shipped", "Firefox eighty-five shipped"),
    ("around 09:30 and again at 18:00.", "around nine thirty and again at eighteen hundred."),
    ("since 9/11", "since September eleventh"),
    ("1/2 teaspoon of salt", "one half teaspoon of salt"),
    ("1 ½ cups of flour", "one and a half cups of flour"),
    ("2 1/4 cups", "two and a quarter cups"),
    ("¾ cup", "three quarters cup"),
    ("2 GB/s of bandwidth", "two gigabytes per second of bandwidth"),
    ("version 0.7.3", "version zero point seven point three"),
    ("1.5-2 inches", "one point five to two inches"),
    ("2x faster", "two times faster"),
    ("open 24/7", "open twenty-four seven"),
    ("call +1 (555) 123-4567", "call plus one, five five five, one two three, four five six seven"),
    ("ISBN 978-3-16-148410-0", "I.S.B.N nine seven eight, three, one six, one four eight four one zero, zero"),
    ("PMID: 31452104", "P.M.I.D: three one four five two one zero four"),
    ("doi:10.1038/s41586-020-2649-2 says", "D.O.I says"),
    ("key 3f2a9c1b7e4d5f60a1b2c3d4e5f60718", "key a long code"),
    ("commit 70f1236", "commit seven zero F one two three six"),
    ("Heat to 20°C", "Heat to twenty degrees Celsius"),
    ("Tide® and Tide® Pods", "Tide and Tide Pods"),
    ("as shown [10] here", "as shown here"),
    ("as shown.[12] Next", "as shown. Next"),
    ("e.g. apples", "for example apples"),
    ("at 5 p.m. today", "at five p m today"),
    ("on November 18, 2019", "on November eighteenth, twenty nineteen"),
    ("on 2020-01-14", "on January fourteenth, twenty twenty"),
    ("on 14/01/2020", "on January fourteenth, twenty twenty"),
    ("the 3rd of May", "the third of May"),
    ("60 km/h", "sixty kilometers per hour"),
    ("5 mm thick", "five millimeters thick"),
    ("weighs 3 kg", "weighs three kilograms"),
    ("10–20 %", "ten to twenty percent"),
    ("from 1990-1995", "from nineteen ninety to nineteen ninety-five"),
    ("in the 1990s", "in the nineteen nineties"),
    ("it fell to -7", "it fell to minus seven"),
    ("Dr. Smith said", "Doctor Smith said"),
    ("costs €3.50", "costs three euros and fifty cents"),
    ("£10m", "ten million pounds"),
    ("1,000,000 people", "one million people"),
    ("a 4.5:1 ratio", "a four point five to one ratio"),
    ("at 10:30 am", "at ten thirty a m"),
    ("H2O", "H two O"),
    ("MP3 players", "M.P three players"),
    ("a 1920x1080 screen", "a one thousand nine hundred and twenty by one thousand and eighty screen"),
    ("v2.1 released", "version two point one released"),
    ("pages 10–20", "pages ten to twenty"),
    ("in 2024", "in twenty twenty-four"),
    ("the 21st century", "the twenty-first century"),
    ("2/3 of them", "two thirds of them"),
    ("between 2020/21 and", "between twenty twenty to twenty-one and"),
    ("approx. 5 km", "approximately five kilometers"),
    (
        "an IBAN GB82 WEST 1234 5698 7654 32",
        "an IBAN G.B eight two, W.E.S.T, one two three four, five six nine eight, seven six five four, three two",
    ),
    ("phone 555-123-4567", "phone five five five, one two three, four five six seven"),
    ("Table 6-1 lists the causes", "Table six one lists the causes"),
    ("serving HTTP 500s or 404s", "serving H.T.T.P five hundreds or four hundred and fours"),
    ("web browser.[43][44][45] Firefox", "web browser. Firefox"),
    ("email alerts,22 and pages", "email alerts, and pages"),
    ("a range like {1..20}", "a range like one to twenty"),
    ("+5% and 100+ people", "plus five percent and one hundred plus people"),
    ("~20% of them", "about twenty percent of them"),
    ("open 9:00-17:00", "open nine o'clock to seventeen hundred"),
    ("call 1-800-555-1234", "call one, eight zero zero, five five five, one two three four"),
]

GERMAN = [
    ("15.000 Euro", "fünfzehntausend Euro"),
    ("um 12.30 Uhr", "um zwölf Uhr dreißig"),
    ("am 26. Oktober", "am sechsundzwanzigsten Oktober"),
    ("z. B. Äpfel", "zum Beispiel Äpfel"),
    ("bzw. Birnen", "beziehungsweise Birnen"),
    ("knapp 50 Euro im Mac App Store", "knapp fünfzig Euro im Mac App Store"),
    ("Version 5.3 seines bekannten", "Version fünf Punkt drei seines bekannten"),
    ("OS X 10.10 verfügbar", "OS X zehn Punkt zehn verfügbar"),
    ("1Password für Mac", "eins Password für Mac"),
    ("am 26/10/13, 03:48 pm", "am sechsundzwanzigsten Oktober dreizehn, fünfzehn Uhr achtundvierzig"),
    ("oder 2-3 Sätze", "oder zwei bis drei Sätze"),
    ("Beitrag #1", "Beitrag Nummer eins"),
    ("dem 3. Beitrag", "dem dritten Beitrag"),
    (
        "30.05.2014 23:07:56",
        "dreißigster Mai zweitausendvierzehn dreiundzwanzig Uhr sieben und sechsundfünfzig Sekunden",
    ),
    ("die ersten 3 Tage", "die ersten drei Tage"),
    ("im Jahr 2004", "im Jahr zweitausendvier"),
    ("des 20. Jahrhunderts", "des zwanzigsten Jahrhunderts"),
    ("Im 19. Jahrhundert", "Im neunzehnten Jahrhundert"),
    ("den 1990er-Jahren", "den neunzehnhundertneunziger-Jahren"),
    ("der 60er-Jahre", "der sechziger-Jahre"),
    ("das gesamte 20. Jahrhundert", "das gesamte zwanzigste Jahrhundert"),
    (
        "IBAN DE22 1005 0000 0190 0947 29",
        "IBAN D.E zwei zwei, eins null null fünf, null null null null, null eins neun null, null neun vier sieben,"
        " zwei neun",
    ),
    ("3,5 Prozent", "drei Komma fünf Prozent"),
    ("3,5 %", "drei Komma fünf Prozent"),
    ("10–20 %", "zehn bis zwanzig Prozent"),
    ("1,5 Mio. Euro", "eins Komma fünf Millionen Euro"),
    ("2,5 Mrd. €", "zwei Komma fünf Milliarden Euro"),
    ("12,50 €", "zwölf Euro und fünfzig Cent"),
    ("€ 12,50", "zwölf Euro und fünfzig Cent"),
    ("1 Euro", "ein Euro"),
    ("um 8 Uhr", "um acht Uhr"),
    ("um 1 Uhr", "um ein Uhr"),
    ("14.01.2020", "vierzehnter Januar zweitausendzwanzig"),
    ("2020-01-14", "vierzehnter Januar zweitausendzwanzig"),
    ("am 14.01.2020", "am vierzehnten Januar zweitausendzwanzig"),
    ("vom 3. bis 5. Mai", "vom dritten bis fünften Mai"),
    ("der 3. Oktober", "der dritte Oktober"),
    ("20°C", "zwanzig Grad Celsius"),
    ("−5 °C", "minus fünf Grad Celsius"),
    ("60 km/h", "sechzig Kilometer pro Stunde"),
    ("1,5 kg", "eins Komma fünf Kilogramm"),
    ("5 mm", "fünf Millimeter"),
    ("2 GB/s", "zwei Gigabyte pro Sekunde"),
    ("2x schneller", "zweimal schneller"),
    ("1 ½ Tassen", "eineinhalb Tassen"),
    ("2 ½ Stunden", "zweieinhalb Stunden"),
    ("½ Liter", "ein halber Liter"),
    ("1/4 Liter", "ein Viertel Liter"),
    ("½ Stunde", "eine halbe Stunde"),
    ("24/7 erreichbar", "vierundzwanzig sieben erreichbar"),
    ("0.7.3", "null Punkt sieben Punkt drei"),
    ("Nr. 5", "Nummer fünf"),
    ("ca. 20 Minuten", "circa zwanzig Minuten"),
    ("d. h. nie", "das heißt nie"),
    ("u. a. Berlin", "unter anderem Berlin"),
    ("usw. Dann", "und so weiter. Dann"),
    ("Dr. Müller", "Doktor Müller"),
    ("S. 12", "Seite zwölf"),
    ("Tel. +49 30 1234567", "Telefon plus vier neun, drei null, eins zwei drei vier fünf sechs sieben"),
    ("ISBN 978-3-16-148410-0", "ISBN neun sieben acht, drei, eins sechs, eins vier acht vier eins null, null"),
    ("§ 5", "Paragraf fünf"),
    ("1 Stunde", "eine Stunde"),
    ("1 Tag", "ein Tag"),
    ("1 Woche", "eine Woche"),
    ("21 Jahre", "einundzwanzig Jahre"),
    ("1.000.000 Einwohner", "eine Million Einwohner"),
    ("0,5 Liter", "null Komma fünf Liter"),
    ("Seit 1999", "Seit neunzehnhundertneunundneunzig"),
    ("1 Mal", "ein Mal"),
    ("von 9:00 bis 17:00 Uhr", "von neun Uhr bis siebzehn Uhr"),
    ("Fig® und Co™", "Fig und Co"),
    ("ein Sachgebiet wie zB PC", "ein Sachgebiet wie zum Beispiel PC"),
    ("vor dem 2. Weltkrieg", "vor dem zweiten Weltkrieg"),
    ("Bauten aus dem 20. Jahrhundert", "Bauten aus dem zwanzigsten Jahrhundert"),
    ("Kunst im 20. Jahrhundert", "Kunst im zwanzigsten Jahrhundert"),
    ("1 Mio. Euro", "eine Million Euro"),
    ("1 Mrd. €", "eine Milliarde Euro"),
    ("§ 5 Abs. 2 BGB", "Paragraf fünf Absatz zwei BGB"),
    ("Mo.–Fr. 9–17 Uhr", "Montag bis Freitag neun bis siebzehn Uhr"),
    ("2 EL Öl", "zwei Esslöffel Öl"),
    ("am 3.10. war", "am dritten Oktober war"),
    ("S. 5 ff.", "Seite fünf folgende"),
]

FRENCH = [
    ("le 04.05.2015 à 13h36", "le quatre mai deux mille quinze à treize heures trente-six"),
    ("majorité (438 contre 86", "majorité (quatre cent trente-huit contre quatre-vingt-six"),
    ("6h40", "six heures quarante"),
    ("le 14/01/2020", "le quatorze janvier deux mille vingt"),
    ("15 000 €", "quinze mille euros"),
    ("3,5 %", "trois virgule cinq pour cent"),
    ("1er janvier", "premier janvier"),
    ("la 2e fois", "la deuxième fois"),
    ("le XXe siècle", "le vingtième siècle"),
    ("12,50 €", "douze euros et cinquante centimes"),
    ("à 18h", "à dix-huit heures"),
    ("à 1h", "à une heure"),
    ("1/2 litre", "un demi litre"),
    ("p. ex. demain", "par exemple demain"),
    ("M. Dupont", "Monsieur Dupont"),
    ("20 °C", "vingt degrés Celsius"),
    ("60 km/h", "soixante kilomètres par heure"),
    ("2,5 Go", "deux virgule cinq gigaoctets"),
    ("10–20 %", "dix à vingt pour cent"),
    ("n° 5", "numéro cinq"),
    ("1,5 million d'euros", "un virgule cinq million d'euros"),
    ("le 1er mai 2019", "le premier mai deux mille dix-neuf"),
    ("0.7.3", "zéro point sept point trois"),
    ("24/7", "vingt-quatre heures sur vingt-quatre"),
    ("2x plus rapide", "deux fois plus rapide"),
    ("1 heure", "une heure"),
    ("21 heures", "vingt et une heures"),
    ("etc. Puis", "et cetera. Puis"),
    ("env. 20 km", "environ vingt kilomètres"),
    ("ouvert 24h/24 et 7j/7", "ouvert vingt-quatre heures sur vingt-quatre et sept jours sur sept"),
    ("2 c. à soupe d'huile", "deux cuillères à soupe d'huile"),
    ("1 M€ de budget", "un million d'euros de budget"),
]

SPANISH = [
    ("05 abr 2026", "cinco de abril de dos mil veintiséis"),
    ("en 20 minutos", "en veinte minutos"),
    ("240 gramos de arroz", "doscientos cuarenta gramos de arroz"),
    ("750 mililitros de caldo", "setecientos cincuenta mililitros de caldo"),
    ("1 cebolleta", "una cebolleta"),
    ("1 pimiento rojo", "un pimiento rojo"),
    ("4.000 recetas", "cuatro mil recetas"),
    ("(entre 50 y 100", "(entre cincuenta y cien"),
    ("para 4 personas", "para cuatro personas"),
    ("14/01/2020", "catorce de enero de dos mil veinte"),
    ("el 14 de enero de 2020", "el catorce de enero de dos mil veinte"),
    ("3,5 %", "tres coma cinco por ciento"),
    ("15.000 €", "quince mil euros"),
    ("12,50 €", "doce euros con cincuenta céntimos"),
    ("a las 10:30", "a las diez y treinta"),
    ("a la 1:15", "a la una y quince"),
    ("1ª vez", "primera vez"),
    ("2º piso", "segundo piso"),
    ("200 g de harina", "doscientos gramos de harina"),
    ("p. ej. hoy", "por ejemplo hoy"),
    ("Sr. García", "señor García"),
    ("10–20 %", "diez a veinte por ciento"),
    ("60 km/h", "sesenta kilómetros por hora"),
    ("20 °C", "veinte grados centígrados"),
    ("24/7", "veinticuatro siete"),
    ("2x más rápido", "dos veces más rápido"),
    ("etc. Luego", "etcétera. Luego"),
    ("0.7.3", "cero punto siete punto tres"),
    ("1 cucharada", "una cucharada"),
    ("el siglo XX", "el siglo veinte"),
    ("1/2 taza de leche", "media taza de leche"),
    ("½ kilo de arroz", "medio kilo de arroz"),
    ("1 M€", "un millón de euros"),
]

ITALIAN = [
    ("15.000 euro", "quindicimila euro"),
    ("il 14/01/2020", "il quattordici gennaio duemilaventi"),
    ("3,5 %", "tre virgola cinque per cento"),
    ("alle 10:30", "alle dieci e trenta"),
    ("1º gennaio", "primo gennaio"),
    ("ad es. domani", "ad esempio domani"),
    ("60 km/h", "sessanta chilometri all'ora"),
    ("1 ora", "una ora"),
    ("12,50 €", "dodici euro e cinquanta centesimi"),
    ("il 3 maggio 2019", "il tre maggio duemiladiciannove"),
    ("2x più veloce", "due volte più veloce"),
    ("1.500 persone", "millecinquecento persone"),
]

DUTCH = [
    ("15.000 euro", "vijftienduizend euro"),
    ("14-01-2020", "veertien januari tweeduizendtwintig"),
    ("3,5 %", "drie komma vijf procent"),
    ("om 10:30", "om tien uur dertig"),
    ("1 ½ kopje", "anderhalf kopje"),
    ("1e plaats", "eerste plaats"),
    ("bijv. morgen", "bijvoorbeeld morgen"),
    ("60 km/h", "zestig kilometer per uur"),
    ("12,50 €", "twaalf euro en vijftig cent"),
    ("2x sneller", "twee keer sneller"),
]

PORTUGUESE = [
    ("15.000 €", "quinze mil euros"),
    ("14/01/2020", "catorze de janeiro de dois mil e vinte"),
    ("3,5 %", "três vírgula cinco por cento"),
    ("às 10h30", "às dez horas e trinta"),
    ("1ª vez", "primeira vez"),
    ("p. ex. amanhã", "por exemplo amanhã"),
    ("60 km/h", "sessenta quilômetros por hora"),
    ("1 hora", "uma hora"),
    ("2 colheres", "duas colheres"),
    ("R$ 12,50", "doze reais e cinquenta centavos"),
]

TABLES = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH, "es": SPANISH, "it": ITALIAN, "nl": DUTCH, "pt": PORTUGUESE}


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [(language, written, spoken) for language, table in TABLES.items() for written, spoken in table],
)
def test_written_form_is_said_in_the_language(language: str, written: str, spoken: str) -> None:
    assert normalize(written, language) == spoken


def test_the_tables_cover_each_language() -> None:
    sizes = {language: len(table) for language, table in TABLES.items()}
    assert sizes["en"] >= 40 and sizes["de"] >= 40 and sizes["fr"] >= 15 and sizes["es"] >= 15
    assert min(sizes.values()) >= 10


@pytest.mark.parametrize("language", ["de-AT", "fr-CA", "es-MX", "pt-BR", "it-CH"])
def test_a_region_tag_uses_its_language(language: str) -> None:
    assert not re.search(r"\d", normalize("3,5 % und 15.000 € am 14.01.2020", language))


def test_british_dates_put_the_day_first() -> None:
    assert normalize("on 4/7/2020", "en-GB") == "on July fourth, twenty twenty"
    assert normalize("on 4/7/2020", "en-US") == "on April seventh, twenty twenty"


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("ru", "15.000 рублей, 12.30, 26. октября, 1/2"),
        ("he", "15,000 ₪ ב-12:30"),
        ("ja", "2020年1月14日、15,000円"),
        ("ar", "15.000 يورو"),
    ],
)
def test_a_language_without_rules_keeps_its_numbers(language: str, written: str) -> None:
    assert not has_rules(language)
    assert normalize(written, language) == written


def test_an_article_in_a_language_without_rules_is_not_half_converted() -> None:
    """The bug of issue 12: English rules on German text made "15.000 Euro" "eins5.000 Euro"."""
    assert normalize("15.000 Euro", "sv") == "15.000 Euro"
    assert normalize("15.000 Euro", "de") == "fünfzehntausend Euro"


def test_german_dates_and_abbreviations_do_not_end_sentences() -> None:
    text = normalize("Am 26. Oktober kam z. B. Dr. Müller bzw. sein Team usw. Dann ging es los.", "de")
    assert split_sentences(text) == [
        "Am sechsundzwanzigsten Oktober kam zum Beispiel Doktor Müller beziehungsweise sein Team und so weiter.",
        "Dann ging es los.",
    ]


def test_a_short_abbreviation_without_vowels_does_not_end_a_sentence() -> None:
    text = normalize("Bitte keine kpl. Beiträge zitieren. Danke.", "de")
    assert split_sentences(text) == ["Bitte keine kpl. Beiträge zitieren.", "Danke."]


def test_p_m_ends_a_sentence_only_where_the_sentence_ends() -> None:
    text = normalize("He left at 5 p.m. Then he came back at 10:30 a.m. and slept.", "en")
    assert split_sentences(text) == ["He left at five p m.", "Then he came back at ten thirty a m and slept."]


def test_english_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = normalize("We met Dr. Smith, e.g. at 5 p.m. on Monday, with J. R. R. Tolkien etc. Then we left.", "en")
    assert split_sentences(text) == [
        "We met Doctor Smith, for example at five p m on Monday, with J. R. R. Tolkien et cetera.",
        "Then we left.",
    ]


NUMBERS = {
    "en": lambda n, f: f"{n:,}" + (f".{f}" if f else ""),
    "de": lambda n, f: f"{n:,}".replace(",", ".") + (f",{f}" if f else ""),
    "fr": lambda n, f: f"{n:,}".replace(",", "\u202f") + (f",{f}" if f else ""),
    "es": lambda n, f: f"{n:,}".replace(",", ".") + (f",{f}" if f else ""),
}


@settings(deadline=None)  # the first example compiles a language's rules; the machine may be loaded
@given(
    language=st.sampled_from(sorted(NUMBERS)),
    number=st.integers(min_value=0, max_value=10**12),
    fraction=st.one_of(st.just(""), st.from_regex(r"\A[0-9]{1,3}\Z")),
    after=st.sampled_from(["", " %", " €", " km", " Uhr", ".", " people"]),
)
def test_any_number_in_the_language_notation_is_said_in_words(
    language: str, number: int, fraction: str, after: str
) -> None:
    written = f"about {NUMBERS[language](number, fraction)}{after} here"
    spoken = normalize(written, language)
    assert not re.search(r"\d", spoken), (written, spoken)

"""Code, formulas and markup as a listener hears them, through ``narrate script`` on small real-shaped inputs.

Code blocks are announced with their language and length and skipped unless
``--read-code``; inline code is read with the symbols that carry its meaning
named; MDX statements, lint comments and leftover Markdown are never spoken;
Hugo shortcodes inside a sentence are read by name; formulas are read from
their TeX or said as "formula". The corpus test checks every real page for
markup characters in what is said.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner
from narrate import narrate

from narrator.cli import cli
from narrator.script.code import language_name
from narrator.script.formula import spoken_formula
from narrator.script.phrases import ENGLISH, phrases_for


def spoken(path: Path, *options: str) -> list[str]:
    """The texts ``narrate script --json`` says for ``path``, announcements included, in order."""
    result = CliRunner().invoke(cli, ["script", str(path), "--json", *options])
    assert result.exit_code == 0, result.output
    return [item["text"] for item in json.loads(result.output) if item["kind"] in ("announcement", "text")]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


MDX = """\
    ---
    title: Using the `<Note>` component
    ---

    import Note from '../_component/note.jsx'
    import { Tabs, TabItem } from "@site/src/tabs";

    export const meta = { section: "guides" }

    {/* lint disable maximum-line-length */}

    ## Notes

    <!-- markdownlint-disable MD033 -->

    Wrap text in `<Note>` and close it with `</$tag>`; an empty object is `{ }`. See [§ Contribute][contribute].

    <Note>
    **Note**: the component renders _italic_ and *starred* text. {/* prettier-ignore */}
    ## A heading left as text _
    </Note>

    Read on.
    """


def test_mdx_statements_comments_and_leftover_markdown_are_never_spoken(tmp_path: Path) -> None:
    said = spoken(write(tmp_path, "guide.mdx", MDX))
    joined = " | ".join(said)
    for never in ("import", "export", "jsx", "lint", "prettier", "markdownlint", "**", "`", "[", "_italic_", "*"):
        assert never not in joined
    assert said[0] == "Using the less than Note greater than component"
    assert "Note: the component renders italic and starred text." in said
    assert "A heading left as text" in said
    (reference,) = [text for text in said if text.startswith("See ")]
    assert reference.endswith(" Contribute.") and "contribute" not in reference  # the words, not the reference
    assert said[-1] == "Read on."


def test_inline_code_names_the_symbols_that_carry_its_meaning(tmp_path: Path) -> None:
    said = spoken(write(tmp_path, "guide.mdx", MDX))
    assert (
        "Wrap text in less than Note greater than and close it with less than /$tag greater than;"
        " an empty object is open brace close brace." in said
    )


def test_exported_chapters_and_title_show_headings_without_code_marks(tmp_path: Path) -> None:
    """The real command and encoder: chapter titles are shown, not said, so they keep the code but lose the marks."""
    from mutagen.id3 import ID3

    source = write(tmp_path, "cfg.md", "# The `cfg` guide\n\n## Checking `#[cfg]`\n\nIt checks `{ }`.\n")
    run = narrate("export", source, "--mp3", "-o", tmp_path / "cfg.mp3", "-q")
    assert run.status == 0, run.stderr
    tags = ID3(tmp_path / "cfg.mp3")
    assert str(tags["TIT2"]) == "The cfg guide"
    assert [str(chap.sub_frames["TIT2"]) for chap in tags.getall("CHAP")] == ["Checking #[cfg]"]


CODE = """\
    # Greeting

    Define it:

    ```python
    def hello(name):
        return {"greeting": f"Hello {name}"}
    ```

    Then call it.
    """


def test_code_block_is_announced_with_language_and_length_and_skipped(tmp_path: Path) -> None:
    assert spoken(write(tmp_path, "code.md", CODE)) == [
        "Greeting",
        "Define it:",
        "Code, Python, 2 lines.",
        "Then call it.",
    ]


def test_read_code_reads_each_line_with_its_brackets_named(tmp_path: Path) -> None:
    said = spoken(write(tmp_path, "code.md", CODE), "--read-code")
    assert said == [
        "Greeting",
        "Define it:",
        "Code, Python, 2 lines.",
        "def hello(name):",
        'return open brace "greeting": f"Hello open brace name close brace " close brace',
        "End of code.",
        "Then call it.",
    ]


def test_code_announcements_follow_the_article_language(tmp_path: Path) -> None:
    article = "---\nlang: de\n---\n\n" + dedent(CODE).replace("# Greeting", "# Gruß").replace(
        "Define it:", "Mit `{ }`:"
    )
    said = spoken(write(tmp_path, "code.md", article))
    assert said[1:3] == ["Mit geschweifte Klammer auf geschweifte Klammer zu:", "Code, Python, 2 Zeilen."]


def test_hugo_shortcodes_inside_a_sentence_are_read_by_name(tmp_path: Path) -> None:
    page = """\
        # Links

        Use the notation {{< ref "guides/first-steps.md" >}} for pages.
        Otherwise use the notation `{{%/* relref "x" */%}}`.
        This is {{< new-in 0.153.0 />}} behaviour, see [the guide]({{< ref "guide" >}}).

        {{% note %}}
        Shortcodes that wrap text are read by their content.
        {{% /note %}}
        """
    said = spoken(write(tmp_path, "hugo.md", page))
    assert said[1] == "Use the notation ref first steps for pages."
    assert said[2] == ('Otherwise use the notation open brace open brace % relref "x" % close brace close brace.')
    assert said[3].startswith("This is new in zero point") and said[3].endswith("behaviour, see the guide.")
    assert said[4] == "Shortcodes that wrap text are read by their content."


def test_admonitions_and_figures_are_read_by_what_they_say(tmp_path: Path) -> None:
    page = """\
        # Sandboxing

        :::info Renderers
        Renderers are sandboxed by default.
        :::

        ::: {.warning}
        Do not disable it.
        :::

        {{< figure src="/sandbox.png" alt="The sandbox" caption="Processes and their limits" >}}

        Done.
        """
    assert spoken(write(tmp_path, "docs.md", page))[1:] == [
        "Info: Renderers.",
        "Renderers are sandboxed by default.",
        "Warning: Do not disable it.",
        "Image: The sandbox",
        "Processes and their limits",
        "Done.",
    ]


RFC = """\
    <!DOCTYPE html><html lang="en"><head><title>Storage</title></head><body><pre>
    1. Introduction

       Many apps and services today store user data (for example, photos
       and notes) on a server the app's developer runs. This document
       describes a protocol (HTTP/1.1, see [HTTP]) that lets the user choose
       where such data is kept; a request is "GET /storage/", as below.
    </pre><pre>
    SELECT status_code, avg(entries) AS mean
    FROM server_log_summary
    WHERE period > now() - interval '1 hour'
    GROUP BY status_code;
    </pre></body></html>
    """


def test_preformatted_prose_is_read_and_preformatted_code_is_announced(tmp_path: Path) -> None:
    said = spoken(write(tmp_path, "rfc.html", RFC))
    assert "Many apps and services today store user data (for example, photos and notes) on a server" in " ".join(said)
    assert said[-1] == "Code, 4 lines."


WIKIPEDIA = """\
    <!DOCTYPE html><html lang="en"><head><title>Bayes' theorem - Wikipedia</title></head><body><main>
    <h1>Bayes' theorem</h1>
    <p>The theorem gives the conditional probability, <span class="mwe-math-element"><span
    class="mwe-math-mathml-inline mwe-math-mathml-a11y" style="display: none;"><math
    xmlns="http://www.w3.org/1998/Math/MathML" alttext="{\\displaystyle P(A\\mid B)}"><semantics><mrow><mi>P</mi>
    <mo>(</mo><mi>A</mi><mo>∣</mo><mi>B</mi><mo>)</mo></mrow></semantics></math></span><img
    src="https://wikimedia.org/api/rest_v1/media/math/render/svg/1" class="mwe-math-fallback-image-inline"
    aria-hidden="true" alt="{\\displaystyle P(A\\mid B)}"></span>, that event A occurs given that B is true.</p>
    </main></body></html>
    """
KATEX = """\
    <!DOCTYPE html><html lang="en"><head><title>Variance</title></head><body><article><h1>Variance</h1>
    <p>The variance is <span class="katex"><span class="katex-mathml"><math><semantics><mrow><msup><mi>σ</mi>
    <mn>2</mn></msup></mrow><annotation encoding="application/x-tex">\\sigma^2 = \\frac{1}{n}</annotation>
    </semantics></math></span><span class="katex-html" aria-hidden="true">σ2=1n</span></span> in total,
    and <math><mfrac><mi>a</mi><mi>b</mi></mfrac></math> is a ratio.</p>
    </article></body></html>
    """


def test_formula_is_read_from_its_mathml_alttext(tmp_path: Path) -> None:
    said = spoken(write(tmp_path, "bayes.html", WIKIPEDIA))
    assert (
        "The theorem gives the conditional probability, P(A given B), that event A occurs given that B is true." in said
    )


def test_formula_is_read_from_its_tex_annotation_or_announced(tmp_path: Path) -> None:
    said = spoken(write(tmp_path, "variance.html", KATEX))
    assert "The variance is σ squared equals one over n in total, and formula is a ratio." in said


def test_markdown_math_is_read_and_dollar_amounts_are_not_math(tmp_path: Path) -> None:
    page = """\
        # Energy

        Mass and energy: $E = mc^2$, so it costs $5 and $10 in $HOME.

        $$
        \\int_0^1 x\\,dx = \\frac{1}{2}
        $$

        ```math
        a^2 + b^2 = c^2
        ```
        """
    mass, integral, pythagoras = spoken(write(tmp_path, "energy.md", page))[1:]
    assert mass.startswith("Mass and energy: E equals mc squared, so it costs ") and mass.endswith(" in $HOME.")
    assert (integral, pythagoras) == (
        "∫ from zero to one x dx equals one over two",
        "a squared plus b squared equals c squared",
    )


def test_mathjax_formula_is_read_once_from_its_tex(tmp_path: Path) -> None:
    page = """\
        <!DOCTYPE html><html lang="en"><head><title>Squares</title></head><body><article><h1>Squares</h1>
        <p>The square <span class="MathJax_Preview" style="display:none"></span><span class="MathJax"
        id="MathJax-Element-1-Frame"><nobr aria-hidden="true"><span class="math"><span class="mi">x</span><span
        class="mn">2</span></span></nobr><span class="MJX_Assistive_MathML"><math><msup><mi>x</mi><mn>2</mn></msup>
        </math></span></span><script type="math/tex" id="MathJax-Element-1">x^2</script> grows fast.</p>
        </article></body></html>
        """
    assert spoken(write(tmp_path, "squares.html", page)) == ["Squares", "The square x squared grows fast."]


@pytest.mark.parametrize(
    ("tex", "words"),
    [
        (r"{\displaystyle P(A\mid B)}", "P(A given B)"),
        (r"\frac{a+b}{2}", "a+b over two"),
        (r"e^{i\pi} + 1 = 0", "e to the power of i π + one = zero"),
        (r"x_{i}^{3}", "x sub i cubed"),
        (r"\sqrt{x} \leq \infty", "√ x ≤ ∞"),
        (r"\mathrm{d}x \to \alpha", "d x → α"),
        (r"a < b", "a less than b"),
        (r"\left( -x \right)", "( − x )"),
        (r"2x \times 1", "two x times one"),
        (r"\sum_{i=1}^{n} x_i", "∑ from i = one to n x sub i"),
        (r"\int_0^\infty f", "∫ from zero to ∞ f"),
        (r"\int f(x)", "∫ f(x)"),
        (r"x \in \mathbb{R}", "x in R"),
        (r"\operatorname{Var}(X)", "Var (X)"),
        ("", "formula"),
        (r"\,\;", "formula"),
    ],
)
def test_tex_in_words(tex: str, words: str) -> None:
    assert spoken_formula(tex, ENGLISH).strip() == words


@pytest.mark.parametrize("tex", ["\\frac" * 10_000, "{" * 10_000, "\\sqrt" * 5_000 + "x", "_{" * 5_000, "^" * 10_000])
def test_pathological_tex_is_read_without_error(tex: str) -> None:
    """Nesting past 50 levels is dropped rather than followed, so no formula exhausts Python's recursion limit."""
    assert spoken_formula(tex, ENGLISH).strip()


def test_formula_words_come_from_the_catalogue() -> None:
    assert spoken_formula(r"\frac{a}{b}^2 \cdot 2x", phrases_for("de"), "de").strip() == "a durch b Quadrat mal zwei x"


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("py", "Python"),
        ("language-js", "JavaScript"),
        ("rust,ignore", "Rust"),
        ("text {file=x}", ""),
        ("go-html-template", "Go html template"),
        ("{}", ""),
    ],
)
def test_language_names(tag: str, name: str) -> None:
    assert language_name(tag) == name


MARKUP = re.compile(
    r"`"  # a backtick
    r"|\*\*"  # strong emphasis
    r"|\{\{[<%]|[>%]\}\}"  # a Hugo shortcode
    r"|</|/\*|\*/"  # a closing tag, a comment
    r"|\[[^\[\]]+\]\[[^\[\]]*\]|\[[^\[\]]+\]\([^()\s]+\)"  # a Markdown link left as written
    r"|\\[(\[]|\\[a-z]+\{"  # TeX
)


@pytest.mark.corpus
def test_no_markup_is_said_on_any_corpus_page(corpus: Path) -> None:
    """``narrate script`` on every corpus page: no item says markup characters; code and formulas are announced."""
    inputs = sorted(corpus.glob("html/*/source.html")) + sorted(corpus.glob("md/*.md"))
    assert len(inputs) >= 40
    leaks = []
    announced = 0
    for path in inputs:
        for options in ((), ("--read-code",)):
            said = spoken(path, *options)
            leaks += [f"{path.parent.name}/{path.name}: {text[:160]!r}" for text in said if MARKUP.search(text)]
            announced += sum(text.startswith("Code, ") for text in said)
    assert leaks == []
    assert announced > 100


@pytest.mark.parametrize(
    "leak", ["`x`", "**Note**", "{{< ref >}}", "</a>", "/* lint */", "[a][b]", "[a](b)", "\\(x\\)"]
)
def test_the_markup_check_recognises_markup(leak: str) -> None:
    assert MARKUP.search(leak)

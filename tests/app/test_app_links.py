"""Shared links with filter values the sidebar's widgets do not list (AppTest, real slice, real
model): authority, kind and mode values read as tolerantly as `isearch` reads its options, and
each value that cannot be used named in one warning line instead of silently dropped."""
from __future__ import annotations

from apptest_support import ask

from search import Filters
from search.cli import main as isearch


def chips(at) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("chip-")]


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_a_lower_case_authority_in_a_link_filters_as_the_cli_does(make_app, small_index, small_index_dir, capsys):
    at = make_app(q="agency staff", authority="tameside", mode="Keyword", kind="focused").run()
    assert not at.exception and warnings(at) == []
    assert at.multiselect(key="authority").value == ["Tameside"]
    assert at.multiselect(key="kind").value == ["focused visit"] and at.radio(key="mode").value == "keyword"
    assert chips(at) == ["Authority: Tameside ✕", "Kind: focused visit ✕"]
    expected = small_index.ask("agency staff", filters=Filters.parse(authority="tameside", kind="focused"),
                               mode="keyword")
    cards = [h.value for h in at.html if 'class="is-card' in h.value]
    assert expected.hits and len(cards) == len(expected.hits) and all("Tameside ·" in card for card in cards)
    # the CLI takes the same spelling and finds the same passages
    assert isearch(["query", "agency staff", "--authority", "tameside", "--kind", "focused", "--mode", "keyword",
                    "--index-dir", str(small_index_dir), "--json"]) == 0
    assert '"authority": "Tameside"' in capsys.readouterr().out


def test_values_a_link_cannot_use_are_named_in_one_warning(make_app, small_index):
    at = make_app(q="agency staff", authority=["Atlantis", "Merton"], years="2030", k="9999", mode="foo").run()
    assert not at.exception
    [line] = warnings(at)
    assert "\n" not in line
    for named in ("authority 'Atlantis'", "years '2030'", "k '9999'", "mode 'foo'"):
        assert named.replace("'", "\\'") in line or named in line, (named, line)
    assert "Merton" not in line  # a usable value is used, not named
    assert at.multiselect(key="authority").value == ["Merton"] and chips(at) == ["Authority: Merton ✕"]
    assert at.slider(key="k").value == 10 and at.radio(key="mode").value == "hybrid"
    assert at.slider(key="years").value == (2019, 2022)  # the slice's span: the whole range
    ask(at, "children in care")  # a new question, same filters: the line stays
    assert len(warnings(at)) == 1
    at.multiselect(key="authority").set_value([]).run()  # the filters changed: the link's line goes
    assert warnings(at) == []


def test_a_clean_link_has_no_warning(make_app):
    at = make_app(q="children in care", authority="Tameside", mode="keyword", k="3", years=["2019", "2020"]).run()
    assert not at.exception and warnings(at) == []
    assert at.slider(key="years").value == (2019, 2020) and at.slider(key="k").value == 3


def test_read_link_maps_as_the_cli_and_names_the_rest():
    from app import MODES
    from webapp.link_params import LinkOptions, correction_line, read_link, warning_line

    options = LinkOptions(["Merton", "Tameside"], ["focused visit"], ["good", "requires improvement"], MODES, (2019, 2022), 50)
    state, ignored, corrected = read_link({"authority": ["Tameside Metropolitan Borough Council", "Narnia"],
                                           "years": ["2020"], "mode": ["dense"], "judgement": ["RI", "brilliant"],
                                           "k": ["0"]}, options)
    assert state["authority"] == ["Tameside"] and state["years"] == (2020, 2020) and state["mode"] == "semantic"
    assert state["judgement"] == ["requires improvement"] and "kind" not in state and "k" not in state
    assert ignored == ["authority 'Narnia' (no letters for it in this index)", "judgement 'brilliant' (not a judgement)",
                       "k '0' (passages to show: 1 to 50)"]
    assert corrected == []
    assert warning_line(ignored).startswith("Ignored from this link: authority 'Narnia'") and warning_line([]) == ""
    # a misspelt council with letters here is read as it; one without is named, not used
    state, ignored, corrected = read_link({"authority": ["tamesid", "Barnsly", "Merton"]}, options)
    assert state["authority"] == ["Tameside", "Merton"]
    assert [(c.typed, c.council) for c in corrected] == [("tamesid", "Tameside")]
    assert ignored == ["authority 'Barnsly' (no council called that; Barnsley, the one it is close to, "
                       "has no letters in this index)"]
    assert correction_line(corrected) == 'Showing results for Tameside (the link says "tamesid").'


def test_a_link_is_rewritten_with_the_values_it_was_read_with(make_app):
    """The address bar keeps every value the app applied, as its own links write it (before: a value
    the widget does not list, "tameside", "BCP", was applied but dropped from the URL)."""
    from urllib.parse import urlencode

    from webapp.markup import link

    for typed, council in (("tameside", "Tameside"), ("BCP", "Bournemouth, Christchurch and Poole"),
                           ("Tameside", "Tameside")):
        at = make_app(q="care leavers", authority=typed).run()
        assert not at.exception and warnings(at) == []
        assert at.multiselect(key="authority").value == [council]
        assert at.query_params == {"q": "care leavers", "authority": council}, typed
        assert link({"authority": [council]}) == "?" + urlencode({"authority": council})  # the app's own links
    at = make_app(q="agency staff", authority=["tameside", "Merton", "Atlantis"], kind="focused", mode="dense").run()
    assert at.multiselect(key="authority").value == ["Tameside", "Merton"]  # was ["Merton"]: tameside lost
    assert at.query_params == {"q": "agency staff", "authority": ["Tameside", "Merton"], "kind": "focused visit",
                               "mode": "semantic"}
    assert len(warnings(at)) == 1 and "Atlantis" in warnings(at)[0]

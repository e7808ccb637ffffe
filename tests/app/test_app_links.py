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


def card_dates(at) -> list[str]:
    """The ISO dates of the passage cards' letters, read from their letter links' document ids."""
    import re

    return [re.search(r"doc=[a-z-]+-(\d{4}-\d{2}-\d{2})", h.value).group(1)
            for h in at.html if 'class="is-card' in h.value and re.search(r"doc=[a-z-]+-\d{4}-\d{2}-\d{2}", h.value)]


def test_since_and_until_in_a_link_filter_as_the_cli_does(make_app, small_index):
    """Before: since= and until= were ignored in silence (only years= was read): this link showed
    2019 and 2020 letters. Now they filter as `isearch --since/--until` do, exact to the month, the
    years slider shows their years and a chip says the dates."""
    at = make_app(q="children in care", since="2021-06", until="2022-06").run()
    assert not at.exception and warnings(at) == []
    assert at.slider(key="years").value == (2021, 2022)
    assert chips(at) == ["Dates: June 2021 to June 2022 ✕"]
    expected = small_index.ask("children in care", filters=Filters.parse(since="2021-06", until="2022-06"))
    dates = card_dates(at)
    assert len(dates) == len(expected.hits) > 0
    assert all("2021-06-01" <= d <= "2022-06-30" for d in dates), dates
    # the year filter alone would let in July 2022's letters (Westminster, Barnsley): the month counts
    assert {h.doc_id for h in small_index.ask("children in care", filters=Filters.parse(since="2021", until="2022")).hits
            } - {h.doc_id for h in expected.hits}
    assert at.query_params["since"] == "2021-06" and at.query_params["until"] == "2022-06"
    # moving the slider's start off 2021 drops since (from the URL too); until stays
    at.slider(key="years").set_value((2020, 2022)).run()
    assert "since" not in at.query_params and at.query_params["until"] == "2022-06"
    assert chips(at) == ["Dates: 2020 to June 2022 ✕"] and max(card_dates(at)) <= "2022-06-30"
    # the chip's ✕ clears the dates and the years
    at.button(key="chip-0").click().run()
    assert chips(at) == [] and "until" not in at.query_params


def test_bad_since_or_until_in_a_link_is_one_warning_line(make_app):
    for params, named in (({"since": "2021-13"}, "since '2021-13' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
                          ({"until": "June"}, "until 'June' (use YYYY, YYYY-MM or YYYY-MM-DD)"),
                          ({"since": "2022", "until": "2020"}, "since '2022' (after until '2020')"),
                          ({"since": "2030"}, "since '2030' (letters here are from 2019 to 2022)")):
        at = make_app(q="children in care", **params).run()
        assert not at.exception, params
        [line] = warnings(at)
        assert line.replace("\\", "") == f"Ignored from this link: {named}.", line  # (markdown-escaped)
        assert at.slider(key="years").value == (2019, 2022) and chips(at) == []

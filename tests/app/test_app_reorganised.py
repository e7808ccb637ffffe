"""The app's answer says in one line when it quotes a successor's letter for the council asked
about (AppTest on the real slice plus Cumbria's, Cumberland's and Westmorland and Furness's letters)."""
from __future__ import annotations

from apptest_support import ask


def test_the_answer_for_cumbria_says_it_quotes_cumberland(make_app, reorg_index):
    at = ask(make_app(reorg_index.folder).run(), "Has Cumbria ever been rated outstanding?")
    [answer] = [h.value for h in at.html if 'class="is-answer' in h.value]
    note = ('<p class="is-note">Cumbria County Council was replaced by Cumberland and Westmorland and Furness in '
            'April 2023: this answer quotes Cumberland&#x27;s letter.</p>')
    assert note in answer
    assert answer.index(note) < answer.index("Overall effectiveness")  # above the quoted sentences

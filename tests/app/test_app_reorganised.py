"""The app's answer says in one line when it quotes a successor's letter for the council asked
about (AppTest on the real slice plus Cumbria's, Cumberland's and Westmorland and Furness's letters)."""
from __future__ import annotations

from apptest_support import ask


def test_the_answer_for_cumbria_says_it_quotes_cumberland(make_app, reorg_index):
    at = ask(make_app(reorg_index.folder).run(), "How was Cumbria graded?")
    [answer] = [h.value for h in at.html if 'class="is-answer' in h.value]
    note = ('<p class="is-note">Cumbria County Council was replaced by Cumberland and Westmorland and Furness in '
            'April 2023: this answer quotes Cumberland&#x27;s letter.</p>')
    assert note in answer
    assert answer.index(note) < answer.index("Overall effectiveness")  # above the quoted sentences


def test_cumbrias_history_is_answered_from_its_own_letters_without_the_note(make_app, reorg_index):
    """"Has Cumbria ever been rated outstanding?" showed the note and Cumberland's 2024 grade only;
    Cumbria's own letters state its grades (three inadequate, then requires improvement)."""
    at = ask(make_app(reorg_index.folder).run(), "Has Cumbria ever been rated outstanding?")
    [answer] = [h.value for h in at.html if 'class="is-answer' in h.value]
    assert "is-note" not in answer and "Cumberland" not in answer
    assert "after receiving three inadequate Ofsted grades in the past three inspections" in answer

"""Calibrating the /ask threshold on hand-computed confidences.

Answerable questions have confidences 0.80, 0.85, 0.90, 0.95; unanswerable 0.70, 0.82.
"""

from __future__ import annotations

import pytest

from evaluation.calibrate import Operating, choose_threshold, operating_points

PAIRS = [(True, 0.80), (True, 0.85), (True, 0.90), (True, 0.95), (False, 0.70), (False, 0.82)]


def test_each_threshold_declines_what_lies_below_it():
    points = {p.threshold: p for p in operating_points(PAIRS)}
    assert points[0.70] == Operating(0.70, 0.0, 0.0)
    assert points[0.80] == Operating(0.80, 0.5, 0.0)  # declines 0.70
    assert points[0.85] == Operating(0.85, 1.0, 0.25)  # declines 0.70, 0.80, 0.82
    assert points[0.95].false_abstention == 0.75


def test_the_best_youden_point_within_the_false_abstention_budget_wins():
    points = operating_points(PAIRS)
    assert choose_threshold(points, max_false=0.0).threshold == 0.80  # J = 0.5
    assert choose_threshold(points, max_false=0.25).threshold == 0.85  # J = 0.75
    assert choose_threshold(points, max_false=0.25).youden == pytest.approx(0.75)

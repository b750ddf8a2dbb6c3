"""Calibrating the /ask thresholds on hand-computed measures.

Answerable questions have confidences 0.80, 0.85, 0.90, 0.95; unanswerable 0.70, 0.82. Two
questions ask for a kind of answer: an answerable one with support 0.30 and an unanswerable
one (confidence 0.90) with support 0.0.
"""

from __future__ import annotations

import pytest

from evaluation.calibrate import Measured, Operating, candidates, choose_threshold, frontier, operating_points

PAIRS = [Measured(True, 0.80), Measured(True, 0.85), Measured(True, 0.90), Measured(True, 0.95),
         Measured(False, 0.70), Measured(False, 0.82)]
TYPED = PAIRS + [Measured(True, 0.95, 0.30), Measured(False, 0.90, 0.0)]


def test_candidate_thresholds_lie_midway_between_observed_values():
    assert candidates([0.8, 0.7, 0.9, 0.8]) == [0.0, 0.75, 0.85, 0.9001]


def test_each_threshold_declines_what_lies_below_it():
    points = {p.threshold: p for p in operating_points(PAIRS)}
    assert points[0.0] == Operating(0.0, 0.0, 0.0, 0.0)
    assert points[0.75] == Operating(0.75, 0.0, 0.5, 0.0)  # declines 0.70
    assert points[0.835] == Operating(0.835, 0.0, 1.0, 0.25)  # declines 0.70, 0.80, 0.82
    assert points[0.925].false_abstention == 0.75


def test_the_best_youden_point_within_the_false_abstention_budget_wins():
    points = operating_points(PAIRS)
    assert choose_threshold(points, max_false=0.0).threshold == 0.75  # J = 0.5
    assert choose_threshold(points, max_false=0.25).threshold == 0.835  # J = 0.75
    assert choose_threshold(points, max_false=0.25).youden == pytest.approx(0.75)


def test_the_support_threshold_declines_only_questions_that_have_a_support():
    chosen = choose_threshold(operating_points(TYPED), max_false=0.0)
    assert (chosen.threshold, chosen.support) == (0.75, 0.15)  # declines 0.70 and the support 0.0
    assert chosen.abstention == pytest.approx(2 / 3) and chosen.false_abstention == 0.0


def test_the_frontier_keeps_only_points_nothing_beats_on_both_rates():
    rates = [(p.false_abstention, p.abstention) for p in frontier(operating_points(PAIRS))]
    assert rates == [(0.0, 0.5), (0.25, 1.0)]

"""The suite's sample of a sweep covers every item and every variant; the full sweep, every pair."""
import tests.sweep as sweep


def test_the_sample_covers_every_item_and_every_variant(monkeypatch):
    monkeypatch.setattr(sweep, "FULL", False)
    pairs = sweep.spread(list("abcde"), ("zh", "en"))
    assert [i for i, _ in pairs] == list("abcde") and {v for _, v in pairs} == {"zh", "en"}
    assert sweep.spread(["only"], (1, 2, 3)) == [("only", 1), ("only", 2), ("only", 3)]
    assert sweep.spread(list("abcde"), ("zh", "en")) == pairs  # the same sample every time


def test_the_full_sweep_has_every_pair(monkeypatch):
    monkeypatch.setattr(sweep, "FULL", True)
    assert sorted(sweep.spread("ab", "xy")) == [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]


def test_each_item_gets_its_variants_in_turn(monkeypatch):
    monkeypatch.setattr(sweep, "FULL", False)
    tests = ["overview", "measure", "month"]
    assert [sweep.variants_of(t, tests, ("phone", "laptop")) for t in tests] == [["phone"], ["laptop"], ["phone"]]
    monkeypatch.setattr(sweep, "FULL", True)
    assert sweep.variants_of("month", tests, ("phone", "laptop")) == ["phone", "laptop"]

from caseworker.domain.suppression import suppress


def test_small_counts_hidden():
    assert suppress([10, 3, 4, 20]) == [10, None, None, 20]


def test_single_hidden_cell_gets_a_complement():
    # 3 alone would be recoverable from the total; the smallest visible cell is hidden too.
    assert suppress([10, 3, 20]) == [None, None, 20]


def test_zero_is_not_secret_and_large_counts_stay():
    assert suppress([0, 7, 9]) == [0, 7, 9]

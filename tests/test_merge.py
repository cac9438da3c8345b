from caseworker.domain.merge import edits

BEGAN = {"phone": "1", "email": None, "skills": "Excel"}


def test_each_side_keeps_its_own_fields():
    saved = {**BEGAN, "phone": "2"}                  # they changed the phone
    typed = {**BEGAN, "email": "a@b.kz"}             # I changed the e-mail only
    found = edits(BEGAN, saved, typed)
    assert (found.mine, found.theirs, found.both) == (("email",), ("phone",), ())


def test_the_same_field_changed_by_both():
    saved = {**BEGAN, "skills": "1C"}
    assert edits(BEGAN, saved, {**BEGAN, "skills": "Word"}).both == ("skills",)
    # both made the same change: nothing to decide
    assert edits(BEGAN, saved, {**BEGAN, "skills": "1C"}).both == ()


def test_without_the_starting_point_what_differs_is_mine():
    saved = {**BEGAN, "phone": "2"}
    found = edits(None, saved, {**BEGAN})
    assert (found.mine, found.theirs) == (("phone",), ())

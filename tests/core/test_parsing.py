"""The strict parsing layer: ids, numbers, dates and text from outside never make a 500, and
every export writes any text a person could have saved. One test per family of bad input."""

from __future__ import annotations

import pytest

from hackathon.enums import Phase
from hackathon.extensions import db
from hackathon.models import AuditEntry
from hackathon.parsing import (
    ID_MAX,
    ParseError,
    clean_text,
    json_depth_ok,
    loads_json,
    parse_date,
    parse_id,
    parse_int,
    parse_number,
)
from tests.conftest import sign_in


def test_clean_text_drops_what_no_format_stores_and_normalises_to_nfc():
    assert clean_text("a\x0bb\x00c\ud800d\ufffe\x0c") == "abcd"
    assert clean_text("e\u0301") == "\u00e9"  # NFC
    assert clean_text("tab\tline\nreturn\r") == "tab\tline\nreturn\r"  # kept: they are text
    assert clean_text("æøå ÆØÅ – “citat”") == "æøå ÆØÅ – “citat”"


@pytest.mark.parametrize("bad", ["\u00b2", "\u0661", str(ID_MAX + 1), "0", "-3", "1.0", " ", "",
                                 "9" * 400, None, True, 2**64, 1.5])
def test_parse_id_refuses_what_is_not_a_storable_id(bad):
    assert parse_id(bad) is None


def test_parse_id_and_int_accept_plain_numbers():
    assert parse_id("42") == 42 and parse_id(ID_MAX) == ID_MAX
    assert parse_int("7", maximum=10) == 7
    assert parse_int("\u00b2", default=1) == 1
    assert parse_int(str(10**30), default=1) == 1


@pytest.mark.parametrize(("typed", "number"), [("0,5", 0.5), ("0.5", 0.5), (" 2 ", 2.0),
                                               ("-1,25", -1.25), (",5", 0.5)])
def test_parse_number_accepts_decimal_comma_and_point(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("bad", ["\u00b2", "1e999", "NaN", "inf", "0,5,5", "", "1 000", "x",
                                 "9" * 100, None, True])
def test_parse_number_refuses_with_a_translated_message(app, bad):
    with app.test_request_context(headers={"Accept-Language": "da"}):
        with pytest.raises(ParseError) as caught:
            parse_number(bad)
    assert caught.value.message == "Skriv et tal, fx 0,5 eller 2."


def test_parse_date_refuses_impossible_dates(app):
    assert parse_date("2027-03-01").isoformat() == "2027-03-01"
    assert parse_date("") is None
    with app.test_request_context():
        for bad in ("2027-02-30", "99999-01-01", "01-03-2027", "\u00b2"):
            with pytest.raises(ParseError):
                parse_date(bad)


def test_json_nested_deeper_than_the_limit_is_malformed_not_a_recursion_error():
    assert not json_depth_ok("[" * 50_000)
    with pytest.raises(ValueError):
        loads_json("[" * 50_000 + "]" * 50_000)
    assert loads_json('{"a": ["x\\ud800y", {"b\\u0000": 1}]}') == {"a": ["xy", {"b": 1}]}


def test_id_above_64_bits_in_a_url_is_404(client, make_event):
    event = make_event()
    sign_in(client, event.test_facilitator)
    for url in (f"/events/{2**63}", f"/events/{2**64 + 5}/edit", f"/proposals/{10**30}",
                f"/events/{event.id}/results/decisions/{2**63}"):
        assert client.get(url).status_code == 404, url


def test_huge_page_number_shows_the_last_page_not_a_500(client, make_event):
    event = make_event(phase=Phase.SUBMISSION)
    sign_in(client, event.test_facilitator)
    for page in (str(10**30), "\u00b2", "-5", "abc"):
        response = client.get(f"/events/{event.id}/audit?page={page}")
        assert response.status_code == 200, page


def test_superscript_two_and_huge_ids_in_forms_get_a_clear_error(client, make_event):
    event = make_event(phase=Phase.SUBMISSION)
    sign_in(client, event.test_facilitator)
    before = db.session.query(AuditEntry).count()
    for bad in ("\u00b2", str(2**64), "9" * 30):
        response = client.post(
            f"/events/{event.id}/people",
            data={"role": "reviewer", "name": "Ny", "email": "", "organisation_id": bad},
        )
        assert response.status_code < 500
        assert "Vælg en organisation på listen." in response.get_data(as_text=True)
    assert db.session.query(AuditEntry).count() == before

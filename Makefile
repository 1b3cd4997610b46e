# The two set-up commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint translations extract-messages e2e bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d hackathon/translations --statistics 2>&1 | tail -n 2

run: $(STAMP) translations
	$(BIN)/hackathon db upgrade
	$(BIN)/hackathon demo --if-empty
	@echo ""
	@echo "  Open http://$(HOST):$(PORT) (Danish; the language switch is at the bottom of each page)"
	@echo "  Facilitator: facilitator@demo.hackathon.dk / demo-facilitator"
	@echo "  Participant: open the link from"
	@echo "               $(BIN)/hackathon login-link --base-url http://$(HOST):$(PORT) louise.andersen@demo.hackathon.dk"
	@echo "  (The demo's decision is published. For the round under way instead, start from an"
	@echo "   empty instance/ with: $(BIN)/hackathon demo --stage qualification)"
	@echo "  Reviewer:    $(BIN)/hackathon login-link --base-url http://$(HOST):$(PORT) lone.broendum@demo.hackathon.dk"
	@echo ""
	$(BIN)/hackathon serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -c pyproject.toml -r hackathon

test: $(STAMP) translations lint
	$(BIN)/python -m pytest

# Re-extract the message catalogue after changing user-facing strings.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _nl:1,2 -o hackathon/translations/messages.pot .
	$(BIN)/pybabel update -i hackathon/translations/messages.pot -d hackathon/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

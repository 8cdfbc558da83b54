# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv and install whatever is missing (scripts/ensure-env.sh) and build the
# Turkish catalogue (the .qm, from the .ts in git).
QM = ui/i18n/packing_station_tr.qm
.PHONY: demo test lint env install-desktop bundle translations update-translations

env:
	@bash scripts/ensure-env.sh
	@$(MAKE) --no-print-directory $(QM)

demo: env
	.venv/bin/packing-station --demo

test: env
	.venv/bin/python scripts/update-translations.py --check
	.venv/bin/python -m ruff check .
	.venv/bin/python -m mypy
	.venv/bin/python -m pytest $(PYTEST_ARGS)

# The one-folder bundle (dist/packing-station/) and its archive; fails over 180 MB.
bundle: env
	.venv/bin/pip install -q -e '.[build]'
	bash scripts/bundle.sh

# The GUI's Turkish catalogue: the .ts (in git, translated with Qt Linguist) compiled to
# the .qm the app loads (not in git). `make update-translations` re-reads the source
# for new strings (then translate them in the .ts).
translations: env
$(QM): ui/i18n/packing_station_tr.ts
	.venv/bin/pyside6-lrelease -silent $< -qm $@

update-translations: env
	.venv/bin/python scripts/update-translations.py

# User-level desktop integration (XDG paths): a menu entry and icons. EXEC is what the
# menu entry starts: the venv's command by default, or a bundle's, e.g.
#   make install-desktop EXEC=/opt/packing-station/packing-station
XDG_DATA_HOME ?= $(HOME)/.local/share
EXEC ?= $(CURDIR)/.venv/bin/packing-station
install-desktop:
	mkdir -p $(XDG_DATA_HOME)/applications
	sed 's|^Exec=.*|Exec=$(EXEC)|; s|^TryExec=.*|TryExec=$(EXEC)|' \
		resources/packing-station.desktop > $(XDG_DATA_HOME)/applications/packing-station.desktop
	cd resources/icons && for f in hicolor/*/apps/packing-station.png; do \
		install -D -m 644 $$f $(XDG_DATA_HOME)/icons/$$f; done
	install -D -m 644 resources/icons/packing-station.svg \
		$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/packing-station.svg
	-update-desktop-database $(XDG_DATA_HOME)/applications 2>/dev/null

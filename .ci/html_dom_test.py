#!/usr/bin/env python3
"""Checks the HTML accountability report in headless Chromium, after its script ran.

Usage: html_dom_test.py CHROMIUM FOLDER NAME...  (FOLDER/NAME.html and FOLDER/NAME.json are
the HTML and JSON reports of one audit). For each report, a copy of the page with a test
script appended is rendered with `chromium --headless --dump-dom`; the test script clicks the
sort buttons and types in the filter fields, and writes what the page then shows into the
DOM, which is compared with what the JSON report says. Exits 1 on any difference.
"""
import html
import json
import re
import subprocess
import sys

# Runs after the page's own script (it comes later in the page).
PROBE = r"""
<script>
(function () {
  var out = {errors: []};
  function rows(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }
  function firsts(table) {
    return rows(table).filter(function (r) { return !r.hidden; })
      .map(function (r) { return r.cells[0].textContent.trim(); });
  }
  function header(table, name) {
    return Array.prototype.slice.call(table.querySelectorAll("thead th[data-col]"))
      .filter(function (th) { return th.textContent.trim() === name; })[0];
  }
  function filter(id, term) {
    var input = document.querySelector("input[data-filter='" + id + "']");
    input.value = term;
    input.dispatchEvent(new Event("input"));
    var table = document.getElementById(id);
    var count = document.querySelector("output[data-count='" + id + "']").textContent;
    return {names: firsts(table), count: count};
  }
  try {
    var parties = document.getElementById("party-table");
    out.parties = firsts(parties);
    out.violations = {};
    document.querySelectorAll("table[id$='-violations']").forEach(function (table) {
      out.violations[table.caption.textContent] = table.tBodies[0].rows.length;
    });
    out.buttons = parties.querySelectorAll("thead th button").length;
    var scope = header(parties, "in scope");
    scope.querySelector("button").click();
    out.ascending = firsts(parties);
    scope.querySelector("button").click();
    out.descending = firsts(parties);
    out.ariaSort = scope.getAttribute("aria-sort");
    var term = PARTY_TERM;
    if (term !== null) {
      out.partyFilter = filter("party-table", term);
      out.partyUnfiltered = filter("party-table", "").names.length;
    }
    var id = VIOLATIONS_ID;
    if (id !== null) {
      var table = document.getElementById(id);
      var age = header(table, "open for");
      age.querySelector("button").click();
      age.querySelector("button").click();
      out.longestOpen = firsts(table)[0];
      out.openFilter = filter(id, "open");
    }
  } catch (error) {
    out.errors.push(String(error));
  }
  var pre = document.createElement("pre");
  pre.id = "vigil-dom-test";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""

failures = []


def check(what, actual, expected):
    if actual != expected:
        failures.append(f"{what}: the page shows {actual!r}, the JSON report says {expected!r}")


def shown(name):
    return '""' if name == "" else name


def run(browser, folder, name):
    report = json.load(open(f"{folder}/{name}.json"))
    page = open(f"{folder}/{name}.html").read()
    parties = report["parties"]
    names = [shown(p["party"]) for p in parties]
    # A term for the parties' filter: "bank" in a large report, none in a small one.
    term = "bank" if len(parties) > 12 else None
    # The violations table of the first party with open violations.
    target = next((i for i, p in enumerate(parties) if p["open"] > 0), None)
    probe = PROBE.replace("PARTY_TERM", json.dumps(term)).replace(
        "VIOLATIONS_ID", json.dumps(None if target is None else f"party-{target}-violations"))
    test_page = f"{folder}/{name}.test.html"
    open(test_page, "w").write(page.replace("</body>", probe + "</body>", 1))
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         "file://" + test_page],
        capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="vigil-dom-test">(.*?)</pre>', dom, re.S)
    if not found:
        failures.append(f"{name}: the test script wrote nothing (did the page fail to load?)")
        return
    out = json.loads(html.unescape(found.group(1)))
    check(f"{name}: script errors", out["errors"], [])
    check(f"{name}: parties, in order", out.get("parties"), names)
    check(f"{name}: sort buttons", out.get("buttons"), 12 if any(p["team"] for p in parties) else 11)
    # Sorted by the page's script: ties keep the order they had.
    ascending = sorted(parties, key=lambda p: p["in_scope"])
    descending = sorted(ascending, key=lambda p: -p["in_scope"])
    check(f"{name}: sorted by in scope", out.get("ascending"), [shown(p["party"]) for p in ascending])
    check(f"{name}: sorted again", out.get("descending"), [shown(p["party"]) for p in descending])
    check(f"{name}: aria-sort", out.get("ariaSort"), "descending")
    for party in parties:
        caption = f"{shown(party['party'])}: violations"
        expected = min(party["violations"], 1000) if party["violations"] else None
        check(f"{name}: rows of '{caption}'", out["violations"].get(caption), expected)
    if term is not None:
        # In the order the last sort left.
        matching = [shown(p["party"]) for p in descending if term in shown(p["party"]).lower()]
        check(f"{name}: parties filtered by '{term}'", out["partyFilter"]["names"], matching)
        check(f"{name}: the filter's count", out["partyFilter"]["count"],
              f"{len(matching)} of {len(parties)} rows")
        check(f"{name}: parties unfiltered", out["partyUnfiltered"], len(parties))
    if target is not None:
        party = parties[target]
        check(f"{name}: {party['party']}'s longest open breach", out["longestOpen"],
              party["oldest_open"]["record"])
        check(f"{name}: {party['party']}'s open violations", out["openFilter"]["count"],
              f"{party['open']} of {party['violations']} rows")
    print(f"{name}: {len(parties)} parties, "
          f"{sum(out['violations'].values())} violation rows checked in Chromium")


browser, folder, *names = sys.argv[1:]
for report in names:
    run(browser, folder, report)
for failure in failures:
    print("html-dom-test:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)

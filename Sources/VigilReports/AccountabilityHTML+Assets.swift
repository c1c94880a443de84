/// The HTML report's inline style sheet and script.
extension AccountabilityHTML {
  package static let style = """
    *{box-sizing:border-box}
    body{margin:0;color:#1a1a1a;background:#fff;
    font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
    main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}
    h1{font-size:24px;margin:0 0 2px}
    h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #1a1a1a}
    h3{font-size:15px;margin:20px 0 6px}
    a{color:#1f5f8b}
    .asof,.note,.team{color:#555}
    .provenance{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px;
    color:#333;margin:12px 0 0}
    .provenance dt{font-weight:600}
    .provenance dd{margin:0;overflow-wrap:anywhere}
    .provenance ul{margin:0;padding-left:18px}
    .note{font-size:13px;margin:4px 0 8px}
    .counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:12px 0 0}
    .counts li{border:1px solid #ccc;border-radius:6px;padding:6px 12px;min-width:120px}
    .counts b{display:block;font-size:20px;font-variant-numeric:tabular-nums}
    .toc{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:16px 0 0}
    .reading{margin:12px 0;font-size:13px;max-width:860px}
    .reading summary,.data summary{cursor:pointer;color:#1f5f8b}
    .wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:13px;margin:0 0 8px}
    caption{text-align:left;font-weight:600;padding:4px 0;caption-side:top}
    th,td{padding:4px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
    thead th{background:#eee;border-bottom:2px solid #888;font-weight:600;vertical-align:bottom}
    thead th.num{white-space:normal}
    tbody th{font-weight:600;overflow-wrap:break-word;min-width:7em}
    th.group{text-align:center;border-bottom:1px solid #bbb}
    th[rowspan]{vertical-align:bottom}
    td{overflow-wrap:break-word}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    tbody tr:nth-child(even){background:#f7f7f7}
    tr.open td:nth-last-child(2){font-weight:600}
    th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;
    color:inherit;text-align:inherit}
    th button::after{content:" \\2195";color:#888}
    th[aria-sort=ascending] button::after{content:" \\2191";color:#1a1a1a}
    th[aria-sort=descending] button::after{content:" \\2193";color:#1a1a1a}
    .filter{margin:8px 0 4px;font-size:13px}
    .filter input{font:inherit;padding:2px 6px;min-width:16em;max-width:100%}
    svg{display:block;max-width:100%;height:auto;margin:4px 0 8px}
    svg text{font-family:system-ui,sans-serif;font-size:12px;fill:#1a1a1a}
    svg .small{font-size:10px}
    svg .muted{fill:#555}
    .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px 24px}
    figure{margin:0 0 8px}
    .grid svg{width:100%}
    figcaption{font-weight:600;font-size:13px;overflow-wrap:anywhere}
    figcaption span{font-weight:400;color:#555;margin-left:4px}
    .unit{border-top:1px solid #ccc;margin-top:24px}
    svg,th,tr,.counts li{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    @media (max-width:760px){main{padding:12px} th,td{padding:3px 5px} table{font-size:12px}
    .counts li{min-width:0;padding:4px 8px} .counts b{font-size:16px}}
    @media print{@page{margin:12mm} body{font-size:11px} main{max-width:none;padding:0}
    .wrap{overflow:visible} table{font-size:9px} th,td{padding:2px 3px} .num{white-space:normal}
    .note{font-size:10px} h2,h3{break-after:avoid}
    tr,figure,svg{break-inside:avoid} thead{display:table-header-group}
    .unit{break-before:page;border:0} .filter,nav,.reading summary,.data{display:none}
    th button::after{content:none}}

    """

  /// Sorts a table by a column when its heading is clicked (numbers by value, texts in
  /// order; again to reverse), and filters a table's rows by the text typed in its field.
  package static let script = """
    (function () {
      "use strict";
      function key(row, column) {
        var cell = row.cells[column];
        if (!cell) return "";
        var sort = cell.getAttribute("data-sort");
        return sort !== null ? sort : cell.textContent.trim();
      }
      function sortBy(table, th) {
        var column = Number(th.getAttribute("data-col"));
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = rows.every(function (row) {
          var value = key(row, column);
          return value === "" || isFinite(Number(value));
        });
        var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        var indexed = rows.map(function (row, index) { return [row, index]; });
        indexed.sort(function (a, b) {
          var x = key(a[0], column), y = key(b[0], column);
          var order = numeric ? Number(x || -1) - Number(y || -1) : x.localeCompare(y);
          return order * direction || a[1] - b[1];
        });
        indexed.forEach(function (pair) { body.appendChild(pair[0]); });
        table.querySelectorAll("th[aria-sort]").forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      }
      document.querySelectorAll("table.sortable").forEach(function (table) {
        table.querySelectorAll("thead th[data-col]").forEach(function (th) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = th.textContent;
          button.title = "Sort by " + th.textContent;
          th.textContent = "";
          th.appendChild(button);
          button.addEventListener("click", function () { sortBy(table, th); });
        });
      });
      document.querySelectorAll("input[data-filter]").forEach(function (input) {
        var id = input.getAttribute("data-filter");
        var table = document.getElementById(id);
        var count = document.querySelector("output[data-count='" + id + "']");
        input.addEventListener("input", function () {
          var term = input.value.trim().toLowerCase();
          var rows = Array.prototype.slice.call(table.tBodies[0].rows), shown = 0;
          rows.forEach(function (row) {
            var hit = term === "" || row.textContent.toLowerCase().indexOf(term) !== -1;
            row.hidden = !hit;
            if (hit) shown++;
          });
          if (count) count.textContent = shown + " of " + rows.length + " rows";
        });
      });
    })();

    """
}

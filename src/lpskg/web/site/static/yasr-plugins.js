// Two YASR result views drawn in the page, with no library fetched from elsewhere:
// "chart" (bars of a numeric column by a label column) and "pivot" (rows counted by two columns).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const short = (term) => (term ? (term.type === "uri" ? term.value.replace(/^.*[/#]/, "") : term.value) : "");
  const isNumber = (term) => term && term.type !== "uri" && term.value !== "" && !isNaN(Number(term.value));

  function select(label, options, chosen, onChange) {
    const wrap = document.createElement("label");
    wrap.textContent = label + " ";
    const box = document.createElement("select");
    options.forEach((o) => { const opt = new Option(o, o, false, o === chosen); box.add(opt); });
    box.addEventListener("change", () => onChange(box.value));
    wrap.append(box);
    return wrap;
  }

  class Chart {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = "Chart"; this.chosen = {}; }
    columns() {
      const vars = this.yasr.results.getVariables();
      const rows = this.yasr.results.getBindings();
      const numeric = vars.filter((v) => rows.length && rows.every((r) => !r[v] || isNumber(r[v])) && rows.some((r) => r[v]));
      return { vars, rows, numeric, labels: vars.filter((v) => !numeric.includes(v)) };
    }
    canHandleResults() {
      if (!this.yasr.results || !this.yasr.results.getVariables) return false;
      const { numeric, labels } = this.columns();
      return numeric.length > 0 && labels.length > 0;
    }
    getIcon() {
      const icon = document.createElement("div");
      icon.textContent = "▮▮";
      return icon;
    }
    draw() {
      const { rows, numeric, labels } = this.columns();
      const value = numeric.includes(this.chosen.value) ? this.chosen.value : numeric[0];
      // by default the label column that tells the rows apart best
      const distinct = (v) => new Set(rows.map((r) => short(r[v]))).size;
      const named = labels.filter((v) => /label$/i.test(v));
      const preferred = (named.length ? named : labels).reduce((a, b) => (distinct(b) > distinct(a) ? b : a));
      const label = labels.includes(this.chosen.label) ? this.chosen.label : preferred;
      const root = document.createElement("div");
      root.className = "lpskg-chart";
      const controls = document.createElement("div");
      controls.className = "lpskg-chart-controls";
      controls.append(select("bars of", numeric, value, (v) => { this.chosen.value = v; this.redraw(); }),
                      select("by", labels, label, (v) => { this.chosen.label = v; this.redraw(); }));
      root.append(controls);
      const data = rows.slice(0, 60).map((r) => ({ name: short(r[label]), value: Number(r[value] ? r[value].value : 0) }));
      const max = Math.max(...data.map((d) => d.value), 0) || 1;
      const bar = 22, left = 300, width = 860;
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", `0 0 ${width} ${data.length * bar + 10}`);
      svg.setAttribute("class", "lpskg-bars");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", `${value} by ${label}`);
      data.forEach((d, i) => {
        const y = i * bar + 4;
        const text = document.createElementNS(SVG, "text");
        text.setAttribute("x", left - 8); text.setAttribute("y", y + 15); text.setAttribute("text-anchor", "end");
        text.textContent = d.name.length > 46 ? d.name.slice(0, 45) + "…" : d.name;
        const rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("x", left); rect.setAttribute("y", y);
        rect.setAttribute("width", Math.max(1, ((width - left - 60) * d.value) / max)); rect.setAttribute("height", bar - 6);
        rect.setAttribute("class", "bar");
        const title = document.createElementNS(SVG, "title");
        title.textContent = `${d.name}: ${d.value}`;
        rect.append(title);
        const number = document.createElementNS(SVG, "text");
        number.setAttribute("x", left + Math.max(1, ((width - left - 60) * d.value) / max) + 6); number.setAttribute("y", y + 15);
        number.textContent = String(d.value);
        svg.append(text, rect, number);
      });
      root.append(svg);
      if (rows.length > data.length) {
        const more = document.createElement("p");
        more.textContent = `the first ${data.length} of ${rows.length} rows`;
        root.append(more);
      }
      this.yasr.resultsEl.appendChild(root);
    }
    redraw() { this.yasr.resultsEl.replaceChildren(); this.draw(); }
  }

  class Pivot {
    constructor(yasr) { this.yasr = yasr; this.priority = 4; this.label = "Pivot"; this.chosen = {}; }
    canHandleResults() {
      return !!(this.yasr.results && this.yasr.results.getVariables && this.yasr.results.getVariables().length >= 2
                && this.yasr.results.getBindings().length);
    }
    getIcon() { const icon = document.createElement("div"); icon.textContent = "⊞"; return icon; }
    draw() {
      const vars = this.yasr.results.getVariables();
      const rows = this.yasr.results.getBindings();
      const byRow = vars.includes(this.chosen.rows) ? this.chosen.rows : vars[0];
      const byColumn = vars.includes(this.chosen.columns) ? this.chosen.columns : vars[1];
      const root = document.createElement("div");
      root.className = "lpskg-pivot";
      root.append(select("rows", vars, byRow, (v) => { this.chosen.rows = v; this.redraw(); }),
                  select("columns", vars, byColumn, (v) => { this.chosen.columns = v; this.redraw(); }));
      const counts = new Map(), columns = new Set();
      rows.forEach((r) => {
        const a = short(r[byRow]), b = short(r[byColumn]);
        columns.add(b);
        if (!counts.has(a)) counts.set(a, new Map());
        counts.get(a).set(b, (counts.get(a).get(b) || 0) + 1);
      });
      const table = document.createElement("table");
      table.className = "lpskg-pivot-table";
      const head = table.createTHead().insertRow();
      head.insertCell().textContent = `${byRow} \\ ${byColumn}`;
      [...columns].forEach((c) => { head.insertCell().textContent = c; });
      const body = table.createTBody();
      counts.forEach((cells, name) => {
        const tr = body.insertRow();
        tr.insertCell().textContent = name;
        [...columns].forEach((c) => { tr.insertCell().textContent = cells.get(c) ? String(cells.get(c)) : ""; });
      });
      root.append(table);
      this.yasr.resultsEl.appendChild(root);
    }
    redraw() { this.yasr.resultsEl.replaceChildren(); this.draw(); }
  }

  // IRIs shown by their English label (POST /api/labels), each linking to its page here
  class Labels {
    constructor(yasr) { this.yasr = yasr; this.priority = 6; this.label = "Labels"; }
    canHandleResults() {
      return !!(this.yasr.results && this.yasr.results.getVariables && this.yasr.results.getVariables().length);
    }
    getIcon() { const icon = document.createElement("div"); icon.textContent = "Aa"; return icon; }
    async draw() {
      const config = JSON.parse(document.getElementById("yasgui-config").textContent);
      const vars = this.yasr.results.getVariables();
      const rows = this.yasr.results.getBindings();
      const iris = [...new Set(rows.flatMap((r) => vars.map((v) => r[v]).filter((t) => t && t.type === "uri")
                                                     .map((t) => t.value)))].slice(0, 2000);
      let labels = {};
      if (iris.length) {
        const response = await fetch(config.labels, { method: "POST", headers: { "Content-Type": "application/json" },
                                                      body: JSON.stringify({ iris }) });
        if (response.ok) labels = await response.json();
      }
      const page = (iri) => iri.startsWith(config.resourceBase) ? config.resourcePath + iri.slice(config.resourceBase.length)
        : iri.startsWith(config.prefixes.lpskg) ? config.ontology + "#" + iri.slice(config.prefixes.lpskg.length) : iri;
      const table = document.createElement("table");
      table.className = "lpskg-label-table";
      const head = table.createTHead().insertRow();
      vars.forEach((v) => { head.insertCell().textContent = v; });
      const body = table.createTBody();
      rows.forEach((r) => {
        const tr = body.insertRow();
        vars.forEach((v) => {
          const cell = tr.insertCell(), term = r[v];
          if (!term) return;
          if (term.type === "uri") {
            const a = document.createElement("a");
            a.href = page(term.value); a.title = term.value; a.textContent = labels[term.value] || short(term);
            cell.append(a);
          } else {
            cell.textContent = term.value;
          }
        });
      });
      this.yasr.resultsEl.replaceChildren(table);
    }
  }

  window.Yasgui.Yasr.registerPlugin("labels", Labels);
  window.Yasgui.Yasr.registerPlugin("chart", Chart);
  window.Yasgui.Yasr.registerPlugin("pivot", Pivot);
})();

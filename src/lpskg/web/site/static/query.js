// The query page: YASQE editor, named queries with parameter forms, results shown by label.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("lpskg-config").textContent);
  const prefixList = Object.entries(config.prefixes).map(([p, iri]) => p + ": <" + iri + ">").sort();

  // Prefix completion from the project's own prefixes; no network look-ups (prefix.cc, LOV).
  Yasqe.registerAutocompleter(Object.assign({}, Yasqe.Autocompleters.prefixes, {
    name: "lpskgPrefixes", persistenceId: null, get: () => prefixList,
  }), true);

  const yasqe = new Yasqe(document.getElementById("editor"), {
    value: "PREFIX lpskg: <" + config.prefixes.lpskg + ">\nPREFIX rdfs: <" + config.prefixes.rdfs + ">\n\n" +
      "SELECT ?paradox ?label WHERE {\n  ?paradox a lpskg:Paradox ; rdfs:label ?label .\n}\nORDER BY ?label",
    persistenceId: null, showQueryButton: false, createShareableLink: null, consumeShareLink: null,
    autocompleters: ["lpskgPrefixes", "variables"], resizeable: true, editorHeight: "240px",
  });

  const state = { named: null, namedText: null, params: {} };
  const $ = (id) => document.getElementById(id);
  const status = (text, kind) => { $("status").textContent = text; $("status").className = "status " + (kind || ""); };

  function namedActive() { return state.named && yasqe.getValue() === state.namedText; }

  function currentParams() {
    const values = {};
    $("named-form").querySelectorAll("input").forEach((input) => { if (input.value !== "") values[input.name] = input.value; });
    return values;
  }

  function runUrl(format) {
    if (namedActive()) {
      const search = new URLSearchParams(currentParams());
      if (format) search.set("format", format);
      return config.api + "/" + encodeURIComponent(state.named.name) + "?" + search.toString();
    }
    const search = new URLSearchParams({ query: yasqe.getValue() });
    if (format) search.set("format", format);
    return config.sparql + "?" + search.toString();
  }

  function shareUrl() {
    const search = new URLSearchParams();
    if (namedActive()) {
      search.set("named", state.named.name);
      Object.entries(currentParams()).forEach(([k, v]) => search.set("p." + k, v));
    } else {
      search.set("query", yasqe.getValue());
    }
    return location.origin + location.pathname + "?" + search.toString();
  }

  function updateLinks() {
    $("download-csv").href = runUrl("csv");
    $("download-json").href = runUrl("json");
    // a named query: the works behind the resources of its answer, for a reference manager
    $("cite-works").hidden = !namedActive();
    if (namedActive()) {
      const works = (fmt) => config.api + "/" + encodeURIComponent(state.named.name) + "/works?" +
        new URLSearchParams(Object.assign({}, currentParams(), { format: fmt })).toString();
      $("works-bibtex").href = works("bibtex");
      $("works-ris").href = works("ris");
    }
  }

  function showNamed(query, values) {
    state.named = query;
    yasqe.setValue(query.text);
    // The server knows the project's prefixes; the editor is shown them so that it checks the names.
    const used = {};
    (query.text.match(/\b[A-Za-z][\w-]*(?=:)/g) || []).forEach((p) => { if (config.prefixes[p]) used[p] = config.prefixes[p]; });
    yasqe.addPrefixes(used);
    state.namedText = yasqe.getValue();
    $("named-info").hidden = false;
    $("named-title").textContent = query.title;
    $("named-description").textContent = query.description;
    const form = $("named-form");
    form.replaceChildren();
    query.parameters.forEach((p) => {
      const label = document.createElement("label");
      label.textContent = p.name + (p.required ? " (required)" : "");
      const input = document.createElement("input");
      input.name = p.name;
      input.placeholder = p.description;
      input.title = p.type + ": " + p.description;
      input.value = (values && values[p.name]) || p.default || "";
      label.appendChild(input);
      if (p.type === "iri" && window.lpskgAutocomplete) {
        // a resource parameter takes a label of its kind, a prefixed name or an IRI; suggestions fill in the IRI
        const kind = p.kindName && p.kindName !== "rdfs:Resource" ? p.kindName : "resource";
        input.placeholder = "a " + kind + ": its label, prefixed name or IRI";
        input.title = p.description + " (" + kind + ")";
        const list = document.createElement("ul");
        list.className = "suggestions param-suggestions";
        list.id = "suggest-" + p.name;
        list.setAttribute("role", "listbox");
        list.hidden = true;
        label.classList.add("with-suggestions");
        label.appendChild(list);
        window.lpskgAutocomplete(input, list, (m) => { input.value = m.iri; }, p.kind && p.kindName !== "rdfs:Resource" ? p.kind : null);
      }
      const said = document.createElement("span");
      said.className = "resolved";
      said.id = "resolved-" + p.name;
      said.setAttribute("aria-live", "polite");
      label.appendChild(said);
      input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.defaultPrevented) { e.preventDefault(); run(); } });
      form.appendChild(label);
    });
    document.querySelectorAll("button.named").forEach((b) => b.classList.toggle("active", b.dataset.name === query.name));
  }

  let catalogue = null;  // the library of named queries, fetched once from /api/queries

  async function describe(name) {
    if (catalogue === null) {
      const response = await fetch(config.api, { headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      catalogue = await response.json();
    }
    return catalogue.find((query) => query.name === name) || null;
  }

  async function loadNamed(name, values) {
    const query = await describe(name);
    if (query === null) { status("unknown named query " + name, "error"); return; }
    showNamed(query, values);
    const missing = state.named.parameters.filter((p) => p.required && !currentParams()[p.name]);
    if (missing.length) { status("fill in " + missing.map((p) => p.name).join(", ") + " and run", ""); updateLinks(); return; }
    run();
  }

  async function run() {
    updateLinks();
    const type = yasqe.getQueryType();
    const graphResult = type === "CONSTRUCT" || type === "DESCRIBE";
    const accept = graphResult ? "text/turtle" : "application/sparql-results+json";
    status("running…", "busy");
    const started = performance.now();
    let response;
    try {
      if (namedActive()) {
        response = await fetch(runUrl(null), { headers: { Accept: accept } });
      } else {
        response = await fetch(config.sparql, {
          method: "POST", headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ query: yasqe.getValue() }),
        });
      }
    } catch (e) { status("the server did not answer: " + e, "error"); return; }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    clearResolved();
    if (!response.ok) { await showError(response); $("results").replaceChildren(); return; }
    const said = namedActive() ? parameterNotes(response) : {};
    const truncated = response.headers.get("X-LPSKG-Truncated") ? " (cut at the row limit)" : "";
    if (graphResult) {
      const pre = document.createElement("pre");
      pre.className = "turtle";
      pre.textContent = await response.text();
      $("results").replaceChildren(pre);
      status(response.headers.get("X-LPSKG-Result-Count") + " triples in " + seconds + " s" + truncated, "ok");
      return;
    }
    const body = await response.json();
    if (typeof body.boolean === "boolean") {
      const p = document.createElement("p");
      p.className = "boolean";
      p.textContent = body.boolean ? "true" : "false";
      $("results").replaceChildren(p);
      status("answer in " + seconds + " s", "ok");
      return;
    }
    await renderTable(body);
    const n = body.results.bindings.length;
    status(n + " row" + (n === 1 ? "" : "s") + " in " + seconds + " s" + truncated + (said.empty ? ": " + said.empty : ""),
           said.empty ? "warn" : "ok");
  }

  // What each label given for a parameter was taken to mean (X-LPSKG-Parameters), said beside its input.
  function parameterNotes(response) {
    let said = {};
    try { said = JSON.parse(response.headers.get("X-LPSKG-Parameters") || "{}"); } catch (e) { return {}; }
    (said.resolved || []).forEach((r) => {
      const note = $("resolved-" + r.parameter);
      if (!note) return;
      const how = r.match === "exact" ? "exact" : r.match === "fuzzy" ? "near “" + r.given + "”, " + r.score : "IRI";
      const a = document.createElement("a");
      a.href = resourceLink(r.iri);
      a.title = r.iri;
      a.textContent = r.label;
      note.replaceChildren("→ ", a, " (" + how + (r.ofKind ? "" : "; not of this parameter's kind") + ")");
      note.className = "resolved " + (r.ofKind ? r.match : "wrong-kind");
    });
    return said;
  }

  function clearResolved() { document.querySelectorAll("#named-form .resolved").forEach((n) => { n.replaceChildren(); n.className = "resolved"; }); }

  // An error; a label that names nothing comes with the nearest candidates, offered as buttons under its input.
  async function showError(response) {
    const text = await response.text();
    let body = null;
    try { body = JSON.parse(text); } catch (e) { body = null; }
    status(response.status + ": " + (body ? body.detail || body.error : text), "error");
    if (!body || !body.parameter || !body.candidates) return;
    const note = $("resolved-" + body.parameter);
    if (!note) return;
    note.className = "resolved candidates";
    note.replaceChildren(body.candidates.length ? "did you mean: " : "no candidates");
    body.candidates.forEach((c) => {
      const pick = document.createElement("button");
      pick.type = "button";
      pick.className = "candidate";
      pick.textContent = c.label;
      pick.title = c.name + (c.kind ? " (" + c.kind + ")" : "");
      pick.addEventListener("click", () => { $("named-form").elements[body.parameter].value = c.name; run(); });
      note.append(pick, " ");
    });
  }

  function resourceLink(iri) {
    return iri.startsWith(config.resourceBase) ? config.resourcePath + iri.slice(config.resourceBase.length) : iri;
  }

  function shortName(iri) {
    let best = null;
    Object.entries(config.prefixes).forEach(([p, ns]) => { if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns]; });
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  async function renderTable(body) {
    const vars = body.head.vars;
    const rows = body.results.bindings;
    const iris = new Set();
    rows.forEach((row) => vars.forEach((v) => { if (row[v] && row[v].type === "uri") iris.add(row[v].value); }));
    let labels = {};
    if (iris.size) {
      const response = await fetch(config.labels, {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ iris: Array.from(iris).slice(0, 2000) }),
      });
      if (response.ok) labels = await response.json();
    }
    const table = document.createElement("table");
    table.className = "result-table";
    const head = table.createTHead().insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const tbody = table.createTBody();
    rows.forEach((row) => {
      const tr = tbody.insertRow();
      vars.forEach((v) => {
        const td = tr.insertCell();
        const term = row[v];
        if (!term) return;
        if (term.type === "uri") {
          const a = document.createElement("a");
          a.href = resourceLink(term.value);
          a.title = term.value;
          a.textContent = labels[term.value] || shortName(term.value);
          td.appendChild(a);
        } else {
          td.textContent = term.value;
          if (term["xml:lang"]) td.lang = term["xml:lang"];
          if (term.datatype && !term.datatype.endsWith("#string")) td.className = "typed";
        }
      });
    });
    $("results").replaceChildren(table);
  }

  document.querySelectorAll("button.named").forEach((button) => button.addEventListener("click", () => loadNamed(button.dataset.name)));
  $("run").addEventListener("click", run);
  $("share").addEventListener("click", async () => {
    const url = shareUrl();
    history.replaceState(null, "", url);
    try { await navigator.clipboard.writeText(url); status("link copied", "ok"); } catch (e) { status("link: " + url, "ok"); }
  });
  yasqe.on("change", updateLinks);
  window.lpskgPrefixes.watch(yasqe, config.prefixes);  // lpskg:, paradox: ... are declared as they are used
  yasqe.setOption("extraKeys", Object.assign({}, yasqe.getOption("extraKeys"), { "Ctrl-Enter": run, "Cmd-Enter": run }));

  const search = new URLSearchParams(location.search);
  if (search.get("named")) {
    const values = {};
    search.forEach((v, k) => { if (k.startsWith("p.")) values[k.slice(2)] = v; });
    loadNamed(search.get("named"), values);
  } else if (search.get("query")) {
    yasqe.setValue(search.get("query"));
    run();
  } else {
    updateLinks();
  }
})();

// /cases: check a case file against the graph (POST /api/cases?dry_run=true, no token) and store it (with the
// token typed into the page, sent with that one request and kept nowhere: no storage, no cookie, no URL).
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("upload-config").textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const status = (text, kind) => { $("upload-status").textContent = text; $("upload-status").className = "status " + (kind || ""); };

  function mediaType(name) {
    const ext = name.includes(".") ? name.split(".").pop().toLowerCase() : "";
    return config.formats[ext] || null;
  }

  async function send(store) {
    const file = $("upload-file").files[0];
    if (!file) { status("choose a case file first", "error"); return; }
    const type = mediaType(file.name);
    if (!type) { status(file.name + ": a case file ends in ." + Object.keys(config.formats).join(", ."), "error"); return; }
    const params = new URLSearchParams({ filename: file.name });
    if (!store) params.set("dry_run", "true");
    if (store && $("upload-replace").checked) params.set("replace", "true");
    const headers = { "Content-Type": type, Accept: "application/json" };
    if (store) {
      const token = $("upload-token").value.trim();
      if (!token) { status("storing needs the server's token", "error"); $("upload-token").focus(); return; }
      headers.Authorization = "Bearer " + token;
    }
    status(store ? "storing…" : "checking…", "busy");
    let response, body;
    try {
      response = await fetch(config.api + "?" + params.toString(), { method: "POST", headers, body: await file.arrayBuffer() });
      body = await response.json();
    } catch (e) { status("the server did not answer: " + e, "error"); return; }
    if (store) $("upload-token").value = "";   // sent once, kept nowhere
    if (!response.ok) { showRefusal(response.status, body); return; }
    showOutcome(body);
    status(store ? "stored: " + body.graphs.map((g) => g.id).join(", ") + " (reload the list to see it)"
                 : "dry run: nothing was written", "ok");
  }

  function showRefusal(code, body) {
    status(code + ": " + body.error, "error");
    const result = $("upload-result");
    result.replaceChildren();
    if (!(body.errors || []).length) return;
    const list = el("ul", undefined, "upload-errors");
    body.errors.forEach((e) => {
      const item = el("li");
      item.append(el("code", e.field || "(file)"), (e.line ? " (line " + e.line + ")" : "") + ": " + e.message);
      if ((e.candidates || []).length) {
        item.append("; nearest: " + e.candidates.map((c) => "“" + c.label + "” (" + c.kind + ", " + Math.round(c.score) + ")").join(", "));
      }
      list.append(item);
    });
    result.append(el("h3", "What to fix"), list);
  }

  function showOutcome(body) {
    const result = $("upload-result");
    result.replaceChildren();
    (body.diagnosis || []).forEach((d) => {
      const section = el("section", undefined, "upload-diagnosis");
      section.append(el("h3", "Diagnosis: " + d.summary));
      const grades = el("ul");
      d.grades.filter((g) => g.for.length || g.against.length || g.grade !== "not indicated").forEach((g) => {
        const item = el("li");
        item.append(el("strong", g.label + ": " + g.grade), (g.reason ? " (" + g.reason + ")" : "") + " — " + g.why);
        grades.append(item);
      });
      section.append(grades);
      result.append(section);
    });
    if ((body.links || []).length) {
      const table = el("table", undefined, "links upload-links");
      const tbody = table.createTBody();
      body.links.forEach((l) => {
        const row = tbody.insertRow();
        row.insertCell().append(el("code", l.field));
        row.insertCell().textContent = "“" + l.label + "”";
        const to = row.insertCell();
        to.append(l.match === "new" ? "new " + l.kind + ": " + l.concept : l.kind + " " + l.concept,
                  " (" + (l.match === "fuzzy" ? "near, " + Math.round(l.score) : l.match) + ")");
        if (l.match === "fuzzy") row.className = "fuzzy";
      });
      // folded unless a label was matched as a slip: those are the ones to look at
      const counts = {};
      body.links.forEach((l) => { counts[l.match] = (counts[l.match] || 0) + 1; });
      const folded = el("details", undefined, "upload-links-box");
      folded.open = Boolean(counts.fuzzy);
      folded.append(el("summary", "Labels linked to the graph: " + body.links.length + " (" +
        Object.entries(counts).map(([how, n]) => n + " " + (how === "fuzzy" ? "near" : how)).join(", ") + ")"), table);
      result.append(folded);
    }
    (body.unmapped || []).forEach((e) => result.append(el("p", "not mapped, left out: " + e.field + ": " + e.message, "hint")));
    const graphs = (body.graphs || []).map((g) => (body.dry_run ? "would store " : "stored ") + g.kind + " “" + g.id + "”: " + g.triples + " triples");
    result.append(el("p", graphs.join("; "), "hint"));
  }

  $("upload-form").addEventListener("submit", (event) => { event.preventDefault(); send(false); });
  $("upload-store").addEventListener("click", () => send(true));
})();

// A case's fingerprint on the paradox map: the boxes of what the case's evidence illustrates, or the case is
// linked to, stay lit; the rest fade. The concepts come from the named query case-fingerprint.
(function () {
  "use strict";
  const chooser = document.getElementById("fingerprint-case");
  if (!chooser) return;
  const summary = document.getElementById("fingerprint-summary");
  const figures = document.querySelectorAll(".svg-wrap svg");
  const resourceBase = "https://w3id.org/lpskg/resource/";

  function clear() {
    figures.forEach((svg) => {
      svg.classList.remove("fingerprint");
      svg.querySelectorAll("a.touched").forEach((a) => a.classList.remove("touched", "evidence"));
    });
    summary.textContent = "";
  }

  async function show(slug) {
    clear();
    const url = new URL(location.href);
    if (slug) url.searchParams.set("case", slug); else url.searchParams.delete("case");
    history.replaceState(null, "", url);
    if (!slug) return;
    const response = await fetch(chooser.dataset.api + "?case=" + encodeURIComponent(resourceBase + "case/" + slug),
                                 { headers: { Accept: "application/sparql-results+json" } });
    if (!response.ok) { summary.textContent = "the fingerprint could not be read: " + (await response.text()); return; }
    const rows = (await response.json()).results.bindings;
    const touched = new Map(rows.map((r) => [r.concept.value, Number(r.evidenceItems.value)]));
    let lit = 0, byEvidence = 0;
    figures.forEach((svg) => {
      svg.classList.add("fingerprint");
      svg.querySelectorAll("a").forEach((a) => {
        const path = a.getAttribute("href") || "";
        const iri = path.startsWith("/resource/") ? resourceBase + path.slice("/resource/".length) : null;
        if (iri && touched.has(iri)) {
          a.classList.add("touched");
          lit += 1;
          if (touched.get(iri) > 0) { a.classList.add("evidence"); byEvidence += 1; }
        }
      });
    });
    const label = chooser.options[chooser.selectedIndex].textContent;
    summary.textContent = `${label}: ${lit} boxes lit, ${byEvidence} of them by the case's own quotes or ` +
      `observations (bold outline), the others by the case's links; ${rows.length} concepts in all.`;
    summary.dataset.lit = String(lit);
  }

  chooser.addEventListener("change", () => show(chooser.value));
  const initial = new URLSearchParams(location.search).get("case");
  if (initial) { chooser.value = initial; show(initial); }
})();

// Autocomplete over every label and alternative label of the graph (/api/search), for the search box of
// every page and for any input marked data-autocomplete (the query page's resource parameters).
(function () {
  "use strict";
  const api = () => document.getElementById("site-search").dataset.api;

  // Attach suggestions to `input`; `choose(match)` is called with the match picked (mouse or Enter);
  // `kind` (a class IRI) keeps the resources of that class only.
  function autocomplete(input, list, choose, kind) {
    let matches = [], active = -1, timer = null, asked = "";
    const hide = () => { list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false"); };
    function show() {
      list.replaceChildren(...matches.map((m, i) => {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = list.id + "-" + i;
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = m.label;
        item.append(name);
        if (m.match === "fuzzy") {
          const near = document.createElement("span");
          near.className = "near";
          near.textContent = "near";
          near.title = "a slip in a word (" + m.score + ")";
          item.append(near);
        }
        if (m.matched !== m.label) {
          const also = document.createElement("span");
          also.className = "also";
          also.textContent = "“" + m.matched + "”";
          item.append(also);
        }
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = m.kind;
        item.append(kind);
        item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(m); hide(); });
        return item;
      }));
      list.hidden = matches.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }
    function mark() {
      [...list.children].forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", active >= 0 ? list.id + "-" + active : "");
    }
    async function ask() {
      const text = input.value.trim();
      if (text.length < 2) { matches = []; hide(); return; }
      asked = text;
      const url = api() + "?q=" + encodeURIComponent(text) + (kind ? "&kind=" + encodeURIComponent(kind) : "");
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok || asked !== text) return;  // a later keystroke has asked again
      if (document.activeElement !== input) return;  // the person has moved on (ran the query, say)
      matches = await response.json();
      active = -1;
      show();
    }
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 120); });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + matches.length) % matches.length;
        mark();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(matches[active]);
        hide();
      } else if (event.key === "Escape") {
        hide();
      }
    });
    input.addEventListener("blur", () => setTimeout(hide, 150));
  }

  window.lpskgAutocomplete = autocomplete;
  const box = document.getElementById("site-search");
  if (box) autocomplete(box, document.getElementById("site-search-list"), (m) => { window.location.href = m.href; });
})();

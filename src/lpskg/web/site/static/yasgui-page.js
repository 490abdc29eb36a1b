// The YASGUI page: tabs, YASQE and YASR over lpskg's own /sparql, nothing fetched from elsewhere
// (no prefix.cc, no LOV), the endpoint's predeclared prefixes declared as they are used, named queries as tabs.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("yasgui-config").textContent);
  const Yasqe = window.Yasgui.Yasqe;
  const prefixList = Object.entries(config.prefixes).map(([p, iri]) => p + ": <" + iri + ">").sort();
  Yasqe.registerAutocompleter(Object.assign({}, Yasqe.Autocompleters.prefixes, {
    name: "lpskgPrefixes", persistenceId: null, get: () => prefixList,
  }), true);

  const yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }], keys: [] },
    persistenceId: "lpskg-yasgui",
    populateFromUrl: true,
    yasqe: { autocompleters: ["lpskgPrefixes", "variables"], prefixCcApi: undefined,
             value: "SELECT ?paradox ?label WHERE {\n  ?paradox a lpskg:Paradox ; rdfs:label ?label .\n}\nORDER BY ?label" },
    yasr: { pluginOrder: ["table", "labels", "response", "chart", "pivot"], defaultPlugin: "table", prefixes: config.prefixes },
  });

  // the endpoint's predeclared prefixes are declared in each tab's editor as a query uses them (prefixes.js)
  const declareUsed = (yasqe) => window.lpskgPrefixes.declareUsed(yasqe, config.prefixes);
  function watch(tab) {
    const yasqe = tab && tab.getYasqe();
    if (!yasqe) return;
    window.lpskgPrefixes.watch(yasqe, config.prefixes);
    if (!yasqe.lpskgOnQuery) { yasqe.lpskgOnQuery = true; yasqe.on("query", () => declareUsed(yasqe)); }
  }
  Object.values(yasgui._tabs).forEach(watch);
  yasgui.on("tabSelect", (instance, id) => setTimeout(() => watch(instance.getTab(id)), 0));
  yasgui.on("tabAdd", (instance, id) => setTimeout(() => watch(instance.getTab(id)), 0));
  watch(yasgui.getTab());

  document.querySelectorAll("button.yasgui-example").forEach((button) => {
    button.addEventListener("click", () => {
      const example = config.examples[button.dataset.name];
      const tab = yasgui.addTab(true, { name: button.textContent.slice(0, 40),
        yasqe: { value: example }, requestConfig: { endpoint: config.endpoint } });
      watch(tab);
      tab.getYasqe().setValue(example);
      declareUsed(tab.getYasqe());
      tab.query();
    });
  });
  window.lpskgYasgui = yasgui;  // for the browser test
})();

// The endpoint predeclares the project's prefixes; YASQE knows only those a query declares, and marks the
// others as undefined. Each predeclared prefix a query uses is declared in the editor as it is typed.
(function () {
  "use strict";
  function declareUsed(yasqe, prefixes) {
    const declared = yasqe.getPrefixesFromQuery();
    const text = yasqe.getValue().replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^>\s]*>|#.*$/gm, " ");
    const used = {};
    for (const match of text.matchAll(/(?:^|[\s(,;/^|!])([A-Za-z][\w-]*):/g)) {
      const prefix = match[1];
      if (prefixes[prefix] && !declared[prefix]) used[prefix] = prefixes[prefix];
    }
    if (Object.keys(used).length) yasqe.addPrefixes(used);
  }
  function watch(yasqe, prefixes) {
    if (!yasqe || yasqe.lpskgWatched) return;
    yasqe.lpskgWatched = true;
    let timer = null;
    yasqe.on("change", () => { clearTimeout(timer); timer = setTimeout(() => declareUsed(yasqe, prefixes), 400); });
    declareUsed(yasqe, prefixes);
  }
  window.lpskgPrefixes = { declareUsed, watch };
})();

// The neighbourhood drawing of a resource page: its links both ways, drawn with cytoscape.js (vendored).
// A click on a node opens that resource's page; interpretations are dashed, as on the paradox map.
(function () {
  "use strict";
  const box = document.getElementById("neighbourhood-graph");
  const source = document.getElementById("neighbourhood-data");
  if (!box || !source || !window.cytoscape) return;  // a resource without links to draw
  const data = JSON.parse(source.textContent);
  const palette = ["#2f6db5", "#c46a12", "#2e8540", "#8e44ad", "#b42318", "#0f766e", "#a16207", "#4b5563",
                   "#db2777", "#65a30d", "#0891b2", "#7c3aed", "#9a3412", "#475569"];
  const kinds = [...new Set(data.elements.filter((e) => !e.data.source).map((e) => e.data.kind))];
  const colour = (kind) => palette[kinds.indexOf(kind) % palette.length];
  const cy = window.cytoscape({
    container: box,
    elements: data.elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": (n) => colour(n.data("kind")), label: "data(label)",
        "font-size": 12, "text-wrap": "wrap", "text-max-width": 140, "text-valign": "bottom", "text-margin-y": 4,
        color: "#1f2933", width: 18, height: 18 } },
      { selector: "node[?centre]", style: { width: 30, height: 30, "font-weight": "bold", "font-size": 13,
        "border-width": 3, "border-color": "#1f2933" } },
      { selector: "edge", style: { width: 1.4, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 10,
        color: "#52606d", "text-rotation": "autorotate", "text-background-color": "#ffffff",
        "text-background-opacity": 0.8 } },
      { selector: "edge[?interpretation]", style: { "line-style": "dashed", "line-color": "#c46a12" } },
    ],
    layout: { name: "concentric", concentric: (n) => (n.data("centre") ? 2 : 1), levelWidth: () => 1,
              minNodeSpacing: 60, animate: false },
  });
  cy.on("tap", "node", (event) => {
    const target = event.target.data("href");
    if (target && !event.target.data("centre")) window.location.href = target;
  });
  box.dataset.nodes = String(cy.nodes().length);  // read by the browser test
  const legend = document.getElementById("neighbourhood-legend");
  legend.replaceChildren(...kinds.map((kind) => {
    const item = document.createElement("span");
    item.innerHTML = '<i style="background:' + colour(kind) + '"></i>';
    item.append(kind);
    return item;
  }));
})();

// The network picture of a route: cytoscape.js draws the organisations (shape and colour by kind, front-runners
// with a thick ring and a star in the name), their relationships and the companies that share a student (a thick
// dashed teal line) on a canvas; clicking an organisation opens its page. The data comes from a json_script element; the table under the picture holds the same information.
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("network-graph");
    var source = document.getElementById("network-data");
    if (!container || !source || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var elements = [];
    data.nodes.forEach(function (node) {
      elements.push({ group: "nodes", data: node, classes: node.frontRunner ? "front-runner" : "" });
    });
    data.edges.forEach(function (edge, index) {
      elements.push({ group: "edges", data: Object.assign({ id: "e" + index }, edge) });
    });
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.4,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "font-size": 11,
            color: "#1e293b",
            "text-valign": "bottom",
            "text-margin-y": 4,
            "text-wrap": "wrap",
            "text-max-width": 140,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            width: 26,
            height: 26,
            "background-color": "#64748b",
            shape: "triangle",
          },
        },
        { selector: 'node[kind = "company"]', style: { shape: "ellipse", "background-color": "#1d4ed8" } },
        {
          selector: 'node[kind = "branch_association"], node[kind = "employers_organisation"]',
          style: { shape: "round-rectangle", "background-color": "#b45309", width: 34, height: 26 },
        },
        {
          selector: 'node[kind = "sector_partnership"]',
          style: { shape: "diamond", "background-color": "#15803d", width: 32, height: 32 },
        },
        {
          selector: 'node[kind = "municipality"], node[kind = "province"]',
          style: { shape: "rectangle", "background-color": "#7c3aed" },
        },
        {
          selector: "node.front-runner",
          style: { "border-width": 5, "border-color": "#be123c", "font-weight": "bold" },
        },
        {
          selector: "node:selected",
          style: { "overlay-color": "#1d4ed8", "overlay-opacity": 0.25, "overlay-padding": 6 },
        },
        {
          selector: "edge",
          style: {
            width: 1.5,
            "line-color": "#64748b",
            "curve-style": "bezier",
            label: "data(label)",
            "font-size": 9,
            color: "#334155",
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
          },
        },
        {
          selector: 'edge[kind = "member_of"]',
          style: { "target-arrow-shape": "triangle", "target-arrow-color": "#64748b" },
        },
        {
          selector: 'edge[kind = "part_of"]',
          style: { "line-style": "dashed", "target-arrow-shape": "triangle", "target-arrow-color": "#64748b" },
        },
        { selector: 'edge[kind = "works_with"]', style: { "line-style": "dotted", width: 2 } },
        {
          selector: 'edge[kind = "shares_student"]',
          style: {
            "line-style": "dashed",
            "line-dash-pattern": [10, 4],
            width: 3.5,
            "line-color": "#0f766e",
            color: "#0f766e",
          },
        },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90, padding: 24 },
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });
    cy.on("mouseover", "node", function () {
      container.classList.add("is-pointing");
    });
    cy.on("mouseout", "node", function () {
      container.classList.remove("is-pointing");
    });
    container.dataset.ready = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

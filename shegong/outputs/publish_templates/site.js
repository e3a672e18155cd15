// Draws every chart of a baked page with plotly.js (served by the site) and fills in the embed snippets.
(function () {
  // plotly.js fetches a world topojson from a CDN for every map: an empty one keeps the site self-contained
  var TOPOJSON_STUB = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#';
  var phone = window.matchMedia("(max-width: 600px)").matches;
  document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
    var fig = JSON.parse(document.getElementById(el.dataset.figure).textContent);
    var layout = fig.layout || {};
    layout.autosize = true;
    if (phone && layout.margin) { layout.margin.l = Math.min(layout.margin.l || 0, 10); layout.margin.r = Math.min(layout.margin.r || 0, 10); }
    Plotly.newPlot(el, fig.data, layout, {
      responsive: true, displaylogo: false, topojsonURL: TOPOJSON_STUB,
      toImageButtonOptions: {format: "png", scale: 2, filename: el.parentNode.id || "chart"}
    });
  });
  document.querySelectorAll("textarea[data-embed]").forEach(function (box) {
    var src = new URL(box.dataset.embed, location.href).href;
    var code = document.createElement("iframe");
    code.setAttribute("src", src);
    code.setAttribute("width", "100%");
    code.setAttribute("height", box.dataset.height);
    code.setAttribute("style", "border:0");
    code.setAttribute("loading", "lazy");
    code.setAttribute("title", box.dataset.title);
    box.value = code.outerHTML;
  });
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = button.parentNode.querySelector("textarea");
      box.select();
      var done = function () { button.textContent = button.dataset.done; };
      if (navigator.clipboard) { navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand("copy"); done(); }); }
      else { document.execCommand("copy"); done(); }
    });
  });
})();

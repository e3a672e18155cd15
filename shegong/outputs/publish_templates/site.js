// Draws every chart of a baked page with plotly.js (served by the site) and fills in the embed snippets.
(function () {
  // plotly.js fetches a world topojson from a CDN for every map: an empty one keeps the site self-contained
  var TOPOJSON_STUB = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#';
  var CJK = /[\u2e80-\u9fff\uff00-\uffef]/;
  function cells(s) { var n = 0; for (var i = 0; i < s.length; i++) n += CJK.test(s[i]) ? 2 : 1; return n; }
  // the figures' titles and footers are wrapped for a wide chart: on a narrow screen wrap them again
  function wrap(text, width) {
    var tokens = text.replace(/<br>/g, " ").match(/[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+/g) || [];
    var lines = [], line = "";
    tokens.forEach(function (tok) {
      if (line && cells(line + tok) > width) { lines.push(line.replace(/\s+$/, "")); line = tok.replace(/^\s+/, ""); }
      else line += tok;
    });
    if (line.trim()) lines.push(line.replace(/\s+$/, ""));
    return lines;
  }
  function narrow(el, layout) {
    var inner = el.clientWidth - 20, extraTop = 0, extraBottom = 0;
    layout.margin = layout.margin || {};
    layout.margin.l = Math.min(layout.margin.l || 0, 10);
    layout.margin.r = Math.min(layout.margin.r || 0, 10);
    var title = layout.title || {};
    if (title.text) {
      title.font = Object.assign({}, title.font, {size: 15});
      var lines = wrap(title.text, Math.floor(inner / 8));
      title.text = lines.join("<br>");
      extraTop += (lines.length - 1) * 19;
      if (title.subtitle && title.subtitle.text) {
        title.subtitle.font = Object.assign({}, title.subtitle.font, {size: 11});
        var sub = wrap(title.subtitle.text, Math.floor(inner / 6));
        title.subtitle.text = sub.join("<br>");
        extraTop += (sub.length - 1) * 14;
      }
    }
    (layout.annotations || []).forEach(function (a) {
      if (a.xref === "paper" && a.yref === "paper" && a.y === 0 && a.yanchor === "top" && a.text) {
        var before = a.text.split("<br>").length;
        var after = [];  // the sources and the notes each start a line of their own
        a.text.split(/<br>(?=注：|Notes: )/).forEach(function (part) { after = after.concat(wrap(part, Math.floor(inner / 5.5))); });
        a.text = after.join("<br>");
        a.font = Object.assign({}, a.font, {size: 10});
        extraBottom += Math.max(0, after.length * 13 - before * 16);
      }
    });
    layout.margin.t = (layout.margin.t || 80) + extraTop;
    layout.margin.b = (layout.margin.b || 20) + extraBottom;
    var height = (parseInt(el.style.height, 10) || 450) + extraTop + extraBottom;
    layout.height = height;
    el.style.height = height + "px";
  }
  if (window.Plotly) document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
    // under 700 px the copy laid out for a phone (charts.base.fit, as the live page shows), else the text re-wrapped
    var phone = el.clientWidth < 700, laidOut = phone && el.dataset.phone;
    var fig = JSON.parse(document.getElementById(laidOut ? el.dataset.phone : el.dataset.figure).textContent);
    var layout = fig.layout || {};
    layout.autosize = true;
    if (laidOut && layout.height) el.style.height = layout.height + "px";
    else if (phone) narrow(el, layout);
    Plotly.newPlot(el, fig.data, layout, {
      // a phone shows plotly's toolbar all the time, over the title: the downloads are under each chart
      responsive: true, displaylogo: false, topojsonURL: TOPOJSON_STUB, displayModeBar: phone ? false : "hover",
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

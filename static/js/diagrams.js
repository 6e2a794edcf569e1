// Workflow diagrams: Mermaid text rendered by the vendored mermaid.min.js (no network).
// On a phone a diagram shrunk to the screen's width is unreadable: there it keeps its own
// size, stays folded until asked for (it is taller than the page), scrolls sideways in its
// frame and opens on the current state.
if (window.mermaid) {
  var narrow = window.matchMedia("(max-width: 640px)").matches;
  var centre = function (frame) {
    var current = frame.querySelector(".current");
    if (!current) return;
    var box = current.getBoundingClientRect(), view = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  };
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral",
                              state: { useMaxWidth: !narrow } });
  window.mermaid.run({ querySelector: "pre.mermaid" }).then(function () {
    document.querySelectorAll("details.diagram").forEach(function (diagram) {
      var frame = diagram.querySelector(".mermaid-wrap");
      if (narrow) diagram.open = false;
      diagram.addEventListener("toggle", function () { if (diagram.open) centre(frame); });
    });
  });
}

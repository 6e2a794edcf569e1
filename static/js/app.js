// Small helpers for the pages; everything works without them except adding rows.
(function () {
  // The finding form: "+ measurement" clones the last row with the next index.
  document.querySelectorAll("[data-add-measurement]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById("measurements");
      var rows = box.querySelectorAll(".measurement");
      var next = parseInt(box.dataset.next || rows.length, 10);
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll("input, select, textarea, label").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(/measurements-\d+-/, "measurements-" + next + "-"));
        });
        if (el.tagName !== "LABEL") el.value = "";
      });
      copy.querySelectorAll(".error").forEach(function (e) { e.remove(); });
      copy.querySelectorAll(".has-error").forEach(function (e) { e.classList.remove("has-error"); });
      box.appendChild(copy);
      box.dataset.next = next + 1;
    });
  });

  // A parameter picked from the standard's list brings its unit, where none is typed yet.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[list=parameters]")) return;
    var option = document.querySelector('#parameters option[value="' + CSS.escape(input.value.trim().toLowerCase()) + '"]');
    var unit = document.getElementById(input.id.replace(/-parameter$/, "-unit"));
    if (option && unit && !unit.value) unit.value = option.dataset.unit;
  });
})();

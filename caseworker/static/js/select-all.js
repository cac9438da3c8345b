// A checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME of its
// form, and shows "some" (indeterminate) when only part of them are ticked. Without
// JavaScript each box is ticked by hand.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form;
    var boxes = form.querySelectorAll("input[type=checkbox][name='" + all.dataset.selectAll + "']");

    function sync() {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    (all.closest("[hidden]") || all).hidden = false;  // the box, or the line that holds it
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
    });
    boxes.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  });
}());

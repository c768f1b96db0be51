/* The case form's place: once a province is chosen, the canton list shows only its cantons;
   once a canton is chosen, the parish list shows only its parishes. A DPA code begins with
   the code of the place that contains it (17 Pichincha, 1701 Quito, 170150 its parish).
   Without JavaScript every option stays, grouped, and the server checks the choice. */
(function () {
  "use strict";
  function narrow(select, prefix) {
    if (!select.originalGroups) {
      select.originalGroups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));
    }
    var chosen = select.value;
    select.originalGroups.forEach(function (group) {
      if (group.parentNode) { group.parentNode.removeChild(group); }
    });
    select.originalGroups.forEach(function (group) {
      var first = group.querySelector("option");
      if (!prefix || (first && first.value.indexOf(prefix) === 0)) {
        select.appendChild(group);
      }
    });
    select.value = chosen && (!prefix || chosen.indexOf(prefix) === 0) ? chosen : "";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var province = document.getElementById("province");
    var canton = document.getElementById("canton");
    var parish = document.getElementById("parish");
    if (!province || !canton || !parish) { return; }
    function update() {
      narrow(canton, province.value);
      narrow(parish, canton.value || province.value);
    }
    province.addEventListener("change", update);
    canton.addEventListener("change", update);
    update();
  });
}());

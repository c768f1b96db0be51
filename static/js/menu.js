/* The site menu is a <details> that folds on a phone. On a wider screen the CSS shows it
   anyway; this keeps its open state true there too, so assistive technology is told the
   menu is expanded. Without JavaScript the menu still works. */
(function () {
  "use strict";
  var menu = document.querySelector("details.site-menu");
  if (!menu || !window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 40.0625rem)");
  function sync() { if (wide.matches) { menu.open = true; } }
  sync();
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
}());

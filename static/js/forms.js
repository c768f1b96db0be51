/* Forms that come back with errors: the focus moves to the error summary, so that a
   screen reader reads it at once and the keyboard starts from it; a link in the summary
   moves the focus to its field. Without a summary (one form among many on the page, such
   as a vote or a moderation decision), the focus moves to the first invalid field.
   Loaded with "defer": the document is parsed when this runs. */
(function () {
  "use strict";

  function focusable(target) {
    // A group of choices (a fieldset) takes the focus on its first control.
    if (target.matches("fieldset, ul, ol, div")) {
      return target.querySelector("input, select, textarea, button") || target;
    }
    return target;
  }

  function moveFocus() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
      return;
    }
    var invalid = document.querySelector("main [aria-invalid='true']");
    if (invalid) {
      focusable(invalid).focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    event.preventDefault();
    target.scrollIntoView({block: "center"});
    focusable(target).focus();
  });

  moveFocus();
  // A page reached at an anchor (a question's "#pregunta-3") moves the focus to that
  // anchor once loaded: move it on to the error again, unless the person has moved it.
  if (location.hash) {
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        if (!document.activeElement || document.activeElement === document.body) {
          moveFocus();
        }
      }, 0);
    });
  }
})();

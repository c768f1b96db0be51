// A print button where JavaScript runs; without it the browser's print command does the same.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

// eventwire web UI: the only script, and the pages work without it.
// Rows of the events table open their event page on click (the id cell stays a real link).
document.addEventListener("click", function (e) {
  var row = e.target.closest("tr[data-href]");
  if (!row || e.target.closest("a, button, input")) return;
  window.location.href = row.getAttribute("data-href");
});

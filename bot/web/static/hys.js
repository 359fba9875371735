/* Have your say: small enhancements only. Everything works without this file. */
(function () {
  "use strict";
  var exits = document.querySelectorAll("[data-exit]");
  var neutral = exits.length ? exits[0].getAttribute("data-exit") : "";

  /* Exit this page: hide the page at once, tell the server to forget this visit (and what
     was being written), and replace this page in the history with a neutral site, so Back
     does not return to it. */
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.classList.add("leaving");
    if (navigator.sendBeacon) { navigator.sendBeacon("/exit"); }
    window.location.replace(neutral || "/exit");
  }
  for (var i = 0; i < exits.length; i++) { exits[i].addEventListener("click", leave); }

  /* Pressing Shift 3 times (within 5 seconds) leaves too, as on GOV.UK. */
  var presses = 0;
  var timer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 5000);
    if (presses >= 3) { leave(); }
  });

  /* A form is sent once: a double click does not send it twice. */
  var forms = document.querySelectorAll("form");
  for (var j = 0; j < forms.length; j++) {
    forms[j].addEventListener("submit", function (event) {
      if (this.getAttribute("data-sent")) { event.preventDefault(); return; }
      this.setAttribute("data-sent", "yes");
    });
  }
})();

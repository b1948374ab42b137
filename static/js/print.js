/* A printed page names what a reader needs to find it again: each link of the site prints its
   full address (print.css shows data-print-href after the link; without JavaScript it shows
   the path), and the print header the page's address and the day it was printed. */
"use strict";

(function () {
  function forPaper() {
    for (const link of document.querySelectorAll('main a[href^="/"]')) {
      link.dataset.printHref = link.href; // the browser's absolute form of the address
    }
    const address = document.querySelector("[data-print-address]");
    if (address) {
      address.textContent = window.location.href.split("#")[0];
    }
    const day = document.querySelector("[data-print-date]");
    if (day) {
      const today = new Date();
      day.textContent = today.toLocaleDateString("en-GB", {
        day: "numeric",
        month: "long",
        year: "numeric",
      });
      day.dateTime = today.toISOString().slice(0, 10);
    }
  }

  forPaper();
  // Links added since (the routine's controls) get theirs too.
  window.addEventListener("beforeprint", forPaper);
})();

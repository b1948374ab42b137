/* Registers the service worker (/sw.js) that keeps the guide readable offline once visited.
   Progressive enhancement: without it, or without JavaScript, every page works online as
   before. The worker's address comes from the script tag (data-service-worker). */
"use strict";

(function () {
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) {
    return;
  }
  const address = script.dataset.serviceWorker;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(address).catch(() => {
      // Offline reading is a bonus; a failed registration changes nothing else.
    });
  });
})();

/*
 * calfcare admin: Tab moves between fields, in the Markdown editor too.
 *
 * django-markdownx turns Tab in its editor into "indent" and Shift+Tab into "un-indent", so a
 * keyboard user who tabs into the editor can never tab out of it again: a keyboard trap
 * (WCAG 2.1.2). Stopping the Tab key on its way down to the editor leaves the browser's own
 * behaviour, and focus moves on. Ctrl+] and Ctrl+[ still indent and un-indent.
 */
(function () {
  "use strict";

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Tab" || !(event.target instanceof Element)) return;
      if (event.target.closest(".markdownx-editor")) event.stopPropagation();
    },
    true
  );
})();

// django-markdownx starts its editors once, when the page loads. A row added later with
// "Add another …" is a copy of a hidden template row: it carries markdownx's "started" mark but
// none of its live preview. So clear the mark on the new row and run markdownx's script again;
// it starts every editor on the page that is not started yet, which is now only the new row's.
"use strict";

document.addEventListener("formset:added", (event) => {
  const editors = event.target.querySelectorAll(".markdownx-editor[data-markdownx-init]");
  const markdownx = document.querySelector('script[src*="markdownx/js/markdownx"]');
  if (editors.length === 0 || markdownx === null) {
    return;
  }
  for (const editor of editors) {
    editor.removeAttribute("data-markdownx-init");
  }
  const again = document.createElement("script");
  again.src = markdownx.src;
  document.head.append(again);
});

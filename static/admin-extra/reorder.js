/*
 * calfcare admin, lists of causes, steps and aftercare notes (articles/desk/reorder.py):
 *
 * - After a "Move up" or "Move down" button, the list opens again at #move-<id>-<direction>:
 *   focus goes back to that same button, so Enter moves the item one more place.
 * - After a drag and drop, sortable2's script saves the new order and says nothing. Its request
 *   is watched here: when the server answers that an item moved, a status message says
 *   "Moved “X”." with an Undo button, which puts the order from before the drop back.
 */
(function () {
  "use strict";

  function focusMovedButton() {
    const match = /^#(move-\d+-(?:up|down))$/.exec(window.location.hash);
    const button = match && document.getElementById(match[1]);
    if (button) button.focus();
  }

  function statusArea() {
    let area = document.getElementById("move-status");
    if (area) return area;
    const list = document.getElementById("changelist-form");
    if (!list) return null;
    // Made at load, empty, so screen readers announce what is put in it later.
    area = document.createElement("div");
    area.id = "move-status";
    area.className = "move-status";
    area.setAttribute("role", "status");
    list.before(area);
    return area;
  }

  function csrfToken() {
    const field = document.querySelector("#changelist-form input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  function offerUndo(title, undoUrl) {
    const area = statusArea();
    if (!area) return;
    const form = document.createElement("form");
    form.method = "post";
    form.action = undoUrl;
    form.className = "move-status__form";
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken();
    const text = document.createElement("span");
    text.textContent = "Moved “" + title + "”. ";
    const undo = document.createElement("button");
    undo.type = "submit";
    undo.className = "button move-status__undo";
    undo.textContent = "Undo";
    form.append(token, text, undo);
    area.replaceChildren(form);
  }

  const originalFetch = window.fetch;
  window.fetch = async function (resource, options) {
    const response = await originalFetch.apply(this, arguments);
    const url = typeof resource === "string" ? resource : resource && resource.url;
    if (url && url.includes("adminsortable2_update") && response.ok) {
      const undoUrl = response.headers.get("X-Undo-Url");
      const title = response.headers.get("X-Moved-Title");
      if (undoUrl && title) offerUndo(decodeURIComponent(title), undoUrl);
    }
    return response;
  };

  document.addEventListener("DOMContentLoaded", function () {
    statusArea();
    focusMovedButton();
  });
})();

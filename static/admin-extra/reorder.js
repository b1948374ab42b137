/*
 * calfcare admin, lists of causes, steps and aftercare notes (articles/desk/reorder.py):
 *
 * - After a "Move up" or "Move down" button, the list opens again at #move-<id>-<direction>:
 *   focus goes back to that same button, so Enter moves the item one more place.
 * - After a drag and drop, sortable2's script saves the new order and says nothing. Its request
 *   is watched here: when the server answers that an item moved, a status message says
 *   "Moved “X”." with an Undo button, which puts the order from before the drop back.
 * - A drop the server refuses (409: the routine's first step stays first) has moved nothing on
 *   the server, but sortable2 has already moved the rows and renumbered their handles. The rows
 *   are put back in the order the server sent, and its message is shown instead of "Moved".
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
    area.classList.remove("move-status--refused");
    area.replaceChildren(form);
  }

  function showRefusal(message) {
    const area = statusArea();
    if (!area) return;
    const text = document.createElement("p");
    text.className = "move-status__refused";
    text.textContent = message;
    area.classList.add("move-status--refused");
    area.replaceChildren(text);
  }

  // Put the rows in the saved order, and their handles' numbers, which sortable2 reads at the
  // next drop, back to the saved positions. `order` is [[primary key, position], …] in order.
  function putRowsBack(order) {
    const body = document.querySelector("#result_list tbody");
    if (!body) return;
    const rows = new Map();
    body.querySelectorAll("tr").forEach(function (row) {
      const handle = row.querySelector(".handle[pk]");
      if (handle) rows.set(handle.getAttribute("pk"), row);
    });
    order.forEach(function (pair) {
      const row = rows.get(String(pair[0]));
      if (!row) return;
      row.querySelector(".handle").setAttribute("order", String(pair[1]));
      body.append(row);
    });
  }

  async function refused(response) {
    let answer;
    try {
      answer = await response.clone().json();
    } catch (error) {
      return; // not our refusal: sortable2's own error, logged by its script
    }
    if (answer && answer.error) {
      putRowsBack(answer.order || []);
      showRefusal(answer.error);
    }
  }

  const originalFetch = window.fetch;
  window.fetch = async function (resource, options) {
    const response = await originalFetch.apply(this, arguments);
    const url = typeof resource === "string" ? resource : resource && resource.url;
    if (url && url.includes("adminsortable2_update") && response.ok) {
      const undoUrl = response.headers.get("X-Undo-Url");
      const title = response.headers.get("X-Moved-Title");
      if (undoUrl && title) offerUndo(decodeURIComponent(title), undoUrl);
    } else if (url && url.includes("adminsortable2_update") && response.status === 409) {
      await refused(response);
    }
    return response;
  };

  document.addEventListener("DOMContentLoaded", function () {
    statusArea();
    focusMovedButton();
  });
})();

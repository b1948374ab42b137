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

/*
 * calfcare admin: an image dropped or pasted into a Markdown box is uploaded here, not by
 * django-markdownx.
 *
 * markdownx writes "Invalid response" into the text whenever an upload is refused (its request
 * treats every answer, 400 included, as a success, finds no image code in it, and inserts that
 * text), so a refused file left words in the page that could be published; and on the body-limit
 * 413 (an HTML page, delivery/request_limits.py) its JSON.parse throws and the editor is told
 * nothing. So the drop and the paste stop here, on their way down to markdownx's own listeners on
 * the box: the text changes only when an image is stored, and a refusal's reason (the endpoint's
 * plain `message`, articles/desk/endpoints.py) shows beside the box until the next upload or edit.
 */
(function () {
  "use strict";

  const TOO_LARGE = "This file is too large to upload. Save the image smaller and try again.";

  function editorOf(target) {
    return target instanceof Element ? target.closest(".markdownx-editor") : null;
  }

  function csrfToken(box) {
    const field = box.form && box.form.querySelector("input[name='csrfmiddlewaretoken']");
    if (field) return field.value;
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
  }

  function clearRefusal(box) {
    const alert = document.getElementById(box.id + "-upload-error");
    if (alert === null) return;
    alert.remove();
    const described = (box.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && id !== alert.id);
    if (described.length) box.setAttribute("aria-describedby", described.join(" "));
    else box.removeAttribute("aria-describedby");
  }

  function showRefusal(box, message) {
    clearRefusal(box);
    const alert = document.createElement("p");
    alert.id = box.id + "-upload-error";
    alert.className = "errornote upload-error";
    alert.setAttribute("role", "alert");
    alert.textContent = message;
    box.after(alert);
    const described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", described ? described + " " + alert.id : alert.id);
  }

  function insertAtCursor(box, text) {
    const start = box.selectionStart;
    box.value = box.value.slice(0, start) + text + box.value.slice(box.selectionEnd);
    box.selectionStart = box.selectionEnd = start + text.length;
    // markdownx refreshes the live preview on "input".
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  async function reasonFor(response) {
    if (response.status === 413) return TOO_LARGE;
    try {
      const answer = await response.json();
      if (answer && typeof answer.message === "string" && answer.message) return answer.message;
    } catch (notJson) {
      // Fall through to the general message below.
    }
    return "The image could not be uploaded (the server answered " + response.status + ").";
  }

  async function upload(box, file) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken(box));
    data.append("image", file);
    box.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(box.getAttribute("data-markdownx-upload-urls-path"), {
        method: "POST",
        body: data,
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const answer = await response.json().catch(() => ({}));
        if (answer.image_code) {
          insertAtCursor(box, answer.image_code);
          return;
        }
      }
      showRefusal(box, await reasonFor(response));
    } catch (failed) {
      showRefusal(box, "The image could not be uploaded: check the connection and try again.");
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  function takeFiles(event, files) {
    const box = editorOf(event.target);
    if (!box || !files || files.length === 0) return;
    event.stopPropagation();
    event.preventDefault();
    clearRefusal(box);
    for (const file of files) upload(box, file);
  }

  document.addEventListener(
    "drop",
    (event) => takeFiles(event, event.dataTransfer && event.dataTransfer.files),
    true
  );
  document.addEventListener(
    "paste",
    (event) => takeFiles(event, event.clipboardData && event.clipboardData.files),
    true
  );
  // The editor's own typing clears a refusal; the "input" sent after an image is inserted
  // (untrusted) does not, so a refusal of one of several dropped files stays readable.
  document.addEventListener(
    "input",
    (event) => {
      const box = event.isTrusted && editorOf(event.target);
      if (box) clearRefusal(box);
    },
    true
  );
})();

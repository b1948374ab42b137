/*
 * calfcare admin, change forms: unsaved text is never lost without a warning.
 *
 * - Leaving a form with changes not saved (a link, closing the tab) makes the browser ask first
 *   (beforeunload). Pressing Save does not: the form is on its way to the server.
 * - While the editor types, what they changed is kept in this tab's sessionStorage, under the
 *   form's address. If the sign-in has expired when they press Save, Django sends them to the
 *   sign-in page and the text in the page is gone; when the form opens again after signing in,
 *   a message offers "Restore the text you had not saved". Nothing is ever restored without the
 *   editor asking. The version the form was opened at is restored with the text, so a save a
 *   colleague made meanwhile is still caught as a conflict (articles/desk/forms.py).
 * - After a save that worked (the admin's success message), the kept text is dropped.
 */
(function () {
  "use strict";

  const PREFIX = "calfcare-unsaved:";
  const SKIPPED_TYPES = new Set(["submit", "button", "reset", "file", "image"]);

  function changeForm() {
    if (!document.body.classList.contains("change-form")) return null;
    // The item's own form (Django names it "<model>_form"), not the publishing panel's buttons.
    const form = document.querySelector("#content-main form[id$='_form']");
    if (!form || !form.id.endsWith("_form")) return null;
    return form;
  }

  function keyFor() {
    return PREFIX + window.location.pathname;
  }

  function isVersion(name) {
    return name === "loaded_version" || name.endsWith("-loaded_version");
  }

  // The form's values by name: text as typed, checkboxes as "on" or "".
  function values(form) {
    const found = {};
    for (const element of form.elements) {
      const name = element.name;
      if (!name || element.disabled || SKIPPED_TYPES.has(element.type)) continue;
      if (name === "csrfmiddlewaretoken" || name.includes("__prefix__")) continue;
      if (element.type === "checkbox") found[name] = element.checked ? "on" : "";
      else if (element.type === "radio") {
        if (element.checked) found[name] = element.value;
      } else if (element.type === "hidden" && !isVersion(name)) continue;
      else if (element.multiple) {
        found[name] = Array.from(element.selectedOptions, (option) => option.value).join("\n");
      } else found[name] = element.value;
    }
    return found;
  }

  function differing(now, then) {
    const changed = {};
    for (const name of Object.keys(now)) {
      if (!isVersion(name) && now[name] !== then[name]) changed[name] = now[name];
    }
    return changed;
  }

  function setValue(form, name, value) {
    for (const element of form.querySelectorAll("[name='" + CSS.escape(name) + "']")) {
      if (element.type === "checkbox") element.checked = value === "on";
      else if (element.type === "radio") element.checked = element.value === value;
      else if (element.multiple) {
        const chosen = new Set(value.split("\n"));
        for (const option of element.options) option.selected = chosen.has(option.value);
      } else element.value = value;
      // markdownx refreshes the live preview on "input"; other scripts listen for "change".
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function read() {
    try {
      return JSON.parse(window.sessionStorage.getItem(keyFor()) || "null");
    } catch (broken) {
      return null;
    }
  }

  function write(record) {
    try {
      if (record) window.sessionStorage.setItem(keyFor(), JSON.stringify(record));
      else window.sessionStorage.removeItem(keyFor());
    } catch (full) {
      // Storage full or refused: the warning before leaving still protects the text.
    }
  }

  // A save that worked: drop whatever this tab kept for forms it has sent.
  function forgetSentForms() {
    if (!document.querySelector(".messagelist .success")) return;
    for (let index = window.sessionStorage.length - 1; index >= 0; index -= 1) {
      const key = window.sessionStorage.key(index);
      if (!key || !key.startsWith(PREFIX)) continue;
      try {
        if (JSON.parse(window.sessionStorage.getItem(key)).sent) window.sessionStorage.removeItem(key);
      } catch (broken) {
        window.sessionStorage.removeItem(key);
      }
    }
  }

  function offerRestore(form, kept, onRestored) {
    const box = document.createElement("div");
    box.className = "kept-text";
    box.setAttribute("role", "status");
    const text = document.createElement("p");
    text.className = "kept-text__message";
    text.textContent =
      "This browser kept changes to this form that were not saved (for example because your " +
      "sign-in had expired). They are not in the form below.";
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button kept-text__restore";
    restore.textContent = "Restore the text you had not saved";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button kept-text__discard";
    discard.textContent = "Discard it";
    restore.addEventListener("click", () => {
      for (const [name, value] of Object.entries(kept.fields)) setValue(form, name, value);
      for (const [name, value] of Object.entries(kept.versions || {})) setValue(form, name, value);
      box.replaceChildren(text);
      text.textContent = "Your unsaved text is back in the form. Check it, then save.";
      onRestored();
      const first = Object.keys(kept.fields)[0];
      const field = first && form.querySelector("[name='" + CSS.escape(first) + "']");
      if (field) field.focus();
    });
    discard.addEventListener("click", () => {
      write(null);
      box.remove();
    });
    box.append(text, restore, discard);
    form.prepend(box);
  }

  function start() {
    forgetSentForms();
    const form = changeForm();
    if (!form) return;
    const opened = values(form);
    let submitting = false;

    // A form shown again with errors holds text the server has not saved.
    const unsavedOnArrival = form.querySelector(".errornote, .errorlist") !== null;
    // What was kept before this page and is already in the form (a form shown again with
    // errors): still unsaved, so it stays kept along with what the editor types next.
    let base = { fields: {}, versions: {} };

    const kept = read();
    if (kept && kept.fields) {
      const stillDifferent = Object.keys(kept.fields).some(
        (name) => name in opened && opened[name] !== kept.fields[name]
      );
      if (stillDifferent) offerRestore(form, kept, () => {});
      else if (unsavedOnArrival) base = { fields: kept.fields, versions: kept.versions || {} };
      else write(null);
    }

    function keep() {
      const now = values(form);
      const fields = Object.assign({}, base.fields, differing(now, opened));
      if (Object.keys(fields).length === 0) return write(null);
      const versions = Object.assign({}, base.versions);
      for (const name of Object.keys(now)) {
        if (isVersion(name) && !(name in versions)) versions[name] = opened[name];
      }
      write({ fields: fields, versions: versions, sent: false });
    }

    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", () => {
      submitting = true;
      const record = read();
      if (record) write(Object.assign(record, { sent: true }));
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting) return;
      if (!unsavedOnArrival && Object.keys(differing(values(form), opened)).length === 0) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers need it set to show the question
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

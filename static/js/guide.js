/*
 * calfcare: progressive enhancement only. Every page works without this file; with it:
 * - "Share this step" gets a Share (Web Share API) or Copy link button;
 * - steps with repetitions get a tap counter, steps with a duration get a timer;
 * - "Start the routine" on the massage page walks the steps one at a time.
 */
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(text, className) {
    var node = element("button", "button " + (className || ""), text);
    node.type = "button";
    return node;
  }

  /* Share or copy a step's link. The visible link stays as the no-JavaScript fallback. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = element("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(field);
      if (copied) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function enhanceShare(box) {
    var link = box.querySelector(".share__link");
    var status = box.querySelector(".share__status");
    var url = link.href;
    var title = box.getAttribute("data-share-title") || document.title;
    var canShare = typeof navigator.share === "function";
    var control = button(canShare ? "Share this step" : "Copy link", "share__button");
    control.addEventListener("click", function () {
      status.textContent = "";
      if (canShare) {
        navigator.share({ title: title, url: url }).catch(function () {});
        return;
      }
      copyText(url).then(
        function () {
          status.textContent = "Link copied. You can paste it into a message.";
        },
        function () {
          status.textContent = "Could not copy. Select the link above and copy it.";
        }
      );
    });
    box.insertBefore(control, status);
  }

  /* A tap counter for "Repeat 10 to 12 times". */
  function enhanceCounter(facts) {
    var target = parseInt(facts.getAttribute("data-repetitions"), 10);
    var count = 0;
    var box = element("div", "counter");
    var value = element("p", "counter__value");
    value.setAttribute("aria-live", "polite");
    var tap = button("Count one", "counter__tap");
    var reset = button("Reset count", "button--secondary counter__reset");
    function show() {
      value.textContent =
        count >= target ? count + " of " + target + ": done" : "Count: " + count + " of " + target;
    }
    tap.addEventListener("click", function () {
      count += 1;
      show();
    });
    reset.addEventListener("click", function () {
      count = 0;
      show();
    });
    show();
    box.appendChild(tap);
    box.appendChild(value);
    box.appendChild(reset);
    facts.parentNode.insertBefore(box, facts.nextSibling);
  }

  /* An optional stopwatch for "a few minutes": the seed gives no exact time, so it counts up. */
  function enhanceTimer(facts) {
    var box = element("div", "timer");
    var value = element("p", "timer__value", "0:00");
    value.setAttribute("role", "timer");
    value.setAttribute("aria-label", "Time so far");
    var toggle = button("Start timer", "timer__toggle");
    var reset = button("Reset timer", "button--secondary timer__reset");
    var started = null;
    var elapsed = 0;
    var ticker = null;
    function seconds() {
      return elapsed + (started ? Math.floor((Date.now() - started) / 1000) : 0);
    }
    function show() {
      var total = seconds();
      var rest = total % 60;
      value.textContent = Math.floor(total / 60) + ":" + (rest < 10 ? "0" : "") + rest;
    }
    function stop() {
      if (started) elapsed = seconds();
      started = null;
      clearInterval(ticker);
      toggle.textContent = elapsed ? "Carry on timing" : "Start timer";
    }
    toggle.addEventListener("click", function () {
      if (started) {
        stop();
      } else {
        started = Date.now();
        ticker = setInterval(show, 250);
        toggle.textContent = "Pause timer";
      }
      show();
    });
    reset.addEventListener("click", function () {
      stop();
      elapsed = 0;
      toggle.textContent = "Start timer";
      show();
    });
    box.appendChild(toggle);
    box.appendChild(value);
    box.appendChild(reset);
    facts.parentNode.insertBefore(box, facts.nextSibling);
  }

  /* The guided routine: one step at a time on the massage page, large text, previous/next. */
  function enhanceRoutine(start) {
    var list = document.querySelector("[data-routine]");
    if (!list) return;
    var steps = Array.prototype.slice.call(list.querySelectorAll(".step-list__item"));
    if (!steps.length) return;
    var startBlock = start.parentNode;
    var current = 0;
    var controls = element("div", "routine-controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Routine controls");
    var progress = element("p", "routine-controls__progress");
    progress.setAttribute("aria-live", "polite");
    var previous = button("Previous step", "button--secondary routine-controls__previous");
    var next = button("Next step", "routine-controls__next");
    var exit = button("Show all steps", "button--secondary routine-controls__exit");
    var warning = element("p", "routine-controls__warning");
    var warningLink = element("a", "", "Swollen, warm or red leg? Stop: check the signs of a clot");
    warningLink.href = "#urgent-signs";
    warning.appendChild(warningLink);
    [progress, previous, next, exit, warning].forEach(function (node) {
      controls.appendChild(node);
    });

    function show(index) {
      current = index;
      steps.forEach(function (step, i) {
        step.hidden = i !== index;
      });
      progress.textContent = "Step " + (index + 1) + " of " + steps.length;
      previous.disabled = index === 0;
      next.textContent = index === steps.length - 1 ? "Finish" : "Next step";
      history.replaceState(null, "", "#" + steps[index].id);
      steps[index].scrollIntoView({ block: "start" });
      steps[index].querySelector(".step-list__title").focus({ preventScroll: true });
    }

    function leave(targetId) {
      list.classList.remove("step-list--routine");
      steps.forEach(function (step) {
        step.hidden = false;
      });
      controls.remove();
      startBlock.hidden = false;
      var target = document.getElementById(targetId);
      history.replaceState(null, "", "#" + targetId);
      if (target) {
        target.scrollIntoView();
        var heading = target.querySelector("h2, h3");
        if (heading) {
          if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
          heading.focus();
        }
      }
    }

    previous.addEventListener("click", function () {
      if (current > 0) show(current - 1);
    });
    next.addEventListener("click", function () {
      if (current < steps.length - 1) show(current + 1);
      else leave("aftercare");
    });
    exit.addEventListener("click", function () {
      leave(steps[current].id);
    });
    list.addEventListener("keydown", function (event) {
      if (!list.classList.contains("step-list--routine")) return;
      if (event.target.closest("button, a")) return;
      if (event.key === "ArrowRight" && current < steps.length - 1) show(current + 1);
      if (event.key === "ArrowLeft" && current > 0) show(current - 1);
    });
    start.addEventListener("click", function (event) {
      event.preventDefault();
      list.classList.add("step-list--routine");
      startBlock.hidden = true;
      list.parentNode.insertBefore(controls, list.nextSibling);
      show(0);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), enhanceShare);
    // Counters and timers belong where a reader follows the routine, not in the overview.
    var routine = ".step [data-repetitions], [data-routine] [data-repetitions]";
    var timed = ".step [data-duration], [data-routine] [data-duration]";
    Array.prototype.forEach.call(document.querySelectorAll(routine), enhanceCounter);
    Array.prototype.forEach.call(document.querySelectorAll(timed), enhanceTimer);
    var start = document.querySelector("[data-routine-start]");
    if (start) enhanceRoutine(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/*
 * calfcare: progressive enhancement only. Every page works without this file; with it:
 * - "Share this step" gets a Share (Web Share API) or Copy link button;
 * - a step timed in words ("a few minutes", data-duration) gets a timer the reader starts and
 *   stops, counting up: the site never turns the words into a number nobody gave;
 * - a step an editor gave a countdown (data-target-seconds, a clinical box approved like any
 *   other) gets that countdown;
 * - "Start the routine" on the massage page walks the steps one at a time, hands-free: a large
 *   Next on the lower half of the screen, spoken prompts if the reader wants them and the screen
 *   kept awake. The reader moves on: nothing moves on by itself.
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

  /* The reader's choices (read aloud, move on by itself) are kept in localStorage; a browser
     that refuses storage (private mode, blocked cookies) just forgets them. */
  var READ_ALOUD = "calfcare.routine.readAloud";

  function remembered(key) {
    try {
      return window.localStorage.getItem(key) === "on";
    } catch (error) {
      return false;
    }
  }

  function remember(key, on) {
    try {
      if (on) window.localStorage.setItem(key, "on");
      else window.localStorage.removeItem(key);
    } catch (error) {
      /* nothing to keep it in */
    }
  }

  function checkbox(label, className) {
    var wrapper = element("p", className);
    var field = element("input", className + "-input");
    field.type = "checkbox";
    var text = element("label", "", " " + label);
    text.insertBefore(field, text.firstChild);
    wrapper.appendChild(text);
    wrapper.field = field;
    return wrapper;
  }

  /* Spoken prompts through the browser's own speech synthesis: silent until the reader turns
     them on in the routine, and only while the routine runs. */
  var speech = {
    supported: !!(window.speechSynthesis && window.SpeechSynthesisUtterance),
    on: false,
    say: function (text, queued) {
      if (!speech.supported || !speech.on) return;
      if (!queued) window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(text));
    },
    stop: function () {
      if (speech.supported) window.speechSynthesis.cancel();
    },
  };

  function clockFace(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function inWords(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) parts.push(minutes + (minutes === 1 ? " minute" : " minutes"));
    if (rest || !minutes) parts.push(rest + (rest === 1 ? " second" : " seconds"));
    return parts.join(" and ");
  }

  /* A countdown from the editor's target (data-target-seconds), shown large as m:ss. The
     clock face is role="timer" (not announced each second); a polite status line says when it
     starts, each whole minute left, 10 seconds left and when time is up. */
  function enhanceCountdown(facts, onDone) {
    var target = parseInt(facts.getAttribute("data-target-seconds"), 10);
    if (!(target > 0)) return null;
    var box = element("div", "timer timer--countdown");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Countdown");
    var face = element("p", "timer__value", clockFace(target));
    face.setAttribute("role", "timer");
    var buttons = element("p", "timer__buttons");
    var toggle = button("Start countdown", "timer__toggle");
    var reset = button("Reset countdown", "button--secondary timer__reset");
    var status = element("p", "timer__status");
    status.setAttribute("role", "status");
    var endsAt = null; // when running: the Date.now() at which time is up
    var left = target * 1000; // when paused: milliseconds left
    var shown = target; // the seconds left at the last tick, to notice what was crossed
    var ticker = null;

    function secondsLeft() {
      return Math.max(0, Math.ceil((endsAt ? endsAt - Date.now() : left) / 1000));
    }

    function halt() {
      if (endsAt) left = Math.max(0, endsAt - Date.now());
      endsAt = null;
      clearInterval(ticker);
      box.classList.remove("timer--running");
    }

    function tick() {
      var now = secondsLeft();
      face.textContent = clockFace(now);
      if (now >= shown) return;
      var before = shown;
      shown = now;
      if (now === 0) {
        halt();
        left = 0;
        toggle.textContent = "Start countdown";
        box.classList.add("timer--done");
        status.textContent = "Time is up.";
        if (onDone) onDone(status);
      } else if (before > 10 && now <= 10) {
        status.textContent = "10 seconds left.";
      } else if (Math.ceil(before / 60) > Math.ceil(now / 60)) {
        status.textContent = inWords(Math.ceil(now / 60) * 60) + " left.";
      }
    }

    function run() {
      if (left <= 0) {
        left = target * 1000;
        shown = target;
      }
      status.textContent =
        left === target * 1000
          ? "Countdown started: " + inWords(target) + "."
          : "Countdown carries on: " + inWords(secondsLeft()) + " left.";
      endsAt = Date.now() + left;
      box.classList.remove("timer--done");
      box.classList.add("timer--running");
      ticker = setInterval(tick, 250);
      toggle.textContent = "Pause countdown";
      tick();
    }

    function pause() {
      if (!endsAt) return;
      halt();
      toggle.textContent = "Carry on";
      status.textContent = "Paused: " + inWords(secondsLeft()) + " left.";
    }

    toggle.addEventListener("click", function () {
      if (endsAt) pause();
      else run();
    });
    reset.addEventListener("click", function () {
      halt();
      left = target * 1000;
      shown = target;
      toggle.textContent = "Start countdown";
      box.classList.remove("timer--done");
      status.textContent = "";
      face.textContent = clockFace(target);
    });
    buttons.appendChild(toggle);
    buttons.appendChild(reset);
    box.appendChild(face);
    box.appendChild(buttons);
    box.appendChild(status);
    facts.parentNode.insertBefore(box, facts.nextSibling);
    return { box: box, pause: pause };
  }

  /* The reader's own timer, for a step timed in words ("a few minutes"): it counts up from 0:00
     when they start it and stops when they stop it. The site sets no time and says nothing when
     any time passes; the step's own words say how long. */
  function enhanceStopwatch(facts) {
    if (!facts.hasAttribute("data-duration") || facts.hasAttribute("data-target-seconds")) {
      return null;
    }
    var box = element("div", "timer timer--stopwatch");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Your timer");
    var face = element("p", "timer__value", clockFace(0));
    face.setAttribute("role", "timer");
    var buttons = element("p", "timer__buttons");
    var toggle = button("Start timer", "timer__toggle");
    var reset = button("Reset timer", "button--secondary timer__reset");
    var status = element("p", "timer__status");
    status.setAttribute("role", "status");
    var startedAt = null; // when running: Date.now() minus the time already counted
    var counted = 0; // when stopped: milliseconds counted
    var ticker = null;

    function seconds() {
      return Math.floor((startedAt ? Date.now() - startedAt : counted) / 1000);
    }

    function tick() {
      face.textContent = clockFace(seconds());
    }

    function pause() {
      if (!startedAt) return;
      counted = Date.now() - startedAt;
      startedAt = null;
      clearInterval(ticker);
      box.classList.remove("timer--running");
      toggle.textContent = "Carry on";
      status.textContent = "Timer stopped at " + inWords(seconds()) + ".";
      tick();
    }

    toggle.addEventListener("click", function () {
      if (startedAt) {
        pause();
        return;
      }
      startedAt = Date.now() - counted;
      box.classList.add("timer--running");
      ticker = setInterval(tick, 250);
      toggle.textContent = "Stop timer";
      status.textContent = counted ? "Timer carries on." : "Timer started.";
      tick();
    });
    reset.addEventListener("click", function () {
      if (startedAt) clearInterval(ticker);
      startedAt = null;
      counted = 0;
      box.classList.remove("timer--running");
      toggle.textContent = "Start timer";
      status.textContent = "";
      tick();
    });
    buttons.appendChild(toggle);
    buttons.appendChild(reset);
    box.appendChild(face);
    box.appendChild(buttons);
    box.appendChild(status);
    facts.parentNode.insertBefore(box, facts.nextSibling);
    return { box: box, pause: pause };
  }

  /* The guided routine: one step at a time on the massage page, the step's number and title
     first and large, a large Next on a bar fixed to the bottom of the screen, the screen kept
     awake (Screen Wake Lock, where the browser has it) and focus on each new step's heading. */
  function enhanceRoutine(start) {
    var list = document.querySelector("[data-routine]");
    if (!list) return;
    var steps = Array.prototype.slice.call(list.querySelectorAll(".step-list__item"));
    if (!steps.length) return;
    var startBlock = start.parentNode;
    var current = 0;
    var running = false;
    var wakeLock = null;

    var controls = element("div", "routine-controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Routine controls");
    var bar = element("div", "routine-controls__bar");
    var previous = button("Previous step", "button--secondary routine-controls__previous");
    var next = button("Next step", "routine-controls__next");
    bar.appendChild(previous);
    bar.appendChild(next);
    controls.appendChild(bar);
    var readAloud = null;
    if (speech.supported) {
      readAloud = checkbox("Read steps aloud", "routine-controls__option");
      readAloud.field.checked = remembered(READ_ALOUD);
      controls.appendChild(readAloud);
    }
    var exit = button("Show all steps", "button--secondary routine-controls__exit");
    controls.appendChild(exit);
    var warning = element("p", "routine-controls__warning");
    var warningLink = element("a", "", "Any sign of a blood clot? Stop, and check the signs");
    warningLink.href = "#urgent-signs";
    warning.appendChild(warningLink);
    // Above the step, not among the controls: the reader sees it before each step, and the bar
    // fixed to the bottom of the screen can never cover it.

    var parts = steps.map(function (step, index) {
      var number = step.querySelector(".step-list__number");
      var heading = step.querySelector(".step-list__title");
      var facts = step.querySelector(".step-facts");
      var part = {
        heading: heading,
        number: number,
        listNumber: number ? number.textContent : "",
        routineNumber: "Step " + (index + 1) + " of " + steps.length,
        title: heading.textContent.replace(number ? number.textContent : "", "").trim(),
        timer: null,
      };
      if (facts && facts.hasAttribute("data-target-seconds")) {
        part.timer = enhanceCountdown(facts, function () {
          timeIsUp(index);
        });
      } else if (facts) {
        part.timer = enhanceStopwatch(facts);
      }
      return part;
    });

    function spoken(index) {
      var step = steps[index];
      var words = [parts[index].routineNumber + ".", parts[index].title + "."];
      var instruction = step.querySelector(".step-list__instruction");
      if (instruction) words.push(instruction.textContent.replace(/\s+/g, " ").trim());
      Array.prototype.forEach.call(step.querySelectorAll(".step-facts__item"), function (item) {
        words.push(item.textContent.replace(/\s+/g, " ").trim() + ".");
      });
      return words.join(" ");
    }

    function settle(index) {
      var part = parts[index];
      if (part.timer) part.timer.pause();
    }

    function show(index) {
      settle(current);
      current = index;
      steps.forEach(function (step, i) {
        step.hidden = i !== index;
      });
      previous.disabled = index === 0;
      next.textContent = index === steps.length - 1 ? "Finish" : "Next step";
      history.replaceState(null, "", "#" + steps[index].id);
      steps[index].scrollIntoView({ block: "start" });
      parts[index].heading.focus({ preventScroll: true });
      speech.say(spoken(index));
    }

    /* An editor's countdown ends: the reader is told, and moves on when they are ready. */
    function timeIsUp(index) {
      if (!running || index !== current) return;
      speech.say("Time is up. Press Next step when you are ready.");
    }

    /* The screen stays on while the routine runs: the browser drops the lock when the tab is
       hidden, so it is asked for again when the reader comes back. */
    function keepAwake() {
      var api = navigator.wakeLock;
      if (!running || !api || typeof api.request !== "function") return;
      if (wakeLock && !wakeLock.released) return;
      try {
        api.request("screen").then(
          function (lock) {
            wakeLock = lock;
            if (!running) letSleep(); // the reader left before the browser answered
          },
          function () {}
        );
      } catch (error) {
        /* refused (a policy, a hidden tab): the routine works without it */
      }
    }

    function letSleep() {
      var lock = wakeLock;
      wakeLock = null;
      if (lock && !lock.released) {
        var done = lock.release();
        if (done && done.catch) done.catch(function () {});
      }
    }

    function leave(targetId, farewell) {
      settle(current);
      running = false;
      speech.stop();
      if (farewell) speech.say(farewell);
      speech.on = false;
      letSleep();
      document.documentElement.classList.remove("routine-running");
      list.classList.remove("step-list--routine");
      parts.forEach(function (part, i) {
        steps[i].hidden = false;
        if (part.number) part.number.textContent = part.listNumber;
      });
      controls.remove();
      warning.remove();
      startBlock.hidden = false;
      var target = document.getElementById(targetId);
      history.replaceState(null, "", "#" + targetId);
      if (!target) return;
      target.scrollIntoView();
      // The target may be the heading itself (#aftercare) or a box holding one (a step).
      var heading = target.matches("h1, h2, h3") ? target : target.querySelector("h2, h3");
      if (heading) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }

    function finish() {
      leave("aftercare", "You have finished the routine. Aftercare is next.");
    }

    previous.addEventListener("click", function () {
      if (current > 0) show(current - 1);
    });
    next.addEventListener("click", function () {
      if (current < steps.length - 1) show(current + 1);
      else finish();
    });
    exit.addEventListener("click", function () {
      leave(steps[current].id);
    });
    if (readAloud) {
      readAloud.field.addEventListener("change", function () {
        speech.on = readAloud.field.checked;
        remember(READ_ALOUD, speech.on);
          if (speech.on) speech.say(spoken(current));
        else speech.stop();
      });
    }
    list.addEventListener("keydown", function (event) {
      if (!running) return;
      if (event.target.closest("button, a, input")) return;
      if (event.key === "ArrowRight" && current < steps.length - 1) show(current + 1);
      if (event.key === "ArrowLeft" && current > 0) show(current - 1);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") keepAwake();
    });
    start.addEventListener("click", function (event) {
      event.preventDefault();
      running = true;
      speech.on = !!readAloud && readAloud.field.checked;
      list.classList.add("step-list--routine");
      document.documentElement.classList.add("routine-running");
      startBlock.hidden = true;
      parts.forEach(function (part) {
        if (part.number) part.number.textContent = part.routineNumber;
      });
      list.parentNode.insertBefore(controls, list.nextSibling);
      list.parentNode.insertBefore(warning, list);
      keepAwake();
      current = 0;
      show(0);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), enhanceShare);
    var start = document.querySelector("[data-routine-start]");
    if (start) enhanceRoutine(start);
    // A step's own page gets its timer too (its Next is a link).
    Array.prototype.forEach.call(document.querySelectorAll(".step .step-facts"), function (facts) {
      if (!enhanceCountdown(facts, null)) enhanceStopwatch(facts);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

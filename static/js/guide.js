/*
 * calfcare: progressive enhancement only. Every page works without this file; with it:
 * - "Share this step" gets a Share (Web Share API) or Copy link button;
 * - a step timed in words ("a few minutes", data-duration) gets a timer the reader starts and
 *   stops, counting up: the site never turns the words into a number nobody gave;
 * - a step an editor gave a countdown (data-target-seconds, a clinical box approved like any
 *   other) gets that countdown;
 * - "Start the routine" on the massage page turns the page into the routine alone: the safety
 *   check first, then one step at a time under a strip with the clot warning and Exit, a large
 *   main button on the lower half of the screen, spoken prompts if the reader wants them and the
 *   screen kept awake. The reader moves on: nothing moves on by itself.
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

  /* A timer's hooks: `onDone` when a countdown reaches 0:00, `onChange` after anything that
     changes its state ("idle", "running", "paused", "done"), so the routine's main button can
     follow it. A step's own page passes none. */
  function noHooks() {
    return { onDone: null, onChange: null };
  }

  function changed(hooks) {
    if (hooks.onChange) hooks.onChange();
  }

  /* A countdown from the editor's target (data-target-seconds), shown large as m:ss. The
     clock face is role="timer" (not announced each second); a polite status line says when it
     starts, each whole minute left, 10 seconds left and when time is up. */
  function enhanceCountdown(facts, hooks) {
    hooks = hooks || noHooks();
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
        if (hooks.onDone) hooks.onDone(status);
        changed(hooks);
      } else if (before > 10 && now <= 10) {
        status.textContent = "10 seconds left.";
      } else if (Math.ceil(before / 60) > Math.ceil(now / 60)) {
        status.textContent = inWords(Math.ceil(now / 60) * 60) + " left.";
      }
    }

    function run() {
      if (endsAt) return;
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
      changed(hooks);
    }

    function pause() {
      if (!endsAt) return;
      halt();
      toggle.textContent = "Carry on";
      status.textContent = "Paused: " + inWords(secondsLeft()) + " left.";
      changed(hooks);
    }

    function state() {
      if (endsAt) return "running";
      if (left <= 0) return "done";
      return left === target * 1000 ? "idle" : "paused";
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
      changed(hooks);
    });
    buttons.appendChild(toggle);
    buttons.appendChild(reset);
    box.appendChild(face);
    box.appendChild(buttons);
    box.appendChild(status);
    facts.parentNode.insertBefore(box, facts.nextSibling);
    return { box: box, toggle: toggle, reset: reset, start: run, pause: pause, state: state };
  }

  /* The reader's own timer, for a step timed in words ("a few minutes"): it counts up from 0:00
     when they start it and stops when they stop it. The site sets no time and says nothing when
     any time passes; the step's own words say how long. */
  function enhanceStopwatch(facts, hooks) {
    hooks = hooks || noHooks();
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

    function run() {
      if (startedAt) return;
      startedAt = Date.now() - counted;
      box.classList.add("timer--running");
      ticker = setInterval(tick, 250);
      toggle.textContent = "Stop timer";
      status.textContent = counted ? "Timer carries on." : "Timer started.";
      tick();
      changed(hooks);
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
      changed(hooks);
    }

    function state() {
      if (startedAt) return "running";
      return counted ? "paused" : "idle";
    }

    toggle.addEventListener("click", function () {
      if (startedAt) pause();
      else run();
    });
    reset.addEventListener("click", function () {
      if (startedAt) clearInterval(ticker);
      startedAt = null;
      counted = 0;
      box.classList.remove("timer--running");
      toggle.textContent = "Start timer";
      status.textContent = "";
      tick();
      changed(hooks);
    });
    buttons.appendChild(toggle);
    buttons.appendChild(reset);
    box.appendChild(face);
    box.appendChild(buttons);
    box.appendChild(status);
    facts.parentNode.insertBefore(box, facts.nextSibling);
    return { box: box, toggle: toggle, reset: reset, start: run, pause: pause, state: state };
  }

  function words(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* The guided routine, a mode of its own (issue 25). While it runs the page shows only the
     routine: a strip fixed to the top (where the reader is, the clot warning's heading with its
     urgent call link, and Exit) and one screen under it. The first screen is the "do not
     massage" check, with the reader's one choice of spoken prompts; step 1 comes only when they
     say none of it applies, and "one of these applies" shows what to do instead (the same
     notice, the care cards with their call links, and when to see a GP). Then one step at a
     time, with Back and one main button on a bar fixed to the bottom: "Start timer", "Pause"
     while it runs, then "Next step" ("Finish" on the last). Pausing ends the timer's turn on
     the main button because the reader's own timer has no end of its own: stopping it is how
     they say they are done; "Carry on" in the timer box starts it again. Focus moves to each
     screen's heading; Exit or Escape gives the whole page back. The screen is kept awake (Screen
     Wake Lock, where the browser has it). Nothing moves on by itself.

     The wording the mode adds comes from a <template> in the page (massagestep_list.html), so
     the warning's heading, the check's heading and the numbers are the editors' and settings'. */
  function enhanceRoutine(start) {
    var list = document.querySelector("[data-routine]");
    var kit = document.querySelector("template[data-routine-parts]");
    var checks = document.getElementById("before-you-massage");
    if (!list || !kit || !checks) return;
    var steps = Array.prototype.slice.call(list.querySelectorAll(".step-list__item"));
    if (!steps.length) return;
    var root = document.documentElement;
    var article = list.parentNode;
    var parts = kit.content.cloneNode(true);
    var strip = parts.querySelector("[data-routine-strip]");
    var where = strip.querySelector("[data-routine-where]");
    var announcer = strip.querySelector("[data-routine-announce]");
    var exit = strip.querySelector("[data-routine-exit]");
    var checkHeading = parts.querySelector("[data-routine-check-heading]");
    var answers = parts.querySelector("[data-routine-answers]");
    var noneApplies = answers.querySelector("[data-routine-none]");
    var oneApplies = answers.querySelector("[data-routine-applies]");
    var insteadHeading = parts.querySelector("[data-routine-instead-heading]");
    var seeGp = document.getElementById("see-a-gp");
    var running = false;
    var screen = null; // "check", "instead", or the index of the step shown
    var wakeLock = null;
    var sizes = null;

    // What to do instead: the care cards and what the page puts with them, up to the steps.
    var instead = [];
    var stepsHeading = document.getElementById("steps");
    var node = article.querySelector(".before-you-start");
    for (; node && node !== stepsHeading && node !== list; node = node.nextElementSibling) {
      instead.push(node);
    }
    if (seeGp && seeGp.parentNode === article) instead.push(seeGp);

    var bar = element("div", "routine-controls");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Routine controls");
    var back = button("Back", "button--secondary routine-controls__back");
    var main = button("Next step", "routine-controls__main");
    bar.appendChild(back);
    bar.appendChild(main);

    // Spoken prompts are chosen once, before step 1, and remembered for the next routine.
    var readAloud = null;
    if (speech.supported) {
      readAloud = checkbox("Read steps aloud", "routine-controls__option");
      answers.insertBefore(readAloud, answers.querySelector(".routine-answers__buttons"));
    }

    var shownSteps = steps.map(function (step, index) {
      var number = step.querySelector(".step-list__number");
      var heading = step.querySelector(".step-list__title");
      var facts = step.querySelector(".step-facts");
      var hooks = {
        onDone: function () {
          timeIsUp(index);
        },
        onChange: function () {
          if (running && screen === index) followTimer();
        },
      };
      var shown = {
        heading: heading,
        number: number,
        listNumber: number ? number.textContent : "",
        routineNumber: "Step " + (index + 1) + " of " + steps.length,
        title: heading.textContent.replace(number ? number.textContent : "", "").trim(),
        timer: null,
      };
      if (facts && facts.hasAttribute("data-target-seconds")) {
        shown.timer = enhanceCountdown(facts, hooks);
      } else if (facts) {
        shown.timer = enhanceStopwatch(facts, hooks);
      }
      return shown;
    });

    /* One prompt per step, each thing said once: a fact the instruction already says in its
       own words ("Repeat 10 to 12 times.") is not said again from the facts. */
    function spoken(index) {
      var step = steps[index];
      var instruction = words(step.querySelector(".step-list__instruction"));
      var said = [shownSteps[index].routineNumber + ".", shownSteps[index].title + "."];
      if (instruction) said.push(instruction);
      var known = instruction.toLowerCase();
      Array.prototype.forEach.call(step.querySelectorAll(".step-facts__item"), function (item) {
        if (known.indexOf(words(item.querySelector("dd")).toLowerCase()) !== -1) return;
        said.push(words(item) + ".");
      });
      return said.join(" ");
    }

    function onward(index) {
      return index === steps.length - 1 ? "Finish" : "Next step";
    }

    /* The main button follows the step's timer: start it, pause it, then move on. While the
       routine runs the timer box's own start button would be a second "Start timer", so it
       shows only as "Carry on", once the timer is paused. */
    function followTimer() {
      var timer = shownSteps[screen].timer;
      var state = timer ? timer.state() : "none";
      if (state === "idle") main.textContent = "Start timer";
      else if (state === "running") main.textContent = "Pause";
      else main.textContent = onward(screen);
      if (!timer) return;
      timer.toggle.hidden = state !== "paused";
      timer.reset.hidden = state === "idle";
    }

    function settle() {
      if (typeof screen !== "number") return;
      var timer = shownSteps[screen].timer;
      if (timer) timer.pause();
    }

    function showOnly(nodes) {
      Array.prototype.forEach.call(article.children, function (child) {
        child.classList.toggle("routine-shown", nodes.indexOf(child) !== -1);
      });
    }

    function arrive(heading, hash) {
      history.replaceState(null, "", "#" + hash);
      window.scrollTo(0, 0);
      heading.focus({ preventScroll: true });
    }

    function showCheck() {
      settle();
      screen = "check";
      where.textContent = "Before you start";
      showOnly([checkHeading, checks, answers]);
      bar.hidden = true;
      measure();
      arrive(checkHeading, checks.id);
    }

    function showInstead() {
      settle();
      screen = "instead";
      where.textContent = "Before you start";
      showOnly([insteadHeading, checks].concat(instead));
      bar.hidden = false;
      main.hidden = true;
      measure();
      arrive(insteadHeading, checks.id);
    }

    function show(index) {
      settle();
      screen = index;
      where.textContent = shownSteps[index].routineNumber;
      showOnly([list]);
      steps.forEach(function (step, i) {
        step.hidden = i !== index;
      });
      bar.hidden = false;
      main.hidden = false;
      followTimer();
      measure();
      arrive(shownSteps[index].heading, steps[index].id);
      speech.say(spoken(index));
    }

    /* An editor's countdown ends: the reader is told, and moves on when they are ready. */
    function timeIsUp(index) {
      if (!running || index !== screen) return;
      speech.say("Time is up. Press " + onward(index) + " when you are ready.");
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

    /* The strip and the bar are fixed: the page is padded by their heights, measured as they
       change (larger text, a turned phone), so nothing sits under either, and focus and
       in-page links scroll clear of both. Where together they would take almost half the
       screen (large text on a small phone) they leave too little room for the step, so they
       sit in the page instead, the strip above the screen and the bar after it, as WCAG's
       reflow advice has it for fixed headers. */
    function measure() {
      var stripHeight = strip.offsetHeight;
      var barHeight = bar.hidden ? 0 : bar.offsetHeight;
      var inFlow = stripHeight + barHeight > 0.45 * window.innerHeight;
      root.classList.toggle("routine-in-flow", inFlow);
      root.style.setProperty("--routine-strip-height", (inFlow ? 0 : stripHeight) + "px");
      root.style.setProperty("--routine-bar-height", (inFlow ? 0 : barHeight) + "px");
    }

    function enter() {
      running = true;
      speech.on = false;
      root.classList.add("routine-running");
      list.classList.add("step-list--routine");
      shownSteps.forEach(function (shown) {
        if (shown.number) shown.number.textContent = shown.routineNumber + ":";
      });
      article.insertBefore(strip, article.firstChild);
      checks.parentNode.insertBefore(checkHeading, checks);
      checks.parentNode.insertBefore(insteadHeading, checks);
      checks.parentNode.insertBefore(answers, checks.nextSibling);
      // Last, so that where it sits in the page's flow (large text) it follows the screen.
      article.appendChild(bar);
      if (readAloud) readAloud.field.checked = remembered(READ_ALOUD);
      if (window.ResizeObserver) {
        sizes = new ResizeObserver(measure);
        sizes.observe(strip);
        sizes.observe(bar);
      }
      window.addEventListener("resize", measure);
      keepAwake();
      showCheck();
      measure();
      // Said after the strip is in the page: a live region added with its words is not read.
      window.setTimeout(function () {
        if (running) {
          announcer.textContent =
            "The massage routine has started. Only the routine shows. Exit, or the Escape key, " +
            "goes back to the whole page.";
        }
      }, 250);
    }

    function leave(target, farewell) {
      settle();
      running = false;
      screen = null;
      speech.stop();
      if (farewell) speech.say(farewell);
      speech.on = false;
      letSleep();
      if (sizes) sizes.disconnect();
      window.removeEventListener("resize", measure);
      root.classList.remove("routine-running", "routine-in-flow");
      root.style.removeProperty("--routine-strip-height");
      root.style.removeProperty("--routine-bar-height");
      list.classList.remove("step-list--routine");
      shownSteps.forEach(function (shown, i) {
        steps[i].hidden = false;
        if (shown.number) shown.number.textContent = shown.listNumber;
        if (shown.timer) shown.timer.toggle.hidden = shown.timer.reset.hidden = false;
      });
      Array.prototype.forEach.call(article.children, function (child) {
        child.classList.remove("routine-shown");
      });
      [strip, checkHeading, insteadHeading, answers, bar].forEach(function (part) {
        part.remove();
      });
      announcer.textContent = "";
      var id = target.id || (target.closest("[id]") || {}).id;
      if (id) history.replaceState(null, "", "#" + id);
      target.scrollIntoView();
      // The target may be the heading itself (#aftercare) or a box holding one (a step).
      var heading = target.matches("h1, h2, h3, a") ? target : target.querySelector("h2, h3");
      if (heading) {
        if (!heading.matches("a") && !heading.hasAttribute("tabindex")) {
          heading.setAttribute("tabindex", "-1");
        }
        heading.focus();
      }
    }

    /* Exit gives back the whole page where the reader was: the step, the care cards, or the
       start link they came from. */
    function exitRoutine() {
      if (screen === "check") leave(start);
      else if (screen === "instead") leave(document.getElementById("urgent-signs") || checks);
      else leave(steps[screen]);
    }

    function finish() {
      leave(document.getElementById("aftercare"), "You have finished the routine. Aftercare is next.");
    }

    main.addEventListener("click", function () {
      var timer = shownSteps[screen].timer;
      var state = timer ? timer.state() : "none";
      if (state === "idle") {
        timer.start();
        timer.box.scrollIntoView({ block: "nearest" });
      } else if (state === "running") {
        timer.pause();
      } else if (screen < steps.length - 1) {
        show(screen + 1);
      } else {
        finish();
      }
    });
    back.addEventListener("click", function () {
      if (screen === "instead" || screen === 0) showCheck();
      else show(screen - 1);
    });
    noneApplies.addEventListener("click", function () {
      speech.on = !!readAloud && readAloud.field.checked;
      show(0);
    });
    oneApplies.addEventListener("click", showInstead);
    exit.addEventListener("click", exitRoutine);
    if (readAloud) {
      readAloud.field.addEventListener("change", function () {
        remember(READ_ALOUD, readAloud.field.checked);
      });
    }
    // A link on the check to a part of the page the check hides (the signs of a clot) opens
    // what to do instead, where that part is.
    article.addEventListener("click", function (event) {
      var link = event.target.closest("a[href*='#']");
      if (!running || !link || link.pathname !== window.location.pathname) return;
      var part = document.getElementById(link.hash.slice(1));
      if (!part || part.getClientRects().length) return;
      var opens = instead.some(function (box) {
        return box.contains(part);
      });
      if (!opens) return;
      event.preventDefault();
      showInstead();
      part.scrollIntoView();
    });
    document.addEventListener("keydown", function (event) {
      if (running && event.key === "Escape") {
        event.preventDefault();
        exitRoutine();
      }
    });
    list.addEventListener("keydown", function (event) {
      if (!running || typeof screen !== "number") return;
      if (event.target.closest("button, a, input")) return;
      if (event.key === "ArrowRight" && screen < steps.length - 1) show(screen + 1);
      if (event.key === "ArrowLeft" && screen > 0) show(screen - 1);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") keepAwake();
    });
    start.addEventListener("click", function (event) {
      event.preventDefault();
      enter();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), enhanceShare);
    var start = document.querySelector("[data-routine-start]");
    if (start) enhanceRoutine(start);
    // A step's own page gets its timer too (its Next is a link).
    Array.prototype.forEach.call(document.querySelectorAll(".step .step-facts"), function (facts) {
      if (!enhanceCountdown(facts)) enhanceStopwatch(facts);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

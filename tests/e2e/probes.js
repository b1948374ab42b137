/*
 * Measurements taken inside the page for the browser tests. tests/e2e/probes.py runs one at a
 * time with Playwright's evaluate(); each returns plain data (descriptions and numbers), so a
 * test can assert on it after the browser has moved on. Elements are described by the start of
 * their HTML, which is what a person fixing a failure needs to find them.
 *
 * This file is one expression (a function called at once), not a script the site loads.
 */
(() => {
  // What a reader can click, tap or Tab to.
  const CONTROLS =
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, ' +
    '[role="button"], [tabindex]:not([tabindex="-1"])';
  const WORD = /[\p{L}\p{N}]/u;

  const describe = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 160);
  const round = (n) => Math.round(n * 10) / 10;

  // Shown to someone: rendered, not hidden from everyone, and not text for screen readers only
  // (the visually-hidden pattern clips it to a 1px box).
  const isShown = (el) => {
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    if (el.closest('[aria-hidden="true"], [inert]')) return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };

  // How an element looks in each of the ways a focus indicator can show.
  const focusLook = (el) => {
    const style = getComputedStyle(el);
    return {
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outlineColor: style.outlineColor,
      boxShadow: style.boxShadow,
      backgroundColor: style.backgroundColor,
      borderColor: style.borderColor,
    };
  };

  // A name for an element that holds while scripts change the page around it (the admin's
  // live Markdown preview rewrites itself as focus moves). Kept on the page between probes.
  window.__probeKeys = window.__probeKeys || { next: 0, of: new WeakMap() };
  const keyOf = (el) => {
    const keys = window.__probeKeys;
    if (!keys.of.has(el)) keys.of.set(el, keys.next++);
    return keys.of.get(el);
  };

  const blockAround = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display === 'inline') node = node.parentElement;
    return node;
  };

  // WCAG 2.5.8's exception for a target "in a sentence": laid out inline, in a block that has
  // words of its own outside any control. A link alone in a list item, a heading or a paragraph
  // is a target by itself.
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const walker = document.createTreeWalker(blockAround(el), NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const parent = text.parentElement;
      if (parent.closest(CONTROLS) || !isShown(parent)) continue;
      if (WORD.test(text.data)) return true;
    }
    return false;
  };

  const overlap = (a, b) => {
    const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return across > 0.5 && down > 0.5;
  };

  // Colour changes fade in on some pages (the admin's links and buttons); a measurement must see
  // where they end, not half-way, so they are taken to their end at once. Endless animations
  // have no end and are left alone.
  const finishTransitions = () => {
    for (const animation of document.getAnimations()) {
      if (animation.effect.getTiming().iterations !== Infinity) animation.finish();
    }
    return null;
  };

  return {
    finishTransitions,

    // WCAG 2.2 success criterion 2.5.8, Target Size (Minimum): targets not in a sentence that
    // are smaller than 24 by 24 CSS px, and targets that overlap (a tap on the overlap could
    // land on either). The criterion's spacing exception is not used: every target here is
    // full size.
    tapTargets() {
      const targets = [];
      for (const el of document.querySelectorAll(CONTROLS)) {
        if (!isShown(el) || inSentence(el)) continue;
        const box = el.getBoundingClientRect();
        // The skip link waits above the page until it has focus (and is large when it shows).
        if (box.bottom + window.scrollY <= 0) continue;
        targets.push({ el, box });
      }
      const tooSmall = targets
        .filter(({ box }) => box.width < 24 || box.height < 24)
        .map(({ el, box }) => ({
          target: describe(el),
          width: round(box.width),
          height: round(box.height),
        }));
      const overlapping = [];
      targets.forEach((a, i) => {
        for (const b of targets.slice(i + 1)) {
          if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
          // A radio button and its own label are one target.
          if (a.el.labels && [...a.el.labels].some((label) => label.contains(b.el))) continue;
          if (overlap(a.box, b.box)) overlapping.push([describe(a.el), describe(b.el)]);
        }
      });
      return { tooSmall, overlapping };
    },

    // Every control a keyboard user should be able to Tab to: visible, enabled, not taken out
    // of the tab order, and one radio button per group (arrow keys move within a group). Each
    // comes with its look without focus, to compare with its look with focus.
    tabStops() {
      const groups = new Set();
      const stops = [];
      for (const el of document.querySelectorAll(CONTROLS)) {
        if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) continue;
        if (!el.checkVisibility({ visibilityProperty: true })) continue;
        if (el.type === 'radio') {
          if (groups.has(el.name)) continue;
          groups.add(el.name);
        }
        stops.push({
          key: keyOf(el),
          radioGroup: el.type === 'radio' ? el.name : null,
          target: describe(el),
          look: focusLook(el),
        });
      }
      return stops;
    },

    // The element the keyboard is on now, or null when focus is not on a control of the page.
    focused() {
      finishTransitions();
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const box = el.getBoundingClientRect();
      return {
        key: keyOf(el),
        radioGroup: el.type === 'radio' ? el.name : null,
        target: describe(el),
        text: (el.innerText || el.value || '').trim(),
        shown: isShown(el) && box.bottom > 0 && box.top < window.innerHeight,
        look: focusLook(el),
      };
    },

    // Sideways scrolling, and text cut off by a box too small for it.
    overflow() {
      const clipped = [];
      for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        const clips = [style.overflowX, style.overflowY].some((v) => v === 'hidden' || v === 'clip');
        if (!clips || !isShown(el) || !el.textContent.trim()) continue;
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
          clipped.push(describe(el));
        }
      }
      return {
        viewportWidth: document.documentElement.clientWidth,
        pageWidth: document.documentElement.scrollWidth,
        clipped,
      };
    },

    // Without JavaScript: text that is in the page but not shown, as if waiting for a script.
    // Text for screen readers only and the feedback form's honeypot are meant to be unseen; text
    // in a closed <details> opens with a tap, without any script (the warning's full wording).
    hiddenText() {
      const TEXT = 'h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, legend, label, a, button';
      return [...document.body.querySelectorAll(TEXT)]
        .filter((el) => el.textContent.trim())
        .filter((el) => !el.closest('[aria-hidden="true"], .visually-hidden, details:not([open])'))
        .filter((el) => !el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
        .map(describe);
    },

    links() {
      return [...document.querySelectorAll('a[href]')].map((a) => ({
        href: a.href,
        written: a.getAttribute('href'),
        text: a.innerText.trim(),
      }));
    },

    elementIds() {
      return [...document.querySelectorAll('[id]')].map((el) => el.id);
    },

    // The headings in reading order, as a screen reader's list of headings gives them.
    headings() {
      return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .filter((el) => el.checkVisibility())
        .map((el) => ({
          level: Number(el.tagName[1]),
          text: el.textContent.replace(/\s+/g, ' ').trim(),
          insideWarning: Boolean(el.closest('#dvt-warning')),
        }));
    },
  };
})()

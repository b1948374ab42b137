/*
 * How the control that has focus reads, measured inside the page for
 * tests/e2e/test_focus_you_can_see.py (run as one expression with Playwright's evaluate()).
 *
 * Text: for every piece of text the focused control shows, its colour against the background it
 * sits on, as WCAG 1.4.3 computes contrast: relative luminance of sRGB colours, (L1 + 0.05) /
 * (L2 + 0.05). The background is the first opaque background-color found walking up from the
 * text's element; translucent ones on the way are blended over it, and the text's own colour is
 * blended over that background. The lowest ratio of the control's texts is reported.
 *
 * Indicator: WCAG 2.4.13's "contrasts 3:1 with what is around it". Each part of the focus
 * indicator (the focused background, the outline, each box-shadow colour) is compared with the
 * background around the control (walking up from its parent); the best part is reported.
 *
 * Returns null when focus is not on an element of the page. Each element has a key that stays the
 * same between calls, so a walk knows when Tab has come round to where it started.
 */
(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;

  const parse = (css) => {
    const found = css.match(/rgba?\(([^)]+)\)/);
    if (!found) return null;
    const [r, g, b, a = 1] = found[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ({ r, g, b }) =>
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const hex = ({ r, g, b }) =>
    '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
  const round = (n) => Math.round(n * 100) / 100;

  // The colour behind an element: its own background, or the first opaque one above it, with
  // any translucent layers between blended in. The page itself is white when nothing says.
  const backgroundOf = (start) => {
    const layers = [];
    for (let node = start; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };

  const describe = (node) => node.outerHTML.replace(/\s+/g, ' ').slice(0, 160);
  window.__focusKeys = window.__focusKeys || { next: 0, of: new WeakMap() };
  if (!window.__focusKeys.of.has(el)) window.__focusKeys.of.set(el, window.__focusKeys.next++);

  // Every piece of text the control shows (a field shows its value or placeholder instead).
  const texts = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.data.trim()) continue;
    const holder = text.parentElement;
    if (!holder.checkVisibility({ visibilityProperty: true })) continue;
    const box = holder.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue; // text for screen readers only
    texts.push(holder);
  }
  const readings = texts.map((holder) => {
    const background = backgroundOf(holder);
    const colour = over(parse(getComputedStyle(holder).color), background);
    return {
      text: holder.textContent.trim().replace(/\s+/g, ' ').slice(0, 60),
      colour: hex(colour),
      background: hex(background),
      ratio: round(ratio(colour, background)),
    };
  });
  readings.sort((a, b) => a.ratio - b.ratio);

  const style = getComputedStyle(el);
  const around = backgroundOf(el.parentElement);
  const parts = [];
  const ownBackground = parse(style.backgroundColor);
  if (ownBackground && ownBackground.a > 0) {
    parts.push({ part: 'background', colour: over(ownBackground, around) });
  }
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
    const outline = parse(style.outlineColor);
    if (outline && outline.a > 0) parts.push({ part: 'outline', colour: over(outline, around) });
  }
  for (const shadow of style.boxShadow.matchAll(/rgba?\([^)]+\)/g)) {
    const colour = parse(shadow[0]);
    if (colour.a > 0) parts.push({ part: 'box-shadow', colour: over(colour, around) });
  }
  const indicator = parts
    .map(({ part, colour }) => ({ part, colour: hex(colour), ratio: round(ratio(colour, around)) }))
    .sort((a, b) => b.ratio - a.ratio);

  return {
    key: window.__focusKeys.of.get(el),
    target: describe(el),
    text: readings[0] || null,
    around: hex(around),
    indicator: indicator[0] || null,
  };
})()

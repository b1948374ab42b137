/* calfcare's service worker: the guide, the routine and the warning stay readable offline.
   Served at /sw.js by articles.offline, which puts the configuration in CONFIG.

   - Pages: network first, so a reader online always gets the current page; the kept copy (or,
     for a page never kept, the offline page with the blood clot warning) only when the network
     fails.
   - Static files (/static/, hashed names in production): cache first.
   - Kept: only GET answers to plain addresses (no query string, so never a `?version=` preview)
     among the guide's own (CONFIG.pages, CONFIG.sections, readers' static files), 200, and for
     pages marked `public` by the site, which is what readers are sent; an editor's page is
     private/no-store and never kept. The worker is never told the editors' addresses.
   - A new release has a new cache name; activating it deletes the old caches. */
"use strict";

const CONFIG = __CONFIG__;

function keepable(url) {
  const path = url.pathname;
  return (
    url.origin === self.location.origin &&
    url.search === "" &&
    (CONFIG.pages.includes(path) ||
      CONFIG.sections.some((prefix) => path.startsWith(prefix)) ||
      (path.startsWith(CONFIG.static) && !path.startsWith(CONFIG.editorStatic)))
  );
}

// A page is kept only when the site marked it public; a static file (served before Django,
// the same for everyone) unless it says otherwise.
function keepableAnswer(url, response) {
  const cacheControl = (response.headers.get("Cache-Control") || "").toLowerCase();
  const isStatic = url.pathname.startsWith(CONFIG.static);
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (isStatic || /\bpublic\b/.test(cacheControl)) &&
    !/\b(private|no-store)\b/.test(cacheControl)
  );
}

async function keep(request, response) {
  const url = new URL(request.url);
  if (keepable(url) && keepableAnswer(url, response)) {
    const cache = await caches.open(CONFIG.cache);
    await cache.put(request, response);
  }
}

// The static files a kept page loads (its step pictures, say), so it shows whole offline.
const STATIC_IN_PAGE = /(?:src|href)="([^"]+)"/g;

function staticFilesIn(html) {
  const found = [];
  for (const [, address] of html.matchAll(STATIC_IN_PAGE)) {
    const url = new URL(address.replaceAll("&amp;", "&"), self.location.origin);
    if (url.origin === self.location.origin && url.pathname.startsWith(CONFIG.static)) {
      found.push(url.pathname);
    }
  }
  return found;
}

async function precache(address) {
  // credentials "omit": what is kept is what a reader is sent, never an editor's view.
  const response = await fetch(new Request(address, { credentials: "omit", cache: "no-cache" }));
  const html = (response.headers.get("Content-Type") || "").startsWith("text/html");
  const loads = html && response.ok ? staticFilesIn(await response.clone().text()) : [];
  await keep(new Request(address), response);
  return loads;
}

async function precacheAll(addresses) {
  const results = await Promise.allSettled(addresses.map(precache));
  // One address that fails to load must not stop the others being kept.
  return results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const loaded = await precacheAll(CONFIG.precache);
      const more = [...new Set(loaded)].filter((address) => !CONFIG.precache.includes(address));
      await precacheAll(more);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name !== CONFIG.cache).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    event.waitUntil(keep(request, response.clone()));
    return response;
  } catch (error) {
    const cache = await caches.open(CONFIG.cache);
    const kept = keepable(new URL(request.url))
      ? await cache.match(request, { ignoreVary: true })
      : undefined;
    if (kept) {
      return kept;
    }
    if (request.mode === "navigate") {
      const offline = await cache.match(CONFIG.offline, { ignoreVary: true });
      if (offline) {
        return offline;
      }
    }
    throw error;
  }
}

async function cacheFirst(event) {
  const { request } = event;
  const kept = await caches.match(request, { cacheName: CONFIG.cache, ignoreVary: true });
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  event.waitUntil(keep(request, response.clone()));
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (!keepable(url) && request.mode !== "navigate") {
    return; // the browser fetches it as if there were no worker
  }
  // A page it may not keep still gets the offline page, with the warning, when the network
  // fails (networkFirst keeps nothing that is not keepable).
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(cacheFirst(event));
  } else {
    event.respondWith(networkFirst(event));
  }
});

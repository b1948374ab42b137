vcl 4.1;
# calfcare behind Varnish (Debian's varnish 7.1 with varnish-modules' xkey): readers are answered
# from Varnish, everything an editor does goes straight to the app servers, and every change to
# content purges exactly the pages that show it (delivery/shared_cache.py). docs/operators.md,
# Deployment.
#
#   readers ──https──> nginx (TLS, deploy/nginx/calfcare.conf) ──> Varnish :6081 ──> gunicorn
#                                                                    round robin     :8001, :8002
#
# Run it as docs/operators.md says:
#   varnishd -a 127.0.0.1:6081 -f /etc/varnish/default.vcl -s malloc,256m -p http_gzip_support=off
# (the app servers already make brotli and gzip copies of every page; see vcl_recv).
#
# tools/varnish.py renders this file for the tests, `make bench` and `make soak`, replacing the
# block between the "app servers" markers and the unavailable page's path; keep both as they are.

import directors;
import std;
import xkey;

probe healthz {
    # /healthz answers 200 while the app server reaches its database (delivery/health.py).
    .request = "GET /healthz HTTP/1.1"
        "Host: 127.0.0.1"
        "Connection: close";
    .expected_response = 200;
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# --- app servers: begin ---
backend app1 { .host = "127.0.0.1"; .port = "8001"; .probe = healthz; }
backend app2 { .host = "127.0.0.1"; .port = "8002"; .probe = healthz; }

sub vcl_init {
    new app_servers = directors.round_robin();
    app_servers.add_backend(app1);
    app_servers.add_backend(app2);
}
# --- app servers: end ---

# The TLS proxy in front (deploy/nginx/calfcare.conf), which writes X-Forwarded-For and
# X-Forwarded-Proto.
acl tls_proxies {
    "127.0.0.1";
    "::1";
}

# Who may purge: the app servers (DJANGO_SHARED_CACHE_URLS points them here). Add their
# addresses when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # A restart for stale-if-error (vcl_deliver) is ours alone; a client cannot ask for it.
    # (No scheme in the hash: nginx answers http with a redirect and sends only https here, and
    # anything else reaching Django as http gets a redirect, which is never kept.)
    if (req.restarts == 0) {
        unset req.http.X-Calfcare-Stale-If-Error;
        unset req.http.X-Calfcare-Cached;
    }

    if (req.restarts == 0 && client.ip ~ tls_proxies && req.http.X-Forwarded-For ~ ",") {
        # varnishd has appended the address it was reached from (nginx's) to what nginx wrote;
        # dropping it leaves the app servers one proxy to count, for X-Forwarded-For as for
        # X-Forwarded-Proto, which Varnish leaves alone: DJANGO_TRUSTED_PROXY_COUNT=1.
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, "\s*,[^,]*$", "");
    }

    if (req.method == "PURGE") {
        # nginx always sets X-Forwarded-Proto, so a PURGE relayed from outside never counts as
        # the app servers' own, even though nginx connects from loopback too.
        if (client.ip !~ purgers || req.http.X-Forwarded-Proto) {
            return (synth(405, "Purging is for the app servers"));
        }
        if (req.http.xkey-purge) {
            # Soft: the pages expire now and fetch again on the next request, but are kept for
            # grace, to be served if every app server is down.
            return (synth(200, "Purged " + xkey.softpurge(req.http.xkey-purge)));
        }
        return (purge);
    }

    set req.backend_hint = app_servers.backend();

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|twclid|ttclid|_ga|_gl)(=|&|$)") {
        # Tracking tags on a shared link (?utm_source=whatsapp) change nothing on the page, yet
        # would each get a copy of their own, kept for a day where a purge by address
        # (DJANGO_SHARED_CACHE_PURGE=url) never reaches: dropped before the lookup, so the
        # page's one copy answers them. Other parameters stay, in their order.
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|twclid|ttclid|_ga|_gl)(=[^&]*)?(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    if (req.url ~ "^/healthz" || req.url ~ "^/admin/" || req.url ~ "^/review/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        # An editor: never answered from, or stored in, the cache.
        return (pass);
    }
    # Readers' pages never depend on a cookie (they get none); any other is analytics noise.
    unset req.http.Cookie;
    # The app servers keep each page brotli-, gzip- and un-compressed (delivery/page_cache.py,
    # `Vary: Accept-Encoding`); Varnish keeps one copy of each, asked for by these three values
    # only, and hands it out as it is (varnishd runs with -p http_gzip_support=off).
    if (req.http.Accept-Encoding ~ "\bbr\b") {
        set req.http.Accept-Encoding = "br";
    } else if (req.http.Accept-Encoding ~ "\bgzip\b") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }

    if (req.http.X-Calfcare-Stale-If-Error) {
        # The app servers failed this request: any copy kept for grace will do.
        set req.grace = 24h;
    } else if (std.healthy(req.backend_hint)) {
        # Purged pages are fetched again at once, never served stale to a reader.
        set req.grace = 0s;
    }
    set req.http.X-Calfcare-Cached = "1";
    return (hash);
}

sub vcl_backend_fetch {
    unset bereq.http.X-Calfcare-Cached;
    unset bereq.http.X-Calfcare-Stale-If-Error;
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        if (bereq.retries < 1) {
            return (retry);  # the round robin picks the other app server
        }
        if (bereq.is_bgfetch) {
            return (abandon);  # keep the copy being revalidated
        }
        # Passed on (vcl_deliver then looks for a kept copy) and forgotten at once: a marker
        # kept for grace would hide the last good page from that second look.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]") {
        # Only what the site says may be kept (public pages, static files, redirects); an answer
        # without a lifetime is never given Varnish's default one.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        return (deliver);
    }
    if (beresp.status == 301 || beresp.status == 302 || beresp.status == 307 || beresp.status == 308) {
        # Where an old address leads changes when an item is renamed back, or when another
        # takes a freed address: a minute at most, whatever the answer says. (The app's own say
        # so, and carry their item's key, so a rename purges them at once.)
        if (beresp.ttl > 60s) {
            set beresp.ttl = 60s;
        }
    }
    if (beresp.http.X-Page-Cache == "stale") {
        # The app server's last good copy, sent while it cannot render: keep it briefly only.
        set beresp.ttl = 10s;
    }
    # With every app server down, the last good page for a day (the blood clot warning with it).
    set beresp.grace = 24h;
}

sub vcl_backend_error {
    if (bereq.retries < 2) {
        return (retry);
    }
    # No app server answered, and (vcl_deliver) no copy of the page is kept: the site's own
    # "not available right now" page, with the warning and the care cards.
    set beresp.status = 503;
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "30";
    # `manage.py unavailable_page /etc/varnish/calfcare-unavailable.html` writes it, with this
    # deployment's emergency and urgent-care numbers; without it, the warning in general words.
    if (std.file_exists("/etc/varnish/calfcare-unavailable.html")) {
        set beresp.body = std.fileread("/etc/varnish/calfcare-unavailable.html");
    } else {
        set beresp.body = {"<!doctype html><html lang="en"><title>Not available right now</title>
<div id="dvt-warning" role="alert"><h2>Blood clot warning</h2><p>Do not massage a calf that is
swollen, red, warm or painful to touch, or that hurts more when you walk. Call the emergency
number if you are short of breath or have chest pain; otherwise get urgent medical advice
today.</p></div><p>This page is not available right now. Please try again in a minute.</p>"};
    }
    return (deliver);
}

sub vcl_deliver {
    if (resp.status >= 500 && req.http.X-Calfcare-Cached && !req.http.X-Calfcare-Stale-If-Error) {
        # stale-if-error: look again, accepting any copy kept for grace.
        set req.http.X-Calfcare-Stale-If-Error = "1";
        return (restart);
    }
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } else if (obj.hits > 0 && obj.ttl <= 0s) {
        set resp.http.X-Cache = "stale";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # The keys are for purging; readers need not download them.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
}

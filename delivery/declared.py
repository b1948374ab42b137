"""What the content apps tell delivery about their pages, so that delivery imports none of them.

Delivery serves and purges pages without knowing what is on them. An app above it says so once,
in its AppConfig.ready() (articles.apps, from its page registry articles.pages):

- `page(url_name, lists=…, everything=…)`: the keys of the kinds of item a page lists in full
  (an item newly published there appears, so its kind's key is on the page), or that the page
  is built from all content at once (/changes/);
- `on_every_page(*keys)`: keys every page that names its items carries (the footer's list of
  information pages);
- `addresses(function)`: `function()` is every public page's path, for purging by URL;
- `old_addresses(function)`: `function(instance, pk)` is the paths an item had before renames.

Nothing declared, a page carries only its own items' keys, and a purge by URL reaches only the
item's own address. Models may also answer two questions of their own, read by duck typing:
`shown_on_every_page` (the guide text, keyed `guide`) and `shown_with()` (the item a clinical
note is shown beside).
"""

_lists = {}
_everything = set()
_on_every_page = set()
_addresses = []
_old_addresses = []


def page(url_name, *, lists=(), everything=False):
    _lists[url_name] = tuple(lists)
    if everything:
        _everything.add(url_name)
    else:
        _everything.discard(url_name)


def on_every_page(*keys):
    _on_every_page.update(keys)


def addresses(function):
    if function not in _addresses:
        _addresses.append(function)


def old_addresses(function):
    if function not in _old_addresses:
        _old_addresses.append(function)


def keys_listed_on(url_name):
    """The keys of what the page at `url_name` lists in full, with those on every page."""
    return (*_lists.get(url_name, ()), *sorted(_on_every_page))


def shows_everything(url_name):
    return url_name in _everything


def public_paths():
    return [path for function in _addresses for path in function()]


def old_paths_of(instance, pk):
    return [path for function in _old_addresses for path in function(instance, pk)]

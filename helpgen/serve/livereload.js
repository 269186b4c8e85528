/* helpgen serve, watch mode: reload this tab after a good rebuild, and show the build's
   problems over the page (errors: the last good version is still shown; warnings: it built).
   Events come from EVENTS_PATH of helpgen/serve/livereload.py; the overlay's look is in
   livereload.css. Plain text only: a problem's text is never parsed as HTML. */
(() => {
  const es = new EventSource("/_helpgen/livereload");
  const LABELS = {error: "Error", warning: "Warning"};
  let problems = [];
  let hidden = false;

  const element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };

  const heading = (errors) => errors
    ? "helpgen: the last edit did not build; showing the last good version"
    : "helpgen: the last edit built, with warnings";

  const row = (problem) => {
    const severity = problem.severity === "warning" ? "warning" : "error";
    const item = element("li", `hg-build-${severity}`);
    item.append(element("strong", "hg-build-label", LABELS[severity]), " ", problem.text);
    return item;
  };

  // Drawn again after each body swap, since the overlay lives in <body>.
  const render = () => {
    document.querySelector(".hg-build-problems")?.remove();
    if (!problems.length || hidden) return;
    const errors = problems.filter((p) => p.severity !== "warning").length;
    const box = element("section", `hg-build-problems ${errors ? "hg-build-failed" : "hg-build-warned"}`);
    box.setAttribute("role", errors ? "alert" : "status");
    box.setAttribute("aria-label", "helpgen build problems");
    const close = element("button", "hg-build-hide", "Hide");
    close.type = "button";
    close.addEventListener("click", () => { hidden = true; render(); });
    const list = element("ul", "hg-build-list");
    list.append(...problems.map(row));
    box.append(element("p", "hg-build-head", heading(errors)), close, list);
    document.body.append(box);
  };

  // Swap in the new <body> when the page's CSS and scripts are unchanged: faster than a
  // reload, and the reader keeps their scroll position. Anything else: a full reload.
  const urls = (doc) => [...doc.querySelectorAll("link[rel=stylesheet],script[src]")].map(e => e.href || e.src).join();
  const refresh = async () => {
    const res = await fetch(location.href, {cache: "no-store"});
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    if (!res.ok || urls(doc) !== urls(document)) return location.reload();
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    render();
    document.dispatchEvent(new Event("helpgen:page"));
  };

  es.addEventListener("reload", () => {
    problems = [];  // the build went through; its warnings, if any, follow as "problems"
    refresh().catch(() => location.reload());
  });
  es.addEventListener("problems", (e) => {
    problems = JSON.parse(e.data);
    hidden = false;
    render();
  });
})();

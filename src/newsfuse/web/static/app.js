// Progressive enhancement only: every page works without this script.
"use strict";

// The reader's last visit, kept in this browser only (no accounts): localStorage may be
// missing or refuse writes (private windows), and then nothing is marked.
function stored(key) {
  try { return window.localStorage.getItem(key); } catch (_) { return null; }
}
function store(key, value) {
  try { window.localStorage.setItem(key, value); } catch (_) { /* not kept */ }
}

// Front page: mark the stories with a report that arrived after the last visit (the server's
// clock on both sides), then record this visit (only on the unfiltered first page).
function markNewStories(list) {
  const key = "newsfuse:last-visit";
  const last = Date.parse(stored(key) || "");
  if (!Number.isNaN(last)) {
    let fresh = 0;
    for (const card of list.querySelectorAll(".card[data-updated]")) {
      if (Date.parse(card.dataset.updated) > last) {
        card.classList.add("is-new");
        card.querySelector(".new-marker").hidden = false;
        fresh += 1;
      }
    }
    const summary = document.querySelector(".new-summary");
    if (summary && fresh) {
      const when = new Date(last).toLocaleString();
      summary.textContent = `${fresh} ${fresh === 1 ? "story" : "stories"} new or updated since your last visit (${when}).`;
      summary.hidden = false;
    }
  }
  if ("recordVisit" in list.dataset) store(key, list.dataset.now);
}

// Story page: the reports read on the last visit of this story; a link to what is new since.
function markNewReports(story) {
  const key = `newsfuse:read:${story.dataset.story}`;
  const now = story.dataset.reports.split(",").filter(Boolean);
  const read = (stored(key) || "").split(",").filter((id) => now.includes(id));
  const fresh = now.filter((id) => !read.includes(id));
  const params = new URLSearchParams(window.location.search);
  if (read.length && fresh.length && !params.has("since")) {
    const holder = document.querySelector("p.since-visit");
    const link = document.createElement("a");
    link.id = "since-last-visit";
    params.set("since", read.join(","));
    link.href = `?${params.toString()}`;
    link.textContent = `What's new since your last visit (${fresh.length} new report${fresh.length === 1 ? "" : "s"})`;
    holder.append(link);
    holder.hidden = false;
    for (const id of fresh) {
      const item = document.querySelector(`.timeline li[data-article="${id}"]`);
      if (item) {
        item.classList.add("is-new");
        const marker = item.querySelector(".new-marker");
        marker.textContent = "new since your last visit";
        marker.hidden = false;
      }
    }
  }
  store(key, now.join(","));
}

document.addEventListener("DOMContentLoaded", () => {
  // "Add another report" on the story forms: clone the last paste box, emptied.
  for (const button of document.querySelectorAll("#add-text")) {
    const fieldset = button.closest("fieldset");
    button.hidden = false;
    button.addEventListener("click", () => {
      const boxes = fieldset.querySelectorAll(".paste");
      const copy = boxes[boxes.length - 1].cloneNode(true);
      for (const field of copy.querySelectorAll("textarea, input")) field.value = "";
      const label = copy.querySelector("label");
      label.firstChild.textContent = `Report ${boxes.length + 1}`;
      fieldset.insertBefore(copy, button);
      copy.querySelector("textarea").focus();
    });
  }
  // The length menu applies itself; its button is only needed without this script.
  for (const select of document.querySelectorAll("form.length select")) {
    select.addEventListener("change", () => select.form.submit());
    const button = select.form.querySelector("button");
    if (button) button.hidden = true;
  }
  const cards = document.querySelector("ol.cards[data-now]");
  if (cards) markNewStories(cards);
  const story = document.querySelector("article.story[data-reports]");
  if (story) markNewReports(story);
});

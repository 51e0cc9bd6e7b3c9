/* The programme's tools in the browser: a room and kind filter, "now and next" during the event, and a
   personal agenda (starred sessions, kept in this browser, downloaded as an .ics file).
   Progressive enhancement: without this script the page shows every session and no tool. It makes no
   request, and reads only the page: the sessions' data-* attributes and the labels in #labels.
   Included inline by page.html for the screen page only; no Jinja markup may appear in this file. */
(function () {
  "use strict";

  const main = document.getElementById("programme");
  const tools = document.getElementById("tools");
  const now = document.getElementById("now");
  const labelNode = document.getElementById("labels");
  if (!main || !tools || !labelNode) return;

  const t = JSON.parse(labelNode.textContent);
  const eventId = main.dataset.event || "event";
  const storageKey = "confkit.agenda." + eventId;
  const cards = Array.from(main.querySelectorAll("article.session[data-session]"));
  const UNSTARRABLE = ["break", "meal"];  // nobody puts a coffee break in their agenda

  // --- small helpers -------------------------------------------------------------------------------

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
    });
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function title(card) {
    const heading = card.querySelector("h3");
    return heading ? heading.textContent.replace(/[ \t\r\n]+/g, " ").trim() : card.dataset.session;
  }

  function hours(card) {  // the event's own clock, as printed: "09:00–09:45"
    return (card.dataset.start || "").slice(11, 16) + "–" + (card.dataset.end || "").slice(11, 16);
  }

  // A card and what wraps it in the layout: its grid cell, or its timeline slot (with the time beside it).
  function box(card) {
    const parent = card.parentElement;
    return parent && (parent.classList.contains("cell") || parent.classList.contains("slot")) ? parent : card;
  }

  // --- the starred sessions, kept in this browser, per event ----------------------------------------

  function loadStarred() {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) || "[]");
      return new Set(Array.isArray(saved) ? saved.map(String) : []);
    } catch (error) {
      return new Set();  // storage disabled or unreadable: the agenda lasts as long as the page
    }
  }

  const starred = loadStarred();

  function saveStarred() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(Array.from(starred)));
    } catch (error) { /* storage full or disabled: keep the agenda in memory */ }
  }

  function starredCards() {
    return cards.filter((card) => starred.has(card.dataset.session));
  }

  // --- the tools bar ----------------------------------------------------------------------------------

  function unique(values) {
    return Array.from(new Set(values.filter(Boolean)));
  }

  // Rooms in the grids' header order (the Rooms sheet's order), then any other in order of appearance.
  const headerOrder = unique(Array.from(main.querySelectorAll(".room-head"), (head) => head.textContent.trim()));
  const rooms = unique(cards.map((card) => card.dataset.room)).sort((a, b) => {
    const [i, j] = [headerOrder.indexOf(a), headerOrder.indexOf(b)];
    return (i < 0 ? Infinity : i) - (j < 0 ? Infinity : j);
  });
  const kinds = unique(cards.map((card) => card.dataset.kind))
    .sort((a, b) => kindLabel(a).localeCompare(kindLabel(b), document.documentElement.lang));

  function kindLabel(kind) {
    return (t.kinds && t.kinds[kind]) || kind;
  }

  function select(id, label, all, values, text) {
    return el("select", { id: id, "aria-label": label }, [
      el("option", { value: "" }, [all]),
      ...values.map((value) => el("option", { value: value }, [text(value)])),
    ]);
  }

  const roomSelect = rooms.length > 1 ? select("tools-room", t.room, t.all_rooms, rooms, (room) => room) : null;
  const kindSelect = kinds.length > 1
    ? select("tools-kind", t.kind || t.filter, t.all_kinds, kinds, kindLabel) : null;
  const onlyStarred = el("input", { type: "checkbox", id: "tools-only" });
  const count = el("span", { class: "tools-count", role: "status" });
  const download = el("button", { type: "button", id: "tools-download", class: "tools-download" }, [t.download_ics]);

  tools.append(
    el("div", { class: "tools-row", role: "group", "aria-labelledby": "tools-filter-label" }, [
      el("span", { class: "tools-label", id: "tools-filter-label" }, [t.filter]),
      ...[roomSelect, kindSelect].filter(Boolean),
      el("label", { class: "tools-only", for: "tools-only" }, [onlyStarred, " " + t.only_starred]),
    ]),
    el("div", { class: "tools-row", role: "group", "aria-labelledby": "tools-agenda-label" }, [
      el("span", { class: "tools-label", id: "tools-agenda-label" }, [t.my_agenda]),
      count,
      download,
    ]),
  );
  tools.setAttribute("role", "region");  // a landmark: the page's content is all in landmarks
  tools.setAttribute("aria-label", t.filter + " · " + t.my_agenda);
  tools.hidden = false;

  // --- filtering ----------------------------------------------------------------------------------------

  // A session that runs alone spans every room's column: it stays whichever room is chosen.
  function matches(card, room, kind, mine) {
    const across = card.parentElement && card.parentElement.classList.contains("across");
    return (!room || card.dataset.room === room || across)
      && (!kind || card.dataset.kind === kind)
      && (!mine || starred.has(card.dataset.session));
  }

  function applyFilter() {
    const room = roomSelect ? roomSelect.value : "";
    const kind = kindSelect ? kindSelect.value : "";
    const mine = onlyStarred.checked;
    cards.forEach((card) => {
      const shown = matches(card, room, kind, mine);
      card.hidden = !shown;
      box(card).hidden = !shown;
    });
    main.querySelectorAll("section.day").forEach((day) => {
      day.hidden = !day.querySelector("article.session:not([hidden])");
      const grid = day.querySelector(".grid");
      if (grid) hideEmptyRows(grid);
    });
  }

  // A grid keeps its columns; a row where nothing is left loses its time label, and with it its height.
  function hideEmptyRows(grid) {
    const used = new Set();
    grid.querySelectorAll(".cell:not([hidden])").forEach((cell) => {
      const start = parseInt(cell.style.gridRowStart, 10);
      const span = parseInt((cell.style.gridRowEnd.match(/span\s+(\d+)/) || [0, 1])[1], 10);
      for (let row = start; row < start + span; row += 1) used.add(row);
    });
    grid.querySelectorAll(".row-time").forEach((time) => {
      time.hidden = !used.has(parseInt(time.style.gridRowStart, 10));
    });
  }

  [roomSelect, kindSelect, onlyStarred].filter(Boolean).forEach((control) => {
    control.addEventListener("change", applyFilter);
  });

  // A link to a session that a filter hides (from "now and next", or typed) shows everything again.
  function reveal(id) {
    const card = document.getElementById(id);
    if (!card || !card.hidden) return;
    [roomSelect, kindSelect].filter(Boolean).forEach((control) => { control.value = ""; });
    onlyStarred.checked = false;
    applyFilter();
  }

  window.addEventListener("hashchange", () => reveal(decodeURIComponent(location.hash.slice(1))));

  // --- stars ----------------------------------------------------------------------------------------------

  function showCount() {
    const n = starredCards().length;
    count.textContent = n ? t.starred_count.replace("{n}", String(n)) : t.starred_none;
    download.disabled = n === 0;
  }

  function paint(card, button) {
    const on = starred.has(card.dataset.session);
    button.setAttribute("aria-pressed", String(on));
    button.title = on ? t.unstar : t.star;
    button.firstChild.textContent = on ? "★" : "☆";
    card.classList.toggle("starred", on);
  }

  cards.forEach((card) => {
    if (UNSTARRABLE.includes(card.dataset.kind)) return;
    const button = el("button", { type: "button", class: "star", "aria-label": t.star + " — " + title(card) },
                      [el("span", { "aria-hidden": "true" })]);
    button.addEventListener("click", () => {
      const id = card.dataset.session;
      if (starred.has(id)) starred.delete(id); else starred.add(id);
      saveStarred();
      paint(card, button);
      showCount();
    });
    paint(card, button);
    card.prepend(button);
  });
  showCount();

  // --- the agenda as iCalendar (RFC 5545) --------------------------------------------------------------

  // The UID the calendars use (confkit/invites/ics.py: session_uid): data-uid when the page gives it,
  // else computed the same way: session.<id, percent-encoded>@<the event id as a host name>.confkit.
  const slug = eventId.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "event";
  let domain = slug + ".confkit";
  if (slug !== eventId && window.crypto && crypto.subtle) {
    crypto.subtle.digest("SHA-256", new TextEncoder().encode(eventId)).then((digest) => {
      const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
      domain = slug + "-" + hex.slice(0, 8) + ".confkit";
    }, () => {});
  }

  function uid(card) {
    const quoted = encodeURIComponent(card.dataset.session)
      .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    return card.dataset.uid || "session." + quoted + "@" + domain;
  }

  function utc(value) {  // 20270608T070000Z
    return new Date(value).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  }

  function escapeText(value) {
    return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  // Lines of at most 75 octets (UTF-8), continued after CRLF and a space, never inside a character.
  function fold(line) {
    const parts = [];
    let part = "";
    let octets = 0;
    for (const char of line) {
      const size = new TextEncoder().encode(char).length;
      if (octets + size > (parts.length ? 74 : 75)) {
        parts.push(part);
        part = "";
        octets = 0;
      }
      part += char;
      octets += size;
    }
    parts.push(part);
    return parts.join("\r\n ");
  }

  function calendar(stamp) {
    const heading = document.querySelector("header.event h1");
    const name = (heading ? heading.textContent.trim() + " — " : "") + t.agenda;
    const page = /^https?:$/.test(location.protocol) ? location.href.split("#")[0] : "";
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//confkit//programme page//EN", "CALSCALE:GREGORIAN",
                   "METHOD:PUBLISH", "X-WR-CALNAME:" + escapeText(name)];
    starredCards().forEach((card) => {
      lines.push("BEGIN:VEVENT", "UID:" + uid(card), "DTSTAMP:" + utc(stamp),
                 "DTSTART:" + utc(card.dataset.start), "DTEND:" + utc(card.dataset.end),
                 "SUMMARY:" + escapeText(title(card)));
      if (card.dataset.room) lines.push("LOCATION:" + escapeText(card.dataset.room));
      if (page) lines.push("URL:" + page + "#" + card.id);
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  download.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([calendar(Date.now())], { type: "text/calendar;charset=utf-8" }));
    const link = el("a", { href: url, download: slug + "-agenda.ics", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  // --- now and next --------------------------------------------------------------------------------------

  const timed = cards.map((card) => ({ card: card, start: Date.parse(card.dataset.start),
                                       end: Date.parse(card.dataset.end) }))
    .filter((s) => !isNaN(s.start) && !isNaN(s.end));
  const first = Math.min(...timed.map((s) => s.start));
  const last = Math.max(...timed.map((s) => s.end));
  let shownKey = null;

  function listOf(sessions) {
    return el("ul", {}, sessions.map((s) => el("li", {}, [
      el("a", { href: "#" + s.card.id }, [el("span", { class: "now-hours" }, [hours(s.card)]), " ", title(s.card)]),
      s.card.dataset.room ? el("span", { class: "now-room" }, [" · " + s.card.dataset.room]) : "",
    ])));
  }

  function updateNow() {
    if (!now) return;
    const moment = Date.now();
    const running = moment >= first && moment < last;
    const current = running ? timed.filter((s) => s.start <= moment && moment < s.end) : [];
    const upcoming = running ? timed.filter((s) => s.start > moment) : [];
    const soonest = Math.min(...upcoming.map((s) => s.start));
    const next = upcoming.filter((s) => s.start === soonest);
    const key = current.concat([null], next).map((s) => s && s.card.id).join(" ");
    if (key === shownKey) return;  // unchanged: nothing for a screen reader to announce again
    shownKey = key;
    now.replaceChildren();
    [[t.now, current], [t.next, next]].forEach(([heading, sessions]) => {
      if (sessions.length) now.append(el("div", { class: "now-part" }, [el("h2", {}, [heading]), listOf(sessions)]));
    });
    now.hidden = !running;
  }

  if (now && timed.length) {
    now.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (link) reveal(link.getAttribute("href").slice(1));
    });
    updateNow();
    setInterval(updateNow, 60 * 1000);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) updateNow(); });
  }
})();

/* The phone scanner (confkit.checkin.scanner): verifies badges, records check-ins, exports them.
   No request at all: the roster, the public key and both libraries are in the page. */
(() => {
  'use strict';

  const config = JSON.parse(document.getElementById('scanner-config').textContent);
  const t = config.labels;
  const $ = (id) => document.getElementById(id);
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  const encoder = new TextEncoder();
  const fromHex = (text) => Uint8Array.from(text.match(/../g) || [], (pair) => parseInt(pair, 16));
  const fromBase64 = (text) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  const PREFIX = 'CK1:';
  const TAG = fromHex(config.tag);
  const KEY = fromHex(config.key);
  const STORE = 'confkit-scanner:' + config.event;
  const DEBOUNCE_MS = 3000; // the same code read again this soon is the same badge still in front of the camera

  // --- Tokens: the format of confkit.badges.tokens, checked in the same order ----------------------

  const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

  /** Base45 (RFC 9285), strict like tokens.b45decode: one encoding per byte string. */
  function b45decode(text) {
    if (text.length % 3 === 1) throw new Error('base45 length');
    const out = [];
    for (let i = 0; i < text.length; i += 3) {
      const chunk = text.slice(i, i + 3);
      let n = 0;
      for (let k = chunk.length - 1; k >= 0; k -= 1) {
        const value = B45.indexOf(chunk[k]);
        if (value < 0) throw new Error('base45 character');
        n = n * 45 + value;
      }
      if (chunk.length === 3) {
        if (n > 0xffff) throw new Error('base45 group out of range');
        out.push(n >> 8, n & 0xff);
      } else {
        if (n > 0xff) throw new Error('base45 group out of range');
        out.push(n);
      }
    }
    return Uint8Array.from(out);
  }

  // A holder id (registrant id, or speaker:<id>), then the badge's edition when it was reissued: tokens._ID.
  const HOLDER = /^([\p{L}\p{N}_.-]+(?::[\p{L}\p{N}_.-]+)?)(?:\/([1-9][0-9]{0,3}))?$/u;
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

  function webcryptoEngine() {
    return crypto.subtle.importKey('raw', KEY, { name: 'Ed25519' }, false, ['verify']).then((key) => ({
      name: 'webcrypto',
      check: (signature, message) => crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message),
    }));
  }

  function nobleEngine() {
    return {
      name: 'noble',
      check: (signature, message) => nobleEd25519.verifyAsync(signature, message, KEY, { zip215: false })
        .catch(() => false),
    };
  }

  let engine = null;
  const engineReady = webcryptoEngine().catch(() => nobleEngine()).then((chosen) => { engine = chosen; return chosen; });

  async function signatureHolds(signature, message) {
    const current = engine || await engineReady;
    try {
      return await current.check(signature, message);
    } catch (error) { // a browser that imports Ed25519 keys but cannot verify with them
      engine = nobleEngine();
      return engine.check(signature, message);
    }
  }

  /** What a scanned text is: {status: 'valid', id, holder, edition} or {status: format|version|event|signature}. */
  async function verify(text) {
    const token = typeof text === 'string' ? text.trim() : '';
    const versioned = /^CK(\d+):/.exec(token);
    if (!versioned) return { status: 'format' };
    if (versioned[1] !== '1') return { status: 'version' };
    let data;
    let id;
    try {
      data = b45decode(token.slice(PREFIX.length));
      id = strictUtf8.decode(data.subarray(5, 5 + (data.length > 4 ? data[4] : 0)));
    } catch (error) {
      return { status: 'format' };
    }
    const size = data.length > 4 ? data[4] : 0;
    const holder = HOLDER.exec(id);
    if (size === 0 || data.length !== 5 + size + 64 || !holder) return { status: 'format' };
    if (TAG.some((byte, i) => data[i] !== byte)) return { status: 'event' };
    const message = new Uint8Array(PREFIX.length + 5 + size);
    message.set(encoder.encode(PREFIX));
    message.set(data.subarray(0, 5 + size), PREFIX.length);
    if (!await signatureHolds(data.subarray(5 + size), message)) return { status: 'signature' };
    return { status: 'valid', id, holder: holder[1], edition: holder[2] ? Number(holder[2]) : 1 };
  }

  // --- The roster, and finding people in it as confkit.checkin.roster does -----------------------

  let people = [];
  const byId = new Map();
  const byCode = new Map();

  /** Compare-friendly, like confkit.identity.fold: no accents, no case, letters and digits only. */
  const fold = (text) => text.normalize('NFKD').toLowerCase().replace(/ß/g, 'ss').replace(/[^\p{L}\p{N}]/gu, '');
  const words = (text) => text.replace(/[-'’]/g, ' ').split(/\s+/).map(fold).filter(Boolean);
  const normalCode = (typed) => typed.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

  function useRoster(rows) {
    people = rows.map(([id, name, organisation, category, code, edition], index) => ({
      id, name, organisation, category, code, edition, index, nameWords: null, organisationWords: null,
    }));
    people.forEach((person) => { byId.set(person.id, person); byCode.set(person.code, person); });
    setTimeout(foldAll, 0);
  }

  function folded(person) {
    if (!person.nameWords) {
      person.nameWords = words(person.name);
      person.organisationWords = words(person.organisation);
    }
    return person;
  }

  /** The words of every name, a thousand at a time once the page shows: a congress's roster takes a while. */
  function foldAll(from = 0) {
    const end = Math.min(people.length, from + 1000);
    for (let i = from; i < end; i += 1) folded(people[i]);
    if (end < people.length) setTimeout(() => foldAll(end), 0);
  }

  function rank(word, person) {
    if (person.nameWords.some((w) => w.startsWith(word))) return 0;
    if (person.nameWords.some((w) => w.includes(word))) return 1;
    if (person.organisationWords.some((w) => w.startsWith(word))) return 2;
    return person.organisationWords.some((w) => w.includes(word)) ? 3 : null;
  }

  /** People matching every word of `fragment`: names starting so first, then names holding it, then organisations. */
  function search(fragment, limit = 9) {
    const wanted = words(fragment);
    if (!wanted.length) return [];
    const ranked = [];
    for (const person of people) {
      const ranks = wanted.map((word) => rank(word, folded(person)));
      if (!ranks.includes(null)) ranked.push([Math.max(...ranks), person.index, person]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return ranked.slice(0, limit).map((entry) => entry[2]);
  }

  // --- Check-ins, kept in localStorage -------------------------------------------------------------

  let state = { scans: [], desk: config.desk };
  const first = new Map(); // registrant id -> the first check-in of that person on this phone
  let storing = true;

  const wellFormed = (scan) => scan && typeof scan.scan_id === 'string' && typeof scan.registrant_id === 'string'
    && typeof scan.checked_in_at === 'string';

  /** The check-ins stored for this event (another tab of this page may have added some), or null. */
  function stored() {
    const kept = JSON.parse(localStorage.getItem(STORE) || 'null');
    return kept && Array.isArray(kept.scans) ? kept : null;
  }

  /** Add the check-ins of `kept` not known yet, in time order; the first of each person is who they are. */
  function merge(kept) {
    const known = new Set(state.scans.map((scan) => scan.scan_id));
    const added = kept.scans.filter((scan) => wellFormed(scan) && !known.has(scan.scan_id));
    if (added.length) {
      state.scans = state.scans.concat(added).sort((a, b) => Date.parse(a.checked_in_at) - Date.parse(b.checked_in_at));
    }
    first.clear();
    state.scans.forEach((scan) => { if (!first.has(scan.registrant_id)) first.set(scan.registrant_id, scan); });
  }

  function load() {
    try {
      const kept = stored();
      if (kept) {
        state.desk = typeof kept.desk === 'string' && kept.desk.trim() ? kept.desk : config.desk;
        merge(kept);
      }
    } catch (error) {
      storageLost(); // unreadable: left as it is, never overwritten
    }
  }

  function save() {
    if (!storing) return;
    try {
      const kept = stored();
      if (kept) merge(kept);
      localStorage.setItem(STORE, JSON.stringify(state));
    } catch (error) {
      storageLost();
    }
  }

  function storageLost() {
    storing = false;
    $('storage-note').hidden = false;
  }

  const pad = (n) => String(n).padStart(2, '0');

  /** ISO 8601 local time with its offset: 2010-10-19T08:42:05+02:00. */
  function localTime(date) {
    const offset = -date.getTimezoneOffset();
    const sign = offset >= 0 ? '+' : '-';
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
      + `${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  const desk = () => state.desk.trim() || config.desk;

  function admit(person, how) {
    const earlier = first.get(person.id);
    if (earlier) return show('already', person, say(t.scan_already_at, { time: earlier.checked_in_at.slice(11, 16), desk: earlier.desk }));
    const scan = { scan_id: uuid(), registrant_id: person.id, checked_in_at: localTime(new Date()), desk: desk(), how, session: '' };
    state.scans.push(scan);
    first.set(person.id, scan);
    save();
    counted();
    return show('admitted', person);
  }

  // --- Answers -------------------------------------------------------------------------------------

  const ICONS = {
    admitted: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1.2 14.2-4.6-4.6 1.5-1.4 3.1 3.1 6.1-6.1 1.5 1.4-7.6 7.6Z',
    already: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 5v4.4l3.8 2.3-1 1.7L11 12.6V7h2Z',
    unknown: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15.5h-2v-2h2v2Zm2.2-7.9-.9.9c-.8.8-1.3 1.5-1.3 2.9h-2V13c0-1.1.4-2.1 1.3-2.9l1.2-1.3A1.9 1.9 0 0 0 12 5.5 2 2 0 0 0 10 7.5H8a4 4 0 1 1 7.2 2.1Z',
    forged: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm3.5 12.1-1.4 1.4-2.1-2.1-2.1 2.1-1.4-1.4 2.1-2.1-2.1-2.1 1.4-1.4 2.1 2.1 2.1-2.1 1.4 1.4-2.1 2.1 2.1 2.1Z',
    other_event: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20ZM4 12a8 8 0 0 1 12.9-6.3L5.7 16.9A8 8 0 0 1 4 12Zm8 8a8 8 0 0 1-4.9-1.7L18.3 7.1A8 8 0 0 1 12 20Z',
    replaced: 'M7 6h10V3l4.5 4L17 11V8H7V6Zm10 12H7v3l-4.5-4L7 13v3h10v2Z',
    nomatch: 'M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z',
  };
  const TITLES = { admitted: 'scan_admitted', already: 'scan_already', unknown: 'scan_unknown', forged: 'scan_forged',
    damaged: 'scan_forged', other_event: 'scan_other_event', replaced: 'scan_replaced' };
  const DETAILS = { unknown: 'scan_unknown_detail', forged: 'scan_forged_detail', damaged: 'scan_damaged_detail',
    other_event: 'scan_other_event_detail', replaced: 'scan_replaced_detail' };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function icon(kind) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'answer-icon');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', ICONS[kind]);
    path.setAttribute('fill-rule', 'evenodd');
    svg.append(path);
    return svg;
  }

  const categoryName = (category) => t['category_' + category] || category;

  /** The big answer: colour, icon and word, then who (name, organisation, category) and what to do. */
  function show(kind, person, detail) {
    const look = kind === 'damaged' ? 'forged' : kind;
    const box = $('answer');
    box.className = `answer ${look} ${['admitted', 'already', 'nomatch'].includes(kind) ? kind : 'refused'}`;
    box.dataset.answer = kind;
    const head = element('p', 'answer-head');
    head.append(icon(look), element('span', 'answer-word', kind === 'nomatch' ? detail : t[TITLES[kind]]));
    const parts = [head];
    if (person) {
      parts.push(element('p', 'answer-name', person.name));
      const meta = element('p', 'answer-meta');
      if (person.organisation) meta.append(element('span', 'organisation', person.organisation));
      meta.append(element('span', `category category-${person.category}`, categoryName(person.category)));
      parts.push(meta);
    }
    if (kind === 'already') parts.push(element('p', 'answer-when', detail));
    if (DETAILS[kind]) parts.push(element('p', 'answer-detail', t[DETAILS[kind]]));
    box.replaceChildren(...parts);
    box.classList.remove('fresh');
    void box.offsetWidth; // restart the flash, also when the same answer comes twice
    box.classList.add('fresh');
    if (navigator.vibrate) navigator.vibrate(kind === 'admitted' ? 80 : kind === 'already' ? [80, 60, 80] : [250, 80, 250]);
    recent();
    return kind;
  }

  function idle() {
    const box = $('answer');
    box.className = 'answer idle';
    box.dataset.answer = 'idle';
    const head = element('p', 'answer-head');
    head.append(element('span', 'answer-word', t.scan_ready));
    box.replaceChildren(head);
  }

  function counted() {
    $('arrived').textContent = String(first.size);
    $('registered').textContent = String(people.length);
    $('count').setAttribute('aria-label', say(t.scan_count_text, { arrived: first.size, registered: people.length }));
    $('count').hidden = false;
  }

  function recent() {
    const list = $('recent-list');
    const last = state.scans.slice(-5).reverse();
    list.replaceChildren(...last.map((scan) => {
      const item = element('li');
      const person = byId.get(scan.registrant_id);
      item.append(element('span', 'recent-time', scan.checked_in_at.slice(11, 16)),
        element('span', 'recent-name', person ? person.name : scan.registrant_id),
        element('span', 'recent-how', t['scan_how_' + scan.how] || scan.how));
      return item;
    }));
    $('recent-none').hidden = last.length > 0;
  }

  // --- What a volunteer scans or types -------------------------------------------------------------

  async function checkToken(text) {
    const result = await verify(text);
    const refusal = { format: 'damaged', version: 'damaged', event: 'other_event', signature: 'forged' }[result.status];
    if (refusal) return show(refusal);
    const person = byId.get(result.holder);
    if (!person) return show('unknown');
    if (result.edition < person.edition) return show('replaced', person);
    return admit(person, 'phone');
  }

  function listMatches(found) {
    const list = $('match-list');
    list.replaceChildren(...found.map((person) => {
      const button = element('button', 'match');
      button.type = 'button';
      button.append(element('span', 'match-name', person.name));
      const meta = element('span', 'match-meta');
      if (person.organisation) meta.append(element('span', '', person.organisation));
      meta.append(element('span', '', categoryName(person.category)),
        element('span', 'match-code', `${person.code.slice(0, 3)}-${person.code.slice(3)}`));
      button.append(meta);
      const earlier = first.get(person.id);
      if (earlier) button.append(element('span', 'match-done', `✓ ${earlier.checked_in_at.slice(11, 16)}`));
      button.addEventListener('click', () => {
        $('matches').hidden = true;
        enqueue(() => admit(person, 'name'));
        $('entry').focus();
      });
      const item = element('li');
      item.append(button);
      return item;
    }));
    $('matches').hidden = false;
  }

  /** The manual field: a scanned payload, a short code (case and dashes aside), or part of a name. */
  async function submit(text) {
    const typed = String(text).trim();
    $('matches').hidden = true;
    if (!typed) return null;
    if (/^CK\d+:/.test(typed)) return checkToken(typed);
    const person = byCode.get(normalCode(typed));
    if (person) return admit(person, 'code');
    const found = search(typed);
    if (found.length) {
      idle();
      listMatches(found);
      return 'matches';
    }
    return show('nomatch', null, say(t.scan_no_match, { query: typed }));
  }

  let queue = Promise.resolve();
  const enqueue = (job) => { queue = queue.then(job, job); return queue; };

  let lastRead = { text: '', at: -Infinity };

  /** A code the camera read: counted once while it stays in view, and once more after 3 s away. */
  function cameraRead(text, now = performance.now()) {
    if (text === lastRead.text && now - lastRead.at < DEBOUNCE_MS) {
      lastRead.at = now;
      return null;
    }
    lastRead = { text, at: now };
    return enqueue(() => checkToken(text));
  }

  // --- The camera ------------------------------------------------------------------------------------

  let stream = null;
  let wakeLock = null;

  function jsqrDetector() {
    if (!window.jsQR) {
      const script = document.createElement('script');
      script.textContent = $('jsqr-source').textContent;
      document.head.append(script);
    }
    $('viewfinder').dataset.decoder = 'jsQR';
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    return (video) => {
      const scale = Math.min(1, 720 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' });
      return code && code.data ? code.data : null;
    };
  }

  async function detector() {
    if ('BarcodeDetector' in window) {
      try {
        if ((await BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
          const barcodes = new BarcodeDetector({ formats: ['qr_code'] });
          $('viewfinder').dataset.decoder = 'BarcodeDetector';
          return async (video) => {
            const codes = await barcodes.detect(video);
            return codes.length ? codes[0].rawValue : null;
          };
        }
      } catch (error) { /* the bundled decoder below */ }
    }
    return jsqrDetector();
  }

  const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  async function watch(video, read) {
    while (stream) {
      if (video.readyState >= 2 && video.videoWidth) {
        try {
          const text = await read(video);
          if (text && stream) cameraRead(text);
        } catch (error) { /* a frame the decoder could not take: the next one */ }
      }
      await pause(120);
    }
  }

  function cameraNote(text) {
    $('camera-note').textContent = text;
    $('camera-note').hidden = !text;
  }

  async function startCamera() {
    cameraNote('');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return cameraNote(t.scan_no_camera);
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } });
    } catch (error) {
      stream = null;
      return cameraNote(error && error.name === 'NotAllowedError' ? t.scan_camera_denied
        : say(t.scan_camera_failed, { reason: (error && (error.message || error.name)) || '?' }));
    }
    const video = $('video');
    video.srcObject = stream;
    $('viewfinder').hidden = false;
    $('viewfinder-hint').hidden = false;
    $('camera-label').textContent = t.scan_stop_camera;
    $('camera').setAttribute('aria-pressed', 'true');
    try { await video.play(); } catch (error) { /* autoplay of a muted stream: shown anyway */ }
    try { wakeLock = navigator.wakeLock ? await navigator.wakeLock.request('screen') : null; } catch (error) { wakeLock = null; }
    watch(video, await detector());
    return null;
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    $('video').srcObject = null;
    $('viewfinder').hidden = true;
    $('viewfinder-hint').hidden = true;
    $('camera-label').textContent = t.scan_start_camera;
    $('camera').setAttribute('aria-pressed', 'false');
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }

  // --- Export --------------------------------------------------------------------------------------

  const COLUMNS = ['scan_id', 'registrant_id', 'checked_in_at', 'desk', 'how', 'session'];

  /** A CSV cell; one a spreadsheet would run as a formula (= + - @, tab, CR) starts with an apostrophe. */
  function cell(value) {
    let text = value === undefined || value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function csv() {
    return [COLUMNS, ...state.scans.map((scan) => COLUMNS.map((column) => scan[column]))]
      .map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
  }

  function exportCsv() {
    const now = new Date();
    const slug = desk().normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'phone';
    const name = `checkins-${slug}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.csv`;
    const blob = new Blob([csv()], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    const file = typeof File === 'function' ? new File([blob], name, { type: 'text/csv' }) : null;
    if (file && navigator.canShare && navigator.share && navigator.canShare({ files: [file] })) {
      navigator.share({ files: [file], title: name }).catch(() => {});
    }
    $('export-message').textContent = say(t.scan_exported, { n: state.scans.length });
  }

  // --- Start ---------------------------------------------------------------------------------------

  function problem(text) {
    $('problem').textContent = text;
    $('problem').hidden = false;
  }

  function begin(rows) {
    useRoster(rows);
    load();
    $('lock').hidden = true;
    $('app').hidden = false;
    $('desk').value = state.desk;
    counted();
    recent();
    document.documentElement.dataset.scanner = 'ready';
  }

  async function unseal(passphrase) {
    const locked = config.locked;
    const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.trim().normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(locked.salt), iterations: locked.iterations },
      material, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(locked.iv), additionalData: encoder.encode(config.event) },
      key, fromBase64(locked.data));
    return JSON.parse(new TextDecoder().decode(plain));
  }

  function askPassphrase() {
    $('lock').hidden = false;
    document.documentElement.dataset.scanner = 'locked';
    const form = $('lock-form');
    const field = $('passphrase');
    const message = $('lock-message');
    field.focus();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!field.value.trim()) return field.focus();
      $('unlock').disabled = true;
      message.className = 'message';
      message.textContent = t.scan_unlocking;
      let rows = null;
      try {
        rows = await unseal(field.value);
      } catch (error) {
        message.className = 'message wrong';
        message.textContent = t.scan_wrong_passphrase;
        field.setAttribute('aria-invalid', 'true');
        field.select();
      }
      $('unlock').disabled = false;
      if (rows) {
        field.value = '';
        message.textContent = '';
        begin(rows);
        $('entry').focus();
      }
      return null;
    });
  }

  function wire() {
    $('manual').addEventListener('submit', (event) => {
      event.preventDefault();
      const field = $('entry');
      const text = field.value;
      field.value = '';
      enqueue(() => submit(text));
    });
    $('camera').addEventListener('click', () => (stream ? stopCamera() : startCamera()));
    $('export').addEventListener('click', exportCsv);
    $('desk').addEventListener('change', () => {
      state.desk = $('desk').value.trim() || config.desk;
      $('desk').value = state.desk;
      save();
    });
    document.addEventListener('visibilitychange', () => { if (document.hidden && stream) stopCamera(); });
    window.addEventListener('storage', (event) => { // the same page open in another tab
      if (event.key !== STORE || !storing || $('app').hidden) return;
      try {
        const kept = stored();
        if (kept) merge(kept);
      } catch (error) {
        return;
      }
      counted();
      recent();
    });
  }

  window.confkitScanner = {
    verify, b45decode, submit: (text) => enqueue(() => submit(text)), cameraRead, csv,
    engine: () => engineReady.then((chosen) => (engine || chosen).name),
  };

  if (!window.crypto || !crypto.subtle) {
    problem(t.scan_unsupported);
    return;
  }
  wire();
  if (config.locked) askPassphrase();
  else begin(config.roster);
})();

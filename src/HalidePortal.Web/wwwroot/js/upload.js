// Drag-and-drop upload straight to /api/measurements with one XMLHttpRequest per file, so the browser reports
// real upload progress for each file (Blazor's InputFile would relay every byte through the circuit).
const zones = new WeakMap();

// With `staged`, chosen files wait (each gets its own target in the page) until release() sends them.
export function attach(zone, input, dotnet, staged) {
  const stop = e => { e.preventDefault(); e.stopPropagation(); };
  const over = e => { stop(e); zone.classList.add('hp-drop-over'); };
  const leave = e => { stop(e); zone.classList.remove('hp-drop-over'); };
  const take = files => { const list = Array.from(files); dotnet.invokeMethodAsync('FilesChosen', describe(list)).then(() => queue(zone, list)); };
  const drop = e => { leave(e); if (e.dataTransfer?.files?.length) take(e.dataTransfer.files); };
  const chosen = () => { if (input.files.length) { take(input.files); input.value = ''; } };
  zone.addEventListener('dragenter', over);
  zone.addEventListener('dragover', over);
  zone.addEventListener('dragleave', leave);
  zone.addEventListener('drop', drop);
  input.addEventListener('change', chosen);
  zones.set(zone, { dotnet, pending: [], held: new Map(), staged: !!staged, next: 0, settings: null });
  zone.dataset.ready = 'true';
}

export function configure(zone, settings) {
  const state = zones.get(zone);
  if (state) state.settings = settings;
}

function describe(files) {
  return Array.from(files).map(f => ({ name: f.name, size: f.size }));
}

function queue(zone, files) {
  const state = zones.get(zone);
  for (const file of files) {
    const index = state.next++;
    if (state.staged) state.held.set(index, file);
    else state.pending.push({ file, index, settings: null });
  }
  pump(state);
}

// Sends held files, each with its own settings (target, temperature, masses): items = [{ index, settings }].
export function release(zone, items) {
  const state = zones.get(zone);
  if (!state) return;
  for (const { index, settings } of items) {
    const file = state.held.get(index);
    if (!file) continue;
    state.held.delete(index);
    state.pending.push({ file, index, settings });
  }
  pump(state);
}

export function discard(zone, index) {
  zones.get(zone)?.held.delete(index);
}

// Two files at a time: enough to keep the line busy without starving the page.
function pump(state) {
  while ((state.active ?? 0) < 2 && state.pending.length) {
    const { file, index, settings } = state.pending.shift();
    state.active = (state.active ?? 0) + 1;
    send(state, file, index, settings ?? state.settings).finally(() => { state.active--; pump(state); });
  }
}

function send(state, file, index, s) {
  return new Promise(resolve => {
    const form = new FormData();
    form.append('attach', s.attach);
    for (const key of ['temperatureC', 'activeMassMg', 'nominalMahPerG']) if (s[key] !== null && s[key] !== undefined && s[key] !== '') form.append(key, String(s[key]));
    form.append('files', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/measurements');
    xhr.setRequestHeader('RequestVerificationToken', s.token);
    let last = 0;
    xhr.upload.onprogress = e => {
      const now = Date.now();
      if (now - last > 150 || e.loaded === e.total) { last = now; state.dotnet.invokeMethodAsync('Progress', index, e.loaded, e.total); }
    };
    xhr.onload = () => { state.dotnet.invokeMethodAsync('Finished', index, xhr.status, xhr.responseText); resolve(); };
    xhr.onerror = () => { state.dotnet.invokeMethodAsync('Finished', index, 0, 'the connection to the portal was lost'); resolve(); };
    xhr.send(form);
  });
}

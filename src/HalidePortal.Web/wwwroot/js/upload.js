// Drag-and-drop upload straight to /api/measurements with one XMLHttpRequest per file, so the browser reports
// real upload progress for each file (Blazor's InputFile would relay every byte through the circuit).
const zones = new WeakMap();

export function attach(zone, input, dotnet) {
  const stop = e => { e.preventDefault(); e.stopPropagation(); };
  const over = e => { stop(e); zone.classList.add('hp-drop-over'); };
  const leave = e => { stop(e); zone.classList.remove('hp-drop-over'); };
  const drop = e => { leave(e); if (e.dataTransfer?.files?.length) dotnet.invokeMethodAsync('FilesChosen', describe(e.dataTransfer.files)).then(() => queue(zone, e.dataTransfer.files)); };
  const chosen = () => { if (input.files.length) dotnet.invokeMethodAsync('FilesChosen', describe(input.files)).then(() => { queue(zone, input.files); input.value = ''; }); };
  zone.addEventListener('dragenter', over);
  zone.addEventListener('dragover', over);
  zone.addEventListener('dragleave', leave);
  zone.addEventListener('drop', drop);
  input.addEventListener('change', chosen);
  zones.set(zone, { dotnet, pending: [], next: 0, settings: null });
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
  for (const file of Array.from(files)) state.pending.push({ file, index: state.next++ });
  pump(state);
}

// Two files at a time: enough to keep the line busy without starving the page.
function pump(state) {
  while ((state.active ?? 0) < 2 && state.pending.length) {
    const { file, index } = state.pending.shift();
    state.active = (state.active ?? 0) + 1;
    send(state, file, index).finally(() => { state.active--; pump(state); });
  }
}

function send(state, file, index) {
  return new Promise(resolve => {
    const s = state.settings;
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

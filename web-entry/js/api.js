let csrfToken = '';

// The browser's own text for a failed request ("Failed to fetch") is English.
const OFFLINE = 'Mất kết nối với máy chủ.';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function loadSession() {
  const response = await fetch('/api/session', { credentials: 'same-origin' });
  const session = await response.json();
  csrfToken = session.csrfToken;
  return session;
}

export function setCsrf(token) {
  csrfToken = token;
}

export async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new ApiError(0, OFFLINE);
  });
  const data = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    if (response.status === 401 && !url.endsWith('/login')) location.hash = '#/dang-nhap';
    throw new ApiError(response.status, data?.error ?? `Lỗi ${response.status}`);
  }
  return data;
}

/** Sends one file as the raw body of a request, reporting bytes sent. */
export function uploadFile(file, batch, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ name: file.name, ...(batch ? { batch } : {}) });
    xhr.open('PUT', `/api/uploads?${query}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.total);
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data?.error ?? `Lỗi ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, OFFLINE));
    xhr.send(file);
  });
}

/** Sends a file as the raw body of a PUT and returns the JSON answer. */
export async function uploadRaw(url, file) {
  const response = await fetch(url, { method: 'PUT', body: file, credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken } });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error ?? `Lỗi ${response.status}`);
  return data;
}

/** A POST whose answer is a file (printed forms): returns it as a Blob. */
export async function downloadPost(url, body) {
  const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken }, body: JSON.stringify(body) });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))).error ?? `Lỗi ${response.status}`);
  return response.blob();
}

import type { Session } from '../../src/web/api.js';

let csrfToken = '';

// The browser's own text for a failed request ("Failed to fetch") is English.
const OFFLINE = 'Mất kết nối với máy chủ.';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The message of anything thrown: a failed request's Vietnamese text. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type ErrorBody = { error?: string } | null;

export async function loadSession(): Promise<Session> {
  const response = await fetch('/api/session', { credentials: 'same-origin' });
  const session = (await response.json()) as Session;
  csrfToken = session.csrfToken;
  return session;
}

export function setCsrf(token: string): void {
  csrfToken = token;
}

/** A JSON request; `T` is what the server answers (see src/web/api.d.ts for the answers both sides share). */
export async function api<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new ApiError(0, OFFLINE);
  });
  const data: unknown = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    if (response.status === 401 && !url.endsWith('/login')) location.hash = '#/dang-nhap';
    throw new ApiError(response.status, (data as ErrorBody)?.error ?? `Lỗi ${response.status}`);
  }
  return data as T;
}

/** Sends one file as the raw body of a request, reporting bytes sent. */
export function uploadFile<T = unknown>(file: File, batch: string, onProgress?: (loaded: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ name: file.name, ...(batch ? { batch } : {}) });
    xhr.open('PUT', `/api/uploads?${query}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.total);
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiError(xhr.status, (data as ErrorBody)?.error ?? `Lỗi ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, OFFLINE));
    xhr.send(file);
  });
}

/** Sends a file as the raw body of a PUT and returns the JSON answer. */
export async function uploadRaw<T = unknown>(url: string, file: File): Promise<T> {
  const response = await fetch(url, { method: 'PUT', body: file, credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken } });
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, (data as ErrorBody)?.error ?? `Lỗi ${response.status}`);
  return data as T;
}

/** A POST whose answer is a file (printed forms): returns it as a Blob. */
export async function downloadPost(url: string, body: unknown): Promise<Blob> {
  const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken }, body: JSON.stringify(body) });
  if (!response.ok) throw new ApiError(response.status, ((await response.json().catch(() => ({}))) as ErrorBody)?.error ?? `Lỗi ${response.status}`);
  return response.blob();
}
